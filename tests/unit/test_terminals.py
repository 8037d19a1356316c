"""Three terminals, one meeting, through the chair service: the chair's console, the note-taker's
and the projector each hold a `Chair` on the same folder; every change is made against the
meeting as the others left it, and each follows what the others write."""

from __future__ import annotations

from chair_helpers import JOOST, SANNE, begin, said
from helpers import FakeClock
from overleg import store
from overleg.chair.service import Service
from overleg.journal import read_journal


def three(service: Service):  # type: ignore[no-untyped-def]
    chair = begin(service)
    notes = service.open(chair.folder, role="notes")
    projector = service.open(chair.folder, role="projector")
    return chair, notes, projector


def noted(chair) -> list[tuple[str | None, str]]:  # type: ignore[no-untyped-def]
    return [(c.speaker, c.text) for p in chair.state.item.phases for c in p.contributions]


def test_a_note_written_at_the_notes_terminal_reaches_the_chair_and_the_projector(
    service: Service, clock: FakeClock
) -> None:
    chair, notes, projector = three(service)
    try:
        assert chair.run("next_phase").ok and chair.run("next_speaker").ok
        assert notes.poll() and notes.state.turn.speaker == SANNE
        clock.tick(20)
        assert notes.run("note", text="Wie betaalt de huur?", seen=notes.state.last_seq).ok
        assert chair.poll() and noted(chair) == [(SANNE, "Wie betaalt de huur?")]
        assert projector.poll() and projector.state.last_seq == chair.state.last_seq
        assert not projector.poll(), "nothing new: nothing to redraw"
        # The chair's next command is made against the meeting as the note-taker left it.
        assert chair.run("next_speaker").ok
        seqs = [r["seq"] for r in read_journal(chair.folder / store.JOURNAL).records]
        assert seqs == list(range(1, len(seqs) + 1))
    finally:
        for c in (chair, notes, projector):
            c.close()


def test_a_note_typed_while_the_floor_moved_on_is_refused_saying_what_changed(
    service: Service, clock: FakeClock
) -> None:
    chair, notes, projector = three(service)
    try:
        chair.run("next_phase")
        chair.run("next_speaker")
        notes.poll()
        seen = notes.state.last_seq  # the note-taker starts typing Sanne's question
        clock.tick(30)
        assert chair.run("next_speaker").ok  # meanwhile the chair gives Joost the floor
        before = chair.state.last_seq
        outcome = notes.run("note", text="Wie betaalt de huur?", seen=seen)
        assert not outcome.ok and outcome.refusal is not None
        assert outcome.refusal.key == "ui.terminal.moved_turn"
        assert JOOST in said(outcome.refusal)
        assert notes.state.turn.speaker == JOOST, "the refusal brought the note-taker up to date"
        chair.poll()
        assert chair.state.last_seq == before, "nothing was written"
        # Typed again against what is on screen now, it is noted (for the one with the floor).
        assert notes.run("note", text="Sanne: Wie betaalt de huur?", seen=notes.state.last_seq).ok
        chair.poll()
        assert noted(chair) == [(SANNE, "Wie betaalt de huur?")]
    finally:
        for c in (chair, notes, projector):
            c.close()


def test_the_note_taker_moves_the_flow_only_once_the_chair_hands_it_over(
    service: Service, clock: FakeClock
) -> None:
    chair, notes, projector = three(service)
    try:
        outcome = notes.run("next_phase")
        assert outcome.refusal is not None and outcome.refusal.key == "ui.terminal.not_in_control"
        said(outcome.refusal)
        assert notes.run("hand_over").refusal.key == "ui.terminal.chair_only"
        assert projector.run("note", text="x").refusal.key == "ui.terminal.read_only"
        assert chair.run("hand_over").ok
        assert notes.run("next_phase").ok and notes.run("next_speaker").ok
        assert chair.poll() and chair.state.turn.speaker == SANNE
        assert chair.state.control == "notes"
        assert chair.run("take_back").ok
        assert notes.run("next_speaker").refusal.key == "ui.terminal.not_in_control"
        types = [r["type"] for r in read_journal(chair.folder / store.JOURNAL).records]
        assert types.count("control_changed") == 2, "both are recorded"
    finally:
        for c in (chair, notes, projector):
            c.close()


def test_each_terminal_is_listed_with_its_role_and_a_second_chair_does_not_pause(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    notes = service.open(chair.folder, role="notes")
    try:
        assert [t.role for t in chair.terminals()] == ["notes"]
        assert [t.role for t in notes.terminals()] == ["chair"]
        assert [t.role for t in service.terminals(chair.folder)] == ["chair", "notes"]
        second = service.open(chair.folder)  # the chair's laptop screen and the projector
        try:
            assert second.status == "running", "joining a running meeting does not pause it"
            assert sorted(t.role for t in second.terminals()) == ["chair", "notes"]
            second.leave_paused()  # one chair's window closes: the other goes on
            assert second.status == "running"
        finally:
            second.close()
        chair.leave_paused()  # the chair's console closes, the note-taker's is still open
        assert chair.status == "paused"
    finally:
        notes.close()
        chair.close()
    assert not list(chair.folder.glob("terminal-*.json")), "each says goodbye"


def test_the_chair_console_says_how_it_shows_the_meeting_for_the_projector(
    service: Service, clock: FakeClock
) -> None:
    chair, notes, projector = three(service)
    try:
        assert projector.display() == {}
        chair.set_display(language="en", theme="overleg-projector", show_clients=False)
        notes.set_display(language="nl")  # only the chair's console says so
        assert projector.display() == {
            "language": "en",
            "theme": "overleg-projector",
            "show_clients": False,
        }
        assert oct((chair.folder / store.DISPLAY).stat().st_mode & 0o777) == "0o600"
    finally:
        for c in (chair, notes, projector):
            c.close()


def test_the_start_screen_overview_says_which_meetings_are_open_elsewhere_and_as_what(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    notes = service.open(chair.folder, role="notes")
    try:
        found = service.overview()
        assert [m.folder for m in found.unfinished] == [chair.folder]
        assert sorted(found.open_elsewhere[chair.folder]) == ["chair", "notes"]
    finally:
        notes.close()
        chair.close()
    assert service.overview().open_elsewhere == {}
