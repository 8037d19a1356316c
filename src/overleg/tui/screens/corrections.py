"""Putting the record right: every contribution, note, proposal, action and guest, to edit or delete.

The note-taker or the chair opens it with c (or from the palette), during the meeting and after it.
Each change goes to the chair service as a correction command (`correct_contribution`, ...): a new
event that points at what it puts right; nothing in the journal is rewritten. Ctrl+Z takes back the
last change, here as on the meeting screen. Which entries there are and what may change comes from
`overleg.chair.views.record_entries`; the engine has the last word and says why it refuses.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from overleg.chair import views
from overleg.chair.meeting import Chair
from overleg.chair.outcome import Question
from overleg.chair.views import RecordEntry
from overleg.tui.host import report
from overleg.tui.screens.dialogs import (
    ActionDialog,
    ConfirmDialog,
    Field,
    LiveDialog,
    PickDialog,
    TextDialog,
)

M = Content.from_markup


def entry_label(entry: RecordEntry, texts: Any) -> Content:
    """One line of the list: what kind, who, the text; marked when it was corrected before."""
    kind = texts(f"ui.correct.kind_{entry.kind}")
    if entry.kind == "contribution" and entry.tag in ("question", "answer"):
        kind = texts(f"ui.log.kind.{entry.tag}").capitalize()
    who = f"{entry.who}: " if entry.who and entry.kind != "guest" else ""
    text = entry.text
    if entry.kind == "action":
        if not entry.at_table:
            who = f"{entry.who} ({texts('ui.correct.not_at_table')}): "
        number, _, status = entry.tag.partition(" ")
        kind = f"{kind} {number}"
        text += f" ({texts(f'ui.action_status.{status}')}"
        text += f", {entry.detail})" if entry.detail else ")"
    elif entry.kind == "guest" and entry.detail:
        text += f" ({entry.detail})"
    line = M("[b]$kind[/]  $who$text", kind=kind, who=who, text=text)
    if entry.corrected:
        line += M("  [dim i]$mark[/]", mark=texts("ui.correct.corrected"))
    if not entry.editable:
        line += M("  [dim]— $why[/]", why=texts("ui.correct.answered"))
    return line


class CorrectionsScreen(LiveDialog):
    """The record as it now reads; Enter edits the entry under the cursor, Delete removes it."""

    BINDINGS = [
        Binding("escape", "cancel", "close", id="dialog_close"),
        Binding("enter", "edit", "edit", id="correct_edit", priority=True),
        Binding("delete,backspace", "delete", "delete", id="correct_delete"),
        Binding("s", "status", "status", id="correct_status"),
        Binding("ctrl+z", "undo", "undo", id="undo"),
    ]

    def __init__(self, title: str, chair: Chair) -> None:
        super().__init__(title, chair)
        self.entries: tuple[RecordEntry, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="corrections"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(id="entries")
            yield Static(Content(self.texts("ui.correct.hint")), classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.redraw()
        options = self.query_one(OptionList)
        # The latest entry first under the cursor: a slip is most often the line just written.
        last = next((i for i in range(options.option_count - 1, -1, -1) if self._entry_at(i)), None)
        if last is not None:
            options.highlighted = last
        options.focus()

    def redraw(self, _: object = None) -> None:
        t = self.texts
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        current = self.current()
        self.entries = views.record_entries(self.chair.state)
        titles = {item.number: item.spec.title for item in self.chair.state.items}
        rows: list[Option] = []
        group: int | None = None
        for index, entry in enumerate(self.entries):
            if entry.item != group:
                group = entry.item
                heading = (
                    t("ui.correct.item", number=group) + f"  {titles.get(group, '')}"
                    if group
                    else t("ui.correct.general")
                )
                rows.append(Option(M("[b u]$text[/]", text=heading), disabled=True))
            rows.append(Option(entry_label(entry, t), id=f"entry-{index}"))
        if not rows:
            rows.append(Option(M("[dim]$text[/]", text=t("ui.correct.empty")), disabled=True))
        options.clear_options()
        options.add_options(rows)
        # Stay on the same entry when it is still there (its key), else on the same line.
        if current is not None:
            for i in range(options.option_count):
                found = self._entry_at(i)
                if found is not None and (found.kind, found.key) == (current.kind, current.key):
                    options.highlighted = i
                    return
        if highlighted is not None and options.option_count:
            options.highlighted = min(highlighted, options.option_count - 1)

    def _entry_at(self, index: int) -> RecordEntry | None:
        options = self.query_one(OptionList)
        if index < 0 or index >= options.option_count:
            return None
        option_id = options.get_option_at_index(index).id or ""
        if not option_id.startswith("entry-"):
            return None
        number = int(option_id.removeprefix("entry-"))
        return self.entries[number] if number < len(self.entries) else None

    def current(self) -> RecordEntry | None:
        """The entry under the cursor, if any."""
        highlighted = self.query_one(OptionList).highlighted
        return None if highlighted is None else self._entry_at(highlighted)

    def send(self, command: str, **params: Any) -> bool:
        """A correction to the chair service; a name of several people asks which first."""
        outcome = self.chair.run(command, **params)
        if outcome.question is not None:
            self.ask_person(outcome.question)
            return False
        return report(self, outcome)

    def ask_person(self, question: Question) -> None:
        def chosen(name: str | None) -> None:
            if name is not None:
                command, params = question.answered(name)
                self.send(command, **params)

        options = [(name, name) for name in question.candidates]
        title = self.texts("ui.note.which_title", name=question.name)
        self.app.push_screen(PickDialog(title, options), chosen)

    # ---- the keys

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_undo(self) -> None:
        report(self, self.chair.run("undo"))

    def action_edit(self) -> None:
        entry = self.current()
        if entry is None:
            return
        t = self.texts
        if not entry.editable:
            self.notify(t("engine.proposal_answered"), severity="warning")
            return
        if entry.kind in ("contribution", "note"):
            self.edit_contribution(entry)
        elif entry.kind == "proposal":
            self.edit_proposal(entry)
        elif entry.kind == "action":
            self.edit_action(entry)
        elif entry.kind == "guest":
            self.edit_guest(entry)

    def edit_contribution(self, entry: RecordEntry) -> None:
        t = self.texts
        fields = [Field("text", t("ui.correct.text"), value=entry.text)]
        if entry.kind == "contribution":
            fields.append(Field("speaker", t("ui.correct.speaker"), value=entry.who))

        def saved(values: dict[str, str] | None) -> None:
            if values is None:
                return
            text = values["text"] if values["text"] != entry.text else None
            speaker = values.get("speaker")
            speaker = speaker if speaker and speaker != entry.who else None
            if text is None and speaker is None:
                return
            self.send("correct_contribution", seq=int(entry.key), text=text, speaker=speaker)

        title = t(f"ui.correct.{entry.kind}_title")
        self.app.push_screen(TextDialog(title, fields), saved)

    def edit_proposal(self, entry: RecordEntry) -> None:
        t = self.texts
        fields = [
            Field("text", t("ui.decision.text"), value=entry.text),
            Field("rationale", t("ui.decision.rationale"), required=False, value=entry.detail),
        ]

        def saved(values: dict[str, str] | None) -> None:
            if values is not None:
                self.send(
                    "correct_proposal",
                    text=values["text"],
                    rationale=values["rationale"],
                    index=int(entry.key),
                )

        self.app.push_screen(TextDialog(t("ui.correct.proposal_title"), fields), saved)

    def edit_action(self, entry: RecordEntry) -> None:
        t = self.texts
        due = date.fromisoformat(entry.detail) if entry.detail else None

        def saved(values: tuple[str, str, date | None] | None) -> None:
            if values is None:
                return
            what, owner, new_due = values
            params: dict[str, Any] = {"id": entry.key}
            if what != entry.text:
                params["what"] = what
            if owner != entry.who:
                params["owner"] = owner
            if new_due != due:
                params["due"] = new_due
            if len(params) > 1:
                self.send("correct_action", **params)

        dialog = ActionDialog(
            t("ui.correct.action_title"),
            self.chair.action_owners(everyone=True),
            self.chair.now().date(),
            owner=entry.who,
            what=entry.text,
            due=due,
        )
        self.app.push_screen(dialog, saved)

    def edit_guest(self, entry: RecordEntry) -> None:
        t = self.texts
        fields = [
            Field("name", t("ui.correct.name"), value=entry.who),
            Field("discipline", t("ui.correct.discipline"), required=False, value=entry.detail),
        ]

        def saved(values: dict[str, str] | None) -> None:
            if values is None:
                return
            new_name = values["name"] if values["name"] != entry.who else None
            discipline = values["discipline"] if values["discipline"] != entry.detail else None
            if new_name is not None or discipline is not None:
                self.send("correct_guest", name=entry.key, new_name=new_name, discipline=discipline)

        self.app.push_screen(TextDialog(t("ui.correct.guest_title"), fields), saved)

    def action_status(self) -> None:
        """An action's status put right (done, carried, dropped, open)."""
        entry = self.current()
        if entry is None or entry.kind != "action":
            return
        t = self.texts
        current = entry.tag.partition(" ")[2]
        options = [(s, t(f"ui.action_status.{s}")) for s in views.ACTION_STATUSES]

        def chosen(status: str | None) -> None:
            if status is not None and status != current:
                self.send("correct_action", id=entry.key, status=status)

        title = t("ui.correct.status")
        self.app.push_screen(PickDialog(title, options, selected=current), chosen)

    def action_delete(self) -> None:
        entry = self.current()
        if entry is None or entry.kind not in ("contribution", "note", "guest"):
            return
        t = self.texts
        params: dict[str, Any]
        if entry.kind == "guest":
            body = t("ui.correct.guest_remove_body", name=entry.who)
            command, params = "remove_guest", {"name": entry.key}
        else:
            body = t("ui.correct.delete_body", text=entry.text)
            command, params = "delete_contribution", {"seq": int(entry.key)}

        def yes(answer: bool | None) -> None:
            if answer:
                self.send(command, **params)

        self.app.push_screen(ConfirmDialog(t("ui.correct.delete_title"), body), yes)
