"""Agenda files: the reusable template of a meeting, read from TOML.

This module holds the agenda's data model (frozen dataclasses the engine reads) and the loader that
turns a TOML file into it, reporting every problem with file, line and column or key path.

Whatever a file holds, the loader answers with `AgendaError` (or an agenda): it reads only regular
files of at most 1 MiB, refuses what the TOML parser cannot take (deep nesting, huge integers)
at its place, and its messages never carry a raw control character.
bench/fuzz_agenda.py holds it to that.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
import sys
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

PHASE_KINDS = ("presentation", "questions", "round", "discussion", "decision", "actions")
#: Phases in which everyone present speaks in turn.
TURN_KINDS = frozenset({"questions", "round"})
ROLES = ("chair", "minute-taker", "member", "case-owner", "guest")
#: Roles as Dutch agendas write them, to the role the code uses.
DUTCH_ROLES = {
    "voorzitter": "chair",
    "notulist": "minute-taker",
    "lid": "member",
    "deelnemer": "member",
    "casushouder": "case-owner",
    "inbrenger": "case-owner",
    "gast": "guest",
}
LANGUAGES = ("nl", "en")
#: How someone on the agenda attends: present, absent with notice (afwezig met kennisgeving), absent.
PRESENT = "present"
EXCUSED = "excused"
ABSENT = "absent"
ATTENDANCE = (PRESENT, EXCUSED, ABSENT)

#: No meeting, item or turn lasts longer than a day; a larger figure is a typo.
MAX_DURATION = 24 * 3600
#: The largest agenda file read; a real one is a few kilobytes.
MAX_AGENDA_BYTES = 1024 * 1024
#: Lists and inline tables inside each other, and parts of one key (a.b.c), at most; an agenda
#: needs three or four. Deeper is refused before the TOML parser sees it.
MAX_NESTING = 32
#: How a duration may be written, for the messages that refuse one.
DURATION_EXAMPLES = '"45s", "5 min", "90min", "1h30m", "1h30", "1,5 uur", "2u"'
#: Seconds in each unit people write, in English and in Dutch, in lower case.
DURATION_UNITS = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "u", "uur", "uren"), 3600),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "minuut", "minuten"), 60),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "seconde", "seconden"), 1),
}
# One part: a number (a decimal point or comma allowed) and its unit, spaces around it allowed.
_DURATION_PART = re.compile(r"\s*([0-9]+)(?:[.,]([0-9]+))?\s*([a-z]*)")
# Between parts: nothing, spaces, a comma, or "en" / "and".
_DURATION_GAP = re.compile(r"\s*,\s*|\s+(?:(?:en|and)\s+)?")
#: Digits a part may have (after leading zeros): more is far beyond a day anyway.
_DURATION_DIGITS = 6


class DurationError(ValueError):
    """A duration overleg cannot read; `reason` says why, for a message in the caller's words.

    Reasons: "no_unit" (a bare number), "unreadable", "zero" (not longer than zero), "too_long"
    (over a day), "fraction" (not a whole number of seconds).
    """

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(_DURATION_REASONS[reason].format(text=_quote(text)))


_DURATION_REASONS = {
    "no_unit": f"a duration needs a unit: {{text}} (write e.g. {DURATION_EXAMPLES})",
    "unreadable": f"not a duration: {{text}} (write e.g. {DURATION_EXAMPLES})",
    "zero": "a duration must be longer than zero: {text}",
    "too_long": "a duration can be at most 24h: {text}",
    "fraction": "a duration must come to whole seconds: {text}",
}


def parse_duration(text: str) -> int:
    """Seconds in a duration as people write it: "45s", "5 min", "90min", "1h30m", "1h30",
    "1,5 uur", "2u", "45 minuten".

    Parts run from hours down to seconds, each once; a bare number after hours is minutes
    ("1h30"). A number without any unit is refused: 40 seconds or 40 minutes? DurationError
    (a ValueError) says why.
    """
    stripped = text.strip().casefold()
    if stripped.startswith("-"):
        try:
            _duration_seconds(stripped[1:], text)
        except DurationError as error:
            if error.reason == "unreadable":
                raise
        raise DurationError(text, "zero")
    total = _duration_seconds(stripped, text)
    if total <= 0:
        raise DurationError(text, "zero")
    if total > MAX_DURATION:
        raise DurationError(text, "too_long")
    return total


def _duration_seconds(text: str, shown: str) -> int:
    """The seconds `text` (stripped, in lower case) adds up to; DurationError if unreadable."""
    if not text:
        raise DurationError(shown, "unreadable")
    total = 0
    last = MAX_DURATION + 1  # the unit before: each part must be a smaller one
    position = 0
    too_long = False
    while position < len(text):
        part = _DURATION_PART.match(text, position)
        if part is None:
            raise DurationError(shown, "unreadable")
        whole, decimals, unit = part.groups()
        position = part.end()
        if not unit:
            if last == 3600 and position == len(text) and not decimals and len(whole) <= 2:
                unit = "m"  # "1h30": the minutes after the hours (two digits at most)
            elif last > MAX_DURATION and position == len(text):
                raise DurationError(shown, "no_unit")
            else:
                raise DurationError(shown, "unreadable")
        scale = DURATION_UNITS.get(unit)
        if scale is None or scale >= last:
            raise DurationError(shown, "unreadable")
        last = scale
        whole = whole.lstrip("0") or "0"
        decimals = (decimals or "").rstrip("0")
        if len(whole) > _DURATION_DIGITS:
            too_long = True  # read on: an unreadable rest is the bigger problem
        elif len(decimals) > _DURATION_DIGITS:
            raise DurationError(shown, "fraction")
        else:
            # In whole units of 10**-len(decimals) seconds: "1,5 uur" is 15 x 360 s.
            scaled = (int(whole) * 10 ** len(decimals) + int(decimals or "0")) * scale
            seconds, rest = divmod(scaled, 10 ** len(decimals))
            if rest:
                raise DurationError(shown, "fraction")
            total += seconds
        gap = _DURATION_GAP.match(text, position)
        if gap is not None and gap.end() > position:
            position = gap.end()
            if position == len(text):
                raise DurationError(shown, "unreadable")  # "5m,"
    if too_long:
        raise DurationError(shown, "too_long")
    return total


def format_duration(seconds: float) -> str:
    """A duration as the agenda format writes it: "1h30m", "5m", "45s"."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
        f"{secs}s" if secs else "",
    ]
    return "".join(parts) or "0s"


@dataclass(frozen=True)
class Participant:
    name: str
    role: str = "member"
    discipline: str = ""
    #: Whether they take part in consent rounds, as the agenda says; None: by role (not a guest).
    consent: bool | None = None
    #: Where the minutes are sent ("" when the agenda gives none).
    email: str = ""

    @property
    def in_consent(self) -> bool:
        """Takes part in consent rounds: as the agenda says, else everyone but a guest."""
        return self.consent if self.consent is not None else self.role != "guest"


@dataclass(frozen=True)
class Phase:
    kind: str
    title: str
    #: Planned seconds for the whole phase, or None (rounds then plan per_speaker x speakers).
    duration: int | None = None
    #: Seconds per speaker in a turn phase, or None (the phase's share of the item then).
    per_speaker: int | None = None
    prompts: tuple[str, ...] = ()
    #: Whether the item's presenter takes a turn in this phase (not in a questions round: they
    #: answer).
    presenter_speaks: bool = True
    #: Only questions now: no advice, judgement or solutions yet (the kind's `questions_only`).
    questions_only: bool = False
    #: The prompt that already says so, from the method data; None when none does.
    rule_prompt: int | None = None


@dataclass(frozen=True)
class Item:
    title: str
    duration: int
    phases: tuple[Phase, ...]
    method: str | None = None
    presenter: str | None = None
    clients: tuple[str, ...] = ()
    direct_decision: bool = False
    description: str = ""


@dataclass(frozen=True)
class Agenda:
    title: str
    items: tuple[Item, ...]
    participants: tuple[Participant, ...] = ()
    kind: str = ""
    series: str = ""
    duration: int | None = None
    language: str = "nl"
    date: datetime | None = None
    place: str = ""
    #: The TOML text the agenda was read from; journals keep it so a meeting never depends on the
    #: file again.
    source: str = field(default="", repr=False, compare=False)
    path: str = ""

    @property
    def planned_seconds(self) -> int:
        """The planned length: the meeting's duration, or the sum of its items."""
        return self.duration if self.duration is not None else sum(i.duration for i in self.items)


# --- Problems -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an agenda file, with its place when it can be found."""

    #: The file as the user gave it.
    path: str
    #: Plain words: what was expected, naming the culprit.
    message: str
    line: int | None = None
    column: int | None = None
    #: Key path such as "items[2].duration"; list positions count from 1.
    key: str | None = None
    #: For a form beside its field (the agenda editor): `message`'s kind as a catalog key
    #: (`editor.problem.<code>`) with its `params`; "" where only the message says it.
    code: str = field(default="", compare=False)
    params: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return located(self.path, self.message, self.line, self.column, self.key)

    def describe(self) -> str:
        """The problem without its file: "12:3: message", "items[2]: message" or the message."""
        return located("", self.message, self.line, self.column, self.key)


def located(
    path: str,
    message: str,
    line: int | None = None,
    column: int | None = None,
    key: str | None = None,
) -> str:
    """`path:line:column: message` (or `path: key: message`), safe to print on a terminal.

    Control characters, from a file name or a text of the file, are shown as escapes: a
    message never moves the cursor, recolours the terminal or turns text around.
    """
    if line is not None:
        where = f"{line}:{column}" if column is not None else f"{line}"
        head = f"{_escape(path)}:{where}" if path else where
        return f"{head}: {_escape(message)}"
    parts = [part for part in (_escape(path), _escape(key or "")) if part]
    return ": ".join([*parts, _escape(message)])


@dataclass(frozen=True)
class AgendaWarning:
    """Something allowed in an agenda but probably not meant, such as items that add up to more
    than the meeting's duration. Data, not words: `code` names the text in the catalog
    (`cli.check.warning.<code>`), `params` fills it in, so it can be said in either language."""

    path: str
    code: str
    params: dict[str, str] = field(default_factory=dict, hash=False)
    line: int | None = None
    column: int | None = None
    key: str | None = None

    def where(self) -> str:
        """The file and the place in it, "agenda.toml:3:1", safe to print on a terminal."""
        return located(self.path, "", self.line, self.column, self.key).removesuffix(": ")


class AgendaError(Exception):
    """An agenda that cannot be used; `problems` holds every problem found, str() one per line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- Built-in methods, read from data/methods.toml ------------------------------------------------


def _data_text(*parts: str) -> str:
    """A data file shipped inside the package (`data/<parts>`), as text.

    Read from the package's folder, as every ordinary install has it; importlib.resources
    (~10 ms to import and set up, with zipfile) only for an install that has no such folder.
    """
    try:
        return Path(__file__).parent.joinpath("data", *parts).read_text("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        from importlib import resources

        return resources.files("overleg").joinpath("data", *parts).read_text("utf-8")


@cache
def _method_data() -> dict[str, Any]:
    return tomllib.loads(_data_text("methods.toml"))


def method_names() -> tuple[str, ...]:
    """The names of the built-in methods, in the order of the data file."""
    return tuple(_method_data()["methods"])


def method_title(name: str, language: str = "nl") -> str:
    """A built-in method's display name in `language` ("BOB-model"); KeyError when unknown."""
    return str(_method_data()["methods"][name]["title"][language])


def method_summary(name: str, language: str = "nl") -> str:
    """One line on what a built-in method is for, in `language`; KeyError when unknown."""
    return str(_method_data()["methods"][name]["summary"][language])


def _kind_defaults(kind: str, language: str) -> tuple[str, tuple[str, ...], bool]:
    data = _method_data()["kinds"][kind]
    return data["title"][language], tuple(data["prompts"][language]), bool(data["presenter_speaks"])


def _kind_rule(kind: str) -> tuple[bool, int | None]:
    """Whether a kind of phase takes questions only, and which of its own prompts says so."""
    data = _method_data()["kinds"][kind]
    rule = data.get("rule_prompt")
    return bool(data.get("questions_only", False)), rule if isinstance(rule, int) else None


def _expand_method(name: str, duration: int, language: str) -> tuple[Phase, ...]:
    """The phases of a built-in method for an item of `duration` seconds.

    Each phase gets its share of the duration in whole seconds, rounded so the phases add up to
    exactly the item's duration.
    """
    phases = []
    spent = 0
    cumulative = 0.0
    steps = _method_data()["methods"][name]["phases"]
    for number, step in enumerate(steps, start=1):
        cumulative += float(step["share"])
        end = duration if number == len(steps) else round(cumulative * duration)
        _, _, speaks = _kind_defaults(step["kind"], language)
        questions_only, _ = _kind_rule(step["kind"])
        rule = step.get("rule_prompt")
        phases.append(
            Phase(
                kind=step["kind"],
                title=step["title"][language],
                duration=end - spent,
                prompts=tuple(step["prompts"][language]),
                presenter_speaks=bool(step.get("presenter_speaks", speaks)),
                questions_only=questions_only,
                rule_prompt=rule if isinstance(rule, int) else None,
            )
        )
        spent = end
    return tuple(phases)


def method_phases(name: str, duration: int, language: str = "nl") -> tuple[Phase, ...]:
    """The phases of built-in method `name` for an item of `duration` seconds, in `language`
    (an item added at the table gets these); KeyError when `name` is no built-in method."""
    return _expand_method(name, duration, language if language in LANGUAGES else "nl")


# --- Positions of keys in the TOML source ---------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")

KeyPath = tuple[str | int, ...]

_BINARY = "this is a binary file (it contains NUL bytes), not a TOML agenda"


class _Locator:
    """Finds where each key, table header and list element of a valid TOML document starts.

    tomllib reports no positions once a document parses, so this small scanner walks the text:
    headers ([t], [[t]]), key/value lines, and inside values arrays and inline tables. Paths are
    tuples of keys and 0-based list indices, e.g. ("items", 1, "phases", 0, "kind").
    Duplicate keys are remembered too, because tomllib reports those "at end of document".
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.offsets: dict[KeyPath, int] = {}
        #: (offset, message) of each key or table defined a second time.
        self.duplicates: list[tuple[int, str]] = []
        self.tables: dict[KeyPath, int] = {}
        #: How many [[tables]] of each array were seen so far.
        self._aot_counts: dict[KeyPath, int] = {}
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        try:
            self._document()
        except (IndexError, ValueError, RecursionError, tomllib.TOMLDecodeError):
            pass  # keep what was found; positions are a help, not a must

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def find(self, path: KeyPath) -> tuple[int, int] | None:
        """The position of `path`, or of the nearest enclosing key or table that has one."""
        for end in range(len(path), 0, -1):
            offset = self.offsets.get(path[:end])
            if offset is not None:
                return self.position(offset)
        return None

    # -- scanning

    def _peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def _record(self, path: KeyPath, offset: int, statement: bool = False) -> None:
        if path in self.offsets:
            if statement:
                self.duplicates.append((offset, f"{_show_path(path)} is defined twice"))
            return
        self.offsets[path] = offset

    def _skip_blank(self, newlines: bool) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.pos += 1
            elif char == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def _document(self) -> None:
        current: KeyPath = ()
        while True:
            self._skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return
            start = self.pos
            if self._peek() == "[":
                many = self._peek(2) == "[["
                self.pos += 2 if many else 1
                parts = self._key()
                self._skip_blank(newlines=False)
                self.pos += 2 if many else 1
                current = self._resolve(parts, many)
                if not many and current in self.tables:
                    header = _show_path(tuple(parts))  # names from the file, shown safely
                    hint = (
                        f"; write [[{header}]] for each one"
                        if header in ("items", "participants")
                        else ""
                    )
                    self.duplicates.append((start, f"table [{header}] is defined twice{hint}"))
                self.tables[current] = start
                self._record(current, start)
                if many:
                    self._record(current[:-1], start)
            else:
                parts = self._key()
                if not parts:
                    raise ValueError("no key")
                self._skip_blank(newlines=False)
                self.pos += 1  # "="
                path = current + tuple(parts)
                for end in range(1, len(parts)):
                    self._record(current + tuple(parts[:end]), start)  # dotted keys
                self._record(path, start, statement=True)
                self._skip_blank(newlines=False)
                self._value(path)

    def _resolve(self, parts: list[str], many: bool) -> KeyPath:
        path: KeyPath = ()
        for number, part in enumerate(parts, start=1):
            path += (part,)
            if many and number == len(parts):
                count = self._aot_counts.get(path, 0)
                self._aot_counts[path] = count + 1
                path += (count,)
            elif path in self._aot_counts:
                path += (self._aot_counts[path] - 1,)
        return path

    def _key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self._skip_blank(newlines=False)
            char = self._peek()
            if char in ('"', "'"):
                start = self.pos
                self._string()
                parts.append(tomllib.loads("k = " + self.text[start : self.pos])["k"])
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if match is None:
                    return parts
                parts.append(match.group())
                self.pos = match.end()
            self._skip_blank(newlines=False)
            if self._peek() != ".":
                return parts
            if len(parts) > MAX_NESTING:
                raise ValueError("a key too long to be an agenda's")
            self.pos += 1

    def _string(self) -> None:
        text = self.text
        for quote in ('"""', "'''"):
            if text.startswith(quote, self.pos):
                self.pos += 3
                while not text.startswith(quote, self.pos):
                    if self.pos >= len(text):
                        raise IndexError("unterminated string")
                    self.pos += 2 if quote == '"""' and text[self.pos] == "\\" else 1
                self.pos += 3
                while self.pos < len(text) and text[self.pos] == quote[0]:
                    self.pos += 1  # up to two quotes may end the content
                return
        quote = text[self.pos]
        self.pos += 1
        while text[self.pos] != quote:
            self.pos += 2 if quote == '"' and text[self.pos] == "\\" else 1
        self.pos += 1

    def _value(self, path: KeyPath) -> None:
        char = self._peek()
        if char in ('"', "'"):
            self._string()
        elif char == "[":
            self.pos += 1
            index = 0
            while True:
                self._skip_blank(newlines=True)
                if self._peek() == "]":
                    self.pos += 1
                    return
                self._record(path + (index,), self.pos)
                self._value(path + (index,))
                index += 1
                self._skip_blank(newlines=True)
                if self._peek() == ",":
                    self.pos += 1
        elif char == "{":
            self.pos += 1
            while True:
                self._skip_blank(newlines=True)
                if self._peek() == "}":
                    self.pos += 1
                    return
                start = self.pos
                parts = self._key()
                self._skip_blank(newlines=False)
                self.pos += 1  # "="
                self._skip_blank(newlines=False)
                key_path = path + tuple(parts)
                for end in range(1, len(parts) + 1):
                    self._record(path + tuple(parts[:end]), start)
                self._value(key_path)
                self._skip_blank(newlines=True)
                if self._peek() == ",":
                    self.pos += 1
        else:
            start = self.pos
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}\n#":
                self.pos += 1
            if self.pos == start:
                raise ValueError("no value")


# --- Checking -------------------------------------------------------------------------------------

MEETING_KEYS = ("title", "kind", "series", "duration", "language", "date", "place")
#: An e-mail address as an agenda gives one: something@domain.tld, no spaces or brackets.
_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[A-Za-z]{2,}")

PARTICIPANT_KEYS = ("name", "role", "discipline", "consent", "email")
ITEM_KEYS = (
    "title",
    "duration",
    "method",
    "phases",
    "presenter",
    "clients",
    "description",
    "direct_decision",
)
PHASE_KEYS = ("kind", "title", "duration", "per_speaker", "prompts", "presenter_speaks")
TOP_KEYS = ("meeting", "participants", "items")

_CONTROL_NAMES = {0x1B: "ESC", 0x7F: "DEL", 0x0D: "CR", 0x08: "BS", 0x07: "BEL", 0x00: "NUL"}


def is_control(char: str) -> bool:
    """C0 (but newline and tab), DEL and C1 controls, and the bidi overrides that disguise text."""
    code = ord(char)
    return (
        (code < 0x20 and char not in "\n\t")
        or 0x7F <= code <= 0x9F
        or 0x202A <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
    )


#: What `is_control` holds but a carriage return, which tomllib takes before a line break.
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _control_name(char: str) -> str:
    code = ord(char)
    name = _CONTROL_NAMES.get(code)
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def _quote(value: str, limit: int = 60) -> str:
    """`value` in double quotes, safe to print: control characters escaped, long text cut."""
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return '"' + _escape(value, quotes=True) + '"'


def _escape(value: str, quotes: bool = False) -> str:
    """`value` with control characters, line breaks and tabs written as escapes (and quotes and
    backslashes too when `quotes`): one line, and nothing a terminal acts on."""
    if not quotes and not any(is_control(c) or c in "\n\t" for c in value):
        return value
    out = []
    for char in value:
        if quotes and char in '"\\':
            out.append("\\" + char)
        elif is_control(char) or char == "\n" or char == "\t":
            code = ord(char)
            out.append({"\n": "\\n", "\t": "\\t"}.get(char) or f"\\u{code:04X}")
        else:
            out.append(char)
    return "".join(out)


def _show_path(path: KeyPath) -> str:
    """A key path as people read it: list positions count from 1, e.g. items[2].phases[1].kind."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            name = part if _BARE_KEY.fullmatch(part) else _quote(part)
            out += f".{name}" if out else name
    return out


def _role(written: str) -> str:
    """The role the code uses for a role as written: "Voorzitter", "minute taker" -> "chair",
    "minute-taker"; unchanged when it is no role (the caller says so)."""
    name = re.sub(r"[\s_]+", "-", written.strip().casefold())
    if name in ROLES:
        return name
    return DUTCH_ROLES.get(name, written)


def _nearest(word: str, choices: Iterable[str]) -> str | None:
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    import difflib  # only for a word that is wrong

    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[found[0]] if found else None


def _suggest(word: str, choices: Iterable[str]) -> str:
    choices = tuple(choices)
    near = _nearest(word, choices)
    if near is not None:
        return f'; did you mean "{near}"?'
    return f" (expected one of: {', '.join(choices)})"


def _number(value: float) -> str:
    """A number as the file wrote it, cut when it is long: a typo of 4,000 digits fills no screen."""
    text = str(value)
    if len(text) > 20:
        return f"{text[:12]}… ({len(text)} characters)"
    return text


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return f"the true/false value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {_number(value)}"
    if isinstance(value, str):
        return f"the text {_quote(value)}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, time):
        return f"the time {value.isoformat()}"
    return type(value).__name__


class _Checker:
    """Reads a parsed agenda document, collecting every problem instead of stopping at one."""

    def __init__(
        self, path: str, text: str, document: dict[str, Any], language: str | None = None
    ) -> None:
        self.path = path
        self.document = document
        #: Speak this language instead of the agenda's own (--lang, OVERLEG_LANG).
        self.language = language
        self.locator = _Locator(text)
        self.problems: list[Problem] = []
        self.warnings: list[AgendaWarning] = []

    def problem(self, key: KeyPath, message: str, code: str = "", **params: str) -> None:
        found = self.locator.find(key) if key else None
        line, column = found if found else (None, None)
        where = _show_path(key) or None
        self.problems.append(Problem(self.path, message, line, column, where, code, params))

    def warn(self, key: KeyPath, code: str, **params: str) -> None:
        found = self.locator.find(key) if key else None
        line, column = found if found else (None, None)
        where = _show_path(key) or None
        self.warnings.append(AgendaWarning(self.path, code, params, line, column, where))

    # -- generic value checks; each returns None (and records a problem) when the value is unusable

    def unknown_keys(self, table: dict[str, Any], at: KeyPath, allowed: tuple[str, ...]) -> None:
        where = f"in {_show_path(at)}" if at else "at the top level"
        for key in table:
            if key not in allowed:
                hint = _suggest(key, allowed)
                if not at and key in MEETING_KEYS:
                    hint = f"; put {key} under [meeting]"
                elif not at and key in ITEM_KEYS:
                    hint = f"; put {key} under an [[items]] table"
                self.problem(at + (key,), f"unknown key {_quote(key)} {where}{hint}")

    def text(self, table: dict[str, Any], at: KeyPath, key: str, required: bool = False) -> str:
        if key not in table:
            if required:
                self.problem(
                    at + (key,), f'{_show_path(at)} has no {key}; add {key} = "..."', "empty"
                )
            return ""
        value = table[key]
        if not isinstance(value, str):
            self.problem(
                at + (key,), f"{_show_path(at + (key,))} must be text, not {_type_name(value)}"
            )
            return ""
        if required and not value.strip():
            self.problem(
                at + (key,), f"{_show_path(at + (key,))} is empty; write some text", "empty"
            )
        return value.strip()

    def flag(self, table: dict[str, Any], at: KeyPath, key: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            shown = _show_path(at + (key,))
            self.problem(at + (key,), f"{shown} must be true or false, not {_type_name(value)}")
            return default
        return value

    def duration(
        self, table: dict[str, Any], at: KeyPath, key: str, required: bool = False
    ) -> int | None:
        shown = _show_path(at + (key,))
        if key not in table:
            if required:
                message = f'{_show_path(at)} has no {key}; add e.g. {key} = "20m"'
                self.problem(at + (key,), message, "no_duration")
            return None
        value = table[key]
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = _number(value)
            example = number if len(number) <= 8 else "40"
            self.problem(
                at + (key,),
                f"{shown} = {number} has no unit; write it as text with a unit, "
                f'e.g. "{example}m" (s, m or h)',
            )
            return None
        if not isinstance(value, str):
            self.problem(
                at + (key,),
                f'{shown} must be text such as "5m" or "1h30m", not {_type_name(value)}',
            )
            return None
        try:
            return parse_duration(value)
        except DurationError as error:
            written = f"{shown} = {_quote(value)}"
            reason = error.reason if error.reason in _DURATION_REASONS else "unreadable"
            if error.reason == "zero":
                message = f"{written} must be longer than zero"
            elif error.reason == "too_long":
                message = f"{written} is longer than a day; a duration is at most 24h"
            elif error.reason == "fraction":
                message = f'{written} does not come to whole seconds; write e.g. "1m30s"'
            elif error.reason == "no_unit":
                number = _escape(value.strip()) if len(value.strip()) <= 8 else "40"
                message = (
                    f'{written} has no unit; write e.g. "{number}m" or "{number} min" for '
                    f"minutes (accepted: {DURATION_EXAMPLES})"
                )
            else:
                message = (
                    f"{written} is not a duration overleg can read; write e.g. {DURATION_EXAMPLES}"
                )
            self.problem(at + (key,), message, f"duration_{reason}", value=value.strip())
            return None

    def texts(self, table: dict[str, Any], at: KeyPath, key: str) -> tuple[str, ...]:
        if key not in table:
            return ()
        value = table[key]
        shown = _show_path(at + (key,))
        if not isinstance(value, list):
            self.problem(
                at + (key,),
                f'{shown} must be a list of texts, e.g. ["..."], not {_type_name(value)}',
            )
            return ()
        out = []
        for index, entry in enumerate(value):
            if not isinstance(entry, str) or not entry.strip():
                what = "an empty text" if isinstance(entry, str) else _type_name(entry)
                self.problem(
                    at + (key, index), f"{_show_path(at + (key, index))} must be text, not {what}"
                )
            else:
                out.append(entry.strip())
        return tuple(out)

    def tables(self, at: KeyPath, example: str) -> list[tuple[KeyPath, dict[str, Any]]]:
        """The tables of an array such as [[items]]; problems for anything else."""
        value = self.document.get(str(at[0]))
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(at, f"{at[0]} must be a list of {example} tables, not {_type_name(value)}")
            return []
        out = []
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                out.append((at + (index,), entry))
            else:
                self.problem(
                    at + (index,),
                    f"{_show_path(at + (index,))} must be a {example} table, "
                    f"not {_type_name(entry)}",
                )
        return out

    # -- control characters anywhere

    def control_characters(self, value: object, at: KeyPath) -> None:
        if isinstance(value, dict):
            for key, entry in value.items():
                self.control_characters(entry, at + (key,))
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                self.control_characters(entry, at + (index,))
        elif isinstance(value, str):
            found = [c for c in value.replace("\r\n", "\n") if is_control(c)]
            if found:
                names = ", ".join(dict.fromkeys(_control_name(c) for c in found))
                self.problem(
                    at,
                    f"{_show_path(at)} contains the control character(s) {names}, "
                    f"which are not allowed in an agenda: {_quote(value)}",
                )

    # -- the agenda

    def agenda(self, source: str) -> Agenda | None:
        document = self.document
        self.control_characters(document, ())
        self.unknown_keys(document, (), TOP_KEYS)

        meeting = document.get("meeting")
        if meeting is None:
            self.problem(("meeting",), 'no [meeting] table; start with [meeting] and title = "..."')
            meeting = {}
        elif not isinstance(meeting, dict):
            self.problem(
                ("meeting",), f"meeting must be a [meeting] table, not {_type_name(meeting)}"
            )
            meeting = {}
        else:
            self.unknown_keys(meeting, ("meeting",), MEETING_KEYS)
            if "title" not in meeting:
                self.problem(("meeting",), '[meeting] has no title; add title = "..."')
        at: KeyPath = ("meeting",)
        title = self.text(meeting, at, "title", required="title" in meeting)
        language = self.text(meeting, at, "language") or "nl"
        if language not in LANGUAGES:
            self.problem(
                at + ("language",),
                f"meeting.language {_quote(language)} is not a language of overleg"
                f"{_suggest(language, LANGUAGES)}",
            )
            language = "nl"
        if self.language in LANGUAGES:
            language = self.language
        when = meeting.get("date")
        if when is not None and not isinstance(when, datetime):
            example = "date = 2026-12-01T09:30:00 (no quotes)"
            if isinstance(when, date):
                example = f"date = {when.isoformat()}T09:30:00"
            self.problem(
                at + ("date",),
                f"meeting.date must be a date with a time, such as {example}, "
                f"not {_type_name(when)}",
            )
            when = None

        participants = self.participants()
        items = self.items(language, {p.name.casefold() for p in participants}, participants)
        if "items" not in document:
            self.problem(
                ("items",),
                "no agenda items; add at least one [[items]] with a title and duration",
                "no_items",
            )
        elif isinstance(document["items"], list) and not document["items"]:
            self.problem(
                ("items",), "items is empty; an agenda needs at least one item", "no_items"
            )

        meeting_duration = self.duration(meeting, at, "duration")
        kind = self.text(meeting, at, "kind")
        series = self.text(meeting, at, "series")
        place = self.text(meeting, at, "place")
        if self.problems:
            return None
        planned = sum(item.duration for item in items)
        if meeting_duration is not None and planned > meeting_duration:
            self.warn(
                at + ("duration",),
                "over_time",
                items=format_duration(planned),
                meeting=format_duration(meeting_duration),
                over=format_duration(planned - meeting_duration),
            )
        return Agenda(
            title=title,
            items=tuple(items),
            participants=tuple(participants),
            kind=kind,
            series=series,
            duration=meeting_duration,
            language=language,
            date=when,
            place=place,
            source=source,
            path=self.path,
        )

    def participants(self) -> list[Participant]:
        out: list[Participant] = []
        seen: dict[str, KeyPath] = {}
        chair: KeyPath | None = None
        for at, table in self.tables(("participants",), "[[participants]]"):
            self.unknown_keys(table, at, PARTICIPANT_KEYS)
            name = self.text(table, at, "name", required=True)
            written = self.text(table, at, "role")
            role = _role(written) if written else "member"
            if role not in ROLES:
                names = (*ROLES, *DUTCH_ROLES)
                near = _nearest(written, names)
                hint = (
                    f'; did you mean "{near}"?'
                    if near is not None
                    else f" (expected one of: {', '.join(ROLES)}; "
                    f"in Dutch: {', '.join(DUTCH_ROLES)})"
                )
                self.problem(
                    at + ("role",),
                    f"{_show_path(at + ('role',))} {_quote(written)} is not a role{hint}",
                    "role",
                    value=written,
                )
            if role == "chair":
                if chair is not None:
                    self.problem(
                        at + ("role",),
                        f"{_show_path(at)} {_quote(name)} is a second chair "
                        f"(the first is {_show_path(chair)}); "
                        "a meeting has one chair",
                    )
                else:
                    chair = at
            if name:
                earlier = seen.get(name.casefold())
                if earlier is not None:
                    self.problem(
                        at + ("name",),
                        f"participant {_quote(name)} is listed twice "
                        f"({_show_path(earlier)} and {_show_path(at)}); names must be unique",
                        "twice",
                        name=name,
                    )
                else:
                    seen[name.casefold()] = at
            consent = (
                self.flag(table, at, "consent", role != "guest") if "consent" in table else None
            )
            email = self.text(table, at, "email")
            if email and not _EMAIL.fullmatch(email):
                self.problem(
                    at + ("email",),
                    f"{_show_path(at + ('email',))} {_quote(email)} is not an e-mail address; "
                    'write e.g. "naam@gemeente.nl"',
                    "email",
                    value=email,
                )
                email = ""
            out.append(Participant(name, role, self.text(table, at, "discipline"), consent, email))
        return out

    def items(self, language: str, names: set[str], participants: list[Participant]) -> list[Item]:
        out: list[Item] = []
        for at, table in self.tables(("items",), "[[items]]"):
            self.unknown_keys(table, at, ITEM_KEYS)
            title = self.text(table, at, "title", required=True)
            label = f"{_show_path(at)} {_quote(title)}" if title else _show_path(at)
            duration = self.duration(table, at, "duration", required=True)
            presenter = self.text(table, at, "presenter") or None
            if presenter and participants and presenter.casefold() not in names:
                hint = _nearest(presenter, [p.name for p in participants])
                self.problem(
                    at + ("presenter",),
                    f"presenter {_quote(presenter)} of {label} is not among the participants"
                    + (f"; did you mean {_quote(hint)}?" if hint else ""),
                    "presenter",
                    name=presenter,
                )
            direct = self.flag(table, at, "direct_decision", False)
            method = None
            if "method" in table:
                method = self.text(table, at, "method")
                if isinstance(table["method"], str) and method not in method_names():
                    self.problem(
                        at + ("method",),
                        f"{label} has unknown method {_quote(method)}"
                        f"{_suggest(method, method_names())}",
                    )
                    method = None
                if "phases" in table:
                    self.problem(
                        at + ("method",),
                        f"{label} has both a method and phases; use one of the two",
                    )
            phases = self.phases(table, at, label, language)
            if method and duration and "phases" not in table:
                phases = _expand_method(method, duration, language)
            elif "phases" not in table and "method" not in table:
                title_, prompts, speaks = _kind_defaults("discussion", language)
                phases = (Phase("discussion", title_, duration, None, prompts, speaks),)
            self.decision_rule(at, label, phases, direct)
            fixed = sum(p.duration or 0 for p in phases)
            if "phases" in table and duration and fixed > duration:
                self.problem(
                    at + ("duration",),
                    f"the phases of {label} add up to {format_duration(fixed)}, "
                    f"more than its duration {format_duration(duration)}",
                    "phases_too_long",
                    phases=format_duration(fixed),
                    duration=format_duration(duration),
                )
            out.append(
                Item(
                    title=title,
                    duration=duration or 0,
                    phases=phases,
                    method=method,
                    presenter=presenter,
                    clients=self.texts(table, at, "clients"),
                    direct_decision=direct,
                    description=self.text(table, at, "description"),
                )
            )
        return out

    def phases(
        self, table: dict[str, Any], at: KeyPath, label: str, language: str
    ) -> tuple[Phase, ...]:
        if "phases" not in table:
            return ()
        value = table["phases"]
        if not isinstance(value, list) or not value:
            what = "an empty list" if isinstance(value, list) else _type_name(value)
            self.problem(
                at + ("phases",),
                f"the phases of {label} must be one or more [[items.phases]] tables, not {what}",
            )
            return ()
        out = []
        for index, phase in enumerate(value):
            here = at + ("phases", index)
            shown = _show_path(here)
            if not isinstance(phase, dict):
                self.problem(
                    here, f"{shown} must be a [[items.phases]] table, not {_type_name(phase)}"
                )
                continue
            self.unknown_keys(phase, here, PHASE_KEYS)
            if "kind" not in phase:
                self.problem(
                    here + ("kind",),
                    f'{shown} has no kind; add kind = "..." ({", ".join(PHASE_KINDS)})',
                )
                continue
            kind = self.text(phase, here, "kind")
            if kind not in PHASE_KINDS:
                if isinstance(phase["kind"], str):
                    self.problem(
                        here + ("kind",),
                        f"{shown} has unknown kind {_quote(kind)}{_suggest(kind, PHASE_KINDS)}",
                    )
                continue
            title, prompts, speaks = _kind_defaults(kind, language)
            per_speaker = self.duration(phase, here, "per_speaker")
            if "per_speaker" in phase and kind not in TURN_KINDS:
                self.problem(
                    here + ("per_speaker",),
                    f"{shown} is a {kind} phase; per_speaker only applies to questions and round",
                )
            own_prompts = self.texts(phase, here, "prompts")
            questions_only, rule = _kind_rule(kind)
            out.append(
                Phase(
                    kind=kind,
                    title=self.text(phase, here, "title") or title,
                    duration=self.duration(phase, here, "duration"),
                    per_speaker=per_speaker,
                    prompts=own_prompts or prompts,
                    presenter_speaks=self.flag(phase, here, "presenter_speaks", speaks),
                    questions_only=questions_only,
                    # An agenda's own prompts are its author's: the card states the rule itself.
                    rule_prompt=None if own_prompts else rule,
                )
            )
        return tuple(out)

    def decision_rule(
        self, at: KeyPath, label: str, phases: tuple[Phase, ...], direct: bool
    ) -> None:
        """No decision before anyone was heard: a questions or round phase must come first."""
        if direct:
            return
        heard = False
        for index, phase in enumerate(phases):
            if phase.kind in TURN_KINDS:
                heard = True
            elif phase.kind == "decision" and not heard:
                where = at + ("phases", index) if "phases" in self.item_keys(at) else at
                self.problem(
                    where,
                    f"{label} decides before anyone is heard: put a questions or round phase "
                    "before its decision phase, or set direct_decision = true for a formality",
                )
                return

    def item_keys(self, at: KeyPath) -> dict[str, Any]:
        item: dict[str, Any] = self.document["items"][at[1]]
        return item


# --- Reading files --------------------------------------------------------------------------------


def _toml_problem(path: str, text: str, error: tomllib.TOMLDecodeError) -> list[Problem]:
    """Problems for a document tomllib rejects: control characters are named one by one."""
    controls = []
    hits = list(_CONTROL_CHARACTER.finditer(text))
    if hits:
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        for match in hits:
            line = bisect.bisect_right(line_starts, match.start())
            column = match.start() - line_starts[line - 1] + 1
            message = (
                f"control character {_control_name(match.group())} is not allowed in an "
                "agenda; remove it"
            )
            controls.append(Problem(path, message, line, column))
    if controls:
        return controls
    message = str(error)
    if message.startswith("Cannot"):
        locator = _Locator(text)
        if locator.duplicates:
            offset, reason = locator.duplicates[0]
            line, column = locator.position(offset)
            return [Problem(path, reason, line, column)]
    found = _TOML_POSITION.search(message)
    if found:
        reason = message[: found.start()]
        if reason == "Illegal character '\\n'":
            reason = "a text is not closed; add the closing quote before the end of the line"
        line, column = int(found.group(1)), int(found.group(2))
    else:
        reason = _TOML_END.sub("", message)
        lines = text.split("\n")
        line, column = len(lines), len(lines[-1]) + 1
    return [Problem(path, f"not valid TOML: {reason}", line, column)]


def _check_text(
    text: str, path: str, language: str | None = None
) -> tuple[Agenda | None, list[Problem], list[AgendaWarning]]:
    if "\x00" in text:
        return None, [Problem(path, _BINARY)], []
    if not text.strip():
        return (
            None,
            [Problem(path, "the file is empty; an agenda needs a [meeting] table and [[items]]")],
            [],
        )
    body = text[1:] if text.startswith("\ufeff") else text
    deep = _too_deep(body)
    if deep is not None:
        line, column = _position(body, deep[0])
        return None, [Problem(path, deep[1], line, column)], []
    try:
        document = tomllib.loads(body)
    except tomllib.TOMLDecodeError as error:
        return None, _toml_problem(path, body, error), []
    except Exception as error:  # whatever else the parser raises is still the file's problem
        return None, [_parser_problem(path, body, error)], []
    checker = _Checker(path, body, document, language)
    agenda = checker.agenda(text)
    problems = sorted(checker.problems, key=lambda p: (p.line is None, p.line or 0, p.column or 0))
    return agenda, problems, checker.warnings if agenda is not None else []


def _parser_problem(path: str, text: str, error: Exception) -> Problem:
    """A located problem for what tomllib raises besides a syntax error: a recursion too deep
    for it, a number too long to convert (Python refuses integers of thousands of digits)."""
    if isinstance(error, RecursionError):
        return Problem(path, _TOO_DEEP)
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    if isinstance(error, ValueError) and limit:
        for start, end in _bare_spans(text):
            for run in _DIGIT_RUN.finditer(text, start, end):
                digits = sum(c.isdigit() for c in run.group())
                if digits > limit:
                    line, column = _position(text, run.start())
                    return Problem(
                        path,
                        f"a number of {digits} digits is too long (at most {limit}); "
                        "no agenda needs one",
                        line,
                        column,
                    )
    return Problem(path, f"not valid TOML: it cannot be read ({type(error).__name__})")


_TOO_DEEP = (
    f"lists or inline tables are nested more than {MAX_NESTING} levels deep; "
    "an agenda needs only a few"
)
_KEY_TOO_LONG = f"a key has more than {MAX_NESTING} parts (a.b.c...); an agenda needs only a few"
_DIGIT_RUN = re.compile(r"[0-9][0-9_]{64,}")
_KEY_OR_BRACKET = re.compile(r"[\[\]{}=,.\n]")
_STRING_OR_COMMENT = re.compile(r"[#\"']")
# The rest of a string, from just after its opening quote(s); each ends at its closing quote(s),
# or where the string cannot go on (a line break, the end): the parser will say what is wrong.
_REST = {
    '"': re.compile(r'(?:\\.|[^"\\\n])*"?'),
    "'": re.compile(r"[^'\n]*'?"),
    '"""': re.compile(r'(?:\\.|[^"\\]|"(?!""))*(?:"""""|""""|""")?', re.S),
    "'''": re.compile(r"(?:[^']|'(?!''))*(?:'''''|''''|''')?", re.S),
}


def _position(text: str, offset: int) -> tuple[int, int]:
    """The line and column (from 1) of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _bare_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each stretch of `text` outside strings and comments."""
    position = 0
    while True:
        found = _STRING_OR_COMMENT.search(text, position)
        if found is None:
            yield position, len(text)
            return
        start = found.start()
        if start > position:
            yield position, start
        char = found.group()
        if char == "#":
            end = text.find("\n", start)
            position = len(text) if end < 0 else end
        else:
            opening = char * 3 if text.startswith(char * 3, start) else char
            rest = _REST[opening].match(text, start + len(opening))
            position = rest.end() if rest is not None else len(text)


def _too_deep(text: str) -> tuple[int, str] | None:
    """Where lists and inline tables first nest deeper than MAX_NESTING, or a key first has more
    parts than that (a.b.c...): the offset and the problem; None when neither happens.

    Checked before parsing. tomllib recurses once per level, so it fails at a depth that
    depends on how deep the caller's own stack already is (a fixed limit answers the same in
    `overleg check` as on the start screen); and it takes time quadratic in a key's parts.
    """
    if text.count("[") + text.count("{") <= MAX_NESTING and text.count(".") <= MAX_NESTING:
        return None
    #: The brackets open now: "h" a table header, "[" a list, "{" an inline table.
    open_: list[str] = []
    in_key = True  # at a key: the start of a line, a header, or an inline table's next entry
    dots = 0
    for start, end in _bare_spans(text):
        for found in _KEY_OR_BRACKET.finditer(text, start, end):
            char = found.group()
            if char == "\n":
                if not open_:
                    in_key, dots = True, 0
            elif char == "=":
                in_key = False
            elif char == ".":
                if in_key:
                    dots += 1
                    if dots >= MAX_NESTING:
                        return found.start(), _KEY_TOO_LONG
            elif char in "[{":
                # "[" at a line's key opens a table header: [table] or [[array of tables]].
                header = char == "[" and in_key and open_ in ([], ["h"])
                open_.append("h" if header else char)
                if len(open_) > MAX_NESTING:
                    return found.start(), _TOO_DEEP
                if char == "{":
                    in_key, dots = True, 0
                elif not header:
                    in_key = False
            elif char == ",":
                if open_ and open_[-1] == "{":
                    in_key, dots = True, 0
            elif open_ and open_.pop() != "h":  # a closing bracket, after a value
                in_key = False
    return None


def _read(path: str | Path) -> tuple[str | None, list[Problem]]:
    shown = str(path)
    try:
        # Look before opening: opening a named pipe waits for a writer, and a device such as
        # /dev/zero never ends. Then look again at what was opened, in case it was swapped.
        refused = _not_regular(shown, os.stat(path))
        if refused is not None:
            return None, [refused]
        fd = os.open(path, _READ_FLAGS)
        try:
            info = os.fstat(fd)
            refused = _not_regular(shown, info) or _too_large(shown, info.st_size)
            if refused is not None:
                return None, [refused]
            data = _read_at_most(fd, MAX_AGENDA_BYTES + 1)
        finally:
            os.close(fd)
    except FileNotFoundError:
        return None, [Problem(shown, "no such file")]
    except PermissionError:
        return None, [Problem(shown, "cannot read this file: permission denied")]
    except OSError as error:
        return None, [Problem(shown, f"cannot read this file: {error.strerror or error}")]
    except ValueError:  # a NUL byte in the path: no file has that name
        return None, [Problem(shown, "no such file")]
    refused = _too_large(shown, len(data))  # it grew while it was read
    if refused is not None:
        return None, [refused]
    if b"\x00" in data:
        return None, [Problem(shown, _BINARY)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = data[error.start]
        return None, [
            Problem(
                shown,
                f"the file is not UTF-8 text (byte 0x{byte:02X}); save it as UTF-8",
                line,
                column,
            )
        ]


# O_NONBLOCK: a named pipe swapped in after the look is opened without waiting for a writer.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_NOT_REGULAR = (
    (stat.S_ISDIR, "this is a folder, not an agenda file"),
    (stat.S_ISFIFO, "this is a named pipe (FIFO), not an agenda file; only regular files are read"),
    (stat.S_ISCHR, "this is a device, not an agenda file; only regular files are read"),
    (stat.S_ISBLK, "this is a device, not an agenda file; only regular files are read"),
    (stat.S_ISSOCK, "this is a socket, not an agenda file; only regular files are read"),
)


def _not_regular(shown: str, info: os.stat_result) -> Problem | None:
    """A problem when `info` is not a regular file's (a folder, a pipe, a device...)."""
    if stat.S_ISREG(info.st_mode):
        return None
    for test, message in _NOT_REGULAR:
        if test(info.st_mode):
            return Problem(shown, message)
    return Problem(shown, "this is not a regular file; only regular files are read")


def _too_large(shown: str, size: int) -> Problem | None:
    if size <= MAX_AGENDA_BYTES:
        return None
    return Problem(
        shown,
        f"the file is too large for an agenda: {size:,} bytes ({size / 1024 / 1024:.1f} MiB); "
        "an agenda file is at most 1 MiB",
    )


def _read_at_most(fd: int, limit: int) -> bytes:
    """Up to `limit` bytes from `fd`, stopping at its end."""
    chunks = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 256 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def parse_agenda(text: str, path: str = "<agenda>", language: str | None = None) -> Agenda:
    """The agenda in TOML `text`; AgendaError listing every problem. `path` names it in messages.

    `language` (nl or en) overrides the agenda's own: method titles and prompts follow it.
    """
    agenda, problems, _ = _check_text(text, path, language)
    if agenda is None or problems:
        raise AgendaError(problems)
    return agenda


def check_text(
    text: str, path: str = "<agenda>", language: str | None = None
) -> tuple[Agenda | None, list[Problem], list[AgendaWarning]]:
    """What `overleg check` says of TOML `text`, without raising: the agenda (None when it
    cannot be used), every problem and every warning. The agenda editor checks as you type."""
    return _check_text(text, path, language)


def load_agenda(path: str | Path, language: str | None = None) -> Agenda:
    """The agenda in the TOML file at `path`; AgendaError listing every problem in it."""
    text, problems = _read(path)
    if text is None:
        raise AgendaError(problems)
    return parse_agenda(text, str(path), language)


def check_files(
    paths: Iterable[str | Path] | str | Path, warnings: list[AgendaWarning] | None = None
) -> list[Problem]:
    """Every problem of every file (for `overleg check FILE...`); empty when all are fine.

    Things that are allowed but probably not meant (`AgendaWarning`) go into `warnings`.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    problems: list[Problem] = []
    for path in paths:
        text, found = _read(path)
        if text is not None:
            _, found, cautions = _check_text(text, str(path))
            if warnings is not None:
                warnings.extend(cautions)
        problems.extend(found)
    return problems
