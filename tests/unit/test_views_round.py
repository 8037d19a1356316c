"""The floor and the speaking order show this round's time, and say how the clock counts (issue 7, 4)."""

from __future__ import annotations

from helpers import FakeClock, small_agenda
from overleg.chair import views
from overleg.engine import Meeting


def meeting_in_round(clock: FakeClock) -> Meeting:
    m = Meeting(small_agenda(), clock)
    m.start({}, chair="Anouk de Vries", minute_taker="Joost Visser")
    m.start_item(0)
    m.next_phase()  # questions: 60 s each
    return m


def test_the_speaking_order_shows_this_rounds_time_beside_the_total() -> None:
    clock = FakeClock()
    m = meeting_in_round(clock)
    first = m.state.phase.order[0]
    m.next_speaker()
    clock.tick(40)
    m.next_phase()  # on to the round: the first speaker has spoken 40 s in the meeting
    assert m.state.phase.spec.kind == "round"
    lines = {line.name: line for line in views.people_lines(m.state, clock())}
    assert lines[first].time == "0:00"
    assert lines[first].total == "0:40"
    m.give_floor(first)
    clock.tick(15)
    lines = {line.name: line for line in views.people_lines(m.state, clock())}
    assert (lines[first].time, lines[first].total) == ("0:15", "0:55")


def test_the_floor_says_whether_the_clock_counts_down_or_is_over() -> None:
    clock = FakeClock()
    m = meeting_in_round(clock)
    m.next_speaker()
    clock.tick(17)
    floor = views.floor_view(m.state, clock())
    assert (floor.timing, floor.time) == ("left", "0:43")
    clock.tick(74)
    floor = views.floor_view(m.state, clock())
    assert (floor.timing, floor.time, floor.overrun) == ("over", "0:31", True)
