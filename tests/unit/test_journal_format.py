"""docs/journal-format.md is the journal's standard: it must say what the code reads, and stay so.

The tables of event types are checked against `overleg.events`, field by field (type of value and
what a field left out means); the header's keys against `overleg.header`; the worked example and
the checksum code in the document are run. Below them: the typed reading itself (the compiled
reader of each event type agrees with the plain field-by-field one) and the header's checks.
"""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from helpers import small_agenda
from overleg import events as ev
from overleg.engine import replay_records
from overleg.events import Damage
from overleg.header import HEADER_TEXTS, agenda_of, check_header, header_fields
from overleg.journal import line_bytes, read_journal

DOC = Path(__file__).resolve().parents[2] / "docs" / "journal-format.md"
NESTED = (ev.PersonEntry, ev.CarriedAction, ev.Missing, ev.PhaseEntry, ev.Amendment)


def doc_text() -> str:
    return DOC.read_text("utf-8")


def tables() -> dict[str, list[list[str]]]:
    """Per ``#### `name` `` heading of the document, the rows of the table under it."""
    found: dict[str, list[list[str]]] = {}
    current: str | None = None
    for line in doc_text().splitlines():
        heading = re.fullmatch(r"#### `([A-Za-z_]+)`", line)
        if heading:
            current = heading.group(1)
            found[current] = []
        elif line.startswith("#"):
            current = None
        elif current is not None and line.startswith("| `"):
            found[current].append([cell.strip() for cell in line.strip("|").split(" | ")])
    return found


def type_of(cls: type, spec: Any) -> str:
    """A field's type of value in the document's words (see "Types of values" there)."""
    if spec.choices is not None:
        return "one of " + ", ".join(f"`{c}`" for c in sorted(spec.choices))
    if spec.code in (ev._STR, ev._OPT_STR):
        if spec.is_date:
            return "date"
        return "name" if spec.person else "one-line text" if spec.one_line else "text"
    if spec.code in (ev._INT, ev._OPT_INT):
        return f"whole number ≥ {spec.least}"
    if spec.code == ev._BOOL:
        return "true or false"
    if spec.code == ev._STRS:
        return "list of texts"
    inner = typing.get_args(typing.get_type_hints(cls)[spec.name])[0]
    return f"list of `{inner.__name__}`"


def left_out(spec: Any) -> str:
    if spec.required:
        return "required"
    if spec.optional:
        return "not given"
    default = list(spec.default) if isinstance(spec.default, tuple) else spec.default
    return f"`{json.dumps(default, ensure_ascii=False)}`"


def definitions() -> dict[str, tuple[type, tuple[Any, ...]]]:
    found: dict[str, tuple[type, tuple[Any, ...]]] = {
        name: (cls, ev._SPECS[name]) for name, cls in ev.TYPES.items()
    }
    for cls in NESTED:
        found[cls.__name__] = (cls, ev._specs(cls))
    return found


# ------------------------------------------------------------------------------ the document


def test_every_event_type_is_documented_and_nothing_else() -> None:
    documented = set(tables())
    defined = set(definitions())
    assert defined - documented == set(), "event types missing from docs/journal-format.md"
    assert documented - defined == set(), "docs/journal-format.md documents types that are gone"


@pytest.mark.parametrize("name", sorted(definitions()))
def test_every_field_is_documented_as_it_is_read(name: str) -> None:
    cls, specs = definitions()[name]
    rows = tables()[name]
    assert [r[0] for r in rows] == [f"`{s.name}`" for s in specs], f"fields of {name}"
    for spec, row in zip(specs, rows, strict=True):
        assert len(row) == 4 and row[3], f"{name}.{spec.name}: field | type | left out | meaning"
        assert row[1] == type_of(cls, spec), f"{name}.{spec.name}: type of value"
        assert row[2] == left_out(spec), f"{name}.{spec.name}: when left out"
    if not specs:
        assert f"#### `{name}`\n\n" in doc_text()


def test_every_header_key_is_documented() -> None:
    text = doc_text()
    header = header_fields(small_agenda(), datetime.fromisoformat("2026-12-01T09:30:00+01:00"))
    for key in [*header, *HEADER_TEXTS, "format", "version", "crc"]:
        assert f"| `{key}` |" in text, key
    for key in header["agenda"]:
        assert f"`{key}`" in text, f"agenda.{key}"
    for key in [*header["agenda"]["items"][0], *header["agenda"]["items"][0]["phases"][0]]:
        assert f"`{key}`" in text, f"agenda item or phase key {key}"


def test_the_limits_in_the_document_are_the_code_s() -> None:
    text = doc_text()
    assert f"{ev.MAX_TEXT:,} characters" in text
    assert f"{ev.MAX_INT:,}" in text
    from overleg.journal import MAX_LINE

    assert f"{MAX_LINE:,} bytes" in text


def test_the_worked_example_is_a_journal_that_reads(tmp_path: Path) -> None:
    block = re.search(r"```jsonl\n(.*?)```", doc_text(), re.S)
    assert block is not None
    path = tmp_path / "journal.jsonl"
    path.write_bytes(block.group(1).encode("utf-8"))
    contents = read_journal(path)  # every checksum holds
    assert contents.warnings == []
    assert contents.header["version"] == 2
    state = replay_records(agenda_of(contents.header), contents.records)
    assert state.status == "ended"
    # Written as this release writes it, byte for byte.
    lines = path.read_bytes().splitlines(keepends=True)
    for line, record in zip(lines[1:], contents.records, strict=True):
        assert line_bytes(record) == line


def test_the_checksum_code_in_the_document_runs() -> None:
    code = re.search(r"```python\n(.*?)```", doc_text(), re.S)
    assert code is not None
    scope: dict[str, Any] = {}
    exec(code.group(1), scope)  # noqa: S102 - the document's own example
    record = {"seq": 1, "at": "2026-12-01T09:30:00+01:00", "type": "note_added", "text": "Zoë"}
    assert scope["line"](record) == line_bytes(record)
    line = line_bytes(record)[:-1]
    assert scope["checks_out"](line)
    assert not scope["checks_out"](line.replace(b"Zo", b"Zp"))
    assert line[-10:-2] != line[-10:-2].upper()  # the checksum has a letter: a-f
    assert not scope["checks_out"](line[:-10] + line[-10:-2].upper() + line[-2:])


# ------------------------------------------------------------------------ the typed reading

JUNK: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    1,
    -1,
    10**9,
    10**9 + 1,
    1.0,
    "",
    "x",
    "a\nb",
    "tab\there",
    "\x1b[31m",
    "\u202e",
    "\ud800",
    "x" * (ev.MAX_TEXT + 1),
    "2026-12-15",
    "2026-13-01",
    "member",
    "done",
    "question",
    [],
    ["a", "b"],
    ["a\nb"],
    ["a", 1],
    [["t", ["a"]]],
    [{"title": "t", "names": ["a"]}],
    [{"name": "A"}],
    {},
    {"a": 1},
)


def records() -> list[dict[str, Any]]:
    """For every event type, records with each field set to each junk value, and more."""
    out: list[dict[str, Any]] = []
    for kind, specs in ev._SPECS.items():
        base = {"seq": 3, "at": "2026-12-01T09:30:00+01:00", "type": kind}
        out.append(base)
        out.append({**base, "extra": 1})
        for at in ("2026-12-01T09:30:00", "2026-12-01", "x" * 41, 5, None):
            out.append({**base, "at": at})
        for spec in specs:
            for junk in JUNK:
                out.append({**base, spec.name: junk})
    return out


def outcome(read: Any, record: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "event", read(record)
    except Damage as exc:
        return "damage", str(exc)


def test_the_compiled_readers_agree_with_the_plain_reading() -> None:
    checked = 0
    for record in records():
        assert outcome(ev.from_record, record) == outcome(ev._from_record_plain, record), record
        checked += 1
    assert checked > 2000


def test_events_are_equal_hashed_and_shown_by_every_field() -> None:
    # Equality, hash and repr are written once on Event, not made per type by dataclasses.
    events: dict[str, list[ev.Event]] = {}
    for record in records():
        found, event = outcome(ev.from_record, record)
        if found == "event":
            events.setdefault(record["type"], []).append(event)
    differing = 0
    for kind, made in events.items():
        first = made[0]
        assert first == dataclasses.replace(first) and hash(first) == hash(
            dataclasses.replace(first)
        )
        shown = ", ".join(f"{f.name}={getattr(first, f.name)!r}" for f in dataclasses.fields(first))
        assert repr(first) == f"{type(first).__name__}({shown})"
        for other in made[1:]:
            same = dataclasses.astuple(other) == dataclasses.astuple(first)
            assert (other == first) is same and (other != first) is not same, (kind, other)
            differing += not same
        assert first != dataclasses.astuple(first)
    assert len(events) == len(ev.TYPES) and differing > 500
    arrived = ev.PersonArrived(1, datetime(2026, 12, 1, 9, 30).astimezone(), name="A")
    left = ev.PersonLeft(arrived.seq, arrived.at, name="A")
    assert arrived != left and {arrived, left, dataclasses.replace(left)} == {arrived, left}


def test_printable_text_never_holds_what_a_text_may_not() -> None:
    # The readers skip the search for a text that str.isprintable() passes.
    for code in range(0x110000):
        char = chr(code)
        if char.isprintable():
            assert ev.NOT_TEXT.search(char) is None, hex(code)
    assert not "\n".isprintable() and not "\t".isprintable()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("\x1b[31mrood", "control character"),
        ("\x85", "control character"),
        ("\u2066", "control character"),
        ("half \ud83d", "lone surrogate"),
    ],
)
def test_texts_refuse_controls_and_lone_surrogates(text: str, fragment: str) -> None:
    record = {"seq": 1, "at": "2026-12-01T09:30:00+01:00", "type": "note_added", "text": text}
    with pytest.raises(Damage, match=fragment):
        ev.from_record(record)


def test_an_event_that_could_not_be_written_is_refused_before() -> None:
    # A lone surrogate has no UTF-8 form: to_record refuses it rather than the journal failing.
    event = ev.NoteAdded(1, datetime.fromisoformat("2026-12-01T09:30:00+01:00"), 0, "\udcff")
    with pytest.raises(Damage):
        ev.to_record(event)


def test_an_unknown_type_is_damage_and_its_name_is_cut_and_escaped() -> None:
    record = {"seq": 1, "at": "2026-12-01T09:30:00+01:00", "type": "\x1b]0;x\x07" + "y" * 100}
    with pytest.raises(Damage) as info:
        ev.from_record(record)
    assert "\x1b" not in str(info.value) and len(str(info.value)) < 80


# ----------------------------------------------------------------------------- the header


def v2_header(**changes: Any) -> dict[str, Any]:
    header = {
        "format": "overleg-journal",
        "version": 2,
        **header_fields(small_agenda(), datetime.fromisoformat("2026-12-01T09:30:00+01:00")),
    }
    header.update(changes)
    return header


def test_a_header_as_written_checks_out() -> None:
    check_header(v2_header())
    assert agenda_of(v2_header()).title == small_agenda().title


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"title": "Titel \x1b[31mrood"}, "title: holds a control character"),
        ({"series": "\x9b"}, "series: holds a control character"),
        ({"agenda_path": ["x"]}, "agenda_path: is not a text"),
        ({"title": None}, "title: is not a text"),
        ({"language": "fr"}, "language: is not one of nl, en"),
        ({"created": "2026-12-01T09:30:00"}, "created: has no UTC offset"),
        ({"created": 5}, "created: is not a timestamp"),
        ({"agenda_source": 5}, "agenda_source: is not a text"),
    ],
)
def test_a_header_field_that_does_not_fit_is_damage(changes: dict[str, Any], fragment: str):
    with pytest.raises(Damage, match=fragment):
        agenda_of(v2_header(**changes))


def test_a_version_1_agenda_that_no_longer_parses_is_damage_without_its_content() -> None:
    header = {
        "format": "overleg-journal",
        "version": 1,
        "agenda_source": '[meeting]\ntitle = "Gezin Jansen\n',  # not TOML: the text is not closed
    }
    with pytest.raises(Damage) as info:
        agenda_of(header)
    assert "agenda_source" in str(info.value)
    assert "Jansen" not in str(info.value)
