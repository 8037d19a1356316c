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


class Choices(OptionList):
    """The list to choose from: agendas, unfinished meetings, recent minutes."""


class StartScreen(Screen[None]):
    """Choose what to do: each choice goes up to the app as a message."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("a", "new_agenda", "new agenda", id="new_agenda"),
        Binding("e", "edit_agenda", "edit agenda", id="edit_agenda"),
        Binding("r", "reload", "reload", id="reload", show=False),
    ]

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
        #: The agenda to highlight once listed: the one the editor saved last.
        self.prefer: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Static(id="start-title", classes="screen-title")
            yield Static(id="start-hint", classes="hint")
            yield Choices(id="choices")
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
        if found is not None and self.prefer is not None:
            paths = [_same_file(choice.path) for choice in found.agendas]
            if _same_file(self.prefer) in paths:
                first = option_list.get_option_index(
                    f"agenda-{paths.index(_same_file(self.prefer))}"
                )
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

    # ---- the agenda editor

    def action_new_agenda(self) -> None:
        """Ask what the new agenda starts from (nothing, a series, a template), then edit it."""
        from overleg.tui.screens.dialogs import PickDialog

        t = host(self).texts
        starts = self.service.draft_starts()
        options = [("blank", t("editor.ask.start_blank"))]
        for i, start in enumerate(starts):
            title = start.title or start.path.stem
            options.append((f"start-{i}", t(f"editor.ask.start_{start.kind}", title=title)))

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            start = None if choice == "blank" else starts[int(choice.partition("-")[2])].path
            self.open_editor(None, start)

        self.app.push_screen(
            PickDialog(t("editor.ask.start_title"), options, t("editor.ask.start_body")), chosen
        )

    def action_edit_agenda(self) -> None:
        """Edit the highlighted agenda (a broken one too: the editor shows what is wrong)."""
        found = self.found
        option_list = self.query_one(Choices)
        index = option_list.highlighted
        option = option_list.get_option_at_index(index) if index is not None else None
        chosen = option.id or "" if option is not None else ""
        if found is None or not chosen.startswith("agenda-"):
            self.notify(host(self).texts("editor.ask.not_an_agenda"))
            return
        self.open_editor(found.agendas[int(chosen.partition("-")[2])].path, None)

    def open_editor(self, path: Path | None, start: Path | None) -> None:
        from overleg.draft import DraftError
        from overleg.tui.screens.editor import EditorScreen

        try:
            draft = self.service.open_draft(path, start)
        except (DraftError, OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            text = host(self).texts("editor.ask.cannot_open", reason=reason.splitlines()[0])
            self.notify(text, severity="error", timeout=10)
            return
        self.app.push_screen(EditorScreen(self.service, draft), self.editor_closed)

    def editor_closed(self, saved: Path | None) -> None:
        """Back from the editor: the folders read again, the agenda saved highlighted."""
        if saved is not None:
            self.prefer = saved
        self.query_one(Choices).focus()
        self.action_reload()


def _same_file(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
