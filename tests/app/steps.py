"""Steps of a meeting as the chair and minute-taker take them, shared by the app tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, OptionList

from helpers import FakeClock
from overleg.agenda import Agenda, load_agenda
from overleg.tui.screens.dialogs import (
    ActionDialog,
    ConfirmDialog,
    ConsentDialog,
    PickDialog,
    TextDialog,
)

AGENDAS = Path(__file__).resolve().parents[2] / "agendas"
SIZE = (120, 40)


def agenda(name: str) -> Agenda:
    return load_agenda(AGENDAS / f"{name}.toml")


def screen_text(app: Any) -> str:
    """What the terminal shows now, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def settle(pilot: Any, delay: float | None = None) -> None:
    await pilot.pause(delay)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start(pilot: Any) -> None:
    """Everyone as the agenda has them: s starts the meeting at its first item."""
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)


def meeting(app: Any) -> Any:
    return app.chair.session.meeting


async def write(pilot: Any, text: str) -> None:
    """i, the gist of a contribution, enter, escape."""
    await pilot.press("i")
    pilot.app.screen.query_one("#note", Input).value = text
    await pilot.press("enter", "escape")


async def full_round(
    pilot: Any, clock: FakeClock, seconds: float = 40, said: str = "zegt iets"
) -> list[str]:
    """Everyone in the running round speaks in turn and their gist is written; returns the order."""
    phase = meeting(pilot.app).state.phase
    order = list(phase.waiting())
    for name in order:
        await pilot.press("space")
        assert meeting(pilot.app).state.turn.speaker == name
        clock.tick(seconds)
        await write(pilot, f"{name} {said}")
    await pilot.press("space")  # closes the last turn
    await settle(pilot)
    return order


async def fill(pilot: Any, **values: str) -> None:
    """Fill the fields of the TextDialog on top and save it."""
    dialog = pilot.app.screen
    assert isinstance(dialog, TextDialog), type(dialog)
    for name, value in values.items():
        dialog.query_one(f"#field-{name}", Input).value = value
    dialog.save()
    await settle(pilot)


async def propose_and_consent(
    pilot: Any, text: str, rationale: str, objector: str | None = None, reason: str = ""
) -> None:
    """Propose, hold the consent round (one objection if asked), and press enter to decide.

    With an objection standing, enter leaves the choice (amend, or record over it) on screen.
    """
    await pilot.press("b")
    await settle(pilot)
    await fill(pilot, text=text, rationale=rationale)
    assert isinstance(pilot.app.screen, ConsentDialog)
    if objector is not None:
        await object_to(pilot, objector, reason)
    await pilot.press("r")
    await pilot.press("enter")
    await settle(pilot)


async def object_to(pilot: Any, objector: str, reason: str) -> None:
    """In the consent dialog: `objector` objects, for `reason`."""
    table = pilot.app.screen.query_one("#votes")
    table.move_cursor(row=table.get_row_index(objector))
    await pilot.press("o")
    await settle(pilot)
    await fill(pilot, reason=reason)


async def choose(pilot: Any, option_id: str) -> None:
    """Pick the option `option_id` in the PickDialog on top with the keyboard."""
    dialog = pilot.app.screen
    assert isinstance(dialog, PickDialog), type(dialog)
    options = dialog.query_one(OptionList)
    ids = [o.id for o in options.options]
    options.highlighted = 0
    await pilot.press(*["down"] * ids.index(option_id), "enter")
    await settle(pilot)


async def add_action(pilot: Any, what: str, owner: str, due: str) -> str:
    """Press a, fill the action dialog, return the resolved date it showed, and save."""
    await pilot.press("a")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ActionDialog)
    dialog.query_one("#what", Input).value = what
    dialog.query_one("#owner", Input).value = owner
    dialog.query_one("#due", Input).value = due
    await settle(pilot)
    shown = str(dialog.query_one("#resolved").render())
    dialog.query_one("#due", Input).focus()
    await pilot.press("enter")
    await settle(pilot)
    return shown


async def end_meeting(pilot: Any) -> None:
    await pilot.press("e")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)


async def open_item(pilot: Any, number: int) -> None:
    """Open agenda item `number` with its key, saying yes if the running item is left unfinished."""
    await pilot.press(str(number))
    await settle(pilot)
    if isinstance(pilot.app.screen, ConfirmDialog):
        await pilot.press("y")
        await settle(pilot)
