"""Names as the chair types them on the note line: "Name: text" finds the speaker; a name of two
people asks which; a name of no one says so, and Enter once more notes the line as it was typed."""

from __future__ import annotations

import pytest
from steps import SIZE, agenda, meeting, open_item, settle, start
from textual.widgets import Input, OptionList

from overleg.tui.app import OverlegApp
from overleg.tui.screens.dialogs import PickDialog

pytestmark = pytest.mark.asyncio


def noted(app) -> list[tuple[str | None, str]]:  # type: ignore[no-untyped-def]
    state = meeting(app).state
    return [(c.speaker, c.text) for p in state.item.phases for c in p.contributions]


async def type_line(pilot, text: str) -> Input:  # type: ignore[no-untyped-def]
    await pilot.press("i")
    line = pilot.app.screen.query_one("#note", Input)
    line.value = text
    await pilot.press("enter")
    await settle(pilot)
    return line


async def in_the_questions(pilot) -> None:  # type: ignore[no-untyped-def]
    await start(pilot)
    await open_item(pilot, 3)
    await pilot.press("n")
    await settle(pilot)
    await pilot.press("space")
    await settle(pilot)


async def test_a_first_name_in_any_case_finds_the_speaker(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await in_the_questions(pilot)
        people = list(meeting(app).state.people)
        someone = people[-1]
        line = await type_line(pilot, f"{someone.split()[0].lower()}: Wat is de vraag?")
        assert noted(app)[-1] == (someone, "Wat is de vraag?")
        assert line.value == ""


async def test_a_name_of_two_people_asks_which_and_a_stranger_is_named(clock, data_root) -> None:
    app = OverlegApp(agenda=agenda("casusoverleg"), data_root=data_root, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await in_the_questions(pilot)
        first = next(iter(meeting(app).state.people))
        given = first.split()[0]
        assert app.chair.run("guest", name=f"{given} Zwart", discipline="Politie").ok
        await settle(pilot)
        await type_line(pilot, f"{given.lower()}: Wie belt school?")
        dialog = app.screen
        assert isinstance(dialog, PickDialog)
        assert {o.id for o in dialog.query_one(OptionList).options} == {first, f"{given} Zwart"}
        options = dialog.query_one(OptionList)
        options.highlighted = [o.id for o in options.options].index(f"{given} Zwart")
        await pilot.press("enter")
        await settle(pilot)
        assert noted(app)[-1] == (f"{given} Zwart", "Wie belt school?")

        before = noted(app)
        line = await type_line(pilot, "Wietske: Is er een mentor?")
        assert noted(app) == before, "an unknown name is not noted at once"
        assert line.value == "Wietske: Is er een mentor?"
        assert any("Wietske" in str(n.message) for n in app._notifications)
        await pilot.press("enter")
        await settle(pilot)
        assert noted(app)[-1][1] == "Wietske: Is er een mentor?"
