"""The console benchmark (bench/bench_tui.py) still runs: at its --smoke size, in a real subprocess.

It starts the app on pseudo-terminals, drives it with every kind of key it times, idles it and
ends a meeting. This checks that every part works and reports, never how fast anything is: a
timing asserted on a shared 2-core machine would fail at random (docs/performance.md has the
figures, from running the bench by hand).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def bench_kinds() -> tuple[str, ...]:
    """The kinds of key the bench's child times (its KINDS), read without running it."""
    import ast

    tree = ast.parse((BENCH / "bench_tui_child.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "KINDS" for t in node.targets
        ):
            return tuple(ast.literal_eval(node.value))
    raise AssertionError("bench_tui_child.py has no KINDS")


HEADINGS = [
    "1. start-up to first frame",
    "bare Textual app",
    "overleg run",
    "2. key to next frame on agendas/casusoverleg.toml",
    "3. key to next frame on a generated agenda of 12 items and 20 participants",
    "4. CPU at a running round, no input",
    "5. end of a meeting of 300 events",
    "the summary's first frame",
    "the frame with the minutes' paths",
]
#: Every kind of key the bench times; each must show in both key reports.
KINDS = [*bench_kinds(), "bare: Static per key"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminals and /proc")
def test_bench_tui_runs_at_smoke_size() -> None:
    env = dict(os.environ)
    # Nothing of the user's: no data folder or language of theirs leaks into the bench.
    for var in ("OVERLEG_DATA_DIR", "OVERLEG_LANG"):
        env.pop(var, None)
    done = subprocess.run(
        [sys.executable, str(BENCH / "bench_tui.py"), "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    for heading in HEADINGS:
        assert heading in done.stdout, f"{heading!r} missing from:\n{report}"
    for section in done.stdout.split("\n\n")[2:4]:  # the two key reports
        for kind in KINDS:
            assert f"   {kind} " in section, f"{kind!r} missing from:\n{section}"
    # Every kind drew frames: a kind without samples is a workload that no longer works.
    assert "(none)" not in done.stdout, report
    assert "(not seen)" not in done.stdout, report
