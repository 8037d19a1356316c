"""Benchmark: building and rendering the minutes of a large meeting.

Builds a synthetic meeting (100 items, 30 participants, about 20,000 events) through the engine,
then times build_record + render_toml + render_markdown (best of a few runs; target ≤ 500 ms), and
again for a meeting twice that size (target: linear growth, ratio ≤ 2.2).

    .venv/bin/python bench/bench_minutes.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import build_meeting  # noqa: E402

from overleg import minutes  # noqa: E402
from overleg.engine import replay  # noqa: E402

RUNS = 5


def measure(items: int, people: int, events: int) -> float:
    agenda, made = build_meeting(items, people, events)
    state = replay(agenda, made)
    best = float("inf")
    sizes = (0, 0)
    for _ in range(RUNS):
        started = time.perf_counter()
        record = minutes.build_record(state, meeting_id="bench")
        toml_text = minutes.render_toml(record)
        md_text = minutes.render_markdown(record)
        best = min(best, time.perf_counter() - started)
        sizes = (len(toml_text.encode()), len(md_text.encode()))
    print(
        f"{items:4d} items, {people} people, {len(made):6d} events: "
        f"{best * 1000:7.1f} ms (best of {RUNS}); "
        f"minutes.toml {sizes[0] / 1e6:.2f} MB, minutes.md {sizes[1] / 1e6:.2f} MB"
    )
    return best


def main() -> int:
    base = measure(100, 30, 20_000)
    double = measure(200, 30, 40_000)
    ratio = double / base
    print(f"target ≤ 500 ms: {'ok' if base <= 0.5 else 'MISSED'} ({base * 1000:.0f} ms)")
    print(f"growth ×{ratio:.2f} for twice the events: {'ok' if ratio <= 2.2 else 'MISSED'} (≤ 2.2)")
    return 0 if base <= 0.5 and ratio <= 2.2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
