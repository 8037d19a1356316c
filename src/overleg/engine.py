"""The meeting engine: commands in, events out, state derived from events.

A `Meeting` validates each command against the current state and turns it into one or more
`Event`s. Each event goes to the sink (the journal, which makes it durable) *before* it is
applied, so nothing the screen confirms can be lost. `apply` depends on nothing but the state
and the event: no clock, no I/O, no Textual. Replaying the same events always gives the same
state, which is how a meeting resumes after a crash.

Time is never counted in ticks: every clock on screen is computed from event timestamps and the
injected clock, so a resumed meeting continues with the right time.
"""

from __future__ import annotations

import dataclasses
import gc
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# The attendance vocabulary (PRESENT, ...) is the agenda's: screens can use it without the engine.
from overleg import events as ev_
from overleg.agenda import (
    ATTENDANCE,
    PRESENT,
    TURN_KINDS,
    Agenda,
    Item,
    Participant,
    Phase,
    is_control,
    method_phases,
)
from overleg.events import ACTION_STATUSES as ACTION_STATUSES
from overleg.events import VOTES as VOTES
from overleg.events import Damage
from overleg.events import Event as Event
from overleg.refused import GateClosed as GateClosed
from overleg.refused import Refused as Refused

Clock = Callable[[], datetime]
Sink = Callable[["Event"], None]

#: Statuses of an action that still needs doing, and so goes to the next meeting of the series.
OPEN_STATUSES = frozenset({"open", "carried"})


# ---------------------------------------------------------------------------------------- state


@dataclass(slots=True)
class Timer:
    """Seconds spent, from timestamps: the sum of closed intervals plus the open one, if any."""

    spent: float = 0.0
    since: datetime | None = None

    def run(self, at: datetime) -> None:
        if self.since is None:
            self.since = at

    def stop(self, at: datetime) -> None:
        if self.since is not None:
            self.spent += (at - self.since).total_seconds()
            self.since = None

    def seconds(self, now: datetime | None = None) -> float:
        if self.since is None or now is None:
            return self.spent
        return self.spent + max(0.0, (now - self.since).total_seconds())

    @property
    def running(self) -> bool:
        return self.since is not None


@dataclass(slots=True)
class Person:
    name: str
    role: str = "member"
    discipline: str = ""
    attendance: str = PRESENT
    guest: bool = False
    arrived_at: datetime | None = None  # set only for a late arrival
    left_at: datetime | None = None
    #: Takes part in consent rounds: derived from the agenda and the guest flag, not journalled.
    consent: bool = True
    #: When a guest's name or discipline was last corrected, or None.
    corrected_at: datetime | None = None

    @property
    def here(self) -> bool:
        """Present at this moment: attending and not yet gone."""
        return self.attendance == PRESENT and self.left_at is None


@dataclass(slots=True)
class Contribution:
    seq: int
    at: datetime
    speaker: str | None
    text: str
    #: contribution | question | answer | note
    kind: str
    #: When it was last corrected (text, speaker), or None.
    corrected_at: datetime | None = None


@dataclass(slots=True)
class Turn:
    speaker: str
    started_at: datetime
    timer: Timer
    passed: bool = False


@dataclass(slots=True)
class PhaseState:
    index: int
    spec: Phase
    status: str = "todo"  # todo | running | done
    timer: Timer = field(default_factory=Timer)
    order: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    current: Turn | None = None
    heard: dict[str, None] = field(default_factory=dict)  # an ordered set
    passed: dict[str, None] = field(default_factory=dict)
    #: Those who passed and were asked once more at the end of the round (they are asked once).
    asked_again: dict[str, None] = field(default_factory=dict)
    contributions: list[Contribution] = field(default_factory=list)
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def takes_turns(self) -> bool:
        return self.spec.kind in TURN_KINDS

    def waiting(self) -> list[str]:
        """Those in the speaking order who have neither spoken nor passed, in order."""
        return [n for n in self.order if n not in self.heard and n not in self.passed]

    def to_ask_again(self) -> list[str]:
        """Those who passed and have not yet been asked whether they want to add something."""
        return [n for n in self.passed if n not in self.asked_again]


@dataclass(slots=True)
class Vote:
    name: str
    vote: str  # consent | object | abstain
    reason: str
    at: datetime


@dataclass(slots=True)
class Proposal:
    text: str
    rationale: str
    at: datetime
    votes: dict[str, Vote] = field(default_factory=dict)
    #: When its text or rationale was last corrected, or None.
    corrected_at: datetime | None = None
    #: The seq of the event that proposed it (what a correction points at).
    seq: int = 0


@dataclass(slots=True)
class Decision:
    number: str
    item: int
    text: str
    rationale: str
    at: datetime
    votes: dict[str, Vote]
    #: Recorded although an objection stood (consent not reached); the minutes say so.
    over_objection: bool = False
    #: Every objection raised on the way, also those resolved by amending the proposal.
    objections_heard: list[Vote] = field(default_factory=list)
    #: When the proposal's text or rationale was last corrected, or None.
    corrected_at: datetime | None = None

    @property
    def objections(self) -> list[Vote]:
        """Objections that still stood when the decision was recorded."""
        return [v for v in self.votes.values() if v.vote == "object"]


@dataclass(slots=True)
class Override:
    item: int
    phase: int
    reason: str
    missing: list[tuple[str, list[str]]]
    at: datetime


@dataclass(slots=True)
class Action:
    id: str
    number: str
    what: str
    owner: str
    due: date | None
    status: str = "open"
    item: int | None = None
    origin: str = ""  # the meeting an action was carried from; "" for this meeting's own
    created_at: datetime | None = None
    note: str = ""
    #: The day the meeting it was first agreed in was held, for a carried action.
    origin_date: date | None = None
    #: When its what, owner, due date or status was last corrected, or None.
    corrected_at: datetime | None = None


@dataclass(slots=True)
class ItemState:
    #: The item in every event (`item`): its place in the header's agenda, or for an item added
    #: at the table, the number of items there were. It never changes.
    index: int
    spec: Item
    status: str = "todo"  # todo | running | done | deferred | skipped | dropped
    #: Its number in the agenda as adopted (1, 2, ...); 0 once dropped.
    number: int = 0
    timer: Timer = field(default_factory=Timer)
    extra: int = 0
    phases: list[PhaseState] = field(default_factory=list)
    phase: int | None = None
    proposal: Proposal | None = None
    decisions: list[Decision] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    notes: list[Contribution] = field(default_factory=list)
    action_count: int = 0
    #: Objections raised since the item's last decision, kept when the proposal is amended.
    objections_heard: list[Vote] = field(default_factory=list)
    reason: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def planned(self) -> int:
        return self.spec.duration + self.extra

    @property
    def current_phase(self) -> PhaseState | None:
        return self.phases[self.phase] if self.phase is not None else None


@dataclass(slots=True)
class AgendaChange:
    """The agenda changed at the table: an item added, dropped or moved."""

    kind: str  # added | dropped | moved
    index: int
    title: str
    at: datetime
    reason: str = ""
    #: The item running when it changed (the one adopting the agenda), or None.
    during: int | None = None


@dataclass(slots=True)
class AmendmentEntry:
    """An amendment to the minutes on the table, as noted."""

    seq: int
    at: datetime
    item: int
    number: int
    title: str
    text: str
    by: str = ""


@dataclass(slots=True)
class Adoption:
    """Minutes adopted: by this meeting (of an earlier one), or of this one (by a later one)."""

    meeting: str
    title: str
    date: str
    at: datetime
    #: (number, title, text, who asked) per amendment, in order.
    amendments: tuple[tuple[int, str, str, str], ...] = ()
    item: int | None = None


@dataclass(slots=True)
class MeetingState:
    agenda: Agenda
    status: str = "new"  # new | running | paused | ended
    #: Whose terminal moves the flow: "chair", or "notes" once the chair has handed it over.
    control: str = "chair"
    people: dict[str, Person] = field(default_factory=dict)
    chair: str = ""
    minute_taker: str = ""
    items: list[ItemState] = field(default_factory=list)
    current: int | None = None
    actions: list[Action] = field(default_factory=list)
    started_at: datetime | None = None
    ended_at: datetime | None = None
    paused_at: datetime | None = None
    pauses: list[tuple[datetime, datetime]] = field(default_factory=list)
    speaking: dict[str, float] = field(default_factory=dict)
    turn_counts: dict[str, int] = field(default_factory=dict)
    last_seq: int = 0
    last_at: datetime | None = None
    #: Entries put right by a correction: the seq of the event that made the entry -> when.
    corrections: dict[int, datetime] = field(default_factory=dict)
    #: Every item by its index (the events' `item`), dropped ones too; `items` keeps the
    #: agenda's order as adopted, without the dropped ones.
    by_index: dict[int, ItemState] = field(default_factory=dict)
    dropped: list[ItemState] = field(default_factory=list)
    agenda_changes: list[AgendaChange] = field(default_factory=list)
    amendments: list[AmendmentEntry] = field(default_factory=list)
    #: The earlier minutes this meeting adopted, or None.
    adopts: Adoption | None = None
    #: A later meeting adopted this meeting's minutes, or None: they can no longer be corrected.
    adopted: Adoption | None = None

    # ---- questions screens and minutes ask

    @property
    def item(self) -> ItemState | None:
        return self.by_index[self.current] if self.current is not None else None

    @property
    def phase(self) -> PhaseState | None:
        item = self.item
        return item.current_phase if item is not None else None

    @property
    def turn(self) -> Turn | None:
        phase = self.phase
        return phase.current if phase is not None else None

    def here(self) -> list[str]:
        """Names of those present now, in attendance order."""
        return [p.name for p in self.people.values() if p.here]

    def up_next(self, phase: PhaseState | None = None) -> list[str]:
        """Who speaks next in a round, in order: those present still to speak (the speaker
        aside), and once everyone has had a turn, those who passed and are to be asked again."""
        phase = phase or self.phase
        if phase is None:
            return []
        current = phase.current.speaker if phase.current is not None else None
        here = {n for n, p in self.people.items() if p.here}
        waiting = [n for n in phase.waiting() if n != current and n in here]
        return waiting or [n for n in phase.to_ask_again() if n != current and n in here]

    def in_turn_order(self) -> list[str]:
        """Those present now with the chair last, as rounds and consent rounds go."""
        names = self.here()
        if self.chair in names:
            names = [n for n in names if n != self.chair] + [self.chair]
        return names

    def consent_round(self) -> list[str]:
        """Those present now who take part in consent, the chair last: guests are heard in
        rounds but answer a proposal only when the agenda says so for them."""
        return [n for n in self.in_turn_order() if self.people[n].consent]

    def action(self, action_id: str) -> Action | None:
        for action in self.actions:
            if action.id == action_id:
                return action
        return None

    def speaking_seconds(self, name: str, now: datetime | None = None) -> float:
        """Seconds `name` has had the floor, the running turn included."""
        total = self.speaking.get(name, 0.0)
        turn = self.turn
        if turn is not None and turn.speaker == name:
            total += turn.timer.seconds(now)
        return total

    def turn_limit(self, phase: PhaseState | None = None) -> int | None:
        """Seconds each speaker has in a turn phase."""
        phase = phase or self.phase
        if phase is None or not phase.takes_turns:
            return None
        if phase.spec.per_speaker:
            return phase.spec.per_speaker
        if phase.spec.duration and phase.order:
            return max(15, phase.spec.duration // len(phase.order))
        return None

    def behind(self, now: datetime) -> float:
        """Seconds the meeting runs behind its planned end (negative: ahead)."""
        if self.started_at is None:
            return 0.0
        planned_end = self.agenda.planned_seconds
        remaining = 0.0
        for item in self.items:
            if item.status == "todo":
                remaining += item.planned
            elif item.status == "running":
                remaining += max(0.0, item.planned - item.timer.seconds(now))
        reference = self.ended_at or now
        return (reference - self.started_at).total_seconds() + remaining - planned_end


# ------------------------------------------------------------------------------ applying events


def new_state(agenda: Agenda) -> MeetingState:
    """The state of a meeting of `agenda` before its first event."""
    state = MeetingState(agenda=agenda)
    state.items = [_item_state(i, item) for i, item in enumerate(agenda.items)]
    state.by_index = {item.index: item for item in state.items}
    return state


def _item_state(index: int, spec: Item) -> ItemState:
    phases = [PhaseState(j, p) for j, p in enumerate(spec.phases)]
    return ItemState(index=index, spec=spec, phases=phases, number=index + 1)


def _renumber(state: MeetingState) -> None:
    for number, item in enumerate(state.items, 1):
        item.number = number


def _stop_clocks(state: MeetingState, at: datetime) -> None:
    item = state.item
    if item is None:
        return
    item.timer.stop(at)
    phase = item.current_phase
    if phase is not None:
        phase.timer.stop(at)
        if phase.current is not None:
            phase.current.timer.stop(at)


def _run_clocks(state: MeetingState, at: datetime) -> None:
    item = state.item
    if item is None:
        return
    item.timer.run(at)
    phase = item.current_phase
    if phase is not None and phase.status == "running":
        phase.timer.run(at)
        if phase.current is not None:
            phase.current.timer.run(at)


def _running(state: MeetingState) -> bool:
    return state.status == "running"


def _end_turn(state: MeetingState, phase: PhaseState, at: datetime, passed: bool) -> None:
    turn = phase.current
    if turn is None:
        return
    turn.timer.stop(at)
    turn.passed = passed
    phase.current = None
    name = turn.speaker
    state.speaking[name] = state.speaking.get(name, 0.0) + turn.timer.spent
    state.turn_counts[name] = state.turn_counts.get(name, 0) + 1
    if passed:
        phase.passed[name] = None
        phase.heard.pop(name, None)
    else:
        phase.heard[name] = None
        phase.passed.pop(name, None)


def _end_phase(state: MeetingState, item: ItemState, at: datetime) -> None:
    phase = item.current_phase
    if phase is None:
        return
    _end_turn(state, phase, at, passed=False)
    phase.timer.stop(at)
    phase.status = "done"
    phase.ended_at = at
    item.phase = None


def _end_item(state: MeetingState, item: ItemState, at: datetime, status: str) -> None:
    _end_phase(state, item, at)
    item.timer.stop(at)
    item.status = status
    item.ended_at = at
    if state.current == item.index:
        state.current = None


def _ev_meeting_started(state: MeetingState, ev: ev_.MeetingStarted) -> None:
    state.status = "running"
    state.started_at = ev.at
    state.chair = ev.chair
    state.minute_taker = ev.minute_taker
    listed = {p.name: p for p in state.agenda.participants}
    state.people = {
        p.name: Person(
            name=p.name,
            role=p.role,
            discipline=p.discipline,
            attendance=p.attendance,
            guest=p.guest,
            consent=_in_consent(p.guest, p.role, listed.get(p.name)),
        )
        for p in ev.people
    }
    state.actions.extend(
        Action(
            id=a.id,
            number=a.number,
            what=a.what,
            owner=a.owner,
            due=_day(a.due),
            origin=a.origin,
            origin_date=_day(a.origin_date),
        )
        for a in ev.carried_actions
    )


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _in_consent(guest: bool, role: str, listed: Participant | None) -> bool:
    """Whether someone at the table takes part in consent rounds, from what the journal holds.

    A guest added at the table does not; someone on the agenda as the agenda says (its
    `consent`, else everyone but a guest). Derived on replay, so journals keep their format.
    """
    if guest:
        return False
    if listed is not None:
        return listed.in_consent
    return role != "guest"


def _ev_person_added(state: MeetingState, ev: ev_.PersonAdded) -> None:
    state.people[ev.name] = Person(
        name=ev.name,
        role=ev.role,
        discipline=ev.discipline,
        guest=True,
        arrived_at=ev.at,
        consent=False,
    )


def _ev_person_arrived(state: MeetingState, ev: ev_.PersonArrived) -> None:
    person = state.people[ev.name]
    person.attendance = PRESENT
    person.arrived_at = ev.at
    person.left_at = None


def _ev_person_left(state: MeetingState, ev: ev_.PersonLeft) -> None:
    state.people[ev.name].left_at = ev.at


def _start_phase(
    state: MeetingState, item: ItemState, index: int, order: Iterable[str], at: datetime
) -> None:
    phase = item.phases[index]
    item.phase = index
    phase.status = "running"
    phase.started_at = at
    phase.ended_at = None
    phase.order = list(order)
    if _running(state):
        phase.timer.run(at)


def _ev_item_started(state: MeetingState, ev: ev_.ItemStarted) -> None:
    item = state.by_index[ev.item]
    state.current = item.index
    item.status = "running"
    item.reason = ""
    if item.started_at is None:
        item.started_at = ev.at
    item.ended_at = None
    if _running(state):
        item.timer.run(ev.at)


def _ev_item_ended(state: MeetingState, ev: ev_.ItemEnded) -> None:
    _end_item(state, state.by_index[ev.item], ev.at, "done")


def _ev_item_deferred(state: MeetingState, ev: ev_.ItemDeferred) -> None:
    item = state.by_index[ev.item]
    _end_item(state, item, ev.at, "deferred")
    item.reason = ev.reason


def _ev_item_skipped(state: MeetingState, ev: ev_.ItemSkipped) -> None:
    item = state.by_index[ev.item]
    _end_item(state, item, ev.at, "skipped")
    item.reason = ev.reason


def _ev_item_added(state: MeetingState, ev: ev_.ItemAdded) -> None:
    if ev.item != len(state.by_index) or not _first_open(state.items) <= ev.position <= len(
        state.items
    ):
        raise ValueError("item_added out of place")
    phases = tuple(
        Phase(
            kind=p.kind,
            title=p.title,
            duration=p.duration,
            per_speaker=p.per_speaker,
            prompts=p.prompts,
            presenter_speaks=p.presenter_speaks,
            questions_only=p.questions_only,
            rule_prompt=p.rule_prompt,
        )
        for p in ev.phases
    )
    spec = Item(
        title=ev.title,
        duration=ev.duration,
        phases=phases,
        method=ev.method or None,
        presenter=ev.presenter or None,
        direct_decision=ev.direct_decision,
        description=ev.description,
    )
    item = _item_state(ev.item, spec)
    state.by_index[item.index] = item
    state.items.insert(ev.position, item)
    _renumber(state)
    state.agenda_changes.append(
        AgendaChange("added", item.index, ev.title, ev.at, "", state.current)
    )


def _ev_item_dropped(state: MeetingState, ev: ev_.ItemDropped) -> None:
    item = state.by_index[ev.item]
    if item.status != "todo" or state.items.index(item) < _first_open(state.items):
        raise ValueError("only an item not yet started, after those taken up, can be dropped")
    state.items.remove(item)
    state.dropped.append(item)
    item.status = "dropped"
    item.reason = ev.reason
    _renumber(state)
    item.number = 0
    change = AgendaChange("dropped", item.index, item.spec.title, ev.at, ev.reason, state.current)
    state.agenda_changes.append(change)


def _ev_item_moved(state: MeetingState, ev: ev_.ItemMoved) -> None:
    item = state.by_index[ev.item]
    fixed = state.items.index(item) < _first_open(state.items)
    if item.status != "todo" or fixed or ev.position >= len(state.items):
        raise ValueError("only an item not yet started moves, within the agenda")
    state.items.remove(item)
    state.items.insert(ev.position, item)
    _renumber(state)
    change = AgendaChange("moved", item.index, item.spec.title, ev.at, "", state.current)
    state.agenda_changes.append(change)


def _ev_amendment_noted(state: MeetingState, ev: ev_.AmendmentNoted) -> None:
    state.by_index[ev.item]  # an item of this meeting
    state.amendments.append(
        AmendmentEntry(ev.seq, ev.at, ev.item, ev.number, ev.title, ev.text, ev.by)
    )


def _amendments(found: tuple[ev_.Amendment, ...]) -> tuple[tuple[int, str, str, str], ...]:
    return tuple((a.number, a.title, a.text, a.by) for a in found)


def _ev_minutes_adopted(state: MeetingState, ev: ev_.MinutesAdopted) -> None:
    state.by_index[ev.item]
    amendments = _amendments(ev.amendments)
    state.adopts = Adoption(ev.meeting, ev.title, ev.date, ev.at, amendments, ev.item)


def _ev_adopted(state: MeetingState, ev: ev_.Adopted) -> None:
    state.adopted = Adoption(ev.meeting, ev.title, ev.date, ev.at, _amendments(ev.amendments))


def _ev_phase_started(state: MeetingState, ev: ev_.PhaseStarted) -> None:
    item = state.by_index[ev.item]
    item.phases[ev.phase]  # an index out of range is damage before anything changes
    _end_phase(state, item, ev.at)
    _start_phase(state, item, ev.phase, ev.order, ev.at)


def _ev_phase_ended(state: MeetingState, ev: ev_.PhaseEnded) -> None:
    _end_phase(state, state.by_index[ev.item], ev.at)


def _current_phase(state: MeetingState) -> PhaseState:
    phase = state.phase
    if phase is None:
        raise ValueError("event needs a running phase")
    return phase


def _ev_turn_started(state: MeetingState, ev: ev_.TurnStarted) -> None:
    phase = _current_phase(state)
    _end_turn(state, phase, ev.at, passed=False)
    if ev.speaker in phase.passed:
        phase.asked_again[ev.speaker] = None  # the floor again after passing
    turn = Turn(speaker=ev.speaker, started_at=ev.at, timer=Timer())
    phase.turns.append(turn)
    phase.current = turn
    if _running(state):
        turn.timer.run(ev.at)


def _ev_turn_ended(state: MeetingState, ev: ev_.TurnEnded) -> None:
    _end_turn(state, _current_phase(state), ev.at, passed=False)


def _ev_speaker_passed(state: MeetingState, ev: ev_.SpeakerPassed) -> None:
    phase = _current_phase(state)
    name = ev.speaker
    if phase.current is not None and phase.current.speaker == name:
        _end_turn(state, phase, ev.at, passed=True)
    else:
        if name in phase.passed:
            phase.asked_again[name] = None  # passing once more: nothing to add
        phase.passed[name] = None
        phase.heard.pop(name, None)


def _ev_order_changed(state: MeetingState, ev: ev_.OrderChanged) -> None:
    _current_phase(state).order = list(ev.order)


def _ev_contribution_noted(state: MeetingState, ev: ev_.ContributionNoted) -> None:
    phase = _current_phase(state)
    phase.contributions.append(
        Contribution(ev.seq, ev.at, ev.speaker, ev.text, ev.kind, state.corrections.get(ev.seq))
    )


def _ev_note_added(state: MeetingState, ev: ev_.NoteAdded) -> None:
    item = state.by_index[ev.item]
    note = Contribution(ev.seq, ev.at, None, ev.text, "note", state.corrections.get(ev.seq))
    phase = item.current_phase
    (phase.contributions if phase is not None else item.notes).append(note)


def _ev_decision_proposed(state: MeetingState, ev: ev_.DecisionProposed) -> None:
    item = state.by_index[ev.item]
    corrected = state.corrections.get(ev.seq)
    item.proposal = Proposal(ev.text, ev.rationale, ev.at, corrected_at=corrected, seq=ev.seq)


def _ev_proposal_withdrawn(state: MeetingState, ev: ev_.ProposalWithdrawn) -> None:
    state.by_index[ev.item].proposal = None


def _vote(
    state: MeetingState, item_index: int, name: str, vote: str, reason: str, at: datetime
) -> None:
    item = state.by_index[item_index]
    if item.proposal is None:
        raise ValueError("a vote needs a proposal")
    ballot = Vote(name, vote, reason, at)
    item.proposal.votes[name] = ballot
    if vote == "object":
        item.objections_heard.append(ballot)


def _ev_consent_given(state: MeetingState, ev: ev_.ConsentGiven) -> None:
    _vote(state, ev.item, ev.name, "consent", "", ev.at)


def _ev_objection_raised(state: MeetingState, ev: ev_.ObjectionRaised) -> None:
    _vote(state, ev.item, ev.name, "object", ev.reason, ev.at)


def _ev_abstention_recorded(state: MeetingState, ev: ev_.AbstentionRecorded) -> None:
    _vote(state, ev.item, ev.name, "abstain", ev.reason, ev.at)


def _ev_decision_recorded(state: MeetingState, ev: ev_.DecisionRecorded) -> None:
    item = state.by_index[ev.item]
    proposal = item.proposal
    if proposal is None:
        raise ValueError("a decision needs a proposal")
    number = f"{item.number}.{len(item.decisions) + 1}"
    item.decisions.append(
        Decision(
            number,
            item.index,
            proposal.text,
            proposal.rationale,
            ev.at,
            dict(proposal.votes),
            over_objection=ev.over_objection,
            objections_heard=item.objections_heard,
            corrected_at=proposal.corrected_at,
        )
    )
    item.proposal = None
    item.objections_heard = []


def _ev_gate_overridden(state: MeetingState, ev: ev_.GateOverridden) -> None:
    item = state.by_index[ev.item]
    missing = [(m.title, list(m.names)) for m in ev.missing]
    item.overrides.append(Override(item.index, ev.phase, ev.reason, missing, ev.at))


def _ev_action_added(state: MeetingState, ev: ev_.ActionAdded) -> None:
    item = state.by_index[ev.item] if ev.item is not None else None
    if item is not None:
        item.action_count += 1
    state.actions.append(
        Action(
            id=ev.id,
            number=ev.number,
            what=ev.what,
            owner=ev.owner,
            due=_day(ev.due),
            item=ev.item,
            created_at=ev.at,
        )
    )


def _known_action(state: MeetingState, action_id: str) -> Action:
    action = state.action(action_id)
    if action is None:
        raise ValueError("unknown action")
    return action


def _change_action(action: Action, ev: ev_.ActionChanged | ev_.ActionCorrected) -> None:
    """Set the fields `ev` gives (None: left as it is)."""
    if ev.what is not None:
        action.what = ev.what
    if ev.owner is not None:
        action.owner = ev.owner
    if ev.due is not None:
        action.due = _day(ev.due)
    if ev.status is not None:
        action.status = ev.status


def _ev_action_changed(state: MeetingState, ev: ev_.ActionChanged) -> None:
    action = _known_action(state, ev.id)
    _change_action(action, ev)
    if ev.note is not None:
        action.note = ev.note


def _ev_action_corrected(state: MeetingState, ev: ev_.ActionCorrected) -> None:
    action = _known_action(state, ev.id)
    _change_action(action, ev)
    action.corrected_at = ev.at


def _ev_time_extended(state: MeetingState, ev: ev_.TimeExtended) -> None:
    state.by_index[ev.item].extra += ev.seconds


def _ev_paused(state: MeetingState, ev: ev_.Paused) -> None:
    _stop_clocks(state, ev.at)
    state.status = "paused"
    state.paused_at = ev.at


def _ev_resumed(state: MeetingState, ev: ev_.Resumed) -> None:
    if state.paused_at is not None:
        state.pauses.append((state.paused_at, ev.at))
    state.paused_at = None
    state.status = "running"
    _run_clocks(state, ev.at)


def _ev_meeting_ended(state: MeetingState, ev: ev_.MeetingEnded) -> None:
    if state.paused_at is not None:
        state.pauses.append((state.paused_at, ev.at))
        state.paused_at = None
    item = state.item
    if item is not None:
        _end_item(state, item, ev.at, "done")
    state.status = "ended"
    state.ended_at = ev.at


def _ev_control_changed(state: MeetingState, ev: ev_.ControlChanged) -> None:
    state.control = ev.to


def _ev_guest_corrected(state: MeetingState, ev: ev_.GuestCorrected) -> None:
    # The new name is already everywhere, `ev.name` too (see `effective_events`); the
    # discipline is set here.
    person = state.people[ev.name]
    if ev.discipline is not None:
        person.discipline = ev.discipline
    person.corrected_at = ev.at


def _ev_guest_removed(state: MeetingState, ev: ev_.GuestRemoved) -> None:
    del state.people[ev.name]
    for item in state.items:
        for phase in item.phases:
            if ev.name in phase.order:
                phase.order.remove(ev.name)


def _no_change(state: MeetingState, ev: Event) -> None:
    """Corrections of entries act through `effective_events`; applying them changes nothing."""


_APPLY: dict[type[Event], Callable[[MeetingState, Any], None]] = {
    cls: globals().get(f"_ev_{name}", _no_change) for name, cls in ev_.TYPES.items()
}
EVENT_TYPES = frozenset(ev_.TYPES)
#: Corrections that act on the entries of earlier events.
_ENTRY_CORRECTIONS = (
    ev_.ContributionCorrected,
    ev_.ContributionDeleted,
    ev_.ProposalCorrected,
    ev_.GuestCorrected,
    ev_.Undone,
)


def apply(state: MeetingState, event: Event) -> MeetingState:
    """Fold one event into the state. Depends on nothing but the two; returns the state."""
    _APPLY[type(event)](state, event)
    state.last_seq = event.seq
    state.last_at = event.at
    return state


def needs_rebuild(event: Event) -> bool:
    """Whether `event` changes earlier entries, so the state is rebuilt from all events."""
    return isinstance(event, _ENTRY_CORRECTIONS)


def effective_events(
    events: Iterable[Event],
) -> tuple[list[Event], dict[int, datetime]]:
    """The events as the record reads them once every correction is taken into account.

    Undone events are left out; a corrected contribution, note or proposal reads as corrected
    (its seq kept); a deleted one is left out; a renamed guest carries the new name in every
    earlier event. Corrections themselves stay in, in place (applying them changes little).
    Returns the events and, per corrected entry's seq, when it was last corrected. Raises
    ValueError for a correction that points at nothing it can correct.
    """
    events = list(events)
    undone = {e.target for e in events if type(e) is ev_.Undone}
    if not undone and not any(isinstance(e, _ENTRY_CORRECTIONS) for e in events):
        return events, {}
    out: list[Event | None] = []
    where: dict[int, int] = {}  # seq -> position in out
    corrected: dict[int, datetime] = {}
    #: Renames taken back by undo: the events between the rename and its undo (a phase's
    #: speaking order made meanwhile) go by the old name again, (new, old) in order.
    back: list[tuple[str, str]] = []
    for event in events:
        if event.seq in undone:
            if not event.UNDOABLE:
                raise ReplayError(event.seq, "undone, but not a change that can be undone")
            if type(event) is ev_.GuestCorrected and event.new_name:
                back.append((event.new_name, event.name))
            continue
        for new_name, old_name in back:
            renamed = _renamed(event, new_name, old_name)
            assert renamed is not None
            event = renamed
        kind = type(event)
        if kind is ev_.Undone:
            if event.target >= event.seq:  # type: ignore[attr-defined]
                raise ReplayError(event.seq, "undoes an event that comes after it")
        elif kind is ev_.ContributionCorrected or kind is ev_.ContributionDeleted:
            target = event.target  # type: ignore[attr-defined]
            position = where.get(target)
            old = out[position] if position is not None else None
            if not isinstance(old, (ev_.ContributionNoted, ev_.NoteAdded)):
                raise ReplayError(event.seq, "corrects no contribution")
            if kind is ev_.ContributionDeleted:
                out[where.pop(target)] = None
            else:
                assert isinstance(event, ev_.ContributionCorrected)
                changes: dict[str, Any] = {}
                if event.text is not None:
                    changes["text"] = event.text
                if event.speaker is not None:
                    if not isinstance(old, ev_.ContributionNoted):
                        raise ReplayError(event.seq, "gives a note a speaker")
                    changes["speaker"] = event.speaker
                    if event.kind is not None:
                        changes["kind"] = event.kind
                out[where[target]] = dataclasses.replace(old, **changes)
                corrected[target] = event.at
        elif kind is ev_.ProposalCorrected:
            assert isinstance(event, ev_.ProposalCorrected)
            position = where.get(event.target)
            old = out[position] if position is not None else None
            if not isinstance(old, ev_.DecisionProposed) or position is None:
                raise ReplayError(event.seq, "corrects no proposal")
            out[position] = dataclasses.replace(old, text=event.text, rationale=event.rationale)
            corrected[event.target] = event.at
        elif kind is ev_.GuestCorrected:
            assert isinstance(event, ev_.GuestCorrected)
            if event.new_name is not None and event.new_name != event.name:
                out = [_renamed(e, event.name, event.new_name) for e in out]
                # From here on the guest goes by the new name, the correction too.
                event = dataclasses.replace(event, name=event.new_name)
        where[event.seq] = len(out)
        out.append(event)
    return [e for e in out if e is not None], corrected


def _renamed(event: Event | None, old: str, new: str) -> Event | None:
    """`event` with the name `old` replaced by `new` wherever it names someone."""
    if isinstance(event, ev_.PersonAdded):  # it introduces the name, so names_in leaves it out
        return dataclasses.replace(event, name=new) if event.name == old else event
    if event is None or old not in ev_.names_in(event):
        if not isinstance(event, ev_.MeetingStarted):
            return event
    if isinstance(event, ev_.MeetingStarted):
        people = tuple(
            dataclasses.replace(p, name=new) if p.name == old else p for p in event.people
        )
        if people == event.people:
            return event
        return dataclasses.replace(event, people=people)
    assert event is not None
    changes: dict[str, Any] = {
        n: new for n in ev_.PERSON_FIELDS[event.TYPE] if getattr(event, n) == old
    }
    if isinstance(event, (ev_.PhaseStarted, ev_.OrderChanged)):
        changes["order"] = tuple(new if n == old else n for n in event.order)
    if isinstance(event, ev_.GateOverridden):
        changes["missing"] = tuple(
            dataclasses.replace(m, names=tuple(new if n == old else n for n in m.names))
            for m in event.missing
        )
    return dataclasses.replace(event, **changes)


def replay(agenda: Agenda, events: Iterable[Event]) -> MeetingState:
    """The state after `events`, from scratch, every correction taken into account."""
    state = new_state(agenda)
    effective, state.corrections = effective_events(events)
    with _bulk():
        for event in effective:
            apply(state, event)
    return state


class ReplayError(ValueError):
    """A journal record that does not fit the meeting so far: damage, reported with its seq."""

    def __init__(self, seq: int, message: str) -> None:
        self.seq = seq
        super().__init__(f"event {seq}: {message}")


def read_events(records: Iterable[dict[str, Any]]) -> list[Event]:
    """The typed events of journal records; ReplayError names the first that does not fit."""
    readers = ev_.READERS  # ev_.from_record, without a call per record
    found: list[Event] = []
    append = found.append
    last: datetime | None = None
    with _bulk():
        for record in records:
            try:
                event = readers[record["type"]](record)
            except Damage as exc:
                raise ReplayError(record.get("seq", 0), str(exc)) from None
            if last is not None and event.at < last:
                raise ReplayError(event.seq, "its time lies before the event before it")
            last = event.at
            append(event)
    return found


def replay_records(agenda: Agenda, records: Iterable[dict[str, Any]]) -> MeetingState:
    """The state after the journal records `records` (as `events.to_record` wrote them).

    Records come from a file that may have been damaged by hand or by the disk, so each is
    checked: against its type's definition (see `overleg.events`), and against the meeting so
    far: time that never runs backwards, items and phases of the agenda, names of people at the
    table. One that does not fit raises ReplayError instead of turning into odd minutes.
    """
    with _bulk():  # one pause of the collector for both: it would rescan every event between
        return replay_events(agenda, read_events(records))


def replay_events(agenda: Agenda, events: list[Event]) -> MeetingState:
    """The state after `events` read from a file, each checked against the meeting so far."""
    with _bulk():  # from the first allocation: new_state alone would set off a pass over `events`
        state = new_state(agenda)
        try:
            effective, state.corrections = effective_events(events)
        except ReplayError:
            raise
        except (ValueError, TypeError) as exc:  # pragma: no cover - effective_events says so
            raise ReplayError(0, str(exc)) from None
        person_fields = ev_.PERSON_FIELDS
        for event in effective:
            people = state.people
            if people:
                for key in person_fields[event.TYPE]:
                    value = getattr(event, key)
                    if value and value not in people:
                        raise ReplayError(event.seq, f"names someone not at this meeting ({key})")
            try:
                apply(state, event)
            except (KeyError, IndexError, TypeError, ValueError, AssertionError) as exc:
                raise ReplayError(
                    event.seq, f"does not fit the meeting ({type(exc).__name__})"
                ) from None
    return state


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while building state from many events.

    Replay allocates tens of thousands of small acyclic objects; each allocation burst makes
    the collector rescan everything built so far, which made replay grow faster than the
    journal (2.6x for a doubled meeting). Reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# ------------------------------------------------------------------------------------- commands


def speaking_order(state: MeetingState, item: ItemState, phase: PhaseState) -> list[str]:
    """Who speaks in a turn phase: everyone present in attendance order, the chair last.

    The presenter answers rather than asks in a questions round, and sits out phases where the
    method has them listen.
    """
    names = state.here()
    presenter = item.spec.presenter
    if presenter and not phase.spec.presenter_speaks and len(names) > 1:
        names = [n for n in names if n != presenter]
    if state.chair in names:
        names = [n for n in names if n != state.chair] + [state.chair]
    return names


def missing_input(state: MeetingState, item: ItemState, before: int) -> list[tuple[str, list[str]]]:
    """For each questions or round phase before phase `before`, who present has not been heard."""
    here = set(state.here())
    missing: list[tuple[str, list[str]]] = []
    for phase in item.phases[:before]:
        if not phase.takes_turns:
            continue
        expected = phase.order if phase.status != "todo" else speaking_order(state, item, phase)
        # Whoever has the floor now is being heard: their turn ends when the phase changes.
        speaking = phase.current.speaker if phase.current is not None else None
        names = [
            n
            for n in expected
            if n in here and n not in phase.heard and n not in phase.passed and n != speaking
        ]
        if names:
            missing.append((phase.spec.title, names))
    return missing


#: What a command takes as one line: a name or discipline holds no line break.
_ONE_LINE = frozenset({"name", "discipline", "owner", "title"})


class Meeting:
    """One meeting: its state, the clock it reads, and the sink that makes each event durable."""

    def __init__(
        self,
        agenda: Agenda,
        clock: Clock,
        sink: Sink | None = None,
        events: Iterable[Event] = (),
        new_id: Callable[[], str] | None = None,
    ) -> None:
        self.agenda = agenda
        self.clock = clock
        self.sink = sink
        #: Every event of the meeting so far, as written: corrections rebuild the state from them.
        self.events: list[Event] = list(events)
        self.state = replay(agenda, self.events)
        #: Makes the ids of new actions: unique forever (random), or a test's own.
        self.new_id = new_id or (lambda: uuid.uuid4().hex)

    def load(self, events: list[Event], state: MeetingState) -> None:
        """Take over `events` and the state they give (replayed and checked by the caller)."""
        self.events = events
        self.state = state

    def absorb(self, events: list[Event]) -> None:
        """Take in events another process appended to the same journal since this one's last.

        Each is checked as replay checks a journal (`replay_events`): one that does not fit
        raises ReplayError and nothing of `events` is taken in.
        """
        if not events:
            return
        if events[0].seq != self.state.last_seq + 1:
            raise ReplayError(events[0].seq, f"follows event {self.state.last_seq}")
        combined = self.events + events
        if any(needs_rebuild(e) for e in events):
            state = replay_events(self.agenda, combined)
        else:
            # Most often one event: folded into a copy-free state unless it does not fit, in
            # which case the state is rebuilt from what was there (nothing half applied).
            state = self.state
            try:
                for event in events:
                    last = state.last_at
                    if last is not None and event.at < last:
                        raise ReplayError(event.seq, "its time lies before the event before it")
                    for key in ev_.PERSON_FIELDS[event.TYPE]:
                        value = getattr(event, key)
                        if value and state.people and value not in state.people:
                            raise ReplayError(
                                event.seq, f"names someone not at this meeting ({key})"
                            )
                    try:
                        apply(state, event)
                    except (KeyError, IndexError, TypeError, ValueError, AssertionError) as exc:
                        raise ReplayError(
                            event.seq, f"does not fit the meeting ({type(exc).__name__})"
                        ) from None
            except ReplayError:
                self.state = replay_events(self.agenda, self.events)
                raise
        self.events = combined
        self.state = state

    # ---- plumbing

    def now(self) -> datetime:
        """The clock's time, never before the last event (a clock set back must not make time negative)."""
        now = self.clock()
        last = self.state.last_at
        return last if last is not None and now < last else now

    def _emit(self, event_type: str, /, *, at: datetime | None = None, **data: Any) -> Event:
        event = ev_.TYPES[event_type](self.state.last_seq + 1, at or self.now(), **data)
        try:
            ev_.to_record(event)  # checked as a reader will check it, before anything is written
        except ev_.Damage as exc:  # pragma: no cover - the commands refuse all of it first
            raise Refused("bad_value", problem=str(exc)) from None
        if self.sink is not None:
            self.sink(event)  # durable first; if it raises, the state stays as it was
        self.events.append(event)
        if needs_rebuild(event):
            self.state = replay(self.agenda, self.events)
        else:
            apply(self.state, event)
        return event

    def need_running(self) -> None:
        """`Refused` unless the meeting is running: not before its start, paused or ended."""
        if self.state.status == "new":
            raise Refused("not_started")
        if self.state.status == "ended":
            raise Refused("ended")
        if self.state.status == "paused":
            raise Refused("paused")

    def _need_item(self) -> ItemState:
        self.need_running()
        item = self.state.item
        if item is None:
            raise Refused("no_item")
        return item

    def _need_phase(self) -> tuple[ItemState, PhaseState]:
        item = self._need_item()
        phase = item.current_phase
        if phase is None:
            raise Refused("no_phase")
        return item, phase

    def _need_turn_phase(self) -> tuple[ItemState, PhaseState]:
        item, phase = self._need_phase()
        if not phase.takes_turns:
            raise Refused("not_a_round", phase=phase.spec.title)
        return item, phase

    def _need_person(self, name: str) -> Person:
        person = self.state.people.get(name)
        if person is None:
            raise Refused("unknown_person", name=name)
        return person

    @staticmethod
    def _text(text: str, what: str, required: bool = True) -> str:
        """`text` stripped; refused when empty (if required) or holding control characters."""
        text = text.strip()
        if required and not text:
            raise Refused("empty_text", what=what)
        if any(is_control(c) for c in text):
            raise Refused("control_characters", what=what)
        if what in _ONE_LINE and "\n" in text:
            raise Refused("one_line", what=what)
        if len(text) > ev_.MAX_TEXT:
            raise Refused("too_long", what=what, most=ev_.MAX_TEXT)
        return text

    # ---- attendance

    def start(
        self,
        attendance: dict[str, str],
        chair: str,
        minute_taker: str = "",
        guests: Iterable[Participant] = (),
        carried_actions: Iterable[ev_.CarriedAction] = (),
    ) -> Event:
        """Open the meeting with who is present, excused or absent, and its chair and minute-taker."""
        if self.state.status != "new":
            raise Refused("already_started")
        people: list[ev_.PersonEntry] = []
        seen: set[str] = set()
        for p in self.agenda.participants:
            status = attendance.get(p.name, PRESENT)
            if status not in ATTENDANCE:
                raise Refused("bad_attendance", name=p.name, status=status)
            people.append(
                ev_.PersonEntry(
                    name=p.name, role=p.role, discipline=p.discipline, attendance=status
                )
            )
            seen.add(p.name)
        for g in guests:
            name = self._text(g.name, "name")
            if name in seen:
                raise Refused("duplicate_person", name=name)
            seen.add(name)
            people.append(
                ev_.PersonEntry(
                    name=name,
                    role="guest",
                    discipline=self._text(g.discipline, "discipline", required=False),
                    attendance=PRESENT,
                    guest=True,
                )
            )
        present = {p.name for p in people if p.attendance == PRESENT}
        if not present:
            raise Refused("nobody_present")
        if chair not in present:
            raise Refused("chair_not_present", name=chair)
        if minute_taker and minute_taker not in present:
            raise Refused("minute_taker_not_present", name=minute_taker)
        return self._emit(
            "meeting_started",
            people=tuple(people),
            chair=chair,
            minute_taker=minute_taker,
            carried_actions=tuple(carried_actions),
        )

    def add_guest(self, name: str, discipline: str = "") -> Event:
        self.need_running()
        name = self._text(name, "name")
        if name in self.state.people or name in self._names_used():
            raise Refused("duplicate_person", name=name)
        discipline = self._text(discipline, "discipline", required=False)
        return self._emit("person_added", name=name, discipline=discipline, role="guest")

    def _names_used(self) -> set[str]:
        """Every name anyone has had in this meeting, also a guest since renamed or removed.

        A name stays someone's for the whole meeting: corrections rename by name, so a name
        given twice would make two people one.
        """
        used: set[str] = set()
        for event in self.events:
            if isinstance(event, ev_.MeetingStarted):
                used.update(p.name for p in event.people)
            elif isinstance(event, ev_.PersonAdded):
                used.add(event.name)
            elif isinstance(event, ev_.GuestCorrected) and event.new_name:
                used.add(event.new_name)
        return used

    def arrive(self, name: str) -> Event:
        """Note a late arrival (or a return after leaving)."""
        self.need_running()
        if self._need_person(name).here:
            raise Refused("already_here", name=name)
        return self._emit("person_arrived", name=name)

    def leave(self, name: str) -> Event:
        """Note someone leaving early."""
        self.need_running()
        if not self._need_person(name).here:
            raise Refused("not_here", name=name)
        if name == self.state.chair:
            raise Refused("chair_cannot_leave", name=name)
        return self._emit("person_left", name=name)

    # ---- items and phases

    def start_item(self, index: int) -> list[Event]:
        """Open item `index` (ending the running one) at its first phase."""
        self.need_running()
        item = self._known_item(index)
        if item.status == "running":
            raise Refused("item_running", number=item.number)
        events = []
        current = self.state.item
        if current is not None:
            events.append(self._emit("item_ended", item=current.index))
        events.append(self._emit("item_started", item=index))
        if item.phases:
            # A new item opens at its first phase; one taken up again (deferred, or closed too
            # soon) continues in the phase where it stopped, with everything said so far kept.
            held = [p for p in item.phases if p.started_at is not None]
            phase = held[-1] if held else item.phases[0]
            order = speaking_order(self.state, item, phase) if phase.takes_turns else []
            if phase.status != "todo" and phase.order:
                order = phase.order
            events.append(
                self._emit("phase_started", item=index, phase=phase.index, order=tuple(order))
            )
        return events

    def unfinished_phases(self, index: int | None = None) -> list[str]:
        """Titles of an item's phases (the running item's by default) not yet held or not finished.

        The running phase counts as unfinished while someone present is still to speak in its
        round, or while it is a decision phase with a proposal open or no decision yet.
        """
        item = self.state.by_index[index] if index is not None else self.state.item
        if item is None:
            return []
        here = set(self.state.here())
        titles = []
        for phase in item.phases:
            if phase.status == "todo":
                titles.append(phase.spec.title)
            elif phase.status == "running":
                waiting = [n for n in phase.waiting() if n in here]
                if phase.current is not None:
                    waiting = [n for n in waiting if n != phase.current.speaker]
                deciding = phase.spec.kind == "decision" and (
                    item.proposal is not None or not item.decisions
                )
                if (phase.takes_turns and waiting) or deciding:
                    titles.append(phase.spec.title)
        return titles

    def next_item(self) -> list[Event]:
        """End the running item and open the next one still to do."""
        self.need_running()
        current = self.state.item
        after = current.number if current is not None else 0
        candidates = [i for i in self.state.items if i.status == "todo" and i.number > after]
        candidates = candidates or [i for i in self.state.items if i.status in ("todo", "deferred")]
        if not candidates:
            if current is not None:
                return [self._emit("item_ended", item=current.index)]
            raise Refused("no_more_items")
        return self.start_item(candidates[0].index)

    def end_item(self) -> Event:
        item = self._need_item()
        return self._emit("item_ended", item=item.index)

    def goto_phase(self, index: int, override: str | None = None) -> list[Event]:
        """Move the running item to phase `index`.

        A decision phase opens only when every earlier questions and round phase has heard
        everyone present; otherwise `GateClosed` names who is missing, unless the chair gives a
        reason to override, which is recorded.
        """
        item = self._need_item()
        if not 0 <= index < len(item.phases):
            raise Refused("no_such_phase", number=index + 1)
        if index == item.phase:
            raise Refused("phase_running", phase=item.phases[index].spec.title)
        phase = item.phases[index]
        events = []
        if phase.spec.kind == "decision":
            missing = missing_input(self.state, item, index)
            if missing:
                if override is None:
                    raise GateClosed(missing)
                reason = self._text(override, "reason")
                events.append(
                    self._emit(
                        "gate_overridden",
                        item=item.index,
                        phase=index,
                        reason=reason,
                        missing=tuple(ev_.Missing(t, tuple(names)) for t, names in missing),
                    )
                )
        order = speaking_order(self.state, item, phase) if phase.takes_turns else []
        events.append(self._emit("phase_started", item=item.index, phase=index, order=tuple(order)))
        return events

    def next_phase(self, override: str | None = None) -> list[Event]:
        item = self._need_item()
        following = (item.phase + 1) if item.phase is not None else 0
        if item.phase is None:
            done = [p.index for p in item.phases if p.status == "done"]
            following = max(done) + 1 if done else 0
        if following >= len(item.phases):
            raise Refused("last_phase")
        return self.goto_phase(following, override)

    def gate(self) -> list[tuple[str, list[str]]]:
        """Who is missing before the running item's next decision phase (empty when the gate is open)."""
        item = self.state.item
        if item is None:
            return []
        start = (item.phase or 0) + 1 if item.phase is not None else 0
        for phase in item.phases[start:]:
            if phase.spec.kind == "decision":
                return missing_input(self.state, item, phase.index)
        return []

    def defer_item(self, reason: str, index: int | None = None) -> Event:
        """Put an item off to later in this meeting or the next one."""
        item = self._item_for(index)
        if item.status not in ("todo", "running"):
            raise Refused("item_closed", number=item.number, title=item.spec.title)
        return self._emit("item_deferred", item=item.index, reason=self._text(reason, "reason"))

    def skip_item(self, reason: str, index: int | None = None) -> Event:
        item = self._item_for(index)
        if item.status not in ("todo", "running", "deferred"):
            raise Refused("item_closed", number=item.number, title=item.spec.title)
        return self._emit("item_skipped", item=item.index, reason=self._text(reason, "reason"))

    def _item_for(self, index: int | None) -> ItemState:
        self.need_running()
        if index is None:
            return self._need_item()
        return self._known_item(index)

    def _known_item(self, index: int) -> ItemState:
        """Item `index` of the agenda as adopted (not a dropped one)."""
        item = self.state.by_index.get(index)
        if item is None or item.status == "dropped":
            raise Refused("no_such_item", number=index + 1)
        return item

    # ---- adopting the agenda at the table: items added, dropped and moved are events

    def add_item(
        self,
        title: str,
        method: str,
        duration: int,
        presenter: str = "",
        description: str = "",
        position: int | None = None,
    ) -> Event:
        """Add an item with a built-in method to the agenda, by default at its end; it never goes
        before an item already taken up (those keep their numbers)."""
        self.need_running()
        title = self._text(title, "title")
        if duration <= 0:
            raise Refused("bad_value", problem="duration")
        try:
            phases = method_phases(method, duration, self.state.agenda.language)
        except KeyError:
            raise Refused("unknown_method", method=method) from None
        if presenter:
            self._need_person(presenter)
        items = self.state.items
        position = len(items) if position is None else position
        position = min(max(position, _first_open(items)), len(items))
        return self._emit(
            "item_added",
            item=len(self.state.by_index),
            position=position,
            title=title,
            method=method,
            duration=duration,
            presenter=presenter,
            description=self._text(description, "description", required=False),
            phases=tuple(
                ev_.PhaseEntry(
                    kind=p.kind,
                    title=p.title,
                    duration=p.duration,
                    per_speaker=p.per_speaker,
                    prompts=p.prompts,
                    presenter_speaks=p.presenter_speaks,
                    questions_only=p.questions_only,
                    rule_prompt=p.rule_prompt,
                )
                for p in phases
            ),
        )

    def drop_item(self, index: int, reason: str = "") -> Event:
        """Take an item not yet started off the agenda."""
        item = self._open_item(index)
        reason = self._text(reason, "reason", required=False)
        return self._emit("item_dropped", item=item.index, reason=reason)

    def move_item(self, index: int, position: int) -> Event:
        """Give an item not yet started another place (from 0), after the items taken up."""
        item = self._open_item(index)
        others = [i for i in self.state.items if i is not item]
        position = min(max(position, _first_open(others)), len(others))
        if position == self.state.items.index(item):
            raise Refused("nothing_changed")
        return self._emit("item_moved", item=item.index, position=position)

    def _open_item(self, index: int) -> ItemState:
        """Item `index`, if it may be dropped or moved: not taken up, and after every item that
        was (those keep their numbers: decisions and actions carry them)."""
        item = self._item_for(index)
        if item.status != "todo":
            raise Refused("item_taken_up", number=item.number, title=item.spec.title)
        if self.state.items.index(item) < _first_open(self.state.items):
            raise Refused("item_fixed", number=item.number, title=item.spec.title)
        return item

    # ---- the minutes of the previous meeting: amendments, then adoption

    def note_amendment(self, text: str, number: int = 0, title: str = "", by: str = "") -> Event:
        """Note an amendment to the minutes on the table at their item `number` (0: at large),
        in the running item (the one that reviews them)."""
        item = self._need_item()
        if self.state.adopts is not None:
            raise Refused("minutes_already_adopted")
        return self._emit(
            "amendment_noted",
            item=item.index,
            number=max(0, number),
            title=" ".join(title.split()),
            text=self._text(text, "amendment"),
            by=" ".join(by.split()),
        )

    def adopt_minutes(self, meeting: str, title: str, day: str) -> Event:
        """Adopt the minutes of meeting `meeting` (its folder name), with the amendments noted."""
        item = self._need_item()
        if self.state.adopts is not None:
            raise Refused("minutes_already_adopted")
        return self._emit(
            "minutes_adopted",
            item=item.index,
            meeting=meeting,
            title=" ".join(title.split()),
            date=day,
            amendments=self.amendments(),
        )

    def amendments(self) -> tuple[ev_.Amendment, ...]:
        """The amendments noted so far, as the adoption records them."""
        return tuple(ev_.Amendment(a.number, a.title, a.text, a.by) for a in self.state.amendments)

    def mark_adopted(
        self, meeting: str, title: str, day: str, amendments: tuple[ev_.Amendment, ...]
    ) -> Event:
        """Record in this ended meeting that a later one adopted its minutes."""
        if self.state.status != "ended":
            raise Refused("not_ended")
        if self.state.adopted is not None:
            raise Refused("minutes_already_adopted")
        return self._emit(
            "adopted",
            meeting=meeting,
            title=" ".join(title.split()),
            date=day,
            amendments=tuple(amendments),
        )

    def extend(self, seconds: int) -> Event:
        """Give the running item more time."""
        item = self._need_item()
        if seconds <= 0:
            raise Refused("bad_extension")
        return self._emit("time_extended", item=item.index, seconds=int(seconds))

    # ---- rounds

    def next_speaker(self) -> list[Event]:
        """Close the running turn and give the floor to the next who has not spoken or passed."""
        item, phase = self._need_turn_phase()
        # Everyone has had their turn: who passed is asked once whether to add something.
        waiting = self.state.up_next(phase)
        if not waiting:
            if phase.current is not None:
                return [self._emit("turn_ended", speaker=phase.current.speaker)]
            raise Refused("round_complete", phase=phase.spec.title)
        return [self._emit("turn_started", speaker=waiting[0])]

    def give_floor(self, name: str) -> Event:
        """Give the floor to `name`, out of order if need be (someone may speak twice)."""
        item, phase = self._need_turn_phase()
        if not self._need_person(name).here:
            raise Refused("not_here", name=name)
        if phase.current is not None and phase.current.speaker == name:
            raise Refused("has_floor", name=name)
        if name not in phase.order:
            order = [n for n in phase.order if n != self.state.chair] + [name]
            if self.state.chair in phase.order:
                order.append(self.state.chair)
            self._emit("order_changed", order=tuple(order))
        return self._emit("turn_started", speaker=name)

    def end_turn(self) -> Event:
        item, phase = self._need_turn_phase()
        if phase.current is None:
            raise Refused("no_speaker")
        return self._emit("turn_ended", speaker=phase.current.speaker)

    def pass_turn(self, name: str | None = None) -> Event:
        """The speaker (or the next in line, or `name`) passes; passing is recorded."""
        item, phase = self._need_turn_phase()
        turn = phase.current
        if name is None and turn is not None:
            spoke = any(
                c.speaker == turn.speaker and c.at >= turn.started_at for c in phase.contributions
            )
            if spoke:
                # Something was noted in this turn: the speaker was heard, not passed.
                return self._emit("turn_ended", speaker=turn.speaker)
            name = turn.speaker
        if name is None:
            waiting = self.state.up_next(phase)  # nobody has the floor here
            if not waiting:
                raise Refused("round_complete", phase=phase.spec.title)
            name = waiting[0]
        self._need_person(name)
        return self._emit("speaker_passed", speaker=name)

    def set_order(self, names: list[str]) -> Event:
        """Change the speaking order of the running round."""
        item, phase = self._need_turn_phase()
        for name in names:
            self._need_person(name)
        if len(set(names)) != len(names):
            raise Refused("order_duplicates")
        return self._emit("order_changed", order=tuple(names))

    def move_speaker(self, name: str, offset: int) -> Event:
        """Move `name` up (negative) or down in the running round's order."""
        item, phase = self._need_turn_phase()
        order = list(phase.order)
        if name not in order:
            raise Refused("not_in_order", name=name)
        i = order.index(name)
        j = max(0, min(len(order) - 1, i + offset))
        order.insert(j, order.pop(i))
        return self._emit("order_changed", order=tuple(order))

    # ---- contributions

    def note(self, text: str, speaker: str | None = None) -> Event:
        """Write the gist of a contribution against its speaker (the one with the floor by default)."""
        item, phase = self._need_phase()
        text = self._text(text, "contribution")
        if speaker is None and phase.current is not None:
            speaker = phase.current.speaker
        presenter = item.spec.presenter
        if speaker is None and phase.spec.kind == "presentation" and presenter in self.state.here():
            speaker = presenter  # in a presentation the presenter has the floor
        if speaker is None:
            return self._emit("note_added", item=item.index, text=text)
        self._need_person(speaker)
        kind = "contribution"
        if phase.spec.kind == "questions":
            kind = "answer" if speaker == item.spec.presenter else "question"
        return self._emit("contribution_noted", speaker=speaker, text=text, kind=kind)

    def add_note(self, text: str) -> Event:
        """A note on the running item that is nobody's contribution."""
        item = self._need_item()
        return self._emit("note_added", item=item.index, text=self._text(text, "note"))

    # ---- decisions

    def propose(self, text: str, rationale: str = "") -> Event:
        """Put a proposal for decision on the table; proposing again replaces it and its votes."""
        item, phase = self._need_phase()
        if phase.spec.kind != "decision":
            raise Refused("not_decision_phase", phase=phase.spec.title)
        text = self._text(text, "decision")
        return self._emit(
            "decision_proposed",
            item=item.index,
            text=text,
            rationale=self._text(rationale, "rationale", required=False),
        )

    def withdraw(self) -> Event:
        item = self._need_item()
        if item.proposal is None:
            raise Refused("no_proposal")
        return self._emit("proposal_withdrawn", item=item.index)

    def vote(self, name: str, vote: str, reason: str = "") -> Event:
        """Someone present in the consent round consents, objects (with a reason) or abstains."""
        item = self._need_item()
        if item.proposal is None:
            raise Refused("no_proposal")
        person = self._need_person(name)
        if not person.here:
            raise Refused("not_here", name=name)
        if not person.consent:
            raise Refused("not_in_consent", name=name)
        if vote == "consent":
            return self._emit("consent_given", item=item.index, name=name)
        if vote == "object":
            return self._emit(
                "objection_raised", item=item.index, name=name, reason=self._text(reason, "reason")
            )
        if vote == "abstain":
            return self._emit(
                "abstention_recorded",
                item=item.index,
                name=name,
                reason=self._text(reason, "reason", required=False),
            )
        raise Refused("bad_vote", vote=vote)

    def consent_rest(self) -> list[Event]:
        """Everyone in the consent round who has not yet answered consents."""
        item = self._need_item()
        if item.proposal is None:
            raise Refused("no_proposal")
        votes = item.proposal.votes
        return [self.vote(n, "consent") for n in self.state.consent_round() if n not in votes]

    def not_voted(self) -> list[str]:
        """Those in the consent round still to answer the proposal, the chair last."""
        item = self.state.item
        if item is None or item.proposal is None:
            return []
        return [n for n in self.state.consent_round() if n not in item.proposal.votes]

    def decide(self, over_objection: bool = False) -> Event:
        """Record the proposal as a decision once everyone in the consent round has answered.

        With an objection standing, consent has not been reached: the chair amends the proposal
        (proposing again starts a new round) or records it explicitly over the objection, which
        the minutes then say.
        """
        item = self._need_item()
        if item.proposal is None:
            raise Refused("no_proposal")
        missing = self.not_voted()
        if missing:
            raise Refused("consent_incomplete", names=", ".join(missing))
        objectors = [v.name for v in item.proposal.votes.values() if v.vote == "object"]
        if objectors and not over_objection:
            raise Refused("objection_open", names=", ".join(objectors))
        return self._emit("decision_recorded", item=item.index, over_objection=bool(objectors))

    # ---- actions

    def add_action(self, what: str, owner: str, due: date | None = None) -> Event:
        """An action (who, what, when), numbered after the running item.

        The owner is someone at the table or anyone else in words ("moeder", "leerplicht"). The
        number is the item's next one that no action in the list shows yet (a carried action
        keeps the number it was given); the id is unique forever.
        """
        item = self._need_item()
        what = self._text(what, "action")
        owner = self._owner(owner)
        shown = {a.number for a in self.state.actions}
        count = item.action_count + 1
        while f"{item.number}.{count}" in shown:
            count += 1
        return self._emit(
            "action_added",
            id=self.new_id(),
            item=item.index,
            number=f"{item.number}.{count}",
            what=what,
            owner=owner,
            due=due.isoformat() if due else "",
        )

    def _owner(self, owner: str) -> str:
        owner = self._text(owner, "owner", required=False)
        if not owner:
            raise Refused("no_owner")
        return owner

    def change_action(self, action_id: str, **changes: Any) -> Event:
        """Mark an action done, carried over or dropped in the action review (status, note)."""
        self.need_running()
        self._need_action(action_id)
        data: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "status":
                if value not in ACTION_STATUSES:
                    raise Refused("bad_action_status", status=value)
                data[key] = value
            elif key == "note":
                data[key] = self._text(value, "note", required=False)
            elif key in ("what", "owner", "due"):
                return self.correct_action(action_id, **changes)
            else:
                raise Refused("bad_action_field", field=key)
        return self._emit("action_changed", id=action_id, **data)

    def _need_action(self, action_id: str) -> Action:
        action = self.state.action(action_id)
        if action is None:
            raise Refused("unknown_action", id=action_id)
        return action

    # ---- corrections: new events that point at what they put right; nothing is rewritten

    def _need_record(self) -> None:
        """Corrections may be made once the meeting has started, also after it ended, until a
        later meeting adopts its minutes."""
        if self.state.status == "new":
            raise Refused("not_started")
        adopted = self.state.adopted
        if adopted is not None:
            raise Refused("adopted", title=adopted.title, date=adopted.date)

    def entry(self, seq: int) -> Contribution | None:
        """The contribution or note made by event `seq`, as the record now reads."""
        for item in self.state.items:
            for c in item.notes:
                if c.seq == seq:
                    return c
            for phase in item.phases:
                for c in phase.contributions:
                    if c.seq == seq:
                        return c
        return None

    def _item_of_entry(self, seq: int) -> ItemState | None:
        for item in self.state.items:
            if any(c.seq == seq for c in item.notes):
                return item
            if any(c.seq == seq for p in item.phases for c in p.contributions):
                return item
        return None

    def correct_contribution(
        self, seq: int, text: str | None = None, speaker: str | None = None
    ) -> Event:
        """Put right the text of a contribution or note, or who said it (re-attribute)."""
        self._need_record()
        entry = self.entry(seq)
        if entry is None:
            raise Refused("unknown_entry")
        data: dict[str, Any] = {"target": seq}
        if text is not None:
            text = self._text(text, "contribution")
            if text != entry.text:
                data["text"] = text
        if speaker is not None and speaker != entry.speaker:
            if entry.speaker is None:
                raise Refused("note_has_no_speaker")
            self._need_person(speaker)
            data["speaker"] = speaker
            item = self._item_of_entry(seq)
            if entry.kind in ("question", "answer") and item is not None:
                data["kind"] = "answer" if speaker == item.spec.presenter else "question"
        if len(data) == 1:
            raise Refused("nothing_changed")
        return self._emit("contribution_corrected", **data)

    def delete_contribution(self, seq: int) -> Event:
        """Take a contribution or note out of the record (the journal keeps it)."""
        self._need_record()
        if self.entry(seq) is None:
            raise Refused("unknown_entry")
        return self._emit("contribution_deleted", target=seq)

    def correct_proposal(self, text: str, rationale: str = "", index: int | None = None) -> Event:
        """Put right a proposal's text and rationale before anyone answered it."""
        self._need_record()
        item = self.state.by_index[index] if index is not None else self.state.item
        if item is None or item.proposal is None:
            raise Refused("no_proposal")
        if item.proposal.votes:
            raise Refused("proposal_answered")
        text = self._text(text, "decision")
        rationale = self._text(rationale, "rationale", required=False)
        if (text, rationale) == (item.proposal.text, item.proposal.rationale):
            raise Refused("nothing_changed")
        return self._emit(
            "proposal_corrected", target=item.proposal.seq, text=text, rationale=rationale
        )

    _UNCHANGED: Any = object()

    def correct_action(
        self,
        action_id: str,
        what: str | None = None,
        owner: str | None = None,
        due: Any = _UNCHANGED,
        status: str | None = None,
    ) -> Event:
        """Put right an action's what, owner, due date (None: no date) or status."""
        self._need_record()
        action = self._need_action(action_id)
        data: dict[str, Any] = {"id": action_id}
        if what is not None and self._text(what, "action") != action.what:
            data["what"] = self._text(what, "action")
        if owner is not None and self._owner(owner) != action.owner:
            data["owner"] = self._owner(owner)
        if due is not self._UNCHANGED and due != action.due:
            data["due"] = due.isoformat() if due else ""
        if status is not None and status != action.status:
            if status not in ACTION_STATUSES:
                raise Refused("bad_action_status", status=status)
            data["status"] = status
        if len(data) == 1:
            raise Refused("nothing_changed")
        return self._emit("action_corrected", **data)

    def _need_guest(self, name: str) -> Person:
        person = self._need_person(name)
        if not person.guest:
            raise Refused("not_a_guest", name=name)
        return person

    def correct_guest(
        self, name: str, new_name: str | None = None, discipline: str | None = None
    ) -> Event:
        """Put right a guest's name or discipline; the record shows the new name throughout."""
        self._need_record()
        person = self._need_guest(name)
        data: dict[str, Any] = {"name": name}
        if new_name is not None:
            new_name = self._text(new_name, "name")
            if new_name != name:
                if new_name in self.state.people or new_name in self._names_used():
                    raise Refused("duplicate_person", name=new_name)
                data["new_name"] = new_name
        if discipline is not None:
            discipline = self._text(discipline, "discipline", required=False)
            if discipline != person.discipline:
                data["discipline"] = discipline
        if len(data) == 1:
            raise Refused("nothing_changed")
        return self._emit("guest_corrected", **data)

    def remove_guest(self, name: str) -> Event:
        """Take a guest added by mistake off the record; only before they took part."""
        self._need_record()
        self._need_guest(name)
        if self._took_part(name):
            raise Refused("guest_took_part", name=name)
        return self._emit("guest_removed", name=name)

    def minutes_sent(self, sender: str, to: tuple[str, ...], version: str) -> Event:
        """Note that the minutes went out by e-mail: who sent which version to whom (no body).
        Also once adopted: sending the adopted minutes changes nothing in them."""
        if self.state.status == "new":
            raise Refused("not_started")
        return self._emit("minutes_sent", sender=sender, to=tuple(to), version=version)

    def _took_part(self, name: str, after: int = 0, effective: list[Event] | None = None) -> bool:
        """Whether an event after seq `after` has `name` speak, pass, answer, own or come and go.

        Read as the record now reads (`effective_events`, unless given): a guest renamed, or a
        rename undone, goes by one name in every event, whatever name it was written with.
        """
        if effective is None:
            effective, _ = effective_events(self.events)
        for event in effective:
            if event.seq <= after or isinstance(event, (ev_.PhaseStarted, ev_.OrderChanged)):
                continue
            if isinstance(event, (ev_.GuestCorrected, ev_.GuestRemoved, ev_.Undone)):
                continue
            if name in ev_.names_in(event):
                return True
            if isinstance(event, ev_.ActionAdded | ev_.ActionCorrected) and event.owner == name:
                return True
        state = self.state
        return state.chair == name or state.minute_taker == name

    def last_change(self) -> Event | None:
        """The change that undo would take back: the latest not yet undone."""
        undone = {e.target for e in self.events if isinstance(e, ev_.Undone)}
        for event in reversed(self.events):
            if event.UNDOABLE and event.seq not in undone:
                return event
        return None

    def undo(self) -> Event:
        """Take back the last change of the record (a contribution, an action, a correction...)."""
        self._need_record()
        event = self.last_change()
        if event is None:
            raise Refused("nothing_to_undo")
        if isinstance(event, ev_.PersonAdded):
            # The guest's name now (a rename since may still stand).
            effective, _ = effective_events(self.events)
            added = next((e for e in effective if e.seq == event.seq), event)
            name = added.name if isinstance(added, ev_.PersonAdded) else event.name
            if self._took_part(name, event.seq, effective):
                raise Refused("guest_took_part", name=name)
        if isinstance(event, ev_.ActionAdded) and any(
            isinstance(e, ev_.ActionChanged | ev_.ActionCorrected) and e.id == event.id
            for e in self.events
            if e.seq > event.seq
        ):
            raise Refused("nothing_to_undo")  # pragma: no cover - its changes come first
        if isinstance(event, ev_.AmendmentNoted) and self.state.adopts is not None:
            raise Refused("minutes_already_adopted")
        if isinstance(event, ev_.GuestCorrected) and event.new_name:
            taken = event.name in self.state.people
            if taken:
                raise Refused("duplicate_person", name=event.name)
        return self._emit("undone", target=event.seq)

    # ---- the meeting's clock

    def pause(self) -> Event:
        self.need_running()
        return self._emit("paused")

    def hand_over(self) -> Event:
        """The note-taker's terminal moves the flow from now on, until the chair takes it back."""
        self.need_running()
        if self.state.control == "notes":
            raise Refused("already_handed_over")
        return self._emit("control_changed", to="notes")

    def take_back(self) -> Event:
        """The chair's console moves the flow again."""
        self._need_record()
        if self.state.control == "chair":
            raise Refused("not_handed_over")
        return self._emit("control_changed", to="chair")

    def pause_after_crash(self) -> Event | None:
        """Pause a meeting found running on opening, as of its last event.

        A running meeting on disk means overleg stopped without pausing (a crash, a kill, a
        closed terminal): the time it was away must not count as anyone's speaking time. The
        pause starts at the last recorded event, the last moment known to be part of the meeting.
        """
        if self.state.status != "running" or self.state.last_at is None:
            return None
        return self._emit("paused", at=self.state.last_at, after_crash=True)

    def resume(self) -> Event:
        if self.state.status != "paused":
            raise Refused("not_paused")
        return self._emit("resumed")

    def end(self) -> Event:
        if self.state.status == "new":
            raise Refused("not_started")
        if self.state.status == "ended":
            raise Refused("ended")
        return self._emit("meeting_ended")


def _first_open(items: list[ItemState]) -> int:
    """The first place in `items` after every item already taken up."""
    return max((n for n, i in enumerate(items) if i.status != "todo"), default=-1) + 1
