"""Whole meetings held through the screens, from attendance to minutes on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from steps import (
    SIZE,
    add_action,
    agenda,
    choose,
    end_meeting,
    fill,
    full_round,
    meeting,
    open_item,
    propose_and_consent,
    screen_text,
    settle,
    write,
)

from overleg.tui.app import OverlegApp
from overleg.tui.screens.attendance import AttendanceScreen
from overleg.tui.screens.dialogs import ConfirmDialog, TextDialog
from overleg.tui.screens.meeting import MeetingScreen
from overleg.tui.screens.summary import SummaryScreen

pytestmark = pytest.mark.asyncio


def journal_types(folder: Path) -> list[str]:
    lines = (folder / "journal.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line).get("type", "") for line in lines[1:]]


async def test_casusoverleg_from_attendance_to_minutes(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AttendanceScreen)
        assert not data_root.exists(), "no folder before the chair starts"
        await pilot.press(
            "down", "down", "down", "down", "down", "space"
        )  # Karin: absent with notice
        assert app.screen.attendance["Karin Vermeulen"] == "excused"
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        state = meeting(app).state
        assert state.item.spec.title == "Incheckronde"
        assert state.chair == "Anouk de Vries" and state.minute_taker == "Pieter Hendriks"

        order = await full_round(pilot, clock, said="checkt in")
        assert order[-1] == "Anouk de Vries", "the chair speaks last"
        assert "Karin Vermeulen" not in order

        await pilot.press("N", "N")  # the action review (nothing carried yet), then the first case
        await settle(pilot)
        assert state.item.spec.title == "Casus gezin J."
        await write(pilot, "Mehmet Yılmaz: moeder vraagt vooral om rust")

        await pilot.press("n")
        await settle(pilot)
        assert state.phase.spec.kind == "questions"
        assert "Alleen vragen" in screen_text(app)
        askers = await full_round(pilot, clock, said="vraagt wat moeder zelf wil")
        assert "Mehmet Yılmaz" not in askers, "the presenter answers rather than asks"

        await pilot.press("n")
        await settle(pilot)
        await full_round(pilot, clock, said="ziet krachten en zorgen")
        await pilot.press("n")
        await write(pilot, "Eén plan, Sanne als regisseur")
        await pilot.press("b")  # to the decision phase: everyone has been heard
        await settle(pilot)
        assert state.phase.spec.kind == "decision"
        await propose_and_consent(
            pilot,
            "Sanne Kok wordt regisseur van het plan van gezin J.",
            "Schulden staan voorop",
            objector="Noor Bouzid",
            reason="Eerst GGZ-zorg voor moeder",
        )
        # The objection stands, so enter decides nothing yet: amend, or record over it.
        assert not state.items[2].decisions
        assert "Eerst GGZ-zorg voor moeder" in screen_text(app)
        await choose(pilot, "over")
        assert isinstance(app.screen, ConfirmDialog), "recording over an objection is asked twice"
        assert not state.items[2].decisions
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        decision = state.items[2].decisions[0]
        assert decision.number == "3.1" and decision.over_objection
        assert decision.votes["Noor Bouzid"].vote == "object"
        assert all(v.vote == "consent" for n, v in decision.votes.items() if n != "Noor Bouzid")

        await pilot.press("n")
        await settle(pilot)
        assert state.phase.spec.kind == "actions", (
            app.screen,
            app.focused,
            [n.message for n in app._notifications],
        )
        shown = await add_action(pilot, "Huisbezoek plannen met moeder", "Sanne Kok", "vrijdag")
        assert "vrijdag 4 december 2026" in shown
        action = state.actions[-1]
        assert (action.number, action.owner, action.due.isoformat()) == (
            "3.1",
            "Sanne Kok",
            "2026-12-04",
        )

        await end_meeting(pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Huisbezoek plannen met moeder" in text and "minutes.md" in text, text
        await pilot.press("c")  # copy to clipboard: must not fail headless
        folder = app.chair.folder
        await pilot.press("d")  # the version to share, without the household's names
        await settle(pilot)
        assert "minutes-share.md" in screen_text(app)
        assert any(str(folder / "minutes-share.md") in n.message for n in app._notifications)

    assert "meeting_ended" in journal_types(folder)
    markdown = (folder / "minutes.md").read_text("utf-8")
    for name in ("Pieter Hendriks", "Sanne Kok", "Noor Bouzid"):
        assert f"{name} vraagt wat moeder zelf wil" in markdown
        assert f"{name} ziet krachten en zorgen" in markdown
    assert "moeder vraagt vooral om rust" in markdown
    assert "Sanne Kok wordt regisseur van het plan van gezin J." in markdown
    assert "Eerst GGZ-zorg voor moeder" in markdown
    assert "genomen ondanks een bezwaar dat bleef staan" in markdown
    assert "Huisbezoek plannen met moeder" in markdown
    assert "2026-12-04" in markdown or "4 december 2026" in markdown
    assert (folder / "minutes.toml").exists()
    shared = (folder / "minutes-share.md").read_text("utf-8")
    assert "gezin J." in markdown and "gezin J." not in shared
    assert "cliënt A" in shared and "Huisbezoek plannen met moeder" in shared


async def test_directeurenoverleg_gate_override_reaches_the_minutes(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("directeurenoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        state = meeting(app).state
        await open_item(pilot, 6)  # "Eén toegang voor Wmo, Jeugd en Participatie" (BOB)
        await settle(pilot)
        assert state.item.spec.title.startswith("Eén toegang")
        assert state.phase.spec.kind == "questions"
        await pilot.press("space")
        first = state.turn.speaker
        clock.tick(60)
        await write(pilot, "Wat vraagt de inwoner zelf?")
        await pilot.press("space")
        clock.tick(30)

        await pilot.press("b")  # the gate is shut: not everyone has been heard
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        shown = screen_text(app)
        assert "Nog niet iedereen is gehoord" in shown
        missing = meeting(app).gate()
        assert missing and first not in missing[0][1]
        assert missing[0][1][0] in shown
        assert state.phase.spec.kind == "questions", "the decision waits"

        await fill(pilot, reason="Wethouder wil vandaag een besluit")
        assert state.phase.spec.kind == "decision"
        shown = screen_text(app)
        assert "Besluitfase geopend zonder ieders inbreng" in shown, "nothing is decided yet"
        assert "Besloten" not in shown
        assert state.item.overrides[0].reason == "Wethouder wil vandaag een besluit"
        await propose_and_consent(pilot, "We starten één toegang per 1 maart", "")
        assert state.item.decisions[0].text == "We starten één toegang per 1 maart"
        await pilot.press("n")
        await settle(pilot)
        await add_action(pilot, "Plan van aanpak schrijven", "Fatima El Amrani", "+3w")
        assert state.actions[-1].due.isoformat() == "2026-12-22"
        await end_meeting(pilot)
        folder = app.chair.folder

    assert "gate_overridden" in journal_types(folder)
    markdown = (folder / "minutes.md").read_text("utf-8")
    assert "Wethouder wil vandaag een besluit" in markdown
    assert "We starten één toegang per 1 maart" in markdown
    assert "Plan van aanpak schrijven" in markdown
