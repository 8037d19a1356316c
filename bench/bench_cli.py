"""How fast the `overleg` commands that draw no screen start and finish, beside a bare Python.

    .venv/bin/python bench/bench_cli.py [--rounds 15] [--smoke]

Every command runs as a real subprocess, the way the installed entry point runs it
(`python -c "from overleg.cli import main; raise SystemExit(main())" ARGS`), and all of them are
interleaved round by round (the order rotating), because the machine is a noisy shared one:

- baseline: `python -c "import tomllib"` (the interpreter, site and the TOML parser overleg uses);
- `overleg check agendas/*.toml`;
- `overleg list` over a data folder of 50 meetings;
- `overleg export MEETING` of an ordinary meeting (the scripted casusoverleg of `overleg demo`,
  ~120 events; the Markdown minutes written beside the journal), and the same to stdout (`-o -`);
- `overleg list` of 10 and of 1,000 meetings.

Targets: check, list (50) and export <= 2x the baseline; list of 1,000 <= 2x list of 10.

The meetings are real: `overleg demo --data-dir` holds one through the engine and its journal;
the data folders hold copies of its journal under other folder names (one in ten cut before its
end, so "running", and one in 25 with its header only, so "new"), as a journal is append-only and
any start of one is a state it went through.

Children keep compiled bytecode, as an installed package has it: `compileall` first compiles
`src/` into a private pycache (PYTHONPYCACHEPREFIX, so nothing is written into the source tree),
PYTHONDONTWRITEBYTECODE is dropped from their environment, and every command runs once untimed,
which leaves the byte code of what it imports there too.

Reported: wall time per command (median, min-max), the children's CPU time (user + sys, median),
and the ratios. --smoke runs every command once at tiny sizes (20, 10 and 100 meetings) in a few
seconds, so the test suite can keep the bench working; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
AGENDAS = sorted((ROOT / "agendas").glob("*.toml"))
#: Compiled bytecode of the children, as an installed package keeps it in __pycache__; kept
#: between runs, outside the source tree. PYTHONDONTWRITEBYTECODE would leave it empty.
PYCACHE = Path(tempfile.gettempdir()) / "overleg-bench-cli-pycache"
ENTRY = "from overleg.cli import main; raise SystemExit(main())"
JOURNAL = "journal.jsonl"


def child_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in (
        "PYTHONDONTWRITEBYTECODE",
        "OVERLEG_LANG",
        "OVERLEG_DATA_DIR",
        "PYTHONPROFILEIMPORTTIME",
    ):
        env.pop(var, None)
    env.update(
        PYTHONPYCACHEPREFIX=str(PYCACHE),
        # The checkout's source, even where overleg is installed some other way.
        PYTHONPATH=os.pathsep.join([str(SRC), *filter(None, [env.get("PYTHONPATH")])]),
        OVERLEG_CONFIG_DIR=str(tmp / "config"),
        OVERLEG_LOG_DIR=str(tmp / "log"),
    )
    return env


def overleg(*args: str) -> list[str]:
    return [sys.executable, "-c", ENTRY, *args]


def compile_sources(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(SRC)], env=env, check=True)


# ------------------------------------------------------------------------------------- meetings


def hold_demo(tmp: Path, env: dict[str, str]) -> Path:
    """The folder of one ordinary, ended meeting, held by `overleg demo` in its own data folder."""
    root = tmp / "demo"
    done = subprocess.run(
        overleg("demo", "--data-dir", str(root)), env=env, capture_output=True, text=True
    )
    folders = sorted(p.parent for p in root.glob(f"*/{JOURNAL}"))
    if done.returncode != 0 or len(folders) != 1:
        raise SystemExit(f"overleg demo failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return folders[0]


def variants(journal: bytes) -> dict[str, bytes]:
    """The demo's journal as an ended, a running and a new meeting."""
    lines = journal.splitlines(keepends=True)
    if b'"meeting_ended"' not in lines[-1]:
        raise SystemExit("the demo's journal does not end with meeting_ended")
    return {
        "ended": journal,
        "running": b"".join(lines[: max(2, len(lines) * 2 // 3)]),
        "new": lines[0],
    }


def fill(root: Path, count: int, journals: dict[str, bytes], slug: str) -> list[Path]:
    """`count` meeting folders under `root`, one a day from 2020-01-01, made as overleg makes them."""
    os.makedirs(root, mode=0o700, exist_ok=True)
    folders = []
    first = date(2020, 1, 1)
    for i in range(count):
        kind = "new" if i % 25 == 24 else "running" if i % 10 == 9 else "ended"
        folder = root / f"{(first + timedelta(days=i)).isoformat()}-{slug}"
        folder.mkdir(mode=0o700)
        fd = os.open(folder / JOURNAL, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(journals[kind])
        folders.append(folder)
    return folders


# ------------------------------------------------------------------------------------- measuring


@dataclass
class Case:
    name: str
    argv: list[str]
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    #: What a run must print to stdout, at least, to count (a line per meeting for list).
    expect_lines: int = 0

    def run(self, env: dict[str, str]) -> None:
        started = time.perf_counter()
        proc = subprocess.Popen(
            self.argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        out, err = proc.communicate()
        wall = time.perf_counter() - started
        lines = out.count(b"\n")
        if proc.returncode != 0 or lines < self.expect_lines:
            raise SystemExit(
                f"{self.name}: exit status {proc.returncode}, {lines} lines of output "
                f"(expected {self.expect_lines})\n{err.decode(errors='replace')}"
            )
        self.wall.append(wall)

    def median(self) -> float:
        return statistics.median(self.wall)


def run_measured(case: Case, env: dict[str, str]) -> None:
    # run() has reaped the child, so its CPU time is in RUSAGE_CHILDREN: read it around the run.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    case.run(env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    case.cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="timed runs of every command")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one round; no figures")
    args = parser.parse_args()
    small, mid, large = (10, 20, 100) if args.smoke else (10, 50, 1000)
    rounds = 1 if args.smoke else args.rounds
    if args.smoke:
        print("smoke run: tiny sizes, one round, the figures mean nothing")

    with tempfile.TemporaryDirectory(prefix="overleg-bench-cli-") as name:
        tmp = Path(name)
        env = child_env(tmp)
        compile_sources(env)
        demo = hold_demo(tmp, env)
        journals = variants((demo / JOURNAL).read_bytes())
        slug = demo.name[len("YYYY-MM-DD-") :]
        data = {n: tmp / f"data-{n}" for n in (small, mid, large)}
        for count, root in data.items():
            # The ordinary meeting to export sits among the others, under its own (today's) name.
            fill(root, count - (root == data[mid]), journals, slug)
        shutil.copytree(demo, data[mid] / demo.name)
        exported = demo.name
        ref = ["--data-dir", str(data[mid])]
        cases = [
            Case("python -c 'import tomllib'", [sys.executable, "-c", "import tomllib"]),
            Case(
                f"overleg check agendas/*.toml ({len(AGENDAS)})",
                overleg("check", *map(str, AGENDAS)),
                expect_lines=1,
            ),
            Case(
                f"overleg list ({mid} meetings)",
                overleg(*ref, "list"),
                expect_lines=mid,
            ),
            Case("overleg export MEETING", overleg(*ref, "export", exported), expect_lines=1),
            Case(
                "overleg export MEETING -o -",
                overleg(*ref, "export", exported, "-o", "-"),
                expect_lines=10,
            ),
            Case(
                f"overleg list ({small} meetings)",
                overleg("--data-dir", str(data[small]), "list"),
                expect_lines=small,
            ),
            Case(
                f"overleg list ({large} meetings)",
                overleg("--data-dir", str(data[large]), "list"),
                expect_lines=large,
            ),
        ]
        for case in cases:  # untimed: fills the pycache with what each command imports
            case.run(env)
            case.wall.clear()
        for r in range(rounds):
            shift = r % len(cases)
            for case in cases[shift:] + cases[:shift]:
                run_measured(case, env)

    base = cases[0].median()
    print(
        f"{len(cases)} commands as subprocesses, {rounds} interleaved round(s); "
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.2f}"
    )
    print()
    header = f"{'command':<34}{'wall median (min-max) ms':>28}{'x baseline':>12}{'cpu ms':>9}"
    print(header)
    print("-" * len(header))
    for case in cases:
        ms = [w * 1000 for w in case.wall]
        span = f"{statistics.median(ms):7.1f} ({min(ms):5.1f}-{max(ms):5.1f})"
        print(
            f"{case.name:<34}{span:>28}{case.median() / base:>11.2f}x"
            f"{statistics.median(case.cpu) * 1000:>9.0f}"
        )
    print()
    print("targets")
    for case in cases[1:4]:
        ratio = case.median() / base
        print(
            f"  {case.name:<40} <= 2x baseline: {ratio:5.2f}x  {'ok' if ratio <= 2.0 else 'OVER'}"
        )
    growth = cases[6].median() / cases[5].median()
    print(
        f"  {f'list {large} vs list {small}':<40} <= 2x:          {growth:5.2f}x  "
        f"{'ok' if growth <= 2.0 else 'OVER'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
