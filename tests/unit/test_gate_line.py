"""The gate line names who has still to be heard, where the names fit (issue 7, 16)."""

from __future__ import annotations

from overleg.i18n import Texts
from overleg.tui.widgets.meeting import gate_variants

NL = Texts("nl")


def test_the_fullest_variant_names_everyone_by_phase() -> None:
    missing = (("Vragen", ("Sanne Kok", "Noor Bouzid")), ("Ronde", ("Karin Vermeulen",)))
    variants = gate_variants(missing, NL)
    assert variants[0] == "Sanne Kok, Noor Bouzid (Vragen); Karin Vermeulen (Ronde)"


def test_shorter_variants_name_the_first_and_count_the_rest_then_only_count() -> None:
    missing = (("Ronde", ("Sanne Kok", "Noor Bouzid", "Karin Vermeulen")),)
    variants = gate_variants(missing, NL)
    assert "Sanne Kok, Noor Bouzid en nog 1 (Ronde)" in variants
    assert "Sanne Kok en nog 2 (Ronde)" in variants
    assert variants[-1] == "3 in Ronde"
    # The line shows the first that fits: more names before fewer.
    assert variants.index("Sanne Kok, Noor Bouzid en nog 1 (Ronde)") < variants.index(
        "Sanne Kok en nog 2 (Ronde)"
    )
