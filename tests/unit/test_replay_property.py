"""Property: the minutes of a meeting depend on its events only.

Random sequences of valid commands drive a Meeting of `small_agenda` (commands the engine refuses
are skipped); the events go through the sink and through the journal's JSON form, are replayed
into a fresh state, and both minutes files must come out byte for byte the same.
"""

from __future__ import annotations

import json
import os
import tomllib
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from helpers import FakeClock, small_agenda
from overleg import events as events_
from overleg import minutes
from overleg.agenda import Participant
from overleg.engine import Event, Meeting, Refused, replay, replay_records

NAMES = ("Anouk de Vries", "Mehmet Yılmaz", "Sanne Bakker", "Joost Visser", "Gast *G*")
HOSTILE = "|*_[]()#<>`~&-+1.\\ \n"
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from("abcJansen gezin"),
        st.characters(exclude_categories=("Cs", "Cc")),
    ),
    min_size=0,
    max_size=12,
)
INDEX = st.integers(min_value=0, max_value=5)
NAME = st.sampled_from(NAMES)

COMMANDS = st.one_of(
    st.tuples(st.just("tick"), st.floats(min_value=0, max_value=300, allow_nan=False)),
    st.tuples(st.just("start_item"), INDEX),
    st.tuples(st.just("next_item")),
    st.tuples(st.just("next_phase"), st.none() | TEXT),
    st.tuples(st.just("next_phase"), st.just("reden")),
    st.tuples(st.just("goto_phase"), INDEX, st.none() | TEXT),
    st.tuples(st.just("next_speaker")),
    st.tuples(st.just("next_speaker")),
    st.tuples(st.just("next_speaker")),
    st.tuples(st.just("pass_turn"), st.none() | NAME),
    st.tuples(st.just("note"), TEXT, st.none() | NAME),
    st.tuples(st.just("note"), TEXT, st.none()),
    st.tuples(st.just("add_note"), TEXT),
    st.tuples(st.just("propose"), TEXT, TEXT),
    st.tuples(st.just("vote"), NAME, st.sampled_from(("consent", "object", "abstain")), TEXT),
    st.tuples(st.just("propose"), st.just("Voorstel Jansen"), st.just("")),
    st.tuples(st.just("consent_rest")),
    st.tuples(st.just("consent_rest"), st.just("decide")),
    st.tuples(st.just("decide_now"), TEXT, st.none() | NAME, TEXT),
    st.tuples(st.just("decide")),
    st.tuples(st.just("add_action"), TEXT, NAME, st.none() | st.integers(0, 60)),
    st.tuples(st.just("change_action"), INDEX, st.sampled_from(("done", "carried", "dropped"))),
    st.tuples(st.just("defer_item"), TEXT, st.none() | INDEX),
    st.tuples(st.just("skip_item"), TEXT, st.none() | INDEX),
    st.tuples(st.just("extend"), st.integers(1, 600)),
    st.tuples(st.just("pause")),
    st.tuples(st.just("resume")),
    st.tuples(st.just("arrive"), NAME),
    st.tuples(st.just("leave"), NAME),
    # Corrections and undo: new events pointing at what they put right.
    st.tuples(st.just("correct_contribution"), INDEX, st.none() | TEXT, st.none() | NAME),
    st.tuples(st.just("delete_contribution"), INDEX),
    st.tuples(st.just("correct_proposal"), TEXT, TEXT),
    st.tuples(
        st.just("correct_action"),
        INDEX,
        st.none() | TEXT,
        st.none() | NAME | st.just("moeder"),
        st.none() | st.integers(0, 60),
        st.none() | st.sampled_from(("open", "done", "carried", "dropped")),
    ),
    st.tuples(st.just("add_guest"), st.sampled_from(("Pieter Smit", "Gast *G*")), TEXT),
    st.tuples(
        st.just("correct_guest"),
        st.none() | st.sampled_from(("Pieter Smid", "P. Smit")),
        st.none() | TEXT,
    ),
    st.tuples(st.just("remove_guest")),
    st.tuples(st.just("undo")),
    st.tuples(st.just("undo")),
    st.tuples(
        st.just("add_item"),
        TEXT,
        st.sampled_from(("round", "bob", "info", "nope")),
        st.integers(0, 1800),
        st.just(""),
        st.just(""),
        st.none() | INDEX,
    ),
    st.tuples(st.just("drop_item"), INDEX, TEXT),
    st.tuples(st.just("move_item"), INDEX, INDEX),
    st.tuples(st.just("note_amendment"), TEXT, INDEX),
)

#: Guests a correction may rename or remove, under any name they have had.
GUESTS = ("Pieter Smit", "Pieter Smid", "P. Smit", "Gast *G*")


def entries(meeting: Meeting) -> list[int]:
    """The seqs of every contribution and note the record holds now."""
    seqs = []
    for item in meeting.state.items:
        seqs.extend(n.seq for n in item.notes)
        seqs.extend(c.seq for p in item.phases for c in p.contributions)
    return sorted(seqs)


def run(meeting: Meeting, clock: FakeClock, command: tuple[Any, ...]) -> None:
    op, *args = command
    if op == "decide_now":
        # A shortcut through the gate to a decision, so that many examples reach one.
        item = meeting.state.item
        if item is not None:
            phase = next((p.index for p in item.phases if p.spec.kind == "decision"), None)
            if phase is not None and item.phase != phase:
                meeting.goto_phase(phase, override="reden")
            meeting.propose(args[0] or "voorstel")
            if args[1] is not None:
                meeting.vote(args[1], "object", args[2] or "bezwaar")
            meeting.consent_rest()
            meeting.decide(over_objection=args[1] is not None)
    elif op == "consent_rest" and args:
        meeting.consent_rest()
        meeting.decide()
    elif op == "tick":
        clock.tick(args[0])
    elif op == "next_phase":
        meeting.next_phase(override=args[0])
    elif op == "goto_phase":
        meeting.goto_phase(args[0], override=args[1])
    elif op == "note":
        meeting.note(args[0], speaker=args[1])
    elif op == "add_action":
        due = date(2026, 12, 1) + timedelta(days=args[2]) if args[2] is not None else None
        meeting.add_action(args[0], args[1], due)
    elif op == "change_action":
        actions = meeting.state.actions
        if actions:
            meeting.change_action(actions[args[0] % len(actions)].id, status=args[1])
    elif op == "correct_contribution":
        seqs = entries(meeting)
        if seqs:
            meeting.correct_contribution(seqs[args[0] % len(seqs)], text=args[1], speaker=args[2])
    elif op == "delete_contribution":
        seqs = entries(meeting)
        if seqs:
            meeting.delete_contribution(seqs[args[0] % len(seqs)])
    elif op == "correct_action":
        actions = meeting.state.actions
        if actions:
            index, what, owner, days, status = args
            due: Any = Meeting._UNCHANGED if days is None else date(2026, 12, 1) + timedelta(days)
            meeting.correct_action(actions[index % len(actions)].id, what, owner, due, status)
    elif op == "correct_guest":
        guest = next((g for g in GUESTS if g in meeting.state.people), None)
        if guest is not None:
            meeting.correct_guest(guest, new_name=args[0], discipline=args[1])
    elif op == "remove_guest":
        guest = next((g for g in GUESTS if g in meeting.state.people), None)
        if guest is not None:
            meeting.remove_guest(guest)
    elif op == "defer_item":
        meeting.defer_item(args[0], index=args[1])
    elif op == "skip_item":
        meeting.skip_item(args[0], index=args[1])
    else:
        getattr(meeting, op)(*args)


def render(state: Any) -> tuple[str, str, str]:
    record = minutes.build_record(state, meeting_id="m")
    return (
        minutes.render_toml(record),
        minutes.render_markdown(record),
        minutes.render_markdown(minutes.pseudonymise(record), decisions_only=True),
    )


#: More examples for a longer run: OVERLEG_EXAMPLES=1500 pytest tests/unit/test_replay_property.py
EXAMPLES = int(os.environ.get("OVERLEG_EXAMPLES", "50"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    absent=st.sampled_from(("present", "excused", "absent")),
    commands=st.lists(COMMANDS, min_size=30, max_size=90),
    end=st.booleans(),
)
def test_minutes_are_a_function_of_the_events(
    absent: str, commands: list[tuple[Any, ...]], end: bool
) -> None:
    agenda = small_agenda()
    clock = FakeClock()
    events: list[Event] = []
    meeting = Meeting(agenda, clock, sink=events.append)
    meeting.start(
        {"Sanne Bakker": absent},
        chair="Anouk de Vries",
        minute_taker="Joost Visser",
        guests=[Participant("Gast *G*", discipline="Politie")],
    )
    meeting.start_item(0)
    for command in commands:
        try:
            run(meeting, clock, command)
        except Refused:
            pass
        clock.tick(1.25)
    if end:
        meeting.end()
    expected = render(meeting.state)
    record = minutes.build_record(meeting.state, meeting_id="m")
    assert tomllib.loads(expected[0]) == record
    event(f"events: {len(events) // 20 * 20}+")
    event(f"decisions: {sum(len(i.decisions) for i in meeting.state.items)}")

    event(f"corrections: {min(3, sum(1 for e in events if e.type in events_.CORRECTIONS))}")
    changes = {"item_added", "item_dropped", "item_moved"}
    event(f"agenda changes: {min(3, sum(1 for e in events if e.type in changes))}")

    assert render(replay(agenda, events)) == expected
    records = [json.loads(json.dumps(events_.to_record(e))) for e in events]
    journal = [events_.from_record(r) for r in records]
    assert render(replay(agenda, journal)) == expected
    # The checked path a journal read from disk takes gives the same minutes.
    assert render(replay_records(agenda, records)) == expected
