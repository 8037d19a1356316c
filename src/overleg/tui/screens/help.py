"""F1: every key of the screen at hand and of the app, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from overleg.tui.host import host


class HelpScreen(ModalScreen[None]):
    """A table of keys; escape, q or F1 closes it."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,q,f1", "dismiss_help", "close", id="dialog_close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        texts = host(self).texts
        with Vertical(classes="dialog dialog-wide", id="help"):
            yield Label(texts("ui.help.title"), classes="dialog-title")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            yield Static(Content(texts("ui.help.hint")), classes="dialog-hint")

    def on_mount(self) -> None:
        texts = host(self).texts
        table = self.query_one(DataTable)
        table.add_column(texts("ui.help.key"))
        table.add_column(texts("ui.help.does"))
        seen = set()
        for key, description in self.rows:
            if (key, description) not in seen:
                seen.add((key, description))
                table.add_row(key, description)
        table.focus()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
