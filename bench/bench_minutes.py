"""Benchmark: building and rendering the minutes of a large meeting.

Builds a synthetic meeting (100 items, 30 participants, about 20,000 events) through the engine,
then times build_record + render_toml + render_markdown (best of a few runs; target ≤ 500 ms), and
again for a meeting twice that size (target: linear growth, ratio ≤ 2.2).

    .venv/bin/python bench/bench_minutes.py [--smoke]

--smoke runs the same code paths on a tiny meeting (1,000 and 2,000 events, 2 runs) in about a
second, so the test suite can keep the bench working; its figures mean nothing and it exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "src"))

from synthetic import build_meeting  # noqa: E402

from overleg import minutes  # noqa: E402
from overleg.engine import replay  # noqa: E402

RUNS = 5


def measure(items: int, people: int, events: int, runs: int = RUNS) -> float:
    agenda, made = build_meeting(items, people, events)
    state = replay(agenda, made)
    best = float("inf")
    sizes = (0, 0)
    for _ in range(runs):
        started = time.perf_counter()
        record = minutes.build_record(state, meeting_id="bench")
        toml_text = minutes.render_toml(record)
        md_text = minutes.render_markdown(record)
        best = min(best, time.perf_counter() - started)
        sizes = (len(toml_text.encode()), len(md_text.encode()))
    print(
        f"{items:4d} items, {people} people, {len(made):6d} events: "
        f"{best * 1000:7.1f} ms (best of {runs}); "
        f"minutes.toml {sizes[0] / 1e6:.2f} MB, minutes.md {sizes[1] / 1e6:.2f} MB"
    )
    return best


def formats(items: int, people: int, events: int, runs: int = RUNS) -> float:
    """HTML and plain text beside Markdown, from one record, interleaved (the issue: HTML within
    2x the Markdown renderer's time in the same run); returns the HTML / Markdown ratio."""
    agenda, made = build_meeting(items, people, events)
    record = minutes.build_record(replay(agenda, made), meeting_id="bench")
    times: dict[str, list[float]] = {"md": [], "html": [], "txt": []}
    renderers = {
        "md": minutes.render_markdown,
        "html": minutes.render_html,
        "txt": minutes.render_text,
    }
    for _ in range(runs):
        for name, render in renderers.items():
            started = time.perf_counter()
            render(record)
            times[name].append(time.perf_counter() - started)
    md, html, txt = (min(times[n]) for n in ("md", "html", "txt"))
    print(
        f"{len(made):6d} events: markdown {md * 1000:.1f} ms, html {html * 1000:.1f} ms "
        f"({html / md:.2f}x), text {txt * 1000:.1f} ms ({txt / md:.2f}x); target html <= 2x"
    )
    return html / md


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, 2 runs; no figures")
    args = parser.parse_args()
    if args.smoke:
        print("smoke run: tiny sizes, the figures mean nothing")
        base = measure(10, 8, 1_000, runs=2)
        double = measure(20, 8, 2_000, runs=2)
    else:
        base = measure(100, 30, 20_000)
        double = measure(200, 30, 40_000)
    html_ratio = formats(10, 8, 1_000, runs=2) if args.smoke else formats(100, 30, 20_000)
    ratio = double / base
    print(f"target ≤ 500 ms: {'ok' if base <= 0.5 else 'MISSED'} ({base * 1000:.0f} ms)")
    print(f"growth ×{ratio:.2f} for twice the events: {'ok' if ratio <= 2.2 else 'MISSED'} (≤ 2.2)")
    if args.smoke:
        return 0  # a smoke run checks that the bench works, never how fast
    return 0 if base <= 0.5 and ratio <= 2.2 and html_ratio <= 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
