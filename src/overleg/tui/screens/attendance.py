"""Attendance: who is present, absent with notice or absent; guests; the chair and the minute-taker.

Nothing is written until the chair starts the meeting: only then is the meeting folder made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Static

from overleg.agenda import ATTENDANCE, PRESENT, Participant
from overleg.i18n import Texts
from overleg.tui.bindings import localize_bindings
from overleg.tui.host import host, report
from overleg.tui.widgets.footer import QuietFooter

if TYPE_CHECKING:
    from overleg.chair.meeting import Chair

M = Content.from_markup
MARKS = {"present": "✓", "excused": "–", "absent": "✗"}


class AttendanceScreen(Screen[None]):
    """Take attendance and open the meeting."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("space", "cycle", "present/absent", id="cycle_attendance"),
        Binding("v,c", "make_chair", "chair", id="make_chair"),
        Binding("m", "make_minute_taker", "minute-taker", id="make_minute_taker"),
        Binding("g", "guest", "guest", id="guest"),
        Binding("s,ctrl+s", "start", "start", id="start_meeting"),
        Binding("escape", "back", "back", id="back", show=False),
    ]

    class Started(Message):
        """The chair started the meeting: on to the meeting screen."""

    def __init__(self, meeting: Chair) -> None:
        super().__init__()
        self.meeting = meeting
        self.agenda = meeting.agenda
        self.attendance: dict[str, str] = {p.name: PRESENT for p in self.agenda.participants}
        self.guests: list[Participant] = []
        self.chair, self.minute_taker = meeting.default_roles()

    def compose(self) -> ComposeResult:
        with Vertical(id="attendance"):
            yield Static(id="attendance-title", classes="screen-title")
            yield Static(id="attendance-hint", classes="hint")
            yield DataTable(id="attendance-table", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="attendance-bottom"):
                yield Static(id="roles")
                yield Button("", id="start-button", variant="primary")
        yield QuietFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("name", "role", "discipline", "attendance"):
            table.add_column("", key=key)
        self.watch(self.app, "lang", self.redraw)
        table.focus()

    @property
    def texts(self) -> Texts:
        return host(self).texts

    def people(self) -> list[Participant]:
        return [*self.agenda.participants, *self.guests]

    def status_of(self, name: str) -> str:
        return self.attendance.get(name, PRESENT)

    def redraw(self, _: object = None) -> None:
        t = self.texts
        localize_bindings(self, t)
        self.query_one("#attendance-title", Static).update(
            M("[b]$title[/] — $label", title=self.agenda.title, label=t("ui.attendance.title"))
        )
        self.query_one("#attendance-hint", Static).update(Content(t("ui.attendance.hint")))
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column(t("ui.attendance.name"), key="name")
        table.add_column(t("ui.attendance.role"), key="role")
        table.add_column(t("ui.attendance.discipline"), key="discipline")
        table.add_column(t("ui.attendance.status"), key="attendance")
        for p in self.people():
            roles = []
            if p.name == self.chair:
                roles.append(t("ui.role.chair"))
            if p.name == self.minute_taker:
                roles.append(t("ui.role.minute-taker"))
            if not roles:
                roles.append(t(f"ui.role.{p.role}"))
            status = self.status_of(p.name)
            table.add_row(
                p.name,
                ", ".join(roles),
                p.discipline,
                f"{MARKS[status]} {t('ui.attendance.' + status)}",
                key=p.name,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        present = sum(1 for p in self.people() if self.status_of(p.name) == PRESENT)
        self.query_one("#roles", Static).update(
            M(
                "$text",
                text=t(
                    "ui.attendance.roles",
                    chair=self.chair or "—",
                    minute_taker=self.minute_taker or "—",
                    present=present,
                    total=len(self.people()),
                ),
            )
        )
        self.query_one("#start-button", Button).label = t("ui.attendance.start")

    def selected(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_cycle(self) -> None:
        name = self.selected()
        if name is None or any(g.name == name for g in self.guests):
            return
        status = self.status_of(name)
        self.attendance[name] = ATTENDANCE[(ATTENDANCE.index(status) + 1) % len(ATTENDANCE)]
        self.redraw()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_cycle()

    def action_make_chair(self) -> None:
        name = self.selected()
        if name is not None:
            self.chair = name
            if self.minute_taker == name:
                self.minute_taker = ""
            self.redraw()

    def action_make_minute_taker(self) -> None:
        name = self.selected()
        if name is not None:
            self.minute_taker = "" if self.minute_taker == name else name
            self.redraw()

    def action_guest(self) -> None:
        # Imported here: the dialogs (and the widgets they use) are not needed for the first frame.
        from overleg.tui.screens.dialogs import Field, TextDialog

        t = self.texts
        fields = [
            Field("name", t("ui.guest.name")),
            Field("discipline", t("ui.guest.discipline"), required=False),
        ]

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            if any(p.name == values["name"] for p in self.people()):
                self.notify(t("ui.guest.duplicate", name=values["name"]), severity="warning")
                return
            self.guests.append(Participant(values["name"], "guest", values["discipline"]))
            self.redraw()

        self.app.push_screen(TextDialog(t("ui.guest.title"), fields), done)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start-button":
            self.action_start()

    def action_start(self) -> None:
        outcome = self.meeting.start(
            dict(self.attendance), self.chair, self.minute_taker, list(self.guests)
        )
        if report(self, outcome):
            self.post_message(self.Started())

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
