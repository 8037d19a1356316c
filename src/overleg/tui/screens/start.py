"""`overleg` without arguments: agendas to start from, unfinished meetings to resume, recent minutes.

The folders are read in a worker thread so the first frame is drawn at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from overleg.chair.service import AgendaChoice, AgendaFolders, MeetingInfo, Overview, Service
from overleg.i18n import Texts
from overleg.tui.bindings import localize_bindings
from overleg.tui.errors import log_exception
from overleg.tui.host import host
from overleg.tui.widgets.footer import QuietFooter

M = Content.from_markup


def when(info: MeetingInfo) -> str:
    """The day and the time a meeting started, so two on one day differ; else its folder's name."""
    started = info.started_at or ""
    if len(started) >= 16 and started[10] == "T":
        return f"{info.date} {started[11:16]}"
    return f"{info.date} ({info.name})" if info.name else info.date


def no_agendas(folders: AgendaFolders, t: Texts) -> list[Content]:
    """Where agendas were looked for (the chair service says), and how to make one."""
    lines = [M("  $text", text=f"{t('ui.start.no_agendas')} {t('ui.start.looked_in')}")]
    places = [("ui.start.place_shipped", folders.shipped)] if folders.shipped is not None else []
    places.append(("ui.start.place_user", folders.user))
    places.extend(("ui.start.place_given", path) for path in folders.given)
    lines.extend(M("    • $text", text=t(key, path=str(path))) for key, path in places)
    lines.append(M("  $text", text=t("ui.start.make_title")))
    steps = t.list("ui.start.make_copy" if folders.shipped is not None else "ui.start.make_new")
    lines.extend(M("    • $text", text=step) for step in steps)
    return lines


def agenda_line(choice: AgendaChoice, t: Texts) -> Content:
    """One agenda to start from: its title and file; a broken one says so, with its first problem."""
    path = choice.path
    if not choice.broken:
        return M("  $title [dim]$file[/]", title=choice.title or path.stem, file=path.name)
    said = t("ui.start.broken", problem=choice.detail or choice.problem)
    if choice.problems > 1:
        key = "ui.start.more_one" if choice.problems == 2 else "ui.start.more_other"
        said = f"{said} {t(key, count=choice.problems - 1)}"
    return M(
        "  $title [dim]$file[/] [$error]✗ $said[/]", title=path.stem, file=path.name, said=said
    )


class StartScreen(Screen[None]):
    """Choose what to do: each choice goes up to the app as a message."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("r", "reload", "reload", id="reload", show=False)]

    @dataclass
    class AgendaChosen(Message):
        """Start a meeting of the agenda in `path`."""

        path: Path

    @dataclass
    class MeetingChosen(Message):
        """Continue the unfinished meeting in `folder`."""

        folder: Path

    @dataclass
    class RecentChosen(Message):
        """Show the summary of the ended meeting in `folder`."""

        folder: Path

    def __init__(self, service: Service, extra: list[Path]) -> None:
        super().__init__()
        self.service = service
        self.extra = extra
        self.found: Overview | None = None
        #: Where the log of a failed reading is ("-": nowhere), or None when reading went well.
        self.failed: str | None = None

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

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        """Read the folders off the screen's loop: each journal's head and tail only.

        A broken agenda is listed as broken (the chair service says why). Should reading fail
        in a way nobody foresaw, the screen stays, says so, and the log keeps the cause's type
        and code locations (`overleg.tui.errors`: no text, so no personal data).
        """
        try:
            found = self.service.overview(self.extra)
        except Exception as error:
            log = log_exception(error)
            self.app.call_from_thread(self.show_failure, log)
            return
        self.app.call_from_thread(self.show_found, found)

    def show_found(self, found: Overview) -> None:
        self.found = found
        self.failed = None
        self.redraw()

    def show_failure(self, log: Path | None) -> None:
        self.failed = str(log) if log is not None else "-"
        self.redraw()

    def redraw(self, _: object = None) -> None:
        t = host(self).texts
        localize_bindings(self, t)
        self.query_one("#start-title", Static).update(Content(t("ui.start.title")))
        self.query_one("#start-hint", Static).update(Content(t("ui.start.hint")))
        options: list[Option | None] = []
        found = self.found
        if self.failed is not None:
            failed = t("ui.start.load_failed", log=self.failed)
            options.append(Option(M("[$error]$text[/]", text=failed), disabled=True))
        elif found is None:
            options.append(Option(M("[dim]$text[/]", text=t("ui.start.loading")), disabled=True))
        else:
            options.append(Option(M("[b]$text[/]", text=t("ui.start.agendas")), disabled=True))
            for i, choice in enumerate(found.agendas):
                options.append(Option(agenda_line(choice, t), id=f"agenda-{i}"))
            if not found.agendas:
                options.extend(Option(line, disabled=True) for line in no_agendas(found.folders, t))
            options.append(None)
            options.append(Option(M("[b]$text[/]", text=t("ui.start.unfinished")), disabled=True))
            for i, info in enumerate(found.unfinished):
                status = t(f"ui.meeting_status.{info.status}")
                roles = found.open_elsewhere.get(info.folder, ())
                if roles:  # choosing it joins it: terminals on one meeting are fine
                    named = ", ".join(t(f"ui.terminal.role_{role}") for role in roles)
                    status += " · " + t("ui.start.open_elsewhere", roles=named)
                options.append(
                    Option(
                        M(
                            "  $date $title [dim]$status[/]",
                            date=when(info),
                            title=info.title,
                            status=status,
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
            self.post_message(self.AgendaChosen(found.agendas[index].path))
        elif kind == "resume":
            self.post_message(self.MeetingChosen(found.unfinished[index].folder))
        elif kind == "recent":
            self.post_message(self.RecentChosen(found.recent[index].folder))
