"""How fast a journal (version 2: checksums, typed checks) replays into meeting state, beside the floor of parsing its lines.

Prints, in one run: the time to replay a synthetic meeting's journal (read, parse, rebuild state)
next to a bare `json.loads` of every line of the same file, and how both grow when the meeting
doubles. Targets: replay <= 3x the floor and <= 150 ms at 20,000 events; growth <= 2.2x.
Run: .venv/bin/python bench/bench_replay.py [--smoke]

--smoke runs the same code paths on a tiny meeting (1,000 and 2,000 events, 2 rounds) in about a
second, so the test suite can keep the bench working; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "src"))

from synthetic import START, build_meeting  # noqa: E402

from overleg.engine import replay_records  # noqa: E402
from overleg.events import to_record  # noqa: E402
from overleg.header import agenda_of, header_fields  # noqa: E402
from overleg.journal import Journal, read_journal  # noqa: E402


def write(path: Path, agenda, events) -> None:  # type: ignore[no-untyped-def]
    with Journal.create(path, header_fields(agenda, START)) as journal:
        for event in events:
            journal.append(to_record(event))


def floor(path: Path) -> float:
    start = time.perf_counter()
    lines = path.read_bytes().splitlines()
    for line in lines:
        json.loads(line)
    return time.perf_counter() - start


def full_replay(path: Path) -> float:
    """Read and check every line (checksums, types), take the agenda from the header, replay."""
    start = time.perf_counter()
    contents = read_journal(path)
    replay_records(agenda_of(contents.header), contents.records)
    return time.perf_counter() - start


def measure(
    items: int, people: int, events: int, folder: Path, rounds: int = 7
) -> tuple[float, float, int]:
    agenda, evs = build_meeting(items=items, people=people, events=events)
    path = folder / f"journal-{events}.jsonl"
    write(path, agenda, evs)
    floors, replays = [], []
    for _ in range(rounds):  # interleaved, so both see the same machine load
        floors.append(floor(path))
        replays.append(full_replay(path))
    return statistics.median(floors), statistics.median(replays), len(evs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, 2 rounds; no figures")
    args = parser.parse_args()
    # (items, people, events) of the meeting, and of it doubled
    base, double, rounds = ((100, 30, 20_000), (200, 30, 40_000), 7)
    if args.smoke:
        base, double, rounds = ((10, 8, 1_000), (20, 8, 2_000), 2)
        print("smoke run: tiny sizes, the figures mean nothing")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        f1, r1, n1 = measure(*base, folder, rounds=rounds)
        f2, r2, n2 = measure(*double, folder, rounds=rounds)
    print(f"{'events':>8} {'json.loads floor':>17} {'replay':>9} {'ratio':>6}")
    print(f"{n1:>8} {f1 * 1000:>14.1f} ms {r1 * 1000:>6.1f} ms {r1 / f1:>5.2f}x")
    print(f"{n2:>8} {f2 * 1000:>14.1f} ms {r2 * 1000:>6.1f} ms {r2 / f2:>5.2f}x")
    print(
        f"growth when the meeting doubles: replay {r2 / r1:.2f}x, floor {f2 / f1:.2f}x (target <= 2.2x)"
    )
    print(
        f"targets at {n1} events: replay <= 3x floor ({r1 / f1:.2f}x) and <= 150 ms ({r1 * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
