"""Three people, one meeting: real overleg processes on one journal at once.

Each child is a small Python script on the chair service (`Service.open(folder, role=...)`,
`Chair.run`, `Chair.poll`), as the console uses it, with the meeting in a data folder under
tmp_path. Nothing here asserts a time: a child is waited for with a generous timeout only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from chair_helpers import begin, small
from overleg import store
from overleg.chair.service import Service
from overleg.journal import read_journal

#: How long a child may take for anything it is waited for: far more than it needs.
PATIENCE = 60.0

#: A writer: opens the meeting as `role` (a chair that finds it paused after a crash resumes
#: it), prints "ready", waits for the file `--go` if given, then notes "<tag> <n>" for n = 0, 1,
#: ... -- at least `count` notes, and on until the file `--stop` exists when one is given. After
#: each note's command returns (its event appended and fsync'd) it prints "<seq> <text>",
#: flushed: what it prints was acknowledged. With `--tear`, after its notes it takes the lock,
#: writes half a line and kills itself with SIGKILL: a writer killed in the middle of its write.
WRITER = r"""
import argparse, os, signal, sys, time
from pathlib import Path
from overleg.chair.service import Service
from overleg.journal import line_bytes

parser = argparse.ArgumentParser()
parser.add_argument("folder", type=Path)
parser.add_argument("tag")
parser.add_argument("count", type=int)
parser.add_argument("role")
parser.add_argument("--go", type=Path)
parser.add_argument("--stop", type=Path)
parser.add_argument("--tear", action="store_true")
args = parser.parse_args()
chair = Service(args.folder.parent).open(args.folder, role=args.role)
if chair.status == "paused":
    assert chair.run("pause").ok
print("ready", flush=True)
while args.go is not None and not args.go.exists():
    time.sleep(0.005)
n = 0
while n < args.count or (args.stop is not None and not args.stop.exists()):
    text = f"{args.tag} {n}"
    outcome = chair.run("note", text=text)
    if not outcome.ok:
        print(f"refused {outcome}", file=sys.stderr, flush=True)
        sys.exit(3)
    event = chair.session.meeting.events[-1]
    assert event.text == text, (event, text)
    print(f"{event.seq} {text}", flush=True)
    n += 1
if args.tear:
    journal = chair.session.journal
    with journal.locked():
        record = {"seq": journal.next_seq, "at": "2026-12-01T10:00:00+01:00",
                  "type": "note_added", "item": 0, "text": f"{args.tag} torn"}
        line = line_bytes(record)
        os.write(journal.fileno(), line[: len(line) // 2])
        os.fsync(journal.fileno())
        os.kill(os.getpid(), signal.SIGKILL)
chair.close()
print("done", flush=True)
"""

#: A follower: opens the meeting as `role` and polls as the console does; prints "ready <seq>"
#: once open, then "<seq> <type> <text>" for every event it takes in, flushed, until killed.
FOLLOWER = r"""
import sys, time
from pathlib import Path
from overleg.chair.service import Service

folder, role, interval = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
chair = Service(folder.parent).open(folder, role=role)
meeting = chair.session.meeting
last = meeting.state.last_seq
print(f"ready {last}", flush=True)
while True:
    time.sleep(interval)
    if chair.follow_problem:
        print(f"problem {chair.follow_problem}", flush=True)
        break
    if chair.poll():
        for event in meeting.events[last:]:
            print(f"{event.seq} {event.type} {getattr(event, 'text', '')}", flush=True)
        last = meeting.state.last_seq
"""

#: Opens the meeting as a note-taker's terminal would and says what it holds.
CATCH_UP = r"""
import sys
from pathlib import Path
from overleg.chair.service import Service

folder = Path(sys.argv[1])
chair = Service(folder.parent).open(folder, role="notes")
state = chair.state
texts = [c.text for p in state.items[0].phases for c in p.contributions]
print(state.last_seq, len(texts), state.status)
print(" ".join(sorted(t.role for t in chair.terminals())) or "-")
chair.close()
"""


class Child:
    """A child process whose stdout lines are collected as they come (threads read its output)."""

    def __init__(self, script: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("OVERLEG_DATA_DIR", None)
        self.proc = subprocess.Popen(
            [sys.executable, str(script), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self.errors: list[str] = []
        self._cond = threading.Condition()
        self._readers = [
            threading.Thread(target=self._read, args=(self.proc.stdout, self.lines), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stderr, self.errors), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, stream: IO[str], into: list[str]) -> None:
        for line in stream:
            with self._cond:
                into.append(line.rstrip("\n"))
                self._cond.notify_all()
        stream.close()
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, what: str, test: Callable[[list[str]], bool]) -> None:
        """Until `test(lines)` holds; fails (with the child's output) after PATIENCE."""
        deadline = time.monotonic() + PATIENCE
        with self._cond:
            while not test(self.lines):
                left = deadline - time.monotonic()
                if left <= 0 or not self._readers[0].is_alive():
                    break
                self._cond.wait(min(left, 0.5))
            if test(self.lines):
                return
        self.stop()
        pytest.fail(f"child never got to {what}: rc={self.proc.returncode}\n{self.output()}")

    def acks(self) -> list[tuple[int, str]]:
        """What the writer printed as acknowledged: (seq, text) of each note."""
        with self._cond:
            lines = list(self.lines)
        out = []
        for line in lines:
            head, _, text = line.partition(" ")
            if head.isdigit():
                out.append((int(head), text))
        return out

    def finish(self) -> int:
        """Wait for the child to end; its exit code (minus the signal that killed it)."""
        try:
            self.proc.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail(f"child did not finish:\n{self.output()}")
        self._reap()
        return self.proc.returncode

    def stop(self) -> None:
        """Kill the child if it still runs (this test's own child, by its handle)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=PATIENCE)
        self._reap()

    def _reap(self) -> None:
        for reader in self._readers:
            reader.join(timeout=PATIENCE)

    def output(self) -> str:
        with self._cond:
            return "\n".join(self.lines[-20:] + ["--- stderr"] + self.errors[-40:])


@pytest.fixture
def meeting(tmp_path: Path) -> Path:
    """A meeting started (running at its first item) and left by the process that started it."""
    service = Service(tmp_path / "data")
    chair = begin(service, small(tmp_path / "agendas"))
    folder = chair.folder
    assert folder is not None
    chair.close()
    return folder


@pytest.fixture
def scripts(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("writer", WRITER), ("follower", FOLLOWER), ("catch_up", CATCH_UP)):
        path = tmp_path / f"{name}.py"
        path.write_text(text, "utf-8")
        out[name] = path
    return out


def noted(folder: Path) -> tuple[list[dict], dict[str, int]]:
    """The journal's records (read as a reader checks them: every line whole, seq contiguous)
    and, per note text, how often it is there."""
    contents = read_journal(folder / store.JOURNAL)
    assert contents.warnings == []
    records = contents.records
    assert [r["seq"] for r in records] == list(range(1, len(records) + 1))
    counts: dict[str, int] = {}
    for record in records:
        if "text" in record:
            counts[record["text"]] = counts.get(record["text"], 0) + 1
    return records, counts


def catch_up(scripts: dict[str, Path], folder: Path) -> tuple[list[str], str]:
    late = Child(scripts["catch_up"], str(folder))
    assert late.finish() == 0, late.output()
    return late.lines[0].split(), late.lines[1]


def test_three_writers_at_once_lose_nothing_and_repeat_nothing(
    meeting: Path, scripts: dict[str, Path], tmp_path: Path
) -> None:
    count = 1000
    go = tmp_path / "go"
    tags = ("chair", "notes", "extra")
    roles = ("chair", "notes", "notes")
    writers = []
    try:
        for tag, role in zip(tags, roles, strict=True):
            # One at a time until each is open: the chair, finding no terminal on the meeting,
            # takes it for one left by a crash and pauses it, then resumes it.
            writer = Child(scripts["writer"], str(meeting), tag, str(count), role, "--go", str(go))
            writers.append(writer)
            writer.wait_for("opening the meeting", lambda lines: "ready" in lines)
        go.touch()  # and then all at once
        for writer in writers:
            assert writer.finish() == 0, writer.output()
    finally:
        for writer in writers:
            writer.stop()
    records, counts = noted(meeting)
    others = [r["type"] for r in records if r["type"] != "contribution_noted"]
    assert others == ["meeting_started", "item_started", "phase_started", "paused", "resumed"]
    for tag, writer in zip(tags, writers, strict=True):
        acks = writer.acks()
        assert [text for _, text in acks] == [f"{tag} {n}" for n in range(count)]
        for seq, text in acks:
            assert records[seq - 1]["text"] == text, "acknowledged as that seq: there it is"
    assert len(counts) == 3 * count and set(counts.values()) == {1}, "none lost, none twice"
    assert len({seq for w in writers for seq, _ in w.acks()}) == 3 * count
    # The writers really took turns, not one after the other.
    order = [r["text"].split()[0] for r in records if "text" in r]
    switches = sum(1 for a, b in zip(order, order[1:], strict=False) if a != b)
    assert switches > 3, f"writers ran one after the other ({switches} switches)"
    (last, notes, status), _ = catch_up(scripts, meeting)
    assert (int(last), int(notes), status) == (len(records), 3 * count, "running")


def test_a_writer_killed_mid_run_loses_none_of_what_the_others_or_it_acknowledged(
    meeting: Path, scripts: dict[str, Path], tmp_path: Path
) -> None:
    stop = tmp_path / "stop"
    victim = Child(scripts["writer"], str(meeting), "victim", "1000000", "notes")
    others = [
        Child(scripts["writer"], str(meeting), tag, "1", "notes", "--stop", str(stop))
        for tag in ("left", "right")
    ]
    try:
        victim.wait_for("100 notes", lambda lines: len(lines) > 100)
        for other in others:
            other.wait_for("its first notes", lambda lines: len(lines) > 10)
        os.kill(victim.proc.pid, signal.SIGKILL)
        assert victim.finish() == -signal.SIGKILL
        at_kill = [len(other.acks()) for other in others]
        for other, had in zip(others, at_kill, strict=True):
            other.wait_for(
                "200 more notes after the kill", lambda lines, had=had: len(lines) > had + 200
            )
            assert other.proc.poll() is None, "it goes on"
        stop.touch()
        for other in others:
            assert other.finish() == 0, other.output()
    finally:
        for child in (victim, *others):
            child.stop()
    records, counts = noted(meeting)
    for tag, child in (("victim", victim), ("left", others[0]), ("right", others[1])):
        acks = child.acks()
        assert acks, tag
        for seq, text in acks:
            assert records[seq - 1]["text"] == text, f"{tag}'s acknowledged note {seq} is kept"
        ours = sorted(int(t.split()[1]) for t in counts if t.split()[0] == tag)
        assert ours == list(range(len(ours))), f"{tag}: none lost in between"
        # The victim may have appended one more than it could print before it was killed.
        assert len(ours) - len(acks) in ((0, 1) if tag == "victim" else (0,))
    assert set(counts.values()) == {1}
    (last, notes, status), roles = catch_up(scripts, meeting)
    assert (int(last), int(notes), status) == (len(records), len(counts), "running")
    assert roles == "-", "the killed writer's presence file is not taken for a terminal"


def test_a_writer_killed_in_the_middle_of_its_line_leaves_it_to_be_cut_off(
    meeting: Path, scripts: dict[str, Path], tmp_path: Path
) -> None:
    stop = tmp_path / "stop"
    torn = Child(scripts["writer"], str(meeting), "torn", "50", "notes", "--tear")
    other = Child(scripts["writer"], str(meeting), "other", "1", "notes", "--stop", str(stop))
    try:
        assert torn.finish() == -signal.SIGKILL, torn.output()
        had = len(other.acks())
        other.wait_for("100 more notes after the torn line", lambda lines: len(lines) > had + 100)
        stop.touch()
        assert other.finish() == 0, other.output()
    finally:
        torn.stop()
        other.stop()
    records, counts = noted(meeting)  # whole lines only: the half line is not in it
    assert "torn torn" not in counts
    for child in (torn, other):
        for seq, text in child.acks():
            assert records[seq - 1]["text"] == text
    assert len([t for t in counts if t.startswith("torn ")]) == 50
    sides = sorted(meeting.glob(store.JOURNAL + ".torn-*"))
    assert len(sides) == 1 and b'"torn torn"' not in sides[0].read_bytes()
    assert sides[0].read_bytes().startswith(b'{"seq":'), "the half line, kept beside"
    (last, _, _), _ = catch_up(scripts, meeting)
    assert int(last) == len(records)


def test_a_follower_sees_what_another_process_did(
    meeting: Path, scripts: dict[str, Path], tmp_path: Path
) -> None:
    follower = Child(scripts["follower"], str(meeting), "projector", "0.1")
    writer = None
    try:
        follower.wait_for("opening the meeting", lambda lines: bool(lines))
        assert follower.lines[0] == "ready 3"
        writer = Child(scripts["writer"], str(meeting), "chair", "5", "chair")
        assert writer.finish() == 0, writer.output()
        acks = writer.acks()
        wanted = {f"{seq} contribution_noted {text}" for seq, text in acks}
        follower.wait_for("the writer's notes", lambda lines: wanted <= set(lines))
        assert follower.proc.poll() is None
        # What the follower printed came in journal order, once each.
        seen = [int(line.split()[0]) for line in follower.lines[1:]]
        assert seen == sorted(set(seen)) and seen[-1] == acks[-1][0]
    finally:
        follower.stop()
        if writer is not None:
            writer.stop()
