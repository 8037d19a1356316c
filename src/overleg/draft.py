"""An agenda being edited: typed edits on its TOML document, checked as `overleg check` checks it.

The document is held by tomlkit, so a file a person wrote keeps its comments and layout: an edit
changes only the value it names. Every check runs the agenda's own checker (`agenda.check_text`)
on the text that would be saved, and each problem is put beside the field it concerns (its key
path). Nothing here imports Textual; writing the file is the chair service's
(`Service.save_draft`), which also knows the folders.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Table

from overleg.agenda import (
    DUTCH_ROLES,
    ROLES,
    AgendaWarning,
    DurationError,
    Problem,
    check_text,
    parse_duration,
)
from overleg.series import parse_date, slug

#: Where a value lives: ("meeting", "title"), ("participants", 0, "name"), ("items", 2, "duration").
#: A shorter path is a whole section: ("items", 2) is the third item, () the agenda as a whole.
FieldPath = tuple[str | int, ...]

MEETING_FIELDS = ("title", "date", "place", "duration")
PARTICIPANT_FIELDS = ("name", "role", "discipline", "email")
ITEM_FIELDS = ("title", "method", "duration", "presenter", "clients", "description")
#: The method field's value for an item with its own `[[items.phases]]` (kept as written).
OWN_PHASES = "(phases)"
#: Keys that must be there even when empty, so the checker names the field itself.
_REQUIRED = {
    ("meeting", "title"),
    ("participants", "name"),
    ("items", "title"),
    ("items", "duration"),
}
_KEY_PART = re.compile(r'\[(\d+)\]|\.?("(?:[^"\\]|\\.)*"|[^.\[]+)')


class DraftError(Exception):
    """A file that cannot be edited here (not TOML tomlkit reads, not an agenda's shape)."""


class NotSaved(Exception):
    """The checker refuses the draft's text: nothing was written. `problems` says why."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class StartingPoint:
    """What a new agenda can start from: a series file of the user's or a shipped template."""

    kind: str  # "series" or "template"
    path: Path
    title: str


@dataclass(frozen=True)
class Saved:
    """Where a draft was written, and why there (`Draft.target`'s reason)."""

    path: Path
    reason: str

    @property
    def copy(self) -> bool:
        return self.reason not in ("new", "same")


@dataclass(frozen=True)
class Note:
    """A checker's message beside its field: a problem (English, as `overleg check` prints it) or
    a warning (`code` and `params` name its text in the catalog, `cli.check.warning.<code>`)."""

    where: FieldPath
    text: str = ""
    code: str = ""
    params: dict[str, str] = field(default_factory=dict, hash=False)
    #: A problem's kind as the editor words it beside the field (`editor.problem.<problem>`,
    #: with `params`), "" where only `text` says it.
    problem: str = ""

    @property
    def warning(self) -> bool:
        return bool(self.code)


@dataclass(frozen=True)
class Check:
    """What the checker says of the draft's text, and each message put beside its field."""

    problems: tuple[Problem, ...]
    warnings: tuple[AgendaWarning, ...]
    notes: tuple[Note, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def at(self, where: FieldPath) -> list[Note]:
        """The notes of one field (or one section, for a shorter path)."""
        return [n for n in self.notes if n.where == where]

    def within(self, section: FieldPath) -> list[Note]:
        """The notes of a section and of every field in it."""
        return [n for n in self.notes if n.where[: len(section)] == section]


@dataclass(frozen=True)
class Planned:
    """The items' durations added up against the meeting's (None when it has none), in seconds."""

    items: int
    meeting: int | None

    @property
    def over(self) -> int:
        return max(0, self.items - self.meeting) if self.meeting is not None else 0


def key_path(key: str) -> FieldPath:
    """A checker's key path as data: "items[2].duration" -> ("items", 1, "duration")."""
    parts: list[str | int] = []
    for match in _KEY_PART.finditer(key):
        if match.group(1) is not None:
            parts.append(int(match.group(1)) - 1)
        else:
            name = match.group(2)
            parts.append(name[1:-1] if name.startswith('"') else name)
    return tuple(parts)


def field_of(path: FieldPath) -> FieldPath:
    """The editor's field (or section) a key path concerns."""
    if not path:
        return ()
    head = path[0]
    if head == "meeting":
        return path[:2] if len(path) > 1 and path[1] in MEETING_FIELDS else ("meeting",)
    if head in ("participants", "items"):
        if len(path) < 2 or not isinstance(path[1], int):
            return (head,)
        fields = PARTICIPANT_FIELDS if head == "participants" else ITEM_FIELDS
        if len(path) > 2 and path[2] in fields:
            return path[:3]
        if head == "items" and len(path) > 2 and path[2] == "phases":
            return (head, path[1], "method")  # the phases stand where the method would
        return path[:2]
    return ()


def role_name(written: str) -> str:
    """A role as the agenda means it ("Notulist" -> "minute-taker"); "" for none written."""
    name = re.sub(r"[\s_]+", "-", written.strip().casefold())
    return name if name in ROLES else DUTCH_ROLES.get(name, written)


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


class Draft:
    """One agenda being edited. `origin` is the file it edits (None for a new agenda), `start`
    the template or series file a new one was made from. `layout_kept` says whether saving
    gives back the file exactly as written where nothing was changed (else it is saved as a
    copy, said on screen)."""

    def __init__(
        self,
        document: tomlkit.TOMLDocument,
        origin: Path | None = None,
        start: Path | None = None,
        layout_kept: bool = True,
    ) -> None:
        self.document = document
        self.origin = origin
        self.start = start
        self.layout_kept = layout_kept
        #: People to pick from: the roster of the template or series, as tables.
        self.roster: list[dict[str, Any]] = [dict(p) for p in self._tables("participants")]
        self.changed = False

    # ---- opening

    @classmethod
    def new(cls) -> Draft:
        """An agenda from nothing: a meeting without a title yet, no people, no items."""
        document = tomlkit.document()
        meeting = tomlkit.table()
        meeting["title"] = ""
        document["meeting"] = meeting
        return cls(document)

    @classmethod
    def from_text(cls, text: str, origin: Path | None = None) -> Draft:
        """The draft of TOML `text`; `DraftError` when tomlkit cannot read it as an agenda."""
        body = text[1:] if text.startswith("\ufeff") else text
        try:
            document = tomlkit.parse(body)
        except (tomlkit.exceptions.TOMLKitError, ValueError) as error:
            raise DraftError(str(error)) from error
        for name, kind in (("meeting", Table), ("participants", AoT), ("items", AoT)):
            if name in document and not isinstance(document[name], kind):
                shape = "[meeting]" if name == "meeting" else f"[[{name}]]"
                raise DraftError(f"{name} is not written as {shape}; edit this file by hand")
        if "meeting" not in document:
            document["meeting"] = tomlkit.table()
        kept = tomlkit.dumps(document) == body
        return cls(document, origin, layout_kept=kept)

    @classmethod
    def open(cls, path: Path) -> Draft:
        """The agenda file at `path`, to edit in place."""
        return cls.from_text(Path(path).read_text("utf-8"), Path(path))

    @classmethod
    def from_start(cls, path: Path) -> Draft:
        """A new agenda from a template or series file: its roster and items, no date yet."""
        draft = cls.from_text(Path(path).read_text("utf-8"))
        draft.start = Path(path)
        meeting = draft._meeting()
        if "date" in meeting:
            del meeting["date"]
        return draft

    # ---- reading

    def text(self) -> str:
        """The TOML text that would be saved."""
        return tomlkit.dumps(self.document)

    def check(self) -> Check:
        """The checker of `overleg check` on `text()`, each message beside its field."""
        shown = str(self.origin) if self.origin is not None else "<agenda>"
        _, problems, warnings = check_text(self.text(), shown)
        notes = [
            Note(field_of(key_path(p.key)) if p.key else (), p.message, "", p.params, p.code)
            for p in problems
        ]
        notes.extend(
            Note(field_of(key_path(w.key)) if w.key else (), code=w.code, params=w.params)
            for w in warnings
        )
        return Check(tuple(problems), tuple(warnings), tuple(notes))

    def planned(self) -> Planned:
        """The items' durations added up (those that read) against the meeting's duration."""
        total = sum(_seconds(item.get("duration")) or 0 for item in self._tables("items"))
        return Planned(total, _seconds(self._meeting().get("duration")))

    def count(self, section: str) -> int:
        return len(self._tables(section))

    def value(self, where: FieldPath) -> str:
        """A field's value as text to edit: "" when the file has none."""
        table, key = self._table(where)
        if table is None or key not in table:
            if where[0] == "items" and key == "method" and table is not None:
                return OWN_PHASES if "phases" in table else ""
            return ""
        value = _plain(table[key])
        if key == "date" and isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        if key == "clients" and isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if key == "role" and isinstance(value, str):
            return role_name(value)
        return str(value)

    def title_of(self, section: str, index: int) -> str:
        key = "name" if section == "participants" else "title"
        return self.value((section, index, key))

    def pickable(self) -> list[dict[str, Any]]:
        """The roster's people not on the agenda now."""
        here = {str(p.get("name", "")).strip().casefold() for p in self._tables("participants")}
        return [p for p in self.roster if str(p.get("name", "")).strip().casefold() not in here]

    # ---- editing

    def set(self, where: FieldPath, text: str) -> None:
        """Set one field from the text typed; "" takes an optional key away."""
        if self.value(where) == text:
            return  # nothing changed: the file stays exactly as written
        table, key = self._table(where)
        if table is None:
            raise IndexError(where)
        section = str(where[0])
        if section == "participants" and key == "name":
            self._rename_presenter(self.value(where), text)
        if section == "items" and key == "method":
            if text == OWN_PHASES:
                return
            if "phases" in table:
                del table["phases"]
        if section == "participants" and key == "role":
            if role_name(str(table.get("role", "")) or "member") == (text or "member"):
                return  # "notulist" stays as written; no role written is a member
        value = self._typed(key, text)
        if value is None and (section, key) not in _REQUIRED:
            if key in table:
                del table[key]
        elif key in table:
            table[key] = "" if value is None else value
        else:
            _add_key(table, key, value)
        self.changed = True

    def add_participant(self, person: dict[str, Any] | None = None) -> int:
        """Add a person (from the roster, or a new one without a name yet); their index."""
        table = _new_table()
        person = person or {"name": ""}
        for key in PARTICIPANT_FIELDS + ("consent",):
            if key in person:
                table[key] = _plain(person[key])
        return self._append("participants", table)

    def add_item(self, after: int | None = None) -> int:
        """A new item without a title, for ten minutes of open discussion; its index."""
        table = _new_table()
        table["title"] = ""
        table["duration"] = "10m"
        index = self._append("items", table)
        if after is not None and after + 1 < index:
            self.move("items", index, after + 1 - index)
            return after + 1
        return index

    def remove(self, section: str, index: int) -> None:
        tables = self._array(section)
        if tables is None or not 0 <= index < len(tables):
            raise IndexError(index)
        if section == "participants":
            self._rename_presenter(self.value((section, index, "name")), "")
        del tables[index]
        self.changed = True

    def move(self, section: str, index: int, delta: int) -> int:
        """Move one person or item up (delta < 0) or down; its new index."""
        tables = self._array(section)
        if tables is None or not 0 <= index < len(tables):
            raise IndexError(index)
        to = max(0, min(len(tables) - 1, index + delta))
        if to != index:
            table = tables[index]
            del tables[index]
            tables.insert(to, table)
            self.changed = True
        return to

    # ---- saving

    def file_name(self) -> str:
        """The name of a new agenda's file: its series (or title) and date, "agenda" else."""
        meeting = self._meeting()
        name = slug(str(meeting.get("series", "")) or str(meeting.get("title", ""))) or "agenda"
        when = _plain(meeting.get("date"))
        return f"{name}-{when:%Y-%m-%d}.toml" if isinstance(when, datetime) else f"{name}.toml"

    def target(self, user_folder: Path, shipped: Path | None) -> tuple[Path, str]:
        """Where saving writes, and why there: "new" (the user's folder), "same" (the edited
        file), or a copy in the user's folder of a shipped template ("shipped"), of a file
        that cannot be written ("read_only") or whose layout tomlkit cannot keep ("layout")."""
        origin = self.origin
        if origin is None:
            return _free(user_folder / self.file_name()), "new"
        reason = ""
        if shipped is not None and _inside(origin, shipped):
            reason = "shipped"
        elif not os.access(origin, os.W_OK) or not os.access(origin.parent, os.W_OK):
            reason = "read_only"
        elif not self.layout_kept:
            reason = "layout"
        if not reason:
            return origin, "same"
        return _free(user_folder / origin.name), reason

    # ---- inside

    def _meeting(self) -> Table:
        meeting = self.document["meeting"]
        assert isinstance(meeting, Table)
        return meeting

    def _array(self, section: str) -> AoT | None:
        value = self.document.get(section)
        return value if isinstance(value, AoT) else None

    def _tables(self, section: str) -> list[Table]:
        tables = self._array(section)
        return list(tables) if tables is not None else []

    def _table(self, where: FieldPath) -> tuple[Table | None, str]:
        if where[0] == "meeting":
            return self._meeting(), str(where[1])
        tables = self._tables(str(where[0]))
        index = where[1]
        if not isinstance(index, int) or not 0 <= index < len(tables):
            return None, str(where[-1])
        return tables[index], str(where[2])

    def _append(self, section: str, table: Table) -> int:
        tables = self._array(section)
        if tables is None:
            tables = tomlkit.aot()
            self.document[section] = tables
        tables.append(table)
        self.changed = True
        return len(tables) - 1

    def _typed(self, key: str, text: str) -> Any:
        """The TOML value for the text typed into field `key`; None for nothing."""
        if not text.strip():
            return None
        if key == "date":
            try:
                return parse_date(text)
            except ValueError:
                return text  # the checker says what to write instead
        if key == "clients":
            return [name.strip() for name in text.split(",") if name.strip()] or None
        if key == "description" and "\n" in text:
            return tomlkit.string(text, multiline=True)
        return text.strip() if key != "description" else text

    def _rename_presenter(self, old: str, new: str) -> None:
        """An item presented by someone renamed (or taken off: `new` "") follows them."""
        if not old.strip():
            return
        for item in self._tables("items"):
            presenter = item.get("presenter")
            if isinstance(presenter, str) and presenter.strip().casefold() == old.casefold():
                if new.strip():
                    item["presenter"] = new.strip()
                else:
                    del item["presenter"]


def _add_key(table: Table, key: str, value: Any) -> None:
    """Add `key` right after the table's last plain value, before the comments and blank lines
    that follow it (they introduce what comes next, as people write them) and before any
    tables nested in it. tomlkit's own `table[key] = ...` would put it after those comments."""
    body = table.value.body
    plain = [
        i
        for i, (name, item) in enumerate(body)
        if name is not None and not isinstance(item, Table | AoT)
    ]
    if not plain or plain[-1] + 1 >= len(body):
        table[key] = value
        return
    # tomlkit has no public insert for a table; `_insert_at` is what `insert` of a document uses.
    table.value._insert_at(plain[-1] + 1, key, value)


def _new_table() -> Table:
    """A table for an array of tables, a blank line above its header as people write them."""
    table = tomlkit.table()
    table.trivia.indent = "\n"
    return table


def _seconds(value: object) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_duration(value)
    except DurationError:
        return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def _free(path: Path) -> Path:
    """`path`, or `name-2.toml`, `name-3.toml`, ... when a file is there: never one replaced."""
    candidate = path
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
