"""The note-taker's terminal (`overleg notes`): the meeting as the chair runs it, live, and a line
to write the gist of each contribution against its speaker.

It is the meeting screen with another layout and other gates (a subclass: the chair's commands,
questions and dialogs work here exactly as there, for when the chair hands the flow over). Every
command goes to the chair service and what comes back is shown the same way. The
note-taker writes notes, corrects the record (w), drafts the proposal (v) and adds actions (a);
the flow (next speaker, next phase, decision...) is the chair's until the chair hands it over
(`state.control == "notes"`), and only then do those keys show and act here.

A line is sent with `seen`, the last event on screen when typing began: when another terminal
moved the meeting on meanwhile, the service refuses it, says what changed, and the text stays.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input

from overleg import names
from overleg.chair import views
from overleg.chair.commands import FLOW_COMMANDS
from overleg.chair.meeting import Chair
from overleg.chair.outcome import Outcome, Question
from overleg.i18n import Texts
from overleg.tui.host import host
from overleg.tui.screens.dialogs import Field, PickDialog, TextDialog
from overleg.tui.screens.meeting import MeetingScreen
from overleg.tui.textual_private import binding_table
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

M = Content.from_markup

#: The screen's own keys that open a dialog whose commands move the flow: they follow the
#: command they lead to.
_LEADS_TO = {"goto_item": "open_item", "order": "move_speaker", "presence": "arrive"}

#: The note-taker's keys in the footer while the chair leads; once the flow is handed over the
#: chair's keys need the room (F1 and the palette still list these).
_OWN_FOOTER_KEYS = ("w", "k", "v")

#: The panels' hints that name the chair's keys, and what they say here while the chair leads.
_CHAIR_HINTS = {
    "ui.floor.nobody": "ui.notes.floor_nobody",
    "ui.floor.round_complete": "ui.notes.floor_round_complete",
    "ui.floor.asked_again": "ui.notes.floor_asked_again",
    "ui.decision.hint_consent": "ui.notes.hint_consent",
    "ui.decision.hint_propose": "ui.notes.hint_propose",
    "ui.prompt.kind.decision": "ui.notes.prompt_decision",
    "ui.meeting.no_item": "ui.notes.no_item",
}


class NotesTexts(Texts):
    """The screen's texts with the chair's key hints in the note-taker's words."""

    def __call__(self, key: str, /, **params: Any) -> str:
        return super().__call__(_CHAIR_HINTS.get(key, key), **params)


class NotesScreen(MeetingScreen):
    """Where the note-taker follows the meeting and writes it down."""

    CSS_PATH = "notes.tcss"
    #: The meeting screen's keys (the flow keys act only once handed over), and the note-taker's.
    BINDINGS = [
        Binding("w", "corrections", "corrections", id="corrections"),
        Binding("k", "notes_earlier", "earlier speaker", id="notes_earlier"),
        # Also while typing: the line takes the letters, not ctrl+o.
        Binding("ctrl+o", "notes_earlier", "earlier speaker", id="notes_earlier", show=False),
        Binding("v", "notes_propose", "proposal", id="notes_propose"),
    ]

    def __init__(self, chair: Chair) -> None:
        super().__init__(chair)
        #: The last event drawn, and the one drawn when the line got its first character: what
        #: the note-taker saw when they began to write (None while the line is empty).
        self._notes_drawn = 0
        self._notes_seen: int | None = None
        #: Who moves the meeting as last drawn (a change is said once).
        self._notes_control: str | None = None
        #: A line whose name finds no one, said once: Enter again on it notes it as typed.
        self._notes_unknown: Question | None = None
        self._notes_gates: tuple[bool | None, ...] | None = None
        self._notes_hints: NotesTexts | None = None

    # ---- layout

    def compose(self) -> ComposeResult:
        # The meeting screen's names for its parts: its commands and dialogs reach them by these.
        self.title_line = UpdatingStatic(id="notes-title")
        self.clock = MeetingClock(id="notes-clock")
        self.control_line = UpdatingStatic(id="notes-control")
        self.agenda = AgendaList(id="agenda")
        self.banner = UpdatingStatic(id="notes-banner")
        self.item_title = UpdatingStatic(id="notes-item")
        self.stepper = PhaseStepper(id="notes-stepper")
        self.gate = GateLine(id="notes-gate")
        self.prompts = PromptCard(id="notes-prompts")
        self.floor = FloorPanel(id="notes-floor")
        self.decision = DecisionPanel(id="notes-decision")
        self.actions = ActionsPanel(id="notes-actions")
        self.people = PeopleList(id="notes-people")
        self.contributions = ContributionLog(id="notes-log")
        self.note = Input(id="note", select_on_focus=False)
        self.main = Vertical(id="notes-main")
        with Horizontal(id="notes-topbar"):
            yield self.title_line
            yield self.clock
        yield self.control_line
        with Horizontal(id="notes-body"):
            yield self.agenda
            with self.main:
                yield self.banner
                yield self.item_title
                yield self.stepper
                # In a box: the gate line sets its own display, the box says whether it shows.
                with Vertical(id="notes-gate-box"):
                    yield self.gate
                yield self.prompts
                yield self.floor
                yield self.decision
                yield self.actions
                with Horizontal(id="notes-lower"):
                    yield self.people
                    yield self.contributions
                yield self.note
        yield QuietFooter(compact=True)

    def on_mount(self) -> None:
        # Textual runs the meeting screen's `on_mount` after this one (handlers of every class).
        # A steady cursor: the line sits focused for hours, and a blink redraws it twice a
        # second (it doubled what this terminal costs while nothing happens).
        self.note.cursor_blink = False
        if not self.in_control:
            self.note.focus()  # writing is what this terminal is for

    @property
    def in_control(self) -> bool:
        """The chair has handed the flow to this terminal."""
        return self.chair.state.control == "notes"

    # ---- drawing

    def redraw(self, _: object = None) -> None:
        """Redraw from the views; each part draws only what differs."""
        chair = self.chair
        state = chair.state
        texts = self.texts
        review = chair.is_review()
        head = views.head_view(state, review)
        yours = self.in_control
        self.title_line.show(Content(head.meeting_title))
        self._show_who_leads(state.status, yours)
        self.item_title.show(Content(head.item_title).stylize("bold"))
        self.banner.display = head.paused
        self.banner.show(Content(texts("ui.paused.banner")))
        now = self.now()
        self.agenda.show_lines(views.agenda_lines(state, now), state.current, texts)
        if yours:  # who is still to be heard matters to the one who moves on
            self.gate.show_view(views.gate_view(state, chair.gate()), texts)
        hints = self._hints()
        self.prompts.show_view(views.prompt_view(state), hints)
        self.decision.show_view(views.decision_view(state), hints)
        self.actions.show_view(views.actions_view(state, review), texts)
        self.contributions.show_view(views.log_view(state), texts)
        main = self.main
        main.set_class(head.turns, "-turns")
        main.set_class(head.decision, "-decision")
        main.set_class(head.actions, "-actions")
        main.set_class(yours, "-yours")
        self._show_line_hint(state.status, head)
        self._notes_drawn = state.last_seq
        self.tick()
        # Refreshing the bindings recomposes the footer: only when a key comes or goes.
        gates = (yours, *(self.check_action(action, ()) for action in self._notes_actions()))
        if gates != self._notes_gates:
            self._notes_gates = gates
            self.refresh_bindings()

    def _show_who_leads(self, status: str, yours: bool) -> None:
        """Who moves the meeting, always in sight; a change is said once as it comes."""
        t = self.texts
        if status == "new":
            key = "ui.notes.not_started"
        elif status == "ended":
            key = "ui.notes.ended"
        else:
            key = "ui.notes.control_you" if yours else "ui.notes.control_chair"
        self.control_line.show(
            M("[b]$role[/]  $text", role=t("ui.notes.role"), text=t(key))
            if not yours or status == "ended"
            else M("[b]▶ $text[/]", text=t(key))
        )
        self.control_line.set_class(yours and status != "ended", "-yours")
        control = "notes" if yours else "chair"
        if control == self._notes_control:
            return
        if self._notes_control is not None:
            said = "ui.notes.handed_over" if yours else "ui.notes.taken_back"
            self.notify(t(said), severity="warning" if yours else "information", timeout=8)
            if yours and isinstance(self.focused, Input) and not self.note.value:
                self.set_focus(None)  # the flow keys act at once
        self._notes_control = control
        for panel in (self.floor, self.decision, self.prompts, self.stepper):
            panel._view = None  # their hints read differently now: drawn again
        table = binding_table(self)
        for key in _OWN_FOOTER_KEYS:
            table[key] = [replace(b, show=not yours) for b in table.get(key, [])]

    def _show_line_hint(self, status: str, head: views.HeadView) -> None:
        t = self.texts
        if status == "ended":
            placeholder = t("ui.notes.closed")
        elif head.speaker is None:
            placeholder = t("ui.notes.general")
        elif head.questions_only:
            placeholder = t("ui.notes.question_from", name=head.speaker)
        else:
            placeholder = t("ui.notes.for_speaker", name=head.speaker)
        if self.note.placeholder != placeholder:
            self.note.placeholder = placeholder

    def tick(self) -> None:
        """Redraw only what shows a running clock (the floor with the note-taker's hints)."""
        state = self.chair.state
        texts = self.texts
        now = self.now()
        self.clock.show_view(views.clock_view(state, now), texts)
        item = state.item
        if item is not None:
            self.agenda.show_line(views.agenda_line(item, now), texts)
        self.stepper.show_view(views.stepper_view(state, now), self._hints())
        self.people.show_lines(views.people_lines(state, now), texts)
        overrun = self.floor.show_view(views.floor_view(state, now), self._hints())
        if overrun and host(self).bell_enabled:
            self.app.bell()

    def _hints(self) -> Texts:
        """The texts for the panels that name keys: the chair's once handed over, else ours."""
        texts = self.texts
        if self.in_control:
            return texts
        if self._notes_hints is None or self._notes_hints.language != texts.language:
            self._notes_hints = NotesTexts(texts.language)
        return self._notes_hints

    def relabel(self, _: object = None) -> None:
        self._notes_gates = None  # new words in the footer
        super().relabel()

    def _notes_actions(self) -> list[str]:
        """Every action a key of this screen gives, once ("open_item(0)" as "open_item")."""
        table = binding_table(self)
        return list(dict.fromkeys(b.action.partition("(")[0] for k in table.values() for b in k))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a key applies now: the flow keys only once the chair has handed the flow over;
        then, as for every key, the command table decides (the service has the last word)."""
        state = self.chair.state
        if action == "notes_earlier":
            return state.phase is not None
        if action == "notes_propose":
            return self._draft_allowed()
        if _LEADS_TO.get(action, action) in FLOW_COMMANDS and state.control != "notes":
            return False
        return self.chair.applies(action)

    def _draft_allowed(self) -> bool:
        """A decision phase runs and no one has answered the proposal yet (a draft to write or
        to rewrite; once the consent round has begun, amending it is the chair's)."""
        state = self.chair.state
        if views.prompt_view(state).kind != "decision":
            return False
        proposal = views.decision_view(state).proposal
        return proposal is None or not (proposal.consent or proposal.object or proposal.abstain)

    # ---- commands

    def follow(self, then: str) -> None:
        """As on the chair's console; but the consent round after a proposal is the chair's."""
        if then == "consent" and not self.in_control:
            self.notify(self.texts("ui.notes.proposed"))
            return
        super().follow(then)

    def ask_person(self, question: Question) -> None:
        """As on the chair's console, and the answer is checked against what was on screen."""
        t = self.texts
        if question.kind == "unknown_person":
            self._notes_unknown = question
            self.notify(t("ui.note.unknown", name=question.name), severity="warning", timeout=8)
            return
        seen = self._line_seen()

        def chosen(name: str | None) -> None:
            if name is None:
                return
            command, params = question.answered(name)
            if command == "note":
                self._line_noted(self.run(command, seen=seen, **params))
            else:
                self.run(command, **params)

        options = [(name, name) for name in question.candidates]
        title = t("ui.note.which_title", name=question.name)
        self.app.push_screen(PickDialog(title, options), chosen)

    def _line_seen(self) -> int:
        return self._notes_seen if self._notes_seen is not None else self._notes_drawn

    def on_input_changed(self, event: Input.Changed) -> None:
        """The first character of a line: what is on screen now is what the line is about."""
        if event.input.id != "note":
            return
        if not event.value:
            self._notes_seen = None
        elif self._notes_seen is None:
            self._notes_seen = self._notes_drawn

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Write the gist of a contribution; "Name: text" puts it against someone else. The line
        is cleared only once noted: refused (the meeting moved on meanwhile), it stays."""
        if event.input.id != "note":
            return
        event.stop()
        event.prevent_default()  # instead of the chair's console's handler, not before it
        text = event.value.strip()
        if not text:
            if self.in_control:
                self.set_focus(None)
            return
        seen = self._line_seen()
        unknown, self._notes_unknown = self._notes_unknown, None
        if unknown is not None and unknown.retry_params.get("text") == text:
            command, params = unknown.answered(True)  # said once, they mean it as it is
            outcome = self.run(command, seen=seen, **params)
        else:
            outcome = self.run("note", text=text, seen=seen)
        self._line_noted(outcome)

    def _line_noted(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.note.value = ""
            self._notes_seen = None
            if self.in_control:
                # Back to the round: the next key is usually "next speaker", not more text.
                self.set_focus(None)
            else:
                self.note.focus()
        elif outcome.refusal is not None:
            # They have now been told what changed: Enter again means the meeting as it is.
            self._notes_seen = self.chair.state.last_seq

    def action_notes_earlier(self) -> None:
        """Put the line against someone else than the one with the floor: an earlier speaker of
        this round first, then anyone here. The name goes in front of the line ("Name: text")."""
        t = self.texts
        state = self.chair.state
        phase = state.phase
        spoke: list[str] = []
        current = None
        if phase is not None:
            current = phase.current.speaker if phase.current is not None else None
            spoke = list(dict.fromkeys(x.speaker for x in reversed(phase.turns) if not x.passed))
        others = [n for n in state.here() if n not in spoke]
        options = []
        for name in spoke:
            key = "ui.notes.pick_current" if name == current else "ui.notes.pick_heard"
            options.append((name, t(key, name=name)))
        options.extend((name, name) for name in others)
        earlier = next((n for n in spoke if n != current), None)

        def chosen(name: str | None) -> None:
            if name is not None:
                self._line_for(name)

        title = t("ui.notes.pick_title")
        self.app.push_screen(PickDialog(title, options, selected=earlier), chosen)

    def _line_for(self, name: str) -> None:
        """Put `name` in front of the line, in place of a name already there."""
        line = self.note
        text = line.value
        said = names.addressed(text, self.chair.state.people)
        if said is not None:
            text = said[1]
        line.value = f"{name}: {text.lstrip()}"
        line.cursor_position = len(line.value)
        line.focus()

    def action_notes_propose(self) -> None:
        """Write the proposal's text and rationale (or rewrite the draft on the table)."""
        if not self.may_ask("propose"):
            return
        t = self.texts
        proposal = views.decision_view(self.chair.state).proposal
        fields = [
            Field("text", t("ui.decision.text"), value=proposal.text if proposal else ""),
            Field(
                "rationale",
                t("ui.decision.rationale"),
                required=False,
                value=proposal.rationale if proposal else "",
            ),
        ]
        title = t("ui.notes.propose_edit_title" if proposal else "ui.decision.propose_title")

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self.run("propose", text=values["text"], rationale=values["rationale"])

        self.app.push_screen(TextDialog(title, fields), done)

    def palette_commands(self) -> list[tuple[str, dict[str, Any], Any]]:
        """The chair's extra commands; those that move the flow only once handed over."""
        commands = super().palette_commands()
        if self.in_control:
            return commands
        return [c for c in commands if c[0] == "ui.palette.add_action"]
