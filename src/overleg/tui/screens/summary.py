"""The end of a meeting: decisions, actions, time planned against used, and where the minutes are."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from overleg.chair import send
from overleg.chair.meeting import Chair, Minutes, MinutesFiles
from overleg.chair.views import SummaryView, summary_view
from overleg.i18n import Texts
from overleg.tui.bindings import localize_bindings
from overleg.tui.errors import log_exception
from overleg.tui.host import host, report
from overleg.tui.screens.dialogs import ConfirmDialog
from overleg.tui.textual_private import binding_table
from overleg.tui.widgets.footer import QuietFooter
from overleg.tui.widgets.meeting import action_content

M = Content.from_markup

#: Keys of a meeting with clients (names to replace in the version to share), and of one without.
CASE_KEYS = {"copy_share_minutes", "copy_full_minutes", "share_minutes"}
PLAIN_KEYS = {"copy_minutes"}


def send_plan_text(plan: send.Plan, texts: Texts) -> str:
    """What the draft will be, before it is written: which version goes to whom, who they are
    (name and address), from whom, and where the draft is written. Compact, one recipient a
    line, so a team of six leaves the buttons on screen at 80x24 too."""
    lines = [texts("ui.send.version_shared" if plan.case else "ui.send.version_full")]
    for mail, path in zip(plan.mails, send.draft_paths(plan), strict=True):
        version = texts(f"ui.send.name_{mail.version}")
        lines.append(texts("ui.send.goes_to", version=version, count=len(mail.recipients)))
        lines.extend(f"  {r.shown()}" for r in mail.recipients)
        lines.append(texts("ui.send.draft", path=str(path)))
    if plan.unreached:
        lines.append(texts("ui.send.unreached", names=", ".join(plan.unreached)))
    if plan.sender:
        lines.append(texts("ui.send.sender", sender=plan.sender))
    else:
        lines.append(texts("ui.send.no_sender"))
    lines.append(texts("ui.send.question"))
    return "\n".join(lines)


def summary_content(
    view: SummaryView,
    texts: Texts,
    files: MinutesFiles | None,
    writing: bool = False,
    clients: bool = False,
) -> Content:
    """The whole summary as one text.

    Where the minutes went comes first, so it is on screen at 80x24 too. The version without the
    household's names is offered only when the meeting has `clients`.
    """
    lines: list[Content] = [M("[b]$title[/]", title=view.title)]
    if view.when is not None:
        day, start, end = view.when
        lines.append(M("$text", text=texts("ui.summary.when", date=day, start=start, end=end)))
    lines.append(Content(""))
    if files is not None:
        lines.append(
            M(
                "[b]$label[/] $path",
                label=texts("ui.summary.minutes") + ":",
                path=str(files.folder),
            )
        )
        lines.append(M("  [b]$names[/]", names=" · ".join(files.names)))
        hint = "ui.summary.copy_hint_clients" if clients else "ui.summary.copy_hint"
        lines.append(M("[dim]$text[/]", text=texts(hint)))
    elif writing:
        lines.append(M("[dim]$text[/]", text=texts("ui.summary.writing")))
    else:
        lines.append(M("[$warning]$text[/]", text=texts("ui.summary.no_minutes")))
    lines.append(Content(""))
    lines.append(M("[b u]$text[/]", text=texts("ui.summary.decisions")))
    for d in view.decisions:
        lines.append(
            M(
                "[b]$number[/] $text [dim]($tally)[/]",
                number=d.number,
                text=d.text,
                tally=texts(
                    "ui.summary.tally", consent=d.consent, object=d.object, abstain=d.abstain
                ),
            )
        )
        for name, reason in d.objections:
            lines.append(M("   [$warning]✗ $name: $reason[/]", name=name, reason=reason))
    if not view.decisions:
        lines.append(M("[dim]$text[/]", text=texts("ui.summary.no_decisions")))
    lines.append(Content(""))
    lines.append(M("[b u]$text[/]", text=texts("ui.summary.actions")))
    lines.extend(action_content(a, texts) for a in view.actions)
    if not view.actions:
        lines.append(M("[dim]$text[/]", text=texts("ui.summary.no_actions")))
    lines.append(Content(""))
    lines.append(M("[b u]$text[/]", text=texts("ui.summary.time")))
    for item in view.items:
        lines.append(
            M(
                "$number. $title [dim]$status[/]  $used / $planned",
                number=item.number,
                title=item.title,
                status=texts(f"ui.item_status.{item.status}"),
                used=item.used,
                planned=item.planned,
            )
        )
    lines.append(
        M("[b]$text[/]", text=texts("ui.summary.total", used=view.used, planned=view.planned))
    )
    return Content("\n").join(lines)


class SummaryScreen(Screen[None]):
    """What the meeting decided and agreed, and where its minutes were written."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [
        # c copies the minutes; with clients, the version without their names (its own id, so
        # F1 and the footer say so), and C the full minutes.
        Binding("c", "copy_minutes", "copy", id="copy_minutes"),
        Binding("c", "copy_minutes", "copy", id="copy_share_minutes"),
        Binding("C,shift+c", "copy_minutes(True)", "copy in full", id="copy_full_minutes"),
        Binding("d", "share_minutes", "share", id="share_minutes"),
        # An e-mail draft of the minutes to everyone on the agenda (with the meeting in hand).
        Binding("v", "send_minutes", "send", id="send_minutes"),
        # Putting the record right until the minutes are adopted (with the meeting in hand).
        Binding("w", "corrections", "correct", id="corrections"),
        Binding("ctrl+z", "undo", "undo", id="undo", show=False),
        Binding("q", "app.request_quit", "quit", id="leave"),
    ]

    def __init__(self, minutes: Minutes, write: bool = False, chair: Chair | None = None) -> None:
        super().__init__()
        self.minutes = minutes
        #: The meeting in hand (its journal's lock held): corrections may be made; None when the
        #: minutes were only read (open elsewhere).
        self.chair = chair
        self.view = summary_view(minutes.state)
        #: The minutes are being written (in a worker) and their paths follow.
        self.writing = write
        self.files: MinutesFiles | None = None if write else minutes.files()
        # F1 lists every key a screen has: only the ones for this meeting's kind are kept.
        dropped = PLAIN_KEYS if minutes.has_clients else CASE_KEYS
        table = binding_table(self)
        for key, bindings in list(table.items()):
            table[key] = [b for b in bindings if b.id not in dropped]
            if not table[key]:
                del table[key]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(id="summary-text")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self.redraw)
        if self.chair is not None:
            self.watch(self.app, "revision", self.corrected, init=False)
        if self.writing:
            self.write_minutes()

    def corrected(self, _: object = None) -> None:
        """The record was put right (the chair service wrote the minutes again): show it."""
        if self.chair is None or self.writing:
            return
        self.minutes = self.chair.minutes()
        self.view = summary_view(self.minutes.state)
        self.files = self.minutes.files()
        self.redraw()

    def action_corrections(self) -> None:
        if self.chair is None:
            return
        from overleg.tui.screens.corrections import CorrectionsScreen

        title = host(self).texts("ui.correct.title")
        self.app.push_screen(CorrectionsScreen(title, self.chair))

    def action_undo(self) -> None:
        if self.chair is not None:
            report(self, self.chair.run("undo"))

    @work(thread=True, exclusive=True, group="minutes")
    def write_minutes(self) -> None:
        """Write the minutes off the screen's loop: a long meeting takes a second or more."""
        try:
            files: MinutesFiles | None = self.minutes.write()
        except Exception as exc:  # the journal holds everything; minutes can be written again later
            log_exception(exc)
            files = None
        try:
            self.app.call_from_thread(self.written, files)
        except RuntimeError:  # the console closed meanwhile: the files are on disk all the same
            pass

    def written(self, files: MinutesFiles | None) -> None:
        self.writing = False
        self.files = files
        if files is None:
            self.notify(host(self).texts("ui.error.minutes"), severity="error", timeout=10)
        self.redraw()

    def redraw(self, _: object = None) -> None:
        texts = host(self).texts
        localize_bindings(self, texts)
        self.query_one("#summary-text", Static).update(
            summary_content(self.view, texts, self.files, self.writing, self.minutes.has_clients)
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("copy_minutes", "copy_full", "share_minutes"):
            # Nothing to copy or share before the minutes are written.
            return self.files is not None
        if action in ("corrections", "undo"):
            return self.chair is not None and not self.writing
        if action == "send_minutes":
            return self.chair is not None and self.files is not None and not self.writing
        return True

    def action_share_minutes(self) -> None:
        """Write the minutes with the household's names replaced (cliënt A, ...) to share them."""
        try:
            path = self.minutes.write_share()
        except OSError:
            self.notify(host(self).texts("ui.error.disk"), severity="error", timeout=10)
            return
        self.files = self.minutes.files()
        self.redraw()
        self.notify(host(self).texts("ui.summary.shared", path=str(path)), timeout=10)

    def action_copy_minutes(self, full: bool = False) -> None:
        """Send the Markdown minutes to the terminal's clipboard, and say which and where they are.

        OSC 52 is a request the terminal may ignore, with no answer: the notice says so and
        names the file. With clients it is the version without their names unless `full`
        (`Minutes.to_copy` decides).
        """
        t = host(self).texts
        if self.files is None:
            return
        try:
            text, path = self.minutes.to_copy(full)
        except OSError:
            # The version to share is written before it is copied; the minutes are only read.
            writes = self.minutes.has_clients and not full
            self.notify(t("ui.error.disk" if writes else "ui.error.read"), severity="error")
            return
        self.app.copy_to_clipboard(text)
        self.files = self.minutes.files()  # with the version to share, if it was written now
        self.redraw()
        if not self.minutes.has_clients:
            key = "ui.summary.copied"
        else:
            key = "ui.summary.copied_full" if full else "ui.summary.copied_share"
        self.notify(t(key, path=str(path)), timeout=10)

    def action_send_minutes(self) -> None:
        """Show who gets which version of the minutes, and on yes write the .eml draft beside
        them for the chair to send from a mail client. The console sends nothing itself, and
        nothing is recorded as sent for a draft."""
        t = host(self).texts
        if self.chair is None or self.files is None:
            return
        try:
            plan = send.draft_plan(self.chair.service, self.minutes.folder)
        except send.SendError as exc:
            if exc.key == "no_recipients":
                self.notify(t("ui.send.no_recipients"), severity="warning", timeout=15)
            else:
                self.notify(t(f"cli.send.{exc.key}", **exc.params), severity="error", timeout=10)
            return
        except OSError:
            self.notify(t("ui.error.read"), severity="error", timeout=10)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.write_draft(plan)

        self.app.push_screen(ConfirmDialog(t("ui.send.title"), send_plan_text(plan, t)), answered)

    def write_draft(self, plan: send.Plan) -> None:
        t = host(self).texts
        try:
            paths = send.write_drafts(plan)
        except OSError:
            self.notify(t("ui.error.disk"), severity="error", timeout=10)
            return
        where = ", ".join(str(path) for path in paths)
        self.notify(t("ui.send.written", path=where), timeout=15)
