"""Fuzzing the agenda loader: thousands of broken variants of real agenda files, each loaded.

    .venv/bin/python bench/fuzz_agenda.py [--count 5000] [--seed 0] [--limit 2] [--keep DIR] [--smoke]

The seeds are the shipped agendas (agendas/*.toml) and every file under tests/data/agendas, good
and bad. Each variant is one or more random mutations of a seed: bit flips, control characters
(raw, and as TOML escapes), deleted and inserted spans, TOML punctuation, deep nesting of lists
and inline tables, long dotted keys, integers of thousands of digits, invalid UTF-8 and NUL bytes,
truncation, duplicated lines and tables (duplicate keys), halves of two seeds spliced together,
and durations and roles as people might type them. Each is written to a file and read with
`overleg.agenda.load_agenda`, as `overleg check` and the start screen read them, and must:

- either load, or raise `AgendaError` with at least one problem: no other exception;
- finish within --limit seconds (a hang is a failure; the timer interrupts it);
- give messages with no raw control character and no line break, as built and as printed, so
  nothing printed can move the terminal's cursor, recolour it or turn text around.

Printed: how many variants were tried, accepted and refused, per mutation; the problems met most
often; the slowest load; and every failure, its file kept under --keep (a temporary folder by
default) to reproduce it. Exit status 1 on any failure. The same --seed gives the same variants.

--smoke tries about 200 variants in all (a few per seed, about 2 s), so the test suite keeps
the fuzzer working (tests/bench/test_bench_smoke.py).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from overleg.agenda import AgendaError, AgendaWarning, check_files, is_control  # noqa: E402

SMOKE_TOTAL = 200

Mutation = Callable[[random.Random, bytes, list[bytes]], bytes]

# --- Mutations -----------------------------------------------------------------------------------

CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]]
CONTROLS += [chr(c) for c in (0x85, 0x9B, 0x9D, 0x202A, 0x202E, 0x2066, 0x2069)]
# fmt: off
TOKENS = [
    b"[", b"]", b"[[", b"]]", b"{", b"}", b"=", b",", b".", b'"', b"'", b'"""', b"'''", b"#",
    b"\n", b"\r\n", b"\\", b"[[items]]\n", b"[meeting]\n", b"[[items.phases]]\n", b"\t",
    b"[[participants]]\n", b'title = "x"\n', b'duration = "5m"\n', b"true", b"1979-05-27T07:32:00",
    b"1e999", b"nan", b"-0", b"0x" + b"f" * 40, b"\\u001b", b'"\\uD800"', b"\xef\xbb\xbf",
]
DURATIONS = [
    "90min", "1h 30m", "1h30", "5 min", "2u", "1,5 uur", "45 minuten", "1 uur", "30m", "1.5h",
    "", " ", "0", "40", "-5m", "1h1h", "30m1h", "1.33333m", "24h1s", "1 uur en", "5m,", "m", "h",
    "1,5,5 uur", "١٢m", "1 uur en 30 minuten", "1h, 15m", "0.0000001s", "9" * 40 + "h",
]
# fmt: on
ROLES = ["voorzitter", "Notulist", "gast", "lid", "deelnemer", "chair", "minute taker", "baas", ""]
_DURATION_VALUE = re.compile(rb'((?:duration|per_speaker) *= *)("[^"\n]*"|[^\n]*)')
_ROLE_VALUE = re.compile(rb'(role *= *)("[^"\n]*"|[^\n]*)')


def _at(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def _line_start(rng: random.Random, data: bytes) -> int:
    starts = [0] + [m.end() for m in re.finditer(rb"\n", data)]
    return rng.choice(starts)


def flip(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    out = bytearray(data or b"\0")
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def control(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    char = rng.choice(CONTROLS)
    raw = char.encode("utf-8", "surrogatepass")
    piece = raw if rng.random() < 0.6 else f"\\u{ord(char):04x}".encode()
    at = _at(rng, data)
    return data[:at] + piece + data[at:]


def delete(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    at = _at(rng, data)
    return data[:at] + data[at + rng.randint(1, 64) :]


def insert(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    at = _at(rng, data)
    return data[:at] + rng.choice(TOKENS) * rng.choice((1, 1, 2, 3, 50)) + data[at:]


def nest(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    depth = rng.choice((3, 31, 32, 33, 100, 1000, 10_000, 100_000))
    opening, closing = rng.choice(((b"[", b"]"), (b"{a = ", b"}"), (b"[{a = ", b"}]")))
    value = opening * depth + b"1" + closing * (depth if rng.random() < 0.8 else depth // 2)
    at = _line_start(rng, data)
    return data[:at] + b"x = " + value + b"\n" + data[at:]


def long_key(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    parts = rng.choice((31, 32, 33, 1000, 100_000))
    part = rng.choice((b"a", b'"a"', b"'a'", b"1", b"a b"))
    key = b".".join([part] * parts)
    shape = rng.choice((b"%s = 1\n", b"[%s]\n", b"[[%s]]\n", b"x = {%s = 1}\n"))
    at = _line_start(rng, data)
    return data[:at] + shape.replace(b"%s", key) + data[at:]


def huge_int(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    digits = rng.choice((19, 300, 4300, 4301, 5000, 100_000))
    number = b"9" * digits if rng.random() < 0.8 else b"1_" * (digits // 2) + b"1"
    if rng.random() < 0.5 and _DURATION_VALUE.search(data):
        return _DURATION_VALUE.sub(lambda m: m.group(1) + number, data, count=1)
    at = _line_start(rng, data)
    return data[:at] + b"x = " + number + b"\n" + data[at:]


def truncate(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    return data[: _at(rng, data)]


def duplicate(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    lines = data.splitlines(keepends=True) or [b""]
    start = rng.randrange(len(lines))
    block = lines[start : start + rng.choice((1, 1, 3, 8))]
    at = rng.randrange(len(lines) + 1)
    return b"".join(lines[:at] + block + lines[at:])


def splice(rng: random.Random, data: bytes, seeds: list[bytes]) -> bytes:
    other = rng.choice(seeds)
    return data[: _at(rng, data)] + other[_at(rng, other) :]


def encoding(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    piece = rng.choice((b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe9", b"\xef\xbb\xbf"))
    at = _at(rng, data)
    return data[:at] + piece + data[at:]


def duration(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    if rng.random() < 0.5:
        text = rng.choice(DURATIONS)
    else:  # a made-up one: numbers, units, spaces and separators in any order
        atoms = ["1", "30", "0", "1,5", "2.25", " ", "h", "u", "m", "min", "uur", "s", ",", "en "]
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 6)))
    value = b'"' + text.encode() + b'"' if rng.random() < 0.9 else text.encode() or b"0"
    if not _DURATION_VALUE.search(data):
        return data + b'\n[[items]]\ntitle = "x"\nduration = ' + value + b"\n"
    return _DURATION_VALUE.sub(lambda m: m.group(1) + value, data, count=1)


def role(rng: random.Random, data: bytes, _seeds: list[bytes]) -> bytes:
    value = b'"' + rng.choice(ROLES).encode() + b'"'
    if not _ROLE_VALUE.search(data):
        return data + b'\n[[participants]]\nname = "Fuzz"\nrole = ' + value + b"\n"
    return _ROLE_VALUE.sub(lambda m: m.group(1) + value, data, count=1)


MUTATIONS: dict[str, Mutation] = {
    "flip": flip,
    "control": control,
    "delete": delete,
    "insert": insert,
    "nest": nest,
    "long_key": long_key,
    "huge_int": huge_int,
    "truncate": truncate,
    "duplicate": duplicate,
    "splice": splice,
    "encoding": encoding,
    "duration": duration,
    "role": role,
}
KINDS = [*MUTATIONS, "several"]


def mutate(rng: random.Random, data: bytes, seeds: list[bytes]) -> tuple[str, bytes]:
    """A mutation kind and the variant it made: one mutation, or (kind "several") two to four."""
    kind = rng.choice(KINDS)
    if kind != "several":
        return kind, MUTATIONS[kind](rng, data, seeds)
    for name in rng.sample(list(MUTATIONS), rng.randint(2, 4)):
        data = MUTATIONS[name](rng, data, seeds)
    return kind, data


# --- Loading with a time limit -------------------------------------------------------------------


class Hang(BaseException):
    """The loader ran past the time limit (a BaseException: no `except Exception` stops it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` with Hang, where the platform has a real-time timer."""
    if not hasattr(signal, "setitimer"):
        yield  # no timer here: the elapsed time is still checked afterwards
        return

    def interrupt(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def unsafe(text: str) -> bool:
    """Whether `text` holds what a message must not: a raw control character or a line break."""
    return any(is_control(c) or c == "\n" for c in text)


_QUOTED = re.compile(r'"(?:\\.|[^"\\])*"|\[\d+\]|(?<![\w+-])\d[\d,.]*')


def category(message: str) -> str:
    """A problem's message with its particulars gone, to count alike problems together."""
    return " ".join(_QUOTED.sub("…", message).split()[:7])


class Run:
    """Counts and failures of one fuzzing run."""

    def __init__(self, keep: Path, limit: float) -> None:
        self.keep = keep
        self.limit = limit
        self.tried: Counter[str] = Counter()
        self.accepted: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.warned: Counter[str] = Counter()
        self.problems: Counter[str] = Counter()
        self.failures: list[str] = []
        self.slowest = (0.0, "")

    def fail(self, kind: str, seed: Path, number: int, data: bytes, why: str) -> None:
        self.keep.mkdir(parents=True, exist_ok=True)
        kept = self.keep / f"{seed.stem}-{number}-{kind}.toml"
        kept.write_bytes(data)
        self.failures.append(f"{kept}: {why}")

    def load(self, path: Path, kind: str, seed: Path, number: int, data: bytes) -> None:
        path.write_bytes(data)
        self.tried[kind] += 1
        warnings: list[AgendaWarning] = []
        started = time.perf_counter()
        try:
            with time_limit(self.limit):
                problems = check_files([path], warnings)
                if not problems:
                    from overleg.agenda import load_agenda

                    load_agenda(path)
        except Hang:
            self.fail(kind, seed, number, data, f"no answer within {self.limit:g} s")
            return
        except AgendaError as error:  # check_files found none, load_agenda did: a mismatch
            self.fail(kind, seed, number, data, f"load_agenda refused what check passed: {error}")
            return
        except Exception:  # anything else is the bug this hunts
            last = traceback.format_exc().strip().splitlines()[-1]
            self.fail(kind, seed, number, data, f"raised {last}")
            return
        elapsed = time.perf_counter() - started
        if elapsed > self.slowest[0]:
            self.slowest = (elapsed, f"{seed.name} #{number} ({kind})")
        if elapsed > self.limit:
            self.fail(kind, seed, number, data, f"took {elapsed:.1f} s (limit {self.limit:g} s)")
        if not problems:
            self.accepted[kind] += 1
            self.warned[kind] += bool(warnings)
            return
        self.refused[kind] += 1
        for problem in problems:
            # The message as built, not only as printed: str() escapes again as a last guard.
            shown = str(problem)
            if unsafe(shown) or unsafe(problem.message) or problem.path != str(path):
                self.fail(kind, seed, number, data, f"unsafe message {problem.message[:200]!r}")
                return
        self.problems[category(problems[0].message)] += 1


def seeds() -> list[Path]:
    shipped = sorted((ROOT / "agendas").glob("*.toml"))
    tests = sorted((ROOT / "tests" / "data" / "agendas").rglob("*.toml"))
    return shipped + tests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="variants per seed file")
    parser.add_argument("--seed", type=int, default=0, help="the same seed, the same variants")
    parser.add_argument("--limit", type=float, default=2.0, help="seconds a load may take")
    parser.add_argument("--keep", type=Path, help="where failing variants are kept")
    parser.add_argument("--smoke", action="store_true", help=f"about {SMOKE_TOTAL} in all")
    args = parser.parse_args()
    files = seeds()
    count = math.ceil(SMOKE_TOTAL / len(files)) if args.smoke else args.count
    if args.smoke:
        print(f"smoke run: {count} variants per seed file, the figures mean little")
    keep = args.keep or Path(tempfile.gettempdir()) / f"overleg-fuzz-{os.getpid()}"
    run = Run(keep, args.limit)
    originals = [path.read_bytes() for path in files]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="overleg-fuzz-") as work:
        target = Path(work) / "variant.toml"
        for seed, data in zip(files, originals, strict=True):
            rng = random.Random(f"{args.seed}:{seed.relative_to(ROOT)}")
            for number in range(count):
                kind, variant = mutate(rng, data, originals)
                run.load(target, kind, seed, number, variant)
    elapsed = time.perf_counter() - started
    report(run, files, elapsed)
    return 1 if run.failures else 0


def report(run: Run, files: list[Path], elapsed: float) -> None:
    tried, accepted, refused = (sum(c.values()) for c in (run.tried, run.accepted, run.refused))
    print(f"seed files: {len(files)} (agendas/ and tests/data/agendas/)")
    print(
        f"files tried: {tried:,}  accepted: {accepted:,}  refused: {refused:,}  "
        f"failures: {len(run.failures)}  in {elapsed:.1f} s"
    )
    print("by mutation:        tried  accepted (warned)  refused")
    for kind in KINDS:
        print(
            f"  {kind:<14} {run.tried[kind]:>9,} {run.accepted[kind]:>9,} "
            f"({run.warned[kind]:>5,}) {run.refused[kind]:>9,}"
        )
    print("problems met most often (the first of each refused file):")
    for name, number in run.problems.most_common(12):
        print(f"  {number:>8,}  {name}")
    print(f"slowest load: {run.slowest[0] * 1000:.0f} ms, {run.slowest[1]}")
    for failure in run.failures[:20]:
        print(f"FAILURE {failure}")
    if len(run.failures) > 20:
        print(f"... and {len(run.failures) - 20} more failures")


if __name__ == "__main__":
    raise SystemExit(main())
