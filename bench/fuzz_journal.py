"""Fuzz the journal reader: damaged journals are refused in plain words, never read as something else.

Makes real journals (a synthetic meeting, a meeting with every kind of correction, the demo
meeting, and the version-1 journals under tests/data/journals-v1), then applies thousands of
mutations to them: single-byte flips anywhere, truncations, inserted and deleted bytes, swapped,
duplicated and dropped lines; and, with every checksum made to fit again (so the typed checks and
not the checksum must catch them), control characters and ANSI escapes in titles, names and
texts, huge integers, deep nesting, timestamps without their UTC offset, values of the wrong type,
unknown and missing fields, records swapped, duplicated or dropped and renumbered.

Each mutated journal is read, replayed and rendered as overleg does (`session.load_state`,
then both minutes files from `overleg.minutes`). Each must either come out whole or be refused
with the journal's damage error (`JournalError`, "journal is damaged: line N: ..."); any other
exception, a hang, a raw control character (other than newline and tab) in the minutes or in the
error, or minutes.toml that does not parse is a bug, printed with a reproducer. For every journal
that reads, each record's compiled reader must agree with the plain field-by-field one
(`events._from_record_plain`). `overleg list`'s two readings of a journal (`store.meeting_info`,
`store.quick_info`) are checked too, but what they show is counted apart ("listing").

Run: .venv/bin/python bench/fuzz_journal.py [--smoke] [--count N] [--seed S] [--keep DIR]

--smoke tries about 200 mutations in a few seconds, for the test suite; the default is 4,000.
Exits 1 when any bug was found.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import tomllib
import traceback
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "src"))

from synthetic import START, build_meeting, make_agenda  # noqa: E402

from overleg import events as events_  # noqa: E402
from overleg import minutes, store  # noqa: E402
from overleg.chair.demo import SimulatedClock, hold_demo  # noqa: E402
from overleg.engine import Event, Meeting, Refused, ReplayError  # noqa: E402
from overleg.events import Damage  # noqa: E402
from overleg.header import header_fields  # noqa: E402
from overleg.journal import Journal, JournalError  # noqa: E402
from overleg.session import load_state  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
V1_JOURNALS = ROOT / "tests" / "data" / "journals-v1"

#: What may never reach a terminal or a minutes file: the C0 controls but newline and tab, DEL,
#: the C1 controls, the bidi overrides and isolates, and lone surrogates (not encodable).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

#: Texts spliced into strings: controls and escapes the typed checks must refuse ...
HOSTILE = (
    "\x1b[31m",
    "\x1b]0;owned\x07",
    "\x1b[2J\x1b[H",
    "\x07",
    "\x00",
    "\r",
    "\x08",
    "\x7f",
    "\x85",
    "\x9b31m",
    "\u202e",
    "\u2066",
    "\ud800",
    "\udfff",
)
#: ... and odd but allowed characters, which must come out as they are (or escaped).
ODD = ("\n", "\t", "\u2028", "\u2029", "\ufeff", "\u200b", "😀", "|*_[]<>`#", '"\\', "\u00a0")

JUNK_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1.5,
    "",
    "x",
    [],
    {},
    [1],
    ["a", 2],
    {"a": 1},
    10**12,
    -(10**12),
)
BAD_TIMES = (
    "2026-12-01T09:00:00",  # no UTC offset
    "2026-12-01 09:00:00",
    "2026-12-01",
    "2026-12-01T09:00:00.123456",
    "2026-W48-2T09:00:00",
    "2026-12-01T09:00:00Z",
    "2026-12-01T09:00:00+25:00",
    "9999-12-31T23:59:59+01:00",
    "0001-01-01T00:00:00+01:00",
    "1999-12-31T23:59:59+01:00",  # time running backwards
    "",
    " ",
    "x" * 41,
    "2026-12-01T09:00:00+01:00" + "\x1b[31m",
)
CASE_SECONDS = 20  # a case that takes longer hangs


class Hang(Exception):
    pass


# ---------------------------------------------------------------------------- base journals


@dataclass
class Base:
    name: str
    data: bytes
    version: int


def _write(path: Path, header: dict[str, Any], events: list[Event]) -> bytes:
    with Journal.create(path, header) as journal:
        for event in events:
            journal.append(events_.to_record(event))
    return path.read_bytes()


def _try(step: Callable[[], object]) -> None:
    try:
        step()
    except Refused:
        pass  # the engine's rules may change; the journal needs only what it accepts


def corrections_meeting() -> tuple[Any, list[Event]]:
    """A short meeting holding every kind of correction, guests, pauses and undo."""
    agenda = make_agenda(items=3, people=6)
    names = [p.name for p in agenda.participants]
    clock = SimulatedClock(START)
    out: list[Event] = []
    m = Meeting(agenda, clock, sink=out.append)
    m.start({names[-1]: "excused"}, chair=names[0], minute_taker=names[1])
    steps: list[Callable[[], object]] = [
        lambda: m.add_guest("Gast Één", "Leerplicht"),
        lambda: m.add_guest("Gast Twee", "Wijkagent"),
        lambda: m.start_item(0),
        lambda: m.note("Eerste inbreng\nover twee regels\tmet tab."),
        lambda: m.next_phase(),
        lambda: m.next_speaker(),
        lambda: m.note("Vraag: wie helpt nu al?"),
        lambda: m.note("Antwoord: niemand.", names[2]),
        lambda: m.next_speaker(),
        lambda: m.pass_turn(),
        lambda: m.next_phase("doorgaan zonder iedereen"),
        lambda: m.next_speaker(),
        lambda: m.note("Perspectief ‘één’ 😀 | *kracht*"),
        lambda: m.correct_contribution(m.events[-1].seq, text="Perspectief, gecorrigeerd"),
        lambda: m.note("Wordt gewist"),
        lambda: m.delete_contribution(m.events[-1].seq),
        lambda: m.add_note("Notitie"),
        lambda: m.undo(),
        lambda: m.next_phase("door"),
        lambda: m.propose("Voorstel: één plan", "Eén gezin"),
        lambda: m.correct_proposal("Voorstel: één plan, met taxatie", "Veiligheid eerst"),
        lambda: m.vote(names[3], "object", "Eerst taxatie"),
        lambda: m.propose("Voorstel twee", "Beter"),
        lambda: m.consent_rest(),
        lambda: m.decide(),
        lambda: m.next_phase(),
        lambda: m.add_action("Plan maken", names[2], date(2026, 12, 15)),
        lambda: m.add_action("Bellen met school", "moeder"),
        lambda: m.correct_action(m.state.actions[0].id, what="Plan maken met gezin"),
        lambda: m.change_action(m.state.actions[1].id, status="done"),
        lambda: m.correct_guest("Gast Één", new_name="Gast Eén", discipline="Leerplicht 2"),
        lambda: m.remove_guest("Gast Twee"),
        lambda: m.pause(),
        lambda: clock.tick(300),
        lambda: m.resume(),
        lambda: m.defer_item("volgende keer", 1),
        lambda: m.start_item(2),
        lambda: m.extend(120),
        lambda: m.end_item(),
        lambda: m.end(),
    ]
    for step in steps:
        clock.tick(7)
        _try(step)
    return agenda, out


def make_bases(folder: Path) -> list[Base]:
    bases: list[Base] = []
    folder.mkdir(parents=True)
    agenda, made = build_meeting(items=3, people=6, events=160)
    bases.append(
        Base("synthetic", _write(folder / "s.jsonl", header_fields(agenda, START), made), 2)
    )
    agenda, made = corrections_meeting()
    data = _write(folder / "c.jsonl", header_fields(agenda, START), made)
    bases.append(Base("corrections", data, 2))
    from overleg.agenda import load_agenda

    demo = hold_demo(load_agenda(ROOT / "agendas" / "casusoverleg.toml"), folder / "demo")
    bases.append(Base("demo", (demo / store.JOURNAL).read_bytes(), 2))
    for journal in sorted(V1_JOURNALS.glob("*/journal.jsonl")):
        bases.append(Base(f"v1:{journal.parent.name}", journal.read_bytes(), 1))
    return bases


# --------------------------------------------------------------------------------- mutations


@dataclass
class Case:
    kind: str
    data: bytes
    note: str
    flip: bool = False  # a single byte changed


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")  # the last element is what follows the final newline ("")


def _payload(line: bytes, version: int) -> bytes:
    return line[:-18] + b"}" if version >= 2 else line


def _sealed(text: bytes, version: int) -> bytes:
    """A line's JSON object text with its checksum made to fit (version 2)."""
    if version < 2 or not text.endswith(b"}"):
        return text
    body = text[:-1]
    return b'%s,"crc":"%08x"}' % (body, zlib.crc32(body))


def _objects(data: bytes, version: int) -> list[dict[str, Any]]:
    out = []
    for line in _lines(data)[:-1]:
        value = json.loads(line)
        value.pop("crc", None)
        out.append(value)
    return out


def _line(value: dict[str, Any], version: int) -> bytes:
    """A line as `line_bytes` writes it, but for what it refuses to write: a lone surrogate
    (written as its JSON escape) or a "crc" field of the record's own."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _sealed(text.encode("utf-8", "backslashreplace"), version) + b"\n"


def _join(objects: list[dict[str, Any]], version: int) -> bytes:
    return b"".join(_line(o, version) for o in objects)


def _slots(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) inside a JSON value, containers included."""
    yield path, value
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _slots(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _slots(inner, (*path, index))


def _set(root: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        root = root[key]
    root[path[-1]] = value


def _pick(rng: random.Random, objects: list[dict[str, Any]], want: Callable[[Any], bool]):  # type: ignore[no-untyped-def]
    """A random (line index, path, value) whose value `want`s, or None."""
    for _ in range(20):
        index = rng.randrange(len(objects))
        found = [(p, v) for p, v in _slots(objects[index]) if p and want(v)]
        if found:
            path, value = rng.choice(found)
            return index, path, value
    return None


def _renumber(objects: list[dict[str, Any]]) -> None:
    for seq, record in enumerate(objects[1:], 1):
        record["seq"] = seq


def byte_mutations(rng: random.Random, base: Base) -> Iterator[Case]:
    data = base.data
    while True:
        kind = rng.choice(  # a single-byte flip half of the time: the checksum's own work
            ("flip", "bitflip") * 4
            + ("truncate", "insert", "delete", "swap", "dup", "drop", "ctrl", "newline")
        )
        raw = bytearray(data)
        if kind in ("flip", "bitflip"):
            i = rng.randrange(len(raw))
            raw[i] ^= rng.randrange(1, 256) if kind == "flip" else 1 << rng.randrange(8)
            yield Case(kind, bytes(raw), f"byte {i} of {len(raw)}", flip=True)
        elif kind == "truncate":
            i = rng.randrange(len(raw))
            yield Case(kind, bytes(raw[:i]), f"cut at {i} of {len(raw)}")
        elif kind == "insert":
            i = rng.randrange(len(raw) + 1)
            raw[i:i] = bytes([rng.randrange(256)])
            yield Case(kind, bytes(raw), f"byte inserted at {i}")
        elif kind == "delete":
            i = rng.randrange(len(raw))
            del raw[i]
            yield Case(kind, bytes(raw), f"byte {i} deleted")
        elif kind == "newline":  # a line break where there was none, or none where one was
            i = rng.randrange(len(raw))
            raw[i] = 0x20 if raw[i] == 0x0A else 0x0A
            yield Case(
                kind,
                bytes(raw),
                f"byte {i} {'is no longer' if data[i] == 0x0A else 'made'} a newline",
            )
        elif kind == "ctrl":  # a raw control byte inside a line (not JSON-escaped)
            i = rng.randrange(len(raw))
            raw[i:i] = rng.choice((b"\x1b", b"\x00", b"\r", b"\x07", b"\x7f", b"\xc2\x9b"))
            yield Case(kind, bytes(raw), f"control byte at {i}")
        else:
            lines = _lines(data)
            body = lines[1:-1]
            if len(body) < 2:
                continue
            a, b = rng.sample(range(len(body)), 2)
            if kind == "swap":
                body[a], body[b] = body[b], body[a]
            elif kind == "dup":
                body.insert(b, body[a])
            else:
                del body[a]
            yield Case(kind, b"\n".join([lines[0], *body, b""]), f"lines {a + 2}, {b + 2}")


def sealed_mutations(rng: random.Random, base: Base) -> Iterator[Case]:
    """Mutations with every checksum made to fit again: the typed checks must catch them."""
    version = base.version
    pristine = _objects(base.data, version)
    kinds = (
        "control",
        "odd-text",
        "huge-int",
        "deep",
        "time",
        "wrong-type",
        "no-field",
        "new-field",
        "other-type",
        "reorder",
        "duplicate",
        "drop",
        "target",
        "name",
        "payload-byte",
        "long-text",
        "raw-number",
        "header",
    )
    while True:
        kind = rng.choice(kinds)
        objects = json.loads(json.dumps(pristine))  # a deep copy
        records = objects[1:]
        if not records:
            return
        note = ""
        if kind in ("control", "odd-text"):
            pick = _pick(rng, objects, lambda v: isinstance(v, str))
            if pick is None:
                continue
            index, path, value = pick
            splice = rng.choice(HOSTILE if kind == "control" else ODD)
            at = rng.randrange(len(value) + 1)
            _set(objects[index], path, value[:at] + splice + value[at:])
            note = f"line {index + 1} {'.'.join(map(str, path))} += {splice!r}"
        elif kind == "huge-int":
            pick = _pick(rng, objects, lambda v: type(v) is int)
            if pick is None:
                continue
            index, path, _ = pick
            big = rng.choice((10**9 + 1, 2**31, 2**63, 10**30, -(10**30), 10**400, -1))
            _set(objects[index], path, big)
            note = f"line {index + 1} {'.'.join(map(str, path))} = {str(big)[:12]}"
        elif kind == "deep":
            pick = _pick(rng, objects, lambda v: True)
            if pick is None:
                continue
            index, path, _ = pick
            depth = rng.choice((3, 40, 1000, 50_000))
            if depth > 500:  # too deep for json.dumps: spliced in as text below
                objects[index][path[0]] = "\x00DEEP\x00"
            else:
                nested: Any = "x"
                for _ in range(depth):
                    nested = [nested] if rng.random() < 0.5 else {"a": nested}
                _set(objects[index], path, nested)
            note = f"line {index + 1} {'.'.join(map(str, path))} nested {depth} deep"
            if depth > 500:
                text = json.dumps(objects[index], ensure_ascii=False, separators=(",", ":"))
                deep = "[" * depth + "1" + "]" * depth
                text = text.replace('"\\u0000DEEP\\u0000"', deep)
                lines = [_line(o, version) for o in objects]
                lines[index] = _sealed(text.encode(), version) + b"\n"
                yield Case(kind, b"".join(lines), note)
                continue
        elif kind == "time":
            index = rng.randrange(1, len(objects))
            bad = rng.choice(BAD_TIMES)
            objects[index]["at"] = bad
            note = f"line {index + 1} at = {bad[:30]!r}"
        elif kind == "wrong-type":
            pick = _pick(rng, objects, lambda v: True)
            if pick is None:
                continue
            index, path, _ = pick
            junk = rng.choice(JUNK_VALUES)
            _set(objects[index], path, junk)
            note = f"line {index + 1} {'.'.join(map(str, path))} = {junk!r}"
        elif kind == "no-field":
            index = rng.randrange(len(objects))
            keys = [k for k in objects[index] if k not in ("format", "version")]
            if not keys:
                continue
            key = rng.choice(keys)
            del objects[index][key]
            note = f"line {index + 1} without {key}"
        elif kind == "new-field":
            index = rng.randrange(len(objects))
            key = rng.choice(("extra", "crc", "speaker", "text", "item", "\x1b[31m", "seq2"))
            objects[index][key] = rng.choice(JUNK_VALUES + ("Deelnemer 02 van der Berg",))
            note = f"line {index + 1} with {key!r}"
        elif kind == "other-type":
            index = rng.randrange(1, len(objects))
            new = rng.choice([*events_.TYPES, "note", "meeting_startedx", "\x1b[2J"])
            objects[index]["type"] = new
            note = f"line {index + 1} type = {new!r}"
        elif kind in ("reorder", "duplicate", "drop"):
            a, b = rng.randrange(len(records)), rng.randrange(len(records))
            if kind == "reorder":
                records[a], records[b] = records[b], records[a]
            elif kind == "duplicate":
                records.insert(b, json.loads(json.dumps(records[a])))
            else:
                del records[a]
            objects = [objects[0], *records]
            _renumber(objects)
            note = f"records {a + 1}, {b + 1}, renumbered"
        elif kind == "target":
            pick = _pick(rng, objects, lambda v: type(v) is int)
            if pick is None:
                continue
            index, path, value = pick
            new = rng.choice((0, 1, value - 1, value + 1, index, index + 1, len(objects) + 5))
            _set(objects[index], path, new)
            note = f"line {index + 1} {'.'.join(map(str, path))}: {value} -> {new}"
        elif kind == "name":
            names = sorted(
                {v for o in records for p, v in _slots(o) if p and isinstance(v, str) and " " in v}
            )
            pick = _pick(rng, objects, lambda v, names=names: isinstance(v, str) and v in names)
            if pick is None or not names:
                continue
            index, path, value = pick
            new = rng.choice((*names, "Niemand van Hier", value.upper(), value + " "))
            _set(objects[index], path, new)
            note = f"line {index + 1} {'.'.join(map(str, path))} renamed"
        elif kind == "payload-byte":  # a byte changed inside the JSON, the checksum refitted
            lines = [_line(o, version) for o in objects]
            index = rng.randrange(len(lines))
            text = bytearray(_payload(lines[index][:-1], version))
            i = rng.randrange(len(text))
            text[i] ^= rng.randrange(1, 256)
            lines[index] = _sealed(bytes(text), version) + b"\n"
            yield Case(kind, b"".join(lines), f"line {index + 1} byte {i}")
            continue
        elif kind == "long-text":
            pick = _pick(rng, objects, lambda v: isinstance(v, str))
            if pick is None:
                continue
            index, path, value = pick
            size = rng.choice((events_.MAX_TEXT, events_.MAX_TEXT + 1, 400_000))
            _set(objects[index], path, ("lang " * size)[:size])
            note = f"line {index + 1} {'.'.join(map(str, path))} of {size} characters"
        elif kind == "raw-number":  # what json.dumps will not write: NaN, 1e999, -0, 1.0
            pick = _pick(rng, objects, lambda v: type(v) is int)
            if pick is None:
                continue
            index, path, _ = pick
            _set(objects[index], path, "\x00NUM\x00")
            number = rng.choice(("NaN", "Infinity", "-Infinity", "1e999", "-0", "1.0", "1e2"))
            lines = [_line(o, version) for o in objects]
            text = _payload(lines[index][:-1], version).replace(
                b'"\\u0000NUM\\u0000"', number.encode()
            )
            lines[index] = _sealed(text, version) + b"\n"
            yield Case(kind, b"".join(lines), f"line {index + 1} number {number}")
            continue
        elif kind == "header":
            header = objects[0]
            key = rng.choice(
                ("title", "series", "language", "agenda_path", "created", "agenda_source", "agenda")
            )
            value = rng.choice(
                (*JUNK_VALUES, "Titel \x1b[31mrood", "\x1b]0;owned\x07", "2026-12-01T09:00:00")
            )
            header[key] = value
            note = f"header {key} = {value!r}"
        yield Case(kind, _join(objects, version), note)


def cases(rng: random.Random, bases: list[Base], count: int) -> Iterator[tuple[Base, Case]]:
    streams = [(b, g(rng, b)) for b in bases for g in (byte_mutations, sealed_mutations)]
    for n in range(count):
        base, stream = streams[n % len(streams)]
        yield base, next(stream)


# ------------------------------------------------------------------------------------ checks


@dataclass
class Tally:
    tried: Counter[str] = field(default_factory=Counter)
    intact: Counter[str] = field(default_factory=Counter)
    warned: Counter[str] = field(default_factory=Counter)
    damage: Counter[str] = field(default_factory=Counter)
    bugs: list[str] = field(default_factory=list)
    listing: list[str] = field(default_factory=list)
    flips: Counter[str] = field(default_factory=Counter)


def _raw(text: str) -> str | None:
    found = RAW_CONTROL.search(text)
    return None if found is None else f"U+{ord(found.group()):04X} at {found.start()}"


def _same_reading(contents_records: list[dict[str, Any]]) -> str | None:
    """Where the compiled readers and the plain one disagree on a record, if anywhere."""
    for record in contents_records:
        outcomes = []
        for read in (events_.from_record, events_._from_record_plain):
            try:
                outcomes.append(("event", read(record)))
            except Damage as exc:
                outcomes.append(("damage", str(exc)))
        if outcomes[0] != outcomes[1]:
            return f"seq {record.get('seq')}: compiled {outcomes[0]!r} vs plain {outcomes[1]!r}"
    return None


def check(folder: Path, case: Case) -> tuple[str, str | None, list[str]]:
    """Read, replay and render the journal in `folder`: ("intact" | "warned" | "damage", the bug
    if any, findings of the listing)."""
    from overleg.journal import read_journal

    listing: list[str] = []
    for name, info in (("meeting_info", store.meeting_info), ("quick_info", store.quick_info)):
        try:
            shown = info(folder)
        except Exception as exc:  # noqa: BLE001 - whatever it is, it is a finding
            listing.append(f"store.{name} raised {type(exc).__name__}: {str(exc)[:80]!r}")
            continue
        for attr in ("title", "series", "agenda_path", "problem", "date", "started_at"):
            value = getattr(shown, attr)
            where = _raw(value) if isinstance(value, str) else None
            if where is not None:
                listing.append(f"store.{name}().{attr} holds a raw control character ({where})")
    warnings: list[str] = []
    try:
        state = load_state(folder, warnings=warnings)
        try:
            disagree = _same_reading(read_journal(folder / store.JOURNAL).records)
        except JournalError:
            disagree = None
        if disagree is not None:
            return "intact", f"readers disagree: {disagree}", listing
        record = minutes.build_record(state, meeting_id=folder.name)
        outputs = {
            "minutes.md": minutes.render_markdown(record),
            "minutes.md (decisions)": minutes.render_markdown(record, decisions_only=True),
            "minutes.toml": minutes.render_toml(record),
            "shared minutes.md": minutes.render_markdown(minutes.pseudonymise(record)),
        }
        for name, text in outputs.items():
            where = _raw(text)
            if where is not None:
                return "intact", f"{name} holds a raw control character ({where})", listing
        try:
            tomllib.loads(outputs["minutes.toml"])
        except tomllib.TOMLDecodeError as exc:
            return "intact", f"minutes.toml does not parse: {exc}", listing
        for text in warnings:
            if _raw(text) is not None:
                return "warned", f"warning holds a raw control character: {text!r}", listing
        return ("warned" if warnings else "intact"), None, listing
    except JournalError as exc:
        shown = f"journal is damaged: line {exc.line}: {exc.message}"
        where = _raw(str(exc))
        if where is not None:
            return "damage", f"error holds a raw control character ({where}): {shown!r}", listing
        if exc.line is None and "header" not in exc.message and "empty" not in exc.message:
            pass  # damage without a line: allowed (an empty file), but rare
        return "damage", None, listing
    except (ReplayError, Damage) as exc:
        return "damage", f"{type(exc).__name__} not turned into JournalError: {exc}", listing


def _on_alarm(signum: int, frame: object) -> None:
    raise Hang(f"no answer within {CASE_SECONDS} s")


def run(count: int, seed: int, keep: Path | None, show: set[str] = frozenset()) -> Tally:  # type: ignore[assignment]
    rng = random.Random(seed)
    tally = Tally()
    signal.signal(signal.SIGALRM, _on_alarm)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bases = make_bases(work / "bases")
        folder = work / "2026-12-01-fuzz"
        folder.mkdir()
        path = folder / store.JOURNAL
        for number, (base, case) in enumerate(cases(rng, bases, count), 1):
            label = f"{base.name}/{case.kind}"
            tally.tried[label] += 1
            path.write_bytes(case.data)
            signal.alarm(CASE_SECONDS)
            try:
                outcome, bug, listing = check(folder, case)
            except Exception as exc:  # noqa: BLE001 - any other exception is the bug sought
                outcome = "bug"
                bug = f"{type(exc).__name__}: {str(exc)[:200]}\n" + "".join(
                    traceback.format_exc().splitlines(keepends=True)[-6:]
                )
                listing = []
            finally:
                signal.alarm(0)
            if outcome in ("intact", "warned", "damage"):
                getattr(tally, outcome)[label] += 1
            if case.kind in show and outcome in ("intact", "warned"):
                print(f"{outcome}: #{number} {label} ({case.note})")
            if case.flip:
                flips = "v2" if base.version >= 2 else "v1"
                tally.flips[f"{flips} tried"] += 1
                tally.flips[f"{flips} {outcome}"] += 1
                if outcome == "intact" and case.data != base.data:
                    same = _equivalent(folder, base, work)
                    tally.flips[f"{flips} silent, {'same meeting' if same else 'DIFFERENT'}"] += 1
            if bug is not None:
                tally.bugs.append(f"#{number} {label} ({case.note}): {bug}")
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, keep / f"case-{number}-{case.kind}.jsonl")
            for finding in listing:
                tally.listing.append(f"#{number} {label} ({case.note}): {finding}")
    return tally


def _equivalent(folder: Path, base: Base, work: Path) -> bool:
    """Whether the mutated journal in `folder` gives the same minutes as its base."""
    other = work / "2026-12-01-base"
    other.mkdir(exist_ok=True)
    (other / store.JOURNAL).write_bytes(base.data)

    def rendered(where: Path) -> str:
        state = load_state(where)
        return minutes.render_toml(minutes.build_record(state, meeting_id="x"))

    return rendered(folder) == rendered(other)


def report(tally: Tally, seconds: float) -> None:
    tried = sum(tally.tried.values())
    intact = sum(tally.intact.values())
    warned = sum(tally.warned.values())
    damage = sum(tally.damage.values())
    print(f"{'mutation, then base':<50} {'tried':>6} {'intact':>7} {'warned':>7} {'damage':>7}")
    for group in (lambda label: label.split("/")[1], lambda label: label.split("/")[0]):
        rows: dict[str, list[int]] = {}
        for label in tally.tried:
            row = rows.setdefault(group(label), [0, 0, 0, 0])
            for i, counter in enumerate((tally.tried, tally.intact, tally.warned, tally.damage)):
                row[i] += counter[label]
        for name in sorted(rows):
            t, i, w, d = rows[name]
            print(f"{name:<50} {t:>6} {i:>7} {w:>7} {d:>7}")
        print()
    print(
        f"mutations tried: {tried}, read as intact: {intact + warned} (of which with a warning:"
        f" {warned}), refused as damage: {damage}, bugs: {len(tally.bugs)} ({seconds:.1f} s)"
    )
    v2 = tally.flips
    print(
        f"single-byte flips in checksummed (version-2) journals: {v2['v2 tried']} tried,"
        f" {v2['v2 damage']} refused, {v2['v2 warned']} read with a warning (the final newline:"
        f" a torn last line), {v2['v2 intact']} read without a word"
        f" ({v2['v2 silent, same meeting']} the same meeting, {v2['v2 silent, DIFFERENT']} another)"
    )
    print(
        f"single-byte flips in version-1 journals (no checksum): {v2['v1 tried']} tried,"
        f" {v2['v1 damage']} refused, {v2['v1 warned']} with a warning, {v2['v1 intact']} read"
        f" without a word ({v2['v1 silent, same meeting']} the same meeting,"
        f" {v2['v1 silent, DIFFERENT']} another)"
    )
    print(f"listing (store.meeting_info / quick_info) findings: {len(tally.listing)}")
    for finding in _distinct(tally.listing)[:10]:
        print(f"  {finding}")
    for bug in tally.bugs[:20]:
        print(f"BUG {bug}")


def _distinct(findings: list[str]) -> list[str]:
    """One finding of each kind (what raised, which field held what), exceptions first."""
    seen: dict[str, str] = {}
    for finding in findings:
        what = finding.split("): ", 1)[-1]
        seen.setdefault(re.sub(r" \(U\+.*| at \d+|: '.*", "", what), finding)
    return sorted(seen.values(), key=lambda f: " raised " not in f)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="about 200 mutations, for the tests")
    parser.add_argument("--count", type=int, help="mutations to try (default 4000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="copy the journal of every bug into this folder")
    parser.add_argument(
        "--show",
        metavar="KIND",
        action="append",
        default=[],
        help="list the cases of this mutation kind that read as intact (repeatable)",
    )
    args = parser.parse_args()
    count = args.count or (200 if args.smoke else 4000)
    if args.smoke:
        print("smoke run: about 200 mutations")
    started = time.perf_counter()
    tally = run(count, args.seed, args.keep, set(args.show))
    report(tally, time.perf_counter() - started)
    return 1 if tally.bugs else 0


if __name__ == "__main__":
    sys.exit(main())
