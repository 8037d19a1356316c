"""A scripted meeting, held through the engine and its journal without a screen: `overleg demo`.

It shows what overleg records — rounds, questions, a consent round with an objection, actions —
and writes real minutes, on a simulated clock so it takes a moment rather than an hour.
"""

from __future__ import annotations

import itertools
import tomllib
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from overleg import locations
from overleg.agenda import PRESENT, Agenda
from overleg.chair.meeting import default_roles
from overleg.engine import Refused
from overleg.session import Session


class SimulatedClock:
    """A clock that moves only when the script says time passes."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def default_agenda() -> Path:
    shipped = locations.project_agendas_dir()
    if shipped is None:
        raise FileNotFoundError("no shipped agendas beside this installation; give an agenda file")
    return shipped / "casusoverleg.toml"


def _lines(language: str) -> dict[str, Any]:
    text = (resources.files("overleg") / "data" / "demo.toml").read_text("utf-8")
    return dict(tomllib.loads(text)[language])


def hold_demo(agenda: Agenda, root: Path) -> Path:
    """Hold a whole meeting of `agenda` in a new folder under `root`; return the folder.

    Its minutes are written beside the journal, as at the end of a real meeting.
    """
    lines = _lines(agenda.language)
    questions = itertools.cycle(lines["question"])
    contributions = itertools.cycle(lines["contribution"])
    tasks = itertools.cycle(lines["action"])
    day = agenda.date.date() if agenda.date else date.today()
    start = agenda.date or datetime.combine(day, time(9, 30))
    clock = SimulatedClock(start.astimezone() if start.tzinfo is None else start)
    session = Session.create(agenda, root, clock)
    with session.change():  # one scripted change after another, the journal held
        meeting = session.meeting
        people = agenda.participants
        chair, minute_taker = default_roles(agenda)
        # One member sends apologies, as happens in every real meeting.
        excused = next((p.name for p in reversed(people) if p.role == "member"), None)
        attendance = {p.name: PRESENT for p in people}
        if excused and len(people) > 3:
            attendance[excused] = "excused"
        meeting.start(attendance, chair, minute_taker, carried_actions=session.carried_actions())
        objected = False
        for item in meeting.state.items:
            meeting.start_item(item.index)
            for phase in item.phases:
                if phase.index != item.phase:
                    meeting.goto_phase(phase.index)
                kind = phase.spec.kind
                if phase.takes_turns:
                    while True:
                        try:
                            meeting.next_speaker()
                        except Refused:
                            break
                        turn = meeting.state.turn
                        if turn is None:
                            break
                        clock.tick(min(50, (meeting.state.turn_limit() or 60) * 0.8))
                        text = next(questions) if kind == "questions" else next(contributions)
                        meeting.note(text)
                        if kind == "questions" and item.spec.presenter:
                            meeting.note(lines["answer"], speaker=item.spec.presenter)
                elif kind == "presentation":
                    clock.tick((phase.spec.duration or 120) * 0.9)
                    meeting.add_note(lines["note"])
                elif kind == "decision":
                    meeting.propose(lines["proposal"], lines["rationale"])
                    here = meeting.state.here()
                    if not objected and len(here) > 2:
                        # An objection is heard, and the proposal amended until it is resolved.
                        meeting.vote(here[1], "object", lines["objection"])
                        objected = True
                        meeting.propose(lines["amended"], lines["rationale"])
                    meeting.consent_rest()
                    meeting.decide()
                    clock.tick(120)
                elif kind == "actions":
                    for action in list(meeting.state.actions):
                        if action.origin and action.status == "open":
                            meeting.change_action(action.id, status="done")
                    if item.spec.method != "actions-review":
                        owners = [n for n in meeting.state.here() if n != minute_taker] or [chair]
                        for owner in owners[:2]:
                            meeting.add_action(
                                next(tasks), owner, clock().date() + timedelta(days=7)
                            )
                    clock.tick(90)
                else:
                    clock.tick((phase.spec.duration or 300) * 0.8)
            meeting.end_item()
        meeting.end()
    session.write_minutes()
    session.close()
    return session.folder
