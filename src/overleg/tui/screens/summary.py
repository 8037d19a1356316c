"""The end of a meeting: decisions, actions, time planned against used, and where the minutes are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from overleg import store
from overleg.engine import MeetingState
from overleg.tui.widgets.footer import QuietFooter
from overleg.tui.widgets.meeting import action_line, clock_text

M = Content.from_markup
#: The pseudonymised minutes, written beside the journal on request.
SHARE_MD = "minutes-share.md"


def summary_content(
    state: MeetingState,
    texts: Any,
    paths: tuple[Path, Path] | None,
    shared: Path | None = None,
) -> Content:
    """The whole summary as one text: the engine's state, read only.

    Where the minutes went comes first, so it is on screen at 80x24 too.
    """
    lines: list[Content] = [M("[b]$title[/]", title=state.agenda.title)]
    if state.started_at is not None:
        end = state.ended_at.strftime("%H:%M") if state.ended_at else "…"
        lines.append(
            M(
                "$text",
                text=texts(
                    "ui.summary.when",
                    date=state.started_at.date().isoformat(),
                    start=state.started_at.strftime("%H:%M"),
                    end=end,
                ),
            )
        )
    lines.append(Content(""))
    if paths is not None:
        names = [path.name for path in paths] + ([shared.name] if shared is not None else [])
        lines.append(
            M(
                "[b]$label[/] $path",
                label=texts("ui.summary.minutes") + ":",
                path=str(paths[0].parent),
            )
        )
        lines.append(M("  [b]$names[/]", names=" · ".join(names)))
        lines.append(M("[dim]$text[/]", text=texts("ui.summary.copy_hint")))
    else:
        lines.append(M("[$warning]$text[/]", text=texts("ui.summary.no_minutes")))
    lines.append(Content(""))
    lines.append(M("[b u]$text[/]", text=texts("ui.summary.decisions")))
    decisions = [d for item in state.items for d in item.decisions]
    for d in decisions:
        counts = {
            v: sum(1 for x in d.votes.values() if x.vote == v)
            for v in ("consent", "object", "abstain")
        }
        lines.append(
            M(
                "[b]$number[/] $text [dim]($tally)[/]",
                number=d.number,
                text=d.text,
                tally=texts("ui.summary.tally", **counts),
            )
        )
        for vote in d.objections:
            lines.append(M("   [$warning]✗ $name: $reason[/]", name=vote.name, reason=vote.reason))
    if not decisions:
        lines.append(M("[dim]$text[/]", text=texts("ui.summary.no_decisions")))
    lines.append(Content(""))
    lines.append(M("[b u]$text[/]", text=texts("ui.summary.actions")))
    lines.extend(action_line(a, texts) for a in state.actions)
    if not state.actions:
        lines.append(M("[dim]$text[/]", text=texts("ui.summary.no_actions")))
    lines.append(Content(""))
    lines.append(M("[b u]$text[/]", text=texts("ui.summary.time")))
    planned_total = used_total = 0.0
    for item in state.items:
        used = item.timer.seconds(None)
        planned_total += item.planned
        used_total += used
        lines.append(
            M(
                "$number. $title [dim]$status[/]  $used / $planned",
                number=item.number,
                title=item.spec.title,
                status=texts(f"ui.item_status.{item.status}"),
                used=clock_text(used),
                planned=clock_text(item.planned),
            )
        )
    lines.append(
        M(
            "[b]$text[/]",
            text=texts(
                "ui.summary.total",
                used=clock_text(used_total),
                planned=clock_text(state.agenda.planned_seconds),
            ),
        )
    )
    return Content("\n").join(lines)


class SummaryScreen(Screen[None]):
    """What the meeting decided and agreed, and where its minutes were written."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("c", "copy_minutes", "copy", id="copy_minutes"),
        Binding("d", "share_minutes", "share", id="share_minutes"),
        Binding("q", "app.request_quit", "quit", id="leave"),
    ]

    def __init__(
        self, state: MeetingState, folder: Path, paths: tuple[Path, Path] | None = None
    ) -> None:
        super().__init__()
        self.state = state
        self.folder = folder
        if paths is None:
            found = (folder / store.MINUTES_TOML, folder / store.MINUTES_MD)
            paths = found if all(p.exists() for p in found) else None
        self.paths = paths
        shared = folder / SHARE_MD
        self.shared: Path | None = shared if shared.exists() else None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(id="summary-text")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self.redraw)

    def redraw(self, _: object = None) -> None:
        from overleg.tui.app import localize_bindings

        texts = self.app.texts
        localize_bindings(self, texts)
        self.query_one("#summary-text", Static).update(
            summary_content(self.state, texts, self.paths, self.shared)
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy_minutes":
            return self.paths is not None
        return True

    def action_share_minutes(self) -> None:
        """Write the minutes with the household's names replaced (cliënt A, ...) to share them."""
        from overleg import minutes

        record = minutes.build_record(self.state, meeting_id=self.folder.name)
        text = minutes.render_markdown(minutes.pseudonymise(record))
        path = self.folder / SHARE_MD
        try:
            store.write_atomic(path, text.encode("utf-8"))
        except OSError:
            self.notify(self.app.texts("ui.error.disk"), severity="error", timeout=10)
            return
        self.shared = path
        self.redraw()
        self.notify(self.app.texts("ui.summary.shared", path=str(path)), timeout=10)

    def action_copy_minutes(self) -> None:
        """Copy the Markdown minutes to the clipboard (OSC 52: works over ssh in most terminals)."""
        if self.paths is None:
            return
        try:
            text = self.paths[1].read_text("utf-8")
        except OSError:
            self.notify(self.app.texts("ui.error.read"), severity="error")
            return
        self.app.copy_to_clipboard(text)
        self.notify(self.app.texts("ui.summary.copied"))
