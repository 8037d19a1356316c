"""Three terminals on one meeting: how soon a follower sees a change, what following costs while
nothing happens, and three writers at once -- each beside a bare-OS baseline in the same run.

    .venv/bin/python bench/bench_follow.py [--events 200] [--idle 10] [--burst 1000]
                                           [--writers 3] [--rounds 2] [--dir PATH] [--smoke]

Every terminal is a real process on the chair service (`Service.open(folder, role=...)`), as the
console uses it, on one meeting in a temporary data folder:

1. Follow latency. One writer, the chair's terminal, notes `--events` contributions at random
   gaps (50-250 ms, so the notes do not fall into step with the polling). Two followers poll as
   the console does, at fixed rate every FOLLOW_INTERVAL (read from src/overleg/tui/app.py):
   the note-taker's (`Chair.poll`) and the projector's (`Chair.poll` and the chair's display
   settings, `Chair.display`). Latency is from the writer's acknowledged append (`Chair.run`
   returned: the line written and fsync'd) to the follower's state holding it, on the one
   system-wide monotonic clock. Baseline in the same run: a bare follower that polls the
   journal's size with `os.fstat` at the same rate and counts the new lines. Target p95 <= 200 ms.
2. Idle CPU. Before and after the notes, while nothing is written, the CPU time of each
   follower over `--idle` seconds (/proc/<pid>/schedstat, in ns), beside the bare fstat poller
   and a bare `time.sleep` loop at the same rate, all measured in the same window. Target <= 1 %
   of a core.
3. Concurrent writers. `--writers` processes each note `--burst` contributions at once on a new
   meeting (`Chair.run("note")`: the lock, what the others wrote taken in, the append, fsync),
   alternating round by round with as many processes doing a bare blocking `flock` + `write` +
   `fsync` of a line on one file of their own. Reported: events/s, the time of one change (p50,
   p95, max, and how many took over 100 ms: waiting for the lock). Afterwards the journal is read
   as a reader checks it (every line's checksum, seq contiguous): lost (acknowledged but not
   there with its text), duplicated and damaged lines must be 0.

A follower may take a line in before the writer's fsync has returned (the line is in the file
once written): a negative latency is that, and counted as it is.

The temp folder defaults to the system temp dir; pass --dir to measure the disk the data lives on.
--smoke runs the same code paths at tiny sizes in a few seconds, so the test suite can keep the
bench working; its figures mean nothing. Exits 1 when a note is lost, duplicated or damaged.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from overleg import store  # noqa: E402
from overleg.chair.service import Service  # noqa: E402
from overleg.journal import JournalError, read_journal  # noqa: E402

AGENDA = ROOT / "agendas" / "casusoverleg.toml"
APP = ROOT / "src" / "overleg" / "tui" / "app.py"
#: How long the parent waits for anything a child is to do: far more than it needs.
PATIENCE = 120.0
clock = time.monotonic_ns  # CLOCK_MONOTONIC: one clock for every process on the machine


def follow_interval() -> tuple[float, str]:
    """The console's poll interval as tui/app.py sets it (without importing Textual)."""
    try:
        found = re.search(r"^\s*FOLLOW_INTERVAL\s*=\s*([0-9.]+)", APP.read_text("utf-8"), re.M)
    except OSError:
        found = None
    if found is None:
        return 0.1, "assumed: FOLLOW_INTERVAL not found in src/overleg/tui/app.py"
    return float(found.group(1)), "FOLLOW_INTERVAL in src/overleg/tui/app.py"


def ticks(interval: float) -> Any:
    """Sleep to each next multiple of `interval` from now on, as a fixed-rate timer does."""
    start = time.monotonic()
    n = 0
    while True:
        n += 1
        delay = start + n * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        yield


# ---- the children ------------------------------------------------------------------------------


def child_follower(folder: Path, role: str, interval: float) -> None:
    chair = Service(folder.parent).open(folder, role=role)
    assert chair.session is not None
    meeting = chair.session.meeting
    last = meeting.state.last_seq
    print(f"ready {last}", flush=True)
    for _ in ticks(interval):
        if chair.poll():
            now = clock()
            print("\n".join(f"seen {e.seq} {now}" for e in meeting.events[last:]), flush=True)
            last = meeting.state.last_seq
        if role == "projector":
            chair.display()  # the projector follows the chair's language and theme too
        if chair.follow_problem:
            print(f"problem {chair.follow_problem}", flush=True)
            return


def child_bare_follower(path: Path, interval: float) -> None:
    """The floor of following: a stat of the file per tick, the new complete lines counted."""
    fd = os.open(path, os.O_RDONLY)
    data = b""
    offset = 0
    while True:
        chunk = os.pread(fd, 1 << 20, offset)
        if not chunk:
            break
        data += chunk
        offset += len(chunk)
    seq = data.count(b"\n") - 1  # the header is line 1
    offset = data.rfind(b"\n") + 1
    print(f"ready {seq}", flush=True)
    for _ in ticks(interval):
        size = os.fstat(fd).st_size
        if size > offset:
            new = os.pread(fd, size - offset, offset)
            lines = new.count(b"\n")
            if lines:
                now = clock()
                offset += new.rfind(b"\n") + 1
                print("\n".join(f"seen {seq + k} {now}" for k in range(1, lines + 1)), flush=True)
                seq += lines


def child_sleeper(interval: float) -> None:
    print("ready 0", flush=True)
    for _ in ticks(interval):
        pass


def child_writer(folder: Path, events: int, gap_min: float, gap_max: float, seed: int) -> None:
    chair = Service(folder.parent).open(folder, role="chair")
    assert chair.session is not None
    meeting = chair.session.meeting
    rng = random.Random(seed)
    print("ready", flush=True)
    sys.stdin.readline()  # "go"
    for n in range(events):
        time.sleep(rng.uniform(gap_min, gap_max))
        outcome = chair.run("note", text=f"volgen {n}")
        now = clock()
        if not outcome.ok:
            print(f"refused {outcome}", file=sys.stderr, flush=True)
            sys.exit(3)
        print(f"ack {meeting.events[-1].seq} {now}", flush=True)
    chair.close()
    print("done", flush=True)


def child_burst(folder: Path, tag: str, count: int, go: Path) -> None:
    chair = Service(folder.parent).open(folder, role="notes")
    assert chair.session is not None
    meeting = chair.session.meeting
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    acks, times = [], []
    for n in range(count):
        t0 = clock()
        outcome = chair.run("note", text=f"{tag} {n}")
        times.append(clock() - t0)
        if not outcome.ok:
            print(f"refused {outcome}", file=sys.stderr, flush=True)
            sys.exit(3)
        acks.append(meeting.events[-1].seq)
    end = clock()
    chair.close()
    print(json.dumps({"end": end, "times": times, "acks": acks}), flush=True)


def child_bare_burst(path: Path, tag: str, count: int, go: Path) -> None:
    """The floor of a shared append: the lock (blocking), a stat, the line, fsync, unlock."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    times = []
    for n in range(count):
        line = json.dumps({"who": tag, "n": n, "text": f"{tag} {n}"}).encode() + b"\n"
        t0 = clock()
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.fstat(fd)
        os.write(fd, line)
        os.fsync(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        times.append(clock() - t0)
    end = clock()
    print(json.dumps({"end": end, "times": times, "acks": []}), flush=True)


def run_child(argv: list[str]) -> None:
    kind, rest = argv[0], argv[1:]
    if kind == "follower":
        child_follower(Path(rest[0]), rest[1], float(rest[2]))
    elif kind == "bare-follower":
        child_bare_follower(Path(rest[0]), float(rest[1]))
    elif kind == "sleeper":
        child_sleeper(float(rest[0]))
    elif kind == "writer":
        child_writer(Path(rest[0]), int(rest[1]), float(rest[2]), float(rest[3]), int(rest[4]))
    elif kind == "burst":
        child_burst(Path(rest[0]), rest[1], int(rest[2]), Path(rest[3]))
    elif kind == "bare-burst":
        child_bare_burst(Path(rest[0]), rest[1], int(rest[2]), Path(rest[3]))
    else:
        raise SystemExit(f"no such child: {kind}")


# ---- the parent ---------------------------------------------------------------------------------


class Child:
    """One child process of this bench; its stdout lines are collected by a thread."""

    def __init__(self, name: str, *args: str) -> None:
        self.name = name
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for var in ("OVERLEG_DATA_DIR", "OVERLEG_LANG"):
            env.pop(var, None)
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--child", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream: IO[str] | None = self.proc.stdout
        assert stream is not None
        for line in stream:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        stream.close()
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, what: str, test: Any) -> None:
        deadline = time.monotonic() + PATIENCE
        with self._cond:
            while not test(self.lines):
                if time.monotonic() > deadline or not self._reader.is_alive():
                    raise SystemExit(f"{self.name} never got to {what}:\n" + "\n".join(self.lines))
                self._cond.wait(0.2)

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def cpu_ns(self) -> int:
        """CPU time of the child so far, in ns (schedstat; else utime + stime from stat)."""
        try:
            return int(Path(f"/proc/{self.proc.pid}/schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // os.sysconf("SC_CLK_TCK")

    def finish(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        if self.proc.wait(timeout=PATIENCE) != 0:
            raise SystemExit(
                f"{self.name} failed ({self.proc.returncode}):\n" + "\n".join(self.lines)
            )
        self._reader.join(PATIENCE)

    def stop(self) -> None:
        """End this child (ours, by its handle) if it still runs."""
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=PATIENCE)
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self._reader.join(PATIENCE)

    def seen(self) -> dict[int, int]:
        with self._cond:
            lines = list(self.lines)
        out: dict[int, int] = {}
        for line in lines:
            parts = line.split()
            if parts[0] == "seen":
                out.setdefault(int(parts[1]), int(parts[2]))
        return out


def new_meeting(root: Path) -> Path:
    """A casusoverleg started (running, its first item open) and left by the process that did it."""
    service = Service(root)
    chair = service.prepare(service.load_agenda(AGENDA))
    chair_name, minute_taker = chair.default_roles()
    outcome = chair.start({}, chair_name, minute_taker)
    assert outcome.ok and chair.folder is not None, outcome
    folder = chair.folder
    chair.close()
    return folder


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def idle_window(children: list[Child], seconds: float) -> dict[str, float]:
    """CPU of each child over `seconds` of nothing happening, in % of one core."""
    time.sleep(min(1.0, seconds / 4))  # let each settle into its loop
    t0 = time.monotonic()
    before = {c.name: c.cpu_ns() for c in children}
    time.sleep(seconds)
    after = {c.name: c.cpu_ns() for c in children}
    wall = time.monotonic() - t0
    return {name: (after[name] - before[name]) / 1e9 / wall * 100 for name in before}


def follow(root: Path, args: argparse.Namespace, interval: float) -> dict[str, Any]:
    folder = new_meeting(root)
    journal = folder / store.JOURNAL
    followers = [
        Child("notes (Chair.poll)", "follower", str(folder), "notes", str(interval)),
        Child("projector (poll + display)", "follower", str(folder), "projector", str(interval)),
        Child("bare fstat poll (floor)", "bare-follower", str(journal), str(interval)),
    ]
    sleeper = Child("bare time.sleep loop", "sleeper", str(interval))
    everyone = [*followers, sleeper]
    writer = None
    try:
        for child in everyone:
            child.wait_for("ready", lambda lines: any(x.startswith("ready") for x in lines))
        idle = [idle_window(everyone, args.idle)]
        writer = Child("writer", "writer", str(folder), str(args.events), *args.gaps, "7")
        writer.wait_for("ready", lambda lines: "ready" in lines)
        writer.send("go")
        writer.wait_for("done", lambda lines: "done" in lines)
        writer.finish()
        acks = {int(p[1]): int(p[2]) for p in (x.split() for x in writer.lines) if p[0] == "ack"}
        last = max(acks)
        for child in followers:
            child.wait_for(f"seq {last}", lambda lines, c=child: last in c.seen())
        idle.append(idle_window(everyone, args.idle))
    finally:
        for child in (*everyone, *([writer] if writer else [])):
            child.stop()
    latency = {}
    for child in followers:
        seen = child.seen()
        latency[child.name] = [(seen[seq] - at) / 1e6 for seq, at in acks.items()]
    return {"latency": latency, "idle": idle, "names": [c.name for c in everyone]}


def check_journal(folder: Path, results: list[dict[str, Any]], tags: list[str]) -> dict[str, int]:
    """Lost (acknowledged, not there with its text), duplicated and damaged, per the journal."""
    try:
        records = read_journal(folder / store.JOURNAL).records
    except JournalError:
        return {"lost": -1, "duplicated": -1, "damaged": 1}
    counts: dict[str, int] = {}
    for record in records:
        if "text" in record:
            counts[record["text"]] = counts.get(record["text"], 0) + 1
    lost = 0
    for tag, result in zip(tags, results, strict=True):
        for n, seq in enumerate(result["acks"]):
            if seq > len(records) or records[seq - 1].get("text") != f"{tag} {n}":
                lost += 1
    return {"lost": lost, "duplicated": sum(c - 1 for c in counts.values()), "damaged": 0}


def burst(
    root: Path, tmp: Path, args: argparse.Namespace, bare: bool, round_: int
) -> dict[str, Any]:
    go = tmp / f"go-{round_}-{int(bare)}"
    tags = [f"w{k}" for k in range(args.writers)]
    if bare:
        target = tmp / f"bare-{round_}.jsonl"
        target.write_bytes(b'{"format":"bare"}\n')
        writers = [Child(t, "bare-burst", str(target), t, str(args.burst), str(go)) for t in tags]
    else:
        target = new_meeting(root)
        writers = [Child(t, "burst", str(target), t, str(args.burst), str(go)) for t in tags]
    try:
        for child in writers:
            child.wait_for("ready", lambda lines: "ready" in lines)
        start = clock()
        go.touch()
        for child in writers:
            child.wait_for("done", lambda lines: any(x.startswith("{") for x in lines))
            child.finish()
    finally:
        for child in writers:
            child.stop()
    results = [json.loads(next(x for x in c.lines if x.startswith("{"))) for c in writers]
    times = [t / 1e6 for r in results for t in r["times"]]
    wall = (max(r["end"] for r in results) - start) / 1e9
    out: dict[str, Any] = {
        "wall": wall,
        "rate": len(times) / wall,
        "p50": statistics.median(times),
        "p95": pct(times, 0.95),
        "max": max(times),
        "slow": sum(1 for t in times if t > 100),
    }
    if not bare:
        out |= check_journal(target, results, tags)
    return out


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        run_child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200, help="notes the writer makes")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of each idle window")
    parser.add_argument("--burst", type=int, default=1000, help="notes per concurrent writer")
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2, help="overleg/bare rounds of writers")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes (overrides the counts); no figures"
    )
    args = parser.parse_args()
    args.gaps = ("0.05", "0.25")
    if args.smoke:
        args.events, args.idle, args.burst, args.rounds = 8, 0.4, 40, 1
        args.gaps = ("0.01", "0.05")
        print("smoke run: tiny sizes, the figures mean nothing")
    interval, source = follow_interval()

    with tempfile.TemporaryDirectory(prefix="overleg-bench-", dir=args.dir) as name:
        tmp = Path(name)
        root = tmp / "data"
        fl = follow(root, args, interval)
        rounds = []
        for r in range(args.rounds):  # interleaved: overleg, bare, bare, overleg, ...
            order = (False, True) if r % 2 == 0 else (True, False)
            done = {bare: burst(root, tmp, args, bare, r) for bare in order}
            rounds.append(done)

    print(f"temp dir on: {args.dir or tempfile.gettempdir()}")
    print(f"poll interval: {interval:g} s ({source})")
    print()
    print(
        f"latency: {args.events} notes at {args.gaps[0]}-{args.gaps[1]} s gaps, from the writer's "
        "acknowledged (fsync'd) append to a follower's state holding it, ms"
    )
    print(f"{'':32}{'p50':>9}{'p95':>9}{'max':>9}{'min':>9}")
    worst = 0.0
    for child, values in fl["latency"].items():
        p95 = pct(values, 0.95)
        if not child.startswith("bare"):
            worst = max(worst, p95)
        row = f"{statistics.median(values):>9.1f}{p95:>9.1f}{max(values):>9.1f}{min(values):>9.1f}"
        print(f"{child:32}{row}")
    print(f"target p95 <= 200 ms: {'ok' if worst <= 200 else 'OVER TARGET'} ({worst:.1f} ms)")
    print()
    windows = len(fl["idle"])
    print(f"idle CPU: {windows} windows of {args.idle:g} s, nothing written, % of one core")
    print(f"{'':32}" + "".join(f"{'window ' + str(k + 1):>11}" for k in range(windows)))
    for child in fl["names"]:
        print(f"{child:32}" + "".join(f"{w[child]:>10.2f}%" for w in fl["idle"]))
    busiest = max(w[c] for w in fl["idle"] for c in fl["names"] if not c.startswith("bare"))
    print(f"target <= 1 % of a core: {'ok' if busiest <= 1.0 else 'OVER TARGET'} ({busiest:.2f} %)")
    print()
    print(f"concurrent writers: {args.writers} × {args.burst} notes at once, per round")
    print(f"{'':30}{'events/s':>10}{'wall s':>8}{'op p50':>8}{'p95':>8}{'max ms':>8}{'>100ms':>8}")
    bad = 0
    for r, done in enumerate(rounds, 1):
        for bare in (False, True):
            x = done[bare]
            what = "bare flock+write+fsync" if bare else 'overleg Chair.run("note")'
            row = (
                f"{x['rate']:>10.0f}{x['wall']:>8.2f}{x['p50']:>8.2f}{x['p95']:>8.2f}"
                f"{x['max']:>8.1f}{x['slow']:>8}"
            )
            print(f"{f'{r}: {what}':30}{row}")
            if not bare:
                bad += x["lost"] != 0 or x["duplicated"] != 0 or x["damaged"] != 0
                print(
                    f"{'':30}lost {x['lost']}, duplicated {x['duplicated']}, "
                    f"damaged lines {x['damaged']}"
                )
    ratio = statistics.median(d[False]["rate"] for d in rounds) / statistics.median(
        d[True]["rate"] for d in rounds
    )
    print(f"throughput vs the bare floor: {ratio:.2f}x (median of rounds)")
    if bad:
        print("NOTES LOST, DUPLICATED OR DAMAGED")
        sys.exit(1)


if __name__ == "__main__":
    main()
