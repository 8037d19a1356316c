"""One meeting in the chair's hands: start it, run its commands, finish it (`Chair`), and its
minutes (`Minutes`). Made by `overleg.chair.service.Service.prepare` and `.open`.

`Chair` is the one user of `Session`: the engine's commands go through `Chair.run`, which turns
every refusal, a shut gate and a disk that will not write into an `Outcome`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overleg import names, store
from overleg.agenda import PRESENT, Agenda, DurationError, Participant, parse_duration
from overleg.chair.commands import CHAIR_ONLY, COMMANDS, FLOW_COMMANDS, applies
from overleg.chair.outcome import DONE, NOTHING, Message, Outcome, Question
from overleg.journal import JournalError
from overleg.refused import GateClosed, Refused
from overleg.store import Terminal

if TYPE_CHECKING:
    # The engine and the session load when a meeting starts or opens (`Chair.start`,
    # `Service.open`): the attendance screen's first frame needs neither.
    from overleg.chair.service import Service
    from overleg.engine import Meeting, MeetingState
    from overleg.session import Session

#: The method of the item that reviews (and adopts) the previous meeting's minutes.
MINUTES_REVIEW = "minutes-review"
#: Time the chair adds to a running item with one key.
EXTRA_TIME = 5 * 60


@dataclass(frozen=True)
class MinutesFiles:
    """Where a meeting's minutes are: the record (TOML) and the readable minutes (Markdown)."""

    toml: Path
    markdown: Path
    #: The pseudonymised version, once written.
    share: Path | None = None

    @property
    def folder(self) -> Path:
        return self.markdown.parent

    @property
    def names(self) -> list[str]:
        return [p.name for p in (self.toml, self.markdown, self.share) if p is not None]


class Minutes:
    """The minutes of one meeting: where they are, writing them, and the version to share.

    Safe to use from a worker thread: it reads the state it is given and writes files only.
    """

    def __init__(self, folder: Path, state: MeetingState) -> None:
        self.folder = folder
        self.state = state

    @property
    def has_clients(self) -> bool:
        """An item names a household or client (a case meeting): the minutes hold names that
        the version to share replaces."""
        return any(item.spec.clients for item in self.state.items)

    def files(self) -> MinutesFiles | None:
        """The minutes written so far, if both files are there."""
        toml, markdown = self.folder / store.MINUTES_TOML, self.folder / store.MINUTES_MD
        if not (toml.exists() and markdown.exists()):
            return None
        share = self.folder / store.MINUTES_SHARE_MD
        return MinutesFiles(toml, markdown, share if share.exists() else None)

    def write(self, every: bool = False) -> MinutesFiles:
        """Write both minutes files beside the journal; `every`: each other version there too."""
        from overleg.session import write_minutes

        toml, markdown = write_minutes(self.folder, self.state, every)
        return MinutesFiles(toml, markdown)

    def write_share(self) -> Path:
        """Write the minutes with the household's names replaced (cliënt A, ...), to share them."""
        from overleg import minutes

        record = minutes.build_record(self.state, meeting_id=self.folder.name)
        text = minutes.render_markdown(minutes.pseudonymise(record))
        path = self.folder / store.MINUTES_SHARE_MD
        store.write_atomic(path, text.encode("utf-8"))
        return path

    def text(self) -> str:
        """The Markdown minutes as written."""
        return (self.folder / store.MINUTES_MD).read_text("utf-8")

    def to_copy(self, full: bool = False) -> tuple[str, Path]:
        """What the clipboard gets, and the file that holds the same text.

        A meeting with clients gives the version to share (written first, `write_share`) unless
        `full`: what is pasted travels further than the chair may mean it to. Without clients
        there are no names to replace, and the minutes are copied as they are.
        """
        path = (
            self.write_share() if self.has_clients and not full else self.folder / store.MINUTES_MD
        )
        return path.read_text("utf-8"), path


class Chair:
    """One meeting in the chair's hands: start it, run its commands, finish it."""

    def __init__(self, service: Service, agenda: Agenda, session: Session | None = None) -> None:
        self.service = service
        self.agenda = agenda
        self.session = session
        self._listeners: list[Callable[[], None]] = []
        #: Why following the other terminals stopped (a damaged line), or "".
        self.follow_problem = ""
        #: The minutes on the table, as last read: (folder, journal mtime, own last seq), table.
        self._table: tuple[tuple[Path, int, int], MinutesOnTable | None] | None = None

    @property
    def role(self) -> str:
        """This terminal's part: "chair", "notes" (the note-taker's) or "projector"."""
        return self.session.role if self.session is not None else "chair"

    # ---- reading

    @property
    def started(self) -> bool:
        return self.session is not None and self.session.state.status != "new"

    @property
    def state(self) -> MeetingState:
        """The meeting's state (a session exists: the meeting has been started or resumed)."""
        if self.session is None:
            raise RuntimeError("the meeting has not been started")
        return self.session.state

    @property
    def status(self) -> str:
        return self.session.state.status if self.session is not None else "new"

    @property
    def folder(self) -> Path | None:
        return self.session.folder if self.session is not None else None

    @property
    def is_open(self) -> bool:
        """Started and not yet ended."""
        return self.status in ("running", "paused")

    def now(self) -> Any:
        if self.session is not None:
            return self.session.meeting.now()
        return self.service.clock()

    def warnings(self) -> list[str]:
        return list(self.session.warnings) if self.session is not None else []

    def applies(self, command_id: str) -> bool:
        """Whether `command_id` can act now (a key shown, an entry in the palette)."""
        command = COMMANDS.get(command_id)
        if command is None:
            return True
        if self.session is not None and (
            self._not_yours(command_id) or self._not_in_control(command_id)
        ):
            return False  # this terminal's role does not give it (now)
        state = self.session.state if self.session is not None else None
        return applies(command, state)

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every change to the meeting (the screens redraw)."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # ---- starting

    def default_roles(self) -> tuple[str, str]:
        """The chair and the minute-taker as the agenda names them (else the first participant)."""
        return default_roles(self.agenda)

    def start(
        self,
        attendance: dict[str, str],
        chair: str,
        minute_taker: str,
        guests: Iterable[Participant] = (),
    ) -> Outcome:
        """Open the meeting at its first item; the folder is made only once the engine accepts."""
        from overleg.engine import Meeting
        from overleg.session import Session

        guests = list(guests)
        try:
            # A trial run first, so a refusal leaves no empty meeting folder behind.
            Meeting(self.agenda, self.service.clock).start(attendance, chair, minute_taker, guests)
        except Refused as exc:
            return _refused(exc)
        notice = None
        try:
            if self.session is None:
                self.session = Session.create(self.agenda, self.service.root, self.service.clock)
            session = self.session
            with session.change():
                notice = self._start(session, attendance, chair, minute_taker, guests)
        except Refused as exc:
            return _refused(exc)
        except (OSError, JournalError):
            started = self.session is not None and self.session.state.status != "new"
            if started:  # the start is on disk, the first item is not: show what was saved
                self._changed()
            return Outcome(False, disk_error=True, partial=started)
        self._changed()
        return Outcome(True, notice=notice)

    def _start(
        self,
        session: Session,
        attendance: dict[str, str],
        chair: str,
        minute_taker: str,
        guests: list[Participant],
    ) -> Message | None:
        notice = None
        meeting = session.meeting
        if meeting.state.status == "new":
            try:
                carried = session.carried_actions()
            except JournalError:
                # The series' previous meeting is damaged: this one starts all the same.
                carried = []
                notice = Message("ui.start.previous_damaged", severity="warning")
            meeting.start(attendance, chair, minute_taker, guests, carried_actions=carried)
        elif any(i.status != "todo" for i in meeting.state.items):
            raise Refused("already_started")
        # Also when a first try wrote the start but not the first item (a full disk).
        if meeting.state.items and meeting.state.current is None:
            meeting.start_item(0)
        return notice

    # ---- running

    def run(self, command_id: str, **params: Any) -> Outcome:
        """Carry out one of the chair's commands (see `overleg.chair.commands`).

        A refusal of the engine comes back as `Outcome.refusal`; a rule that wants the chair's word
        first as `Outcome.question`; a journal that cannot be written as `Outcome.disk_error`, with
        nothing changed. Listeners hear of every change.
        """
        if self.session is None:
            return Outcome(False, refusal=Message("engine.not_started", severity="warning"))
        handler = getattr(self, f"_do_{command_id}", None)
        if handler is None:
            raise KeyError(f"no such command: {command_id}")
        #: The last event the screen showed when the command was given (see `_moved_on`).
        seen = params.pop("seen", None)
        refusal = self._not_yours(command_id)
        if refusal is not None:
            return Outcome(False, refusal=refusal)
        meeting = self.session.meeting
        before = meeting.state.last_seq
        try:
            with self.session.change() as new:
                ended = meeting.state.status == "ended"
                before = meeting.state.last_seq
                # Checked against the meeting as it is now: the chair may just have handed over.
                moved = self._not_in_control(command_id) or _moved_on(
                    meeting.state, meeting.events, seen
                )
                if moved is not None:
                    outcome = Outcome(False, refusal=moved)
                else:
                    outcome = self._carry_out(handler, meeting, command_id, params)
        except (OSError, JournalError):
            # The journal could not be read, locked or written: that event was not applied.
            # A command of several events may have written some first.
            outcome = Outcome(False, disk_error=True, partial=meeting.state.last_seq != before)
            new, ended = [], False
        changed = meeting.state.last_seq != before
        if changed and ended and outcome.ok:
            outcome = self._rewrite_minutes(outcome)
        if new or changed:  # what the others did counts too, also when this command is refused
            self._changed()
        return outcome

    def _carry_out(
        self, handler: Callable[..., Outcome], meeting: Meeting, command: str, params: Any
    ) -> Outcome:
        before = meeting.state.last_seq
        try:
            result: Outcome = handler(meeting, **params)
        except GateClosed as exc:
            result = _gate_question(exc, command, params)
        except Refused as exc:
            result = _refused(exc)
        except (OSError, JournalError):
            result = Outcome(False, disk_error=True, partial=meeting.state.last_seq != before)
        return result

    def before_asking(self, command_id: str) -> Outcome:
        """Whether the screen may ask for what `command_id` needs (open its dialog): not when the
        command would be refused whatever is filled in (another terminal's command, a meeting
        paused or ended), so that nothing typed is lost. `Outcome.ok` when it may."""
        if self.session is None:
            return Outcome(False, refusal=Message("engine.not_started", severity="warning"))
        refusal = self._not_yours(command_id) or self._not_in_control(command_id)
        if refusal is not None:
            return Outcome(False, refusal=refusal)
        try:
            self.session.meeting.need_running()
        except Refused as exc:
            return _refused(exc)
        return DONE

    def _not_yours(self, command: str) -> Message | None:
        """Why this terminal may not give `command` (its role), or None."""
        role = self.role
        if role == "projector":
            return Message("ui.terminal.read_only", severity="warning")
        if command in CHAIR_ONLY and role != "chair":
            return Message("ui.terminal.chair_only", severity="warning")
        return None

    def _not_in_control(self, command: str) -> Message | None:
        """The note-taker's terminal moves the flow only once the chair has handed it over."""
        if self.role == "notes" and command in FLOW_COMMANDS and self.state.control != "notes":
            return Message("ui.terminal.not_in_control", severity="warning")
        return None

    def poll(self) -> bool:
        """Take in what the other terminals on this meeting wrote; True when anything came."""
        if self.session is None or self.follow_problem:
            return False
        try:
            new = self.session.sync()
        except (OSError, JournalError) as exc:
            self.follow_problem = str(exc)
            return False
        if new:
            self._changed()
        return bool(new)

    def terminals(self) -> list[Terminal]:
        """The other overleg processes that have this meeting open now, with their roles."""
        if self.folder is None or self.session is None:
            return []
        return store.terminals(self.folder, exclude=self.session.presence)

    def display(self) -> dict[str, Any]:
        """How the chair's console shows the meeting: language, theme, client names on the
        projector (`show_clients`); what the projector follows."""
        return store.read_display(self.folder) if self.folder is not None else {}

    def set_display(self, **changes: Any) -> None:
        """The chair's console says how it shows the meeting now (the projector follows)."""
        if self.folder is None or self.role != "chair":
            return
        display = self.display()
        display.update(changes)
        try:
            store.write_display(self.folder, display)
        except OSError:
            pass  # only the projector's look: the meeting goes on

    def _rewrite_minutes(self, outcome: Outcome) -> Outcome:
        """A correction after the end: the minutes on disk read as the corrected record."""
        minutes = self.minutes()
        try:
            minutes.write(every=True)
        except OSError:
            return Outcome(False, disk_error=True, partial=True)
        return outcome

    def _leaving(self, meeting: Meeting, command_id: str, params: dict[str, Any]) -> Outcome | None:
        """A question first when the running item still has phases to hold and `leave` is not given."""
        item = meeting.state.item
        if params.get("leave") or item is None or meeting.state.status != "running":
            return None
        left = meeting.unfinished_phases()
        if not left:
            return None
        question = Question(
            "unfinished", command_id, params, "leave", number=item.number, phases=tuple(left)
        )
        return Outcome(False, question=question)

    def _do_next_speaker(self, m: Meeting) -> Outcome:
        m.next_speaker()
        return DONE

    def _do_pass_turn(self, m: Meeting) -> Outcome:
        m.pass_turn()
        return DONE

    def _do_next_phase(
        self, m: Meeting, override: str | None = None, leave: bool = False
    ) -> Outcome:
        item = m.state.item
        if item is not None and item.phase is not None and item.phase + 1 >= len(item.phases):
            return self._do_next_item(m, leave=leave)
        m.next_phase(override=override)
        return DONE

    def _do_goto_phase(self, m: Meeting, index: int, override: str | None = None) -> Outcome:
        m.goto_phase(index, override=override)
        return DONE

    def _do_next_item(self, m: Meeting, leave: bool = False) -> Outcome:
        asked = self._leaving(m, "next_item", {"leave": leave})
        if asked is not None:
            return asked
        m.next_item()
        return DONE

    def _do_open_item(
        self, m: Meeting, index: int | None = None, leave: bool = False, number: int | None = None
    ) -> Outcome:
        """Open item `index` (its stable id), or the item numbered `number` in the agenda as
        adopted (the number keys: items may have been added, dropped or moved)."""
        state = m.state
        if number is not None:
            found = next((i for i in state.items if i.number == number), None)
            if found is None:
                return NOTHING
            index = found.index
        if index is None or index not in state.by_index:
            return NOTHING
        if index != state.current:
            # A closed item opens again where it stopped, with everything said so far kept.
            asked = self._leaving(m, "open_item", {"index": index, "leave": leave})
            if asked is not None:
                return asked
        m.start_item(index)  # the running one: says it is running already
        return DONE

    def _do_decision(self, m: Meeting) -> Outcome:
        """Go to the decision; then put a proposal on the table; then hold the consent round."""
        m.need_running()  # before the screen asks for the proposal
        state = m.state
        item = state.item
        if item is None:
            return NOTHING
        phase = state.phase
        if phase is None or phase.spec.kind != "decision":
            start = item.phase + 1 if item.phase is not None else 0
            ahead = [p.index for p in item.phases[start:] if p.spec.kind == "decision"]
            if not ahead:
                return Outcome(False, notice=Message("ui.decision.no_phase", severity="warning"))
            try:
                m.goto_phase(ahead[0])
            except GateClosed as exc:  # asked again as going to that phase, with a reason
                return _gate_question(exc, "goto_phase", {"index": ahead[0]})
            return DONE
        return Outcome(True, then="propose" if item.proposal is None else "consent")

    def _do_propose(self, m: Meeting, text: str, rationale: str = "") -> Outcome:
        m.propose(text, rationale)
        return Outcome(True, then="consent")

    def _do_vote(self, m: Meeting, name: str, vote: str, reason: str = "") -> Outcome:
        m.vote(name, vote, reason)
        return DONE

    def _do_consent_rest(self, m: Meeting) -> Outcome:
        m.consent_rest()
        return DONE

    def _do_decide(self, m: Meeting, over_objection: bool = False) -> Outcome:
        """Record the decision; with an objection standing, ask: amend it, or decide over it."""
        item = m.state.item
        proposal = item.proposal if item is not None else None
        if proposal is not None and not over_objection and not m.not_voted():
            objections = tuple(
                (v.name, v.reason) for v in proposal.votes.values() if v.vote == "object"
            )
            if objections:
                question = Question(
                    "objection", "decide", {}, "over_objection", objections=objections
                )
                return Outcome(False, question=question)
        m.decide(over_objection=over_objection)
        if item is not None and item.spec.method == MINUTES_REVIEW and m.state.adopts is None:
            table = self.minutes_on_table()
            if table is not None and not table.adopted_by:
                return self._adopt(m, table)  # the decision in that item adopts them
        return DONE

    def _do_action(self, m: Meeting) -> Outcome:
        """A new action: the screen asks what, who and when, then runs `add_action`."""
        m.need_running()
        return Outcome(True, then="action")

    def _do_review_actions(self, m: Meeting) -> Outcome:
        """Go through the actions carried from the previous meeting (done, carried over, dropped)."""
        m.need_running()
        if not any(a.origin for a in m.state.actions):
            return Outcome(False, notice=Message("ui.review.none", severity="warning"))
        return Outcome(True, then="review")

    def _do_add_action(self, m: Meeting, what: str, owner: str, due: date | None = None) -> Outcome:
        """An action; an owner typed as a participant's name is that participant (`overleg.names`),
        several ask which, anyone else ("moeder", "leerplicht") is kept as typed."""
        found = names.match(owner, m.state.people)
        if found.ambiguous:
            params = {"what": what, "due": due}
            return _which_person(found, "add_action", params, "owner")
        m.add_action(what, found.name or owner.strip(), due)
        return DONE

    def _do_mark_action(self, m: Meeting, id: str, status: str) -> Outcome:
        m.change_action(id, status=status)
        return DONE

    def _do_give_floor(self, m: Meeting, name: str) -> Outcome:
        m.give_floor(name)
        return DONE

    def _do_move_speaker(self, m: Meeting, name: str, offset: int) -> Outcome:
        m.move_speaker(name, offset)
        return DONE

    def _do_note(
        self, m: Meeting, text: str, speaker: str | None = None, literal: bool = False
    ) -> Outcome:
        """The gist of a contribution; "Name: text" puts it against someone else than the speaker.

        The name is found as `overleg.names.addressed` says (first name, surname, a unique start,
        any case or accents). A name of several people asks which (`speaker` is the answer, the
        text without the name is kept); a name of no one asks first too: `literal` notes the line
        as it was typed. With `speaker` given the text is noted for them as it is.
        """
        text = text.strip()
        if m.state.phase is None:
            m.add_note(text)  # no phase, no speaker: the line as typed
            return DONE
        if speaker is None and not literal:
            said = names.addressed(text, m.state.people)
            if said is not None:
                found, rest = said
                if found.ambiguous:
                    return _which_person(found, "note", {"text": rest}, "speaker")
                if found.name is None:
                    question = Question(
                        "unknown_person", "note", {"text": text}, "literal", name=found.query
                    )
                    return Outcome(False, question=question)
                speaker, text = found.name, rest
        m.note(text, speaker)
        return DONE

    def _do_extend(self, m: Meeting) -> Outcome:
        m.extend(EXTRA_TIME)
        return Outcome(True, notice=Message("ui.item.extended", {"minutes": EXTRA_TIME // 60}))

    def _do_pause(self, m: Meeting) -> Outcome:
        if m.state.status == "paused":
            m.resume()
        else:
            m.pause()
        return DONE

    def _do_defer(self, m: Meeting, reason: str) -> Outcome:
        m.defer_item(reason)
        return DONE

    def _do_skip(self, m: Meeting, reason: str) -> Outcome:
        m.skip_item(reason)
        return DONE

    def _do_arrive(self, m: Meeting, name: str) -> Outcome:
        m.arrive(name)
        return DONE

    def _do_leave(self, m: Meeting, name: str) -> Outcome:
        m.leave(name)
        return DONE

    def _do_guest(self, m: Meeting, name: str, discipline: str = "") -> Outcome:
        m.add_guest(name, discipline)
        return DONE

    def _do_end_meeting(self, m: Meeting, confirmed: bool = False) -> Outcome:
        if not confirmed:
            untreated = tuple((i.number, i.spec.title) for i in m.state.items if i.status == "todo")
            question = Question("end", "end_meeting", {}, "confirmed", untreated=untreated)
            return Outcome(False, question=question)
        m.end()
        return Outcome(True, then="finish")

    # ---- corrections: each a new event pointing at what it puts right (nothing is rewritten)

    def _do_correct_contribution(
        self, m: Meeting, seq: int, text: str | None = None, speaker: str | None = None
    ) -> Outcome:
        """Put right a contribution's text or who said it; the speaker is typed as a name."""
        if speaker is not None:
            found = names.match(speaker, m.state.people)
            if found.ambiguous:
                params = {"seq": seq, "text": text}
                return _which_person(found, "correct_contribution", params, "speaker")
            speaker = found.name or speaker.strip()
        m.correct_contribution(seq, text, speaker)
        return _corrected()

    def _do_delete_contribution(self, m: Meeting, seq: int) -> Outcome:
        m.delete_contribution(seq)
        return Outcome(True, notice=Message("ui.correct.deleted"))

    def _do_correct_proposal(
        self, m: Meeting, text: str, rationale: str = "", index: int | None = None
    ) -> Outcome:
        m.correct_proposal(text, rationale, index)
        return _corrected()

    def _do_correct_action(
        self,
        m: Meeting,
        id: str,
        what: str | None = None,
        owner: str | None = None,
        due: date | None | str = "",
        status: str | None = None,
    ) -> Outcome:
        """Put right an action; `due` "" leaves the date as it is, None takes it away. The owner
        is typed as for a new action: a participant's name, or anyone not at the table."""
        if owner is not None:
            found = names.match(owner, m.state.people)
            if found.ambiguous:
                params = {"id": id, "what": what, "due": due, "status": status}
                return _which_person(found, "correct_action", params, "owner")
            owner = found.name or owner.strip()
        if due == "":
            m.correct_action(id, what, owner, status=status)
        else:
            m.correct_action(id, what, owner, due if isinstance(due, date) else None, status)
        return _corrected()

    def _do_correct_guest(
        self, m: Meeting, name: str, new_name: str | None = None, discipline: str | None = None
    ) -> Outcome:
        m.correct_guest(name, new_name, discipline)
        return _corrected()

    def _do_remove_guest(self, m: Meeting, name: str) -> Outcome:
        m.remove_guest(name)
        return Outcome(True, notice=Message("ui.correct.guest_removed", {"name": name}))

    def _do_record_sent(
        self, m: Meeting, sender: str, to: tuple[str, ...], version: str
    ) -> Outcome:
        """The minutes went out by e-mail (`overleg.chair.send`); noted, not the message."""
        m.minutes_sent(sender, to, version)
        return Outcome(True)

    def _do_hand_over(self, m: Meeting) -> Outcome:
        m.hand_over()
        return Outcome(True, notice=Message("ui.terminal.handed_over"))

    def _do_take_back(self, m: Meeting) -> Outcome:
        m.take_back()
        return Outcome(True, notice=Message("ui.terminal.taken_back"))

    # ---- the agenda, adopted at the table

    def _do_add_item(
        self,
        m: Meeting,
        title: str,
        method: str,
        duration: int | str,
        presenter: str = "",
        description: str = "",
        position: int | None = None,
    ) -> Outcome:
        """Add an item from the method list; `duration` in seconds or as people write it. Without
        `position` it goes before the last item (the closing round stays last)."""
        if isinstance(duration, str):
            try:
                duration = parse_duration(duration)
            except DurationError as exc:
                problem = {"problem": str(exc)}
                return Outcome(False, refusal=Message("engine.bad_value", problem, "warning"))
        if presenter:
            found = names.match(presenter, m.state.people)
            if found.ambiguous:
                params = {"title": title, "method": method, "duration": duration}
                params.update(description=description, position=position)
                return _which_person(found, "add_item", params, "presenter")
            if found.name is None:
                params = {"name": found.query}
                return Outcome(False, refusal=Message("engine.unknown_person", params, "warning"))
            presenter = found.name
        items = m.state.items
        if position is None and len(items) >= 2 and items[-1].status == "todo":
            position = len(items) - 1  # an agenda ends with its closing item: the new one before it
        m.add_item(title, method, duration, presenter, description, position)
        number = m.state.by_index[len(m.state.by_index) - 1].number
        return Outcome(
            True, notice=Message("ui.agenda.added", {"number": number, "title": title.strip()})
        )

    def _do_drop_item(self, m: Meeting, index: int, reason: str = "") -> Outcome:
        item = m.state.by_index.get(index)
        m.drop_item(index, reason)
        title = item.spec.title if item is not None else ""
        return Outcome(True, notice=Message("ui.agenda.dropped", {"title": title}))

    def _do_move_item(self, m: Meeting, index: int, position: int) -> Outcome:
        m.move_item(index, position)
        item = m.state.by_index[index]
        params = {"number": item.number, "title": item.spec.title}
        return Outcome(True, notice=Message("ui.agenda.moved", params))

    # ---- the minutes of the previous meeting

    def minutes_on_table(self) -> MinutesOnTable | None:
        """The minutes this meeting reviews: those it adopted, else the last ended meeting of
        its series before it. None when there are none (a first meeting, no series)."""
        if self.session is None:
            return None
        state = self.session.state
        root = self.service.root
        if state.adopts is not None:
            folder: Path | None = root / state.adopts.meeting
        else:
            info = store.previous_in_series(
                root, self.agenda.series, before=self._folder_name() or None
            )
            folder = info.folder if info is not None else None
        if folder is None or not folder.is_dir():
            return None
        try:
            stamp = (folder / store.JOURNAL).stat().st_mtime_ns
        except OSError:
            return None
        cached = self._table
        if cached is not None and cached[0] == (folder, stamp, state.last_seq):
            return cached[1]
        try:
            earlier = self.service.read(folder)
        except Exception:  # a damaged journal: nothing to adopt, and never a crash
            return None
        table = minutes_on_table(folder.name, earlier, state)
        self._table = ((folder, stamp, state.last_seq), table)
        return table

    def _do_amend(self, m: Meeting, text: str, number: int = 0, by: str = "") -> Outcome:
        """Note an amendment to the minutes on the table, at their item `number` (0: at large)."""
        table = self.minutes_on_table()
        if table is None:
            return Outcome(False, refusal=Message("ui.adopt.none", severity="warning"))
        titles = dict(table.items)
        if number and number not in titles:
            params = {"number": number}
            return Outcome(False, refusal=Message("engine.no_such_item", params, "warning"))
        m.note_amendment(text, number, titles.get(number, ""), by)
        return Outcome(True, notice=Message("ui.adopt.amended"))

    def _do_adopt_minutes(self, m: Meeting) -> Outcome:
        """Adopt the minutes on the table with the amendments noted (the decision of the item
        that reviews them does the same)."""
        table = self.minutes_on_table()
        if table is None:
            return Outcome(False, refusal=Message("ui.adopt.none", severity="warning"))
        if table.adopted_by and table.adopted_by != self._folder_name():
            return Outcome(False, refusal=Message("ui.adopt.elsewhere", severity="warning"))
        return self._adopt(m, table)

    def _adopt(self, m: Meeting, table: MinutesOnTable) -> Outcome:
        from overleg.session import record_adoption

        if m.state.adopts is None:
            m.adopt_minutes(table.name, table.title, table.date)
        state = m.state
        own_day = state.started_at.date().isoformat() if state.started_at is not None else ""
        record_adoption(
            self.service.root / table.name,
            self._folder_name(),
            self.agenda.title,
            own_day,
            m.amendments(),
            self.service.clock,
        )
        self._table = None
        count = len(state.amendments)
        key = "ui.adopt.adopted" if count else "ui.adopt.adopted_unchanged"
        params = {"title": table.title, "date": table.date, "count": count}
        return Outcome(True, notice=Message(key, params))

    def _folder_name(self) -> str:
        return self.folder.name if self.folder is not None else ""

    def _do_undo(self, m: Meeting) -> Outcome:
        """Take back the last change of the record; again and again, one change at a time."""
        event = m.last_change()
        m.undo()
        assert event is not None  # undo refuses when there is nothing to take back
        return Outcome(True, notice=Message(f"ui.undo.{event.type}"))

    def undo_preview(self) -> str:
        """What undo would take back now: its `ui.undo.<type>` key, "" for nothing."""
        if self.session is None or self.session.state.status == "new":
            return ""
        event = self.session.meeting.last_change()
        return f"ui.undo.{event.type}" if event is not None else ""

    def leave_paused(self) -> None:
        """The chair closes the console mid-meeting: no time passes while it is closed. Not
        when another chair's console is still open on it, nor from the note-taker's terminal."""
        if self.session is None or self.role != "chair":
            return
        if any(t.role == "chair" for t in self.terminals()):
            return
        if self.session.state.status == "running":
            self.run("pause")

    # ---- what a command asks

    def is_review(self) -> bool:
        """The running item reviews the actions carried from the previous meeting."""
        if self.session is None:
            return False
        item = self.session.state.item
        return item is not None and item.spec.method == "actions-review"

    def action_owners(self, everyone: bool = False) -> list[str]:
        """Who may own an action: those present first, then everyone else (they may be excused)."""
        state = self.state
        if everyone:
            return list(state.people)
        people = [p.name for p in state.people.values() if p.attendance == PRESENT or p.guest]
        people = people or list(state.people)
        return people + [n for n in state.people if n not in people]

    def presence_choices(self) -> list[tuple[str, bool]]:
        """Everyone with whether they are here now (to note a late arrival or an early leave)."""
        return [(p.name, p.here) for p in self.state.people.values()]

    def gate(self) -> list[tuple[str, list[str]]]:
        """Who has still to be heard before the running item's decision: (phase title, names)."""
        return self.session.meeting.gate() if self.session is not None else []

    def not_voted(self) -> list[str]:
        return self.session.meeting.not_voted() if self.session is not None else []

    # ---- the end

    def minutes(self) -> Minutes:
        """The meeting's minutes: where they are, writing them, the version to share."""
        session = self._session()
        return Minutes(session.folder, session.state)

    def _session(self) -> Session:
        if self.session is None:
            raise RuntimeError("the meeting has not been started")
        return self.session

    def close(self) -> None:
        if self.session is not None:
            self.session.close()


@dataclass(frozen=True)
class MinutesOnTable:
    """The minutes of an earlier meeting that this one reviews and adopts."""

    #: The folder name of that meeting.
    name: str
    title: str
    #: The day it was held (ISO).
    date: str
    #: Its items: (number, title).
    items: tuple[tuple[int, str], ...]
    #: Its besluitenlijst: (number "3.1", text).
    decisions: tuple[tuple[str, str], ...]
    #: The folder name of the meeting that adopted them, "" while they are a concept.
    adopted_by: str
    #: The amendments this meeting noted so far: (number, title, text).
    amendments: tuple[tuple[int, str, str], ...]
    #: This meeting adopted them.
    adopted_here: bool


def minutes_on_table(name: str, earlier: MeetingState, state: MeetingState) -> MinutesOnTable:
    """What the item reviewing the minutes of meeting `name` (in state `earlier`) shows."""
    started = earlier.started_at
    day = started.date().isoformat() if started is not None else ""
    decisions = tuple((d.number, d.text) for item in earlier.items for d in item.decisions)
    adopted = earlier.adopted
    return MinutesOnTable(
        name=name,
        title=earlier.agenda.title,
        date=day,
        items=tuple((i.number, i.spec.title) for i in earlier.items),
        decisions=decisions,
        adopted_by=adopted.meeting if adopted is not None else "",
        amendments=tuple((a.number, a.title, a.text) for a in state.amendments),
        adopted_here=state.adopts is not None and state.adopts.meeting == name,
    )


def default_roles(agenda: Agenda) -> tuple[str, str]:
    """The chair and the minute-taker as `agenda` names them (else its first participant)."""
    people = agenda.participants
    chair = next((p.name for p in people if p.role == "chair"), people[0].name if people else "")
    minute_taker = next((p.name for p in people if p.role == "minute-taker"), "")
    return chair, minute_taker


def _gate_question(exc: GateClosed, command: str, params: dict[str, Any]) -> Outcome:
    """The gate is shut: who has not been heard, and the command to run again with a reason."""
    missing = tuple((title, tuple(names)) for title, names in exc.missing)
    return Outcome(False, question=Question("gate", command, params, "override", missing=missing))


def _which_person(found: names.Match, command: str, params: dict[str, Any], answer: str) -> Outcome:
    """A name typed means several people: ask which, and run `command` again with the one chosen."""
    question = Question(
        "which_person", command, params, answer, name=found.query, candidates=found.candidates
    )
    return Outcome(False, question=question)


def _corrected() -> Outcome:
    return Outcome(True, notice=Message("ui.correct.done"))


#: What another terminal did that makes a command given before it no longer fit, with how the
#: message names it: the floor moved on, another phase or item, a pause, the end.
_MOVES = {
    "turn_started": "ui.terminal.moved_turn",
    "speaker_passed": "ui.terminal.moved_turn",
    "turn_ended": "ui.terminal.moved_turn",
    "phase_started": "ui.terminal.moved_phase",
    "item_started": "ui.terminal.moved_item",
    "paused": "ui.terminal.moved_paused",
    "meeting_ended": "ui.terminal.moved_ended",
}


def _moved_on(state: MeetingState, events: list[Any], seen: int | None) -> Message | None:
    """A command given when the screen showed event `seen` does not fit once the meeting moved
    on since (the note-taker typed while the chair gave the next speaker), whether this terminal
    has taken that in already or only now: refused, saying what changed. None when nothing moved
    (or `seen` is not given)."""
    if seen is None:
        return None
    moved: list[Any] = []
    for event in reversed(events):
        if event.seq <= seen:
            break
        if event.type in _MOVES:
            moved.insert(0, event)
    if not moved:
        return None
    last = moved[-1]
    params: dict[str, Any] = {}
    turn = state.turn
    phase = state.phase
    item = state.item
    params["speaker"] = turn.speaker if turn is not None else "—"
    params["phase"] = phase.spec.title if phase is not None else "—"
    params["number"] = item.number if item is not None else 0
    key = _MOVES[last.type]
    if key == "ui.terminal.moved_turn" and turn is None:
        key = "ui.terminal.moved_nobody"
    return Message(key, params, "warning")


def _refused(exc: Refused) -> Outcome:
    return Outcome(False, refusal=Message(exc.key, dict(exc.params), "warning"))
