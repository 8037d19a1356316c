"""One meeting, several terminals: journals, sessions and chairs sharing one journal file.

Everything here runs in one process: each `Journal` has its own open file description, so the
flock of one shuts out the others exactly as it shuts out another process.
tests/cli/test_terminal_processes.py does the same with real processes (concurrent writers,
kill -9, a follower).
"""

from __future__ import annotations

import fcntl
import os
import random
from pathlib import Path
from typing import Any

import pytest

from chair_helpers import CHAIR, JOOST, SANNE, begin, refusal
from helpers import FakeClock
from overleg import store
from overleg.chair.meeting import Chair
from overleg.chair.service import Service
from overleg.journal import (
    FILE_MODE,
    Journal,
    JournalBusy,
    JournalError,
    line_bytes,
    read_journal,
)
from overleg.session import Session
from overleg.store import Terminal

HEADER = {"title": "Casusoverleg sociaal wijkteam Noord", "created": "2025-03-04T09:00:00+01:00"}


def event(seq: int, **extra: object) -> dict[str, Any]:
    record: dict[str, Any] = {"seq": seq, "at": f"2025-03-04T09:{seq % 60:02d}:00+01:00"}
    record["type"] = "note"
    record.update(extra)
    return record


def shared(path: Path, count: int = 3) -> list[Journal]:
    """`count` journals on one new file: the first made it, the others joined."""
    first = Journal.create(path, HEADER, shared=True)
    return [first] + [Journal.open_shared(path)[0] for _ in range(count - 1)]


def append(journal: Journal, **extra: object) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One change: what the others appended meanwhile, and the record this one appended."""
    with journal.locked() as new:
        record = event(journal.next_seq, **extra)
        journal.append(record)
    return new, record


def write_raw(path: Path, data: bytes, keep_lock: bool = False) -> int | None:
    """What another process does to the file under the journal's lock: `data` appended as it is.
    Without `keep_lock` the descriptor is closed at once -- a writer killed right after writing
    (its lock goes with it); else the open, locked descriptor is returned (a writer still alive)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(fd, data)
    if keep_lock:
        return fd
    os.close(fd)
    return None


def lock_is_free(path: Path) -> bool:
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def close_all(*journals: Journal) -> None:
    for journal in journals:
        journal.close()


# --- journals ------------------------------------------------------------------------------------


def test_appends_of_three_journals_interleave_and_each_sees_every_record_once(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.jsonl"
    journals = shared(path)
    seen: list[list[int]] = [[] for _ in journals]
    order = random.Random(8).choices(range(3), k=90)
    try:
        for who in order:
            new, record = append(journals[who], by=who)
            seen[who] += [r["seq"] for r in new] + [record["seq"]]
        for who, journal in enumerate(journals):
            seen[who] += [r["seq"] for r in journal.refresh()]
            assert journal.next_seq == 91
        records = read_journal(path).records
    finally:
        close_all(*journals)
    assert [r["seq"] for r in records] == list(range(1, 91))
    assert [r["by"] for r in records] == order, "each record where its writer put it"
    for who in range(3):
        assert seen[who] == list(range(1, 91)), "every record once, in order, to every journal"


def test_refresh_takes_what_others_appended_complete_lines_only(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    writer, follower = shared(path, 2)
    try:
        assert follower.refresh() == []
        _, first = append(writer, text="eerste")
        assert follower.refresh() == [first]
        assert follower.refresh() == [], "read once"
        # Another process has written half its line and not yet the rest.
        line = line_bytes(event(2, text="tweede"))
        fd = write_raw(path, line[:25], keep_lock=True)
        assert fd is not None
        try:
            assert follower.refresh() == [] and follower.next_seq == 2
            os.write(fd, line[25:])
        finally:
            os.close(fd)
        assert follower.refresh() == [event(2, text="tweede")]
        assert follower.next_seq == 3
    finally:
        close_all(writer, follower)


def test_a_shared_journal_appends_only_under_its_lock(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    (journal,) = shared(path, 1)
    try:
        with pytest.raises(ValueError, match="inside locked"):
            journal.append(event(1))
        assert read_journal(path).records == []
    finally:
        journal.close()


def test_the_torn_line_of_a_killed_writer_is_cut_off_by_the_next_and_saved_beside(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.jsonl"
    first, second, follower = shared(path)
    try:
        append(first, text="een")
        append(first, text="twee")
        torn = line_bytes(event(3, text="drie, nooit af"))[:30]
        write_raw(path, torn)  # killed mid-write: no newline, and its lock went with it
        assert [r["text"] for r in follower.refresh()] == ["een", "twee"]
        assert "dropped an incomplete last line (30 bytes)" in read_journal(path).warnings[0]

        new, record = append(second, text="drie")
        assert [r["text"] for r in new] == ["een", "twee"], "nothing before the torn line is lost"
        side = tmp_path / "journal.jsonl.torn-1"
        assert side.read_bytes() == torn, "the torn bytes are kept beside, not glued on"
        assert os.stat(side).st_mode & 0o777 == FILE_MODE
        assert follower.refresh() == [record]
        new, _ = append(first, text="vier")
        assert new == [record]
        contents = read_journal(path)
    finally:
        close_all(first, second, follower)
    assert contents.warnings == []
    assert [r["text"] for r in contents.records] == ["een", "twee", "drie", "vier"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.jsonl", "journal.jsonl.torn-1"]


def test_a_torn_line_found_on_joining_is_cut_off_too(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    (first,) = shared(path, 1)
    try:
        append(first, text="een")
        write_raw(path, b'{"seq":2,"at":"2025')
        joined, contents = Journal.open_shared(path)
        joined.close()
        assert contents.warnings[-1].startswith("moved 19 bytes of the torn last line")
        new, record = append(first, text="twee")
        assert new == [] and record["seq"] == 2
        assert [r["text"] for r in read_journal(path).records] == ["een", "twee"]
    finally:
        first.close()


def test_a_change_waits_for_the_lock_and_a_dead_writer_releases_it(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    (journal,) = shared(path, 1)
    try:
        fd = write_raw(path, b"", keep_lock=True)  # another process in the middle of its change
        assert fd is not None
        with pytest.raises(JournalBusy, match="holds the journal too long"):
            with journal.locked(timeout=0.05):
                pytest.fail("the lock is held elsewhere")
        os.close(fd)  # that process ends (or is killed): the kernel releases its lock
        append(journal, text="na")
        assert lock_is_free(path)
    finally:
        journal.close()


def test_refresh_of_a_shortened_file_is_damage_and_the_lock_is_released(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    writer, follower = shared(path, 2)
    try:
        for n in range(3):
            append(writer, n=n)
        assert len(follower.refresh()) == 3
        size = path.stat().st_size
        os.truncate(path, size - len(line_bytes(event(3, n=2))))  # cut outside overleg
        with pytest.raises(JournalError, match="got shorter") as info:
            follower.refresh()
        assert info.value.line is None
        with pytest.raises(JournalError, match="got shorter"):
            with follower.locked():
                pytest.fail("no change on a journal that got shorter")
        assert lock_is_free(path), "a failed change leaves the lock free"
        assert path.stat().st_size == size - len(line_bytes(event(3, n=2))), "left as it is"
    finally:
        close_all(writer, follower)


def _flipped(line: bytes) -> bytes:
    at = line.index(b"beraad")
    return line[:at] + b"B" + line[at + 1 :]


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        (_flipped(line_bytes(event(3, text="beraad"))), "checksum does not match"),
        (line_bytes(event(3, text="beraad"))[:-12] + b"}\n", "no checksum"),
        (line_bytes(event(2, text="beraad")), "seq 2 where 3 was expected (repeated seq)"),
        (line_bytes(event(5, text="beraad")), "seq 5 where 3 was expected (missing seq)"),
    ],
    ids=["bad-crc", "no-crc", "repeated-seq", "missing-seq"],
)
def test_a_damaged_appended_line_raises_with_its_line(
    tmp_path: Path, line: bytes, fragment: str
) -> None:
    path = tmp_path / "journal.jsonl"
    writer, follower = shared(path, 2)
    try:
        append(writer, text="een")
        assert len(follower.refresh()) == 1
        append(writer, text="twee")
        write_raw(path, line)
        before = path.read_bytes()
        for _ in range(2):  # nothing is skipped: it stays damage
            with pytest.raises(JournalError) as info:
                follower.refresh()
            assert info.value.line == 4 and fragment in info.value.message
            assert follower.next_seq == 2, "not even the good line before it is taken"
        with pytest.raises(JournalError) as info:
            with writer.locked():
                pytest.fail("no change after a damaged line")
        assert info.value.line == 4
        assert lock_is_free(path)
        assert path.read_bytes() == before, "the file is left as it is"
    finally:
        close_all(writer, follower)


def test_a_line_whose_fsync_failed_after_a_follower_read_it_stays_for_everyone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line was written whole and a follower may have read it: it is not cut off again (a
    next line of the same length would replace it unseen); the writer takes it in as written at
    its next change, so every reader agrees on the journal."""
    path = tmp_path / "journal.jsonl"
    writer, follower = shared(path, 2)
    seen: list[dict[str, Any]] = []
    real_fsync = os.fsync

    def fsync_fails_once(fd: int) -> None:
        monkeypatch.setattr(os, "fsync", real_fsync)
        seen.extend(follower.refresh())  # the follower looks between the write and the fsync
        raise OSError(5, "Input/output error")

    try:
        with writer.locked():
            monkeypatch.setattr(os, "fsync", fsync_fails_once)
            with pytest.raises(OSError):
                writer.append(event(1, text="AAAA"))
        with writer.locked() as new:
            assert [r["text"] for r in new] == ["AAAA"], "taken in as written"
        append(writer, text="BBBB")
        seen.extend(follower.refresh())
        assert [r["text"] for r in seen] == ["AAAA", "BBBB"]
        assert [r["text"] for r in read_journal(path).records] == ["AAAA", "BBBB"]
    finally:
        close_all(writer, follower)


# --- sessions and chairs -------------------------------------------------------------------------


@pytest.fixture
def others_there(monkeypatch: pytest.MonkeyPatch) -> None:
    """In one process every session announces the same pid, so a chair opening the meeting does
    not see the first chair's console (`store.terminals` leaves out its own process) and takes
    the meeting for one left running by a crash. Stand in for the other terminal."""
    monkeypatch.setattr(
        store, "terminals", lambda folder, exclude=None: [Terminal("chair", 1, "elders")]
    )


def journal_of(chair: Chair) -> list[dict[str, Any]]:
    assert chair.folder is not None
    return read_journal(chair.folder / store.JOURNAL).records


def test_three_terminals_follow_each_other(service: Service, clock: FakeClock) -> None:
    chair = begin(service)
    assert chair.folder is not None
    notes = service.open(chair.folder, role="notes")
    projector = service.open(chair.folder, role="projector")
    heard: list[str] = []
    chair.subscribe(lambda: heard.append("chair"))
    try:
        assert notes.status == projector.status == "running", "joining changes nothing"
        clock.tick(10)
        assert notes.run("note", text="Moeder wil zelf regie houden").ok
        assert chair.poll() and projector.poll()
        assert heard == ["chair"]
        assert not chair.poll() and not projector.poll(), "nothing more came"
        for terminal in (chair, projector):
            said = [c.text for c in terminal.state.phase.contributions]
            assert said == ["Moeder wil zelf regie houden"]
        assert refusal(projector.run("note", text="x")) == "ui.terminal.read_only"
        assert refusal(notes.run("next_phase")) == "ui.terminal.not_in_control"
        assert refusal(notes.run("hand_over")) == "ui.terminal.chair_only"
        assert chair.run("hand_over").ok
        assert notes.run("next_phase").ok, "the hand-over is taken in before the command"
        assert chair.poll() and chair.state.phase.spec.title == "Vraagverheldering"
        assert projector.poll() and projector.state.last_seq == chair.state.last_seq
    finally:
        close_all_chairs(chair, notes, projector)


def close_all_chairs(*chairs: Chair) -> None:
    for chair in chairs:
        chair.close()


def test_two_chairs_pressing_next_speaker_never_give_the_floor_twice(
    service: Service, clock: FakeClock, others_there: None
) -> None:
    first = begin(service)
    assert first.run("next_phase").ok  # the questions: Sanne, Joost, the chair
    assert first.folder is not None
    second = service.open(first.folder)
    try:
        assert second.status == "running" and second.state.turn is None
        for chair in (first, second, first):
            clock.tick(20)
            assert chair.run("next_speaker").ok  # each against the state the other left
        speakers = [r["speaker"] for r in journal_of(first) if r["type"] == "turn_started"]
        assert speakers == [SANNE, JOOST, CHAIR]
        assert first.state.turn.speaker == CHAIR
        second.poll()
        assert second.state.turn.speaker == CHAIR
        # The round is done: one closes the last turn, the other is told so -- not a fourth.
        assert second.run("next_speaker").ok
        assert refusal(first.run("next_speaker")) == "engine.round_complete"
        assert [r["type"] for r in journal_of(first)][-1] == "turn_ended"
    finally:
        close_all_chairs(first, second)


def test_a_press_given_on_a_screen_the_other_chair_moved_on_is_refused(
    service: Service, clock: FakeClock, others_there: None
) -> None:
    first = begin(service)
    first.run("next_phase")
    assert first.folder is not None
    second = service.open(first.folder)
    try:
        shown = second.state.last_seq  # what the second chair's screen shows
        assert first.run("next_speaker").ok
        outcome = second.run("next_speaker", seen=shown)
        assert refusal(outcome) == "ui.terminal.moved_turn"
        assert outcome.refusal is not None and outcome.refusal.params["speaker"] == SANNE
        assert second.state.turn.speaker == SANNE, "but what moved is taken in"
        assert second.run("next_speaker", seen=second.state.last_seq).ok
        assert second.state.turn.speaker == JOOST
    finally:
        close_all_chairs(first, second)


def test_actions_added_at_once_get_numbers_of_their_own(
    service: Service, clock: FakeClock, others_there: None
) -> None:
    first = begin(service)
    assert first.folder is not None
    second = service.open(first.folder)
    notes = service.open(first.folder, role="notes")
    try:
        for n, chair in enumerate((first, second, notes, second, first)):
            clock.tick(5)
            assert chair.run("add_action", what=f"Actie {n}", owner=SANNE).ok
        for chair in (first, second, notes):
            chair.poll()
            numbers = [(a.number, a.what) for a in chair.state.actions]
            assert numbers == [(f"1.{n + 1}", f"Actie {n}") for n in range(5)]
            assert len({a.id for a in chair.state.actions}) == 5
    finally:
        close_all_chairs(first, second, notes)


def test_sessions_change_and_sync_and_a_new_one_catches_up(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    assert chair.folder is not None
    folder = chair.folder
    a = Session.open(folder, clock, role="notes")
    b = Session.open(folder, clock, role="notes")
    try:
        with a.change() as new:
            assert new == []
            a.meeting.note("van a", JOOST)
        with b.change() as new:
            assert [e.type for e in new] == ["contribution_noted"]
            b.meeting.note("van b", SANNE)
            b.meeting.note("nog van b", SANNE)
        assert [e.seq for e in a.sync()] == [b.state.last_seq - 1, b.state.last_seq]
        assert a.sync() == []
        assert chair.poll()
        with Session.open(folder, clock, role="notes") as late:
            for session_state in (a.state, b.state, chair.state, late.state):
                said = [(c.speaker, c.text) for c in session_state.phase.contributions]
                assert said == [(JOOST, "van a"), (SANNE, "van b"), (SANNE, "nog van b")]
            assert late.state.last_seq == a.state.last_seq == len(journal_of(chair))
    finally:
        a.close()
        b.close()
        chair.close()


def test_a_follower_stops_at_a_damaged_line_and_says_where(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    assert chair.folder is not None
    path = chair.folder / store.JOURNAL
    notes = service.open(chair.folder, role="notes")
    try:
        seq = chair.state.last_seq + 1
        record = {"seq": seq, "at": "2026-12-01T09:31:00+01:00", "type": "note_added"}
        write_raw(path, _flipped(line_bytes({**record, "item": 0, "text": "beraad"})))
        assert not notes.poll()
        assert f"journal.jsonl:{seq + 1}: checksum does not match" in notes.follow_problem
        assert not notes.poll(), "and stays stopped"
        outcome = chair.run("note", text="nog iets")
        assert not outcome.ok and outcome.disk_error and not outcome.partial
        assert lock_is_free(path)
    finally:
        close_all_chairs(chair, notes)


def test_a_line_that_does_not_fit_the_meeting_is_damage_on_its_line(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    assert chair.folder is not None
    path = chair.folder / store.JOURNAL
    notes = service.open(chair.folder, role="notes")
    try:
        seq = chair.state.last_seq + 1
        # A well-formed line (its checksum holds) that names someone not at this meeting.
        record = {"seq": seq, "at": "2026-12-01T09:31:00+01:00", "type": "turn_started"}
        write_raw(path, line_bytes({**record, "speaker": "Niemand Anders"}))
        assert not notes.poll()
        assert f"journal.jsonl:{seq + 1}:" in notes.follow_problem
        assert notes.state.last_seq == seq - 1, "nothing of it taken in"
    finally:
        close_all_chairs(chair, notes)
