"""The note-taker's terminal beside the chair's: one meeting, two processes' worth of `Chair`s.

The chair's `Chair` is driven in the test as the chair's console would; the note-taker's runs in
the app under Pilot. The app's own follow timer is paused, so each test says when the note-taker's
terminal takes in what the chair wrote (`follow`) -- except the test that checks the timer.
"""

from __future__ import annotations

from typing import Any

import pytest
from steps import screen_text, settle
from textual.widgets import Input

from chair_helpers import OWNER, SANNE, begin
from helpers import FakeClock
from overleg.chair.service import Service
from overleg.tui.app import OverlegApp
from overleg.tui.screens.corrections import CorrectionsScreen
from overleg.tui.screens.dialogs import ActionDialog, PickDialog, TextDialog
from overleg.tui.screens.notes import NotesScreen
from overleg.tui.textual_private import node_timers

pytestmark = pytest.mark.asyncio

SIZE = (120, 40)


@pytest.fixture
def service(data_root: Any, clock: FakeClock) -> Service:
    return Service(data_root, clock)


def two_terminals(service: Service) -> tuple[Any, Any, OverlegApp]:
    """The chair's console has started the meeting; the note-taker opens it too."""
    chair = begin(service)
    notes = service.open(chair.folder, role="notes")
    app = OverlegApp(chair=notes, data_root=service.root, clock=service.clock)
    return chair, notes, app


async def opened(pilot: Any) -> NotesScreen:
    """The note-taker's screen, with the app's follow timer paused (the test follows by hand)."""
    await settle(pilot)
    for timer in node_timers(pilot.app):
        if timer.name == "follow":
            timer.pause()
    screen = pilot.app.screen
    assert isinstance(screen, NotesScreen)
    return screen


async def follow(pilot: Any) -> None:
    """The note-taker's terminal takes in what the others wrote, as its timer does."""
    pilot.app.chair.poll()
    await settle(pilot)


async def type_line(pilot: Any, text: str) -> Input:
    """Into the note line, key by key (the first key is when typing began)."""
    line = pilot.app.screen.query_one("#note", Input)
    if not line.has_focus:
        await pilot.press("i")
    await pilot.press(*text)
    await settle(pilot)
    return line


def noted(chair: Any) -> list[tuple[str | None, str]]:
    """What the chair's own state holds as noted on the running item."""
    state = chair.state
    return [(c.speaker, c.text) for p in state.item.phases for c in p.contributions]


def said(app: Any) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_a_note_written_here_reaches_the_chair_and_the_minutes(service: Service) -> None:
    chair, notes, app = two_terminals(service)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert chair.run("next_phase").ok and chair.run("next_speaker").ok  # the questions
        speaker = chair.state.turn.speaker
        await follow(pilot)
        shown = screen_text(app)
        assert speaker in shown and "Vraagverheldering" in shown
        assert "De voorzitter leidt het overleg" in shown

        line = await type_line(pilot, "Wat wil moeder zelf?")
        await pilot.press("enter")
        await settle(pilot)
        assert line.value == "" and line.has_focus, "cleared, ready for the next gist"
        assert chair.poll(), "the chair's console takes the note in"
        assert noted(chair)[-1] == (speaker, "Wat wil moeder zelf?")
        assert [text for _, text in noted(chair)].count("Wat wil moeder zelf?") == 1, "once"

        # "Name: text" puts it against someone else, as on the chair's note line.
        await type_line(pilot, "mehmet: Ze wil rust in huis.")
        await pilot.press("enter")
        await settle(pilot)
        chair.poll()
        assert noted(chair)[-1] == (OWNER, "Ze wil rust in huis.")
    assert chair.run("end_meeting", confirmed=True).ok
    minutes = chair.minutes().write()
    text = minutes.markdown.read_text("utf-8")
    assert "Wat wil moeder zelf?" in text and "Ze wil rust in huis." in text
    chair.close()


async def test_a_note_typed_while_the_chair_moved_on_is_refused_and_kept(service: Service) -> None:
    chair, notes, app = two_terminals(service)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        chair.run("next_phase")
        chair.run("next_speaker")
        await follow(pilot)
        first = chair.state.turn.speaker
        line = await type_line(pilot, "Hoe hoog is de huurachterstand?")
        assert chair.run("next_speaker").ok  # meanwhile, at the chair's console
        second = chair.state.turn.speaker
        await pilot.press("enter")
        await settle(pilot)
        assert line.value == "Hoe hoog is de huurachterstand?", "the text stays"
        assert f"{second} heeft nu het woord" in said(app)
        chair.poll()
        assert all(text != line.value for _, text in noted(chair)), "nothing noted"
        assert second in screen_text(app), "the screen shows who has the floor now"

        # The note-taker picks the one who said it: the earlier speaker is offered first.
        await pilot.press("ctrl+o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PickDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert line.value == f"{first}: Hoe hoog is de huurachterstand?"
        await pilot.press("enter")
        await settle(pilot)
        assert line.value == ""
        chair.poll()
        assert noted(chair)[-1] == (first, "Hoe hoog is de huurachterstand?")


async def test_a_stale_note_is_refused_also_once_the_terminal_has_followed(
    service: Service,
) -> None:
    chair, notes, app = two_terminals(service)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        chair.run("next_phase")
        chair.run("next_speaker")
        await follow(pilot)
        line = await type_line(pilot, "Wie is er nog meer betrokken?")
        chair.run("next_speaker")
        await follow(pilot)  # the timer took it in before the note-taker pressed Enter
        await pilot.press("enter")
        await settle(pilot)
        assert line.value == "Wie is er nog meer betrokken?"


async def test_the_flow_keys_act_only_while_the_chair_has_handed_over(service: Service) -> None:
    chair, notes, app = two_terminals(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        chair.run("next_phase")
        await follow(pilot)
        await pilot.press("escape")  # out of the line: single keys act
        assert not screen.check_action("next_speaker", ())
        await pilot.press("space", "n")
        await settle(pilot)
        assert notes.state.turn is None and notes.state.phase.spec.title == "Vraagverheldering"
        outcome = notes.run("next_speaker")
        assert outcome.refusal is not None and outcome.refusal.key == "ui.terminal.not_in_control"
        footer = screen_text(app).splitlines()[-1]
        assert "Volgende" not in footer and "Corrigeren" in footer, "no flow keys in the footer"
        assert "hierna:" in screen_text(app) and "Spatie" not in screen_text(app)

        assert chair.run("hand_over").ok
        await follow(pilot)
        assert "Jij leidt nu het overleg" in screen_text(app)
        assert "aan jou overgedragen" in said(app)
        assert screen.check_action("next_speaker", ())
        footer = screen_text(app).splitlines()[-1]
        assert "Volgende" in footer and "Corrigeren" not in footer, "the chair's keys, as there"
        assert "Spatie geeft het woord" in screen_text(app)
        await pilot.press("space")
        await settle(pilot)
        assert notes.state.turn is not None
        chair.poll()
        assert chair.state.turn.speaker == notes.state.turn.speaker, "the chair sees it"
        await pilot.press("n")
        await settle(pilot)
        assert chair.poll() and chair.state.phase.spec.title == "Perspectieven"

        assert chair.run("take_back").ok
        await follow(pilot)
        assert "De voorzitter leidt het overleg" in screen_text(app)
        await pilot.press("escape", "n")
        await settle(pilot)
        assert notes.state.phase.spec.title == "Perspectieven"
        assert not screen.check_action("next_phase", ())


async def test_the_terminal_follows_the_chair_by_itself(service: Service) -> None:
    chair, notes, app = two_terminals(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        chair.run("next_phase")
        chair.run("next_speaker")
        speaker = chair.state.turn.speaker
        for _ in range(20):
            await pilot.pause(0.05)
            if notes.state.turn is not None:
                break
        await settle(pilot)
        assert speaker in screen_text(app)


async def test_corrections_proposal_and_action_from_the_notes_terminal(service: Service) -> None:
    chair, notes, app = two_terminals(service)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        chair.run("next_phase")
        chair.run("next_speaker")
        await follow(pilot)
        await type_line(pilot, "Wat wil moder?")
        await pilot.press("enter", "escape")
        await settle(pilot)

        await pilot.press("w")  # the record, to put the slip right and say who really asked
        await settle(pilot)
        assert isinstance(app.screen, CorrectionsScreen)
        await pilot.press("enter")  # the latest entry: the line just written
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        dialog.query_one("#field-text", Input).value = "Wat wil moeder?"
        dialog.query_one("#field-speaker", Input).value = "sanne"
        dialog.save()
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert chair.poll()
        assert noted(chair)[-1] == (SANNE, "Wat wil moeder?")

        # The proposal: v shows only in the decision phase.
        screen = app.screen
        assert not screen.check_action("notes_propose", ())
        chair.run("goto_phase", index=3, override="de tijd dringt")
        await follow(pilot)
        assert screen.check_action("notes_propose", ())
        await pilot.press("v")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        dialog.query_one("#field-text", Input).value = "Sanne wordt regisseur."
        dialog.query_one("#field-rationale", Input).value = "Eén plan, één regisseur."
        dialog.save()
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen), "the consent round is the chair's"
        chair.poll()
        proposal = chair.state.item.proposal
        assert (proposal.text, proposal.rationale) == (
            "Sanne wordt regisseur.",
            "Eén plan, één regisseur.",
        )

        # An action, with owner and due date.
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        dialog.query_one("#what", Input).value = "Budgetbeheer aanvragen"
        dialog.query_one("#owner", Input).value = "sanne"
        dialog.query_one("#due", Input).value = "2026-12-04"
        dialog.save()
        await settle(pilot)
        chair.poll()
        action = chair.state.actions[-1]
        assert (action.what, action.owner, str(action.due)) == (
            "Budgetbeheer aanvragen",
            SANNE,
            "2026-12-04",
        )


async def test_while_the_chair_pauses_the_proposal_dialog_says_so_first(service: Service) -> None:
    chair, notes, app = two_terminals(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert chair.run("pause").ok
        await follow(pilot)
        screen.action_notes_propose()  # as its key (v) does in a decision phase
        await settle(pilot)
        assert app.screen is screen and "gepauzeerd" in said(app)


async def test_a_name_of_no_one_is_said_once_and_the_end_shows(service: Service) -> None:
    chair, notes, app = two_terminals(service)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        chair.run("next_phase")
        chair.run("next_speaker")
        speaker = chair.state.turn.speaker
        await follow(pilot)
        line = await type_line(pilot, "Wietske: belt school")
        await pilot.press("enter")
        await settle(pilot)
        assert line.value == "Wietske: belt school" and "Wietske" in said(app)
        await pilot.press("enter")  # said once: Enter again notes the line as typed
        await settle(pilot)
        assert line.value == ""
        chair.poll()
        assert noted(chair)[-1] == (speaker, "Wietske: belt school")

        # k (outside the line) also puts the line against someone: here the one speaking.
        await type_line(pilot, "Moeder wil rust")
        await pilot.press("escape", "k")
        await settle(pilot)
        assert isinstance(app.screen, PickDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert line.value == f"{speaker}: Moeder wil rust" and line.has_focus

        assert chair.run("end_meeting", confirmed=True).ok
        await follow(pilot)
        shown = screen_text(app)
        assert "Het overleg is afgesloten" in shown
        assert line.value == f"{speaker}: Moeder wil rust", "what was typed is not lost"
    chair.close()
