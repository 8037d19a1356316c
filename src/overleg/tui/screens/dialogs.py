"""Small modal dialogs: confirm, write a text or two, pick someone, and the live ones of a meeting
(speaking order, consent round, action review) that send commands and redraw on each change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from overleg import names
from overleg.chair import views
from overleg.chair.meeting import Chair
from overleg.dates import DateError, parse_due
from overleg.i18n import Texts
from overleg.tui.bindings import localize_bindings
from overleg.tui.host import host, report
from overleg.tui.widgets.meeting import action_number


class Dialog(ModalScreen[Any]):
    """A centred box with a title; escape cancels."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "cancel", id="dialog_cancel"),
        # A modal screen shuts out the app's own keys; F1 must still explain the dialog's.
        Binding("f1", "app.help", "help", id="help", show=False),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    @property
    def texts(self) -> Texts:
        return host(self).texts

    def on_mount(self) -> None:
        localize_bindings(self, self.texts)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    """A yes/no question; dismisses with True or False."""

    BINDINGS = [
        Binding("escape,n", "cancel", "no", id="dialog_no"),
        Binding("y,j", "confirm", "yes", id="dialog_yes"),
    ]

    def __init__(self, title: str, body: str) -> None:
        super().__init__(title)
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(Content(self.body), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.texts("ui.dialog.yes"), id="yes", variant="primary")
                yield Button(self.texts("ui.dialog.no"), id="no")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    placeholder: str = ""
    required: bool = True
    value: str = ""


class TextDialog(Dialog):
    """One or more lines of text; dismisses with {field name: text} or None.

    Enter saves once the required fields are filled in; Tab and Shift+Tab move between fields.
    """

    def __init__(self, title: str, fields: list[Field], body: str = "") -> None:
        super().__init__(title)
        self.fields = fields
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.body:
                yield Static(Content(self.body), classes="dialog-body")
            for field in self.fields:
                yield Label(field.label, classes="field-label")
                yield Input(
                    field.value,
                    placeholder=field.placeholder,
                    id=f"field-{field.name}",
                    select_on_focus=False,  # a text filled in is there to edit, not to replace
                )
            yield Static("", id="problem", classes="dialog-problem")
            yield Static(Content(self.texts("ui.dialog.enter_to_save")), classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query(Input).first().focus()

    def values(self) -> dict[str, str]:
        return {
            f.name: self.query_one(f"#field-{f.name}", Input).value.strip() for f in self.fields
        }

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves, as the hint says, once every required field is filled in; else it goes
        to the next one still empty (Tab moves between the fields)."""
        event.stop()
        missing = self.missing()
        if not missing:
            self.dismiss(self.values())
            return
        names = [f.name for f in self.fields]
        here = next((n for n in names if f"field-{n}" == event.input.id), names[0])
        after = [f for f in missing if names.index(f.name) > names.index(here)]
        self.require((after or missing)[0])

    def missing(self) -> list[Field]:
        """The required fields still empty, in order."""
        values = self.values()
        return [f for f in self.fields if f.required and not values[f.name]]

    def require(self, field: Field) -> None:
        """Say `field` is to be filled in first, and go there."""
        self.query_one("#problem", Static).update(
            Content(self.texts("ui.dialog.required", field=field.label))
        )
        self.query_one(f"#field-{field.name}", Input).focus()

    def save(self) -> None:
        missing = self.missing()
        if missing:
            self.require(missing[0])
            return
        self.dismiss(self.values())


class ActionDialog(Dialog):
    """A new action: what, who, when; shows whom the owner typed means and the date a text gives.

    The owner is typed: a participant as people type names (`overleg.names`: "mehmet", "van
    dijk", a unique start), completed from `people`, or anyone not at the table as written
    ("moeder", "leerplicht"). A name of several people is not saved until it says which.
    """

    def __init__(
        self,
        title: str,
        people: list[str],
        today: date,
        owner: str | None = None,
        what: str = "",
        due: date | None = None,
    ) -> None:
        super().__init__(title)
        self.people = people
        self.today = today
        self.owner = owner
        #: What the dialog starts with when it corrects an action.
        self.what = what
        self.due = due

    def compose(self) -> ComposeResult:
        t = self.texts
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(t("ui.action.what"), classes="field-label")
            # Not selected on focus: tabbing back must not let the next key wipe the text.
            yield Input(
                self.what,
                placeholder=t("ui.action.what_placeholder"),
                id="what",
                select_on_focus=False,
            )
            yield Label(t("ui.action.owner"), id="owner-label", classes="field-label")
            yield Input(
                self.owner or "",
                placeholder=t("ui.action.owner_prompt"),
                id="owner",
                select_on_focus=False,
                suggester=SuggestFromList(self.people, case_sensitive=False),
            )
            yield Label(t("ui.action.due"), classes="field-label")
            yield Input(
                self.due.isoformat() if self.due else "",
                placeholder=t("ui.action.due_placeholder"),
                id="due",
                select_on_focus=False,
            )
            yield Static(Content(t("ui.action.no_due")), id="resolved", classes="dialog-hint")
            yield Static("", id="problem", classes="dialog-problem")
            yield Static(Content(t("ui.dialog.enter_to_save")), classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.show_owner()
        if self.due is not None:
            self.show_due()
        self.query_one("#what", Input).focus()

    def resolve(self) -> tuple[bool, date | None]:
        text = self.query_one("#due", Input).value
        try:
            return True, parse_due(text, self.today)
        except DateError:
            return False, None

    def owner_match(self) -> names.Match:
        """Whom the owner typed means among `people`."""
        return names.match(self.query_one("#owner", Input).value, self.people)

    def show_owner(self) -> None:
        """The owner's label says whom the text typed means: someone, several, or no one here."""
        t = self.texts
        found = self.owner_match()
        if not found.query:
            shown = t("ui.action.owner")
        elif found.name is not None:
            shown = t("ui.action.owner_found", name=found.name)
        elif found.ambiguous:
            shown = t("ui.action.owner_ambiguous", names=", ".join(found.candidates))
        else:
            shown = t("ui.action.owner_free", name=found.query)
        self.query_one("#owner-label", Label).update(Content(shown))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "owner":
            self.show_owner()
            return
        if event.input.id == "due":
            self.show_due()

    def show_due(self) -> None:
        """The date the due text gives, or that it gives none or is unclear."""
        ok, due = self.resolve()
        t = self.texts
        if not ok:
            shown = t("ui.action.bad_due")
        elif due is None:
            shown = t("ui.action.no_due")
        else:
            shown = t("ui.action.resolved", date=format_date(due, t))
        self.query_one("#resolved", Static).update(Content(shown))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id in ("what", "owner") and not self.query_one("#due", Input).value:
            owner = self.query_one("#owner", Input)
            (owner if not owner.value.strip() else self.query_one("#due", Input)).focus()
            return
        self.save()

    def save(self) -> None:
        t = self.texts
        what = self.query_one("#what", Input).value.strip()
        found = self.owner_match()
        owner = found.name or found.query
        ok, due = self.resolve()
        problem = ""
        if not what:
            problem = t("ui.dialog.required", field=t("ui.action.what"))
        elif not owner:
            problem = t("ui.dialog.required", field=t("ui.action.owner"))
        elif found.ambiguous:
            problem = t("ui.action.owner_which", name=found.query)
        elif not ok:
            problem = t("ui.action.bad_due")
        if problem:
            self.query_one("#problem", Static).update(Content(problem))
            return
        self.dismiss((what, owner, due))


def format_date(day: date, texts: Texts) -> str:
    """ "vrijdag 4 december 2026" / "Friday 4 December 2026"."""
    weekday = texts.list("ui.dates.weekdays")[day.weekday()]
    month = texts.list("ui.dates.months")[day.month - 1]
    return texts("ui.dates.long", weekday=weekday, day=day.day, month=month, year=day.year)


class PickDialog(Dialog):
    """Choose one from a list; dismisses with the option's id or None."""

    def __init__(
        self,
        title: str,
        options: list[tuple[str, str]],
        body: str = "",
        selected: str | None = None,
    ) -> None:
        super().__init__(title)
        self.options = options
        self.body = body
        #: The option the cursor starts on (its id); the first when not given.
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.body:
                yield Static(Content(self.body), classes="dialog-body")
            yield OptionList(*[Option(Content(label), id=key) for key, label in self.options])

    def on_mount(self) -> None:
        super().on_mount()
        option_list = self.query_one(OptionList)
        ids = [key for key, _ in self.options]
        if ids:
            option_list.highlighted = ids.index(self.selected) if self.selected in ids else 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class LiveDialog(Dialog):
    """A dialog that sends meeting commands itself and redraws whenever the meeting changes."""

    def __init__(self, title: str, chair: Chair) -> None:
        super().__init__(title)
        self.chair = chair

    def run(self, command: str, **params: Any) -> bool:
        """Send a command to the chair service; True when it went through (else it says why)."""
        return report(self, self.chair.run(command, **params))

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "revision", self.redraw)
        self.watch(self.app, "lang", self.redraw, init=False)

    def redraw(self, _: object = None) -> None:  # pragma: no cover - overridden
        pass


#: Dialogs that act as you go close with escape or enter alike.
CLOSE_KEYS = [
    Binding("escape", "cancel", "close", id="dialog_close"),
    Binding("enter", "cancel", "close", id="dialog_done", show=False, priority=True),
]


class OrderDialog(LiveDialog):
    """The speaking order of the running round: move someone up or down, or give them the floor.

    Typing a name (as `overleg.names` finds names: "mehmet", "van dijk", a unique start) picks
    that person in the list; a letter typed on the list starts it. Enter there goes back to the
    list with them picked, where the keys move them or give them the floor.
    """

    BINDINGS = [
        Binding("escape", "cancel", "close", id="dialog_close"),
        Binding("enter", "enter", "close", id="dialog_done", show=False, priority=True),
        Binding("shift+up,minus", "move(-1)", "up", id="order_up"),
        Binding("shift+down,plus", "move(1)", "down", id="order_down"),
        Binding("f", "floor", "floor", id="order_floor"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(id="order")
            yield Input(
                placeholder=self.texts("ui.order.find_placeholder"),
                id="who",
                compact=True,
                select_on_focus=False,
            )
            yield Static(Content(self.texts("ui.order.hint")), id="hint", classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(OptionList).focus()

    def find(self) -> names.Match:
        """Whom the name typed means among those in the speaking order."""
        typed = self.query_one("#who", Input).value
        return names.match(typed, views.speaking_order(self.chair.state))

    def on_input_changed(self, event: Input.Changed) -> None:
        """Pick whom the name typed means; the hint says when it means several or no one."""
        event.stop()
        t = self.texts
        found = self.find()
        hint = t("ui.order.hint")
        picked = found.name or (found.candidates[0] if found.candidates else None)
        if found.name is not None:
            hint = t("ui.order.found", name=found.name)
        elif found.ambiguous:
            hint = t("ui.order.ambiguous", name=found.query, names=", ".join(found.candidates))
        elif found.query:
            hint = t("ui.order.unknown", name=found.query)
        self.query_one("#hint", Static).update(Content(hint))
        if picked is not None:
            option_list = self.query_one(OptionList)
            option_list.highlighted = option_list.get_option_index(picked)

    def on_key(self, event: events.Key) -> None:
        """A letter typed on the list starts a name (the keys bound act as they say)."""
        option_list = self.query_one(OptionList)
        character = event.character
        if self.focused is option_list and character is not None and character.isalpha():
            event.stop()
            who = self.query_one("#who", Input)
            who.value = character
            who.cursor_position = len(character)
            who.focus()

    def action_enter(self) -> None:
        """On the name: back to the list with the one it means picked; elsewhere: close."""
        who = self.query_one("#who", Input)
        if self.focused is not who:
            self.dismiss(None)
            return
        if self.find().name is not None or not who.value.strip():
            who.value = ""
            self.query_one(OptionList).focus()

    def redraw(self, _: object = None) -> None:
        names = views.speaking_order(self.chair.state)
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted
        option_list.set_options(
            [Option(Content(f"{i + 1}. {n}"), id=n) for i, n in enumerate(names)]
        )
        if names:
            option_list.highlighted = min(highlighted or 0, len(names) - 1)

    def _selected(self) -> str | None:
        option = self.query_one(OptionList).highlighted_option
        return option.id if option is not None else None

    def action_move(self, offset: int) -> None:
        name = self._selected()
        if name is None:
            return
        option_list = self.query_one(OptionList)
        index = (option_list.highlighted or 0) + offset
        if self.run("move_speaker", name=name, offset=offset):
            option_list.highlighted = max(0, min(index, option_list.option_count - 1))

    def action_floor(self) -> None:
        name = self._selected()
        if name is not None and self.run("give_floor", name=name):
            self.dismiss(None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()


VOTE_MARKS = {"consent": "✓", "object": "✗", "abstain": "○"}


class VoteTable(DataTable[Any], inherit_bindings=False):
    """The consent round's table: moves like a DataTable, but leaves enter to the dialog.

    So enter need not be a priority binding of the dialog, which would act over anything on it.
    """

    BINDINGS = [
        Binding("up", "cursor_up", "up", show=False),
        Binding("down", "cursor_down", "down", show=False),
        Binding("pageup", "page_up", "page up", show=False),
        Binding("pagedown", "page_down", "page down", show=False),
        Binding("home,ctrl+home", "scroll_top", "top", show=False),
        Binding("end,ctrl+end", "scroll_bottom", "bottom", show=False),
    ]


class ConsentDialog(LiveDialog):
    """The consent round: each present participant consents, objects with a reason, or abstains.

    Dismisses with True once the decision is recorded, "amend" when the chair chooses to amend the
    proposal over an objection, else None.
    """

    BINDINGS = [
        Binding("escape", "cancel", "close", id="dialog_close"),
        Binding("c,j", "vote('consent')", "consent", id="vote_consent"),
        Binding("o,b", "vote('object')", "object", id="vote_object"),
        Binding("a,t", "vote('abstain')", "abstain", id="vote_abstain"),
        Binding("r", "rest", "rest", id="vote_rest"),
        Binding("enter,ctrl+s", "decide", "decide", id="vote_decide"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(id="proposal", classes="dialog-body")
            yield VoteTable(id="votes", cursor_type="row", zebra_stripes=True)
            yield Static(Content(self.texts("ui.consent.hint")), id="hint", classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(DataTable).focus()
        # Reopened mid-round, the cursor starts at the first still to answer, never on a vote given.
        self._next_waiting()

    def on_resize(self) -> None:
        self.redraw()

    def _columns(self, table: DataTable[Any], names: list[str], marks: list[str]) -> None:
        """Name and vote as wide as they need; the reason takes the rest, and wraps."""
        name_width = max((len(n) for n in names), default=4)
        vote_width = max((len(m) for m in marks), default=4)
        box = self.query_one(".dialog").content_region.width
        available = box or min(110, self.app.size.width) - 6
        # Each column has one cell of padding either side; two more for a scrollbar.
        reason_width = max(12, available - name_width - vote_width - 8)
        table.clear(columns=True)
        table.add_column("", key="name", width=name_width)
        table.add_column("", key="vote", width=vote_width)
        table.add_column("", key="reason", width=reason_width)

    def redraw(self, _: object = None) -> None:
        t = self.texts
        view = views.consent_view(self.chair.state)
        if view.proposal is None:
            self.query_one("#proposal", Static).update(Content(t("ui.decision.no_proposal")))
            return
        body = view.proposal + (
            f"\n{t('ui.decision.rationale')}: {view.rationale}" if view.rationale else ""
        )
        self.query_one("#proposal", Static).update(Content(body))
        self.query_one("#hint", Static).update(Content(t("ui.consent.hint")))
        table = self.query_one(DataTable)
        row = table.cursor_row
        names = [r.name for r in view.rows]
        shown = [
            f"{VOTE_MARKS[r.vote]} {t('ui.vote.' + r.vote)}"
            if r.vote
            else "… " + t("ui.vote.waiting")
            for r in view.rows
        ]
        self._columns(table, names, shown)
        for r, mark in zip(view.rows, shown, strict=True):
            table.add_row(r.name, mark, r.reason, key=r.name, height=None)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_vote(self, vote: str) -> None:
        name = self._selected()
        if name is None:
            return
        t = self.texts
        if vote == "consent":
            if self.run("vote", name=name, vote=vote):
                self._next_waiting()
            return
        key = "ui.consent.object_title" if vote == "object" else "ui.consent.abstain_title"
        field = Field("reason", t("ui.consent.reason"), required=vote == "object")

        def done(values: dict[str, str] | None) -> None:
            if values is not None and self.run(
                "vote", name=name, vote=vote, reason=values["reason"]
            ):
                self._next_waiting()

        self.app.push_screen(TextDialog(t(key, name=name), [field]), done)

    def _next_waiting(self) -> None:
        waiting = self.chair.not_voted()
        table = self.query_one(DataTable)
        if waiting:
            table.move_cursor(row=table.get_row_index(waiting[0]))

    def action_rest(self) -> None:
        self.run("consent_rest")

    def action_decide(self) -> None:
        """Record the decision; with an objection standing, amend the proposal or record it over it."""
        outcome = self.chair.run("decide")
        question = outcome.question
        if question is not None and question.kind == "objection":
            self.ask_objection(question.objections)
        elif report(self, outcome):
            self.dismiss(True)

    def ask_objection(self, objections: tuple[tuple[str, str], ...]) -> None:
        t = self.texts
        body = t(
            "ui.consent.objection_body",
            objections="\n".join(f"✗ {name}: {reason}" for name, reason in objections),
        )
        options = [("amend", t("ui.consent.amend")), ("over", t("ui.consent.over"))]

        def chosen(choice: str | None) -> None:
            if choice == "amend":
                self.dismiss("amend")
            elif choice == "over":
                self.confirm_over(", ".join(name for name, _ in objections))

        self.app.push_screen(PickDialog(t("ui.consent.objection_title"), options, body), chosen)

    def confirm_over(self, names: str) -> None:
        """Recording a decision over a standing objection is said twice, and the minutes say it."""
        t = self.texts

        def done(yes: bool | None) -> None:
            if yes and self.run("decide", over_objection=True):
                self.dismiss(True)

        self.app.push_screen(
            ConfirmDialog(t("ui.consent.over_title"), t("ui.consent.over_body", names=names)), done
        )


class ReviewDialog(LiveDialog):
    """The actions carried from the previous meeting: done, carried over, or dropped."""

    BINDINGS = [
        *CLOSE_KEYS,
        Binding("k,d", "mark('done')", "done", id="review_done"),
        Binding("l,c", "mark('carried')", "carried", id="review_carried"),
        Binding("v,x", "mark('dropped')", "dropped", id="review_dropped"),
        Binding("o", "mark('open')", "open", id="review_open"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            yield DataTable(id="review", cursor_type="row", zebra_stripes=True)
            yield Static(Content(self.texts("ui.review.hint")), id="hint", classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("number", "what", "owner", "due", "status"):
            table.add_column("", key=key)
        super().on_mount()
        table.focus()

    def redraw(self, _: object = None) -> None:
        t = self.texts
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for action in views.carried_lines(self.chair.state):
            table.add_row(
                action_number(action, t),
                action.what,
                action.owner,
                action.due,
                t(f"ui.action_status.{action.status}"),
                key=action.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        else:
            self.query_one("#hint", Static).update(Content(t("ui.review.none")))

    def action_mark(self, status: str) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        action_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        if self.run("mark_action", id=action_id, status=status):
            table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))


class AddItemDialog(Dialog):
    """A new agenda item, at the table: its title, a built-in method (its name and what it is
    for), its duration as people write it, and who brings it in; dismisses with
    {"title", "method", "duration", "presenter"} or None.

    Enter saves once the title is filled in; Tab moves between the fields and the method list.
    """

    #: The duration filled in: what an added item usually gets.
    DURATION = "10m"

    def __init__(
        self,
        title: str,
        methods: tuple[tuple[str, str, str], ...],
        people: list[str],
        method: str = "bob",
    ) -> None:
        super().__init__(title)
        self.methods = methods
        self.people = people
        self.method = method

    def compose(self) -> ComposeResult:
        t = self.texts
        with Vertical(classes="dialog dialog-add-item"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(t("ui.agenda.title"), classes="field-label")
            yield Input(id="field-title", compact=True, select_on_focus=False)
            yield Label(t("ui.agenda.method"), classes="field-label")
            options = []
            for name, shown, summary in self.methods:
                prompt = Content.from_markup("[b]$title[/]", title=shown)
                if summary:
                    prompt = prompt + Content.from_markup("\n  [dim]$text[/]", text=summary)
                options.append(Option(prompt, id=name))
            yield OptionList(*options, id="field-method")
            yield Label(t("ui.agenda.duration"), classes="field-label")
            yield Input(self.DURATION, id="field-duration", compact=True, select_on_focus=False)
            yield Label(t("ui.agenda.presenter"), classes="field-label")
            yield Input(
                id="field-presenter",
                compact=True,
                select_on_focus=False,
                suggester=SuggestFromList(self.people, case_sensitive=False),
            )
            yield Static("", id="problem", classes="dialog-problem")
            yield Static(Content(t("ui.agenda.add_hint")), classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        methods = self.query_one("#field-method", OptionList)
        names = [name for name, _, _ in self.methods]
        if names:
            methods.highlighted = names.index(self.method) if self.method in names else 0
        self.query_one("#field-title", Input).focus()

    def values(self) -> dict[str, str]:
        option = self.query_one("#field-method", OptionList).highlighted_option
        return {
            "title": self.query_one("#field-title", Input).value.strip(),
            "method": (option.id or "") if option is not None else "",
            "duration": self.query_one("#field-duration", Input).value.strip(),
            "presenter": self.query_one("#field-presenter", Input).value.strip(),
        }

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.save()

    def save(self) -> None:
        values = self.values()
        t = self.texts
        for name, key in (("title", "ui.agenda.title"), ("duration", "ui.agenda.duration")):
            if not values[name]:
                self.query_one("#problem", Static).update(
                    Content(t("ui.dialog.required", field=t(key)))
                )
                self.query_one(f"#field-{name}", Input).focus()
                return
        self.dismiss(values)


class MoveItemDialog(LiveDialog):
    """The agenda in its order: move the item picked up or down, or type its new place.

    Only items not yet taken up move; the service says why when one cannot.
    """

    BINDINGS = [
        Binding("escape", "cancel", "close", id="dialog_close"),
        Binding("enter", "enter", "close", id="dialog_done", show=False, priority=True),
        Binding("shift+up,minus", "move(-1)", "up", id="order_up"),
        Binding("shift+down,plus", "move(1)", "down", id="order_down"),
    ]

    def __init__(self, title: str, chair: Chair, index: int | None = None) -> None:
        super().__init__(title, chair)
        #: The item the cursor starts on (its index); the first not yet taken up when None.
        self.index = index

    def compose(self) -> ComposeResult:
        t = self.texts
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(id="agenda-order")
            yield Label(t("ui.agenda.move_to"), classes="field-label")
            yield Input(id="place", compact=True, select_on_focus=False, restrict=r"[0-9]*")
            yield Static(Content(t("ui.agenda.move_hint")), id="hint", classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        option_list = self.query_one(OptionList)
        ids = [o.id for o in option_list.options]
        index = self.index
        if index is None:
            choices = views.open_choices(self.chair.state)
            index = choices[0][0] if choices else None
        if index is not None and str(index) in ids:
            option_list.highlighted = ids.index(str(index))
        option_list.focus()

    def redraw(self, _: object = None) -> None:
        t = self.texts
        option_list = self.query_one(OptionList)
        picked = self._selected()
        lines = views.item_choices(self.chair.state)
        option_list.set_options(
            [
                Option(
                    Content(f"{title}  ({t(f'ui.item_status.{status}')})"),
                    id=str(index),
                    disabled=status != "todo",
                )
                for index, title, status in lines
            ]
        )
        ids = [str(index) for index, _, _ in lines]
        if picked is not None and str(picked) in ids:
            option_list.highlighted = ids.index(str(picked))

    def _selected(self) -> int | None:
        option = self.query_one(OptionList).highlighted_option
        return int(option.id) if option is not None and option.id else None

    def _place(self, index: int) -> int:
        items = self.chair.state.items
        return next((p for p, item in enumerate(items) if item.index == index), 0)

    def action_move(self, offset: int) -> None:
        index = self._selected()
        if index is not None:
            self.run("move_item", index=index, position=max(0, self._place(index) + offset))

    def action_enter(self) -> None:
        """On the place typed: move the item picked there; elsewhere: close."""
        place = self.query_one("#place", Input)
        if self.focused is not place:
            self.dismiss(None)
            return
        index = self._selected()
        count = len(self.chair.state.items)
        if not place.value:
            self.query_one(OptionList).focus()
            return
        number = int(place.value)
        if not 1 <= number <= count:
            self.notify(self.texts("ui.agenda.bad_place", count=count), severity="warning")
            return
        if index is not None and self.run("move_item", index=index, position=number - 1):
            place.value = ""
            self.query_one(OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        """A digit typed on the agenda starts the new place of the item picked."""
        place = self.query_one("#place", Input)
        if event.character is not None and event.character.isdigit() and self.focused is not place:
            event.stop()
            event.prevent_default()
            place.value = event.character
            place.cursor_position = len(place.value)
            place.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
