"""The meeting screen: the agenda, the running item's phases and prompts, the round, the decision.

Single keys act while the contribution line is not focused; i (or enter) goes to the line, escape
leaves it. Its keys come from the chair's command table (`overleg.chair.commands`), which also says
when each applies; every command goes to the chair service, and the screen shows what comes back.
It redraws from the views when the meeting changes, and a half-second timer redraws the clocks.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList

from overleg.chair import views
from overleg.chair.commands import MEETING_COMMANDS
from overleg.chair.meeting import Chair, MinutesOnTable
from overleg.chair.outcome import Outcome, Question
from overleg.i18n import Texts
from overleg.tui.bindings import command_bindings, localize_bindings
from overleg.tui.host import host, report
from overleg.tui.screens.dialogs import (
    ActionDialog,
    AddItemDialog,
    ConfirmDialog,
    ConsentDialog,
    Field,
    MoveItemDialog,
    OrderDialog,
    PickDialog,
    ReviewDialog,
    TextDialog,
)
from overleg.tui.widgets.footer import QuietFooter
from overleg.tui.widgets.meeting import (
    ActionsPanel,
    AgendaList,
    ContributionLog,
    DecisionPanel,
    FloorPanel,
    GateLine,
    MeetingClock,
    MinutesPanel,
    PeopleList,
    PhaseStepper,
    PromptCard,
    UpdatingStatic,
    long_date,
)


class MeetingScreen(Screen[None]):
    """Where the meeting is run."""

    CSS_PATH = "meeting.tcss"
    #: Single keys act only while nothing is focused, so no widget takes focus by itself.
    AUTO_FOCUS = ""
    #: Textual's own, without its repaint of the whole screen on every focus change (~15 ms at
    #: 120x40, twice per note written): the widgets gaining and losing focus restyle themselves.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    BINDINGS = command_bindings(MEETING_COMMANDS)

    class Ended(Message):
        """The chair ended the meeting: the minutes are to be written and the summary shown."""

    def __init__(self, chair: Chair) -> None:
        super().__init__()
        self.chair = chair
        #: What `check_action` last depended on; the footer is recomposed only when it changes.
        self._binding_gates: tuple[bool, ...] | None = None
        #: A line whose name finds no one, said once: Enter again on the same line notes it as is.
        self._unknown_name: Question | None = None

    # ---- layout

    def compose(self) -> ComposeResult:
        # The parts are kept as attributes: a redraw reaches them without a query.
        self.title_line = UpdatingStatic(id="meeting-title")
        self.clock = MeetingClock(id="meeting-clock")
        self.agenda = AgendaList(id="agenda")
        self.banner = UpdatingStatic(id="banner")
        self.item_title = UpdatingStatic(id="item-title")
        self.stepper = PhaseStepper(id="stepper")
        self.gate = GateLine(id="gate")
        self.prompts = PromptCard(id="prompts")
        self.floor = FloorPanel(id="floor")
        self.decision = DecisionPanel(id="decision")
        self.actions = ActionsPanel(id="actions")
        self.minutes_panel = MinutesPanel(id="minutes")
        self.people = PeopleList(id="people")
        self.contributions = ContributionLog(id="log")
        self.note = Input(id="note", select_on_focus=False)
        self.main = Vertical(id="main")
        with Horizontal(id="topbar"):
            yield self.title_line
            yield self.clock
        with Horizontal(id="body"):
            yield self.agenda
            with self.main:
                yield self.banner
                yield self.item_title
                yield self.stepper
                yield self.gate
                yield self.prompts
                yield self.minutes_panel
                yield self.floor
                yield self.decision
                yield self.actions
                with Horizontal(id="lower"):
                    yield self.people
                    yield self.contributions
                yield self.note
        yield QuietFooter(compact=True)

    @property
    def texts(self) -> Texts:
        return host(self).texts

    def now(self) -> datetime:
        now: datetime = self.chair.now()
        return now

    def on_mount(self) -> None:
        self.agenda.can_focus = False
        localize_bindings(self, self.texts)
        self.watch(self.app, "revision", self.redraw)
        self.watch(self.app, "lang", self.relabel, init=False)
        # The clocks show whole seconds: one tick a second, just after the wall clock's second
        # turns, so every clock on screen moves in the same frame.
        self.set_timer(1.02 - time.time() % 1.0, self._start_ticking)
        self.call_after_refresh(host(self).freeze_heap)
        # What the first dialog or palette needs, loaded while the chair reads the screen.
        self.set_timer(1.5, _warm_up)

    def _start_ticking(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def relabel(self, _: object = None) -> None:
        localize_bindings(self, self.texts)
        self._binding_gates = None  # new words in the footer
        self.redraw()

    # ---- drawing

    def redraw(self, _: object = None) -> None:
        """Redraw from the views (after each change); each part draws only what differs."""
        state = self.chair.state
        texts = self.texts
        if state.control != getattr(self, "_control", "chair"):
            # The flow went to the note-taker's terminal, or came back: say so where it shows.
            key = (
                "ui.terminal.handed_over" if state.control == "notes" else "ui.terminal.taken_back"
            )
            self.notify(texts(key), timeout=8)
        self._control = state.control
        review = self.chair.is_review()
        head = views.head_view(state, review)
        self.title_line.show(_plain(head.meeting_title))
        self.item_title.show(_plain(head.item_title, bold=True))
        banner = self.banner
        banner.display = head.paused
        banner.show(_plain(texts("ui.paused.banner")))
        now = self.now()
        self.agenda.show_lines(views.agenda_lines(state, now), state.current, texts)
        self.gate.show_view(views.gate_view(state, self.chair.gate()), texts)
        self.prompts.show_view(views.prompt_view(state), texts)
        self.decision.show_view(views.decision_view(state), texts)
        self.actions.show_view(views.actions_view(state, review), texts)
        minutes = views.minutes_view(state, self._minutes_on_table())
        self.minutes_panel.show_view(minutes, texts)
        self.contributions.show_view(views.log_view(state), texts)
        main = self.main
        main.set_class(head.turns, "-turns")
        main.set_class(head.decision, "-decision")
        main.set_class(head.actions, "-actions")
        main.set_class(minutes.shown, "-minutes")
        note = self.note
        if head.speaker is None:
            placeholder = texts("ui.note.general")
        elif head.questions_only:
            placeholder = texts("ui.note.question_from", name=head.speaker)
        else:
            placeholder = texts("ui.note.for_speaker", name=head.speaker)
        if note.placeholder != placeholder:
            note.placeholder = placeholder
        self.tick()
        # Refreshing the bindings recomposes the whole footer (~10 ms): only when keys come or go.
        gates = tuple(self.chair.applies(c) for c in _GATES)
        if gates != self._binding_gates:
            self._binding_gates = gates
            self.refresh_bindings()

    def _minutes_on_table(self) -> MinutesOnTable | None:
        """The previous minutes, read only while the item that reviews them runs."""
        item = self.chair.state.item
        if item is None or item.spec.method != "minutes-review":
            return None
        return self.chair.minutes_on_table()

    def tick(self) -> None:
        """Redraw only what shows a running clock."""
        state = self.chair.state
        texts = self.texts
        now = self.now()
        self.clock.show_view(views.clock_view(state, now), texts)
        item = state.item
        if item is not None:
            self.agenda.show_line(views.agenda_line(item, now), texts)
        self.stepper.show_view(views.stepper_view(state, now), texts)
        self.people.show_lines(views.people_lines(state, now), texts)
        overrun = self.floor.show_view(views.floor_view(state, now), texts)
        if overrun and host(self).bell_enabled:
            self.app.bell()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a key applies now: the command table decides (the engine has the last word)."""
        return self.chair.applies(action)

    # ---- commands

    def run(self, command: str, **params: Any) -> Outcome:
        """Send a command to the chair service; ask what it asks; say what it says."""
        outcome = self.chair.run(command, **params)
        if outcome.question is not None:
            self.ask(outcome.question)
        else:
            report(self, outcome)
            if outcome.then:
                self.follow(outcome.then)
        return outcome

    def may_ask(self, command: str) -> bool:
        """Whether to open the dialog of `command`; if not, say why (paused, say) at once."""
        outcome = self.chair.before_asking(command)
        if not outcome.ok:
            report(self, outcome)
        return outcome.ok

    def ask(self, question: Question) -> None:
        """A rule wants the chair's word first: ask, and run the command again with the answer."""
        t = self.texts
        if question.kind == "gate":
            who = "\n".join(f"• {title}: {', '.join(names)}" for title, names in question.missing)

            def reason_given(values: dict[str, str] | None) -> None:
                if values is not None:
                    command, params = question.answered(values["reason"])
                    self.run(command, **params)

            self.app.push_screen(
                TextDialog(
                    t("ui.gate.dialog_title"),
                    [Field("reason", t("ui.gate.reason"))],
                    t("ui.gate.dialog_body", missing=who),
                ),
                reason_given,
            )
            return
        if question.kind in ("which_person", "unknown_person"):
            self.ask_person(question)
            return
        if question.kind == "unfinished":
            title = t("ui.item.unfinished_title", number=question.number)
            body = t(
                "ui.item.unfinished_body",
                number=question.number,
                phases=", ".join(question.phases),
            )
        elif question.kind == "end":
            title, body = t("ui.end.title"), t("ui.end.body")
            untreated = question.untreated
            if untreated:
                key = "ui.end.untreated_one" if len(untreated) == 1 else "ui.end.untreated"
                titles = ", ".join(f"{number}. {name}" for number, name in untreated)
                body = t(key, count=len(untreated), items=titles) + "\n\n" + body
        else:
            return

        def yes(answer: bool | None) -> None:
            if answer:
                command, params = question.answered(True)
                self.run(command, **params)

        self.app.push_screen(ConfirmDialog(title, body), yes)

    def ask_person(self, question: Question) -> None:
        """A name that means several people: pick one; a name that means no one: say so, and let
        Enter on the same line note it as typed. The line stays in the input until it is noted."""
        t = self.texts
        if question.kind == "unknown_person":
            self._unknown_name = question
            self.notify(t("ui.note.unknown", name=question.name), severity="warning", timeout=8)
            return

        def chosen(name: str | None) -> None:
            if name is None:
                return
            command, params = question.answered(name)
            if self.run(command, **params).ok and command == "note":
                self.note.value = ""
                self.set_focus(None)

        options = [(name, name) for name in question.candidates]
        title = t("ui.note.which_title", name=question.name)
        self.app.push_screen(PickDialog(title, options), chosen)

    def follow(self, then: str) -> None:
        """Open what the command leads to."""
        if then == "propose":
            self.propose()
        elif then == "consent":
            self.consent_round()
        elif then == "review":
            self.app.push_screen(ReviewDialog(self.texts("ui.review.title"), self.chair))
        elif then == "action":
            self.new_action(self.chair.action_owners())
        elif then == "finish":
            self.post_message(self.Ended())

    def action_next_speaker(self) -> None:
        self.run("next_speaker")

    def action_pass_turn(self) -> None:
        self.run("pass_turn")

    def action_next_phase(self) -> None:
        self.run("next_phase")

    def action_next_item(self) -> None:
        self.run("next_item")

    def action_open_item(self, index: int, by_place: bool = False) -> None:
        """Open item `index`; `by_place`: the item at that place (0-based) of the agenda as it
        stands, which the number keys give: items added, dropped or moved renumber it."""
        if by_place:
            self.run("open_item", number=index + 1)
        else:
            self.run("open_item", index=index)

    def action_goto_item(self) -> None:
        """Any item, also those past 9 that no number key reaches."""
        t = self.texts
        options = [
            (str(index), f"{title}  ({t(f'ui.item_status.{status}')})")
            for index, title, status in views.item_choices(self.chair.state)
        ]

        def chosen(index: str | None) -> None:
            if index is not None:
                self.action_open_item(int(index))

        # The cursor starts on the item after the running one: where a chair usually goes.
        ids = [key for key, _ in options]
        current = self.chair.state.current
        place = ids.index(str(current)) if str(current) in ids else -1
        following = ids[min(place + 1, len(ids) - 1)] if ids else "0"
        self.app.push_screen(PickDialog(t("ui.goto.title"), options, selected=following), chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "agenda" and event.option.id:
            self.action_open_item(int(event.option.id.removeprefix("item-")))

    def action_decision(self) -> None:
        """Go to the decision; then put a proposal on the table; then hold the consent round."""
        self.run("decision")

    def consent_round(self) -> None:
        """The consent dialog; when the chair chooses to amend the proposal, the proposal text."""

        def done(result: object) -> None:
            if result == "amend":
                self.propose(amend=True)

        self.app.push_screen(ConsentDialog(self.texts("ui.consent.title"), self.chair), done)

    def propose(self, amend: bool = False) -> None:
        """Put a proposal on the table; to amend, the one on the table is filled in to edit."""
        t = self.texts
        proposal = views.decision_view(self.chair.state).proposal if amend else None
        fields = [
            Field("text", t("ui.decision.text"), value=proposal.text if proposal else ""),
            Field(
                "rationale",
                t("ui.decision.rationale"),
                required=False,
                value=proposal.rationale if proposal else "",
            ),
        ]
        body = ""
        title = t("ui.decision.propose_title")
        if proposal is not None:
            title = t("ui.decision.amend_title")
            body = t(
                "ui.decision.amend_body",
                objections="\n".join(f"✗ {name}: {reason}" for name, reason in proposal.objections),
            )

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self.run("propose", text=values["text"], rationale=values["rationale"])

        self.app.push_screen(TextDialog(title, fields, body), done)

    def action_action(self) -> None:
        self.run("action")

    def action_review_actions(self) -> None:
        self.run("review_actions")

    def action_add_action(self) -> None:
        """A new action even in an action review (from the palette)."""
        if self.may_ask("add_action") and self.chair.state.item is not None:
            self.new_action(self.chair.action_owners(everyone=True))

    def new_action(self, people: list[str]) -> None:
        def done(result: tuple[str, str, date | None] | None) -> None:
            if result is not None:
                what, owner, due = result
                self.run("add_action", what=what, owner=owner, due=due)

        self.app.push_screen(
            ActionDialog(self.texts("ui.action.title"), people, self.now().date()), done
        )

    def _reason(self, title_key: str, command: str) -> None:
        if not self.may_ask(command):
            return
        t = self.texts
        item = self.chair.state.item
        title = t(title_key, title=item.spec.title if item else "")

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self.run(command, reason=values["reason"])

        self.app.push_screen(TextDialog(title, [Field("reason", t("ui.dialog.reason"))]), done)

    def action_defer(self) -> None:
        self._reason("ui.item.defer_title", "defer")

    def action_skip(self) -> None:
        self._reason("ui.item.skip_title", "skip")

    def action_extend(self) -> None:
        self.run("extend")

    def action_pause(self) -> None:
        self.run("pause")

    def action_order(self) -> None:
        self.app.push_screen(OrderDialog(self.texts("ui.order.title"), self.chair))

    def action_presence(self) -> None:
        """Note a late arrival or an early leave."""
        if not self.may_ask("presence"):
            return
        t = self.texts
        choices = self.chair.presence_choices()
        options = [
            (name, t("ui.presence.leaves" if here else "ui.presence.arrives", name=name))
            for name, here in choices
        ]
        here_now = dict(choices)

        def done(name: str | None) -> None:
            if name is not None:
                self.run("leave" if here_now[name] else "arrive", name=name)

        self.app.push_screen(PickDialog(t("ui.presence.title"), options), done)

    def action_guest(self) -> None:
        if not self.may_ask("guest"):
            return
        t = self.texts
        fields = [
            Field("name", t("ui.guest.name")),
            Field("discipline", t("ui.guest.discipline"), required=False),
        ]

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self.run("guest", name=values["name"], discipline=values["discipline"])

        self.app.push_screen(TextDialog(t("ui.guest.title"), fields), done)

    def action_contribute(self) -> None:
        self.note.focus()

    def action_leave_input(self) -> None:
        self.set_focus(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Write the gist of a contribution; "Name: text" puts it against someone else."""
        if event.input.id != "note":
            return
        event.stop()
        text = event.value.strip()
        if not text:
            self.set_focus(None)
            return
        unknown, self._unknown_name = self._unknown_name, None
        if unknown is not None and unknown.retry_params.get("text") == text:
            command, params = unknown.answered(True)  # said once, the chair means it as it is
            outcome = self.run(command, **params)
        else:
            outcome = self.run("note", text=text)
        if outcome.ok:
            # Back to the round: the chair's next key is usually "next speaker", not more text.
            event.input.value = ""
            self.set_focus(None)

    # ---- adopting the agenda at the table

    def action_add_item(self) -> None:
        """A new item from the method list; it comes after the items already taken up."""
        if not self.may_ask("add_item"):
            return
        t = self.texts
        methods = views.method_choices(t.language)
        people = list(self.chair.state.here())

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self.run("add_item", **values)

        self.app.push_screen(AddItemDialog(t("ui.agenda.add_title"), methods, people), done)

    def action_drop_item(self) -> None:
        """Drop an item not yet taken up, saying why if the chair wants to."""
        if not self.may_ask("drop_item"):
            return
        t = self.texts
        choices = views.open_choices(self.chair.state)
        if not choices:
            self.notify(t("ui.agenda.none_open"), severity="warning")
            return

        def reason_given(index: int, values: dict[str, str] | None) -> None:
            if values is not None:
                self.run("drop_item", index=index, reason=values["reason"])

        def chosen(index: str | None) -> None:
            if index is None:
                return
            title = dict(choices)[int(index)]
            field = Field("reason", t("ui.agenda.drop_reason"), required=False)
            self.app.push_screen(
                TextDialog(t("ui.agenda.drop_title"), [field], title),
                lambda values: reason_given(int(index), values),
            )

        options = [(str(index), title) for index, title in choices]
        body = t("ui.agenda.drop_body")
        self.app.push_screen(PickDialog(t("ui.agenda.drop_title"), options, body), chosen)

    def action_move_item(self) -> None:
        """Change the order: the agenda, with the items not yet taken up to move."""
        if not self.may_ask("move_item"):
            return
        t = self.texts
        if not views.open_choices(self.chair.state):
            self.notify(t("ui.agenda.none_open"), severity="warning")
            return
        self.app.push_screen(MoveItemDialog(t("ui.agenda.move_title"), self.chair))

    # ---- the previous minutes

    def action_amend(self) -> None:
        """Note an amendment to the previous minutes, at one of their items or at large."""
        if not self.may_ask("amend"):
            return
        t = self.texts
        table = self.chair.minutes_on_table()
        if table is None:
            self.run("amend", text="")  # the service says there is nothing on the table
            return
        items = ", ".join(f"{number}. {title}" for number, title in table.items)
        fields = [
            Field("number", t("ui.adopt.amend_item"), required=False),
            Field("text", t("ui.adopt.amend_text")),
            Field("by", t("ui.adopt.amend_by"), required=False),
        ]

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            number = values["number"].rstrip(".")
            if number and not number.isdigit():
                self.notify(t("ui.adopt.bad_number"), severity="warning")
                return
            self.run("amend", text=values["text"], number=int(number or 0), by=values["by"])

        body = t("ui.adopt.items", items=items) if items else ""
        self.app.push_screen(TextDialog(t("ui.adopt.amend_title"), fields, body), done)

    def action_adopt_minutes(self) -> None:
        """Adopt the previous minutes, once the chair confirms which and with what changes."""
        if not self.may_ask("adopt_minutes"):
            return
        t = self.texts
        table = self.chair.minutes_on_table()
        if table is None or (table.adopted_by and not table.adopted_here):
            self.run("adopt_minutes")  # the service says why not
            return
        day = views.minutes_view(self.chair.state, table).day
        params = {
            "title": table.title,
            "date": long_date(day, t) if day is not None else "",
            "count": len(table.amendments),
        }
        key = "ui.adopt.confirm_body" if table.amendments else "ui.adopt.confirm_unchanged"

        def yes(answer: bool | None) -> None:
            if answer:
                self.run("adopt_minutes")

        self.app.push_screen(ConfirmDialog(t("ui.adopt.confirm_title"), t(key, **params)), yes)

    def action_end_meeting(self) -> None:
        self.run("end_meeting")

    def action_corrections(self) -> None:
        """Put the record right: edit, re-attribute or delete what was noted, and more."""
        from overleg.tui.screens.corrections import CorrectionsScreen

        self.app.push_screen(CorrectionsScreen(self.texts("ui.correct.title"), self.chair))

    def action_undo(self) -> None:
        self.run("undo")

    def show_clients(self, shown: bool) -> None:
        """Whether the projector may show the household's names (it does not unless told)."""
        self.chair.set_display(show_clients=shown)
        key = "ui.palette.clients_shown" if shown else "ui.palette.clients_hidden"
        self.notify(self.texts(key))

    # ---- the palette's extra commands

    def palette_commands(self) -> list[tuple[str, dict[str, Any], Any]]:
        state = self.chair.state
        commands: list[tuple[str, dict[str, Any], Any]] = [
            ("ui.palette.add_action", {}, self.action_add_action),
        ]
        for item in state.items:
            commands.append(
                (
                    "ui.palette.open_item",
                    {"number": item.number, "title": item.spec.title},
                    lambda i=item.index: self.action_open_item(i),
                )
            )
        if self.chair.role == "chair":
            if state.control == "notes":
                commands.append(("ui.palette.take_back", {}, lambda: self.run("take_back")))
            else:
                commands.append(("ui.palette.hand_over", {}, lambda: self.run("hand_over")))
            shown = bool(self.chair.display().get("show_clients"))
            key = "ui.palette.hide_clients" if shown else "ui.palette.show_clients"
            commands.append((key, {}, lambda: self.show_clients(not shown)))
        # Adopting the agenda: the keys act while its item runs, the palette offers it throughout.
        if state.status in ("running", "paused"):
            for command in ("add_item", "drop_item", "move_item"):
                if not self.chair.applies(command):
                    action = getattr(self, f"action_{command}")
                    commands.append((f"ui.keys.{command}", {}, action))
        if self.chair.applies("give_floor"):
            for name in state.here():
                commands.append(
                    (
                        "ui.palette.give_floor",
                        {"name": name},
                        lambda n=name: self.run("give_floor", name=n),
                    )
                )
        return commands


#: The commands whose keys come and go with the meeting's state: the footer is recomposed when
#: one of them starts or stops applying.
_GATES = ("next_phase", "next_speaker", "add_item", "amend")


def _warm_up() -> None:
    """Import the modules the first palette and action dialog would otherwise load on the key."""
    import textual.command  # noqa: F401
    from textual.widgets import Select  # noqa: F401

    import overleg.tui.commands  # noqa: F401


def _plain(text: str, bold: bool = False) -> Content:
    content = Content(text)
    return content.stylize("bold") if bold else content
