"""The corrections screen, as a note-taker uses it: w opens the record, Enter edits, Del deletes,
Ctrl+Z undoes; and after the end, from the summary, the minutes on disk follow."""

from __future__ import annotations

import tomllib

import pytest
from steps import (
    SIZE,
    agenda,
    end_meeting,
    meeting,
    open_item,
    screen_text,
    settle,
    start,
    write,
)
from textual.widgets import Input, OptionList

from overleg import store
from overleg.tui.app import OverlegApp
from overleg.tui.screens.corrections import CorrectionsScreen
from overleg.tui.screens.dialogs import ActionDialog, ConfirmDialog, TextDialog
from overleg.tui.screens.summary import SummaryScreen

pytestmark = pytest.mark.asyncio


def noted(app) -> list[tuple[str | None, str]]:  # type: ignore[no-untyped-def]
    state = meeting(app).state
    return [(c.speaker, c.text) for i in state.items for p in i.phases for c in p.contributions]


async def in_a_round(pilot, clock) -> list[str]:  # type: ignore[no-untyped-def]
    """Item 3 (a case), its first round: two people heard and their gist noted."""
    await start(pilot)
    await open_item(pilot, 3)
    await pilot.press("n")
    await settle(pilot)
    spoken = []
    for text in ("Wie doet de administratie?", "Is er een bewindvoerder?"):
        await pilot.press("space")
        await settle(pilot)
        spoken.append(meeting(pilot.app).state.turn.speaker)
        clock.tick(20)
        await write(pilot, text)
        await settle(pilot)
    return spoken


async def open_corrections(pilot) -> CorrectionsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("w")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CorrectionsScreen)
    return screen


async def test_edit_reattribute_delete_and_undo_from_the_corrections_screen(
    clock, data_root
) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        first, second = await in_a_round(pilot, clock)
        screen = await open_corrections(pilot)
        shown = screen_text(app)
        assert "Wie doet de administratie?" in shown and "Is er een bewindvoerder?" in shown
        # The cursor starts on the latest line: the slip just made.
        assert screen.current().text == "Is er een bewindvoerder?"
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        assert dialog.query_one("#field-text", Input).value == "Is er een bewindvoerder?"
        dialog.query_one("#field-text", Input).value = "Is er al een bewindvoerder?"
        dialog.query_one("#field-speaker", Input).value = first.split()[0].lower()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert noted(app)[1] == (first, "Is er al een bewindvoerder?")
        assert "gecorrigeerd" in screen_text(app)

        await pilot.press("up")
        assert screen.current().text == "Wie doet de administratie?"
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert noted(app) == [(first, "Is er al een bewindvoerder?")]

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert noted(app)[0] == (first, "Wie doet de administratie?")
        await pilot.press("escape")
        await settle(pilot)
        # Ctrl+Z on the meeting screen too: the re-attribution and the new text go back.
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert noted(app)[1] == (second, "Is er een bewindvoerder?")
        assert any("Ongedaan gemaakt" in str(n.message) for n in app._notifications)


async def test_an_action_is_corrected_to_an_owner_not_at_the_table(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_item(pilot, 3)
        assert meeting(app).state.item is not None
        owner = meeting(app).state.item.spec.presenter
        assert app.chair.run("add_action", what="Huisbezoek", owner=owner).ok
        await settle(pilot)
        screen = await open_corrections(pilot)
        assert screen.current().kind == "action"
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        assert dialog.query_one("#what", Input).value == "Huisbezoek"
        dialog.query_one("#owner", Input).value = "moeder"
        dialog.query_one("#due", Input).value = "vrijdag"
        await settle(pilot)
        dialog.save()
        await settle(pilot)
        action = meeting(app).state.actions[-1]
        assert action.owner == "moeder" and action.due is not None
        await pilot.press("s")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        options.highlighted = [o.id for o in options.options].index("done")
        await pilot.press("enter")
        await settle(pilot)
        assert meeting(app).state.actions[-1].status == "done"


async def test_after_the_end_the_summary_corrects_and_the_minutes_follow(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await in_a_round(pilot, clock)
        await end_meeting(pilot)
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        folder = app.chair.folder
        assert "Is er een bewindvoerder?" in (folder / store.MINUTES_MD).read_text("utf-8")
        await open_corrections(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#field-text", Input).value = "Is er een bewindvoerder of mentor?"
        await pilot.press("enter")
        await settle(pilot)
        markdown = (folder / store.MINUTES_MD).read_text("utf-8")
        assert "bewindvoerder of mentor?" in markdown
        record = tomllib.loads((folder / store.MINUTES_TOML).read_text("utf-8"))
        entries = [c for i in record["items"] for p in i["phases"] for c in p["contributions"]]
        assert [c.get("corrected", False) for c in entries] == [False, True]
