"""`overleg list` and `overleg export` of a series in which the second meeting adopted the first's
minutes with one amendment: real processes on real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from chair_helpers import JOOST, SANNE, begin, small, toml_agenda
from helpers import FakeClock
from overleg.chair.service import Service

REVIEW = """
[meeting]
title = "Casusoverleg Noord"
series = "noord"
language = "nl"

[[participants]]
name = "Anouk de Vries"
role = "chair"
[[participants]]
name = "Mehmet Yılmaz"
role = "case-owner"
[[participants]]
name = "Sanne Bakker"
[[participants]]
name = "Joost Visser"
role = "minute-taker"

[[items]]
title = "Verslag vorig overleg"
duration = "10m"
method = "minutes-review"
"""


def overleg(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OVERLEG_DATA_DIR": str(data), "OVERLEG_LANG": ""}
    return subprocess.run(
        [sys.executable, "-m", "overleg", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_list_shows_concept_sent_and_adopted(tmp_path: Path) -> None:
    clock = FakeClock()
    service = Service(tmp_path / "data", clock)
    first = begin(service, small(tmp_path / "agendas"))
    assert first.run("note", text="Moeder belt zelf", speaker=SANNE).ok
    assert first.run("end_meeting", confirmed=True).ok
    first.minutes().write()
    first.close()
    clock.tick(7 * 24 * 3600)
    second = begin(service, toml_agenda(tmp_path / "agendas", REVIEW, "review.toml"))

    listed = overleg(tmp_path / "data", "list")
    assert listed.returncode == 0 and listed.stderr == ""
    row = next(line for line in listed.stdout.splitlines() if first.folder.name in line)
    assert "afgesloten (concept)" in row

    assert second.run("amend", text="Vader belt, niet moeder", number=1, by=JOOST).ok
    assert second.run("adopt_minutes").ok
    assert second.run("end_meeting", confirmed=True).ok
    second.close()

    listed = overleg(tmp_path / "data", "list")
    rows = {line.split()[-1]: line for line in listed.stdout.splitlines()}
    assert "afgesloten (vastgesteld)" in rows[str(first.folder)]
    assert "afgesloten (concept)" in rows[str(second.folder)]
    english = overleg(tmp_path / "data", "list", "--lang", "en")
    assert "adopted" in english.stdout and "draft" in english.stdout

    shown = overleg(tmp_path / "data", "export", first.folder.name, "-o", "-")
    assert shown.returncode == 0, shown.stderr
    assert "Vastgesteld in het overleg van 8 december 2026, met de volgende wijzigingen:" in (
        shown.stdout
    )
    assert "- bij punt 1 (Casus gezin J.): Vader belt, niet moeder" in shown.stdout
