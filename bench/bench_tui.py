"""Benchmark the chair console against a bare Textual app measured in the same run.

    .venv/bin/python bench/bench_tui.py [--runs 7] [--keys 200] [--idle 10]

Every app runs as a real subprocess on a pseudo-terminal (120x40, TERM=xterm-256color) with its
own temporary OVERLEG_DATA_DIR, and A/B runs are interleaved because the machine is shared.

1. Start-up to first frame: `overleg run agendas/casusoverleg.toml` against `bench/bench_tui_bare.py`.
   "First frame" is seen from outside: the moment the terminal has received a frame that holds the
   screen's last line of content (the attendance table's last participant; the bare app's text).
   Both run with OVERLEG_EXIT_AFTER_FIRST_FRAME=1, so they also leave by the same hook, and the time
   to exit is reported too. Target: <= 1.5x the bare app.
2. Key to next frame, inside the process (`bench/bench_tui_child.py keys`): keys are sent the way
   the terminal driver sends them, and timed to the end of the next `App._display` (the frame
   handed to the terminal writer) and to the last frame before the screen is quiet again. The
   workload is a chair working through casusoverleg: per turn `i`, a short note typed, enter,
   space; `n`/`N` between phases and items. Baseline: the bare app, a Static updated per key.
   Clock timers are paused while keys are timed, so no clock frame is mistaken for the key's.
   Target: p95 <= 33 ms.
3. CPU at a running round with no input (`bench_tui_child.py idle`): the child starts the meeting
   and gives the floor, then idles; CPU time of the process from /proc over 10 s. Target: <= 5 %
   of one core. Baseline: the bare app idling the same 10 s.
"""

from __future__ import annotations

import argparse
import fcntl
import json
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
OVERLEG = ROOT / ".venv" / "bin" / "overleg"
AGENDA = ROOT / "agendas" / "casusoverleg.toml"
COLS, ROWS = 120, 40
OVERLEG_MARKER = "Karin Vermeulen"  # the last row of the attendance table
BARE_MARKER = "bare textual app ready"
CLK_TCK = os.sysconf("SC_CLK_TCK")
#: Children keep compiled bytecode here (as an installed package has it in __pycache__), even where
#: PYTHONDONTWRITEBYTECODE is set, without writing into the source tree; the first runs fill it.
PYCACHE = Path(tempfile.gettempdir()) / "overleg-bench-tui-pycache"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class PtyChild:
    """A subprocess on a fresh pseudo-terminal; a thread drains (and keeps) what it draws."""

    def __init__(self, argv: list[str], env_extra: dict[str, str], pass_fds: tuple[int, ...] = ()):
        self.tmp = Path(tempfile.mkdtemp(prefix="overleg-bench-tui-"))
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
            raise SystemExit(f"{which} exited with {code}: {bytes(child.output[-800:])!r}")
        seen = child.markers.get(marker.encode())
        if seen is None:
            raise SystemExit(f"{which}: no frame with {marker!r} before exit")
        assert child.exited is not None
        return seen - child.started, child.exited - child.started
    finally:
        child.close()


def bench_startup(runs: int) -> dict[str, dict[str, float]]:
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


# ------------------------------------------------------------------- 2. and 3. child drivers


def run_child(target: str, mode: str, extra: list[str], idle: float = 0.0) -> dict:
    """Run bench_tui_child.py on a pty; for `keys` return its results, for `idle` measure CPU."""
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
    child = PtyChild(argv, {}, pass_fds=(write_fd,))
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], 60)
        if not ready or not os.read(read_fd, 16):
            child.kill()
            raise SystemExit(f"{target} {mode}: never ready: {bytes(child.output[-800:])!r}")
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
        code = child.wait(600)
        if code != 0:
            raise SystemExit(f"{target} {mode} exited {code}: {bytes(child.output[-800:])!r}")
        result = json.loads(result_path.read_text())
        if "error" in result:
            raise SystemExit(f"{target} {mode}: {result['error']}")
        return result
    finally:
        os.close(read_fd)
        child.close()
        shutil.rmtree(result_path.parent, ignore_errors=True)


def bench_keys(keys: int, batches: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Per kind of key: first-frame and settled latencies (ms), over interleaved batches."""
    first: dict[str, list[float]] = {}
    settled: dict[str, list[float]] = {}
    per = max(1, keys // batches)
    for i in range(batches):
        order = ("bare", "overleg") if i % 2 == 0 else ("overleg", "bare")
        for target in order:
            result = run_child(target, "keys", ["--keys", str(per)])
            for kind, rows in result["keys"].items():
                first.setdefault(kind, []).extend(r[0] for r in rows)
                settled.setdefault(kind, []).extend(r[1] for r in rows)
            for kind, n in result.get("missed", {}).items():
                print(f"  ({target}: {n} '{kind}' keys drew no frame within 1 s)")
    return first, settled


def bench_idle(seconds: float, runs: int) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"bare": [], "overleg": []}
    for i in range(runs):
        order = ("bare", "overleg") if i % 2 == 0 else ("overleg", "bare")
        for target in order:
            out[target].append(run_child(target, "idle", [], idle=seconds))
    return out


# ---------------------------------------------------------------------------------- report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="start-up runs of each app")
    parser.add_argument("--keys", type=int, default=200, help="space keys (and bare keys) to time")
    parser.add_argument("--batches", type=int, default=4, help="interleaved child runs per app")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle to measure")
    parser.add_argument("--idle-runs", type=int, default=3)
    parser.add_argument("--skip", default="", help="comma list of parts to skip: start,keys,idle")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    print(
        f"overleg chair console, {COLS}x{ROWS} pty, {os.cpu_count()} cores, load {os.getloadavg()}"
    )

    if "start" not in skip:
        s = bench_startup(args.runs)
        b, o = s["bare"], s["overleg"]
        print(f"\n1. start-up to first frame, median of {args.runs} interleaved (min-max)")
        print(
            f"   bare Textual app   {b['frame_median'] * 1000:6.0f} ms "
            f"({b['frame_min'] * 1000:.0f}-{b['frame_max'] * 1000:.0f});"
            f" to exit {b['exit_median'] * 1000:.0f} ms"
        )
        print(
            f"   overleg run        {o['frame_median'] * 1000:6.0f} ms "
            f"({o['frame_min'] * 1000:.0f}-{o['frame_max'] * 1000:.0f});"
            f" to exit {o['exit_median'] * 1000:.0f} ms"
        )
        ratio = o["frame_median"] / b["frame_median"]
        print(f"   ratio {ratio:.2f}x (target <= 1.5x) {'OK' if ratio <= 1.5 else 'OVER'}")

    if "keys" not in skip:
        first, settled = bench_keys(args.keys, args.batches)
        print(
            "\n2. key to next frame (ms): kind, n, first frame p50 / p95 / max, settled p50 / p95"
        )
        for kind in sorted(first):
            f, s_ = first[kind], settled[kind]
            print(
                f"   {kind:<16} n={len(f):4d}  {pct(f, 0.5):6.2f} / {pct(f, 0.95):6.2f} / "
                f"{max(f):6.2f}   {pct(s_, 0.5):6.2f} / {pct(s_, 0.95):6.2f}"
            )
        every = [v for k, vs in first.items() if not k.startswith("bare") for v in vs]
        base = first.get("bare", [])
        if every and base:
            print(
                f"   all overleg keys p95 {pct(every, 0.95):.2f} ms vs bare p95 {pct(base, 0.95):.2f} ms"
                f" = {pct(every, 0.95) / pct(base, 0.95):.2f}x (target p95 <= 33 ms)"
            )

    if "idle" not in skip:
        idle = bench_idle(args.idle, args.idle_runs)
        print(f"\n3. CPU at a running round, no input, {args.idle:.0f} s x {args.idle_runs} runs")
        for target in ("bare", "overleg"):
            cpu = [r["cpu_pct"] for r in idle[target]]
            bps = [r["bytes_per_s"] for r in idle[target]]
            print(
                f"   {target:<8} CPU median {statistics.median(cpu):5.2f} % of a core "
                f"(runs {', '.join(f'{c:.2f}' for c in cpu)}); terminal output "
                f"{statistics.median(bps):,.0f} B/s"
            )
        print("   target overleg <= 5 %")


if __name__ == "__main__":
    main()
