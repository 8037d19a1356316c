"""The chair's commands, as data: one table that the footer, F1, the palette and the screens read.

Each `Command` says what it is called (`ui.keys.<id>` in the catalogs), which keys give it on the
meeting screen, when it applies (`needs`), whether the footer shows it, and whether the chair service
carries it out (`Chair.run`) or the screen only opens something (a form, the note line). Whether a
key may act is decided here once, from the meeting's state; the engine's refusal stays the final
word and reaches the screen as an `Outcome` with its message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from overleg.engine import MeetingState

#: Conditions a command may need: a meeting that has started, an item running, a round running,
#: an item that reviews the actions carried from the previous meeting, one that reviews its
#: minutes, the item that adopts the agenda.
MEETING, ITEM, ROUND, REVIEW, MINUTES = "meeting", "item", "round", "review", "minutes"
AGENDA = "agenda"

#: The methods of the items that review what the previous meeting left: never the agenda's item.
_REVIEW_METHODS = frozenset({"actions-review", "minutes-review"})


def adopts_agenda(title: str, method: str | None) -> bool:
    """Whether an item titled `title` of `method` is the one where the agenda is adopted
    ("Vaststellen agenda", "Agenda", "Adopting the agenda"): the title names the agenda and the
    item reviews nothing of the previous meeting."""
    return "agenda" in title.casefold() and method not in _REVIEW_METHODS


@dataclass(frozen=True)
class Command:
    #: The command's name; its words are `ui.keys.<id>` (and `ui.footer.<id>` where shorter).
    id: str
    #: Keys on the meeting screen, as Textual names them ("space", "N,shift+n"); "" for none.
    keys: str = ""
    #: What must hold for it to apply (see `applies`).
    needs: frozenset[str] = frozenset()
    #: Shown in the footer (F1 and the palette show every command that applies).
    show: bool = True
    #: The screen's own: it opens something (a form, the note line) rather than change the meeting.
    screen_only: bool = False

    @property
    def action(self) -> str:
        """The Textual action a key binding of this command runs."""
        return self.id


def _cmd(
    id: str,
    keys: str = "",
    needs: tuple[str, ...] = (),
    show: bool = True,
    screen_only: bool = False,
) -> Command:
    return Command(id, keys, frozenset(needs), show, screen_only)


#: The meeting's commands in the order the footer and F1 show them.
MEETING_COMMANDS: tuple[Command, ...] = (
    _cmd("next_speaker", "space", (ROUND,)),
    _cmd("pass_turn", "x", (ROUND,)),
    _cmd("next_phase", "n", (ITEM,)),
    _cmd("next_item", "N,shift+n", show=False),
    _cmd("goto_item", "t", (MEETING,), show=False, screen_only=True),
    _cmd("decision", "b", (ITEM,)),
    _cmd("action", "a", (ITEM,)),
    # Adopting the agenda: on keys while its item runs; the palette offers them at any time.
    _cmd("add_item", "A,shift+a", (MEETING, ITEM, AGENDA)),
    _cmd("drop_item", "X,shift+x", (MEETING, ITEM, AGENDA)),
    _cmd("move_item", "M,shift+m", (MEETING, ITEM, AGENDA)),
    # The previous minutes, while the item that reviews them runs.
    _cmd("amend", "W,shift+w", (ITEM, MINUTES)),
    _cmd("adopt_minutes", "V,shift+v", (ITEM, MINUTES)),
    _cmd("review_actions", "r", (ITEM, REVIEW), show=False),
    _cmd("contribute", "i,enter", (ITEM,), screen_only=True),
    _cmd("leave_input", "escape", show=False, screen_only=True),
    _cmd("order", "o", (ROUND,), show=False, screen_only=True),
    _cmd("extend", "plus", (ITEM,), show=False),
    _cmd("pause", "p"),
    _cmd("defer", "d", (ITEM,), show=False),
    _cmd("skip", "s", (ITEM,), show=False),
    _cmd("presence", "l", show=False, screen_only=True),
    _cmd("guest", "g", show=False),
    _cmd("corrections", "w", (MEETING,), show=False, screen_only=True),
    _cmd("undo", "ctrl+z", (MEETING,), show=False),
    _cmd("end_meeting", "e", show=False),
)

#: Commands the chair service carries out that no key of the meeting screen gives directly: from
#: the palette, the item keys 1-9 and the dialogs (speaking order, consent round, action review).
OTHER_COMMANDS: tuple[Command, ...] = (
    _cmd("open_item"),
    _cmd("add_action", needs=(ITEM,)),
    _cmd("give_floor", needs=(ROUND,)),
    _cmd("move_speaker", needs=(ROUND,)),
    _cmd("note", needs=(MEETING,)),
    _cmd("propose", needs=(ITEM,)),
    _cmd("vote", needs=(ITEM,)),
    _cmd("consent_rest", needs=(ITEM,)),
    _cmd("decide", needs=(ITEM,)),
    _cmd("mark_action", needs=(MEETING,)),
    _cmd("arrive", needs=(MEETING,)),
    _cmd("leave", needs=(MEETING,)),
    _cmd("correct_contribution", needs=(MEETING,)),
    _cmd("delete_contribution", needs=(MEETING,)),
    _cmd("correct_proposal", needs=(MEETING,)),
    _cmd("correct_action", needs=(MEETING,)),
    _cmd("correct_guest", needs=(MEETING,)),
    _cmd("remove_guest", needs=(MEETING,)),
    _cmd("hand_over", needs=(MEETING,)),
    _cmd("take_back", needs=(MEETING,)),
)

#: Commands that move the meeting's flow: the note-taker's terminal gives them only once the
#: chair has handed the flow over (`hand_over`); the chair's console always may.
FLOW_COMMANDS = frozenset(
    {
        "next_speaker",
        "pass_turn",
        "next_phase",
        "next_item",
        "open_item",
        "decision",
        "decide",
        "consent_rest",
        "vote",
        "extend",
        "pause",
        "defer",
        "skip",
        "end_meeting",
        "give_floor",
        "move_speaker",
        "arrive",
        "leave",
        "add_item",
        "drop_item",
        "move_item",
        "adopt_minutes",
    }
)
#: What only the chair's console does: hand the flow over and take it back.
CHAIR_ONLY = frozenset({"hand_over", "take_back"})

#: The item keys: 1-9 open items 1-9 (`open_item` with that index).
ITEM_KEYS = 9

COMMANDS: dict[str, Command] = {c.id: c for c in (*MEETING_COMMANDS, *OTHER_COMMANDS)}


def applies(command: Command, state: MeetingState | None) -> bool:
    """Whether `command` can act on a meeting in `state` (None: no meeting has started yet).

    Only what shows on screen is decided here (a key greyed out or hidden); the engine checks
    everything again and may still refuse, with its reason.
    """
    if state is None:
        return not command.needs
    if MEETING in command.needs and state.status == "new":
        return False
    if ITEM in command.needs and state.item is None:
        return False
    if ROUND in command.needs:
        phase = state.phase
        if phase is None or not phase.takes_turns:
            return False
    if REVIEW in command.needs:
        item = state.item
        if item is None or item.spec.method != "actions-review":
            return False
    if MINUTES in command.needs:
        item = state.item
        if item is None or item.spec.method != "minutes-review":
            return False
    if AGENDA in command.needs:
        item = state.item
        if item is None or not adopts_agenda(item.spec.title, item.spec.method):
            return False
    return True
