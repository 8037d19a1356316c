"""The item that reviews the previous minutes: what is on the table, its besluitenlijst and the
amendment noted so far, beside the round of that item.

Regenerate on purpose with `--snapshot-update`, then review the SVG.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scenes import DATA, redraw, still

from chair_helpers import JOOST, REVIEW_TOML, WEEK, begin, small, toml_agenda
from helpers import FakeClock
from overleg.chair.service import Service
from overleg.tui.app import OverlegApp


def review_app(clock: FakeClock) -> OverlegApp:
    """Meeting 1 of the series held, with one decision; meeting 2 a week later at its review of
    those minutes, one amendment noted."""
    service = Service(DATA, clock)
    agendas = Path("agendas")
    first = begin(service, small(agendas))
    command, params = first.run("decision").question.answered("Spoed")
    assert first.run(command, **params).ok
    assert first.run("propose", text="Sanne wordt regisseur van het plan met moeder").ok
    assert first.run("consent_rest").ok and first.run("decide").ok
    clock.tick(60)
    assert first.run("end_meeting", confirmed=True).ok
    first.close()
    clock.tick(WEEK)
    second = begin(service, toml_agenda(agendas, REVIEW_TOML, "review.toml"))
    assert second.run("amend", text="Het was vader die wilde bellen", number=1, by=JOOST).ok
    app = OverlegApp(chair=second, data_root=DATA, clock=clock)
    app.animation_level = "none"
    return app


def test_the_previous_minutes_on_the_table(snap_compare, clock: FakeClock) -> None:
    async def run_before(pilot: Any) -> None:
        await redraw(pilot)
        await still(pilot)

    assert snap_compare(review_app(clock), terminal_size=(100, 30), run_before=run_before)
