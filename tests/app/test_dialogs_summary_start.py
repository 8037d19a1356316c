"""What a chair ran into at the dialogs, the summary and the start screen, checked as they see it."""

from __future__ import annotations

import os
from typing import Any

import pytest
from steps import SIZE, agenda, end_meeting, screen_text, settle, start
from textual.widgets import OptionList

from overleg import locations
from overleg.chair import views
from overleg.chair.service import Service
from overleg.tui.app import OverlegApp
from overleg.tui.screens.dialogs import Field, TextDialog
from overleg.tui.screens.meeting import MeetingScreen
from overleg.tui.screens.start import StartScreen
from overleg.tui.screens.summary import SummaryScreen


async def type_text(pilot: Any, text: str) -> None:
    """Type `text` key by key into the focused field, as at the keyboard."""
    await pilot.press(*["space" if c == " " else c for c in text])


# ---- 3. The first Enter in a dialog saves when what is required is filled in


@pytest.mark.asyncio
async def test_the_first_enter_in_the_proposal_saves_it(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("3", "y")  # Casus gezin J.
        await settle(pilot)
        chair = app.chair
        decision = next(p.index for p in chair.state.item.phases if p.spec.kind == "decision")
        chair.run("goto_phase", index=decision, override="test")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TextDialog), dialog
        assert "Enter: opslaan" in str(dialog.query_one(".dialog-hint").render())
        await type_text(pilot, "Budgetbeheer aanvragen")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not dialog, "one Enter saves; the rationale is optional"
        shown = views.decision_view(chair.state).proposal
        assert shown is not None and shown.text == "Budgetbeheer aanvragen"


@pytest.mark.asyncio
async def test_the_first_enter_in_a_guests_name_adds_the_guest(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await type_text(pilot, "Els Smit")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen), app.screen
        assert "Els Smit" in app.chair.state.people


@pytest.mark.asyncio
async def test_enter_goes_to_what_is_still_required_and_tab_moves_on(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        fields = [
            Field("name", "Naam"),
            Field("discipline", "Discipline"),
            Field("note", "Opmerking", required=False),
        ]
        saved: list[dict[str, str] | None] = []
        dialog = TextDialog("Twee verplichte velden", fields)
        app.push_screen(dialog, saved.append)
        await settle(pilot)
        await type_text(pilot, "Els")
        await pilot.press("enter")
        await settle(pilot)
        assert not saved, "a required field is still empty"
        assert app.focused is dialog.query_one("#field-discipline"), app.focused
        await pilot.press("tab")
        assert app.focused is dialog.query_one("#field-note"), "tab moves to the next field"
        await pilot.press("shift+tab")
        await type_text(pilot, "GGZ")
        await pilot.press("enter")
        await settle(pilot)
        assert saved == [{"name": "Els", "discipline": "GGZ", "note": ""}]


# ---- 10. A version without the household's names only where there is a household


async def held_and_ended(pilot: Any) -> None:
    await start(pilot)
    await end_meeting(pilot)
    assert isinstance(pilot.app.screen, SummaryScreen), pilot.app.screen


def keys_offered(screen: Any) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values() if b.enabled}


@pytest.mark.asyncio
async def test_a_meeting_without_clients_offers_no_version_without_their_names(
    clock, data_root
) -> None:
    app = OverlegApp(agenda=agenda("directeurenoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await held_and_ended(pilot)
        text = screen_text(app)
        assert "huishouden" not in text and "te delen" not in text, text
        assert "share_minutes" not in keys_offered(app.screen)
        await pilot.press("d")
        await settle(pilot)
        assert not (app.chair.folder / "minutes-share.md").exists()
        assert not app.screen.minutes.has_clients
        await pilot.press("f1")  # the keys of the screen
        await settle(pilot)
        assert "Verslag kopiëren" in screen_text(app)
        assert "te delen" not in screen_text(app), screen_text(app)


@pytest.mark.asyncio
async def test_a_case_meeting_offers_the_version_without_the_households_names(
    clock, data_root
) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await held_and_ended(pilot)
        assert app.screen.minutes.has_clients
        assert "share_minutes" in keys_offered(app.screen)
        assert "huishouden" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert (app.chair.folder / "minutes-share.md").exists()


# ---- 5. Copying says where it went, and a case meeting copies the version to share


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.asyncio
async def test_a_case_meeting_copies_the_version_without_the_households_names(
    clock, data_root
) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await held_and_ended(pilot)
        folder = app.chair.folder
        await pilot.press("c")
        await settle(pilot)
        copied = app.clipboard
        assert "gezin J." not in copied and "cliënt A" in copied, copied
        share = folder / "minutes-share.md"
        assert copied == share.read_text("utf-8"), "the file beside it holds what was copied"
        said = notices(app)[-1]
        assert "gekopieerd" not in said, said
        assert "OSC 52" in said and "klembord van de terminal" in said and str(share) in said
        assert "minutes-share.md" in screen_text(app)

        await pilot.press("C")  # the full version, with the names, on its own key
        await settle(pilot)
        full = app.clipboard
        assert "gezin J." in full and full == (folder / "minutes.md").read_text("utf-8")
        said = notices(app)[-1]
        assert "OSC 52" in said and str(folder / "minutes.md") in said, said


@pytest.mark.asyncio
async def test_a_meeting_without_clients_copies_the_minutes_and_says_where_they_went(
    clock, data_root
) -> None:
    app = OverlegApp(agenda=agenda("directeurenoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await held_and_ended(pilot)
        folder = app.chair.folder
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == (folder / "minutes.md").read_text("utf-8")
        said = notices(app)[-1]
        assert "OSC 52" in said and str(folder / "minutes.md") in said, said
        assert not (folder / "minutes-share.md").exists()


@pytest.mark.asyncio
async def test_the_copy_notice_in_english(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await held_and_ended(pilot)
        await pilot.press("c")
        await settle(pilot)
        said = notices(app)[-1]
        assert "terminal's clipboard" in said and "OSC 52" in said, said
        assert "copied" not in said, said


# ---- 18. A start screen without agendas says where it looked and how to make one


def flat(text: str) -> str:
    """The screen's text with its borders and line breaks gone: a long path may wrap."""
    return "".join(c for c in text if c.isalnum() or c in "/._-‘’ ")


@pytest.mark.asyncio
async def test_no_agendas_says_where_they_are_looked_for_and_how_to_make_one(
    clock, data_root, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(locations, "project_agendas_dir", lambda: None)  # installed, none shipped
    given = tmp_path / "mine"
    app = OverlegApp(data_root=data_root, clock=clock, agenda_paths=[given])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        text = screen_text(app)
        assert "Geen agenda’s gevonden" in text, text
        shown = "".join(flat(text).split())
        for place in (locations.user_agendas_dir(), given):
            assert "".join(str(place).split()) in shown, (place, text)
        assert "docs/agenda-format.md" in text and "overleg check" in text, text


@pytest.mark.asyncio
async def test_no_agendas_names_the_shipped_folder_to_copy_from(
    clock, data_root, tmp_path, monkeypatch
) -> None:
    shipped = tmp_path / "checkout" / "agendas"
    shipped.mkdir(parents=True)
    monkeypatch.setattr(locations, "project_agendas_dir", lambda: shipped)
    app = OverlegApp(data_root=data_root, clock=clock, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "No agendas found" in text, text
        shown = "".join(flat(text).split())
        for place in (shipped, locations.user_agendas_dir()):
            assert "".join(str(place).split()) in shown, (place, text)
        assert "overleg check" in text, text


def test_the_service_says_where_it_looks_for_agendas(tmp_path, monkeypatch) -> None:
    shipped = tmp_path / "agendas"
    monkeypatch.setattr(locations, "project_agendas_dir", lambda: shipped)
    given = tmp_path / "extra.toml"
    folders = Service(tmp_path / "data").agenda_folders([given])
    assert folders.shipped == shipped and folders.user == locations.user_agendas_dir()
    assert folders.given == (given,)
    assert folders.places == [shipped, locations.user_agendas_dir(), given]
    monkeypatch.setattr(locations, "project_agendas_dir", lambda: None)
    assert Service(tmp_path / "data").agenda_folders().places == [locations.user_agendas_dir()]
    overview = Service(tmp_path / "data").overview()
    assert overview.agendas == [] and overview.folders.user == locations.user_agendas_dir()


# ---- A broken agenda in the user's own folder shows as broken; it never takes the screen down


@pytest.mark.asyncio
async def test_broken_agendas_in_the_users_folder_show_as_broken(
    clock, data_root, tmp_path
) -> None:
    folder = locations.user_agendas_dir()
    folder.mkdir(parents=True)
    # Each of these crashed the start screen on every launch, or hung it.
    (folder / "diep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (folder / "getal.toml").write_text("x = " + "9" * 5000 + "\n", encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pijp.toml")
    app = OverlegApp(data_root=data_root, clock=clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen), app.screen
        text = screen_text(app)
        flat_text = " ".join(text.split())
        assert "Casusoverleg sociaal wijkteam Noord" in text, text  # the good ones are there
        assert (
            "diep diep.toml ✗ Kan niet worden gebruikt: 1:37: lists or inline tables are nested"
            in flat_text
        ), text
        assert "getal getal.toml ✗ Kan niet worden gebruikt: 1:5: a number of 5000 digits" in (
            flat_text
        ), text
        if hasattr(os, "mkfifo"):
            assert "pijp pijp.toml ✗ Kan niet worden gebruikt: this is a named pipe" in flat_text
        # Chosen anyway, it says why it cannot be used, and the screen stays.
        choices = app.screen.query_one(OptionList)
        broken = next(i for i, o in enumerate(choices.options) if "diep.toml" in str(o.prompt))
        choices.highlighted = broken
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert any("nested more than 32" in n.message for n in app._notifications)
    assert app.return_value is None
    assert not (tmp_path / "log").exists(), "nothing unexpected happened, so nothing logged"


@pytest.mark.asyncio
async def test_a_broken_agenda_counts_its_other_problems_in_english(clock, data_root) -> None:
    folder = locations.user_agendas_dir()
    folder.mkdir(parents=True)
    (folder / "kapot.toml").write_text(
        '[meeting]\ntitle = 3\n\n[[items]]\ntitle = "a"\nduration = "x"\nwat = 1\n', "utf-8"
    )
    app = OverlegApp(data_root=data_root, clock=clock, language="en")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        flat_text = " ".join(screen_text(app).split())
        assert (
            "kapot kapot.toml ✗ Cannot be used: 2:1: meeting.title must be text, "
            "not the number 3 (and 2 more problems)"
        ) in flat_text, flat_text


@pytest.mark.asyncio
async def test_an_unforeseen_failure_keeps_the_screen_and_logs_its_cause_only(
    clock, data_root, tmp_path, monkeypatch
) -> None:
    overview = Service.overview
    calls: list[object] = []

    def fail_once(self: Service, extra: Any = ()) -> Any:
        calls.append(extra)
        if len(calls) == 1:
            raise LookupError("Casus gezin Jansen, Dorpsstraat 12")  # personal data in the text
        return overview(self, extra)

    monkeypatch.setattr(Service, "overview", fail_once)
    app = OverlegApp(data_root=data_root, clock=clock)
    log = tmp_path / "log" / "errors.log"
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen), app.screen
        text = screen_text(app)
        assert "De mappen konden niet worden ingelezen; r probeert het opnieuw." in text, text
        assert "".join(str(log).split()) in "".join(flat(text).split()), text
        await pilot.press("r")  # reading again, and now it works
        await settle(pilot)
        assert "Casusoverleg sociaal wijkteam Noord" in screen_text(app)
    assert app.return_value is None
    logged = log.read_text("utf-8")
    assert "builtins.LookupError" in logged, logged
    assert "start.py" in logged and "in load" in logged, logged
    assert "WorkerFailed" not in logged
    assert "Jansen" not in logged and "Dorpsstraat" not in logged
