"""The complete, versioned record of a meeting as plain TOML-able data.

`build_record` walks a `MeetingState` and returns nested dicts and lists of str, int, float, bool,
datetime and date only: never None (a value that is unknown is left out), never a set, and always
in the order of the agenda, the attendance list and the events, so the same state gives the same
record (and so the same bytes) every time. The schema is documented in docs/minutes-format.md.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from overleg.agenda import PRESENT
from overleg.engine import (
    Action,
    Adoption,
    Contribution,
    Decision,
    ItemState,
    MeetingState,
    Override,
    PhaseState,
)

SCHEMA_VERSION = 1


def seconds(value: float) -> float:
    """Seconds as the record keeps them: a float rounded to a tenth."""
    return round(float(value), 1)


def _put(into: dict[str, Any], key: str, value: Any) -> None:
    """Set `key` unless `value` is None (TOML has no null: unknown values are left out)."""
    if value is not None:
        into[key] = value


def _corrected(into: dict[str, Any], at: datetime | None) -> dict[str, Any]:
    """Mark an entry that was put right after it was first recorded: when it last was."""
    if at is not None:
        into["corrected"] = True
        into["corrected_at"] = at
    return into


def build_record(state: MeetingState, meeting_id: str = "") -> dict[str, Any]:
    """The whole meeting as plain data.

    Schema version, meeting, attendance, items, actions, speaking and pauses.
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "meeting": _meeting(state, meeting_id),
        "attendance": [_person(state, name) for name in state.people],
        "items": [_item(state, item) for item in state.items],
        "agenda_changes": _agenda_changes(state),
        "actions": [_action(state, a) for a in state.actions],
        "speaking": _speaking(state),
        "pauses": _pauses(state),
    }


def _agenda_changes(state: MeetingState) -> list[dict[str, Any]]:
    """The agenda as adopted at the table: items added, dropped, moved, in order."""
    out = []
    for change in state.agenda_changes:
        item = state.by_index[change.index]
        during = state.by_index[change.during].number if change.during is not None else 0
        out.append(
            {
                "kind": change.kind,
                "title": change.title,
                "number": item.number,
                "reason": change.reason,
                "at": change.at,
                "during": during,
            }
        )
    return out


def _amendments(found: tuple[tuple[int, str, str, str], ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for number, title, text, by in found:
        amendment: dict[str, Any] = {"number": number, "title": title, "text": text}
        if by:
            amendment["by"] = by
        out.append(amendment)
    return out


def _adoption(adoption: Adoption) -> dict[str, Any]:
    out: dict[str, Any] = {"meeting": adoption.meeting, "title": adoption.title}
    _put(out, "date", _day(adoption.date))
    out["at"] = adoption.at
    out["amendments"] = _amendments(adoption.amendments)
    return out


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _paused_seconds(state: MeetingState, until: datetime | None) -> float:
    total = sum((end - start).total_seconds() for start, end in state.pauses)
    if state.paused_at is not None and until is not None:
        total += max(0.0, (until - state.paused_at).total_seconds())
    return total


def _meeting(state: MeetingState, meeting_id: str) -> dict[str, Any]:
    agenda = state.agenda
    meeting: dict[str, Any] = {
        "id": meeting_id,
        "title": agenda.title,
        "kind": agenda.kind,
        "series": agenda.series,
        "language": agenda.language,
        "place": agenda.place,
        "status": state.status,
        "chair": state.chair,
        "minute_taker": state.minute_taker,
    }
    meeting["minutes_status"] = minutes_status(state)
    if state.adopted is not None:
        meeting["adopted"] = _adoption(state.adopted)
    _put(meeting, "planned_date", agenda.date)
    _put(meeting, "started", state.started_at)
    _put(meeting, "ended", state.ended_at)
    meeting["planned_seconds"] = int(agenda.planned_seconds)
    until = state.ended_at or state.last_at
    elapsed = (until - state.started_at).total_seconds() if state.started_at and until else 0.0
    paused = _paused_seconds(state, until)
    meeting["paused_seconds"] = seconds(paused)
    meeting["used_seconds"] = seconds(max(0.0, elapsed - paused))
    return meeting


def _person(state: MeetingState, name: str) -> dict[str, Any]:
    p = state.people[name]
    person: dict[str, Any] = {
        "name": p.name,
        "role": p.role,
        "discipline": p.discipline,
        "attendance": p.attendance,
        "guest": p.guest or p.role == "guest",
        "chair": p.name == state.chair,
        "minute_taker": p.name == state.minute_taker,
        "consent": p.consent,
    }
    _put(person, "arrived", p.arrived_at)
    _put(person, "left", p.left_at)
    return _corrected(person, p.corrected_at)


def _contribution(c: Contribution) -> dict[str, Any]:
    out: dict[str, Any] = {"seq": c.seq, "at": c.at, "kind": c.kind}
    _put(out, "speaker", c.speaker)
    out["text"] = c.text
    return _corrected(out, c.corrected_at)


def _phase(phase: PhaseState) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": phase.index + 1,
        "kind": phase.spec.kind,
        "title": phase.spec.title,
        "status": phase.status,
    }
    _put(out, "started", phase.started_at)
    _put(out, "ended", phase.ended_at)
    out["used_seconds"] = seconds(phase.timer.seconds())
    out["order"] = list(phase.order)
    out["heard"] = list(phase.heard)
    out["passed"] = list(phase.passed)
    out["contributions"] = [_contribution(c) for c in phase.contributions]
    out["turns"] = [
        {
            "speaker": t.speaker,
            "started": t.started_at,
            "seconds": seconds(t.timer.seconds()),
            "passed": t.passed,
        }
        for t in phase.turns
    ]
    return out


def outcome(decision: Decision) -> str:
    """consent; consent-with-objections (objections heard, then withdrawn or integrated); or
    over-objection (the chair recorded it although an objection stood)."""
    if decision.over_objection:
        return "over-objection"
    return "consent-with-objections" if decision.objections_heard else "consent"


def _decision(d: Decision) -> dict[str, Any]:
    out = {
        "number": d.number,
        "text": d.text,
        "rationale": d.rationale,
        "at": d.at,
        "outcome": outcome(d),
        "votes": [
            {"name": v.name, "vote": v.vote, "reason": v.reason, "at": v.at}
            for v in d.votes.values()
        ],
        "objections_heard": [
            {"name": v.name, "reason": v.reason, "at": v.at} for v in d.objections_heard
        ],
    }
    return _corrected(out, d.corrected_at)


def _override(item: ItemState, o: Override) -> dict[str, Any]:
    return {
        "phase": o.phase + 1,
        "phase_title": item.phases[o.phase].spec.title if o.phase < len(item.phases) else "",
        "reason": o.reason,
        "at": o.at,
        "missing": [{"phase": title, "names": list(names)} for title, names in o.missing],
    }


def minutes_status(state: MeetingState) -> str:
    """concept until a later meeting adopts the minutes (adopted); running before the end."""
    if state.adopted is not None:
        return "adopted"
    return "concept" if state.status == "ended" else state.status


def _item(state: MeetingState, item: ItemState) -> dict[str, Any]:
    spec = item.spec
    out: dict[str, Any] = {
        "number": item.number,
        "title": spec.title,
        "status": item.status,
        "reason": item.reason,
        "presenter": spec.presenter or "",
        "method": spec.method or "",
        "clients": list(spec.clients),
        "planned_seconds": int(item.planned),
        "extra_seconds": int(item.extra),
        "used_seconds": seconds(item.timer.seconds()),
    }
    _put(out, "started", item.started_at)
    _put(out, "ended", item.ended_at)
    out["phases"] = [_phase(p) for p in item.phases]
    out["decisions"] = [_decision(d) for d in item.decisions]
    if item.proposal is not None:
        # A proposal on the table when the item was left: no decision, but heard objections count.
        proposal = item.proposal
        out["open_proposal"] = {
            "text": proposal.text,
            "rationale": proposal.rationale,
            "at": proposal.at,
            "votes": [
                {"name": v.name, "vote": v.vote, "reason": v.reason, "at": v.at}
                for v in proposal.votes.values()
            ],
        }
        _corrected(out["open_proposal"], proposal.corrected_at)
    out["overrides"] = [_override(item, o) for o in item.overrides]
    out["notes"] = [
        _corrected({"seq": n.seq, "at": n.at, "text": n.text}, n.corrected_at) for n in item.notes
    ]
    amendments = [a for a in state.amendments if a.item == item.index]
    if amendments:
        out["amendments"] = [
            {"number": a.number, "title": a.title, "text": a.text, "by": a.by, "at": a.at}
            for a in amendments
        ]
    if state.adopts is not None and state.adopts.item == item.index:
        out["adopts"] = _adoption(state.adopts)
    return out


def _action(state: MeetingState, a: Action) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": a.id,
        "number": a.number,
        "what": a.what,
        "owner": a.owner,
    }
    _put(out, "due", a.due)
    out["status"] = a.status
    if a.item is not None:
        item = state.by_index.get(a.item)
        out["item"] = item.number if item is not None else a.item + 1
    # Someone not at the table ("moeder", "leerplicht") may own an action: the minutes say so.
    out["owner_at_table"] = a.owner in state.people
    out["origin"] = a.origin
    _put(out, "origin_date", a.origin_date)
    out["note"] = a.note
    _put(out, "created", a.created_at)
    return _corrected(out, a.corrected_at)


def _speaking(state: MeetingState) -> list[dict[str, Any]]:
    """Per person (attendance order): turns, passes, noted contributions, seconds with the floor.

    Counted from the phases' turns, so the figures agree with the per-phase record. Everyone who
    was present at some point (guests included) is listed, also with zero turns: the minutes show
    who was not heard. Someone excused or absent is not, even with input noted against them (a
    written contribution): they never had the floor.
    """
    turns: dict[str, int] = {}
    passes: dict[str, int] = {}
    spent: dict[str, float] = {}
    noted: dict[str, int] = {}
    for item in state.items:
        for phase in item.phases:
            for turn in phase.turns:
                spent[turn.speaker] = spent.get(turn.speaker, 0.0) + turn.timer.seconds()
                if not turn.passed:
                    turns[turn.speaker] = turns.get(turn.speaker, 0) + 1
            for name in phase.passed:
                passes[name] = passes.get(name, 0) + 1
            for c in phase.contributions:
                if c.speaker is not None:
                    noted[c.speaker] = noted.get(c.speaker, 0) + 1
    out = []
    for name, person in state.people.items():
        if person.attendance != PRESENT and not person.guest:
            continue
        out.append(
            {
                "name": name,
                "turns": turns.get(name, 0),
                "passes": passes.get(name, 0),
                "contributions": noted.get(name, 0),
                "seconds": seconds(spent.get(name, 0.0)),
            }
        )
    return out


def _pauses(state: MeetingState) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"started": s, "ended": e} for s, e in state.pauses]
    if state.paused_at is not None:
        out.append({"started": state.paused_at})
    return out
