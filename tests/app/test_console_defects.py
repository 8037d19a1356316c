"""Defects a chair ran into at the meeting screen (issue 7), each checked as the chair sees it."""

from __future__ import annotations

import pytest
from steps import agenda, screen_text, settle, start

from overleg.tui.app import OverlegApp

pytestmark = pytest.mark.asyncio
SMALL = (80, 24)


async def test_80x24_shows_the_start_of_a_case_description_and_the_prompt(clock, data_root):
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SMALL) as pilot:
        await start(pilot)
        await pilot.press(
            "3", "y"
        )  # Casus gezin J. (leaving the check-in): its description opens it
        await settle(pilot)
        card = app.screen.query_one("#prompts").render()
        text = str(card)
        description = " ".join(app.chair.state.item.spec.description.split())
        first_prompt = app.chair.state.phase.spec.prompts[0]
        assert description.split()[0] in text, text
        assert first_prompt[:20] in screen_text(app), screen_text(app)


async def test_a_questions_phase_notes_questions_and_says_the_rule_beside_the_floor(
    clock, data_root
):
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("3", "y", "n")  # Casus gezin J., on to its questions
        await settle(pilot)
        assert app.chair.state.phase.spec.questions_only
        await pilot.press("space")
        await settle(pilot)
        speaker = app.chair.state.turn.speaker
        note = app.screen.query_one("#note")
        assert note.placeholder.startswith(f"Vraag van {speaker}"), note.placeholder
        floor = str(app.screen.query_one("#floor-rule").render())
        assert "Alleen vragen" in floor, floor


async def test_the_timer_says_time_left_and_time_over(clock, data_root):
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SMALL) as pilot:
        await start(pilot)
        await pilot.press("space")
        limit = app.chair.state.turn_limit()
        clock.tick(limit - 43)
        app.screen.tick()
        await settle(pilot)
        assert "nog 0:43" in screen_text(app)
        clock.tick(43 + 31)
        app.screen.tick()
        await settle(pilot)
        assert "0:31 over" in screen_text(app)


async def test_an_action_added_in_the_decision_phase_is_on_screen_at_once(clock, data_root):
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("3", "y")
        await settle(pilot)
        chair = app.chair
        decision = next(p.index for p in chair.state.item.phases if p.spec.kind == "decision")
        chair.run("goto_phase", index=decision, override="test")
        chair.run("add_action", what="Budgetbeheer aanvragen", owner="Sanne Kok")
        await settle(pilot)
        assert chair.state.phase.spec.kind == "decision"
        panel = app.screen.query_one("#actions")
        assert panel.display and panel.region.height > 0
        assert "Budgetbeheer aanvragen" in screen_text(app)


def long_agenda(folder) -> object:
    """An agenda of twelve items: more than the number keys reach."""
    from overleg.agenda import load_agenda

    items = "\n".join(
        f'[[items]]\ntitle = "Punt {n}"\nduration = "5m"\nmethod = "round"\n' for n in range(1, 13)
    )
    text = (
        '[meeting]\ntitle = "Lang overleg"\ndate = 2026-12-03T09:30:00\nlanguage = "nl"\n\n'
        '[[participants]]\nname = "Anouk de Vries"\nrole = "chair"\n\n'
        '[[participants]]\nname = "Pieter Hendriks"\n\n' + items
    )
    path = folder / "lang.toml"
    path.write_text(text, "utf-8")
    return load_agenda(path)


async def test_items_past_nine_are_reached_with_go_to_item(clock, data_root, tmp_path):
    from textual.widgets import OptionList

    from overleg.tui.screens.dialogs import PickDialog

    app = OverlegApp(agenda=long_agenda(tmp_path), data_root=data_root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, PickDialog), app.screen
        options = app.screen.query_one(OptionList)
        assert options.option_count == 12
        options.highlighted = 10
        await pilot.press("enter")
        await settle(pilot)
        if app.chair.state.current != 10:  # leaving an unfinished item asks first
            await pilot.press("y")
            await settle(pilot)
        assert app.chair.state.current == 10
        assert "11. Punt 11" in screen_text(app)


async def test_the_gate_line_names_who_is_still_to_be_heard(clock, data_root):
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await start(pilot)
        await pilot.press("3", "y", "n")
        await settle(pilot)
        for _ in range(len(app.chair.state.phase.order) - 1):
            await pilot.press("space")
        await settle(pilot)
        (title, names), *_ = app.chair.gate()
        line = str(app.screen.query_one("#gate").render())
        assert names[0] in line, line


async def test_the_command_palette_speaks_dutch_in_a_dutch_meeting(clock, data_root):
    from textual.command import CommandInput

    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        placeholder = app.screen.query_one(CommandInput).placeholder
        assert placeholder.startswith("Zoek"), placeholder
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles and not {"Keys", "Theme", "Quit", "Maximize", "Screenshot"} & set(titles)


async def test_a_deferred_or_skipped_item_shows_its_reason_in_the_agenda(clock, data_root):
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await start(pilot)
        app.chair.run("defer", reason="Moeder kon niet")
        app.chair.run("open_item", index=3, leave=True)
        app.chair.run("skip", reason="Is al opgelost")
        await settle(pilot)
        text = screen_text(app)
        assert "uitgesteld: Moeder kon niet" in text, text
        assert "vervallen: Is al opgelost" in text or "overgeslagen: Is al opgelost" in text, text


async def test_who_passed_is_asked_again_at_the_end_of_the_round(clock, data_root):
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("space", "x")  # the first passes for now
        await settle(pilot)
        first = next(iter(app.chair.state.phase.passed))
        for _ in app.chair.state.phase.waiting():
            await pilot.press("space")
        await pilot.press("space")
        await settle(pilot)
        assert app.chair.state.turn.speaker == first
        assert "Nog iets toevoegen? (x: nee)" in screen_text(app)
        await pilot.press("x")
        await settle(pilot)
        assert "Iedereen is aan de beurt geweest" in screen_text(app)
