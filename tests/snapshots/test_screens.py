"""Every screen of a casusoverleg at a small and a large terminal, in Dutch and in English.

Regenerate on purpose with `pytest tests/snapshots --snapshot-update`, then review each changed SVG.
"""

from __future__ import annotations

import pytest
from scenes import (
    NOTES_SCENES,
    PROJECTOR_SCENES,
    SCENES,
    make_app,
    make_notes_app,
    make_projector_app,
    play,
    play_notes,
    play_projector,
    seed_meetings,
)

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


NOTES_SIZES = [(80, 24), (160, 50)]
NOTES_CASES = [
    pytest.param(name, lang, size, id=f"{name}-{lang}-{size[0]}x{size[1]}")
    for name in NOTES_SCENES
    for lang in LANGUAGES
    for size in NOTES_SIZES
]


@pytest.mark.parametrize(("name", "lang", "size"), NOTES_CASES)
def test_notes_screen(
    snap_compare, clock: FakeClock, name: str, lang: str, size: tuple[int, int]
) -> None:
    """The note-taker's terminal (`overleg notes`) while the chair's console runs the meeting."""
    app, chair = make_notes_app(lang, clock)

    async def run_before(pilot) -> None:
        await play_notes(name, pilot, clock, chair)

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        chair.close()


PROJECTOR_SIZES = [(80, 24), (160, 50)]
PROJECTOR_CASES = [
    pytest.param(name, lang, size, id=f"{name}-{lang}-{size[0]}x{size[1]}")
    for name in PROJECTOR_SCENES
    for lang in LANGUAGES
    for size in PROJECTOR_SIZES
]


@pytest.mark.parametrize(("name", "lang", "size"), PROJECTOR_CASES)
def test_projector_screen(
    snap_compare, clock: FakeClock, name: str, lang: str, size: tuple[int, int]
) -> None:
    """The projector (`overleg projector`) while the chair's console runs the meeting."""
    app, chair = make_projector_app(lang, clock)

    async def run_before(pilot) -> None:
        await play_projector(name, pilot, clock, chair)

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        chair.close()
