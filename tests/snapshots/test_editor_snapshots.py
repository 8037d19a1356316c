"""The agenda editor at a small and a large terminal, in Dutch and in English.

A new agenda from the shipped directeurenoverleg: one item's fields with its method's summary,
and the same with a duration the checker refuses, its message right under the field.
Regenerate on purpose with `--snapshot-update`, then review each changed SVG.
"""

from __future__ import annotations

from typing import Any

import pytest
from scenes import AGENDAS, make_app, settle, still
from textual.widgets import Input

from helpers import FakeClock
from overleg.tui.screens.editor import EditorScreen, SectionList

SIZES = [(80, 24), (120, 40)]
LANGUAGES = ["nl", "en"]
SCENES = ["item", "problem"]
CASES = [
    pytest.param(scene, lang, size, id=f"editor-{scene}-{lang}-{size[0]}x{size[1]}")
    for scene in SCENES
    for lang in LANGUAGES
    for size in SIZES
]


async def open_editor(pilot: Any) -> EditorScreen:
    app = pilot.app
    draft = app.service.open_draft(None, AGENDAS / "directeurenoverleg.toml")
    editor = EditorScreen(app.service, draft)
    await app.push_screen(editor)
    await pilot.pause()
    return editor


async def show_item(pilot: Any, editor: EditorScreen, index: int) -> None:
    sections = editor.query_one(SectionList)
    sections.highlighted = sections.get_option_index(f"items-{index}")
    await settle(pilot)


@pytest.mark.parametrize(("scene", "lang", "size"), CASES)
def test_editor(
    snap_compare, clock: FakeClock, scene: str, lang: str, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        editor = await open_editor(pilot)
        await show_item(pilot, editor, 5)  # Eén toegang voor Wmo, Jeugd en Participatie (BOB)
        if scene == "problem":
            editor.query_one("#f-items-5-duration", Input).value = "25"
            await pilot.pause()
        await still(pilot)

    app = make_app(lang, clock, with_agenda=False)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
