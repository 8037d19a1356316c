"""The benchmarks under bench/ still run: each at its --smoke size, in a real subprocess.

These check that a bench works and prints its report, never how fast anything is: a timing
asserted on a shared 2-core machine would fail at random. The full figures come from running the
benches by hand (docs/performance.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

#: Per bench: the headings its report must hold.
REPORTS = {
    "bench_replay.py": [
        "smoke run",
        "json.loads floor",
        "replay",
        "growth when the meeting doubles",
        "targets at",
    ],
    "bench_minutes.py": ["smoke run", "events:", "best of 2", "target ≤ 500 ms", "growth ×"],
    # The fuzzer also exits 1 when it finds a bug: a journal read, replayed or rendered wrongly.
    "fuzz_journal.py": [
        "smoke run",
        "mutations tried:",
        "refused as damage:",
        "bugs: 0",
        "single-byte flips in checksummed (version-2) journals",
    ],
    "bench_journal.py": [
        "smoke run",
        "append: 100 interleaved A/B",
        "Journal.append",
        "os.write + os.fsync (floor)",
        "read: 1000 records",
        "read_journal",
        "ratio vs bare read+split+loads",
    ],
    "bench_cli.py": [
        "smoke run",
        "wall median (min-max) ms",
        "python -c 'import tomllib'",
        "overleg check agendas/*.toml",
        "overleg list (20 meetings)",
        "overleg export MEETING",
        "overleg list (10 meetings)",
        "overleg list (100 meetings)",
        "targets",
        "list 100 vs list 10",
    ],
    # Exits 1 too when a note of the concurrent writers is lost, duplicated or damaged.
    "bench_follow.py": [
        "smoke run",
        "poll interval:",
        "latency:",
        "notes (Chair.poll)",
        "projector (poll + display)",
        "bare fstat poll (floor)",
        "idle CPU:",
        "bare time.sleep loop",
        "concurrent writers:",
        'overleg Chair.run("note")',
        "bare flock+write+fsync",
        "lost 0, duplicated 0, damaged lines 0",
        "throughput vs the bare floor",
    ],
    "fuzz_agenda.py": [
        "smoke run",
        "files tried:",
        "accepted:",
        "refused:",
        "failures: 0",
        "by mutation:",
        "nest",
        "huge_int",
        "problems met most often",
        "slowest load:",
    ],
}


@pytest.mark.parametrize("script", sorted(REPORTS))
def test_bench_runs_at_smoke_size(script: str) -> None:
    env = dict(os.environ)
    # Nothing of the user's: no data folder or language of theirs leaks into a bench.
    for var in ("OVERLEG_DATA_DIR", "OVERLEG_LANG"):
        env.pop(var, None)
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--smoke"],
        cwd=BENCH.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"{script} failed:\n{done.stdout}\n{done.stderr}"
    missing = [heading for heading in REPORTS[script] if heading not in done.stdout]
    assert not missing, f"{script} report lacks {missing}:\n{done.stdout}"
