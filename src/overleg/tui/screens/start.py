"""`overleg` without arguments: agendas to start from, unfinished meetings to resume, recent minutes.

The folders are read in a worker thread so the first frame is drawn at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from overleg import locations
from overleg.tui.widgets.footer import QuietFooter

M = Content.from_markup
RECENT = 10


@dataclass(frozen=True)
class Found:
    """What the start screen lists, read from disk."""

    agendas: list[tuple[Path, str]]
    unfinished: list[Any]
    recent: list[Any]


def agenda_files(extra: list[Path]) -> list[Path]:
    """Agenda files from the project, the user's folder and the paths given, each once."""
    folders = [locations.project_agendas_dir(), locations.user_agendas_dir()]
    files: list[Path] = []
    for place in [*folders, *extra]:
        if place is None:
            continue
        if place.is_dir():
            files.extend(sorted(place.glob("*.toml")))
        elif place.is_file():
            files.append(place)
    unique: dict[Path, Path] = {}
    for path in files:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def find_everything(extra: list[Path], root: Path) -> Found:
    from overleg import store
    from overleg.agenda import AgendaError, load_agenda

    agendas = []
    for path in agenda_files(extra):
        try:
            title = load_agenda(path).title
        except (AgendaError, OSError):
            title = ""
        agendas.append((path, title))
    try:
        meetings = store.list_meetings(root) if root.is_dir() else []
    except OSError:
        meetings = []
    unfinished = [m for m in meetings if m.status in ("new", "running")]
    recent = [m for m in meetings if m.status == "ended"][:RECENT]
    return Found(agendas, unfinished, recent)


def when(info: Any) -> str:
    """The day and the time a meeting started, so two on one day differ; else its folder's name."""
    started = info.started_at or ""
    if len(started) >= 16 and started[10] == "T":
        return f"{info.date} {started[11:16]}"
    return f"{info.date} ({info.name})" if info.name else info.date


class StartScreen(Screen[None]):
    """Choose what to do."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("r", "reload", "reload", id="reload", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.found: Found | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Static(id="start-title", classes="screen-title")
            yield Static(id="start-hint", classes="hint")
            yield OptionList(id="choices")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self.redraw)
        self.query_one(OptionList).focus()
        self.action_reload()

    def root(self) -> Path:
        root = self.app.data_root
        return Path(root) if root is not None else locations.data_dir()

    def action_reload(self) -> None:
        self.load(list(self.app.agenda_paths), self.root())

    @work(thread=True, exclusive=True)
    def load(self, extra: list[Path], root: Path) -> None:
        found = find_everything(extra, root)
        self.app.call_from_thread(self.show_found, found)

    def show_found(self, found: Found) -> None:
        self.found = found
        self.redraw()

    def redraw(self, _: object = None) -> None:
        from overleg.tui.app import localize_bindings

        t = self.app.texts
        localize_bindings(self, t)
        self.query_one("#start-title", Static).update(Content(t("ui.start.title")))
        self.query_one("#start-hint", Static).update(Content(t("ui.start.hint")))
        options: list[Option | None] = []
        found = self.found
        if found is None:
            options.append(Option(M("[dim]$text[/]", text=t("ui.start.loading")), disabled=True))
        else:
            options.append(Option(M("[b]$text[/]", text=t("ui.start.agendas")), disabled=True))
            for i, (path, title) in enumerate(found.agendas):
                options.append(
                    Option(
                        M("  $title [dim]$file[/]", title=title or path.stem, file=path.name),
                        id=f"agenda-{i}",
                    )
                )
            if not found.agendas:
                options.append(
                    Option(M("  [dim]$text[/]", text=t("ui.start.no_agendas")), disabled=True)
                )
            options.append(None)
            options.append(Option(M("[b]$text[/]", text=t("ui.start.unfinished")), disabled=True))
            for i, info in enumerate(found.unfinished):
                options.append(
                    Option(
                        M(
                            "  $date $title [dim]$status[/]",
                            date=when(info),
                            title=info.title,
                            status=t(f"ui.meeting_status.{info.status}"),
                        ),
                        id=f"resume-{i}",
                    )
                )
            if not found.unfinished:
                options.append(Option(M("  [dim]$text[/]", text=t("ui.start.none")), disabled=True))
            options.append(None)
            options.append(Option(M("[b]$text[/]", text=t("ui.start.recent")), disabled=True))
            for i, info in enumerate(found.recent):
                options.append(
                    Option(M("  $date $title", date=when(info), title=info.title), id=f"recent-{i}")
                )
            if not found.recent:
                options.append(Option(M("  [dim]$text[/]", text=t("ui.start.none")), disabled=True))
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        first = next((i for i, o in enumerate(option_list.options) if not o.disabled), None)
        option_list.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        found = self.found
        if found is None or event.option.id is None:
            return
        kind, _, number = event.option.id.partition("-")
        index = int(number)
        if kind == "agenda":
            self.open_agenda(found.agendas[index][0])
        elif kind == "resume":
            self.resume(found.unfinished[index].folder)
        elif kind == "recent":
            self.show_recent(found.recent[index].folder)

    def open_agenda(self, path: Path) -> None:
        from overleg.agenda import AgendaError, load_agenda

        try:
            agenda = load_agenda(path)
        except (AgendaError, OSError) as exc:
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.notify(
                self.app.texts("ui.start.agenda_error", problem=problem),
                severity="error",
                timeout=10,
            )
            return
        self.app.use_agenda(agenda)

    def resume(self, folder: Path) -> None:
        from overleg.journal import JournalError
        from overleg.session import Session

        try:
            session = Session.open(folder, self.app.clock)
        except (JournalError, OSError, ValueError):
            self.notify(self.app.texts("ui.start.cannot_open"), severity="error", timeout=10)
            return
        self.app.set_language(self.app.texts.language)
        self.app.show_session(session)

    def show_recent(self, folder: Path) -> None:
        from overleg.journal import JournalError
        from overleg.session import load_state
        from overleg.tui.screens.summary import SummaryScreen

        try:
            state = load_state(folder)
        except (JournalError, OSError, ValueError):
            self.notify(self.app.texts("ui.start.cannot_open"), severity="error", timeout=10)
            return
        self.app.push_screen(SummaryScreen(state, folder))
