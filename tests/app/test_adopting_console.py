"""Adopting at the table through the chair's console: the agenda (an item added, one dropped, one
moved) during "Vaststellen agenda", and the previous minutes (an amendment, then adopted) in the
item that reviews them."""

from __future__ import annotations

from pathlib import Path

import pytest
from steps import SIZE, agenda, choose, end_meeting, fill, open_item, screen_text, settle
from textual.widgets import Input, OptionList

from chair_helpers import JOOST, REVIEW_TOML, WEEK, begin, small, toml_agenda
from helpers import FakeClock
from overleg.chair.service import Service
from overleg.tui.app import OverlegApp
from overleg.tui.screens.dialogs import (
    AddItemDialog,
    ConfirmDialog,
    MoveItemDialog,
    PickDialog,
    TextDialog,
)
from overleg.tui.screens.meeting import MeetingScreen
from overleg.tui.screens.summary import SummaryScreen

pytestmark = pytest.mark.asyncio


def agenda_titles(app: OverlegApp) -> list[str]:
    """The agenda panel's items, top to bottom, as "number. title"."""
    options = app.screen.query_one("#agenda", OptionList).options
    return [str(o.prompt).split("\n")[0][2:] for o in options]


def footer_keys(app: OverlegApp) -> set[str]:
    return {b.id for _, b, enabled, _ in app.screen.active_bindings.values() if enabled}


async def test_the_agenda_is_adopted_with_an_item_added_dropped_and_moved(
    clock: FakeClock, data_root: Path
) -> None:
    app = OverlegApp(agenda=agenda("directeurenoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert "add_item" not in footer_keys(app), "the keys come with the agenda's item only"
        await open_item(pilot, 2)
        assert app.chair.state.item.spec.title == "Vaststellen agenda"
        assert {"add_item", "drop_item", "move_item"} <= footer_keys(app)
        assert "Toevoegen" in screen_text(app) and "Verplaatsen" in screen_text(app)

        # A: a new item, from the method list, with what each method is for.
        await pilot.press("A")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AddItemDialog)
        text = screen_text(app)
        assert "BOB-model" in text and "Beeldvorming, oordeelsvorming" in text
        dialog.query_one("#field-title", Input).value = "Inkoop Wmo 2027"
        methods = dialog.query_one("#field-method", OptionList)
        methods.highlighted = [o.id for o in methods.options].index("consent")
        dialog.query_one("#field-duration", Input).value = "15m"
        dialog.query_one("#field-title", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        # Before the closing item, which stays last.
        added = app.chair.state.items[-2]
        assert app.chair.state.items[-1].spec.title == "Sluiting en afsluitende ronde"
        assert (added.spec.title, added.spec.method, added.planned) == (
            "Inkoop Wmo 2027",
            "consent",
            15 * 60,
        )
        assert agenda_titles(app)[-2] == f"{added.number}. Inkoop Wmo 2027"
        assert any("Agendapunt 10 toegevoegd" in n.message for n in app._notifications)

        # X: drop "Mededelingen", saying why.
        mededelingen = next(i for i in app.chair.state.items if i.spec.title == "Mededelingen")
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, PickDialog)
        # Only items not yet taken up are offered.
        offered = [o.id for o in app.screen.query_one(OptionList).options]
        assert "0" not in offered and "1" not in offered
        await choose(pilot, str(mededelingen.index))
        assert isinstance(app.screen, TextDialog)
        await fill(pilot, reason="Geen mededelingen deze keer")
        assert [i.spec.title for i in app.chair.state.dropped] == ["Mededelingen"]

        # M: the added item up to place 5, by typing its place, then one further up.
        await pilot.press("M")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MoveItemDialog)
        order = dialog.query_one(OptionList)
        order.highlighted = [o.id for o in order.options].index(str(added.index))
        await pilot.press("5", "enter")  # typed on the agenda: the place field takes it
        await settle(pilot)
        assert app.chair.state.items[4].spec.title == "Inkoop Wmo 2027"
        await pilot.press("shift+up")
        await settle(pilot)
        assert app.chair.state.items[3].spec.title == "Inkoop Wmo 2027"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)

        titles = [i.spec.title for i in app.chair.state.items]
        assert titles.index("Inkoop Wmo 2027") < titles.index(
            "Eén toegang voor Wmo, Jeugd en Participatie"
        )
        # The panel shows the agenda as adopted, numbered anew.
        assert agenda_titles(app) == [f"{n}. {t}" for n, t in enumerate(titles, 1)]
        assert "Mededelingen" not in screen_text(app)

        # The number keys follow the new numbers.
        place = titles.index("Inkoop Wmo 2027") + 1
        await open_item(pilot, place)
        assert app.chair.state.item.spec.title == "Inkoop Wmo 2027"
        assert "add_item" not in footer_keys(app)

        clock.tick(60)
        await end_meeting(pilot)
        assert isinstance(app.screen, SummaryScreen)
        folder = app.chair.folder
    text = (folder / "minutes.md").read_text("utf-8")
    assert "Agenda vastgesteld met toevoeging van ‘Inkoop Wmo 2027’" in text, text
    assert "zonder ‘Mededelingen’" in text


async def test_the_palette_offers_the_agenda_commands_outside_its_item(
    clock: FakeClock, data_root: Path
) -> None:
    app = OverlegApp(agenda=agenda("directeurenoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        keys = [key for key, _, _ in screen.palette_commands()]
        assert {"ui.keys.add_item", "ui.keys.drop_item", "ui.keys.move_item"} <= set(keys)
        await open_item(pilot, 2)
        keys = [key for key, _, _ in screen.palette_commands()]
        assert "ui.keys.add_item" not in keys, "on its item the key's own entry lists it"


def held_first_meeting(service: Service, clock: FakeClock, tmp_path: Path):
    """Meeting 1 of series noord, with one decision, held and ended; a week later meeting 2
    started, at its item reviewing the minutes of meeting 1."""
    first = begin(service, small(tmp_path / "agendas"))
    command, params = first.run("decision").question.answered("Spoed")
    assert first.run(command, **params).ok
    assert first.run("propose", text="Sanne wordt regisseur van het plan").ok
    assert first.run("consent_rest").ok and first.run("decide").ok
    clock.tick(60)
    assert first.run("end_meeting", confirmed=True).then == "finish"
    first.minutes().write()
    first.close()
    clock.tick(WEEK)
    second = begin(service, toml_agenda(tmp_path / "agendas", REVIEW_TOML, "review.toml"))
    return first, second


async def test_the_previous_minutes_are_amended_and_adopted(
    clock: FakeClock, tmp_path: Path
) -> None:
    service = Service(tmp_path / "data", clock)
    first, second = held_first_meeting(service, clock, tmp_path)
    app = OverlegApp(chair=second, data_root=service.root, clock=service.clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        text = screen_text(app)
        assert "Ter vaststelling: verslag van Casusoverleg Noord, dinsdag 1 december 2026" in text
        assert "1.1 Sanne wordt regisseur van het plan" in text
        assert "Nog geen wijzigingen." in text and "Nog niet vastgesteld." in text
        assert {"amend", "adopt_minutes"} <= footer_keys(app)

        await pilot.press("W")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        assert "1. Casus gezin J." in screen_text(app), "the items of those minutes are named"
        await fill(pilot, number="1", text="Het was vader die wilde bellen", by=JOOST)
        text = screen_text(app)
        assert "bij punt 1 (Casus gezin J.): Het was vader die wilde bellen" in text

        await pilot.press("V")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Casusoverleg Noord" in screen_text(app) and "1 wijziging" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert "Vastgesteld in dit overleg." in screen_text(app)
    markdown = (first.folder / "minutes.md").read_text("utf-8")
    assert "Vastgesteld in het overleg van 8 december 2026, met de volgende wijzigingen:" in (
        markdown
    )
    assert "Het was vader die wilde bellen" in markdown


async def test_without_earlier_minutes_the_panel_says_so(clock: FakeClock, tmp_path: Path) -> None:
    service = Service(tmp_path / "data", clock)
    chair = begin(service, toml_agenda(tmp_path / "agendas", REVIEW_TOML, "review.toml"))
    app = OverlegApp(chair=chair, data_root=service.root, clock=service.clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Er ligt geen vorig verslag van deze reeks ter vaststelling." in screen_text(app)
        await pilot.press("V")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert any("geen vorig verslag" in n.message for n in app._notifications)
