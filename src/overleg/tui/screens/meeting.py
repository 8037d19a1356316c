"""The meeting screen: the agenda, the running item's phases and prompts, the round, the decision.

Single keys act while the contribution line is not focused; i (or enter) goes to the line, escape
leaves it. Every command goes through `OverlegApp.command`; the screen redraws when the app's
`revision` changes, and a half-second timer redraws only the clocks.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList

from overleg.engine import GateClosed, Meeting
from overleg.tui.screens.dialogs import (
    ActionDialog,
    ConfirmDialog,
    ConsentDialog,
    Field,
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
    PeopleList,
    PhaseStepper,
    PromptCard,
    UpdatingStatic,
)

EXTRA_TIME = 5 * 60
#: Actions that need a running item / a running round; hidden from the footer otherwise.
NEEDS_ITEM = {"next_phase", "decision", "action", "defer", "skip", "extend", "contribute"}
NEEDS_ROUND = {"next_speaker", "pass_turn", "order"}


class MeetingScreen(Screen[None]):
    """Where the meeting is run."""

    CSS_PATH = "meeting.tcss"
    #: Single keys act only while nothing is focused, so no widget takes focus by itself.
    AUTO_FOCUS = ""
    #: Textual's own, without its repaint of the whole screen on every focus change (~15 ms at
    #: 120x40, twice per note written): the widgets gaining and losing focus restyle themselves.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    BINDINGS = [
        Binding("space", "next_speaker", "next speaker", id="next_speaker"),
        Binding("x", "pass_turn", "pass", id="pass_turn"),
        Binding("n", "next_phase", "next phase", id="next_phase"),
        Binding("N,shift+n", "next_item", "next item", id="next_item", show=False),
        Binding("b", "decision", "decision", id="decision"),
        Binding("a", "action", "action", id="action"),
        Binding("i,enter", "contribute", "write", id="contribute"),
        Binding("escape", "leave_input", "leave", id="leave_input", show=False),
        Binding("o", "order", "order", id="order", show=False),
        Binding("plus", "extend", "+5 min", id="extend", show=False),
        Binding("p", "pause", "pause", id="pause"),
        Binding("d", "defer", "defer", id="defer", show=False),
        Binding("s", "skip", "skip", id="skip", show=False),
        Binding("l", "presence", "late/leave", id="presence", show=False),
        Binding("g", "guest", "guest", id="guest", show=False),
        Binding("e", "end_meeting", "end", id="end_meeting", show=False),
        *[
            Binding(str(n), f"open_item({n - 1})", f"item {n}", id=f"open_item_{n}", show=False)
            for n in range(1, 10)
        ],
    ]

    def __init__(self) -> None:
        super().__init__()
        self._overrun_rung = False
        #: What `check_action` last depended on; the footer is recomposed only when it changes.
        self._binding_gates: tuple[bool, bool] | None = None

    # ---- layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield UpdatingStatic(id="meeting-title")
            yield MeetingClock(id="meeting-clock")
        with Horizontal(id="body"):
            yield AgendaList(id="agenda")
            with Vertical(id="main"):
                yield UpdatingStatic(id="banner")
                yield UpdatingStatic(id="item-title")
                yield PhaseStepper(id="stepper")
                yield GateLine(id="gate")
                yield PromptCard(id="prompts")
                yield FloorPanel(id="floor")
                yield DecisionPanel(id="decision")
                yield ActionsPanel(id="actions")
                with Horizontal(id="lower"):
                    yield PeopleList(id="people")
                    yield ContributionLog(id="log")
                yield Input(id="note", select_on_focus=False)
        yield QuietFooter(compact=True)

    @property
    def meeting(self) -> Meeting:
        meeting = self.app.meeting
        assert meeting is not None, "the meeting screen needs a session"
        return meeting

    @property
    def texts(self) -> Any:
        return self.app.texts

    def now(self) -> datetime:
        return self.meeting.now()

    def on_mount(self) -> None:
        from overleg.tui.app import localize_bindings

        self.query_one("#agenda", AgendaList).can_focus = False
        localize_bindings(self, self.texts)
        self.watch(self.app, "revision", self.redraw)
        self.watch(self.app, "lang", self.relabel, init=False)
        self.set_interval(0.5, self.tick)
        self.call_after_refresh(self.app.freeze_heap)

    def relabel(self, _: object = None) -> None:
        from overleg.tui.app import localize_bindings

        localize_bindings(self, self.texts)
        self._binding_gates = None  # new words in the footer
        self.redraw()

    # ---- drawing

    def redraw(self, _: object = None) -> None:
        """Redraw everything from the engine's state (after each change)."""
        state = self.meeting.state
        texts = self.texts
        now = self.now()
        item = state.item
        phase = state.phase
        title = state.agenda.title if item is None else f"{item.number}. {item.spec.title}"
        self.query_one("#meeting-title", UpdatingStatic).show(_plain(state.agenda.title))
        self.query_one("#item-title", UpdatingStatic).show(_plain(title, bold=True))
        banner = self.query_one("#banner", UpdatingStatic)
        banner.display = state.status == "paused"
        banner.show(_plain(texts("ui.paused.banner")))
        self.query_one("#agenda", AgendaList).show_state(state, texts, now)
        self.query_one("#gate", GateLine).show_state(self.meeting, texts)
        self.query_one("#prompts", PromptCard).show_state(state, texts)
        self.query_one("#decision", DecisionPanel).show_state(state, texts)
        self.query_one("#actions", ActionsPanel).show_state(state, texts, self.is_review())
        self.query_one("#log", ContributionLog).show_state(state, texts)
        kind = phase.spec.kind if phase is not None else ""
        main = self.query_one("#main")
        main.set_class(phase is not None and phase.takes_turns, "-turns")
        main.set_class(
            kind == "decision" or bool(item and (item.decisions or item.proposal)), "-decision"
        )
        main.set_class(kind == "actions" or self.is_review(), "-actions")
        note = self.query_one("#note", Input)
        turn = state.turn
        note.placeholder = (
            texts("ui.note.for_speaker", name=turn.speaker)
            if turn is not None
            else texts("ui.note.general")
        )
        self.tick()
        # Refreshing the bindings recomposes the whole footer (~10 ms): only when keys come or go.
        gates = (item is None, phase is None or not phase.takes_turns)
        if gates != self._binding_gates:
            self._binding_gates = gates
            self.refresh_bindings()

    def tick(self) -> None:
        """Redraw only what shows a running clock."""
        state = self.meeting.state
        texts = self.texts
        now = self.now()
        self.query_one("#meeting-clock", MeetingClock).tick(state, texts, now)
        self.query_one("#agenda", AgendaList).tick(state, texts, now)
        self.query_one("#stepper", PhaseStepper).tick(state, texts, now)
        self.query_one("#people", PeopleList).tick(state, texts, now)
        if self.query_one(FloorPanel).tick(state, texts, now) and self.app.bell_enabled:
            self.app.bell()

    def is_review(self) -> bool:
        """The running item reviews the actions carried from the previous meeting."""
        item = self.meeting.state.item
        return item is not None and item.spec.method == "actions-review"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.app.meeting is None:
            return True
        state = self.meeting.state
        if action in NEEDS_ITEM and state.item is None:
            return False
        if action in NEEDS_ROUND:
            phase = state.phase
            if phase is None or not phase.takes_turns:
                return False
        return True

    # ---- commands

    def run(self, command: Any, *args: Any, **kwargs: Any) -> bool:
        return bool(self.app.command(command, *args, **kwargs))

    def action_next_speaker(self) -> None:
        self.run(self.meeting.next_speaker)

    def action_pass_turn(self) -> None:
        self.run(self.meeting.pass_turn)

    def action_next_phase(self) -> None:
        item = self.meeting.state.item
        if item is not None and item.phase is not None and item.phase + 1 >= len(item.phases):
            self.action_next_item()
            return
        self.run(self.meeting.next_phase, on_gate=lambda exc: self.ask_override(exc, None))

    def action_next_item(self) -> None:
        self.leave_item(lambda: self.run(self.meeting.next_item))

    def action_open_item(self, index: int) -> None:
        state = self.meeting.state
        if index >= len(state.items):
            return
        if index == state.current:
            self.run(self.meeting.start_item, index)  # says it is running already
            return
        # A closed item opens again where it stopped, with everything said so far kept.
        self.leave_item(lambda: self.run(self.meeting.start_item, index))

    def leave_item(self, then: Any) -> None:
        """Run `then`, which ends the running item; ask first while it still has phases to hold."""
        item = self.meeting.state.item
        left = self.meeting.unfinished_phases()
        if item is None or not left or self.meeting.state.status != "running":
            then()
            return
        t = self.texts

        def done(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(
            ConfirmDialog(
                t("ui.item.unfinished_title", number=item.number),
                t("ui.item.unfinished_body", number=item.number, phases=", ".join(left)),
            ),
            done,
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "agenda" and event.option.id:
            self.action_open_item(int(event.option.id.removeprefix("item-")))

    def ask_override(self, exc: GateClosed, phase: int | None) -> None:
        """The gate is shut: say who is missing; the chair may open it with a reason."""
        t = self.texts
        who = "\n".join(f"• {title}: {', '.join(names)}" for title, names in exc.missing)
        body = t("ui.gate.dialog_body", missing=who)

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            if phase is None:
                self.run(self.meeting.next_phase, override=values["reason"])
            else:
                self.run(self.meeting.goto_phase, phase, override=values["reason"])

        self.app.push_screen(
            TextDialog(t("ui.gate.dialog_title"), [Field("reason", t("ui.gate.reason"))], body),
            done,
        )

    def action_decision(self) -> None:
        """Go to the decision; then put a proposal on the table; then hold the consent round."""
        state = self.meeting.state
        item = state.item
        if item is None:
            return
        phase = state.phase
        t = self.texts
        if phase is None or phase.spec.kind != "decision":
            start = item.phase + 1 if item.phase is not None else 0
            ahead = [p.index for p in item.phases[start:] if p.spec.kind == "decision"]
            if not ahead:
                self.notify(t("ui.decision.no_phase"), severity="warning")
                return
            index = ahead[0]
            self.run(
                self.meeting.goto_phase, index, on_gate=lambda exc: self.ask_override(exc, index)
            )
            return
        if item.proposal is None:
            self.propose()
        else:
            self.consent_round()

    def consent_round(self) -> None:
        """The consent dialog; when the chair chooses to amend the proposal, the proposal text."""

        def done(result: object) -> None:
            if result == "amend":
                self.propose(amend=True)

        self.app.push_screen(ConsentDialog(self.texts("ui.consent.title")), done)

    def propose(self, amend: bool = False) -> None:
        """Put a proposal on the table; to amend, the one on the table is filled in to edit."""
        t = self.texts
        item = self.meeting.state.item
        proposal = item.proposal if item is not None and amend else None
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
            objections = [v for v in proposal.votes.values() if v.vote == "object"]
            body = t(
                "ui.decision.amend_body",
                objections="\n".join(f"✗ {v.name}: {v.reason}" for v in objections),
            )

        def done(values: dict[str, str] | None) -> None:
            if values is not None and self.run(
                self.meeting.propose, values["text"], values["rationale"]
            ):
                self.consent_round()

        self.app.push_screen(TextDialog(title, fields, body), done)

    def action_action(self) -> None:
        t = self.texts
        state = self.meeting.state
        if self.is_review() and any(a.origin for a in state.actions):
            self.app.push_screen(ReviewDialog(t("ui.review.title")))
            return
        people = [
            p.name for p in state.people.values() if p.attendance == "present" or p.guest
        ] or list(state.people)
        # The owner may be absent today (with notice); so offer everyone, those present first.
        people += [n for n in state.people if n not in people]

        def done(result: tuple[str, str, Any] | None) -> None:
            if result is not None:
                what, owner, due = result
                self.run(self.meeting.add_action, what, owner, due)

        self.app.push_screen(ActionDialog(t("ui.action.title"), people, self.now().date()), done)

    def action_add_action(self) -> None:
        """A new action even in an action review (from the palette)."""
        item = self.meeting.state.item
        if item is None:
            return
        t = self.texts
        people = list(self.meeting.state.people)

        def done(result: tuple[str, str, Any] | None) -> None:
            if result is not None:
                self.run(self.meeting.add_action, *result)

        self.app.push_screen(ActionDialog(t("ui.action.title"), people, self.now().date()), done)

    def _reason(self, title_key: str, then: Any) -> None:
        t = self.texts
        item = self.meeting.state.item
        title = t(title_key, title=item.spec.title if item else "")

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                then(values["reason"])

        self.app.push_screen(TextDialog(title, [Field("reason", t("ui.dialog.reason"))]), done)

    def action_defer(self) -> None:
        self._reason(
            "ui.item.defer_title", lambda reason: self.run(self.meeting.defer_item, reason)
        )

    def action_skip(self) -> None:
        self._reason("ui.item.skip_title", lambda reason: self.run(self.meeting.skip_item, reason))

    def action_extend(self) -> None:
        if self.run(self.meeting.extend, EXTRA_TIME):
            self.notify(self.texts("ui.item.extended", minutes=EXTRA_TIME // 60))

    def action_pause(self) -> None:
        if self.meeting.state.status == "paused":
            self.run(self.meeting.resume)
        else:
            self.run(self.meeting.pause)

    def action_order(self) -> None:
        self.app.push_screen(OrderDialog(self.texts("ui.order.title")))

    def action_presence(self) -> None:
        """Note a late arrival or an early leave."""
        t = self.texts
        state = self.meeting.state
        options = []
        for person in state.people.values():
            key = "ui.presence.leaves" if person.here else "ui.presence.arrives"
            options.append((person.name, t(key, name=person.name)))

        def done(name: str | None) -> None:
            if name is None:
                return
            person = self.meeting.state.people[name]
            self.run(self.meeting.leave if person.here else self.meeting.arrive, name)

        self.app.push_screen(PickDialog(t("ui.presence.title"), options), done)

    def action_guest(self) -> None:
        t = self.texts
        fields = [
            Field("name", t("ui.guest.name")),
            Field("discipline", t("ui.guest.discipline"), required=False),
        ]

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self.run(self.meeting.add_guest, values["name"], values["discipline"])

        self.app.push_screen(TextDialog(t("ui.guest.title"), fields), done)

    def action_contribute(self) -> None:
        self.query_one("#note", Input).focus()

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
        speaker = None
        name, sep, rest = text.partition(":")
        if sep and name.strip() in self.meeting.state.people and rest.strip():
            speaker, text = name.strip(), rest.strip()
        state = self.meeting.state
        if state.phase is None:
            ok = self.run(self.meeting.add_note, text)
        else:
            ok = self.run(self.meeting.note, text, speaker)
        if ok:
            # Back to the round: the chair's next key is usually "next speaker", not more text.
            event.input.value = ""
            self.set_focus(None)

    def action_end_meeting(self) -> None:
        t = self.texts

        def done(yes: bool | None) -> None:
            if yes and self.run(self.meeting.end):
                self.app.finish_meeting()

        body = t("ui.end.body")
        untreated = [i for i in self.meeting.state.items if i.status == "todo"]
        if untreated:
            key = "ui.end.untreated_one" if len(untreated) == 1 else "ui.end.untreated"
            titles = ", ".join(f"{i.number}. {i.spec.title}" for i in untreated)
            body = t(key, count=len(untreated), items=titles) + "\n\n" + body
        self.app.push_screen(ConfirmDialog(t("ui.end.title"), body), done)

    # ---- the palette's extra commands

    def palette_commands(self) -> list[tuple[str, dict[str, Any], Any]]:
        state = self.meeting.state
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
        phase = state.phase
        if phase is not None and phase.takes_turns:
            for name in state.here():
                commands.append(
                    (
                        "ui.palette.give_floor",
                        {"name": name},
                        lambda n=name: self.run(self.meeting.give_floor, n),
                    )
                )
        return commands


def _plain(text: str, bold: bool = False) -> Any:
    from textual.content import Content

    content = Content(text)
    return content.stylize("bold") if bold else content
