"""Moments of a casusoverleg, driven through the screens: shared by the snapshot tests and by
`scripts/screenshots`, which runs this file to redraw the README's pictures.

Everything that reaches the screen is fixed: the agenda, a clock that moves only when a scene says
so, relative folders under a working directory the caller chooses, no cursor blink, no animation.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
ROOT = TESTS.parent
AGENDAS = ROOT / "agendas"
CASUS = AGENDAS / "casusoverleg.toml"
#: Relative, so the summary's "minutes written to" line names no random temporary folder.
DATA = Path("data")

if str(TESTS) not in sys.path:  # run as a script by scripts/screenshots
    sys.path.insert(0, str(TESTS))

from textual.widgets import DataTable, Input  # noqa: E402

from helpers import FakeClock  # noqa: E402
from overleg.agenda import load_agenda  # noqa: E402
from overleg.session import Session  # noqa: E402
from overleg.tui.app import OverlegApp  # noqa: E402

Scene = Callable[[Any, FakeClock], Awaitable[None]]

# What a wijkteam says about gezin J. (the contributions are the agenda's language, Dutch, in
# both languages of the console: the minute-taker writes what was said).
QUESTIONS = {
    "Pieter Hendriks": "Wat is de eigen vraag van moeder?",
    "Sanne Kok": "Weet moeder hoe hoog de huurachterstand nu is?",
    "Noor Bouzid": "Is er iemand in het netwerk bij wie moeder terecht kan?",
    "Karin Vermeulen": "Wat zegt school over de oudste?",
    "Anouk de Vries": "Wat heeft moeder zelf al geprobeerd?",
}
VIEWS = {
    "Pieter Hendriks": "Kracht: moeder vraagt zelf om hulp. Zorg: de huurachterstand loopt op.",
    "Mehmet Yılmaz": "Moeder houdt het thuis nog net vol; de kinderen merken de spanning.",
    "Sanne Kok": "Eerst een stabiel budget, dan pas verder plannen; budgetbeheer kan snel.",
    "Noor Bouzid": "Moeder slaapt slecht en piekert; ik maak me zorgen om haar draagkracht.",
    "Karin Vermeulen": "De oma woont om de hoek en helpt al met de kinderen.",
    "Anouk de Vries": "Eén plan met het gezin zelf, en één regisseur.",
}
PROPOSAL = "Sanne Kok wordt regisseur; eerst budgetbeheer aanvragen, dan het plan met moeder."
RATIONALE = "Moeder vraagt om rust; de geldzorgen gaan voor."
OBJECTOR = "Noor Bouzid"
OBJECTION = "Eerst GGZ-steun voor moeder, anders houdt zij het plan niet vol."


def make_app(lang: str, clock: FakeClock, with_agenda: bool = True) -> OverlegApp:
    """The app as `overleg run agendas/casusoverleg.toml --lang <lang>` starts it, on a fixed clock."""
    agenda = load_agenda(CASUS) if with_agenda else None
    app = OverlegApp(
        agenda=agenda,
        data_root=DATA,
        language=lang,
        clock=clock,
        agenda_paths=[] if with_agenda else [CASUS, AGENDAS / "directeurenoverleg.toml"],
    )
    app.animation_level = "none"
    return app


def seed_meetings(clock: FakeClock) -> None:
    """An ended meeting and an unfinished one under DATA, so the start screen has something to list."""
    agenda = load_agenda(AGENDAS / "directeurenoverleg.toml")
    people = {p.name: "present" for p in agenda.participants}
    chair = next(p.name for p in agenda.participants if p.role == "chair")
    minutes = next((p.name for p in agenda.participants if p.role == "minute-taker"), chair)
    for end in (True, False):
        session = Session.create(agenda, DATA, clock)
        try:
            with session.change():
                session.meeting.start(people, chair, minutes, [])
                session.meeting.start_item(0)
                clock.tick(600)
                if end:
                    session.meeting.end()
            if end:
                session.write_minutes()
        finally:
            session.close()
        clock.tick(7 * 24 * 3600)


# ---- small steps


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def still(pilot: Any) -> None:
    """A steady cursor in every input on screen: a blinking one would differ between runs."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await settle(pilot)


class Locked:
    """The meeting of a scene, each command given under the journal's lock as the chair
    service gives it (other terminals may share the journal)."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._session.meeting, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._session.change():
                return attr(*args, **kwargs)

        return call


def meeting(pilot: Any) -> Any:
    return Locked(pilot.app.chair.session)


async def redraw(pilot: Any) -> None:
    """Draw once what the engine was told directly (the app tests drive those steps by key)."""
    pilot.app.revision += 1
    await settle(pilot)


async def note(pilot: Any, text: str) -> None:
    """The minute-taker writes a gist on the contribution line, as at the table."""
    await pilot.press("i")
    pilot.app.screen.query_one("#note", Input).value = text
    await pilot.press("enter")
    await settle(pilot)


def speak(pilot: Any, clock: FakeClock, seconds: float, said: dict[str, str]) -> None:
    """Straight to the engine: the next in line speaks `seconds` and the gist is written."""
    m = meeting(pilot)
    m.next_speaker()
    clock.tick(seconds)
    m.note(said[m.state.turn.speaker])


def whole_round(pilot: Any, clock: FakeClock, seconds: float, said: dict[str, str]) -> None:
    m = meeting(pilot)
    for _ in list(m.state.phase.waiting()):
        speak(pilot, clock, seconds, said)
    m.end_turn()


async def fill(pilot: Any, **values: str) -> None:
    dialog = pilot.app.screen
    for name, value in values.items():
        dialog.query_one(f"#field-{name}", Input).value = value
    dialog.save()
    await settle(pilot)


async def start_meeting(pilot: Any, clock: FakeClock) -> None:
    """Everyone present; the chair starts; after the check-in round the first case runs."""
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    m = meeting(pilot)
    for _ in list(m.state.phase.waiting()):
        m.next_speaker()
        clock.tick(40)
    m.end_turn()
    m.next_item()  # the action review: nothing carried from last time
    m.next_item()
    clock.tick(4 * 60)
    m.note("moeder vraagt vooral om rust in huis", "Mehmet Yılmaz")


def to_questions(pilot: Any) -> None:
    meeting(pilot).next_phase()


def to_round(pilot: Any, clock: FakeClock) -> None:
    to_questions(pilot)
    whole_round(pilot, clock, 45, QUESTIONS)
    meeting(pilot).next_phase()


# ---- the scenes


async def start_screen(pilot: Any, clock: FakeClock) -> None:
    await settle(pilot)


async def attendance(pilot: Any, clock: FakeClock) -> None:
    await settle(pilot)
    await pilot.press(*["down"] * 5, "space")  # Karin Vermeulen: absent with notice


async def meeting_questions(pilot: Any, clock: FakeClock) -> None:
    """Questions only: the first asker heard, the second has the floor."""
    await start_meeting(pilot, clock)
    to_questions(pilot)
    speak(pilot, clock, 50, QUESTIONS)
    await redraw(pilot)
    await pilot.press("space")
    clock.tick(18)
    await settle(pilot)


async def meeting_round(pilot: Any, clock: FakeClock) -> None:
    """The first heard, the second passed for now, the third has the floor; the rest to come."""
    await start_meeting(pilot, clock)
    to_round(pilot, clock)
    speak(pilot, clock, 95, VIEWS)
    await redraw(pilot)
    await pilot.press("space", "x")  # the second passes for now
    clock.tick(5)
    await pilot.press("space")
    clock.tick(72)
    await note(pilot, VIEWS[meeting(pilot).state.turn.speaker])


async def gate_shut(pilot: Any, clock: FakeClock) -> None:
    """The chair presses b while Noor speaks: the gate names who has not been heard yet."""
    await meeting_round(pilot, clock)
    await pilot.press("space")  # the next speaker takes the floor
    await pilot.press("b")
    await settle(pilot)


async def consent(pilot: Any, clock: FakeClock) -> None:
    """Everyone heard, a proposal on the table, Noor objects with a reason, three still to answer."""
    await start_meeting(pilot, clock)
    to_round(pilot, clock)
    whole_round(pilot, clock, 90, VIEWS)
    await redraw(pilot)
    await pilot.press("b")  # to the decision: the gate is open
    await settle(pilot)
    clock.tick(60)
    await pilot.press("b")
    await settle(pilot)
    await fill(pilot, text=PROPOSAL, rationale=RATIONALE)
    await pilot.press("c", "c")
    table = pilot.app.screen.query_one("#votes", DataTable)
    table.move_cursor(row=table.get_row_index(OBJECTOR))
    await pilot.press("o")
    await settle(pilot)
    await fill(pilot, reason=OBJECTION)


async def summary(pilot: Any, clock: FakeClock) -> None:
    """The decision taken with the objection on record, one action, the meeting ended."""
    await start_meeting(pilot, clock)
    to_round(pilot, clock)
    whole_round(pilot, clock, 90, VIEWS)
    m = meeting(pilot)
    m.next_phase()
    m.next_phase()  # the decision
    clock.tick(60)
    m.propose(PROPOSAL, RATIONALE)
    m.vote(OBJECTOR, "object", OBJECTION)
    m.consent_rest()
    m.decide(over_objection=True)  # the chair records it, the objection stands in the minutes
    m.next_phase()
    m.add_action("Budgetbeheer aanvragen met moeder", "Sanne Kok", date(2026, 12, 4))
    clock.tick(4 * 60)
    await redraw(pilot)
    await pilot.press("e")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)


async def corrections(pilot: Any, clock: FakeClock) -> None:
    """The round as in `meeting_round`, one line corrected, an action for someone not at the
    table; w shows the record to put right, the cursor on the latest entry."""
    await meeting_round(pilot, clock)
    m = meeting(pilot)
    first = next(c for p in m.state.item.phases for c in p.contributions)
    m.correct_contribution(first.seq, text=first.text + " (aangevuld)")
    m.add_action("Leerplicht bellen over schoolgang", "leerplicht", date(2026, 12, 11))
    await redraw(pilot)
    await pilot.press("escape")  # out of the note line
    await pilot.press("w")
    await settle(pilot)


async def play(name: str, pilot: Any, clock: FakeClock) -> None:
    """Run scene `name`, then draw its final clocks: the screen's own half-second timer may not
    have fired since the clock last moved, and a picture must not depend on whether it did."""
    scene, _ = SCENES[name]
    await scene(pilot, clock)
    await redraw(pilot)
    await still(pilot)


#: name -> (scene, whether the app opens on the agenda, or on the start screen).
SCENES: dict[str, tuple[Scene, bool]] = {
    "start": (start_screen, False),
    "attendance": (attendance, True),
    "meeting_questions": (meeting_questions, True),
    "meeting_round": (meeting_round, True),
    "gate_shut": (gate_shut, True),
    "consent": (consent, True),
    "summary": (summary, True),
    "corrections": (corrections, True),
}


# ---- the note-taker's terminal (`overleg notes`) beside the chair's console

#: A scene of the note-taker's terminal: the app under Pilot, the clock, and the chair's console
#: (a second `Chair` on the same meeting, driven as the chair would).
NotesScene = Callable[[Any, FakeClock, Any], Awaitable[None]]


def make_notes_app(lang: str, clock: FakeClock) -> tuple[OverlegApp, Any]:
    """The chair's console has started the casusoverleg and presented the first case; the
    note-taker opens the same meeting (`overleg notes`). Returns the notes app and the chair's."""
    from overleg.chair.service import Service

    service = Service(DATA, clock)
    chair = service.prepare(load_agenda(CASUS))
    assert chair.start({}, "Anouk de Vries", "Pieter Hendriks").ok
    for _ in list(chair.state.phase.waiting()):
        chair.run("next_speaker")
        clock.tick(40)
    chair.run("next_speaker")  # closes the last turn of the check-in
    chair.run("next_item", leave=True)  # the action review: nothing carried from last time
    chair.run("next_item", leave=True)
    clock.tick(4 * 60)
    chair.run("note", text="moeder vraagt vooral om rust in huis")
    notes = service.open(chair.folder, role="notes")
    app = OverlegApp(chair=notes, data_root=DATA, language=lang, clock=clock)
    app.animation_level = "none"
    return app, chair


async def follow(pilot: Any) -> None:
    """The note-taker's terminal takes in what the chair's console wrote (as its timer does)."""
    pilot.app.chair.poll()
    await settle(pilot)


def heard(chair: Any, notes: Any, clock: FakeClock, seconds: float, said: dict[str, str]) -> None:
    """The chair gives the floor to the next in line; the note-taker writes the gist."""
    chair.run("next_speaker")
    clock.tick(seconds)
    notes.poll()
    speaker = chair.state.turn.speaker
    # Named outright: "Kracht: ..." would otherwise ask who Kracht is.
    assert notes.run("note", text=said[speaker], speaker=speaker).ok


def round_heard(
    chair: Any, notes: Any, clock: FakeClock, seconds: float, said: dict[str, str]
) -> None:
    for _ in list(chair.state.up_next()):
        heard(chair, notes, clock, seconds, said)
    chair.run("next_speaker")  # closes the last turn


async def notes_questions(pilot: Any, clock: FakeClock, chair: Any) -> None:
    """The chair moves the meeting: one question written, the second asker has the floor, and
    the note-taker is typing their question."""
    await settle(pilot)
    notes = pilot.app.chair
    chair.run("next_phase")
    heard(chair, notes, clock, 50, QUESTIONS)
    chair.run("next_speaker")
    clock.tick(18)
    await follow(pilot)
    await pilot.press(*"Weet moeder hoe hoog")
    await settle(pilot)


async def notes_handed_over(pilot: Any, clock: FakeClock, chair: Any) -> None:
    """The chair has handed the flow over in the round: the flow keys show and act here."""
    await settle(pilot)
    notes = pilot.app.chair
    chair.run("next_phase")
    round_heard(chair, notes, clock, 45, QUESTIONS)
    chair.run("next_phase")
    heard(chair, notes, clock, 95, VIEWS)
    assert chair.run("hand_over").ok
    await follow(pilot)
    await pilot.press("space")  # the note-taker gives the floor to the next
    clock.tick(30)
    await settle(pilot)


async def notes_decision(pilot: Any, clock: FakeClock, chair: Any) -> None:
    """Everyone heard; in the decision phase the note-taker drafts the proposal (v) and writes
    an action (a) while the chair leads."""
    await settle(pilot)
    notes = pilot.app.chair
    chair.run("next_phase")
    round_heard(chair, notes, clock, 45, QUESTIONS)
    chair.run("next_phase")
    round_heard(chair, notes, clock, 90, VIEWS)
    chair.run("next_phase")  # the discussion
    clock.tick(120)
    chair.run("next_phase")  # the decision
    clock.tick(60)
    await follow(pilot)
    await pilot.press("escape", "v")
    await settle(pilot)
    await fill(pilot, text=PROPOSAL, rationale=RATIONALE)
    await pilot.press("a")
    await settle(pilot)
    dialog = pilot.app.screen
    for field, value in (
        ("what", "Budgetbeheer aanvragen met moeder"),
        ("owner", "sanne"),
        ("due", "2026-12-04"),
    ):
        dialog.query_one(f"#{field}", Input).value = value
    dialog.save()
    await settle(pilot)
    await pilot.press("escape")


async def play_notes(name: str, pilot: Any, clock: FakeClock, chair: Any) -> None:
    """Run notes scene `name`, then draw its final clocks (see `play`). What the scene said in
    passing is cleared: the control line says it too, and a toast would hide the note line."""
    await NOTES_SCENES[name](pilot, clock, chair)
    pilot.app.clear_notifications()
    await redraw(pilot)
    await still(pilot)


NOTES_SCENES: dict[str, NotesScene] = {
    "notes_questions": notes_questions,
    "notes_handed_over": notes_handed_over,
    "notes_decision": notes_decision,
}


# ---- the projector (`overleg projector`) beside the chair's console

#: A scene of the projector: the app under Pilot, the clock, and the chair's console (a second
#: `Chair` on the same meeting, driven as the chair would).
ProjectorScene = Callable[[Any, FakeClock, Any], Awaitable[None]]


def make_projector_app(lang: str, clock: FakeClock) -> tuple[OverlegApp, Any]:
    """The chair's console (in `lang`) has started the casusoverleg and opened the first case;
    the projector opens the same meeting. Returns the projector's app and the chair's console."""
    from overleg.chair.service import Service

    service = Service(DATA, clock)
    chair = service.prepare(load_agenda(CASUS))
    assert chair.start({}, "Anouk de Vries", "Pieter Hendriks").ok
    chair.set_display(language=lang)  # the projector follows the chair's language
    projected_round(chair, clock, 40)  # the check-in
    chair.run("next_item", leave=True)  # the action review: nothing carried from last time
    chair.run("next_item", leave=True)
    clock.tick(4 * 60)
    # What the note-taker writes never reaches the projector.
    chair.run("note", text="moeder vraagt vooral om rust in huis")
    projector = service.open(chair.folder, role="projector")
    app = OverlegApp(chair=projector, data_root=DATA, clock=clock)
    app.animation_level = "none"
    return app, chair


def projected_round(
    chair: Any, clock: FakeClock, seconds: float, said: dict[str, str] | None = None
) -> None:
    """Everyone still waiting in the running round gets the floor in turn (their gist noted)."""
    for _ in list(chair.state.up_next()):
        chair.run("next_speaker")
        clock.tick(seconds)
        if said:
            chair.run("note", text=said[chair.state.turn.speaker])
    chair.run("next_speaker")  # closes the last turn


async def projector_questions(pilot: Any, clock: FakeClock, chair: Any) -> None:
    """Questions only: the first asker heard (their question noted), the second has the floor."""
    await settle(pilot)
    chair.run("next_phase")
    chair.run("next_speaker")
    clock.tick(50)
    chair.run("note", text=QUESTIONS[chair.state.turn.speaker])
    chair.run("next_speaker")
    clock.tick(18)
    await follow(pilot)


async def projector_consent(pilot: Any, clock: FakeClock, chair: Any) -> None:
    """Everyone heard, the proposal on the table: two consent, Noor objects (her reason is not
    shown), the rest still to answer."""
    await settle(pilot)
    chair.run("next_phase")
    projected_round(chair, clock, 45, QUESTIONS)
    chair.run("next_phase")
    projected_round(chair, clock, 90, VIEWS)
    assert chair.run("decision").ok  # the gate is open: straight to the decision
    clock.tick(60)
    assert chair.run("propose", text=PROPOSAL, rationale=RATIONALE).ok
    for name in ("Pieter Hendriks", "Mehmet Yılmaz"):
        assert chair.run("vote", name=name, vote="consent").ok
    assert chair.run("vote", name=OBJECTOR, vote="object", reason=OBJECTION).ok
    clock.tick(20)
    await follow(pilot)


async def play_projector(name: str, pilot: Any, clock: FakeClock, chair: Any) -> None:
    """Run projector scene `name`, then draw its final clocks (see `play`)."""
    await PROJECTOR_SCENES[name](pilot, clock, chair)
    await redraw(pilot)
    await still(pilot)


PROJECTOR_SCENES: dict[str, ProjectorScene] = {
    "projector_questions": projector_questions,
    "projector_consent": projector_consent,
}

# ---- the README's pictures (scripts/screenshots)

#: file in docs/screenshots -> scene, drawn in Dutch at a roomy terminal size.
SHOTS = {
    "meeting-round.svg": "meeting_round",
    "gate-shut.svg": "gate_shut",
    "consent-round.svg": "consent",
}
SHOT_SIZE = (120, 36)


async def shoot(name: str) -> str:
    clock = FakeClock()
    app = make_app("nl", clock)
    async with app.run_test(size=SHOT_SIZE) as pilot:
        await play(name, pilot, clock)
        svg = app.export_screenshot(title="overleg")
    # Rich gives every export a random id; a fixed one keeps a re-run from changing the files.
    return re.sub(r"\bterminal-\d+-", "terminal-", svg)


def main(out: Path) -> None:
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # The user's own data, config and log folders stay untouched.
        os.chdir(tmp)
        for kind in ("DATA", "CONFIG", "LOG"):
            os.environ[f"OVERLEG_{kind}_DIR"] = str(Path(tmp) / kind.lower())
        os.environ.pop("OVERLEG_LANG", None)
        for filename, name in SHOTS.items():
            (out / filename).write_text(asyncio.run(shoot(name)), encoding="utf-8")
            print(out / filename)
        os.chdir(ROOT)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
