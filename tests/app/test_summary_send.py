"""After the meeting, from the summary: v shows who gets which version and writes the .eml draft."""

from __future__ import annotations

import dataclasses
import email.policy
import stat
from email.parser import BytesParser
from email.utils import getaddresses
from typing import Any

import pytest
from steps import SIZE, agenda, end_meeting, screen_text, settle, start

from overleg.tui.app import OverlegApp
from overleg.tui.screens.dialogs import ConfirmDialog
from overleg.tui.screens.summary import SummaryScreen


async def ended(pilot: Any) -> None:
    await start(pilot)
    await end_meeting(pilot)
    assert isinstance(pilot.app.screen, SummaryScreen), pilot.app.screen
    await settle(pilot)  # the minutes are written in a worker


def offered(screen: Any) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values() if b.enabled}


def dialog_text(app: Any) -> str:
    return str(app.screen.query_one(".dialog-body").render())


def addressed(agenda_: Any) -> dict[str, str]:
    return {p.email: p.name for p in agenda_.participants if p.email}


@pytest.mark.asyncio
async def test_v_writes_a_draft_to_everyone_without_the_households_names(clock, data_root) -> None:
    meeting_agenda = agenda("casusoverleg")
    expected = addressed(meeting_agenda)
    assert expected, "the shipped agenda has addresses"
    app = OverlegApp(agenda=meeting_agenda, data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await ended(pilot)
        summary = app.screen
        assert "send_minutes" in offered(summary)
        assert "v Mail" in screen_text(app), "the footer offers it"
        folder = app.chair.folder
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog), app.screen
        shown = dialog_text(app)
        assert "iedereen krijgt de versie zonder namen van het huishouden" in shown, shown
        for address, name in expected.items():
            assert address in shown and name in shown, (address, shown)
        draft = folder / "minutes-share.eml"
        assert str(draft) in shown
        assert "Concept schrijven?" in shown
        assert not draft.exists(), "nothing is written before the chair says yes"
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is summary
        assert draft.exists()
        assert stat.S_IMODE(draft.stat().st_mode) == 0o600
        message = BytesParser(policy=email.policy.default).parsebytes(draft.read_bytes())
        to = {address for _, address in getaddresses([str(message["To"])])}
        assert to == set(expected), to
        assert message["X-Unsent"] == "1"
        assert message["From"] is not None and "anouk.devries" in str(message["From"])
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()
        household = [c for item in meeting_agenda.items for c in item.clients]
        assert household
        for name in household:
            assert name not in text, f"{name} in the pseudonymised draft"
        journal = (folder / "journal.jsonl").read_text(encoding="utf-8")
        assert "minutes_sent" not in journal, "nothing is recorded as sent for a draft"
        assert not (folder / "minutes.eml").exists(), "no full version in a case meeting"


@pytest.mark.asyncio
async def test_v_in_a_meeting_without_clients_sends_the_full_minutes(clock, data_root) -> None:
    meeting_agenda = agenda("directeurenoverleg")
    app = OverlegApp(agenda=meeting_agenda, data_root=data_root, clock=clock, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await ended(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog), app.screen
        shown = dialog_text(app)
        assert "Everyone gets the full minutes." in shown, shown
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert not (app.chair.folder / "minutes.eml").exists(), "no means nothing written"
        await pilot.press("f1")
        await settle(pilot)
        assert "Send the minutes (write an e-mail draft)" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        # Minutes only read (the meeting open elsewhere): nothing to send from here.
        app.push_screen(SummaryScreen(app.chair.minutes(), chair=None))
        await settle(pilot)
        assert "send_minutes" not in offered(app.screen)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)


@pytest.mark.asyncio
async def test_v_without_addresses_says_how_to_add_them(clock, data_root) -> None:
    meeting_agenda = agenda("directeurenoverleg")
    nobody = tuple(dataclasses.replace(p, email="") for p in meeting_agenda.participants)
    app = OverlegApp(
        agenda=dataclasses.replace(meeting_agenda, participants=nobody),
        data_root=data_root,
        clock=clock,
    )
    async with app.run_test(size=SIZE) as pilot:
        await ended(pilot)
        notices: list[str] = []
        app.screen.notify = lambda message, **_: notices.append(message)  # type: ignore[method-assign]
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen), "no dialog without recipients"
        assert notices and 'email = "..."' in notices[0], notices
        assert not list(app.chair.folder.glob("*.eml"))
