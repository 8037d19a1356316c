"""Benchmark the chair console against a bare Textual app measured in the same run.

    .venv/bin/python bench/bench_tui.py [--runs 7] [--keys 20] [--idle 10] [--skip start,...]
    .venv/bin/python bench/bench_tui.py --smoke     # every part once, small: ~30 s

Every app runs as a real subprocess on a pseudo-terminal (120x40, TERM=xterm-256color) with its
own temporary OVERLEG_DATA_DIR, and A/B runs are interleaved because the machine is shared.
Targets are ratios against the bare app in the same run (or, for the end of a meeting, a time);
nothing here fails on a figure: it reports OK or OVER.

1. start: `overleg run agendas/casusoverleg.toml` to its first frame, against
   `bench/bench_tui_bare.py`. "First frame" is seen from outside: the moment the terminal has
   received a frame that holds the screen's last line of content (the attendance table's last
   participant; the bare app's text). Both run with OVERLEG_EXIT_AFTER_FIRST_FRAME=1, so they also
   leave by the same hook, and the time to exit is reported too. Target: <= 1.3x the bare app.
2. keys: key to next frame, in the process (`bench/bench_tui_child.py keys`), per kind of key, on
   agendas/casusoverleg.toml: a chair works through the agenda with keys (see the child's doc);
   a fresh child per pass through the agenda, until every kind has --keys samples, interleaved
   with the bare app (a Static updated per key). Target per kind: p95 <= 2x the bare app's p95.
3. big: the same on a generated agenda of --big-items items and --big-people participants
   (`bench/big_meeting.py agenda`, checked with `overleg check`), rounds cut at --max-turns
   turns. Target per kind: p95 <= 3x the bare app's p95.
4. idle: CPU at a running round with no input (`bench_tui_child.py idle`): the child starts the
   meeting and gives the floor, then idles; CPU time of the process from /proc. Target: <= 1 %
   of one core. Baseline: the bare app idling as long.
5. finish: the end of a meeting of --finish-events events (`bench/big_meeting.py meeting`,
   resumed with `overleg resume`): from the confirming key of "end meeting" (e, then y) to the
   first frame of the summary screen (target <= 200 ms) and to the first frame that shows the
   minutes' file name.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import math
import os
import select
import shutil
import signal
import statistics
import struct
import subprocess
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
OVERLEG = ROOT / ".venv" / "bin" / "overleg"
AGENDA = ROOT / "agendas" / "casusoverleg.toml"
COLS, ROWS = 120, 40
OVERLEG_MARKER = "Karin Vermeulen"  # the last row of the attendance table
BARE_MARKER = "bare textual app ready"
BARE_KIND = "bare: Static per key"
CLK_TCK = os.sysconf("SC_CLK_TCK")
#: Children keep compiled bytecode here (as an installed package has it in __pycache__), even where
#: PYTHONDONTWRITEBYTECODE is set, without writing into the source tree; the first runs fill it.
PYCACHE = Path(tempfile.gettempdir()) / "overleg-bench-tui-pycache"
START_TARGET, CASUS_TARGET, BIG_TARGET, IDLE_TARGET, FINISH_TARGET = 1.3, 2.0, 3.0, 1.0, 200.0

HEADINGS = (
    "1. start-up to first frame",
    "2. key to next frame on agendas/casusoverleg.toml",
    "3. key to next frame on a generated agenda",
    "4. CPU at a running round, no input",
    "5. end of a meeting",
)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class PtyChild:
    """A subprocess on a fresh pseudo-terminal; a thread drains (and keeps) what it draws.

    `setup`, when given, is called with the child's temporary folder before it starts (its data
    folder is `<tmp>/data`).
    """

    def __init__(
        self,
        argv: list[str],
        env_extra: dict[str, str],
        pass_fds: tuple[int, ...] = (),
        setup: Callable[[Path], None] | None = None,
    ):
        self.tmp = Path(tempfile.mkdtemp(prefix="overleg-bench-tui-"))
        if setup is not None:
            setup(self.tmp)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        env = dict(os.environ)
        for var in ("OVERLEG_LANG", "TEXTUAL", "TEXTUAL_DEBUG", "PYTHONDONTWRITEBYTECODE"):
            env.pop(var, None)
        env.update(
            TERM="xterm-256color",
            COLUMNS=str(COLS),
            LINES=str(ROWS),
            PYTHONPYCACHEPREFIX=str(PYCACHE),
            OVERLEG_DATA_DIR=str(self.tmp / "data"),
            OVERLEG_LOG_DIR=str(self.tmp / "log"),
            OVERLEG_CONFIG_DIR=str(self.tmp / "config"),
        )
        env.update(env_extra)
        self.master = master
        self.output = bytearray()
        self.markers: dict[bytes, float] = {}
        self._watch: list[bytes] = []
        self._lock = threading.Lock()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=ROOT,
            start_new_session=True,
            pass_fds=pass_fds,
        )
        os.close(slave)
        self.exited: float | None = None
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def watch(self, marker: str) -> None:
        self._watch.append(marker.encode())

    def _drain(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.5)
                if not ready:
                    if self.proc.poll() is not None:
                        break
                    continue
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            now = time.perf_counter()
            with self._lock:
                self.output += chunk
                for marker in self._watch:
                    if marker not in self.markers and marker in self.output:
                        self.markers[marker] = now

    def wait(self, timeout: float = 30.0) -> int:
        code = self.proc.wait(timeout)
        self.exited = time.perf_counter()
        self._reader.join(2)
        return code

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.wait()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.kill()
        os.close(self.master)
        shutil.rmtree(self.tmp, ignore_errors=True)


def tail(child: PtyChild) -> str:
    return bytes(child.output[-800:]).decode("utf-8", "replace")


# ------------------------------------------------------------------------------ 1. start-up


def start_once(which: str) -> tuple[float, float]:
    """(seconds to first frame, seconds to exit) of one launch."""
    env = {"OVERLEG_EXIT_AFTER_FIRST_FRAME": "1"}
    if which == "overleg":
        argv, marker = [str(OVERLEG), "run", str(AGENDA)], OVERLEG_MARKER
    else:
        argv, marker = [str(PYTHON), str(BENCH / "bench_tui_bare.py")], BARE_MARKER
    child = PtyChild(argv, env)
    child.watch(marker)
    try:
        code = child.wait()
        if code != 0:
            raise SystemExit(f"{which} exited with {code}: {tail(child)!r}")
        seen = child.markers.get(marker.encode())
        if seen is None:
            raise SystemExit(f"{which}: no frame with {marker!r} before exit")
        assert child.exited is not None
        return seen - child.started, child.exited - child.started
    finally:
        child.close()


def bench_startup(runs: int, warm: bool = True) -> dict[str, dict[str, float]]:
    if warm:
        for which in ("bare", "overleg", "bare", "overleg"):  # warm the caches, not counted
            start_once(which)
    times: dict[str, list[tuple[float, float]]] = {"bare": [], "overleg": []}
    for i in range(runs):
        order = ("bare", "overleg") if i % 2 == 0 else ("overleg", "bare")
        for which in order:
            times[which].append(start_once(which))
    out = {}
    for which, pairs in times.items():
        frames = [p[0] for p in pairs]
        exits = [p[1] for p in pairs]
        out[which] = {
            "frame_median": statistics.median(frames),
            "frame_min": min(frames),
            "frame_max": max(frames),
            "exit_median": statistics.median(exits),
        }
    return out


# ------------------------------------------------------------------------- the child driver


def run_child(
    target: str,
    mode: str,
    extra: list[str],
    idle: float = 0.0,
    setup: Callable[[Path], None] | None = None,
) -> dict[str, Any]:
    """Run bench_tui_child.py on a pty; for `idle` measure its CPU, else return its results."""
    read_fd, write_fd = os.pipe()
    result_path = Path(tempfile.mkdtemp(prefix="overleg-bench-res-")) / "result.json"
    argv = [
        str(PYTHON),
        str(BENCH / "bench_tui_child.py"),
        target,
        mode,
        "--ready-fd",
        str(write_fd),
        "--out",
        str(result_path),
        *extra,
    ]
    child = PtyChild(argv, {}, pass_fds=(write_fd,), setup=setup)
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], 120)
        if not ready or not os.read(read_fd, 16):
            child.kill()
            error = ""
            if result_path.exists():
                error = json.loads(result_path.read_text()).get("error", "")
            raise SystemExit(f"{target} {mode}: never ready: {error} {tail(child)!r}")
        if mode == "idle":
            time.sleep(1.0)  # let the first clock frames settle
            with child._lock:
                bytes0 = len(child.output)
            cpu0, t0 = child.cpu_seconds(), time.perf_counter()
            time.sleep(idle)
            cpu1, t1 = child.cpu_seconds(), time.perf_counter()
            with child._lock:
                bytes1 = len(child.output)
            child.kill()
            return {
                "cpu_pct": 100 * (cpu1 - cpu0) / (t1 - t0),
                "bytes_per_s": (bytes1 - bytes0) / (t1 - t0),
            }
        code = child.wait(1200)
        result: dict[str, Any] = {}
        if result_path.exists():
            result = json.loads(result_path.read_text())
        if "error" in result:
            raise SystemExit(f"{target} {mode}: {result['error']}")
        if code != 0:
            raise SystemExit(f"{target} {mode} exited {code}: {tail(child)!r}")
        return result
    finally:
        os.close(read_fd)
        child.close()
        shutil.rmtree(result_path.parent, ignore_errors=True)


Samples = dict[str, list[list[float]]]


def merge(into: Samples, result: dict[str, Any], target: str) -> None:
    for kind, rows in result.get("keys", {}).items():
        into.setdefault(kind, []).extend(rows)
    for kind, n in result.get("missed", {}).items():
        print(f"  ({target}: {n} '{kind}' keys drew no frame within 1 s)")


def short_of(samples: Samples, kinds: list[str], wanted: int) -> int:
    """How many samples the kind furthest from `wanted` still lacks."""
    return max((wanted - len(samples.get(k, [])) for k in kinds), default=wanted)


# ------------------------------------------------------------------------------ 2. and 3. keys


def bench_keys(
    agenda: Path,
    wanted: int,
    bare_keys: int,
    max_runs: int,
    max_turns: int | None = None,
    batches: int = 0,
) -> tuple[Samples, list[str], int]:
    """Interleaved child runs on `agenda` until every kind has `wanted` samples.

    With `batches`, each overleg child takes a share of `wanted` (a big agenda lasts); without,
    each goes as far as the agenda and a new one starts (casusoverleg is short).
    """
    samples: Samples = {}
    kinds: list[str] = []
    runs = 0
    extra = ["--agenda", str(agenda)]
    if max_turns is not None:
        extra += ["--max-turns", str(max_turns)]
    while runs < max_runs:
        need = short_of(samples, kinds, wanted) if kinds else wanted
        if need <= 0:
            break
        if batches:
            need = min(need, math.ceil(wanted / batches))
        order = ("bare", "overleg") if runs % 2 == 0 else ("overleg", "bare")
        for target in order:
            if target == "bare":
                result = run_child("bare", "keys", ["--keys", str(bare_keys)])
            else:
                result = run_child("overleg", "keys", [*extra, "--keys", str(need)])
                kinds = kinds or list(result.get("kinds", []))
            merge(samples, result, target)
        runs += 1
    return samples, kinds, runs


def report_keys(samples: Samples, kinds: list[str], target: float) -> None:
    base = [r[0] for r in samples.get(BARE_KIND, [])]
    print(
        "   kind                       n   first frame p50 / p95 / max    settled p50 / p95"
        "   p95 / bare p95"
    )
    rows = [*kinds, *sorted(k for k in samples if k not in kinds and k != BARE_KIND), BARE_KIND]
    for kind in rows:
        first = [r[0] for r in samples.get(kind, [])]
        settled = [r[1] for r in samples.get(kind, [])]
        if not first:
            print(f"   {kind:<24} {0:4d}   (none)")
            continue
        line = (
            f"   {kind:<24} {len(first):4d}   {pct(first, 0.5):6.2f} / {pct(first, 0.95):6.2f} / "
            f"{max(first):6.2f}    {pct(settled, 0.5):6.2f} / {pct(settled, 0.95):6.2f}"
        )
        if kind != BARE_KIND and base:
            ratio = pct(first, 0.95) / pct(base, 0.95)
            line += f"   {ratio:5.2f}x {'OK' if ratio <= target else 'OVER'}"
        print(line)
    print(f"   target: every kind's first-frame p95 <= {target:g}x the bare app's p95")


# ---------------------------------------------------------------------------------- 4. idle


def bench_idle(seconds: float, runs: int) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"bare": [], "overleg": []}
    for i in range(runs):
        order = ("bare", "overleg") if i % 2 == 0 else ("overleg", "bare")
        for target in order:
            out[target].append(run_child(target, "idle", [], idle=seconds))
    return out


# -------------------------------------------------------------------------------- 5. finish


def make_meeting(root: Path, items: int, people: int, events: int) -> str:
    """An unfinished meeting under `root` (bench/big_meeting.py); the name of its folder."""
    done = subprocess.run(
        [
            str(PYTHON),
            str(BENCH / "big_meeting.py"),
            "meeting",
            str(root),
            "--items",
            str(items),
            "--people",
            str(people),
            "--events",
            str(events),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"big_meeting.py meeting failed: {done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


def bench_finish(root: Path, folder: str, runs: int) -> list[dict[str, Any]]:
    def setup(tmp: Path) -> None:
        data = tmp / "data"
        data.mkdir(mode=0o700)
        shutil.copytree(root / folder, data / folder)

    return [
        run_child("overleg", "finish", ["--meeting", folder], setup=setup)["finish"]
        for _ in range(runs)
    ]


# ---------------------------------------------------------------------------------- report


def check_agenda(path: Path) -> None:
    done = subprocess.run(
        [str(OVERLEG), "check", str(path)], capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode != 0:
        raise SystemExit(f"the generated agenda does not check:\n{done.stdout}{done.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="every part once, small (a test)")
    parser.add_argument("--runs", type=int, default=7, help="start-up runs of each app")
    parser.add_argument("--keys", type=int, default=20, help="samples of each kind of key")
    parser.add_argument("--bare-keys", type=int, default=40, help="keys per bare app run")
    parser.add_argument("--max-runs", type=int, default=40, help="child runs per agenda, at most")
    parser.add_argument("--big-items", type=int, default=200)
    parser.add_argument("--big-people", type=int, default=100)
    parser.add_argument("--big-batches", type=int, default=2, help="overleg runs on the big one")
    parser.add_argument("--max-turns", type=int, default=6, help="turns per round, big agenda")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle to measure")
    parser.add_argument("--idle-runs", type=int, default=3)
    parser.add_argument("--finish-events", type=int, default=20_000)
    parser.add_argument("--finish-items", type=int, default=100)
    parser.add_argument("--finish-people", type=int, default=30)
    parser.add_argument("--finish-runs", type=int, default=3)
    parser.add_argument(
        "--skip", default="", help="comma list of parts to skip: start,keys,big,idle,finish"
    )
    args = parser.parse_args()
    warm = True
    if args.smoke:
        args.runs, args.keys, args.bare_keys, args.max_runs = 1, 1, 5, 1
        args.big_items, args.big_people, args.big_batches, args.max_turns = 12, 20, 1, 2
        args.idle, args.idle_runs = 1.0, 1
        args.finish_events, args.finish_items, args.finish_people, args.finish_runs = 300, 6, 8, 1
        warm = False
    skip = set(filter(None, args.skip.split(",")))
    print(
        f"overleg chair console, {COLS}x{ROWS} pty, {os.cpu_count()} cores, load {os.getloadavg()}"
        + (" (smoke: sizes too small for figures)" if args.smoke else "")
    )
    work = Path(tempfile.mkdtemp(prefix="overleg-bench-tui-work-"))
    try:
        if "start" not in skip:
            s = bench_startup(args.runs, warm)
            b, o = s["bare"], s["overleg"]
            print(f"\n{HEADINGS[0]}, median of {args.runs} interleaved (min-max)")
            for name, r in (("bare Textual app", b), ("overleg run", o)):
                print(
                    f"   {name:<18} {r['frame_median'] * 1000:6.0f} ms "
                    f"({r['frame_min'] * 1000:.0f}-{r['frame_max'] * 1000:.0f});"
                    f" to exit {r['exit_median'] * 1000:.0f} ms"
                )
            ratio = o["frame_median"] / b["frame_median"]
            print(
                f"   ratio {ratio:.2f}x (target <= {START_TARGET:g}x) "
                f"{'OK' if ratio <= START_TARGET else 'OVER'}"
            )

        if "keys" not in skip:
            samples, kinds, runs = bench_keys(AGENDA, args.keys, args.bare_keys, args.max_runs)
            print(
                f"\n{HEADINGS[1]} (ms), {runs} passes through the agenda interleaved with "
                "the bare app"
            )
            report_keys(samples, kinds, CASUS_TARGET)

        if "big" not in skip:
            big = work / "groot-casusoverleg.toml"
            done = subprocess.run(
                [
                    str(PYTHON),
                    str(BENCH / "big_meeting.py"),
                    "agenda",
                    str(big),
                    "--items",
                    str(args.big_items),
                    "--people",
                    str(args.big_people),
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if done.returncode != 0:
                raise SystemExit(f"big_meeting.py agenda failed: {done.stderr[-2000:]}")
            check_agenda(big)
            samples, kinds, runs = bench_keys(
                big,
                args.keys,
                args.bare_keys,
                max(args.max_runs, args.big_batches),
                args.max_turns,
                args.big_batches,
            )
            print(
                f"\n{HEADINGS[2]} of {args.big_items} items and {args.big_people} participants "
                f"(ms), rounds cut at {args.max_turns} turns, {runs} runs interleaved"
            )
            report_keys(samples, kinds, BIG_TARGET)

        if "idle" not in skip:
            idle = bench_idle(args.idle, args.idle_runs)
            print(f"\n{HEADINGS[3]}, {args.idle:g} s x {args.idle_runs} runs")
            for target in ("bare", "overleg"):
                cpu = [r["cpu_pct"] for r in idle[target]]
                bps = [r["bytes_per_s"] for r in idle[target]]
                print(
                    f"   {target:<8} CPU median {statistics.median(cpu):5.2f} % of a core "
                    f"(runs {', '.join(f'{c:.2f}' for c in cpu)}); terminal output "
                    f"{statistics.median(bps):,.0f} B/s"
                )
            cpu = statistics.median(r["cpu_pct"] for r in idle["overleg"])
            print(
                f"   target overleg <= {IDLE_TARGET:g} % of a core "
                f"{'OK' if cpu <= IDLE_TARGET else 'OVER'}"
            )

        if "finish" not in skip:
            root = work / "finish"
            t0 = time.perf_counter()
            folder = make_meeting(root, args.finish_items, args.finish_people, args.finish_events)
            built = time.perf_counter() - t0
            runs = bench_finish(root, folder, args.finish_runs)
            print(
                f"\n{HEADINGS[4]} of {args.finish_events:,} events ({args.finish_items} items, "
                f"{args.finish_people} people; built in {built:.1f} s), {args.finish_runs} runs"
            )
            print("   from y (confirming e) to ...        median    (runs)")
            for key, what in (("screen_ms", "the summary's first frame"), ("paths_ms", None)):
                values = [r[key] for r in runs if r[key] is not None]
                label = what or "the frame with the minutes' paths"
                if not values:
                    print(f"   {label:<34} (not seen)")
                    continue
                print(
                    f"   {label:<34} {statistics.median(values):6.0f} ms "
                    f"({', '.join(f'{v:.0f}' for v in values)})"
                )
            screens = sorted({r["screen"] for r in runs})
            print(f"   screen after the dialog: {', '.join(screens)}")
            values = [r["screen_ms"] for r in runs if r["screen_ms"] is not None]
            met = bool(values) and statistics.median(values) <= FINISH_TARGET
            print(f"   target summary <= {FINISH_TARGET:.0f} ms {'OK' if met else 'OVER'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
