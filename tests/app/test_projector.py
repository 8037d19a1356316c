"""The projector (`overleg projector`): a second terminal on the meeting the chair's console runs,
read only, following it: the floor, the rule, the gate and the consent round, never a
contribution, a note or a client's name, at every size from 80x24 to 200x60."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from steps import agenda, screen_text, settle

from helpers import FakeClock
from overleg import store
from overleg.chair.service import Service
from overleg.journal import read_journal
from overleg.tui.app import OverlegApp
from overleg.tui.screens.help import HelpScreen
from overleg.tui.screens.projector import ProjectorScreen, big_lines, big_scale

pytestmark = pytest.mark.asyncio

NOTE = "moeder vraagt vooral om rust in huis"
REASON = "Eerst GGZ-steun voor moeder"


def console(data_root: Path, clock: FakeClock) -> tuple[Service, Any]:
    """The chair's console has started the casusoverleg and opened the first case."""
    service = Service(data_root, clock)
    chair = service.prepare(agenda("casusoverleg"))
    assert chair.start({}, "Anouk de Vries", "Pieter Hendriks").ok
    hear(chair, clock, 40)  # the check-in
    assert chair.run("next_item", leave=True).ok  # the action review
    assert chair.run("next_item", leave=True).ok
    clock.tick(4 * 60)
    assert chair.run("note", text=NOTE).ok
    return service, chair


def hear(chair: Any, clock: FakeClock, seconds: float) -> None:
    """Everyone still waiting in the round speaks in turn; the last turn is closed."""
    for _ in list(chair.state.up_next()):
        assert chair.run("next_speaker").ok
        clock.tick(seconds)
        assert chair.run("note", text=f"{chair.state.turn.speaker} zegt iets").ok
    chair.run("next_speaker")


def to_questions(chair: Any, clock: FakeClock) -> None:
    """Questions only: the first asker heard, the second has the floor."""
    assert chair.run("next_phase").ok
    assert chair.run("next_speaker").ok
    clock.tick(50)
    assert chair.run("next_speaker").ok
    clock.tick(18)


def to_consent(chair: Any, clock: FakeClock) -> None:
    """Everyone heard, a proposal naming the household, one consent and one objection."""
    assert chair.run("next_phase").ok
    hear(chair, clock, 45)
    assert chair.run("next_phase").ok
    hear(chair, clock, 90)
    assert chair.run("decision").ok
    assert chair.run("propose", text="Budgetbeheer voor gezin Jansen").ok
    assert chair.run("vote", name="Sanne Kok", vote="consent").ok
    assert chair.run("vote", name="Noor Bouzid", vote="object", reason=REASON).ok


async def follow(pilot: Any) -> str:
    """The projector takes in what the console wrote (as its timer does); the screen's text."""
    pilot.app.chair.poll()
    await settle(pilot)
    return screen_text(pilot.app)


async def until(pilot: Any, seen: str, seconds: float = 3.0) -> str:
    """The screen's text once it shows `seen` (the app's own timers at work), or after `seconds`."""
    text = screen_text(pilot.app)
    for _ in range(int(seconds / 0.1)):
        if seen in text:
            break
        await asyncio.sleep(0.1)
        await pilot.pause()
        text = screen_text(pilot.app)
    return text


async def test_the_projector_follows_the_chair_console_without_a_key(
    data_root: Path, clock: FakeClock
) -> None:
    service, chair = console(data_root, clock)
    projector = service.open(chair.folder, role="projector")
    app = OverlegApp(chair=projector)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ProjectorScreen)
            text = screen_text(app)
            assert "3. Casus cliënt A" in text and "Inbreng casus" in text
            assert "Resterende tijd van deze fase" in text
            to_questions(chair, clock)
            # No poll by hand: the app's timer takes in what the console wrote.
            text = await until(pilot, "ALLEEN VRAGEN")
            assert "ALLEEN VRAGEN" in text and "geen advies, geen oordeel" in text
            assert "Het woord" in text and "Sanne Kok" in text
            assert "Hierna" in text and "Noor Bouzid" in text
            assert "Vóór het besluit nog te horen" in text
            assert "Resterende spreektijd" in text and "█" in text  # the big digits
            # Privacy: no note, no client's name.
            for private in (NOTE, "zegt iets", "gezin J.", "Jansen"):
                assert private not in text
            assert "namen van cliënten verborgen" in text
    finally:
        chair.close()


async def test_nothing_on_the_projector_changes_the_meeting_and_q_leaves(
    data_root: Path, clock: FakeClock
) -> None:
    service, chair = console(data_root, clock)
    projector = service.open(chair.folder, role="projector")
    journal = chair.folder / store.JOURNAL
    before = len(read_journal(journal).records)
    app = OverlegApp(chair=projector)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("space", "n", "b", "x", "p", "e", "i", "a", "1", "enter", "escape")
            await settle(pilot)
            assert isinstance(app.screen, ProjectorScreen)
            assert len(read_journal(journal).records) == before
            await pilot.press("f1")  # the keys: q to leave, and the app's own
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen) and "Afsluiten" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("q")  # no question: nothing runs here that quitting would stop
            await settle(pilot)
        assert app.return_value is projector
        assert len(read_journal(journal).records) == before
    finally:
        chair.close()


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (160, 50), (200, 60)])
@pytest.mark.parametrize("stage", ["questions", "consent"])
async def test_what_matters_shows_at_every_size(
    data_root: Path, clock: FakeClock, size: tuple[int, int], stage: str
) -> None:
    service, chair = console(data_root, clock)
    (to_questions if stage == "questions" else to_consent)(chair, clock)
    projector = service.open(chair.folder, role="projector")
    app = OverlegApp(chair=projector)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            text = await follow(pilot)
            lines = text.splitlines()
            assert len(lines) == size[1] and all(len(line) <= size[0] for line in lines)
            assert "3. Casus cliënt A" in text
            if stage == "questions":
                assert "ALLEEN VRAGEN" in text and "geen advies" in text
                assert "Sanne Kok" in text and "Hierna" in text and "Noor Bouzid" in text
                assert "Resterende spreektijd" in text and "█" in text
                # Everyone still to be heard before the decision, by name.
                for name in ("Karin Vermeulen", "Anouk de Vries", "Mehmet Yılmaz"):
                    assert name in text
            else:
                assert "Consentronde" in text and "Budgetbeheer voor gezin cliënt B" in text
                for name in ("Pieter Hendriks", "Mehmet Yılmaz", "Sanne Kok", "Noor Bouzid"):
                    assert name in text
                for name in ("Karin Vermeulen", "Anouk de Vries"):
                    assert name in text
                assert "bezwaar" in text and "nog niet" in text
                assert REASON not in text and "Jansen" not in text
            assert NOTE not in text and "zegt iets" not in text
    finally:
        chair.close()


async def test_the_layout_follows_a_resize(data_root: Path, clock: FakeClock) -> None:
    service, chair = console(data_root, clock)
    to_questions(chair, clock)
    projector = service.open(chair.folder, role="projector")
    app = OverlegApp(chair=projector)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            small = screen_text(app).count("█")
            await pilot.resize_terminal(200, 60)
            await settle(pilot)
            text = screen_text(app)
            assert text.count("█") > 4 * small, "the countdown grows with the screen"
            assert "Sanne Kok" in text and "Noor Bouzid" in text
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            assert screen_text(app).count("█") == small
    finally:
        chair.close()


async def test_language_theme_and_client_names_follow_the_chair(
    data_root: Path, clock: FakeClock
) -> None:
    service, chair = console(data_root, clock)
    to_questions(chair, clock)
    projector = service.open(chair.folder, role="projector")
    app = OverlegApp(chair=projector)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert "ALLEEN VRAGEN" in screen_text(app)
            chair.set_display(language="en", theme="overleg-projector")
            text = await until(pilot, "QUESTIONS ONLY")
            assert app.lang == "en" and app.theme == "overleg-projector"
            assert "QUESTIONS ONLY" in text and "Has the floor" in text
            assert "3. Casus client A" in text and "client names hidden" in text
            chair.set_display(show_clients=True)  # the chair chooses to show them
            text = await until(pilot, "gezin J.")
            assert "3. Casus gezin J." in text and "client names hidden" not in text
    finally:
        chair.close()


async def test_the_end_of_the_meeting_and_a_pause_are_said_plainly(
    data_root: Path, clock: FakeClock
) -> None:
    service, chair = console(data_root, clock)
    projector = service.open(chair.folder, role="projector")
    app = OverlegApp(chair=projector)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert chair.run("pause").ok
            assert "GEPAUZEERD" in await follow(pilot)
            assert chair.run("pause").ok
            assert "GEPAUZEERD" not in await follow(pilot)
            assert chair.run("end_meeting", confirmed=True).ok
            text = await follow(pilot)
            assert "Het overleg is afgesloten" in text and "Casus cliënt A" not in text
    finally:
        chair.close()


@pytest.mark.parametrize("text", ["0:00", "1:42", "12:34", "1:02:05"])
async def test_the_big_digits_fit_where_they_are_drawn(text: str) -> None:
    for width, height in ((20, 3), (44, 12), (120, 35)):
        scale = big_scale(text, width, height)
        if scale:
            lines = big_lines(text, scale)
            assert len(lines) <= height and all(len(line) <= width for line in lines)
            assert len({len(line) for line in lines}) == 1
    assert big_scale("1:42", 120, 35) > big_scale("1:42", 44, 12) >= 2
