"""Benchmark the journal against bare-OS baselines measured in the same run.

    .venv/bin/python bench/bench_journal.py [--appends N] [--records N] [--dir PATH] [--smoke]

1. `Journal.append` of one realistic event (~150 bytes, write + fsync) against a bare
   `os.write` + `os.fsync` of the same bytes on an fd open for append, interleaved A/B per
   iteration so both see the same disk. Target: p99 <= 1.5x the floor.
2. `read_journal` of a 20,000-record file against a bare read + split + `json.loads` per line of the
   same file (and against the loads alone).

The temp folder defaults to the system temp dir; pass --dir to measure the disk the data lives on.
--smoke runs the same code paths at tiny sizes (100 appends, 1,000 records, 2 rounds) in about a
second, so the test suite can keep the bench working; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from overleg.journal import Journal, read_journal  # noqa: E402

HEADER = {
    "title": "Casusoverleg sociaal wijkteam Noord",
    "series": "wijkteam-noord",
    "agenda_path": "/home/chair/agendas/wijkteam-noord.toml",
    "agenda_source": 'title = "Casusoverleg sociaal wijkteam Noord"\n' * 40,
    "created": "2025-03-04T09:00:00+01:00",
    "language": "nl",
}


def event(seq: int) -> dict:
    return {
        "seq": seq,
        "at": "2025-03-04T09:41:12.345678+01:00",
        "type": "speaker_started",
        "item": 3,
        "phase": 2,
        "speaker": "Marieke de Vries",
        "role": "member",
        "planned": 120,
    }


def line_of(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_append(folder: Path, count: int, warmup: int = 50) -> dict[str, float]:
    journal = Journal.create(folder / "journal.jsonl", HEADER)
    floor_fd = os.open(folder / "floor.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.write(floor_fd, line_of({"format": "overleg-journal", "version": 1, **HEADER}))
    os.fsync(floor_fd)
    a_times: list[float] = []
    b_times: list[float] = []
    clock = time.perf_counter_ns
    try:
        for i in range(1, count + warmup + 1):
            record = event(i)
            raw = line_of(record)  # the floor writes the very same bytes
            # Alternate which goes first so neither always follows the other's fsync.
            if i % 2:
                t0 = clock()
                journal.append(record)
                t1 = clock()
                os.write(floor_fd, raw)
                os.fsync(floor_fd)
                t2 = clock()
                a, b = t1 - t0, t2 - t1
            else:
                t0 = clock()
                os.write(floor_fd, raw)
                os.fsync(floor_fd)
                t1 = clock()
                journal.append(record)
                t2 = clock()
                b, a = t1 - t0, t2 - t1
            if i > warmup:
                a_times.append(a / 1e3)
                b_times.append(b / 1e3)
    finally:
        journal.close()
        os.close(floor_fd)
    return {
        "bytes": len(line_of(event(1))),
        "a50": statistics.median(a_times),
        "a99": pct(a_times, 0.99),
        "b50": statistics.median(b_times),
        "b99": pct(b_times, 0.99),
    }


def bench_read(folder: Path, count: int, rounds: int) -> dict[str, float]:
    path = folder / "big.jsonl"
    head = line_of({"format": "overleg-journal", "version": 1, **HEADER})
    path.write_bytes(head + b"".join(line_of(event(i)) for i in range(1, count + 1)))
    assert len(read_journal(path).records) == count

    def bare_full() -> None:
        with open(path, "rb") as handle:
            lines = handle.read().decode("utf-8").split("\n")
        lines.pop()
        [json.loads(line) for line in lines]

    with open(path, "rb") as handle:
        preset = handle.read().decode("utf-8").split("\n")[:-1]

    def bare_loads() -> None:
        [json.loads(line) for line in preset]

    timings: dict[str, list[float]] = {"journal": [], "bare": [], "loads": []}
    clock = time.perf_counter
    for _ in range(rounds):  # interleaved, median of rounds
        for name, fn in (
            ("journal", lambda: read_journal(path)),
            ("bare", bare_full),
            ("loads", bare_loads),
        ):
            t0 = clock()
            fn()
            timings[name].append((clock() - t0) * 1e3)
    return {name: statistics.median(values) for name, values in timings.items()} | {
        "size": path.stat().st_size
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=2000)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes (overrides the counts); no figures"
    )
    args = parser.parse_args()
    warmup = 50
    if args.smoke:
        args.appends, args.records, args.rounds, warmup = 100, 1_000, 2, 10
        print("smoke run: tiny sizes, the figures mean nothing")

    with tempfile.TemporaryDirectory(prefix="overleg-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        ap = bench_append(folder, args.appends, warmup)
        rd = bench_read(folder, args.records, args.rounds)

    print(f"temp dir on: {args.dir or tempfile.gettempdir()}")
    print(f"append: {args.appends} interleaved A/B, event line {ap['bytes']} bytes, times in µs")
    print(f"{'':28}{'p50':>10}{'p99':>10}")
    print(f"{'Journal.append':28}{ap['a50']:>10.1f}{ap['a99']:>10.1f}")
    print(f"{'os.write + os.fsync (floor)':28}{ap['b50']:>10.1f}{ap['b99']:>10.1f}")
    r50, r99 = ap["a50"] / ap["b50"], ap["a99"] / ap["b99"]
    verdict = "ok" if r99 <= 1.5 else "OVER TARGET"
    print(f"{'ratio':28}{r50:>9.2f}x{r99:>9.2f}x   (target p99 <= 1.50x: {verdict})")
    print()
    print(f"read: {args.records} records, {rd['size'] / 1e6:.1f} MB, median of {args.rounds}, ms")
    print(f"{'read_journal':40}{rd['journal']:>10.1f}")
    print(f"{'bare read+split+json.loads per line':40}{rd['bare']:>10.1f}")
    print(f"{'bare json.loads per line only':40}{rd['loads']:>10.1f}")
    print(f"{'ratio vs bare read+split+loads':40}{rd['journal'] / rd['bare']:>9.2f}x")
    print(f"{'ratio vs loads only':40}{rd['journal'] / rd['loads']:>9.2f}x")


if __name__ == "__main__":
    main()
