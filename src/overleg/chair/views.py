"""Views: small frozen objects computed from the meeting's state, one per panel of a screen.

A widget is handed a view and compares it with the one it shows: equal views mean nothing to draw.
Views hold what a panel says (names, titles, clock texts, marks) and the words' keys; the widgets
choose the styles and look the words up in the screen's language. No Textual here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from overleg.chair.meeting import MinutesOnTable
    from overleg.engine import Action, ItemState, MeetingState, PhaseState, Vote

# ---------------------------------------------------------------------------------------- clocks


def clock_text(seconds: float, countdown: bool = False) -> str:
    """Seconds as "m:ss", or "h:mm:ss" from an hour on.

    Time used rounds half up to the second, as the minutes do; a countdown rounds up, so it shows
    0:00 only once the time is really up.
    """
    amount = abs(seconds)
    total = math.ceil(amount) if countdown and seconds > 0 else int(amount + 0.5)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes_text(seconds: float) -> str:
    return str(int(round(abs(seconds) / 60)))


def meeting_time(state: MeetingState, now: datetime) -> tuple[float, float]:
    """Seconds the meeting has run, pauses left out as the minutes do, and seconds behind plan.

    While paused both stand still at the moment of the pause.
    """
    started = state.started_at
    if started is None:
        return 0.0, 0.0
    until = state.ended_at or state.paused_at or now
    paused = sum((end - start).total_seconds() for start, end in state.pauses)
    used = max(0.0, (until - started).total_seconds() - paused)
    return used, state.behind(until) - paused


@dataclass(frozen=True)
class ClockView:
    """The top bar's clock: wall time, time used against planned, ahead or behind, paused."""

    wall: str
    used: str
    planned: str
    #: "behind", "ahead" or "on_time" (`ui.clock.<schedule>`), by `minutes`.
    schedule: str
    minutes: str
    paused: bool


def clock_view(state: MeetingState, now: datetime) -> ClockView:
    used, behind = meeting_time(state, now)
    schedule = "behind" if behind >= 60 else "ahead" if behind <= -60 else "on_time"
    return ClockView(
        now.strftime("%H:%M"),
        clock_text(used),
        clock_text(state.agenda.planned_seconds),
        schedule,
        minutes_text(behind),
        state.status == "paused",
    )


# ---------------------------------------------------------------------------------------- agenda

ITEM_MARKS = {"todo": "·", "running": "▶", "done": "✓", "deferred": "↷", "skipped": "✗"}


@dataclass(frozen=True)
class AgendaLine:
    """One agenda item: its mark and status, and its time used against planned."""

    index: int
    number: int
    title: str
    status: str
    mark: str
    used: str
    planned: str
    over: bool
    #: Why the item was deferred or skipped ("" otherwise).
    reason: str = ""


def agenda_line(item: ItemState, now: datetime) -> AgendaLine:
    used = item.timer.seconds(now)
    return AgendaLine(
        item.index,
        item.number,
        item.spec.title,
        item.status,
        ITEM_MARKS.get(item.status, "·"),
        clock_text(used),
        clock_text(item.planned),
        used > item.planned,
        item.reason if item.status in ("deferred", "skipped") else "",
    )


def item_choices(state: MeetingState) -> tuple[tuple[int, str, str], ...]:
    """(index, "number. title", status) of every item, to go to one."""
    return tuple((i.index, f"{i.number}. {i.spec.title}", i.status) for i in state.items)


def agenda_lines(state: MeetingState, now: datetime) -> tuple[AgendaLine, ...]:
    return tuple(agenda_line(item, now) for item in state.items)


# ------------------------------------------------------------------------------- the running item


@dataclass(frozen=True)
class HeadView:
    """The meeting's title, the running item's title, and whether the meeting is paused."""

    meeting_title: str
    item_title: str
    paused: bool
    #: Which panels the phase brings up: a round, a decision, actions.
    turns: bool
    decision: bool
    actions: bool
    #: Who a contribution written now is against (None: a general note).
    speaker: str | None
    #: The running phase takes questions only: what is written is a question.
    questions_only: bool = False


def head_view(state: MeetingState, review: bool) -> HeadView:
    item = state.item
    phase = state.phase
    title = state.agenda.title if item is None else f"{item.number}. {item.spec.title}"
    kind = phase.spec.kind if phase is not None else ""
    turn = state.turn
    return HeadView(
        state.agenda.title,
        title,
        state.status == "paused",
        phase is not None and phase.takes_turns,
        kind == "decision" or bool(item and (item.decisions or item.proposal)),
        # The item's actions show whenever there are any, not only in its actions phase.
        kind == "actions"
        or review
        or bool(item and any(a.item == item.index for a in state.actions)),
        turn.speaker if turn is not None else None,
        phase is not None and phase.spec.questions_only,
    )


@dataclass(frozen=True)
class StepperView:
    """The item's phases in a row: (title, "running" | "done" | "todo"), and the phase's clock."""

    item: bool
    phases: tuple[tuple[str, str], ...] = ()
    #: (used, planned, over) of the running phase when it has a duration.
    clock: tuple[str, str, bool] | None = None


def stepper_view(state: MeetingState, now: datetime) -> StepperView:
    item = state.item
    if item is None:
        return StepperView(False)
    phases = tuple(
        (
            p.spec.title,
            "running" if p.index == item.phase else "done" if p.status == "done" else "todo",
        )
        for p in item.phases
    )
    phase = item.current_phase
    clock = None
    if phase is not None and phase.spec.duration:
        used = phase.timer.seconds(now)
        clock = (clock_text(used), clock_text(phase.spec.duration), used > phase.spec.duration)
    return StepperView(True, phases, clock)


@dataclass(frozen=True)
class GateView:
    """Before a decision: who has not been heard yet, per phase; `shown` when a decision is ahead."""

    shown: bool
    missing: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def open(self) -> bool:
        return not self.missing


def gate_view(state: MeetingState, missing: list[tuple[str, list[str]]]) -> GateView:
    item = state.item
    ahead = item is not None and any(
        p.spec.kind == "decision" and p.index > (item.phase if item.phase is not None else -1)
        for p in item.phases
    )
    if not ahead:
        return GateView(False)
    return GateView(True, tuple((title, tuple(names)) for title, names in missing))


@dataclass(frozen=True)
class PromptView:
    """The phase's prompts, and whether the phase takes questions only.

    `state`: "phase" (a phase runs), "choose" (no item open) or "ended".
    """

    state: str
    description: str = ""
    prompts: tuple[str, ...] = ()
    kind: str = ""
    #: A questions-only phase (from the method data: the phase's kind).
    questions_only: bool = False
    #: The prompt that already states the questions-only rule (from the method data), if any.
    rule_prompt: int | None = None


def prompt_view(state: MeetingState) -> PromptView:
    phase = state.phase
    if phase is None:
        return PromptView("ended" if state.status == "ended" else "choose")
    item = state.item
    description = ""
    if item is not None and item.spec.description and phase.index == 0:
        # What the agenda says about the item opens it; later phases keep to their prompts.
        description = " ".join(item.spec.description.split())
    spec = phase.spec
    return PromptView(
        "phase",
        description,
        spec.prompts,
        spec.kind,
        spec.questions_only,
        spec.rule_prompt if spec.questions_only else None,
    )


@dataclass(frozen=True)
class FloorView:
    """Who has the floor and their clock, who is next; `shown` while a round runs."""

    shown: bool
    speaker: str | None = None
    #: With nobody on the floor: the first still to speak ("" when the round is complete).
    waiting: str = ""
    #: The speaker's clock, and how it counts: "left" (timed turns, counting down), "over"
    #: (past the time, counting up from it) or "spoken" (turns not timed).
    time: str = ""
    timing: str = ""
    overrun: bool = False
    next: str = ""
    #: Only questions in this round: the rule is said beside the floor.
    questions_only: bool = False
    #: The speaker passed earlier and is asked whether to add something now.
    asked_again: bool = False


def floor_view(state: MeetingState, now: datetime) -> FloorView:
    phase = state.phase
    if phase is None or not phase.takes_turns:
        return FloorView(False)
    turn = phase.current
    waiting = state.up_next(phase)
    upcoming = waiting[0] if waiting else ""
    questions_only = phase.spec.questions_only
    if turn is None:
        return FloorView(True, None, upcoming, next=upcoming, questions_only=questions_only)
    spent = turn.timer.seconds(now)
    limit = state.turn_limit(phase)
    overrun = False
    if limit:
        remaining = limit - spent
        overrun = remaining < 0
        shown = clock_text(remaining, countdown=True)
        timing = "over" if overrun else "left"
    else:
        shown = clock_text(spent)
        timing = "spoken"
    asked_again = turn.speaker in phase.asked_again and turn.speaker in phase.passed
    return FloorView(
        True, turn.speaker, "", shown, timing, overrun, upcoming, questions_only, asked_again
    )


@dataclass(frozen=True)
class PersonLine:
    """One person's place in the round: "current", "heard", "passed", "away" or "waiting"."""

    name: str
    place: str
    #: Time on the floor in this round, and in the whole meeting.
    time: str
    total: str = ""


def people_lines(state: MeetingState, now: datetime) -> tuple[PersonLine, ...] | None:
    """Everyone in the running round's order; None when no round runs."""
    phase = state.phase
    if phase is None or not phase.takes_turns:
        return None
    current = phase.current.speaker if phase.current is not None else None
    lines = []
    for name in phase.order:
        person = state.people.get(name)
        if name == current:
            place = "current"
        elif name in phase.heard:
            place = "heard"
        elif name in phase.passed:
            place = "passed"
        elif person is not None and not person.here:
            place = "away"
        else:
            place = "waiting"
        in_round = sum(t.timer.seconds(now) for t in phase.turns if t.speaker == name)
        total = state.speaking_seconds(name, now)
        lines.append(PersonLine(name, place, clock_text(in_round), clock_text(total)))
    return tuple(lines)


@dataclass(frozen=True)
class LogLine:
    """A contribution: who (None: a general note), what kind, the text."""

    speaker: str | None
    kind: str
    text: str


@dataclass(frozen=True)
class LogView:
    """The running item's contributions, phase by phase, and its general notes."""

    phases: tuple[tuple[str, tuple[LogLine, ...]], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.phases and not self.notes


def log_view(state: MeetingState) -> LogView:
    item = state.item
    if item is None:
        return LogView()
    phases = tuple(
        (
            p.spec.title,
            tuple(LogLine(c.speaker, c.kind, c.text) for c in p.contributions),
        )
        for p in item.phases
        if p.contributions
    )
    return LogView(phases, tuple(n.text for n in item.notes))


# ------------------------------------------------------------------------------------- decisions


@dataclass(frozen=True)
class DecisionLine:
    number: str
    text: str
    #: Objections that still stood: (name, reason).
    objections: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ProposalView:
    text: str
    rationale: str
    consent: int
    object: int
    abstain: int
    waiting: int
    objections: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DecisionView:
    """Gate overrides, decisions taken, and the proposal on the table with its tally."""

    shown: bool
    overrides: tuple[str, ...] = ()
    decisions: tuple[DecisionLine, ...] = ()
    proposal: ProposalView | None = None
    #: In a decision phase with no proposal yet: hint to put one on the table.
    invite: bool = False


def _tally(votes: Iterable[Vote]) -> tuple[int, int, int]:
    """How many consented, objected and abstained."""
    counts = Counter(v.vote for v in votes)
    return counts["consent"], counts["object"], counts["abstain"]


def decision_view(state: MeetingState) -> DecisionView:
    item = state.item
    if item is None:
        return DecisionView(False)
    decisions = tuple(
        DecisionLine(d.number, d.text, tuple((v.name, v.reason) for v in d.objections))
        for d in item.decisions
    )
    proposal = item.proposal
    shown_proposal = None
    if proposal is not None:
        votes = list(proposal.votes.values())
        shown_proposal = ProposalView(
            proposal.text,
            proposal.rationale,
            *_tally(votes),
            len([n for n in state.consent_round() if n not in proposal.votes]),
            tuple((v.name, v.reason) for v in votes if v.vote == "object"),
        )
    invite = proposal is None and state.phase is not None and state.phase.spec.kind == "decision"
    return DecisionView(
        True, tuple(o.reason for o in item.overrides), decisions, shown_proposal, invite
    )


@dataclass(frozen=True)
class ActionLine:
    """One action as the screens show it."""

    id: str
    number: str
    what: str
    owner: str
    due: str
    status: str
    #: For an action carried from an earlier meeting: the day it was agreed ("3.1 van 2
    #: december" tells one 3.1 from another); None for this meeting's own.
    agreed: date | None = None


def action_line(action: Action) -> ActionLine:
    due = action.due.isoformat() if action.due else "—"
    agreed = action.origin_date if action.origin else None
    return ActionLine(
        action.id, action.number, action.what, action.owner, due, action.status, agreed
    )


@dataclass(frozen=True)
class ActionsView:
    """The actions of the running item; in an action review, those carried from last time."""

    shown: bool
    review: bool = False
    lines: tuple[ActionLine, ...] = ()


def actions_view(state: MeetingState, review: bool) -> ActionsView:
    item = state.item
    if item is None:
        return ActionsView(False)
    actions = [a for a in state.actions if (a.origin if review else a.item == item.index)]
    return ActionsView(True, review, tuple(action_line(a) for a in actions))


def carried_lines(state: MeetingState) -> tuple[ActionLine, ...]:
    """The actions carried from the previous meeting, for the action review."""
    return tuple(action_line(a) for a in state.actions if a.origin)


# ------------------------------------------------------------------ adopting the agenda at the table


def open_choices(state: MeetingState) -> tuple[tuple[int, str], ...]:
    """(index, "number. title") of the items not yet taken up: those that may be dropped or
    moved."""
    return tuple(
        (i.index, f"{i.number}. {i.spec.title}") for i in state.items if i.status == "todo"
    )


def method_choices(language: str) -> tuple[tuple[str, str, str], ...]:
    """(name, title, one-line summary) of every built-in method an item added at the table
    may follow, in `language`; the summary is "" where the method has none."""
    from overleg import agenda

    summary = getattr(agenda, "method_summary", None)
    choices = []
    for name in agenda.method_names():
        try:
            line = str(summary(name, language)) if summary is not None else ""
        except KeyError:
            line = ""
        choices.append((name, agenda.method_title(name, language), line))
    return tuple(choices)


@dataclass(frozen=True)
class MinutesView:
    """While the item reviewing the previous minutes runs: what is on the table, its
    besluitenlijst, the amendments noted so far, and whether they are adopted."""

    shown: bool
    #: False: no earlier minutes of the series to adopt (`ui.adopt.none`).
    on_table: bool = False
    title: str = ""
    #: The day of that meeting (None when it never started).
    day: date | None = None
    #: Its decisions: (number "3.1", text).
    decisions: tuple[tuple[str, str], ...] = ()
    #: The amendments noted here: (item number, 0 for the minutes at large; its title; text).
    amendments: tuple[tuple[int, str, str], ...] = ()
    #: "concept", "here" (adopted in this meeting) or "elsewhere" (in another one).
    adopted: str = "concept"


def minutes_view(state: MeetingState, table: MinutesOnTable | None) -> MinutesView:
    item = state.item
    if item is None or item.spec.method != "minutes-review":
        return MinutesView(False)
    if table is None:
        return MinutesView(True)
    adopted = "here" if table.adopted_here else "elsewhere" if table.adopted_by else "concept"
    return MinutesView(
        True,
        True,
        table.title,
        date.fromisoformat(table.date) if table.date else None,
        table.decisions,
        table.amendments,
        adopted,
    )


# ------------------------------------------------------------------------------ the consent round


@dataclass(frozen=True)
class VoteRow:
    name: str
    #: "consent", "object", "abstain", or "" while waiting.
    vote: str
    reason: str


@dataclass(frozen=True)
class ConsentView:
    """The consent round: the proposal and the answer of each present member of it, in turn order."""

    proposal: str | None
    rationale: str = ""
    rows: tuple[VoteRow, ...] = ()


def consent_view(state: MeetingState) -> ConsentView:
    item = state.item
    proposal = item.proposal if item is not None else None
    if proposal is None:
        return ConsentView(None)
    rows = []
    for name in state.consent_round():
        vote = proposal.votes.get(name)
        rows.append(VoteRow(name, vote.vote if vote else "", vote.reason if vote else ""))
    return ConsentView(proposal.text, proposal.rationale, tuple(rows))


def speaking_order(state: MeetingState) -> tuple[str, ...]:
    phase: PhaseState | None = state.phase
    return tuple(phase.order) if phase is not None else ()


# ------------------------------------------------------------------------------------ the summary


@dataclass(frozen=True)
class SummaryItem:
    number: int
    title: str
    status: str
    used: str
    planned: str


@dataclass(frozen=True)
class SummaryDecision:
    number: str
    text: str
    consent: int
    object: int
    abstain: int
    objections: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SummaryView:
    """The end of a meeting: when, decisions, actions, time planned against used."""

    title: str
    #: (date, start, end) once started; end "…" while it runs.
    when: tuple[str, str, str] | None
    decisions: tuple[SummaryDecision, ...]
    actions: tuple[ActionLine, ...]
    items: tuple[SummaryItem, ...]
    used: str
    planned: str


def summary_view(state: MeetingState) -> SummaryView:
    when = None
    if state.started_at is not None:
        end = state.ended_at.strftime("%H:%M") if state.ended_at else "…"
        when = (state.started_at.date().isoformat(), state.started_at.strftime("%H:%M"), end)
    decisions = []
    for item in state.items:
        for d in item.decisions:
            decisions.append(
                SummaryDecision(
                    d.number,
                    d.text,
                    *_tally(d.votes.values()),
                    tuple((v.name, v.reason) for v in d.objections),
                )
            )
    items = []
    used_total = 0.0
    for item in state.items:
        used = item.timer.seconds(None)
        used_total += used
        items.append(
            SummaryItem(
                item.number,
                item.spec.title,
                item.status,
                clock_text(used),
                clock_text(item.planned),
            )
        )
    return SummaryView(
        state.agenda.title,
        when,
        tuple(decisions),
        tuple(action_line(a) for a in state.actions),
        tuple(items),
        clock_text(used_total),
        clock_text(state.agenda.planned_seconds),
    )


# ----------------------------------------------------------------------------------- corrections


#: An action's statuses, in the order a screen offers them.
ACTION_STATUSES: tuple[str, ...] = ("open", "done", "carried", "dropped")

#: What a correction can put right, in the order the corrections screen lists them per item.
ENTRY_KINDS = ("contribution", "note", "proposal", "action", "guest")


@dataclass(frozen=True)
class RecordEntry:
    """One line of the record that the note-taker or the chair may put right.

    `kind` is one of ENTRY_KINDS; `key` is what the correction points at: the event's seq (as
    text) for a contribution or note, the item's index for its proposal, the action's id, the
    guest's name. `item` is the agenda item's number (0: none, as for a guest); `who` the speaker,
    owner or guest; `text` what the record says; `detail` the rationale, due date or discipline.
    `editable` is False for a proposal the consent round has begun on (amend it instead).
    """

    kind: str
    key: str
    item: int
    who: str
    text: str
    detail: str = ""
    corrected: bool = False
    editable: bool = True
    #: For an action: its number and status; for a contribution: its kind (question, answer...).
    tag: str = ""
    #: For an action: whether its owner is on the attendance list ("moeder" is not).
    at_table: bool = True


def record_entries(state: MeetingState) -> tuple[RecordEntry, ...]:
    """Everything correctable in the record as it now reads, item by item, then the guests."""
    out: list[RecordEntry] = []
    actions_by_item: dict[int | None, list[Action]] = {}
    for action in state.actions:
        actions_by_item.setdefault(action.item, []).append(action)
    for item in state.items:
        entries: list[tuple[int, RecordEntry]] = []
        for phase in item.phases:
            for c in phase.contributions:
                entry = RecordEntry(
                    "contribution",
                    str(c.seq),
                    item.number,
                    who=c.speaker or "",
                    text=c.text,
                    corrected=c.corrected_at is not None,
                    tag=c.kind,
                )
                entries.append((c.seq, entry))
        for n in item.notes:
            entry = RecordEntry(
                "note", str(n.seq), item.number, "", n.text, corrected=n.corrected_at is not None
            )
            entries.append((n.seq, entry))
        out.extend(entry for _, entry in sorted(entries, key=lambda pair: pair[0]))
        proposal = item.proposal
        if proposal is not None:
            out.append(
                RecordEntry(
                    "proposal",
                    str(item.index),
                    item.number,
                    who="",
                    text=proposal.text,
                    detail=proposal.rationale,
                    corrected=proposal.corrected_at is not None,
                    editable=not proposal.votes,
                )
            )
        for action in actions_by_item.get(item.index, []):
            out.append(_action_entry(action, item.number, state.people))
    for action in state.actions:
        if action.item is None:
            out.append(_action_entry(action, 0, state.people))
    for person in state.people.values():
        if person.guest:
            out.append(
                RecordEntry(
                    "guest",
                    person.name,
                    0,
                    who=person.name,
                    text=person.name,
                    detail=person.discipline,
                    corrected=person.corrected_at is not None,
                )
            )
    return tuple(out)


def _action_entry(action: Action, item: int, people: Iterable[str]) -> RecordEntry:
    due = action.due.isoformat() if action.due else ""
    return RecordEntry(
        "action",
        action.id,
        item,
        who=action.owner,
        text=action.what,
        detail=due,
        corrected=action.corrected_at is not None,
        tag=f"{action.number} {action.status}",
        at_table=action.owner in people,
    )


# -------------------------------------------------------------------------------- the projector


@dataclass(frozen=True)
class ProjectorView:
    """What the projector shows the room: the item and its phase, the phase's prompts, the floor,
    who has still to be heard before a decision, and the consent round as it fills.

    Never a contribution, a note, a reason or the item's description. In a case meeting (an
    item lists `clients`) every text from the agenda or the record shown here has the clients'
    names replaced by labels ("cliënt A"), as the minutes to share have them, unless the chair
    chooses to show them.
    """

    #: The meeting's status: "new", "running", "paused" or "ended".
    status: str
    meeting_title: str
    #: "3. Casus cliënt A", or "" with no item open.
    item_title: str = ""
    #: The item's phases: (title, "running" | "done" | "todo").
    phases: tuple[tuple[str, str], ...] = ()
    #: The running phase's title and its place among the item's phases (0: none runs).
    phase_title: str = ""
    phase_number: int = 0
    #: The phase's prompts, without the item's description (it tells about the household).
    prompt: PromptView = PromptView("choose")
    floor: FloorView = FloorView(False)
    #: In a phase with a duration and no round: the time it has left, or how far it is over.
    phase_left: str = ""
    phase_over: bool = False
    #: Who has still to be heard before the item's decision; in the decision phase itself
    #: open, unless it was opened without everyone heard (`overridden`).
    gate: GateView = GateView(False)
    #: The item's decision phase was opened although not everyone had been heard.
    overridden: bool = False
    #: The proposal on the table and each member's answer, reasons left out.
    consent: ConsentView = ConsentView(None)
    #: The decisions taken on this item: (number, text).
    decisions: tuple[tuple[str, str], ...] = ()
    #: Client names have been replaced by labels in what is shown.
    pseudonymised: bool = False


def projector_view(
    state: MeetingState,
    missing: list[tuple[str, list[str]]],
    now: datetime,
    language: str = "nl",
    show_clients: bool = False,
) -> ProjectorView:
    """The projector's view; `missing` is the chair's `gate()`, `language` that of the labels."""
    hide = not show_clients and any(i.spec.clients for i in state.items)
    item = state.item
    phase = state.phase
    prompt = prompt_view(state)
    if item is None:
        title = state.agenda.title
        if hide:
            title = _pseudonymised(state, language, [title]).get(title, title)
        return ProjectorView(state.status, title, prompt=prompt, pseudonymised=hide)
    stepper = stepper_view(state, now)
    gate = gate_view(state, missing)
    consent = consent_view(state)
    decisions = tuple((d.number, d.text) for d in item.decisions)
    item_title = f"{item.number}. {item.spec.title}"
    phase_title = phase.spec.title if phase is not None else ""
    # Everything shown that the agenda or the record wrote, through the share rule in one pass.
    names: dict[str, str] = {}
    if hide:
        texts = [state.agenda.title, item_title, phase_title, *prompt.prompts]
        texts += [t for t, _ in stepper.phases] + [t for t, _ in gate.missing]
        texts += [t for _, t in decisions] + ([consent.proposal] if consent.proposal else [])
        names = _pseudonymised(state, language, texts)

    def shown(text: str) -> str:
        return names.get(text, text)

    overridden = bool(item.overrides)
    if phase is not None and phase.spec.kind == "decision" and not gate.shown:
        # In the decision itself the gate has been passed: open, or opened with a reason.
        overridden = any(o.phase == phase.index for o in item.overrides)
        gate = GateView(not overridden)
    floor = floor_view(state, now)
    left, over = "", False
    if phase is not None and not floor.shown and phase.spec.duration:
        remaining = phase.spec.duration - phase.timer.seconds(now)
        left, over = clock_text(remaining, countdown=True), remaining < 0
    return ProjectorView(
        state.status,
        shown(state.agenda.title),
        shown(item_title),
        tuple((shown(t), s) for t, s in stepper.phases),
        shown(phase_title),
        phase.index + 1 if phase is not None else 0,
        PromptView(
            prompt.state,
            "",
            tuple(shown(p) for p in prompt.prompts),
            prompt.kind,
            prompt.questions_only,
            prompt.rule_prompt,
        ),
        floor,
        left,
        over,
        GateView(gate.shown, tuple((shown(t), who) for t, who in gate.missing)),
        overridden,
        ConsentView(
            shown(consent.proposal) if consent.proposal is not None else None,
            "",
            tuple(VoteRow(r.name, r.vote, "") for r in consent.rows),
        ),
        tuple((n, shown(t)) for n, t in decisions),
        hide,
    )


def _pseudonymised(state: MeetingState, language: str, texts: list[str]) -> dict[str, str]:
    """Each of `texts` to itself with the clients' names replaced as the minutes to share
    replace them: the same labels for the same names, in order of first appearance across the
    agenda, in `language` ("cliënt A", "client A"), and the same rule for inflections."""
    # The share rule itself rather than a copy: the room sees the labels the shared minutes use.
    from overleg.minutes.share import pseudonymise

    record = {
        "meeting": {"language": language if language in ("nl", "en") else "nl"},
        "items": [{"clients": list(i.spec.clients)} for i in state.items],
        "texts": list(texts),
    }
    return dict(zip(texts, pseudonymise(record)["texts"], strict=True))
