"""The meeting screen's promises: resume with clocks right, refusals on screen, calm errors, two languages."""

from __future__ import annotations

import pytest
from steps import (
    SIZE,
    add_action,
    agenda,
    end_meeting,
    fill,
    full_round,
    meeting,
    open_item,
    screen_text,
    settle,
    write,
)
from textual.widgets import Digits, OptionList

from overleg.chair.service import Service
from overleg.tui.app import OverlegApp
from overleg.tui.screens.attendance import AttendanceScreen
from overleg.tui.screens.dialogs import ActionDialog, ConfirmDialog, ReviewDialog
from overleg.tui.screens.meeting import MeetingScreen
from overleg.tui.screens.start import StartScreen

pytestmark = pytest.mark.asyncio


async def start(pilot) -> None:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)


async def test_quit_mid_round_pauses_and_resume_opens_paused(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("space")
        speaker = meeting(app).state.turn.speaker
        limit = meeting(app).state.turn_limit()
        clock.tick(20)
        item_seconds = meeting(app).state.item.timer.seconds(meeting(app).now())
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog), "a running meeting asks before quitting"
        await pilot.press("y")
        await settle(pilot)
    folder = app.chair.folder
    assert app.return_value is app.chair

    clock.tick(3600)  # the laptop stays closed for an hour: no meeting time passes
    chair = Service(data_root, clock).open(folder)
    resumed = OverlegApp(chair=chair)
    async with resumed.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(resumed.screen, MeetingScreen)
        state = meeting(resumed).state
        assert state.status == "paused"
        assert state.turn.speaker == speaker
        now = meeting(resumed).now()
        assert state.turn.timer.seconds(now) == 20
        assert state.item.timer.seconds(now) == item_seconds
        digits = resumed.screen.query_one("#countdown", Digits)
        assert digits.value == f"0:{limit - 20:02d}"
        text = screen_text(resumed)
        assert speaker in text and "Gepauzeerd — p om verder te gaan" in text
        assert "0:20 / 1:30:00" in text, "the meeting clock does not count the hour away"

        await pilot.press("p")
        await settle(pilot)
        assert state.status == "running"
        clock.tick(5)
        await settle(pilot, 1.1)  # the clocks tick once a second
        assert state.turn.timer.seconds(meeting(resumed).now()) == 25
        assert digits.value == f"0:{limit - 25:02d}"
        assert "Gepauzeerd" not in screen_text(resumed)


async def test_pause_stops_the_clocks_and_refusals_are_shown_not_raised(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("space")
        clock.tick(10)
        await pilot.press("p")
        await settle(pilot)
        assert meeting(app).state.status == "paused"
        clock.tick(300)
        await settle(pilot, 1.1)  # the clocks tick once a second
        turn = meeting(app).state.turn
        assert turn.timer.seconds(meeting(app).now()) == 10
        assert "GEPAUZEERD" in screen_text(app)
        await pilot.press("space")  # refused while paused: a message, no crash
        await settle(pilot)
        assert any("gepauzeerd" in n.message for n in app._notifications)
        assert meeting(app).state.turn.speaker == turn.speaker
        await pilot.press("p")
        await settle(pilot)
        assert meeting(app).state.status == "running"


async def test_while_paused_a_dialog_key_says_so_before_anything_is_typed(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("p")
        await settle(pilot)
        for key in ("a", "b", "d", "g", "l"):  # action, proposal, defer, guest, presence
            app._notifications.clear()
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, MeetingScreen), key
            assert any("gepauzeerd" in n.message for n in app._notifications), key
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionDialog)


async def test_an_unexpected_error_is_logged_without_personal_data(
    clock, data_root, tmp_path
) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)

    def broken() -> None:
        raise KeyError("Mehmet Yılmaz heeft schulden")

    with pytest.raises(KeyError):
        async with app.run_test(size=SIZE) as pilot:
            await start(pilot)
            meeting(app).next_speaker = broken
            await pilot.press("space")
            await settle(pilot)
    log = (tmp_path / "log" / "errors.log").read_text("utf-8")
    assert "KeyError" in log and "meeting.py" in log
    assert "Mehmet" not in log and "schulden" not in log
    assert app.return_code == 1


async def test_switching_language_redraws_in_english(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("space")
        await settle(pilot)
        text = screen_text(app)
        assert "Volgende" in text and "Het woord:" in text
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"english")
        await settle(pilot, 0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.lang == "en"
        text = screen_text(app)
        assert "Next" in text and "Speaking:" in text
        assert "Volgende" not in text and "Het woord:" not in text
        await pilot.press("f4")
        await settle(pilot)
        assert app.lang == "nl"
        assert "Het woord:" in screen_text(app)


async def test_small_terminal_keeps_speaker_clock_and_prompt(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("space")
        clock.tick(12)
        await settle(pilot, 1.1)  # the clocks tick once a second
        text = screen_text(app)
        speaker = meeting(app).state.turn.speaker
        assert speaker in text
        assert "09:30" in text  # the wall clock
        assert meeting(app).state.phase.spec.prompts[0][:30] in text
        assert "0:3" in text  # the speaker's countdown


async def test_start_screen_lists_agendas_and_unfinished_meetings(clock, data_root) -> None:
    # An unfinished meeting to resume.
    first = OverlegApp(agenda=agenda("directeurenoverleg"), data_root=data_root, clock=clock)
    async with first.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+q", "y")
        await settle(pilot)

    app = OverlegApp(data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        text = screen_text(app)
        assert "Casusoverleg sociaal wijkteam Noord" in text
        assert "Directeurenoverleg sociaal domein" in text
        assert "2026-12-01 09:30 Directeurenoverleg" in text, "the start time tells meetings apart"
        options = app.screen.query_one(OptionList)
        resume = next(i for i, o in enumerate(options.options) if o.id == "resume-0")
        options.highlighted = resume
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert meeting(app).agenda.title == "Directeurenoverleg sociaal domein"


async def test_start_screen_opens_an_agenda_for_attendance(clock, data_root) -> None:
    app = OverlegApp(data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first agenda
        await settle(pilot)
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
    assert not data_root.exists() or not any(data_root.iterdir())


async def test_late_arrival_guest_and_order(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "space", "space")  # Sanne Kok: absent
        await pilot.press("s")
        await settle(pilot)
        state = meeting(app).state
        assert "Sanne Kok" not in state.phase.order
        await pilot.press("l")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        options.highlighted = next(i for i, o in enumerate(options.options) if o.id == "Sanne Kok")
        await pilot.press("enter")
        await settle(pilot)
        assert state.people["Sanne Kok"].here
        await pilot.press("g")
        await settle(pilot)
        await fill(pilot, name="Bram de Wit", discipline="Leerplicht")
        assert state.people["Bram de Wit"].guest
        await pilot.press("o")
        await settle(pilot)
        first = state.phase.order[0]
        await pilot.press("shift+down")
        await settle(pilot)
        assert state.phase.order[1] == first
        await pilot.press("escape")
        order = await full_round(pilot, clock, seconds=5)
        assert order[1] == first
        await write(pilot, "Bram de Wit: leerplicht schuift aan")
        assert not isinstance(app.screen, ConfirmDialog)


async def test_carried_actions_are_reviewed_in_the_next_meeting(clock, data_root) -> None:
    first = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with first.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_item(pilot, 3)
        await settle(pilot)
        await add_action(pilot, "Leerplicht bellen", "Noor Bouzid", "morgen")
        await end_meeting(pilot)

    clock.tick(7 * 24 * 3600)
    second = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with second.run_test(size=SIZE) as pilot:
        await start(pilot)
        state = meeting(second).state
        carried = [a for a in state.actions if a.origin]
        assert [a.what for a in carried] == ["Leerplicht bellen"]
        await open_item(pilot, 2)  # the action review
        await settle(pilot)
        assert "Leerplicht bellen" in screen_text(second)
        await pilot.press("a")  # a new action, here too
        await settle(pilot)
        assert isinstance(second.screen, ActionDialog)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("r")  # the review has its own key
        await settle(pilot)
        assert isinstance(second.screen, ReviewDialog)
        await pilot.press("k")
        await settle(pilot)
        assert carried[0].status == "done"
        await pilot.press("escape")


async def test_defer_skip_extend_and_projector_theme(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        state = meeting(app).state
        await pilot.press("plus")
        await settle(pilot)
        assert state.items[0].planned == 300 + 300
        await pilot.press("d")
        await settle(pilot)
        await fill(pilot, reason="Eerst de casus")
        assert state.items[0].status == "deferred"
        await pilot.press("4", "s")
        await settle(pilot)
        await fill(pilot, reason="Karin is ziek")
        assert (state.items[3].status, state.items[3].reason) == ("skipped", "Karin is ziek")
        assert "overgeslagen" in screen_text(app)
        await pilot.press("f2")
        assert app.theme == "overleg-projector"
        await pilot.press("f2")
        assert app.theme != "overleg-projector"
        await pilot.press("f1")
        await settle(pilot)
        assert "Volgende spreker" in screen_text(app)
        await pilot.press("escape")
