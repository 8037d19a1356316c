"""The chair service: every use case of the chair, without a screen.

`Service` is what the CLI and the console both go through: the agendas to start from, the meetings
kept, one meeting found by its name, exports and the actions across meetings. One meeting in the
chair's hands is a `Chair` (`overleg.chair.meeting`), from `Service.prepare` or `Service.open`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
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
    from overleg.agenda import Agenda
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
    """An agenda file to start from: its path and title ("" when it does not load)."""

    path: Path
    title: str
    problem: str = ""


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


@dataclass(frozen=True)
class Export:
    """Minutes rendered for `overleg export`: the text, and where it is to go (None: stdout)."""

    text: str
    target: Path | None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ActionRow:
    """One action as `overleg actions` lists it: its latest state and the meeting that has it."""

    meeting: str
    action: Action


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
        for place in self.agenda_folders(extra).places:
            if place.is_dir():
                files.extend(sorted(place.glob("*.toml")))
            elif place.is_file():
                files.append(place)
        unique: dict[Path, Path] = {}
        for path in files:
            unique.setdefault(path.resolve(), path)
        return list(unique.values())

    def load_agenda(self, path: Path | str, language: str | None = None) -> Agenda:
        """The agenda in `path`; `AgendaError` (with file, line and column) or `OSError` if not."""
        from overleg.agenda import load_agenda

        return load_agenda(path, language)

    # ---- meetings kept

    def meetings(self) -> list[MeetingInfo]:
        """Every meeting kept, newest first, from each journal's head and tail only."""
        root = self.root
        try:
            return store.list_meetings(root, quick=True) if root.is_dir() else []
        except OSError:
            return []

    def overview(self, extra: Iterable[Path] = ()) -> Overview:
        """Agendas to start from, meetings to continue, and the latest ended ones; and where the
        agendas were looked for (to say so when there are none)."""
        from overleg.agenda import AgendaError, load_agenda

        extra = list(extra)
        agendas = []
        for path in self.agenda_files(extra):
            try:
                agendas.append(AgendaChoice(path, load_agenda(path).title))
            except (AgendaError, OSError) as exc:
                agendas.append(AgendaChoice(path, "", _first_line(exc)))
        meetings = self.meetings()
        unfinished = [m for m in meetings if m.status in ("new", "running")]
        recent = [m for m in meetings if m.status == "ended"][:RECENT]
        return Overview(agendas, unfinished, recent, self.agenda_folders(extra))

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

    def open(self, folder: Path, language: str | None = None) -> Chair:
        """Continue the meeting in `folder` where its journal stops (`JournalBusy` if open elsewhere)."""
        from overleg.chair.meeting import Chair
        from overleg.session import Session

        session = Session.open(folder, self.clock, language)
        return Chair(self, session.meeting.agenda, session)

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
        """The minutes of `folder` in `format` ("md" or "toml"); written unless `output` is "-".

        Without `output` they go beside the journal, named by `store.minutes_name`.
        """
        from overleg import minutes

        warnings: list[str] = []
        state = self.read(folder, language, warnings)
        record = minutes.build_record(state, meeting_id=folder.name)
        if share:
            record = minutes.pseudonymise(record)
        if format == "toml":
            text = minutes.render_toml(record)
        else:
            text = minutes.render_markdown(record, decisions_only=decisions_only)
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

    def actions(self, series: str | None = None, open_only: bool = False) -> list[ActionRow]:
        """Every action across the meetings kept, each in its latest state, oldest meeting first."""
        from overleg.engine import OPEN_STATUSES

        latest: dict[str, ActionRow] = {}
        for info in sorted(store.list_meetings(self.root, quick=True), key=lambda m: m.name):
            if info.status not in ("running", "ended") or (series and info.series != series):
                continue
            for action in self.read(info.folder).actions:
                latest[action.id] = ActionRow(info.name, action)
        rows = list(latest.values())
        if open_only:
            rows = [r for r in rows if r.action.status in OPEN_STATUSES]
        return rows


def _first_line(exc: Exception) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


__all__ = [
    "UNREADABLE",
    "ActionRow",
    "AgendaChoice",
    "AgendaFolders",
    "Export",
    "MeetingInfo",
    "NotFound",
    "Overview",
    "Service",
]
