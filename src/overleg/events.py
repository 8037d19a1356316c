"""The events of a meeting: one typed definition per event type, checked both ways.

Every line of a journal after its header is one of the events below, as a JSON object with
``seq``, ``at`` and ``type`` and the event's own fields (docs/journal-format.md is the standard;
this module is its code). Writing and reading go through the same field specs, derived once from
the dataclasses' annotations and metadata:

* `to_record(event)` makes the JSON object of an event, after checking it;
* `from_record(record)` makes the event of a JSON object read from a file, or raises `Damage`
  saying which field does not fit: a wrong type, a value outside its range or choices, a control
  character or lone surrogate in a text, a timestamp without its UTC offset, a nested value where
  none belongs. Each type's reader is compiled from its specs (`READERS`); `_from_record_plain`
  is the same reading spelled out, which the tests hold the compiled readers to.

A field typed ``X | None`` with default None is optional: left out of the record when None, and
None when the record leaves it out. Other fields with a default may be left out by older journals
(version 1) and take the default; they are always written.

Pure: no I/O, no clock, no Textual.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

#: C0 controls (but newline and tab), DEL, C1 controls and the bidi overrides: never in a text.
#: The same set as `overleg.agenda.is_control`, as one pattern for speed.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: What no text may hold: `CONTROL`, and lone surrogates (a JSON escape such as ``\ud800``
#: reads as one; it has no UTF-8 form, so minutes holding it could never be written).
NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

#: The largest integer any field holds (seq, item, seconds): a file's integers of thousands of
#: digits are damage, not a very long meeting.
MAX_INT = 10**9
#: The longest text any field holds, in characters.
MAX_TEXT = 100_000

ATTENDANCE = ("present", "excused", "absent")
ROLES = ("chair", "minute-taker", "member", "case-owner", "guest")
VOTES = ("consent", "object", "abstain")
ACTION_STATUSES = ("open", "done", "carried", "dropped")
CONTRIBUTION_KINDS = ("contribution", "question", "answer")


class Damage(ValueError):
    """A record that does not fit its event type: `message` says which field and why."""


# ------------------------------------------------------------------------------- field metadata


def text_field(
    default: Any = dataclasses.MISSING, *, person: bool = False, one_line: bool = False
) -> Any:
    """A text field; `person`: it names someone at the table; `one_line`: no newline either."""
    meta = {"person": person, "one_line": one_line}
    if default is dataclasses.MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


def choice_field(options: tuple[str, ...], default: Any = dataclasses.MISSING) -> Any:
    """A text field holding one of `options`."""
    meta = {"choices": frozenset(options)}
    if default is dataclasses.MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


def number_field(default: Any = dataclasses.MISSING, *, least: int = 0) -> Any:
    """A whole number from `least` to `MAX_INT`."""
    meta = {"least": least}
    if default is dataclasses.MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


def day_field(default: Any = dataclasses.MISSING) -> Any:
    """A calendar date as ISO text (``2026-12-15``), or "" for none."""
    meta = {"date": True}
    if default is dataclasses.MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


# ---------------------------------------------------------------------------------- the events


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Event:
    """What every event has: its number in the journal (1, 2, ...) and its moment (with offset)."""

    seq: int
    at: datetime
    TYPE: ClassVar[str] = ""
    #: A change of the record that "undo" may take back (see `Undone`).
    UNDOABLE: ClassVar[bool] = False

    @property
    def type(self) -> str:
        return self.TYPE

    # Equality, hash and repr are written once here rather than made per type by dataclasses
    # (eq=False, repr=False above): they are what dataclasses would make, and 44 types of three
    # generated methods each cost every start-up several milliseconds.

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _names_of(type(self)))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Event)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names_of(type(self)))
        return f"{type(self).__qualname__}({shown})"


_NAMES: dict[type, tuple[str, ...]] = {}


def _names_of(cls: type) -> tuple[str, ...]:
    """The field names of an event type, in their order."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


# -- nested values


@dataclass(frozen=True, slots=True)
class PersonEntry:
    """Someone on the attendance list as the meeting started."""

    name: str = text_field(one_line=True)
    role: str = choice_field(ROLES, "member")
    discipline: str = text_field("", one_line=True)
    attendance: str = choice_field(ATTENDANCE, "present")
    guest: bool = False


@dataclass(frozen=True, slots=True)
class CarriedAction:
    """An open action of the previous meeting of the series, carried into this one."""

    id: str = text_field(one_line=True)
    number: str = text_field(one_line=True)
    what: str = text_field()
    owner: str = text_field(one_line=True)
    due: str = day_field("")
    #: The folder name of the meeting the action was first agreed in.
    origin: str = text_field("", one_line=True)
    #: The day that meeting was held (ISO), to show "6.1 of 2 December"; "" when unknown.
    origin_date: str = day_field("")


@dataclass(frozen=True, slots=True)
class Missing:
    """Who had not been heard in a phase when the chair overrode the gate."""

    title: str = text_field()
    names: tuple[str, ...] = ()


# -- the meeting and who is there


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class MeetingStarted(Event):
    TYPE = "meeting_started"
    people: tuple[PersonEntry, ...] = ()
    chair: str = text_field("", person=True)
    minute_taker: str = text_field("", person=True)
    carried_actions: tuple[CarriedAction, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PersonAdded(Event):
    """A guest joins at the table."""

    TYPE = "person_added"
    UNDOABLE = True
    name: str = text_field("", one_line=True)
    discipline: str = text_field("", one_line=True)
    role: str = choice_field(ROLES, "guest")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PersonArrived(Event):
    TYPE = "person_arrived"
    name: str = text_field("", person=True)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PersonLeft(Event):
    TYPE = "person_left"
    name: str = text_field("", person=True)


# -- items and phases


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ItemStarted(Event):
    TYPE = "item_started"
    item: int = number_field(0)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ItemEnded(Event):
    TYPE = "item_ended"
    item: int = number_field(0)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ItemDeferred(Event):
    TYPE = "item_deferred"
    item: int = number_field(0)
    reason: str = text_field("")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ItemSkipped(Event):
    TYPE = "item_skipped"
    item: int = number_field(0)
    reason: str = text_field("")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PhaseStarted(Event):
    TYPE = "phase_started"
    item: int = number_field(0)
    phase: int = number_field(0)
    order: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PhaseEnded(Event):
    TYPE = "phase_ended"
    item: int = number_field(0)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class TimeExtended(Event):
    TYPE = "time_extended"
    item: int = number_field(0)
    seconds: int = number_field(0, least=1)


# -- the agenda, adopted at the table


@dataclass(frozen=True, slots=True)
class PhaseEntry:
    """A phase of an item added at the table, as the header's agenda holds a phase."""

    kind: str = text_field(one_line=True)
    title: str = text_field(one_line=True)
    duration: int | None = None
    per_speaker: int | None = None
    prompts: tuple[str, ...] = ()
    presenter_speaks: bool = True
    questions_only: bool = False
    rule_prompt: int | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ItemAdded(Event):
    """An item is added to the agenda at the table, its method already expanded into phases."""

    TYPE = "item_added"
    #: Its index: the number of items the meeting had before (dropped ones included).
    item: int = number_field(0)
    #: Its place in the agenda's order, from 0.
    position: int = number_field(0)
    title: str = text_field("", one_line=True)
    method: str = text_field("", one_line=True)
    duration: int = number_field(0)
    presenter: str = text_field("", person=True)
    description: str = text_field("")
    direct_decision: bool = False
    phases: tuple[PhaseEntry, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ItemDropped(Event):
    """An item not yet started is taken off the agenda at the table."""

    TYPE = "item_dropped"
    item: int = number_field(0)
    reason: str = text_field("")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ItemMoved(Event):
    """An item not yet started gets another place in the agenda's order."""

    TYPE = "item_moved"
    item: int = number_field(0)
    position: int = number_field(0)


# -- rounds


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class TurnStarted(Event):
    TYPE = "turn_started"
    speaker: str = text_field("", person=True)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class TurnEnded(Event):
    TYPE = "turn_ended"
    speaker: str = text_field("", person=True)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class SpeakerPassed(Event):
    TYPE = "speaker_passed"
    speaker: str = text_field("", person=True)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class OrderChanged(Event):
    TYPE = "order_changed"
    order: tuple[str, ...] = ()


# -- what was said


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ContributionNoted(Event):
    """The gist of what someone said, in the running phase."""

    TYPE = "contribution_noted"
    UNDOABLE = True
    speaker: str = text_field("", person=True)
    text: str = text_field("")
    kind: str = choice_field(CONTRIBUTION_KINDS, "contribution")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class NoteAdded(Event):
    """A note on an item that is nobody's contribution."""

    TYPE = "note_added"
    UNDOABLE = True
    item: int = number_field(0)
    text: str = text_field("")


# -- decisions


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class DecisionProposed(Event):
    TYPE = "decision_proposed"
    item: int = number_field(0)
    text: str = text_field("")
    rationale: str = text_field("")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ProposalWithdrawn(Event):
    TYPE = "proposal_withdrawn"
    item: int = number_field(0)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ConsentGiven(Event):
    TYPE = "consent_given"
    item: int = number_field(0)
    name: str = text_field("", person=True)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ObjectionRaised(Event):
    TYPE = "objection_raised"
    item: int = number_field(0)
    name: str = text_field("", person=True)
    reason: str = text_field("")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class AbstentionRecorded(Event):
    TYPE = "abstention_recorded"
    item: int = number_field(0)
    name: str = text_field("", person=True)
    reason: str = text_field("")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class DecisionRecorded(Event):
    TYPE = "decision_recorded"
    item: int = number_field(0)
    over_objection: bool = False


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class GateOverridden(Event):
    TYPE = "gate_overridden"
    item: int = number_field(0)
    phase: int = number_field(0)
    reason: str = text_field("")
    missing: tuple[Missing, ...] = ()


# -- actions


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ActionAdded(Event):
    TYPE = "action_added"
    UNDOABLE = True
    id: str = text_field("", one_line=True)
    number: str = text_field("", one_line=True)
    what: str = text_field("")
    #: Someone at the table, or anyone else as free text ("moeder", "leerplicht").
    owner: str = text_field("", one_line=True)
    due: str = day_field("")
    item: int | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ActionChanged(Event):
    """An action's status set in the action review (or, in version 1, any change of it)."""

    TYPE = "action_changed"
    UNDOABLE = True
    id: str = text_field("", one_line=True)
    what: str | None = None
    owner: str | None = None
    due: str | None = day_field(None)
    status: str | None = choice_field(ACTION_STATUSES, None)
    note: str | None = None


# -- the meeting's clock


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Paused(Event):
    TYPE = "paused"
    #: Paused on opening, as of the last event: overleg had stopped without pausing.
    after_crash: bool = False


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Resumed(Event):
    TYPE = "resumed"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class MeetingEnded(Event):
    TYPE = "meeting_ended"


#: Who moves the meeting's flow (next speaker, next phase, decide): the chair's console, or the
#: note-taker's once the chair hands it over.
CONTROLLERS = ("chair", "notes")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ControlChanged(Event):
    """The chair hands the flow of the meeting to the note-taker's terminal, or takes it back."""

    TYPE = "control_changed"
    to: str = choice_field(CONTROLLERS, "chair")


# -- corrections: each points at the event whose entry it puts right; nothing is rewritten


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ContributionCorrected(Event):
    """A contribution or note gets other text, or is put against another speaker."""

    TYPE = "contribution_corrected"
    UNDOABLE = True
    #: The seq of the contribution_noted or note_added event of the entry.
    target: int = number_field(1, least=1)
    text: str | None = None
    speaker: str | None = text_field(None, person=True)
    #: With a new speaker in a questions phase: question or answer, as it now is.
    kind: str | None = choice_field(CONTRIBUTION_KINDS, None)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ContributionDeleted(Event):
    TYPE = "contribution_deleted"
    UNDOABLE = True
    target: int = number_field(1, least=1)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ProposalCorrected(Event):
    """A proposal's text and rationale put right before anyone answered it."""

    TYPE = "proposal_corrected"
    UNDOABLE = True
    #: The seq of the decision_proposed event.
    target: int = number_field(1, least=1)
    text: str = text_field("")
    rationale: str = text_field("")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ActionCorrected(Event):
    """An action's what, owner, due date or status put right (a correction, not a review)."""

    TYPE = "action_corrected"
    UNDOABLE = True
    id: str = text_field("", one_line=True)
    what: str | None = None
    owner: str | None = text_field(None, one_line=True)
    due: str | None = day_field(None)
    status: str | None = choice_field(ACTION_STATUSES, None)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class GuestCorrected(Event):
    """A guest's name or discipline put right; the record shows the new name throughout."""

    TYPE = "guest_corrected"
    UNDOABLE = True
    name: str = text_field("", person=True)
    new_name: str | None = text_field(None, one_line=True)
    discipline: str | None = text_field(None, one_line=True)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class GuestRemoved(Event):
    """A guest added by mistake leaves the record (allowed only before they took part)."""

    TYPE = "guest_removed"
    UNDOABLE = True
    name: str = text_field("", person=True)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class MinutesSent(Event):
    """The minutes went out by e-mail (`overleg send`): from whom, to whom, which version.

    Never the message itself: what was sent is the record as it read at `at`.
    """

    TYPE = "minutes_sent"
    sender: str = text_field("", one_line=True)
    to: tuple[str, ...] = ()
    version: str = choice_field(("full", "shared"), "full")


# -- the minutes of the previous meeting, adopted in this one


@dataclass(frozen=True, slots=True)
class Amendment:
    """A change the meeting asked for in the minutes it adopted."""

    #: The item of the adopted minutes it concerns (its number there), 0 for the minutes at large.
    number: int = number_field(0)
    #: That item's title there, "" for the minutes at large.
    title: str = text_field("", one_line=True)
    text: str = text_field("")
    #: Who asked for it, as typed ("" when not said).
    by: str = text_field("", one_line=True)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class AmendmentNoted(Event):
    """An amendment to the minutes on the table, noted in the item that reviews them."""

    TYPE = "amendment_noted"
    UNDOABLE = True
    #: This meeting's item that reviews the minutes.
    item: int = number_field(0)
    number: int = number_field(0)
    title: str = text_field("", one_line=True)
    text: str = text_field("")
    #: Who asked for it, as typed ("" when not said).
    by: str = text_field("", one_line=True)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class MinutesAdopted(Event):
    """This meeting adopts the minutes of an earlier meeting of its series."""

    TYPE = "minutes_adopted"
    item: int = number_field(0)
    #: The folder name of the meeting whose minutes are adopted.
    meeting: str = text_field("", one_line=True)
    title: str = text_field("", one_line=True)
    date: str = day_field("")
    amendments: tuple[Amendment, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Adopted(Event):
    """Appended to an ended meeting's journal: a later meeting adopted its minutes."""

    TYPE = "adopted"
    #: The folder name of the meeting that adopted them.
    meeting: str = text_field("", one_line=True)
    title: str = text_field("", one_line=True)
    date: str = day_field("")
    amendments: tuple[Amendment, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Undone(Event):
    """The change made by event `target` is taken back (undo); it is never itself undone."""

    TYPE = "undone"
    target: int = number_field(1, least=1)


#: Every event type by its name in the journal.
TYPES: dict[str, type[Event]] = {
    cls.TYPE: cls
    for cls in list(globals().values())
    if isinstance(cls, type) and issubclass(cls, Event) and cls is not Event
}
#: Types whose entry a correction may point at.
CORRECTIONS = frozenset(
    {
        "contribution_corrected",
        "contribution_deleted",
        "proposal_corrected",
        "action_corrected",
        "guest_corrected",
        "guest_removed",
    }
)


# ------------------------------------------------------------------------------ checking fields

_STR, _INT, _BOOL, _STRS, _NESTED, _OPT_STR, _OPT_INT = range(7)


@dataclass(frozen=True, slots=True)
class _Spec:
    """How one field is read and written."""

    name: str
    code: int
    required: bool
    default: Any
    optional: bool  # None is allowed (and means "not given")
    choices: frozenset[str] | None = None
    least: int = 0
    person: bool = False
    one_line: bool = False
    is_date: bool = False
    nested: Callable[[Any, str], Any] | None = None


def _spec_of(f: dataclasses.Field[Any], hint: Any) -> _Spec:
    meta = f.metadata
    has_default = f.default is not dataclasses.MISSING
    optional = False
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) and type(None) in args:
        optional = True
        hint = next(a for a in args if a is not type(None))
        args = typing.get_args(hint)
    nested = None
    if hint is str:
        code = _OPT_STR if optional else _STR
    elif hint is bool:
        code = _BOOL
    elif hint is int:
        code = _OPT_INT if optional else _INT
    elif typing.get_origin(hint) is tuple and args[0] is str:
        code = _STRS
    elif typing.get_origin(hint) is tuple and isinstance(args[0], type):
        code = _NESTED
        nested = _reader(args[0])
    else:  # pragma: no cover - a definition error, caught by the tests at import
        raise TypeError(f"field {f.name}: unsupported type {hint!r}")
    return _Spec(
        name=f.name,
        code=code,
        required=not has_default,
        default=f.default if has_default else None,
        optional=optional,
        choices=meta.get("choices"),
        least=meta.get("least", 0),
        person=meta.get("person", False),
        one_line=meta.get("one_line", False),
        is_date=meta.get("date", False),
        nested=nested,
    )


def _specs(cls: type) -> tuple[_Spec, ...]:
    hints = typing.get_type_hints(cls)
    skip = {"seq", "at"}
    return tuple(_spec_of(f, hints[f.name]) for f in dataclasses.fields(cls) if f.name not in skip)


def _bad(where: str, message: str) -> Damage:
    return Damage(f"{where}: {message}" if where else message)


def _check_text(value: str, spec: _Spec, where: str) -> None:
    if len(value) > MAX_TEXT:
        raise _bad(where, f"text of {len(value)} characters (at most {MAX_TEXT})")
    found = NOT_TEXT.search(value)
    if found is not None:
        if "\ud800" <= found.group() <= "\udfff":
            raise _bad(where, "holds a lone surrogate (no character)")
        raise _bad(where, "holds a control character")
    if spec.one_line and "\n" in value:
        raise _bad(where, "holds a line break")
    if spec.choices is not None and value not in spec.choices:
        raise _bad(where, f"is not one of {', '.join(sorted(spec.choices))}")
    if spec.is_date and value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise _bad(where, "is not a date (YYYY-MM-DD)") from None


def _value(spec: _Spec, value: Any, where: str) -> Any:
    """`value` read from JSON for field `spec`, converted (lists become tuples) and checked."""
    code = spec.code
    if value is None:
        if spec.optional:
            return None
        raise _bad(where, "is null")
    if code == _STR or code == _OPT_STR:
        if type(value) is not str:
            raise _bad(where, "is not a text")
        _check_text(value, spec, where)
        return value
    if code == _INT or code == _OPT_INT:
        if type(value) is not int:
            raise _bad(where, "is not a whole number")
        if not spec.least <= value <= MAX_INT:
            raise _bad(where, f"is outside {spec.least}..{MAX_INT}")
        return value
    if code == _BOOL:
        if type(value) is not bool:
            raise _bad(where, "is not true or false")
        return value
    if type(value) is not list:
        raise _bad(where, "is not a list")
    if code == _STRS:
        for entry in value:
            if type(entry) is not str:
                raise _bad(where, "holds something other than text")
            _check_text(entry, spec, where)
        return tuple(value)
    assert spec.nested is not None
    return tuple(spec.nested(entry, f"{where}[{i}]") for i, entry in enumerate(value))


def _reader(cls: type) -> Callable[[Any, str], Any]:
    """A function reading a nested value of dataclass `cls` from JSON (an object, or for
    `Missing` the pair ``[title, [names]]`` version 1 wrote)."""
    specs = _specs(cls)
    pair = cls is Missing

    def read(value: Any, where: str) -> Any:
        if pair and type(value) is list and len(value) == 2:
            value = {"title": value[0], "names": value[1]}
        if type(value) is not dict:
            raise _bad(where, "is not an object")
        unknown = value.keys() - {s.name for s in specs}
        if unknown:
            raise _bad(where, f"has an unknown field {sorted(unknown)[0]!r}")
        fields = {}
        for spec in specs:
            if spec.name in value:
                fields[spec.name] = _value(spec, value[spec.name], f"{where}.{spec.name}")
            elif spec.required:
                raise _bad(where, f"has no {spec.name}")
        return cls(**fields)

    return read


_SPECS: dict[str, tuple[_Spec, ...]] = {name: _specs(cls) for name, cls in TYPES.items()}
_FIELD_NAMES: dict[str, frozenset[str]] = {
    name: frozenset({"seq", "at", "type", *(s.name for s in specs)})
    for name, specs in _SPECS.items()
}
#: Per type, the fields that name someone at the table (replay checks they do).
PERSON_FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(s.name for s in specs if s.person) for name, specs in _SPECS.items()
}


def timestamp(value: Any, where: str = "at") -> datetime:
    """An ISO timestamp with its UTC offset, as every event's ``at`` is."""
    if type(value) is not str or len(value) > 40:
        raise _bad(where, "is not a timestamp")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(where, "is not a timestamp") from None
    if moment.utcoffset() is None:
        raise _bad(where, "has no UTC offset")
    return moment


def _unknown_field(kind: str, record: dict[str, Any]) -> Damage:
    unknown = sorted(set(record) - _FIELD_NAMES[kind])[0]
    return Damage(f"{kind}: unknown field {unknown[:40]!r}")


def _plain_texts(value: list[Any]) -> bool:
    """Whether every entry of `value` is a text with no control character or line break (and
    short enough): the common case of a list of names, checked in one pass."""
    try:
        joined = "".join(value)
    except TypeError:  # an entry that is not a text: `_value` says which
        return False
    return len(joined) <= MAX_TEXT and joined.isprintable()


def _from_record_plain(record: dict[str, Any]) -> Event:
    """`from_record` field by field, straight from the specs: the definition the compiled
    readers below must agree with (the tests and bench/fuzz_journal.py compare the two)."""
    kind = record["type"]
    cls = TYPES.get(kind)
    if cls is None:
        raise Damage(f"unknown event type {kind[:40]!r}")
    if not _FIELD_NAMES[kind].issuperset(record):
        raise _unknown_field(kind, record)
    fields: dict[str, Any] = {}
    for spec in _SPECS[kind]:
        if spec.name in record:
            fields[spec.name] = _value(spec, record[spec.name], spec.name)
        elif spec.required:
            raise Damage(f"{kind}: has no {spec.name}")
    return cls(record["seq"], timestamp(record.get("at")), **fields)


def _fast_test(spec: _Spec, var: str) -> str | None:
    """A Python expression, true only when `var` holds a value that `_value` would return as it
    is, for the common fields; None for a field that always goes through `_value`.

    ``str.isprintable()`` is false for every character `NOT_TEXT` matches (and for newline and
    tab), so a printable text needs no search; one that is not is searched as `_value` does.
    """
    code = spec.code
    if code in (_STR, _OPT_STR):
        if spec.choices is not None:
            test = f"(type({var}) is str and {var} in C_{spec.name})"
        elif spec.is_date:
            test = f'{var} == ""'
        else:
            line = f' and "\\n" not in {var}' if spec.one_line else ""
            test = (
                f"(type({var}) is str and len({var}) <= MAX_TEXT and ({var}.isprintable()"
                f" or (search({var}) is None{line})))"
            )
    elif code in (_INT, _OPT_INT):
        test = f"(type({var}) is int and {spec.least} <= {var} <= MAX_INT)"
    elif code == _BOOL:
        test = f"({var} is True or {var} is False)"
    else:
        return None
    return f"({var} is None or {test})" if spec.optional else test


def _compile_reader(kind: str, cls: type[Event]) -> Callable[[dict[str, Any]], Event]:
    """The reader of one event type: what `_from_record_plain` does, unrolled for its fields.

    Each field's common case is tested inline; anything else goes to `_value`, which converts
    it or raises the same `Damage` the plain reader would. Made from the field specs, as
    dataclasses makes an ``__init__``, once per type when it is first read (see `READERS`):
    nothing here is written per type by hand. A replay spends about half the time it did in
    `from_record`: no loop over specs, no dict of fields, no ``__init__`` through
    ``object.__setattr__``.
    """
    specs = _SPECS[kind]
    scope: dict[str, Any] = {
        "cls": cls,
        "names": _FIELD_NAMES[kind],
        "unknown_field": _unknown_field,
        "value": _value,
        "Damage": Damage,
        "MAX_TEXT": MAX_TEXT,
        "MAX_INT": MAX_INT,
        "search": NOT_TEXT.search,
        "plain_texts": _plain_texts,
        "fromisoformat": datetime.fromisoformat,
        "timestamp": timestamp,
    }
    body = [
        "def read(record):",
        "    if not names.issuperset(record):",
        f"        raise unknown_field({kind!r}, record)",
    ]
    args = []
    for i, spec in enumerate(specs):
        var = f"v{i}"
        args.append(var)
        scope[f"S{i}"] = spec
        scope[f"D{i}"] = spec.default
        if spec.choices is not None:
            scope[f"C_{spec.name}"] = spec.choices
        body.append(f"    if {spec.name!r} in record:")
        body.append(f"        {var} = record[{spec.name!r}]")
        test = _fast_test(spec, var)
        if spec.code == _STRS and spec.choices is None and not spec.is_date and not spec.one_line:
            body.append(f"        if type({var}) is list and plain_texts({var}):")
            body.append(f"            {var} = tuple({var})")
            body.append("        else:")
            body.append(f"            {var} = value(S{i}, {var}, {spec.name!r})")
        elif test is None:
            body.append(f"        {var} = value(S{i}, {var}, {spec.name!r})")
        else:
            body.append(f"        if not {test}:")
            body.append(f"            {var} = value(S{i}, {var}, {spec.name!r})")
        body.append("    else:")
        if spec.required:
            body.append(f"        raise Damage({f'{kind}: has no {spec.name}'!r})")
        else:
            body.append(f"        {var} = D{i}")
    # The moment last, as the plain reader checks it: after every field.
    body += [
        '    at = record.get("at")',
        "    if type(at) is str and len(at) <= 40:",
        "        try:",
        "            moment = fromisoformat(at)",
        "        except ValueError:",
        "            moment = None",
        # fromisoformat gives a fixed `timezone` or none: no tzinfo is no UTC offset.
        "        if moment is None or moment.tzinfo is None:",
        "            moment = timestamp(at)",
        "    else:",
        "        moment = timestamp(at)",
    ]
    # The event made as its dataclass __init__ would, but through the slots' own descriptors (a
    # frozen dataclass sets each field with object.__setattr__, twice as slow); it has no
    # __post_init__, and the tests compare every reader with the plain one.
    assert not hasattr(cls, "__post_init__") and "__dict__" not in dir(cls)
    slots = ["seq", "at", *(s.name for s in specs)]
    owners = {name: next(c for c in cls.__mro__ if name in c.__dict__) for name in slots}
    for name in slots:
        scope[f"set_{name}"] = owners[name].__dict__[name].__set__
    scope["new"] = object.__new__
    body.append("    event = new(cls)")
    body.append('    set_seq(event, record["seq"])')
    body.append("    set_at(event, moment)")
    for spec, var in zip(specs, args, strict=True):
        body.append(f"    set_{spec.name}(event, {var})")
    body.append("    return event")
    exec("\n".join(body), scope)  # noqa: S102 - our own source, made from the specs above
    read: Callable[[dict[str, Any]], Event] = scope["read"]
    read.__qualname__ = read.__name__ = f"read_{kind}"
    return read


class _Readers(dict[str, Callable[[dict[str, Any]], Event]]):
    """Per event type, its compiled reader, made when the type is first read (compiling all of
    them would cost every start-up ~13 ms); an unknown type is `Damage`."""

    def __missing__(self, kind: str) -> Callable[[dict[str, Any]], Event]:
        cls = TYPES.get(kind)
        if cls is None:
            raise Damage(f"unknown event type {kind[:40]!r}")
        read = self[kind] = _compile_reader(kind, cls)
        return read


#: ``READERS[type](record)`` is `from_record` without its call, for a caller reading many.
READERS = _Readers()


def from_record(record: dict[str, Any]) -> Event:
    """The event a journal line's JSON object holds; `Damage` when it does not fit its type.

    The caller has checked ``seq`` (an int, the expected one) and that ``type`` is a string.
    """
    return READERS[record["type"]](record)


def to_record(event: Event) -> dict[str, Any]:
    """The JSON object of `event` for its journal line, checked as it will be read back.

    Raises `Damage` (a ValueError) for an event that could not be read back: the engine never
    writes what replay would refuse.
    """
    record: dict[str, Any] = {"seq": event.seq, "at": event.at.isoformat(), "type": event.TYPE}
    if event.at.utcoffset() is None:
        raise Damage("at: has no UTC offset")
    for spec in _SPECS[event.TYPE]:
        value = getattr(event, spec.name)
        if value is None and spec.optional:
            continue
        record[spec.name] = _plain(value)
    from_record(record)  # the same checks a reader makes
    return record


def _plain(value: Any) -> Any:
    """A field's value as JSON holds it: tuples as lists, nested dataclasses as objects."""
    if type(value) is tuple:
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def names_in(event: Event) -> list[str]:
    """Every name of someone at the table that `event` holds (for checking and renaming)."""
    found: list[str] = [getattr(event, n) for n in PERSON_FIELDS[event.TYPE]]
    if isinstance(event, (PhaseStarted, OrderChanged)):
        found.extend(event.order)
    elif isinstance(event, GateOverridden):
        for entry in event.missing:
            found.extend(entry.names)
    return [n for n in found if n]
