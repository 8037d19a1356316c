"""The chair service: every use case of the chair, without a screen.

`Service` is what the CLI and the console both go through: the agendas to start from, the meetings
kept, one meeting found by its name, exports and the actions across meetings. One meeting in the
chair's hands is a `Chair` (`overleg.chair.meeting`), from `Service.prepare` or `Service.open`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from overleg import locations, store
from overleg.dates import system_clock
from overleg.journal import JournalError
from overleg.store import MeetingInfo

if TYPE_CHECKING:
    # The agenda, the engine, the session and one meeting's `Chair` load when they are first
    # needed (the methods below import them): `overleg list` does without them all, and the
    # attendance screen's first frame without the engine.
    from overleg.agenda import Agenda, Item
    from overleg.chair.meeting import Chair, Minutes
    from overleg.engine import Action, Clock, MeetingState

#: Ended meetings the start screen lists.
RECENT = 10
#: What opening or reading a meeting may raise: a damaged journal, one open elsewhere
#: (`JournalBusy` is a `JournalError`), a folder that cannot be read.
UNREADABLE = (JournalError, OSError, ValueError)


class NotFound(Exception):
    """A meeting reference names no meeting, or several: `candidates` are those it matches, the
    latest first, and `names` their folder names. `ref` is "" when no name was given."""

    def __init__(self, ref: str, candidates: list[MeetingInfo]) -> None:
        self.ref = ref
        self.candidates = candidates
        self.names = [m.name for m in candidates]
        super().__init__(ref)


@dataclass(frozen=True)
class AgendaChoice:
    """An agenda file to start from: its path and title ("" when it does not load).

    A file that does not load is still listed, with its first `problem` ("file:12:3: ...", one
    line, safe to print), that problem without the file's name (`detail`, "12:3: ...": for a
    list that shows the name beside it) and how many `problems` it has.
    """

    path: Path
    title: str
    problem: str = ""
    problems: int = 0
    detail: str = ""

    @property
    def broken(self) -> bool:
        return bool(self.problem)


@dataclass(frozen=True)
class AgendaFolders:
    """Where agendas are looked for, in this order: the shipped ones (a checkout's `agendas/`,
    else the installed package's; None when neither is there), the user's own folder (which
    may not exist yet), and the files or folders given."""

    shipped: Path | None
    user: Path
    given: tuple[Path, ...] = ()

    @property
    def places(self) -> list[Path]:
        return [p for p in (self.shipped, self.user, *self.given) if p is not None]


@dataclass(frozen=True)
class Overview:
    """What the start screen lists, and where it looked for agendas."""

    agendas: list[AgendaChoice]
    unfinished: list[MeetingInfo]
    recent: list[MeetingInfo]
    folders: AgendaFolders
    #: Per unfinished meeting open in another overleg now: the roles it is open in there.
    open_elsewhere: dict[Path, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Export:
    """Minutes rendered for `overleg export`: the text, and where it is to go (None: stdout)."""

    text: str
    target: Path | None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ActionStep:
    """What became of an action at one meeting after the one it was agreed in: carried into it,
    then left open, carried over again, done or dropped (`status`), perhaps with a new date."""

    #: The meeting's folder name, and the day it was held (None when unknown).
    meeting: str
    day: date | None
    #: The action's status as that meeting left it (or has it now, while it runs).
    status: str
    due: date | None
    #: Its due date changed at that meeting.
    new_due: bool = False
    note: str = ""


@dataclass(frozen=True)
class ActionRow:
    """One action as `overleg actions` lists it, once however often it was carried: its latest
    state (`action`) in the latest meeting that has it (`meeting`, a folder name), where it was
    agreed, and what became of it at each later meeting (`history`, oldest first)."""

    meeting: str
    action: Action
    series: str = ""
    #: The meeting it was agreed in (folder name) and the day that was held (None if unknown).
    agreed: str = ""
    agreed_day: date | None = None
    history: tuple[ActionStep, ...] = ()


@dataclass(frozen=True)
class ActionReport:
    """The actions across the meetings kept, and the meetings whose actions could not be read
    (status "damaged", with the line and reason): the others are listed all the same."""

    rows: list[ActionRow]
    damaged: list[MeetingInfo] = field(default_factory=list)


@dataclass(frozen=True)
class NewAgenda:
    """The next meeting's agenda `overleg new` wrote (`Service.new_agenda`)."""

    path: Path
    series: str
    #: The series file it was drawn up from, and whether it was made now from a template.
    series_path: Path
    series_created: bool
    when: datetime
    #: How `when` was chosen: "given", "series" (a week after the last meeting) or "default".
    chosen: str
    #: The last ended meeting of the series (None for a first meeting).
    previous: MeetingInfo | None = None
    #: Titles of the items it deferred, now on this agenda; how many open actions it carries.
    deferred: tuple[str, ...] = ()
    open_actions: int = 0
    #: Titles of the items it did not reach (still to do when it ended), now on this agenda.
    unhandled: tuple[str, ...] = ()
    #: The moment `when` is a week after (chosen "series"): the last meeting as planned.
    after: datetime | None = None


class NoSeries(Exception):
    """`name` is neither a series in the user's folder nor a shipped template (`choices`)."""

    def __init__(self, name: str, choices: list[str]) -> None:
        self.name = name
        self.choices = choices
        super().__init__(name)


class Service:
    """The chair's use cases over the meetings kept under `data_root`."""

    def __init__(self, data_root: Path | None = None, clock: Clock | None = None) -> None:
        self._root = Path(data_root) if data_root is not None else None
        self.clock: Clock = clock if clock is not None else system_clock

    @property
    def root(self) -> Path:
        return self._root if self._root is not None else locations.data_dir()

    # ---- agendas

    def agenda_folders(self, extra: Iterable[Path] = ()) -> AgendaFolders:
        """Where agendas are looked for: the shipped ones, the user's folder, the paths given."""
        return AgendaFolders(
            locations.project_agendas_dir(), locations.user_agendas_dir(), tuple(extra)
        )

    def agenda_files(self, extra: Iterable[Path] = ()) -> list[Path]:
        """Agenda files of the project, the user's folder and the paths given, each once."""
        files: list[Path] = []
        folders = self.agenda_folders(extra)
        # The user's own agendas first, the newest on top: the one `overleg new` just wrote.
        places = [folders.user] + [p for p in folders.places if p != folders.user]
        for place in places:
            try:
                if place == folders.user and place.is_dir():
                    files.extend(sorted(place.glob("*.toml"), key=_newest_first))
                elif place.is_dir():
                    files.extend(sorted(place.glob("*.toml")))
                elif place.exists():
                    files.append(place)  # not a regular file? Loading it says so.
            except OSError:
                continue  # a folder that cannot be read holds no agendas to offer
        unique: dict[Path, Path] = {}
        for path in files:
            try:
                real = path.resolve()
            except (OSError, RuntimeError):  # a loop of links: this one path then
                real = path.absolute()
            unique.setdefault(real, path)
        return list(unique.values())

    def load_agenda(self, path: Path | str, language: str | None = None) -> Agenda:
        """The agenda in `path`; `AgendaError` (with file, line and column) or `OSError` if not."""
        from overleg.agenda import load_agenda

        return load_agenda(path, language)

    # ---- meetings kept

    def meetings(self, check: bool = False) -> list[MeetingInfo]:
        """Every meeting kept, newest first, from each journal's head and tail only.

        With `check`, each is also read in full as opening it would (`checked`): one that cannot
        be opened has status "damaged", with the line and the reason, among the others.
        """
        root = self.root
        try:
            found = store.list_meetings(root, quick=True) if root.is_dir() else []
        except OSError:
            return []
        if check:
            return self.checked(found, forget_others=True)
        return found

    def checked(
        self, meetings: Iterable[MeetingInfo], forget_others: bool = False
    ) -> list[MeetingInfo]:
        """`meetings`, each read in full as opening it would (every line's checksum, every
        record against its event type and the meeting so far); one that fails has status
        "damaged" with its line and reason. Nothing on disk changes but `store.CHECKED`, which
        keeps what was found: a journal unchanged since it was last checked is not read again.
        With `forget_others`, `meetings` are all there are (entries of other folders go).
        """
        meetings = list(meetings)
        known = store.CheckedJournals(self.root)
        out = []
        for info in meetings:
            if info.status != "damaged":
                stamp = store.journal_stamp(info.folder)
                found = known.found(info.folder, stamp) if stamp is not None else None
                if found is None:
                    found = self._check(info.folder)
                    if stamp is not None and store.journal_stamp(info.folder) == stamp:
                        known.record(info.folder, stamp, *found)
                line, reason = found
                if reason is not None:
                    info = store.damaged(info, line, reason)
            out.append(info)
        if forget_others:
            known.forget_others(m.folder for m in meetings)
        known.save()
        return out

    def _check(self, folder: Path) -> tuple[int | None, str | None]:
        """(line, reason) of what keeps the meeting in `folder` from being read; (None, None)."""
        try:
            self.read(folder)
        except _unreadable() as exc:
            return store.damage_of(exc)
        return None, None

    def overview(self, extra: Iterable[Path] = ()) -> Overview:
        """Agendas to start from, meetings to continue, and the latest ended ones; and where the
        agendas were looked for (to say so when there are none)."""
        from overleg.agenda import AgendaError, load_agenda

        extra = list(extra)
        agendas = []
        for path in self.agenda_files(extra):
            try:
                agendas.append(AgendaChoice(path, load_agenda(path).title))
            except AgendaError as exc:
                first = _first_line(exc)
                detail = exc.problems[0].describe() if exc.problems else first
                agendas.append(AgendaChoice(path, "", first, max(len(exc.problems), 1), detail))
            except OSError as exc:
                agendas.append(AgendaChoice(path, "", _first_line(exc), 1, _first_line(exc)))
        meetings = self.meetings()
        unfinished = [m for m in meetings if m.status in ("new", "running")]
        recent = [m for m in meetings if m.status == "ended"][:RECENT]
        elsewhere = {}
        for m in unfinished:
            roles = tuple(t.role for t in store.terminals(m.folder))
            if roles:
                elsewhere[m.folder] = roles
        return Overview(agendas, unfinished, recent, self.agenda_folders(extra), elsewhere)

    def find(self, ref: str | None = None) -> Path:
        """The folder of the one meeting `ref` names; `NotFound` with the candidates if not one.

        `ref` is an exact folder name, a path, or a unique part of a folder name, a title or a
        series (`store.find_meetings`). Without `ref`: the latest meeting held (begun; one not
        yet begun has no minutes). Only each journal's head and tail are read.
        """
        if ref is None:
            held = [m for m in self.meetings() if m.status != "new"]
            if not held:
                raise NotFound("", [])
            return store.latest_first(held)[0].folder
        found = store.find_meetings(self.root, ref)
        if len(found) != 1:
            raise NotFound(ref, found)
        return found[0].folder

    def unfinished(self, agenda_path: Path | str | None = None) -> list[MeetingInfo]:
        """Meetings started and not yet ended, newest first; of one agenda file if given."""
        path = str(Path(agenda_path).resolve()) if agenda_path is not None else None
        return [m for m in store.unfinished_meetings(self.root, path) if m.status == "running"]

    # ---- one meeting

    def prepare(self, agenda: Agenda) -> Chair:
        """A new meeting of `agenda`; nothing is written until the chair starts it."""
        from overleg.chair.meeting import Chair

        return Chair(self, agenda)

    def open(self, folder: Path, language: str | None = None, role: str = "chair") -> Chair:
        """Continue the meeting in `folder` where its journal stops, as `role`'s terminal: the
        chair's console, the note-taker's ("notes") or the projector's. Other terminals may
        have it open at the same time (`Chair.terminals`)."""
        from overleg.chair.meeting import Chair
        from overleg.session import Session

        session = Session.open(folder, self.clock, language, role)
        return Chair(self, session.meeting.agenda, session)

    def terminals(self, folder: Path) -> list[store.Terminal]:
        """The overleg processes that have the meeting in `folder` open now, with their roles."""
        return store.terminals(folder)

    def open_or_read(self, folder: Path) -> tuple[Chair | None, Minutes]:
        """An ended meeting in hand when it can be (its record may then be put right), else,
        when it is open elsewhere, its minutes only to read."""
        from overleg.journal import JournalBusy

        try:
            chair = self.open(folder)
        except JournalBusy:
            return None, self.minutes(folder)
        return chair, chair.minutes()

    def read(
        self, folder: Path, language: str | None = None, warnings: list[str] | None = None
    ) -> MeetingState:
        """The state of the meeting in `folder`, read once; nothing on disk changes."""
        from overleg.session import load_state

        return load_state(folder, language, warnings)

    def minutes(self, folder: Path, language: str | None = None) -> Minutes:
        """The minutes of the meeting in `folder`, read once, without opening it for writing."""
        from overleg.chair.meeting import Minutes

        return Minutes(folder, self.read(folder, language))

    # ---- after the meeting

    def export(
        self,
        folder: Path,
        format: str = "md",
        share: bool = False,
        decisions_only: bool = False,
        language: str | None = None,
        output: str | None = None,
    ) -> Export:
        """The minutes of `folder` in `format` ("md", "toml", "html" or "txt"); written unless
        `output` is "-".

        Without `output` they go beside the journal, named by `store.minutes_name`.
        """
        from overleg import minutes

        warnings: list[str] = []
        state = self.read(folder, language, warnings)
        record = minutes.build_record(state, meeting_id=folder.name)
        if share:
            record = minutes.pseudonymise(record)
        text = minutes.render(record, format, decisions_only)
        if output in ("-", "/dev/stdout"):
            return Export(text, None, warnings)
        if output:
            target = Path(output)
            if target.is_symlink() or (target.exists() and not target.is_file()):
                raise IsADirectoryError(f"{target} is not a regular file")
        else:
            target = folder / store.minutes_name(format, share, decisions_only)
        store.write_atomic(target, text.encode("utf-8"))
        return Export(text, target, warnings)

    # ---- before the meeting

    def new_agenda(
        self, name: str | None = None, when: datetime | None = None, today: date | None = None
    ) -> NewAgenda:
        """Write the next meeting's agenda of series or template `name` into the user's agendas.

        `name` is a series file (`<config>/series/<name>.toml`) or a shipped template (its file
        name without .toml); a template's series file is made from it on first use, and used
        from then on (the user may edit its roster and standing items). Without `name`, the one
        series file there is. The agenda (`overleg.series.next_document`) has the date `when`
        (else a week after the last meeting of the series, else `today` + 7 at 09:30), the
        items the last ended meeting deferred or did not reach (unless the series has them as
        standing items), and notes on the action list and the previous minutes. `NoSeries` when
        `name` names nothing, `AgendaError` when the series file does not load,
        `FileExistsError` when the agenda for that day is already there.
        """
        import tomllib

        from overleg import series as series_
        from overleg.i18n import LANGUAGES, Texts

        series_path, created = self._series_file(name)
        self.load_agenda(series_path)  # the series file must be a valid agenda itself
        document = tomllib.loads(series_path.read_text("utf-8"))
        slug = series_.series_name(document) or series_path.stem
        texts = Texts(str(document.get("meeting", {}).get("language", "nl")))
        root = self.root
        previous = store.previous_in_series(root, slug) if root.is_dir() else None
        state = self.read(previous.folder) if previous is not None else None
        today = today if today is not None else self.clock().date()
        chosen = "given"
        last = None
        if when is None:
            last = _last_start(state) if state is not None else None
            chosen = "series" if last is not None else "default"
            when = series_.next_date(last, today)
        deferred: list[dict[str, object]] = []
        held_over: list[str] = []  # the titles of the deferred items
        unhandled: list[str] = []
        actions_note = minutes_note = ""
        open_actions = 0
        if previous is not None and state is not None:
            from overleg.session import open_actions as carried

            held = {"title": previous.title, "date": previous.date}
            kept = _source_items(state.agenda.source)
            # An item the meeting ended before reaching goes on too, unless the series has it
            # anyway (a standing item: the action list, the closing round, ...).
            standing = {series_.folded(item.get("title", "")) for item in document.get("items", [])}
            # The note a meeting before that put on an item carried again gives way to this one.
            earlier = tuple(
                Texts(language)(key, title="\0", date="", reason="").partition("\0")[0]
                for language in LANGUAGES
                for key in ("cli.new.deferred_note", "cli.new.unhandled_note")
            )
            for item in state.items:
                if item.status == "deferred":
                    note = texts("cli.new.deferred_note", reason=item.reason, **held)
                    held_over.append(item.spec.title)
                elif item.status == "todo" and series_.folded(item.spec.title) not in standing:
                    note = texts("cli.new.unhandled_note", **held)
                    unhandled.append(item.spec.title)
                else:
                    continue
                raw = kept[item.index] if item.index < len(kept) else _item_table(item.spec)
                deferred.append(series_.with_note(raw, note, earlier))
            open_actions = len(carried(previous.folder))
            if open_actions:
                key = f"cli.new.actions_note_{'one' if open_actions == 1 else 'other'}"
                actions_note = texts(key, count=open_actions, **held)
            minutes_note = texts("cli.new.minutes_note", **held)
        agenda = series_.next_document(document, when, deferred, actions_note, minutes_note)
        folder = locations.user_agendas_dir(create=True)
        path = folder / f"{slug}-{when.date().isoformat()}.toml"
        if path.exists():
            raise FileExistsError(17, "already there", str(path))
        store.write_atomic(path, series_.dumps(agenda).encode("utf-8"))
        return NewAgenda(
            path,
            slug,
            series_path,
            created,
            when,
            chosen,
            previous,
            tuple(held_over),
            open_actions,
            tuple(unhandled),
            last,
        )

    def _series_file(self, name: str | None) -> tuple[Path, bool]:
        """The series file `name` names, made from the shipped template `name` when new."""
        import tomllib

        from overleg import series as series_

        folder = locations.config_dir() / "series"
        own = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        shipped = self.agenda_folders().shipped
        templates = sorted(shipped.glob("*.toml")) if shipped is not None else []
        if name is None:
            if len(own) == 1:
                return own[0], False
            raise NoSeries("", [p.stem for p in own] or [p.stem for p in templates])
        stem = name.removesuffix(".toml")
        for path in own:
            if path.stem == stem:
                return path, False
        for path in templates:
            if path.stem == stem:
                text = series_.series_text(path.read_text("utf-8"), stem)
                document = tomllib.loads(text)
                target = folder / f"{series_.series_name(document)}.toml"
                if target.exists():  # made from this template before
                    return target, False
                locations.private_dir(folder)
                store.write_atomic(target, text.encode("utf-8"))
                return target, True
        raise NoSeries(stem, sorted({p.stem for p in own} | {p.stem for p in templates}))

    def actions(self, series: str | None = None, open_only: bool = False) -> list[ActionRow]:
        """Every action across the meetings kept, once each (`action_report`)."""
        return self.action_report(series, open_only).rows

    def action_report(self, series: str | None = None, open_only: bool = False) -> ActionReport:
        """Every action across the meetings held (of `series`, if given), once each, in the order
        they were agreed: its latest state, where it was agreed and what became of it at each
        later meeting it was carried into. With `open_only`, those still to be done.

        An action carried from meeting to meeting keeps its id, so it is one action
        (`action_identity`). A meeting that cannot be read is in `damaged`; the others are
        listed all the same.
        """
        from overleg.engine import OPEN_STATUSES

        held = [
            m
            for m in self.meetings()
            if m.status in ("running", "ended", "damaged")
            and (not series or m.series == series or (m.status == "damaged" and not m.series))
        ]
        held.sort(key=_held_order)
        first: dict[tuple[str, str], ActionRow] = {}
        steps: dict[tuple[str, str], list[ActionStep]] = {}
        latest: dict[tuple[str, str], tuple[MeetingInfo, Action]] = {}
        damaged = []
        for info in held:
            if info.status == "damaged":
                damaged.append(info)
                continue
            try:
                state = self.read(info.folder)
            except _unreadable() as exc:
                damaged.append(store.damaged(info, *store.damage_of(exc)))
                continue
            day = _day(info.date)
            for action in state.actions:
                key = action_identity(action, info.name)
                if key in latest:
                    before = latest[key][1]
                    steps[key].append(
                        ActionStep(
                            info.name,
                            day,
                            action.status,
                            action.due,
                            new_due=action.due != before.due,
                            note=action.note if action.note != before.note else "",
                        )
                    )
                elif action.origin:  # carried from a meeting not read here (gone or damaged)
                    agreed_day = action.origin_date or _day(action.origin)
                    first[key] = ActionRow(
                        info.name, action, info.series, action.origin, agreed_day
                    )
                    steps[key] = [ActionStep(info.name, day, action.status, action.due)]
                else:
                    first[key] = ActionRow(info.name, action, info.series, info.name, day)
                    steps[key] = []
                latest[key] = (info, action)
        rows = []
        for key, row in first.items():
            info, action = latest[key]
            rows.append(
                dataclasses.replace(
                    row, meeting=info.name, action=action, history=tuple(steps[key])
                )
            )
        if open_only:
            rows = [r for r in rows if r.action.status in OPEN_STATUSES]
        return ActionReport(rows, damaged)

    # --- The agenda editor ---
    # The editor's model is `overleg.draft` (pure); the service knows the folders and writes.

    if TYPE_CHECKING:
        from overleg.draft import Draft, Saved, StartingPoint

    def draft_starts(self) -> list[StartingPoint]:
        """What a new agenda can start from: the user's series files, then the shipped templates."""
        from overleg.draft import StartingPoint

        folder = locations.config_dir() / "series"
        shipped = self.agenda_folders().shipped
        found: list[StartingPoint] = []
        for kind, place in (("series", folder), ("template", shipped)):
            try:
                paths = sorted(place.glob("*.toml")) if place is not None and place.is_dir() else []
            except OSError:
                continue
            found.extend(StartingPoint(kind, path, self._meeting_title(path)) for path in paths)
        return found

    def open_draft(self, path: Path | None = None, start: Path | None = None) -> Draft:
        """The agenda file `path` to edit; a new one from `start` (a series file or template),
        or from nothing. Its roster: its own people and those of its series file (of every
        series file, for one from nothing). `DraftError` or `OSError` when it cannot be read."""
        import tomllib

        from overleg import series as series_
        from overleg.draft import Draft

        if path is not None:
            draft = Draft.open(path)
        elif start is not None:
            draft = Draft.from_start(start)
        else:
            draft = Draft.new()
        folder = locations.config_dir() / "series"
        name = series_.series_name({"meeting": draft.document["meeting"].unwrap()})
        try:
            if name:
                files = [folder / f"{name}.toml"]
            else:
                files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError:
            files = []
        known = {str(p.get("name", "")).strip().casefold() for p in draft.roster}
        for file in files:
            try:
                people = tomllib.loads(file.read_text("utf-8")).get("participants", [])
            except (OSError, ValueError):
                continue  # a series file that does not read offers nobody
            for person in people if isinstance(people, list) else []:
                if not isinstance(person, dict):
                    continue
                key = str(person.get("name", "")).strip().casefold()
                if key and key not in known:
                    known.add(key)
                    draft.roster.append(dict(person))
        return draft

    def save_draft(self, draft: Draft) -> Saved:
        """Write the draft (atomically, 0600) where `Draft.target` says: a new agenda into the
        user's agendas, an edited file back in its place, or a copy beside the user's agendas
        when the file is shipped, read-only or its layout cannot be kept. `NotSaved` (nothing
        written) when the checker refuses the text."""
        from overleg.draft import NotSaved, Saved

        check = draft.check()
        if not check.ok:
            raise NotSaved(check.problems)
        path, reason = draft.target(locations.user_agendas_dir(), self.agenda_folders().shipped)
        if reason != "same":
            locations.user_agendas_dir(create=True)
        store.write_atomic(path, draft.text().encode("utf-8"))
        draft.origin, draft.layout_kept, draft.changed = path, True, False
        return Saved(path, reason)

    @staticmethod
    def _meeting_title(path: Path) -> str:
        """`[meeting] title` of an agenda or series file, "" when it does not read."""
        import tomllib

        try:
            meeting = tomllib.loads(path.read_text("utf-8")).get("meeting", {})
        except (OSError, ValueError):
            return ""
        title = meeting.get("title", "") if isinstance(meeting, dict) else ""
        return title if isinstance(title, str) else ""


def _last_start(state: MeetingState) -> datetime | None:
    """When the meeting of `state` was planned (its agenda's date), else started, local time."""
    if state.agenda.date is not None:
        return state.agenda.date.replace(tzinfo=None)
    if state.started_at is not None:
        return state.started_at.astimezone().replace(tzinfo=None)
    return None


def _source_items(source: str) -> list[dict[str, object]]:
    """The `[[items]]` tables of an agenda's TOML text, as written ([] if it does not parse)."""
    import tomllib

    try:
        items = tomllib.loads(source).get("items", []) if source else []
    except tomllib.TOMLDecodeError:
        return []
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _item_table(spec: Item) -> dict[str, object]:
    """An agenda item as a TOML table, for a meeting whose agenda text is not at hand."""
    from overleg.agenda import format_duration

    table: dict[str, object] = {"title": spec.title, "duration": format_duration(spec.duration)}
    if spec.method:
        table["method"] = spec.method
    else:
        table["phases"] = [{"kind": phase.kind, "title": phase.title} for phase in spec.phases]
    if spec.presenter:
        table["presenter"] = spec.presenter
    if spec.clients:
        table["clients"] = list(spec.clients)
    if spec.description:
        table["description"] = spec.description
    return table


#: A version-1 action id: the minute its meeting started and its number ("2026-12-03T1330/3.1").
_V1_ACTION_ID = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{4}/")


def action_identity(action: Action, meeting: str) -> tuple[str, str]:
    """What makes `action`, as the meeting `meeting` (a folder name) has it, one action across
    the meetings of a series.

    Since journal version 2 an action's id is unique forever and kept when it is carried, so the
    id alone says which action it is. Version 1 made the id of the minute its meeting started
    and its number, so two meetings started in the same minute gave their actions the same ids;
    such an id is told apart by the meeting the action was agreed in, which a carried action
    names (`origin`).
    """
    if _V1_ACTION_ID.match(action.id):
        return (action.origin or meeting, action.id)
    return ("", action.id)


def _unreadable() -> tuple[type[Exception], ...]:
    """What reading one meeting in full may raise: `UNREADABLE`, or a version-1 agenda that no
    longer reads (`AgendaError`)."""
    from overleg.agenda import AgendaError

    return (*UNREADABLE, AgendaError)


def _day(text: str) -> date | None:
    """The day a "YYYY-MM-DD..." text (a meeting's date or folder name) begins with, if any."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _held_order(info: MeetingInfo) -> tuple[str, str, str]:
    """Meetings in the order they were held: by day, the moment they started, folder name."""
    started = info.started_at or ""
    try:
        moment = datetime.fromisoformat(started)
        if moment.utcoffset() is not None:
            started = moment.astimezone(UTC).isoformat()
    except ValueError:
        pass
    return (info.date, started, info.name)


def _newest_first(path: Path) -> tuple[float, str]:
    try:
        changed = path.stat().st_mtime
    except OSError:
        changed = 0.0
    return (-changed, path.name)


def _first_line(exc: Exception) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


__all__ = [
    "UNREADABLE",
    "ActionReport",
    "ActionRow",
    "ActionStep",
    "AgendaChoice",
    "AgendaFolders",
    "Export",
    "MeetingInfo",
    "NotFound",
    "Overview",
    "Service",
]
