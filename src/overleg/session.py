"""A meeting on disk: the engine wired to its journal, in its own private folder.

This is the one place where the pure engine meets the file system: every event the engine makes
is appended to the journal (flushed and fsync'd) before the engine applies it, and the minutes
are written beside the journal atomically.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from overleg import locations, store
from overleg.agenda import Agenda
from overleg.dates import system_clock
from overleg.engine import (
    OPEN_STATUSES,
    Clock,
    Event,
    Meeting,
    MeetingState,
    ReplayError,
    read_events,
    replay_events,
)
from overleg.events import Amendment, CarriedAction, Damage, to_record
from overleg.header import agenda_of as header_agenda
from overleg.header import header_fields
from overleg.journal import Journal, JournalError, read_journal

#: The roles a terminal on a meeting has: the chair's console, the note-taker's, the projector.
ROLES = ("chair", "notes", "projector")


@dataclass
class Session:
    """One process's hold on a meeting. Several may hold the same meeting at once (the chair,
    the note-taker, the projector): the journal is shared, each change is made under its lock
    (`change`) against the state as the others left it, and `sync` takes in what they wrote."""

    folder: Path
    meeting: Meeting
    journal: Journal
    #: What recovery had to say on opening (a torn last line dropped), without personal data.
    warnings: list[str] = field(default_factory=list)
    role: str = "chair"
    #: This process's presence file (`store.announce`), removed on closing.
    presence: Path | None = None

    # ---- opening

    @classmethod
    def create(
        cls, agenda: Agenda, root: Path | None = None, clock: Clock = system_clock
    ) -> Session:
        """A new meeting of `agenda` in a new folder under the data directory."""
        root = root if root is not None else locations.data_dir()
        folder = store.new_meeting_folder(root, agenda.title, clock().date())
        header = header_fields(agenda, clock())
        header["agenda_path"] = str(Path(agenda.path).resolve()) if agenda.path else ""
        journal = Journal.create(folder / store.JOURNAL, header, shared=True)
        session = cls(folder, Meeting(agenda, clock), journal)
        session.meeting.sink = session._write
        session.presence = store.announce(folder, "chair")
        return session

    @classmethod
    def open(
        cls,
        folder: Path,
        clock: Clock = system_clock,
        language: str | None = None,
        role: str = "chair",
    ) -> Session:
        """Continue the meeting in `folder` exactly where its journal stops, in `role`.

        A meeting found running with no other terminal on it stopped without pausing (a crash,
        a closed terminal): the chair's console pauses it as of its last event. A note-taker or
        projector joining a meeting that runs changes nothing.
        """
        if role not in ROLES:
            raise ValueError(f"no such role: {role}")
        others = store.terminals(folder)
        journal, contents = Journal.open_shared(folder / store.JOURNAL)
        try:
            agenda = agenda_of(contents.header, folder, language)
            meeting = Meeting(agenda, clock)
            meeting.load(*_replay(folder, agenda, contents.records))
        except Exception:
            journal.close()
            raise
        session = cls(folder, meeting, journal, list(contents.warnings), role)
        meeting.sink = session._write
        if role != "projector":
            session.presence = store.announce(folder, role)
        if role == "chair" and not others:
            with session.change():
                meeting.pause_after_crash()
        return session

    def _write(self, event: Event) -> None:
        self.journal.append(to_record(event))

    @contextmanager
    def change(self) -> Iterator[list[Event]]:
        """Hold the journal for one change: what others wrote meanwhile is taken in first (and
        yielded), so the change is checked against the meeting as it is now."""
        with self.journal.locked() as records:
            yield self._absorb(records)

    def sync(self) -> list[Event]:
        """Take in what other terminals wrote since this one last looked (without the lock)."""
        return self._absorb(self.journal.refresh())

    def _absorb(self, records: list[dict[str, Any]]) -> list[Event]:
        if not records:
            return []
        try:
            events = read_events(records)
            self.meeting.absorb(events)
        except ReplayError as exc:
            raise _damage(self.folder, exc) from None
        return events

    def close(self) -> None:
        if self.presence is not None:
            store.withdraw(self.presence)
            self.presence = None
        self.journal.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading

    @property
    def state(self) -> MeetingState:
        return self.meeting.state

    @property
    def name(self) -> str:
        return self.folder.name

    def carried_actions(self, root: Path | None = None) -> list[CarriedAction]:
        """Open actions of the last ended meeting of this meeting's series, for its action review."""
        series = self.meeting.agenda.series
        if not series:
            return []
        root = root if root is not None else self.folder.parent
        previous = store.previous_in_series(root, series, before=self.folder.name)
        if previous is None:
            return []
        return open_actions(previous.folder)

    # ---- minutes

    def write_minutes(self) -> tuple[Path, Path]:
        """Write minutes.toml and minutes.md beside the journal; return their paths."""
        return write_minutes(self.folder, self.state)


def agenda_of(header: dict[str, Any], folder: Path, language: str | None = None) -> Agenda:
    """The agenda a journal's meeting was held with, as its header keeps it (see
    `overleg.header`); a header that holds none is damage on line 1."""
    try:
        return header_agenda(header, language)
    except Damage as exc:
        raise JournalError(folder / store.JOURNAL, 1, f"header: {exc}") from None


def load_state(
    folder: Path, language: str | None = None, warnings: list[str] | None = None
) -> MeetingState:
    """The state of the meeting in `folder`, read-only: nothing on disk changes.

    What recovery had to say (a torn last line left out) is added to `warnings` when given.
    """
    contents = read_journal(folder / store.JOURNAL)
    if warnings is not None:
        warnings.extend(contents.warnings)
    agenda = agenda_of(contents.header, folder, language)
    return _replay(folder, agenda, contents.records)[1]


def _replay(
    folder: Path, agenda: Agenda, records: list[dict[str, Any]]
) -> tuple[list[Event], MeetingState]:
    """Read and replay a journal's records; a record that does not fit is damage on its line."""
    try:
        events = read_events(records)
        return events, replay_events(agenda, events)
    except ReplayError as exc:
        raise _damage(folder, exc) from None


def _damage(folder: Path, exc: ReplayError) -> JournalError:
    """A record that does not fit, as damage on its line of the journal (left as it is)."""
    # Line 1 is the header, so event n is on line n + 1.
    line = exc.seq + 1 if exc.seq > 0 else None
    message = str(exc) if exc.seq > 0 else str(exc).split(": ", 1)[-1]
    return JournalError(folder / store.JOURNAL, line, message)


def open_actions(folder: Path) -> list[CarriedAction]:
    """Actions of the meeting in `folder` still to be done, as a next meeting's start takes them.

    Each keeps its id and number, and the meeting it was first agreed in (folder and day).
    """
    state = load_state(folder)
    held = state.started_at.date().isoformat() if state.started_at else ""
    return [
        CarriedAction(
            id=a.id,
            number=a.number,
            what=a.what,
            owner=a.owner,
            due=a.due.isoformat() if a.due else "",
            origin=a.origin or folder.name,
            origin_date=(a.origin_date.isoformat() if a.origin_date else "") if a.origin else held,
        )
        for a in state.actions
        if a.status in OPEN_STATUSES
    ]


def write_minutes(folder: Path, state: MeetingState, every: bool = False) -> tuple[Path, Path]:
    """Render both minutes files from `state` and write them atomically beside the journal.

    `every`: also each other version already there (`store.MINUTES_VERSIONS`: the version to
    share, decisions only, HTML, plain text), each in the language it was written in, so that
    none tells the record as it was before a correction, a send or the adoption.
    """
    from overleg import minutes

    record = minutes.build_record(state, meeting_id=folder.name)
    toml_path = folder / store.MINUTES_TOML
    md_path = folder / store.MINUTES_MD
    store.write_atomic(toml_path, minutes.render_toml(record).encode("utf-8"))
    store.write_atomic(md_path, minutes.render_markdown(record).encode("utf-8"))
    if not every:
        return toml_path, md_path
    # Per (language, pseudonymised), the record, made once: another language reads the journal
    # again in it (method titles, dates), the version to share pseudonymises the full one.
    records: dict[tuple[str, bool], dict[str, Any]] = {(state.agenda.language, False): record}

    def record_in(language: str, share: bool) -> dict[str, Any]:
        if (language, share) not in records:
            if share:
                found = minutes.pseudonymise(record_in(language, False))
            else:
                found = minutes.build_record(load_state(folder, language), meeting_id=folder.name)
            records[language, share] = found
        return records[language, share]

    for name, format, share, decisions_only in store.MINUTES_VERSIONS:
        path = folder / name
        if path in (toml_path, md_path) or not path.is_file():
            continue
        language = _written_in(path, format) or state.agenda.language
        text = minutes.render(record_in(language, share), format, decisions_only)
        store.write_atomic(path, text.encode("utf-8"))
    return toml_path, md_path


def _written_in(path: Path, format: str) -> str | None:
    """The language the minutes in `path` were written in ("nl", "en"); None when unclear."""
    import re

    from overleg.i18n import LANGUAGES, Texts

    try:
        with path.open("r", encoding="utf-8", errors="replace") as file:
            head = file.read(4096)
    except OSError:
        return None
    if format == "html":
        found = re.search(r'<html lang="([a-z]+)"', head)
    elif format == "toml":
        found = re.search(r'^language = "([a-z]+)"', head, re.M)
    else:
        first = head.removeprefix("# ").split("\n", 1)[0]
        for language in LANGUAGES:
            texts = Texts(language)
            for key in ("minutes.title", "minutes.title_decisions"):
                if first.startswith(texts(key, title="")):
                    return language
        return None
    return found.group(1) if found and found.group(1) in LANGUAGES else None


def record_adoption(
    folder: Path,
    by: str,
    title: str,
    day: str,
    amendments: tuple[Amendment, ...],
    clock: Clock = system_clock,
) -> MeetingState:
    """Append to the ended meeting in `folder` that meeting `by` adopted its minutes, and write
    its minutes again (the version to share too, when there is one) to say so.

    Under the journal's lock like any change; a meeting already marked adopted by `by` is left
    as it is (adopting again after a failed write only finishes the job).
    """
    journal, contents = Journal.open_shared(folder / store.JOURNAL)
    try:
        agenda = agenda_of(contents.header, folder)
        meeting = Meeting(agenda, clock)
        meeting.load(*_replay(folder, agenda, contents.records))
        session = Session(folder, meeting, journal, role="chair")
        meeting.sink = session._write
        with session.change():
            done = meeting.state.adopted
            if done is None or done.meeting != by:
                meeting.mark_adopted(by, title, day, amendments)
        state = meeting.state
    finally:
        journal.close()
    write_minutes(folder, state, every=True)
    return state
