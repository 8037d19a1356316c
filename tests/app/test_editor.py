"""The agenda editor at the keyboard: an agenda built from nothing, saved, checked by
`overleg check` in a real process, and run; the checker's messages beside their fields."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from steps import screen_text, settle
from textual.widgets import Input, Select, Static

from overleg.tui.app import OverlegApp
from overleg.tui.screens.attendance import AttendanceScreen
from overleg.tui.screens.editor import EditorScreen
from overleg.tui.screens.meeting import MeetingScreen
from overleg.tui.screens.start import StartScreen

SIZE = (120, 40)
#: The built-in methods in the order of the method list (after "Open bespreking").
METHODS = ["round", "info", "bob", "consent", "casus", "incident", "balint"]
METHODS += ["minutes-review", "actions-review"]


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])
    await settle(pilot)


async def fill(pilot: Any, text: str, last: bool = False) -> None:
    """Type into the focused field (its old text selected on focus, so replaced), then Tab on
    to the next one (from the last one Tab would go round to the list)."""
    if text:
        await type_text(pilot, text)
    if not last:
        await pilot.press("tab")
        await settle(pilot)


async def choose(pilot: Any, steps: int) -> None:
    """Open the focused select, move `steps` down, take it, then Tab."""
    await pilot.press("enter")
    await settle(pilot)
    if steps:
        await pilot.press(*["down"] * steps)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("tab")
    await settle(pilot)


async def new_blank_agenda(pilot: Any) -> EditorScreen:
    await settle(pilot)
    assert isinstance(pilot.app.screen, StartScreen)
    await pilot.press("a")  # Nieuwe agenda
    await settle(pilot)
    await pilot.press("enter")  # Leeg, vanaf niets: the first choice
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, EditorScreen), editor
    return editor


ITEMS = [
    ("Opening en incheckronde", "round", "10m", ""),
    ("Verslag vorig overleg", "minutes-review", "5m", ""),
    ("Eén toegang voor Wmo, Jeugd en Participatie", "bob", "40m", "Fatima El Amrani"),
    ("Mandaat maatwerk tot 5000 euro", "consent", "30m", "Marieke Janssen"),
    ("Rondvraag", "", "10m", ""),
]


@pytest.mark.asyncio
async def test_a_directeurenoverleg_built_from_nothing_is_saved_checked_and_run(
    clock, data_root, tmp_path: Path
) -> None:
    app = OverlegApp(data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_blank_agenda(pilot)
        await pilot.press("enter")  # into the meeting's first field
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.id == "f-meeting-title"
        await fill(pilot, "Directeurenoverleg sociaal domein")
        await fill(pilot, "2026-12-08 09:30")
        await fill(pilot, "Stadskantoor, zaal 3.14")
        await fill(pilot, "1h45m", last=True)
        await pilot.press("escape")  # back to the list
        await settle(pilot)

        for name, role_steps in (("Marieke Janssen", -2), ("Fatima El Amrani", 0)):
            await pilot.press("p")
            await settle(pilot)
            assert app.focused is not None and app.focused.id is not None
            assert app.focused.id.endswith("-name"), app.focused.id
            await fill(pilot, name)
            await pilot.press("enter")  # the role: chair is two up from member
            await settle(pilot)
            if role_steps:
                await pilot.press(*["up"] * -role_steps)
            await pilot.press("enter", "tab")
            await settle(pilot)
            await fill(pilot, "Directeur")
            await fill(pilot, f"{name.split()[0].lower()}@sociaaldomein.example.org", last=True)
            await pilot.press("escape")
            await settle(pilot)

        for title, method, duration, presenter in ITEMS:
            await pilot.press("n")
            await settle(pilot)
            await fill(pilot, title)
            await choose(pilot, METHODS.index(method) + 1 if method else 0)
            await fill(pilot, duration)
            await fill(pilot, presenter)
            await pilot.press("escape")
            await settle(pilot)

        shown = screen_text(app)
        assert "Gepland 1u 35m van 1u 45m" in shown, shown
        assert "klaar om te bewaren" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = editor.saved
        assert saved is not None, screen_text(app)
        assert saved.parent == tmp_path / "config" / "agendas"
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        assert "Bewaard in" in screen_text(app)

        check = subprocess.run(
            [sys.executable, "-m", "overleg", "check", str(saved)],
            capture_output=True,
            text=True,
            env={**os.environ, "OVERLEG_CONFIG_DIR": str(tmp_path / "config")},
            timeout=120,
        )
        assert check.returncode == 0, check.stdout + check.stderr

        await pilot.press("escape")  # out of the editor: the start screen, the agenda on top
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttendanceScreen), app.screen
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen), app.screen
        agenda = app.chair.state.agenda
        assert agenda.title == "Directeurenoverleg sociaal domein"
        assert [i.title for i in agenda.items] == [title for title, *_ in ITEMS]
        assert [i.method for i in agenda.items] == [m or None for _, m, _, _ in ITEMS]
        assert agenda.participants[0].role == "chair"
        assert agenda.items[2].presenter == "Fatima El Amrani"


@pytest.mark.asyncio
async def test_a_validation_message_shows_beside_its_field(clock, data_root) -> None:
    app = OverlegApp(data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_blank_agenda(pilot)
        await pilot.press("n")
        await settle(pilot)
        await fill(pilot, "Casus gezin J.")
        await pilot.press("tab")  # past the method
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.id == "f-items-0-duration"
        await type_text(pilot, "40")
        note = editor.query_one("#n-items-0-duration", Static)
        assert note.display and "‘40’ heeft geen eenheid: schrijf bijvoorbeeld 40m" in str(
            note.render()
        )
        form = editor.query_one("#editor-form")
        order = [child.id or "" for child in form.children]
        row = next(i for i, c in enumerate(form.children) if c.query("#f-items-0-duration"))
        assert order[row + 1] == "n-items-0-duration", "the message is right under its field"
        assert not editor.query_one("#n-items-0-title", Static).display
        assert "heeft geen eenheid" in screen_text(app)
        assert "2 problemen" in screen_text(app)  # and the meeting has no title yet

        await pilot.press("ctrl+s")  # refused, and said so
        await settle(pilot)
        assert editor.saved is None
        assert "Niet bewaard" in screen_text(app)

        await type_text(pilot, "m")
        assert not note.display
        assert isinstance(editor.query_one("#f-items-0-method"), Select)
        editor.query_one("#f-items-0-method").focus()
        await pilot.press("enter")  # the method list drops down
        await settle(pilot)
        assert "Lijst sluiten" in screen_text(app) and "Dismiss" not in screen_text(app)


@pytest.mark.asyncio
async def test_editing_a_shipped_agenda_writes_a_copy_and_says_so(
    clock, data_root, tmp_path: Path
) -> None:
    shipped = Path(__file__).resolve().parents[2] / "agendas" / "intervisie.toml"
    before = shipped.read_text("utf-8")
    app = OverlegApp(data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start = app.screen
        assert isinstance(start, StartScreen) and start.found is not None
        index = [c.path.name for c in start.found.agendas].index("intervisie.toml")
        start.query_one("#choices").highlighted = start.query_one("#choices").get_option_index(
            f"agenda-{index}"
        )
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("end", "space", "2")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert editor.saved == tmp_path / "config" / "agendas" / "intervisie.toml"
        assert "meegeleverd sjabloon" in screen_text(app)
        assert shipped.read_text("utf-8") == before
        assert before.splitlines()[0] in editor.saved.read_text("utf-8"), "its comments kept"
