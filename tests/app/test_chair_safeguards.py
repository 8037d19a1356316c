"""Nothing ends, is decided or is overwritten by one key too many; the screen says what it means."""

from __future__ import annotations

import pytest
from steps import (
    agenda,
    choose,
    end_meeting,
    fill,
    meeting,
    open_item,
    screen_text,
    settle,
    start,
)
from textual.widgets import DataTable, Input

from overleg.tui.app import OverlegApp
from overleg.tui.screens.dialogs import ActionDialog, ConfirmDialog, ConsentDialog, TextDialog
from overleg.tui.screens.help import HelpScreen
from overleg.tui.screens.meeting import MeetingScreen
from overleg.tui.screens.summary import SummaryScreen

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


async def to_decision(pilot) -> None:
    """Open the first case and go to its decision phase, the gate opened with a reason."""
    await open_item(pilot, 3)
    await pilot.press("b")
    await settle(pilot)
    await fill(pilot, reason="Testen")
    assert meeting(pilot.app).state.phase.spec.kind == "decision"


async def test_leaving_an_unfinished_item_asks_and_reopens_where_it_stopped(
    clock, data_root
) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        state = meeting(app).state
        await pilot.press("3")  # nobody has spoken in the check-in yet: it asks first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Incheckronde" in screen_text(app) or "Ronde" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert state.item.index == 2
        await pilot.press("n")  # on to the questions
        await settle(pilot)
        held = state.item.phase

        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        shown = screen_text(app)
        assert "Agendapunt 3 is nog niet af" in shown
        left = meeting(app).unfinished_phases()
        assert left and all(title in shown for title in left[:2])
        await pilot.press("n")  # no: stay
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and state.item.index == 2

        await pilot.press("N")  # next item asks too
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert state.item.index == 2

        await pilot.press("4", "y")
        await settle(pilot)
        assert state.item.index == 3 and state.items[2].status == "done"
        await pilot.press("3", "y")  # a closed item opens again, where it stopped
        await settle(pilot)
        assert state.item.index == 2 and state.item.phase == held
        assert "afgerond" not in screen_text(app)


async def test_an_objection_asks_to_amend_or_record_over_it(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await to_decision(pilot)
        state = meeting(app).state
        await pilot.press("b")
        await settle(pilot)
        await fill(pilot, text="Sanne Kok wordt regisseur", rationale="")
        dialog = app.screen
        assert isinstance(dialog, ConsentDialog)
        table = dialog.query_one(DataTable)
        rows = [str(key.value) for key in table.rows]
        assert rows == state.in_turn_order() and rows[-1] == state.chair, "the chair answers last"

        # Enter while typing a reason saves the reason; it never records the decision.
        table.move_cursor(row=table.get_row_index("Noor Bouzid"))
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")  # empty: a reason is required, and nothing is decided
        await settle(pilot)
        assert isinstance(app.screen, TextDialog) and not state.item.decisions
        await pilot.press(*"Eerst GGZ")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConsentDialog) and not state.item.decisions
        assert state.item.proposal.votes["Noor Bouzid"].reason == "Eerst GGZ"

        await pilot.press("r", "enter")
        await settle(pilot)
        assert not state.item.decisions, "an objection stands: enter does not decide"
        await choose(pilot, "amend")
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        field = dialog.query_one("#field-text", Input)
        assert field.value == "Sanne Kok wordt regisseur"
        assert "Eerst GGZ" in screen_text(app)
        await pilot.press(*" samen met GGZ")  # typed after the text, not over it
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert state.item.proposal.text == "Sanne Kok wordt regisseur samen met GGZ"
        assert isinstance(app.screen, ConsentDialog)
        assert not state.item.proposal.votes, "a new consent round"
        await pilot.press("r", "enter")
        await settle(pilot)
        decision = state.item.decisions[0]
        assert decision.text == "Sanne Kok wordt regisseur samen met GGZ"
        assert not decision.over_objection
        assert [v.reason for v in decision.objections_heard] == ["Eerst GGZ"]
        assert isinstance(app.screen, MeetingScreen)


async def test_typing_an_owner_finds_the_participant_and_keeps_what_was_typed(
    clock, data_root
) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_item(pilot, 3)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        await pilot.press(*"Huisbezoek")
        await pilot.press("tab")
        owner = dialog.query_one("#owner", Input)
        assert app.focused is owner
        await pilot.press(*"sanne")
        await settle(pilot)
        assert "Sanne Kok" in str(dialog.query_one("#owner-label").render())
        assert app.focused is owner, "typing an owner does not move the focus by itself"
        await pilot.press("shift+tab")
        assert app.focused is dialog.query_one("#what", Input)
        await pilot.press(*" plannen")
        assert dialog.query_one("#what", Input).value == "Huisbezoek plannen"
        owner.value = "leerplicht"
        await settle(pilot)
        label = str(dialog.query_one("#owner-label").render())
        assert "leerplicht" in label


async def test_end_warns_about_untreated_items_and_help_merges_keys(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=(120, 50)) as pilot:  # tall enough for all of F1
        await start(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "N / shift+n" in shown and "1–9" in shown and "Agendapunt openen" in shown
        assert "Agendapunt 1 " not in shown
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("e")
        await settle(pilot)
        assert "4 agendapunten niet behandeld" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        await end_meeting(pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert text.index("minutes.md") < text.index("Besluitenlijst"), (
            "where the minutes are first"
        )


async def test_small_terminal_shows_a_one_line_gate_and_no_repeated_prompt(
    clock, data_root
) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await open_item(pilot, 3)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        text = screen_text(app)
        assert "Nog niet gehoord:" in text and "b: details" in text
        assert text.count("Alleen vragen") == 1
        assert "f1 Help" in text and "^p Meer" in text, "the footer fits"


async def test_f1_explains_the_dialog_in_front(clock, data_root) -> None:
    from overleg.tui.screens.help import HelpScreen

    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("e")  # the end-meeting question
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Ja" in screen_text(app) or "y" in screen_text(app)
