"""Every screen of a casusoverleg at a small and a large terminal, in Dutch and in English.

Regenerate on purpose with `pytest tests/snapshots --snapshot-update`, then review each changed SVG.
"""

from __future__ import annotations

import pytest
from scenes import SCENES, make_app, play, seed_meetings

from helpers import FakeClock

SIZES = [(80, 24), (120, 40)]
LANGUAGES = ["nl", "en"]
CASES = [
    pytest.param(name, lang, size, id=f"{name}-{lang}-{size[0]}x{size[1]}")
    for name in SCENES
    for lang in LANGUAGES
    for size in SIZES
]


@pytest.mark.parametrize(("name", "lang", "size"), CASES)
def test_screen(
    snap_compare, clock: FakeClock, name: str, lang: str, size: tuple[int, int]
) -> None:
    _, with_agenda = SCENES[name]
    if not with_agenda:
        seed_meetings(clock)

    async def run_before(pilot) -> None:
        await play(name, pilot, clock)

    assert snap_compare(
        make_app(lang, clock, with_agenda), terminal_size=size, run_before=run_before
    )
