"""The agenda editor: the meeting, its people and its items, checked as you type.

The screen holds no agenda logic: every edit goes to the draft (`overleg.draft`), which checks
the text as `overleg check` does and says which field each message concerns; saving goes
through the chair service. On the left the sections (the meeting, each person, each item), on
the right the fields of the one highlighted, each with the checker's messages right under it.
The planned time against the meeting's duration stays at the top.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from overleg.agenda import ROLES, method_names, method_summary, method_title
from overleg.chair.service import Service
from overleg.draft import (
    ITEM_FIELDS,
    MEETING_FIELDS,
    OWN_PHASES,
    PARTICIPANT_FIELDS,
    Check,
    Draft,
    FieldPath,
    Note,
    NotSaved,
)
from overleg.i18n import Texts
from overleg.tui.bindings import localize_bindings
from overleg.tui.host import host
from overleg.tui.textual_private import binding_table, select_menus
from overleg.tui.widgets.footer import QuietFooter

M = Content.from_markup
#: The method select's value for an item of one open discussion (no method, no phases).
NO_METHOD = "-"


def localize_keys(node: DOMNode, texts: Texts, names: dict[str, str]) -> None:
    """Give `node`'s own bindings their words in `texts`' language: `editor.keys.<name>`, the
    name looked up by the binding's action in `names`."""
    table = binding_table(node)
    for key, bindings in table.items():
        table[key] = [
            _described(b, texts(f"editor.keys.{names[b.action]}")) if b.action in names else b
            for b in bindings
        ]


def _described(binding: Binding, description: str) -> Binding:
    from dataclasses import replace

    return replace(binding, description=description)


def duration_text(seconds: int, t: Texts) -> str:
    """Seconds as a planner reads them: "1u 50m", "2u", "45m" (whole minutes, rounded up)."""
    minutes = -(-seconds // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return t("editor.hours_minutes", hours=hours, minutes=minutes)
    if hours:
        return t("editor.hours", hours=hours)
    return t("editor.minutes", minutes=minutes)


def note_text(note: Note, t: Texts) -> Content:
    """A checker's message for the line under its field: a problem in red, a warning in amber."""
    if note.warning:
        said = t(f"cli.check.warning.{note.code}", **note.params)
        return M("[$warning]⚠ $text[/]", text=t("editor.warning", text=said))
    key = f"editor.problem.{note.problem}"
    text = t(key, **note.params) if note.problem and t.has(key) else note.text
    return M("[$error]✗ $text[/]", text=text)


def total_line(draft: Draft, check: Check, t: Texts) -> Content:
    """The planned time against the meeting's, and whether the agenda can be saved."""
    planned = draft.planned()
    items = duration_text(planned.items, t)
    if planned.meeting is None:
        head = M("$text", text=t("editor.planned_open", items=items))
    else:
        meeting = duration_text(planned.meeting, t)
        head = M("[b]$text[/]", text=t("editor.planned", items=items, meeting=meeting))
        if planned.over:
            over = t("editor.over", over=duration_text(planned.over, t))
            head += M(" · [$warning]$text[/]", text=over)
    count = len(check.problems)
    if count:
        key = "editor.problems_one" if count == 1 else "editor.problems_other"
        head += M(" · [$error]✗ $text[/]", text=t(key, count=count))
    else:
        head += M(" · [$success]✓ $text[/]", text=t("editor.ready"))
    if draft.changed or draft.origin is None:
        head += M(" · [dim]$text[/]", text=t("editor.unsaved"))
    return head


class SectionList(OptionList):
    """The meeting, the people and the items; the keys that add, remove and move them."""

    BINDINGS = [
        Binding("n", "screen.new_item", "new item"),
        Binding("p", "screen.new_person", "new person"),
        Binding("v", "screen.roster", "roster"),
        Binding("x,delete", "screen.remove", "remove"),
        # Said in the hint line under the list: the footer has no room for them at 80 columns.
        Binding("shift+up", "screen.move(-1)", "move up", show=False),
        Binding("shift+down", "screen.move(1)", "move down", show=False),
    ]
    KEY_NAMES = {
        "screen.new_item": "new_item",
        "screen.new_person": "new_person",
        "screen.roster": "roster",
        "screen.remove": "remove",
        "screen.move(-1)": "move_up",
        "screen.move(1)": "move_down",
    }


def section_of(option_id: str | None) -> FieldPath:
    """The section an option of the list stands for: ("meeting",), ("items", 2), ..."""
    if option_id is None:
        return ()
    if option_id == "meeting":
        return ("meeting",)
    kind, _, number = option_id.partition("-")
    if kind in ("participants", "items") and number.isdigit():
        return (kind, int(number))
    return ()


def widget_id(path: FieldPath, prefix: str = "f") -> str:
    return "-".join([prefix, *(str(part) for part in path)])


class EditorScreen(Screen[Path | None]):
    """Edit one agenda; dismisses with the path last saved, or None when nothing was."""

    CSS_PATH = "editor.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "save"),
        Binding("escape", "back", "back", show=False),
        # The app's F1 and palette read `ui.keys.<id>`; the editor's words are its own catalog's.
        Binding("f1", "editor_help", "help"),
    ]
    KEY_NAMES = {"save": "save", "back": "back", "editor_help": "help"}

    def __init__(self, service: Service, draft: Draft) -> None:
        super().__init__()
        self.service = service
        self.draft = draft
        #: The section whose fields are shown.
        self.section: FieldPath = ("meeting",)
        #: Field widgets' ids -> the field they edit.
        self.paths: dict[str, FieldPath] = {}
        self.check: Check = draft.check()
        #: The path last saved to (what the start screen shows on return).
        self.saved: Path | None = None
        self.status: Content = Content("")
        self._prompts: dict[str, Content] = {}

    @property
    def texts(self) -> Texts:
        return host(self).texts

    def compose(self) -> ComposeResult:
        with Vertical(id="editor"):
            yield Static(id="editor-title", classes="screen-title")
            yield Static(id="editor-total")
            with Horizontal(id="editor-body"):
                yield SectionList(id="editor-sections")
                yield VerticalScroll(id="editor-form")
            yield Static(id="editor-status")
        yield QuietFooter()

    async def on_mount(self) -> None:
        self.watch(self.app, "lang", self.relabel, init=False)
        if not self.draft.layout_kept:
            self.status = M("[$warning]$text[/]", text=self.texts("editor.save.layout_notice"))
        self.localize()
        self.redraw_heading()
        self.rebuild_list("meeting")
        await self.show_section(("meeting",))
        self.query_one(SectionList).focus()

    async def relabel(self, _: object = None) -> None:
        self.localize()
        self.redraw_heading()
        self.rebuild_list(self._highlighted_id())
        await self.show_section(self.section, force=True)

    # ---- drawing

    def localize(self) -> None:
        """The keys' words in the console's language (at the start and when it switches)."""
        t = self.texts
        localize_keys(self, t, self.KEY_NAMES)
        localize_keys(self.query_one(SectionList), t, SectionList.KEY_NAMES)
        self.app.refresh_bindings()

    def redraw_heading(self) -> None:
        t = self.texts
        draft = self.draft
        if draft.origin is not None:
            title = t("editor.title_edit", file=draft.origin.name)
        elif draft.start is not None:
            title = f"{t('editor.title_new')} · {t('editor.from_start', file=draft.start.name)}"
        else:
            title = t("editor.title_new")
        self.query_one("#editor-title", Static).update(Content(title))
        self.query_one("#editor-total", Static).update(total_line(draft, self.check, t))
        # What concerns no one field: the file as a whole, all people, all items.
        notes = [
            note_text(n, t) for w in ((), ("participants",), ("items",)) for n in self.check.at(w)
        ]
        status = self.status or M("[dim]$text[/]", text=t("editor.hint"))
        status = Content("\n").join([*notes, status]) if notes else status
        self.query_one("#editor-status", Static).update(status)

    def _options(self) -> list[tuple[str, Content, bool]]:
        """(id, prompt, disabled) of every line of the section list."""
        t, draft, check = self.texts, self.draft, self.check

        def mark(section: FieldPath) -> str:
            notes = check.within(section)
            if any(not n.warning for n in notes):
                return "[$error]✗[/] "
            return "[$warning]⚠[/] " if notes else "  "

        lines: list[tuple[str, Content, bool]] = [
            ("meeting", M(mark(("meeting",)) + "$text", text=t("editor.section.meeting")), False)
        ]
        people = draft.count("participants")
        lines.append(
            (
                "h-participants",
                M("[b]$text[/]", text=t("editor.section.participants", count=people)),
                True,
            )
        )
        for i in range(people):
            name = draft.title_of("participants", i) or t("editor.section.unnamed")
            lines.append((f"participants-{i}", M(mark(("participants", i)) + "$n", n=name), False))
        if not people:
            lines.append(("none-p", M("  [dim]$t[/]", t=t("editor.section.nobody")), True))
        items = draft.count("items")
        lines.append(
            ("h-items", M("[b]$text[/]", text=t("editor.section.items", count=items)), True)
        )
        for i in range(items):
            title = draft.title_of("items", i) or t("editor.section.untitled")
            lines.append(
                (
                    f"items-{i}",
                    M(mark(("items", i)) + "$number. $title", number=str(i + 1), title=title),
                    False,
                )
            )
        if not items:
            lines.append(("none-i", M("  [dim]$t[/]", t=t("editor.section.no_items")), True))
        return lines

    def rebuild_list(self, select: str | None) -> None:
        """The section list anew (after an add, a removal or a move), `select` highlighted."""
        lines = self._options()
        sections = self.query_one(SectionList)
        sections.set_options([Option(prompt, id=i, disabled=off) for i, prompt, off in lines])
        self._prompts = {i: prompt for i, prompt, _ in lines}
        ids = [i for i, _, off in lines if not off]
        chosen = select if select in ids else "meeting"
        sections.highlighted = sections.get_option_index(chosen)

    def redraw_list(self) -> None:
        """Only the lines of the section list that changed (a name typed, a mark)."""
        sections = self.query_one(SectionList)
        lines = self._options()
        if [i for i, _, _ in lines] != list(self._prompts):
            self.rebuild_list(self._highlighted_id())
            return
        for option_id, prompt, _ in lines:
            if self._prompts.get(option_id) != prompt:
                sections.replace_option_prompt(option_id, prompt)
                self._prompts[option_id] = prompt

    def _highlighted_id(self) -> str | None:
        sections = self.query_one(SectionList)
        index = sections.highlighted
        if index is None:
            return None
        return sections.get_option_at_index(index).id

    async def show_section(self, section: FieldPath, force: bool = False) -> None:
        """The fields of `section` in the form, each with its messages under it."""
        if section == self.section and not force and self.paths:
            return
        self.section = section
        form = self.query_one("#editor-form", VerticalScroll)
        await form.remove_children()
        self.paths = {}
        if section:
            await form.mount_all(list(self._fields(section)))
        for menu in select_menus(form):  # Textual's own words on a list that drops down
            localize_bindings(menu, self.texts)
        self.redraw_notes()

    def _fields(self, section: FieldPath) -> Iterable[Widget]:
        t, draft = self.texts, self.draft
        head = str(section[0])
        path: FieldPath
        if head == "meeting":
            yield Label(t("editor.section.meeting"), classes="form-title")
            yield from self._notes_line(("meeting",))
            for key in MEETING_FIELDS:
                placeholder = {
                    "title": "editor.placeholder.title",
                    "date": "editor.placeholder.date",
                    "duration": "editor.placeholder.meeting_duration",
                }.get(key)
                yield from self._input(("meeting", key), placeholder)
            return
        index = section[1]
        assert isinstance(index, int)
        if head == "participants":
            yield Label(t("editor.section.person", number=index + 1), classes="form-title")
            yield from self._notes_line(section)
            for key in PARTICIPANT_FIELDS:
                path = (head, index, key)
                if key == "role":
                    current = draft.value(path) or "member"
                    options = [(t(f"editor.role.{role}"), role) for role in ROLES]
                    if current not in ROLES:
                        options.append((current, current))
                    yield from self._row(path, Select(options, value=current, allow_blank=False))
                else:
                    placeholder = "editor.placeholder.name" if key == "name" else None
                    yield from self._input(path, placeholder)
            return
        yield Label(t("editor.section.item", number=index + 1), classes="form-title")
        yield from self._notes_line(section)
        for key in ITEM_FIELDS:
            path = (head, index, key)
            if key == "method":
                yield from self._method(path)
            elif key == "description":
                area = TextArea(draft.value(path), soft_wrap=True, compact=True)
                yield from self._row(path, area)
            elif key == "presenter":
                names = [
                    draft.title_of("participants", i) for i in range(draft.count("participants"))
                ]
                suggester = SuggestFromList([n for n in names if n], case_sensitive=False)
                yield from self._input(path, "editor.placeholder.presenter", suggester)
            else:
                placeholder = {
                    "title": "editor.placeholder.title",
                    "duration": "editor.placeholder.duration",
                    "clients": "editor.placeholder.clients",
                }.get(key)
                yield from self._input(path, placeholder)

    def _method(self, path: FieldPath) -> Iterable[Widget]:
        t, lang = self.texts, self.texts.language
        current = self.draft.value(path) or NO_METHOD
        options: list[tuple[str, str]] = [(t("editor.method.none"), NO_METHOD)]
        if current == OWN_PHASES:
            options.append((t("editor.method.phases"), OWN_PHASES))
        options.extend((method_title(name, lang), name) for name in method_names())
        if current not in {value for _, value in options}:
            options.append((current, current))  # unknown: the checker says so under it
        yield from self._row(path, Select(options, value=current, allow_blank=False))
        yield Static(
            self._method_summary(current), id=widget_id(path, "s"), classes="method-summary"
        )

    def _method_summary(self, method: str) -> str:
        t = self.texts
        if method == NO_METHOD:
            return t("editor.method.none_summary")
        if method == OWN_PHASES:
            return t("editor.method.phases_summary")
        try:
            return method_summary(method, t.language)
        except KeyError:
            return ""

    def _input(
        self, path: FieldPath, placeholder: str | None = None, suggester: Any = None
    ) -> Iterable[Widget]:
        shown = self.texts(placeholder) if placeholder else ""
        field = Input(self.draft.value(path), placeholder=shown, suggester=suggester, compact=True)
        yield from self._row(path, field)

    def _row(self, path: FieldPath, field: Widget) -> Iterable[Widget]:
        field.id = widget_id(path)
        if isinstance(field, Select):
            field.compact = True
        self.paths[widget_id(path)] = path
        label = Label(self.texts(f"editor.field.{path[-1]}"), classes="editor-label")
        yield Horizontal(label, field, classes="editor-row")
        yield Static(id=widget_id(path, "n"), classes="editor-note")

    def _notes_line(self, section: FieldPath) -> Iterable[Widget]:
        yield Static(id=widget_id(section, "n"), classes="editor-note")

    def redraw_notes(self) -> None:
        """Every message of the checker under its field; the fields without one show none."""
        t = self.texts
        form = self.query_one("#editor-form", VerticalScroll)
        for note in form.query(".editor-note").results(Static):
            where = self.paths.get(f"f{note.id[1:]}") if note.id else None
            if where is None:
                where = self.section
            notes = self.check.at(where)
            note.update(Content("\n").join([note_text(n, t) for n in notes]))
            note.display = bool(notes)

    # ---- editing

    def edited(self, widget_id_: str | None, value: str) -> None:
        path = self.paths.get(widget_id_ or "")
        if path is None:
            return
        self.draft.set(path, value)
        self.check = self.draft.check()
        self.redraw_notes()
        self.redraw_list()
        self.redraw_heading()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.edited(event.input.id, event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if not isinstance(event.value, str):
            return
        chosen: str = event.value
        path = self.paths.get(event.select.id or "")
        if path is not None and path[-1] == "method":
            summary = self.query_one(f"#{widget_id(path, 's')}", Static)
            summary.update(self._method_summary(chosen))
            chosen = "" if chosen == NO_METHOD else chosen
        self.edited(event.select.id, chosen)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.edited(event.text_area.id, event.text_area.text)

    async def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        section = section_of(event.option.id)
        if section:
            await self.show_section(section)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a section: into its first field."""
        self.focus_first_field()

    def focus_first_field(self) -> None:
        fields = [w for w in self.query_one("#editor-form").query("Input, Select, TextArea")]
        if fields:
            fields[0].focus()

    async def action_new_item(self) -> None:
        section = self.section
        after = section[1] if section[:1] == ("items",) and isinstance(section[1], int) else None
        index = self.draft.add_item(after)
        await self._changed_to(f"items-{index}", focus=True)

    async def action_new_person(self) -> None:
        index = self.draft.add_participant()
        await self._changed_to(f"participants-{index}", focus=True)

    def action_roster(self) -> None:
        from overleg.tui.screens.dialogs import PickDialog

        t = self.texts
        people = self.draft.pickable()
        if not people:
            self.notify(t("editor.ask.roster_empty"))
            return
        options = []
        for number, person in enumerate(people):
            label = str(person.get("name", ""))
            if person.get("discipline"):
                label += f" · {person['discipline']}"
            options.append((f"r{number}", label))

        async def picked(choice: str | None) -> None:
            if choice is None:
                return
            index = self.draft.add_participant(people[int(choice[1:])])
            await self._changed_to(f"participants-{index}")

        self.app.push_screen(PickDialog(t("editor.ask.roster_title"), options), picked)

    def action_remove(self) -> None:
        from overleg.tui.screens.dialogs import ConfirmDialog

        section = self.section
        if len(section) != 2 or not isinstance(section[1], int):
            return
        kind, index = str(section[0]), section[1]
        t = self.texts
        name = self.draft.title_of(kind, index)
        if not name:
            key = "editor.section.person" if kind == "participants" else "editor.section.item"
            name = t(key, number=index + 1)

        async def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.draft.remove(kind, index)
            left = self.draft.count(kind)
            await self._changed_to(f"{kind}-{min(index, left - 1)}" if left else "meeting")

        body = t("editor.ask.remove_body", name=name)
        self.app.push_screen(ConfirmDialog(t("editor.ask.remove_title"), body), answered)

    async def action_move(self, delta: int) -> None:
        section = self.section
        if len(section) != 2 or not isinstance(section[1], int):
            return
        kind = str(section[0])
        to = self.draft.move(kind, section[1], delta)
        await self._changed_to(f"{kind}-{to}")

    async def _changed_to(self, option_id: str, focus: bool = False) -> None:
        """After a change of shape: check, list anew with `option_id` highlighted, its form."""
        self.check = self.draft.check()
        self.rebuild_list(option_id)
        await self.show_section(section_of(option_id) or ("meeting",), force=True)
        self.redraw_heading()
        if focus:
            self.focus_first_field()

    # ---- help and palette

    def _keys(self) -> list[tuple[Binding, str]]:
        """The editor's keys with their catalog names, the list's first."""
        sections = self.query_one(SectionList)
        found: list[tuple[Binding, str]] = []
        for node, names in ((sections, SectionList.KEY_NAMES), (self, self.KEY_NAMES)):
            for bindings in binding_table(node).values():
                found.extend((b, names[b.action]) for b in bindings if b.action in names)
        return found

    def action_editor_help(self) -> None:
        """F1: the editor's keys, then the app's."""
        from overleg.tui.bindings import key_help
        from overleg.tui.screens.help import HelpScreen

        t = self.texts
        rows = [
            (self.app.get_key_display(b), t(f"editor.palette.{name}"))
            for b, name in self._keys()
            if name != "help"
        ]
        self.app.push_screen(HelpScreen(rows + key_help(self.app, t)))

    def palette_commands(self) -> list[tuple[str, dict[str, Any], Any]]:
        """The editor's keys in the command palette (ctrl+p), by their words in either language."""
        seen: set[str] = set()
        commands: list[tuple[str, dict[str, Any], Any]] = []
        for binding, name in self._keys():
            if name not in seen and name != "help":
                seen.add(name)
                action = binding.action.removeprefix("screen.")
                commands.append((f"editor.palette.{name}", {}, partial(self.run_action, action)))
        return commands

    # ---- saving and leaving

    def action_save(self) -> None:
        t = self.texts
        try:
            saved = self.service.save_draft(self.draft)
        except NotSaved as refused:
            count = len(refused.problems)
            key = "editor.problems_one" if count == 1 else "editor.problems_other"
            said = t("editor.save.refused", problems=t(key, count=count))
            self.status = M("[$error]$text[/]", text=said)
            self.notify(said, severity="error", timeout=8)
            self.redraw_heading()
            return
        except OSError as error:
            said = t("editor.save.failed", error=error.strerror or str(error))
            self.status = M("[$error]$text[/]", text=said)
            self.notify(said, severity="error", timeout=10)
            self.redraw_heading()
            return
        self.saved = saved.path
        said = t(f"editor.save.{saved.reason}", path=str(saved.path))
        self.status = M("[$success]$text[/]", text=said)
        self.notify(said, timeout=8 if saved.copy else None)
        self.check = self.draft.check()  # the messages now name the file saved
        self.redraw_notes()
        self.redraw_heading()

    def action_back(self) -> None:
        """From a field back to the list; from the list out of the editor (asked when unsaved)."""
        from overleg.tui.screens.dialogs import ConfirmDialog

        sections = self.query_one(SectionList)
        if not sections.has_focus:
            sections.focus()
            return
        if not self.draft.changed:
            self.dismiss(self.saved)
            return
        t = self.texts

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(self.saved)

        body = t("editor.ask.close_body")
        self.app.push_screen(ConfirmDialog(t("editor.ask.close_title"), body), answered)
