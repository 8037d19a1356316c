"""At the end of a round, those who passed are asked once more (issue 7, 15)."""

from __future__ import annotations

from helpers import FakeClock, small_agenda
from overleg.engine import Event, Meeting, Refused, replay


def round_with_a_pass(clock: FakeClock, events: list[Event]) -> tuple[Meeting, str]:
    m = Meeting(small_agenda(), clock, sink=events.append)
    m.start({}, chair="Anouk de Vries", minute_taker="Joost Visser")
    m.start_item(0)
    m.next_phase()
    m.next_phase()  # Perspectieven: everyone, the chair last
    first = m.state.phase.order[0]
    m.next_speaker()
    m.pass_turn()  # the first passes for now
    for _ in m.state.phase.waiting():
        m.next_speaker()
        m.note("iets")
    return m, first


def test_who_passed_is_asked_again_once_the_others_have_spoken() -> None:
    events: list[Event] = []
    m, first = round_with_a_pass(FakeClock(), events)
    m.next_speaker()
    assert m.state.turn.speaker == first
    assert first in m.state.phase.asked_again
    m.note("toch nog iets")
    m.next_speaker()  # the turn ends: heard after all
    assert first in m.state.phase.heard and first not in m.state.phase.passed
    try:
        m.next_speaker()
    except Refused as exc:
        assert exc.key == "engine.round_complete"
    else:
        raise AssertionError("the round is complete")


def test_passing_again_ends_the_round_and_replays_the_same() -> None:
    events: list[Event] = []
    m, first = round_with_a_pass(FakeClock(), events)
    m.next_speaker()
    m.pass_turn()  # nothing to add: one key
    assert first in m.state.phase.passed
    try:
        m.next_speaker()
    except Refused as exc:
        assert exc.key == "engine.round_complete"
    else:
        raise AssertionError("asked once, not again")
    again = replay(m.agenda, events)
    assert again.phase.asked_again == m.state.phase.asked_again
    assert again.phase.passed == m.state.phase.passed


def test_pass_without_anyone_on_the_floor_skips_the_second_call() -> None:
    events: list[Event] = []
    m, first = round_with_a_pass(FakeClock(), events)
    m.end_turn()
    m.pass_turn()  # the chair skips asking again
    assert first in m.state.phase.asked_again and first in m.state.phase.passed
