"""The chair service: a meeting's rules as the console meets them, held on disk without Textual.

Every meeting here is real: a journal in tmp_path, a clock the test moves. A refusal, a question
and a disk that will not write all come back as an `Outcome`, and change nothing.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

import pytest

from chair_helpers import (
    CHAIR,
    JOOST,
    OWNER,
    SANNE,
    begin,
    hear_everyone,
    hold,
    refusal,
    said,
    small,
    toml_agenda,
)
from helpers import FakeClock, small_agenda
from overleg import store
from overleg.agenda import Participant
from overleg.chair.service import UNREADABLE, NotFound, Service
from overleg.journal import JournalBusy, read_journal
from overleg.session import Session

DAY = 24 * 3600


def folders(service: Service) -> list[str]:
    root = service.root
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def listen(chair) -> list[int]:
    """A listener on `chair`; the list grows by one per call."""
    calls: list[int] = []
    chair.subscribe(lambda: calls.append(chair.state.last_seq))
    return calls


def types(chair) -> list[str]:
    return [r["type"] for r in read_journal(chair.folder / store.JOURNAL).records]


# ---------------------------------------------------------------------------------- the start


@pytest.mark.parametrize(
    ("attendance", "minute_taker", "key"),
    [
        ({CHAIR: "excused"}, JOOST, "engine.chair_not_present"),
        ({p.name: "absent" for p in small_agenda().participants}, JOOST, "engine.nobody_present"),
        ({JOOST: "excused"}, JOOST, "engine.minute_taker_not_present"),
        ({SANNE: "ziek"}, JOOST, "engine.bad_attendance"),
    ],
)
def test_a_refused_start_leaves_no_meeting_folder(
    service: Service, attendance: dict[str, str], minute_taker: str, key: str
) -> None:
    chair = service.prepare(small_agenda())
    calls = []
    chair.subscribe(lambda: calls.append(1))
    outcome = chair.start(attendance, CHAIR, minute_taker)
    assert refusal(outcome) == key
    assert chair.session is None and not chair.started and chair.status == "new"
    assert folders(service) == [] and calls == []


def test_a_guest_with_a_participants_name_is_refused_before_anything_is_written(
    service: Service,
) -> None:
    chair = service.prepare(small_agenda())
    outcome = chair.start({}, CHAIR, JOOST, guests=[Participant(SANNE)])
    assert refusal(outcome) == "engine.duplicate_person"
    assert outcome.refusal.params == {"name": SANNE}
    assert folders(service) == []


def test_a_start_opens_item_one_in_one_new_folder(service: Service) -> None:
    chair = service.prepare(small_agenda())
    assert chair.default_roles() == (CHAIR, JOOST)
    calls = listen(chair)
    outcome = chair.start(
        {SANNE: "excused"}, CHAIR, JOOST, guests=[Participant("Bram de Wit", "guest", "Leerplicht")]
    )
    assert outcome.ok and outcome.message is None and not outcome.then
    state = chair.state
    assert chair.started and chair.is_open and chair.status == "running"
    assert (state.item.index, state.item.phase, state.phase.spec.title) == (0, 0, "Inbreng")
    assert (state.chair, state.minute_taker) == (CHAIR, JOOST)
    assert state.people["Bram de Wit"].guest and not state.people[SANNE].here
    assert folders(service) == ["2026-12-01-casusoverleg-noord"]
    assert chair.folder == service.root / "2026-12-01-casusoverleg-noord"
    assert types(chair) == ["meeting_started", "item_started", "phase_started"]
    assert len(calls) == 1, "one redraw for the start"
    again = chair.start({}, CHAIR, JOOST)
    assert refusal(again) == "engine.already_started"


def test_a_start_carries_the_open_actions_of_the_last_ended_meeting_of_its_series(
    service: Service, clock: FakeClock
) -> None:
    first = hold(
        service,
        clock,
        actions=[
            ("Leerplicht bellen", SANNE, "open"),
            ("Huisbezoek", OWNER, "done"),
            ("Budgetcoach zoeken", JOOST, "carried"),
            ("Laten vallen", JOOST, "dropped"),
        ],
    )
    clock.tick(DAY)
    running = begin(service)  # the same series, not ended: nothing of it is carried
    running.run("add_action", what="Niet meenemen", owner=SANNE)
    running.close()
    clock.tick(DAY)
    hold(
        service,
        clock,
        small(service.root.parent / "agendas", series="zuid"),
        [("Zuid", SANNE, "open")],
    )
    clock.tick(DAY)

    chair = begin(service)
    carried = [a for a in chair.state.actions if a.origin]
    assert [a.what for a in carried] == ["Leerplicht bellen", "Budgetcoach zoeken"]
    assert {a.origin for a in carried} == {first.folder.name}
    assert [a.id for a in carried] == [
        a.id for a in first.state.actions if a.what in ("Leerplicht bellen", "Budgetcoach zoeken")
    ]
    assert all(a.status == "open" for a in carried)
    assert chair.state.item.index == 0
    # The action review shows each with the day it was agreed: "1.1 van 1 december".
    from overleg.chair import views

    agreed = first.state.started_at.date()
    assert [(line.number, line.agreed) for line in views.carried_lines(chair.state)] == [
        (a.number, agreed) for a in carried
    ]


def test_a_damaged_previous_meeting_does_not_stop_the_next_one(
    service: Service, clock: FakeClock
) -> None:
    first = hold(service, clock, actions=[("Leerplicht bellen", SANNE, "open")])
    journal = first.folder / store.JOURNAL
    text = journal.read_text("utf-8")
    assert f'"owner":"{SANNE}"' in text
    journal.write_text(text.replace(f'"owner":"{SANNE}"', '"owner":"Onbekend"'), "utf-8")
    assert service.meetings()[0].status == "ended", "it reads; only its replay fails"
    clock.tick(DAY)
    chair = service.prepare(small(service.root.parent / "agendas"))
    outcome = chair.start({}, CHAIR, JOOST)
    assert outcome.ok or folders(service) == [first.folder.name], outcome


def test_a_meeting_without_a_series_carries_nothing(service: Service, clock: FakeClock) -> None:
    lone = small(service.root.parent / "agendas", series="")
    hold(service, clock, lone, [("Bellen", SANNE, "open")])
    clock.tick(DAY)
    assert begin(service, lone).state.actions == []


def test_a_start_where_no_folder_can_be_made_is_a_disk_error(tmp_path: Path, clock) -> None:
    (tmp_path / "data").write_text("not a folder")
    service = Service(tmp_path / "data", clock)
    chair = service.prepare(small_agenda())
    outcome = chair.start({}, CHAIR, JOOST)
    assert outcome == type(outcome)(False, disk_error=True)
    assert chair.session is None and not chair.started


def fsize_limit(size: int):
    """A file size limit of `size` bytes for this process (a disk that fills up), or skip."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    if hard != resource.RLIM_INFINITY and hard < size:
        pytest.skip("cannot set RLIMIT_FSIZE here")
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def journal_lines(agenda, tmp_path: Path, clock: FakeClock) -> list[int]:
    """The byte length of each line of the journal a start of `agenda` writes."""
    chair = begin(Service(tmp_path / "reference", FakeClock(clock())), agenda)
    chair.close()
    return [len(line) for line in (chair.folder / store.JOURNAL).read_bytes().splitlines(True)]


def test_a_start_the_disk_refuses_can_be_tried_again_in_the_same_folder(
    service: Service, tmp_path: Path, clock: FakeClock
) -> None:
    agenda = small(tmp_path / "agendas")
    header = journal_lines(agenda, tmp_path, clock)[0]
    chair = service.prepare(agenda)
    restore = fsize_limit(header + 20)  # the header fits, meeting_started does not
    try:
        outcome = chair.start({}, CHAIR, JOOST)
    finally:
        restore()
    assert outcome.disk_error and not outcome.ok
    assert chair.status == "new" and not chair.started
    assert types(chair) == []
    assert chair.start({}, CHAIR, JOOST).ok
    assert chair.state.item.index == 0
    assert len(folders(service)) == 1


def test_a_start_cut_off_after_meeting_started_opens_item_one_when_tried_again(
    service: Service, tmp_path: Path, clock: FakeClock
) -> None:
    agenda = small(tmp_path / "agendas")
    header, started, *_ = journal_lines(agenda, tmp_path, clock)
    chair = service.prepare(agenda)
    restore = fsize_limit(header + started + 20)  # meeting_started fits, item_started does not
    try:
        outcome = chair.start({}, CHAIR, JOOST)
    finally:
        restore()
    assert outcome.disk_error
    again = chair.start({}, CHAIR, JOOST)
    assert again.ok, again
    assert chair.state.item is not None and chair.state.item.index == 0


# ------------------------------------------------------------------------------ running commands


def test_no_command_runs_before_the_start_and_unknown_ones_raise(service: Service) -> None:
    chair = service.prepare(small_agenda())
    assert refusal(chair.run("next_speaker")) == "engine.not_started"
    chair = begin(service)
    with pytest.raises(KeyError):
        chair.run("fly")


def test_next_speaker_goes_round_and_is_refused_once_the_round_is_complete(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    assert refusal(chair.run("next_speaker")) == "engine.not_a_round"
    chair.run("next_phase")
    state = chair.state
    assert state.phase.order == [SANNE, JOOST, CHAIR], "the presenter answers; the chair is last"
    assert hear_everyone(chair, clock) == [SANNE, JOOST, CHAIR]
    assert state.turn is None and list(state.phase.heard) == [SANNE, JOOST, CHAIR]
    calls = listen(chair)
    outcome = chair.run("next_speaker")
    assert refusal(outcome) == "engine.round_complete"
    assert outcome.refusal.params == {"phase": "Vraagverheldering"}
    assert "Vraagverheldering" in said(outcome.refusal)
    assert calls == []


def test_pass_turn_passes_the_speaker_or_else_the_next_in_line(service: Service) -> None:
    chair = begin(service)
    chair.run("next_phase")
    state = chair.state
    assert chair.run("pass_turn").ok  # nobody has the floor: the first in line passes
    assert list(state.phase.passed) == [SANNE]
    chair.run("next_speaker")
    assert state.turn.speaker == JOOST
    chair.run("pass_turn")
    assert list(state.phase.passed) == [SANNE, JOOST] and state.turn is None
    chair.run("next_speaker")
    chair.run("note", text="Wat wil moeder zelf?")
    chair.run("pass_turn")  # something was noted: heard, not passed
    assert list(state.phase.heard) == [CHAIR]


def test_give_floor_and_move_speaker_change_the_round(service: Service) -> None:
    chair = begin(service)
    chair.run("next_phase")
    state = chair.state
    assert chair.run("move_speaker", name=CHAIR, offset=-5).ok
    assert state.phase.order == [CHAIR, SANNE, JOOST]
    assert chair.run("give_floor", name=JOOST).ok and state.turn.speaker == JOOST
    assert refusal(chair.run("give_floor", name=JOOST)) == "engine.has_floor"
    assert chair.run("give_floor", name=OWNER).ok, "the presenter may be given the floor"
    assert state.phase.order == [SANNE, JOOST, OWNER, CHAIR], "added before the chair"
    assert refusal(chair.run("move_speaker", name="Niemand", offset=1)) == "engine.not_in_order"


def test_next_phase_moves_on_and_open_item_of_the_running_item_is_refused(
    service: Service,
) -> None:
    chair = begin(service)
    assert chair.run("next_phase").ok
    assert chair.state.phase.spec.kind == "questions"
    assert refusal(chair.run("open_item", index=0)) == "engine.item_running"
    outcome = chair.run("open_item", index=7)
    assert outcome == type(outcome)(False)


def test_a_shut_gate_asks_with_the_names_per_phase_and_a_reason_opens_it(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    chair.run("next_phase")  # questions
    chair.run("next_speaker")  # Sanne asks
    clock.tick(20)
    chair.run("next_speaker")  # Joost has the floor ...
    chair.run("pass_turn")  # ... and passes: he counts as heard
    calls = listen(chair)
    outcome = chair.run("decision")
    question = outcome.question
    assert not outcome.ok and question.kind == "gate" and question.answer == "override"
    assert question.missing == (
        ("Vraagverheldering", (CHAIR,)),
        ("Perspectieven", (OWNER, SANNE, JOOST, CHAIR)),
    )
    assert chair.state.phase.spec.kind == "questions" and calls == [], "nothing changed"
    assert chair.gate() == [(t, list(n)) for t, n in question.missing]

    command, params = question.answered("")
    assert refusal(chair.run(command, **params)) == "engine.empty_text", "a reason is needed"
    command, params = question.answered("Spoed: veiligheid van de kinderen")
    assert (command, params) == ("goto_phase", {"index": 3, "override": params["override"]})
    assert chair.run(command, **params).ok
    item = chair.state.item
    assert chair.state.phase.spec.kind == "decision"
    assert [o.reason for o in item.overrides] == ["Spoed: veiligheid van de kinderen"]
    assert item.overrides[0].missing == [(t, list(n)) for t, n in question.missing]
    assert types(chair)[-2:] == ["gate_overridden", "phase_started"]
    assert len(calls) == 1


def test_next_phase_into_a_shut_decision_asks_and_the_answer_runs_it_again(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    chair.run("next_phase")
    hear_everyone(chair, clock)
    chair.run("next_phase")  # the round: Sanne leaves before her turn
    chair.run("next_speaker")
    clock.tick(30)
    outcome = chair.run("next_phase")
    question = outcome.question
    assert question.kind == "gate" and question.retry == "next_phase"
    assert question.missing == (("Perspectieven", (SANNE, JOOST, CHAIR)),)
    command, params = question.answered("Tijd is op")
    assert (command, params) == ("next_phase", {"override": "Tijd is op"})
    assert chair.run(command, **params).ok
    assert chair.state.phase.spec.kind == "decision"
    assert chair.state.item.overrides[0].reason == "Tijd is op"


def test_the_decision_key_goes_to_the_decision_then_proposes_then_holds_the_consent_round(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    state = chair.state
    for _ in range(2):  # the questions and the round: everyone is heard
        chair.run("next_phase")
        hear_everyone(chair, clock)
    assert chair.gate() == []
    outcome = chair.run("decision")
    assert outcome.ok and outcome.question is None and not outcome.then
    assert state.phase.spec.kind == "decision" and state.item.overrides == []
    assert chair.run("decision").then == "propose"
    assert refusal(chair.run("propose", text="")) == "engine.empty_text"
    outcome = chair.run("propose", text="Sanne wordt regisseur", rationale="Schulden eerst")
    assert (outcome.ok, outcome.then) == (True, "consent")
    assert state.item.proposal.text == "Sanne wordt regisseur"
    assert chair.run("decision").then == "consent"
    chair.run("consent_rest")
    assert chair.run("decide").ok
    assert [d.text for d in state.item.decisions] == ["Sanne wordt regisseur"]
    assert state.item.proposal is None and not state.item.decisions[0].over_objection
    chair.run("next_phase")  # the actions: the decision is behind
    outcome = chair.run("decision")
    assert (outcome.ok, outcome.notice.key) == (False, "ui.decision.no_phase")
    said(outcome.notice)


def test_an_item_without_a_decision_phase_says_so(service: Service) -> None:
    chair = begin(service)
    chair.run("open_item", index=1, leave=True)  # the closing round
    outcome = chair.run("decision")
    assert not outcome.ok and outcome.notice.key == "ui.decision.no_phase"
    assert outcome.notice.severity == "warning"
    assert refusal(chair.run("propose", text="Iets")) == "engine.not_decision_phase"


def test_an_objection_standing_asks_and_deciding_over_it_is_recorded(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    command, params = chair.run("decision").question.answered("Testen")
    chair.run(command, **params)
    chair.run("propose", text="Sanne wordt regisseur")
    state = chair.state
    assert chair.run("vote", name=SANNE, vote="object", reason="Eerst GGZ").ok
    assert refusal(chair.run("vote", name=JOOST, vote="misschien")) == "engine.bad_vote"
    assert refusal(chair.run("vote", name=JOOST, vote="object")) == "engine.empty_text"
    outcome = chair.run("decide")
    assert refusal(outcome) == "engine.consent_incomplete", "not everyone has answered"
    assert outcome.refusal.params == {"names": f"{OWNER}, {JOOST}, {CHAIR}"}
    chair.run("vote", name=JOOST, vote="abstain")
    chair.run("consent_rest")
    calls = listen(chair)
    outcome = chair.run("decide")
    question = outcome.question
    assert question.kind == "objection" and question.objections == ((SANNE, "Eerst GGZ"),)
    assert state.item.decisions == [] and calls == []
    command, params = question.answered(True)
    assert (command, params) == ("decide", {"over_objection": True})
    assert chair.run(command, **params).ok
    decision = state.item.decisions[0]
    assert decision.over_objection and [v.name for v in decision.objections] == [SANNE]
    assert decision.votes[JOOST].vote == "abstain" and decision.votes[OWNER].vote == "consent"
    assert len(calls) == 1


def test_an_amended_proposal_starts_a_new_round_and_decides_without_asking(
    service: Service,
) -> None:
    chair = begin(service)
    command, params = chair.run("decision").question.answered("Testen")
    chair.run(command, **params)
    chair.run("propose", text="Sanne wordt regisseur")
    chair.run("vote", name=SANNE, vote="object", reason="Eerst GGZ")
    chair.run("propose", text="Sanne wordt regisseur, samen met GGZ")
    assert chair.state.item.proposal.votes == {}
    chair.run("consent_rest")
    outcome = chair.run("decide")
    assert outcome.ok and outcome.question is None
    decision = chair.state.item.decisions[0]
    assert not decision.over_objection
    assert [v.reason for v in decision.objections_heard] == ["Eerst GGZ"]


def test_leaving_an_unfinished_item_asks_first(service: Service, clock: FakeClock) -> None:
    chair = begin(service)
    state = chair.state
    chair.run("next_phase")  # item 1 stops in its questions
    calls = listen(chair)
    outcome = chair.run("next_item")
    question = outcome.question
    assert question.kind == "unfinished" and question.number == 1 and question.answer == "leave"
    assert question.phases == ("Vraagverheldering", "Perspectieven", "Besluit", "Afspraken")
    assert state.item.index == 0 and calls == []
    command, params = question.answered(True)
    assert (command, params) == ("next_item", {"leave": True})
    assert chair.run(command, **params).ok
    assert (state.item.index, state.items[0].status) == (1, "done")

    outcome = chair.run("open_item", index=0)  # back: the closing round has not been held
    question = outcome.question
    assert (question.kind, question.retry, question.number) == ("unfinished", "open_item", 2)
    assert question.retry_params == {"index": 0, "leave": False}
    assert question.phases == ("Slotronde",)
    command, params = question.answered(True)
    assert chair.run(command, **params).ok
    assert state.item.index == 0 and state.item.phase == 1, "it opens again where it stopped"
    assert len(calls) == 2


def test_next_phase_on_the_last_phase_is_next_item(service: Service, clock: FakeClock) -> None:
    chair = begin(service)
    state = chair.state
    chair.run("open_item", index=1, leave=True)
    outcome = chair.run("next_phase")
    question = outcome.question
    assert (question.kind, question.retry, question.phases) == (
        "unfinished",
        "next_item",
        ("Slotronde",),
    )
    assert chair.run("next_phase", leave=True).ok, "leave given at once: no question"
    assert [i.status for i in state.items] == ["done", "done"], "item 1 was left, and so closed"
    assert state.item is None


def test_a_finished_last_item_closes_without_a_question(service: Service, clock) -> None:
    chair = begin(service)
    state = chair.state
    chair.run("open_item", index=1, leave=True)
    hear_everyone(chair, clock)
    outcome = chair.run("next_phase")
    assert outcome.ok and outcome.question is None
    assert state.item is None and state.items[1].status == "done"
    assert not chair.applies("next_phase")


def test_a_paused_meeting_refuses_rather_than_asks(service: Service) -> None:
    chair = begin(service)
    chair.run("pause")
    assert refusal(chair.run("next_item")) == "engine.paused"
    assert refusal(chair.run("open_item", index=1)) == "engine.paused"
    assert refusal(chair.run("next_speaker")) == "engine.paused"


def test_end_asks_with_the_items_not_dealt_with_and_confirmed_ends(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    calls = listen(chair)
    outcome = chair.run("end_meeting")
    question = outcome.question
    assert (question.kind, question.answer, question.untreated) == (
        "end",
        "confirmed",
        ((2, "Afsluiting"),),
    )
    assert chair.status == "running" and calls == []
    clock.tick(600)
    command, params = question.answered(True)
    outcome = chair.run(command, **params)
    assert (outcome.ok, outcome.then) == (True, "finish")
    assert chair.status == "ended" and not chair.is_open
    assert chair.state.items[0].status == "done" and chair.state.items[1].status == "todo"
    assert types(chair)[-1] == "meeting_ended" and len(calls) == 1
    assert refusal(chair.run("end_meeting", confirmed=True)) == "engine.ended"


def test_end_with_every_item_dealt_with_lists_none(service: Service) -> None:
    chair = begin(service)
    chair.run("skip", reason="Geen tijd")
    chair.run("open_item", index=1)
    chair.run("defer", reason="Volgende keer")
    assert chair.run("end_meeting").question.untreated == ()


def test_a_note_goes_against_the_speaker_or_the_name_before_a_colon(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    state = chair.state
    chair.run("note", text="Moeder wil vooral rust")  # the presentation: the presenter's
    chair.run("next_phase")
    chair.run("next_speaker")  # Sanne asks
    chair.run("note", text="  Wat wil moeder zelf?  ")
    chair.run("note", text=f"{OWNER}: Rust, en hulp bij de post")
    chair.run("note", text="Let op: om 10:00 belt school")  # not a name: Sanne's
    chair.run("note", text=f"{JOOST}:")  # nothing after the name: the text as it is
    notes = [(c.speaker, c.kind, c.text) for p in state.item.phases for c in p.contributions]
    assert notes == [
        (OWNER, "contribution", "Moeder wil vooral rust"),
        (SANNE, "question", "Wat wil moeder zelf?"),
        (OWNER, "answer", "Rust, en hulp bij de post"),
        (SANNE, "question", "Let op: om 10:00 belt school"),
        (SANNE, "question", f"{JOOST}:"),
    ]


def test_a_note_with_control_characters_or_nothing_is_refused(service: Service) -> None:
    chair = begin(service)
    calls = listen(chair)
    outcome = chair.run("note", text="rood \x1b[31m alarm")
    assert refusal(outcome) == "engine.control_characters"
    assert outcome.refusal.params == {"what": "contribution"}
    assert refusal(chair.run("note", text=" \t ")) == "engine.empty_text"
    assert refusal(chair.run("note", text=f"{SANNE}: bel\x07")) == "engine.control_characters"
    assert chair.state.item.phases[0].contributions == [] and calls == []


def test_a_note_with_no_item_open_is_refused(service: Service) -> None:
    chair = begin(service)
    chair.run("skip", reason="Niet nodig")
    assert refusal(chair.run("note", text="Tussendoor")) == "engine.no_item"


def test_extend_gives_five_minutes_and_says_so(service: Service) -> None:
    chair = begin(service)
    outcome = chair.run("extend")
    assert outcome.ok and outcome.notice.key == "ui.item.extended"
    assert outcome.notice.params == {"minutes": 5} and outcome.message is outcome.notice
    assert said(outcome.notice) == "5 minuten extra voor dit agendapunt."
    assert chair.state.item.planned == 1200 + 300


def test_pause_toggles_and_time_stands_still(service: Service, clock: FakeClock) -> None:
    chair = begin(service)
    state = chair.state
    clock.tick(30)
    assert chair.run("pause").ok and chair.status == "paused" and chair.is_open
    clock.tick(600)
    assert state.item.timer.seconds(chair.now()) == 30
    assert chair.run("pause").ok and chair.status == "running"
    clock.tick(5)
    assert state.item.timer.seconds(chair.now()) == 35
    assert state.pauses and (state.pauses[0][1] - state.pauses[0][0]).total_seconds() == 600


def test_closing_the_console_leaves_the_meeting_paused_once(service: Service) -> None:
    chair = begin(service)
    chair.leave_paused()
    assert chair.status == "paused"
    chair.leave_paused()
    assert chair.status == "paused", "not resumed by a second close"
    assert types(chair).count("paused") == 1


def test_defer_and_skip_close_the_item_with_a_reason(service: Service) -> None:
    chair = begin(service)
    state = chair.state
    assert refusal(chair.run("defer", reason="")) == "engine.empty_text"
    assert chair.run("defer", reason="Eerst de school bellen").ok
    assert (state.items[0].status, state.items[0].reason) == ("deferred", "Eerst de school bellen")
    assert state.item is None
    chair.run("open_item", index=1)
    assert chair.run("skip", reason="Geen tijd").ok
    assert (state.items[1].status, state.items[1].reason) == ("skipped", "Geen tijd")
    assert chair.run("next_item").ok and state.item.index == 0, "the deferred item comes back"


def test_late_arrival_early_leave_and_a_guest(service: Service, clock: FakeClock) -> None:
    chair = begin(service, attendance={SANNE: "excused"})
    state = chair.state
    assert chair.presence_choices() == [(CHAIR, True), (OWNER, True), (SANNE, False), (JOOST, True)]
    assert chair.run("arrive", name=SANNE).ok and state.people[SANNE].here
    assert refusal(chair.run("arrive", name=SANNE)) == "engine.already_here"
    assert chair.run("guest", name="Bram de Wit", discipline="Leerplicht").ok
    assert state.people["Bram de Wit"].guest and state.people["Bram de Wit"].here
    assert refusal(chair.run("guest", name=SANNE)) == "engine.duplicate_person"
    chair.run("next_phase")
    assert state.phase.order == [SANNE, JOOST, "Bram de Wit", CHAIR]
    assert chair.run("leave", name=SANNE).ok
    assert refusal(chair.run("leave", name=CHAIR)) == "engine.chair_cannot_leave"
    assert refusal(chair.run("leave", name="Niemand")) == "engine.unknown_person"
    assert hear_everyone(chair, clock) == [JOOST, "Bram de Wit", CHAIR], "who left is skipped"


def test_action_opens_the_form_and_review_only_with_carried_actions(
    service: Service, clock: FakeClock, tmp_path: Path
) -> None:
    agenda = toml_agenda(tmp_path / "agendas")
    first = begin(service, agenda)
    assert first.is_review()
    assert chair_then(first, "action") == "action"
    outcome = first.run("review_actions")
    assert (outcome.ok, outcome.notice.key) == (False, "ui.review.none"), "nothing carried yet"
    said(outcome.notice)
    assert first.run("add_action", what="Leerplicht bellen", owner=SANNE).ok
    first.run("end_meeting", confirmed=True)
    first.close()
    clock.tick(7 * DAY)

    chair = begin(service, agenda)
    assert chair.is_review()
    (carried,) = chair.state.actions
    assert carried.origin == first.folder.name and carried.what == "Leerplicht bellen"
    assert chair_then(chair, "review_actions") == "review"
    assert chair_then(chair, "action") == "action", "a new action, also in the review"
    assert chair.run("mark_action", id=carried.id, status="done").ok
    assert carried.status == "done"
    assert refusal(chair.run("mark_action", id=carried.id, status="klaar")) == (
        "engine.bad_action_status"
    )
    assert refusal(chair.run("mark_action", id="x/1.1", status="done")) == "engine.unknown_action"
    chair.run("open_item", index=1)
    assert not chair.is_review()


def chair_then(chair, command_id: str) -> str:
    outcome = chair.run(command_id)
    assert outcome.ok, outcome
    return outcome.then


def test_add_action_numbers_after_the_item_and_takes_any_owner(service: Service) -> None:
    chair = begin(service, attendance={SANNE: "excused"})
    assert chair.action_owners() == [CHAIR, OWNER, JOOST, SANNE], "the excused last"
    assert chair.action_owners(everyone=True) == [CHAIR, OWNER, SANNE, JOOST]
    assert chair.run("add_action", what="Bellen", owner=SANNE).ok, "someone excused may own one"
    chair.run("add_action", what="Schrijven", owner=JOOST)
    assert [a.number for a in chair.state.actions] == ["1.1", "1.2"]
    first, second = (a.id for a in chair.state.actions)
    assert len(first) == 32 and first != second, "ids are unique, not made from the minute"
    assert refusal(chair.run("add_action", what="Iets", owner="")) == "engine.no_owner"
    assert chair.run("add_action", what="Ophalen", owner="moeder").ok, "someone not at the table"
    assert chair.state.actions[-1].owner == "moeder"


def test_listeners_hear_once_per_accepted_command_and_never_otherwise(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    calls = listen(chair)
    chair.run("open_item", index=1, leave=True)  # three events: item ended, started, phase
    assert len(calls) == 1 and calls[0] == chair.state.last_seq
    chair.run("next_speaker")
    chair.run("next_speaker")
    assert len(calls) == 3
    chair.run("propose", text="Iets")  # refused
    chair.run("end_meeting")  # asks
    chair.run("decision")  # no decision phase: a notice only
    chair.run("action")  # opens the form only
    assert len(calls) == 3
    other = listen(chair)
    chair.run("extend")
    assert len(calls) == 4 and len(other) == 1, "every listener hears it"


# ------------------------------------------------------------------------- a disk that won't write


def test_a_journal_that_refuses_writes_is_a_disk_error_and_changes_nothing(
    service: Service,
) -> None:
    chair = begin(service)
    chair.run("next_phase")
    state = chair.state
    journal = chair.session.journal
    before = journal.path.read_bytes()
    seq = state.last_seq
    calls = listen(chair)
    # The journal's descriptor now refuses writes, as a disk gone read-only does (EBADF).
    read_only = os.open(journal.path, os.O_RDONLY)
    try:
        os.dup2(read_only, journal.fileno())
    finally:
        os.close(read_only)
    outcome = chair.run("next_speaker")
    assert outcome == type(outcome)(False, disk_error=True)
    assert outcome.message is None and outcome.question is None
    assert state.turn is None and state.last_seq == seq and calls == []
    assert journal.path.read_bytes() == before
    assert len(service.read(chair.folder).items[0].phases[1].turns) == 0
    chair.close()


def test_every_command_after_a_failed_write_is_a_disk_error_too(service: Service) -> None:
    chair = begin(service)
    chair.run("next_phase")
    journal = chair.session.journal
    read_only = os.open(journal.path, os.O_RDONLY)
    try:
        os.dup2(read_only, journal.fileno())
    finally:
        os.close(read_only)
    try:
        assert chair.run("next_speaker").disk_error
        outcome = chair.run("next_speaker")  # the journal now refuses every append
        assert outcome.disk_error and not outcome.ok
    finally:
        chair.close()


def test_a_full_disk_refuses_the_command_and_the_same_command_goes_in_later(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    chair.run("next_phase")
    state = chair.state
    path = chair.session.journal.path
    size = path.stat().st_size
    calls = listen(chair)
    restore = fsize_limit(size + 10)  # room for ten bytes: the next event does not fit
    try:
        first = chair.run("next_speaker")
        second = chair.run("note", text="Past niet meer")
    finally:
        restore()
    assert first.disk_error and second.disk_error
    assert state.turn is None and calls == [] and path.stat().st_size == size
    assert chair.run("next_speaker").ok and state.turn.speaker == SANNE
    assert calls == [state.last_seq]
    assert types(chair)[-1] == "turn_started"


# ------------------------------------------------------------------------------ the meetings kept


def test_open_continues_a_meeting_paused_as_of_its_last_event(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    chair.run("next_phase")
    chair.run("next_speaker")
    clock.tick(20)
    chair.run("note", text="Wat wil moeder zelf?")
    clock.tick(40)  # said after the last event: the pause starts at that event
    chair.close()  # the laptop closes without a pause
    clock.tick(3600)
    again = service.open(chair.folder)
    try:
        assert again.status == "paused" and again.folder == chair.folder
        assert again.state.turn.speaker == SANNE
        assert again.state.turn.timer.seconds(again.now()) == 20
        # A second terminal joins the meeting instead of being refused, and changes nothing.
        notes = service.open(chair.folder, role="notes")
        try:
            assert notes.status == "paused" and notes.state.last_seq == again.state.last_seq
        finally:
            notes.close()
        assert issubclass(JournalBusy, UNREADABLE)
        assert again.run("pause").ok and again.status == "running"
    finally:
        again.close()


def test_overview_lists_agendas_with_their_problems_unfinished_and_recent(
    service: Service, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OVERLEG_CONFIG_DIR", str(tmp_path / "config"))
    own = tmp_path / "config" / "agendas"
    toml_agenda(own, name="noord.toml")
    broken = own / "kapot.toml"
    broken.write_text('[meeting]\ntitle = "Kapot"\n', "utf-8")
    extra = tmp_path / "los.toml"
    extra.write_text('[meeting]\ntitle = "Los"\n[[items]]\ntitle = "Eén"\nduration = "5m"\n')
    assert service.overview().unfinished == [], "no data folder yet"

    ended = []
    for _ in range(11):
        ended.append(hold(service, clock).folder.name)
        clock.tick(DAY)
    running = begin(service)
    running.close()
    clock.tick(DAY)
    Session.create(
        small(service.root.parent / "agendas"), service.root, clock
    ).close()  # made, never started

    overview = service.overview([extra, extra, own / "noord.toml"])
    by_name = {a.path.name: a for a in overview.agendas}
    assert by_name["noord.toml"].title == "Casusoverleg Noord" and not by_name["noord.toml"].problem
    assert by_name["los.toml"].title == "Los"
    assert by_name["kapot.toml"].title == "" and by_name["kapot.toml"].problem
    assert str(broken) in by_name["kapot.toml"].problem
    assert "\n" not in by_name["kapot.toml"].problem
    assert "Casusoverleg sociaal wijkteam Noord" in [a.title for a in overview.agendas]
    paths = [a.path.resolve() for a in overview.agendas]
    assert len(paths) == len(set(paths)), "each file once"
    assert [m.status for m in overview.unfinished] == ["new", "running"]
    assert overview.unfinished[1].folder == running.folder
    assert [m.name for m in overview.recent] == ended[::-1][:10], "the latest ten, newest first"
    assert service.unfinished() == [overview.unfinished[1]]


def test_unfinished_of_one_agenda_file(service: Service, tmp_path: Path) -> None:
    agenda = toml_agenda(tmp_path / "agendas")
    mine = begin(service, agenda)
    mine.close()
    begin(service).close()  # an agenda built in code: no file
    found = service.unfinished(tmp_path / "agendas" / "noord.toml")
    assert [m.folder for m in found] == [mine.folder]


def test_find_by_name_prefix_or_path(service: Service, clock: FakeClock) -> None:
    first = begin(service)
    first.close()
    second = begin(service)
    second.close()
    clock.tick(DAY)
    other = begin(service, small(service.root.parent / "agendas", title="Directeurenoverleg"))
    other.close()
    assert first.folder.name == "2026-12-01-casusoverleg-noord"
    assert second.folder.name == "2026-12-01-casusoverleg-noord-2"
    assert service.find(first.folder.name) == first.folder, "the exact name wins"
    assert service.find("2026-12-02") == other.folder
    assert service.find("2026-12-02-DIRECTEUREN") == other.folder
    assert service.find(str(other.folder)) == other.folder
    assert service.find(str(other.folder / store.JOURNAL)) == other.folder
    with pytest.raises(NotFound) as ambiguous:
        service.find("2026-12-01")
    assert sorted(ambiguous.value.names) == [first.folder.name, second.folder.name]
    assert ambiguous.value.ref == "2026-12-01"
    for ref in ("2030", "", str(service.root / "nergens")):
        with pytest.raises(NotFound) as none:
            service.find(ref)
        assert none.value.names == []


@pytest.fixture
def ended(service: Service, clock: FakeClock) -> Path:
    """A case conference held to the end: a note naming the household, a decision, an action."""
    chair = begin(service)
    chair.run("note", text="Familie Jansen wil vooral rust")
    command, params = chair.run("decision").question.answered("Spoed")
    chair.run(command, **params)
    chair.run("propose", text="Sanne begeleidt gezin J.")
    chair.run("consent_rest")
    chair.run("decide")
    chair.run("add_action", what="Jansen bellen", owner=SANNE)
    clock.tick(900)
    chair.run("end_meeting", confirmed=True)
    chair.close()
    return chair.folder


@pytest.mark.parametrize(
    ("options", "name"),
    [
        ({}, "minutes.md"),
        ({"format": "toml"}, "minutes.toml"),
        ({"share": True}, "minutes-share.md"),
        ({"decisions_only": True}, "minutes-decisions.md"),
        ({"share": True, "decisions_only": True}, "minutes-share-decisions.md"),
        ({"format": "toml", "share": True}, "minutes-share.toml"),
    ],
)
def test_export_writes_beside_the_journal_by_the_store_s_names(
    service: Service, ended: Path, options: dict, name: str
) -> None:
    export = service.export(ended, **options)
    format = options.get("format", "md")
    expected = store.minutes_name(
        format, options.get("share", False), options.get("decisions_only", False)
    )
    assert expected == name
    assert export.target == ended / name and export.warnings == []
    assert (ended / name).read_text("utf-8") == export.text


def test_export_share_replaces_the_households_names(service: Service, ended: Path) -> None:
    plain = service.export(ended, output="-").text
    shared = service.export(ended, share=True, output="-").text
    assert "Jansen" in plain and "gezin J." in plain
    assert "Jansen" not in shared and "gezin J." not in shared
    assert "cliënt A" in shared and "Sanne begeleidt" in shared
    decisions = service.export(ended, decisions_only=True, output="-").text
    assert "Sanne begeleidt gezin J." in decisions
    assert "wil vooral rust" in plain and "wil vooral rust" not in decisions
    english = service.export(ended, language="en", output="-").text
    assert english != plain


def test_export_to_stdout_writes_nothing_and_a_folder_is_refused(
    service: Service, ended: Path, tmp_path: Path
) -> None:
    before = sorted(p.name for p in ended.iterdir())
    for output in ("-", "/dev/stdout"):
        export = service.export(ended, format="toml", output=output)
        assert export.target is None and 'title = "Casusoverleg Noord"' in export.text
    assert sorted(p.name for p in ended.iterdir()) == before
    with pytest.raises(IsADirectoryError):
        service.export(ended, output=str(tmp_path))
    elsewhere = tmp_path / "notulen.md"
    export = service.export(ended, output=str(elsewhere))
    assert export.target == elsewhere and elsewhere.read_text("utf-8") == export.text


def test_actions_across_meetings_in_their_latest_state(service: Service, clock: FakeClock) -> None:
    first = hold(
        service,
        clock,
        actions=[("Leerplicht bellen", SANNE, "open"), ("Huisbezoek", OWNER, "done")],
    )
    clock.tick(7 * DAY)
    second = begin(service)
    carried = next(a for a in second.state.actions if a.origin)
    second.run("mark_action", id=carried.id, status="done")
    second.run("add_action", what="Budgetcoach zoeken", owner=JOOST)
    second.close()  # still running: its actions count
    clock.tick(DAY)
    hold(
        service,
        clock,
        small(service.root.parent / "agendas", series="zuid"),
        [("Wijkagent", SANNE, "open")],
    )
    Session.create(
        small(service.root.parent / "agendas"), service.root, clock
    ).close()  # never started: nothing

    rows = {r.action.what: r for r in service.actions()}
    assert sorted(rows) == ["Budgetcoach zoeken", "Huisbezoek", "Leerplicht bellen", "Wijkagent"]
    assert rows["Leerplicht bellen"].meeting == second.folder.name, "its latest state"
    assert rows["Leerplicht bellen"].action.status == "done"
    assert rows["Huisbezoek"].meeting == first.folder.name
    assert [r.action.what for r in service.actions(open_only=True)] == [
        "Budgetcoach zoeken",
        "Wijkagent",
    ]
    noord = [r.action.what for r in service.actions(series="noord")]
    assert sorted(noord) == ["Budgetcoach zoeken", "Huisbezoek", "Leerplicht bellen"]
    assert [r.action.what for r in service.actions(series="noord", open_only=True)] == [
        "Budgetcoach zoeken"
    ]


def test_minutes_files_written_and_the_version_to_share(service: Service, ended: Path) -> None:
    minutes = service.minutes(ended)
    assert minutes.files() is None, "not written yet"
    files = minutes.write()
    assert files.names == ["minutes.toml", "minutes.md"] and files.folder == ended
    assert minutes.files() == files
    assert "Jansen bellen" in minutes.text() == files.markdown.read_text("utf-8")
    share = minutes.write_share()
    assert share == ended / store.MINUTES_SHARE_MD
    assert "Jansen" not in share.read_text("utf-8")
    again = minutes.files()
    assert again.share == share and again.names == [
        "minutes.toml",
        "minutes.md",
        "minutes-share.md",
    ]


def test_the_chairs_minutes_are_those_of_its_meeting(service: Service) -> None:
    chair = begin(service)
    chair.run("end_meeting", confirmed=True)
    minutes = chair.minutes()
    assert minutes.folder == chair.folder and minutes.state is chair.state
    assert minutes.write().markdown.exists()
    with pytest.raises(RuntimeError):
        service.prepare(small_agenda()).minutes()


def test_a_command_cut_off_after_some_of_its_events_says_so(service: Service) -> None:
    """next_item writes item_ended, item_started, phase_started: a disk that fills after the
    first leaves the item closed, and the chair is told that part was saved, not 'nothing'."""
    import signal

    chair = begin(service)
    path = chair.session.journal.path
    calls = listen(chair)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    restore = fsize_limit(path.stat().st_size + 120)  # room for one short event line
    try:
        outcome = chair.run("next_item", leave=True)
    finally:
        restore()
        signal.signal(signal.SIGXFSZ, previous)
    assert outcome.disk_error and outcome.partial and not outcome.ok, outcome
    assert chair.state.current is None, "item 1 was closed before the disk filled"
    assert len(calls) == 1, "the screen redraws what was saved"
    assert chair.run("open_item", index=1).ok


def test_the_start_screen_lists_the_users_own_agendas_first_the_newest_on_top(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setenv("OVERLEG_CONFIG_DIR", str(tmp_path / "config"))
    own = tmp_path / "config" / "agendas"
    older = toml_agenda(own, name="a-ouder.toml")
    newer = toml_agenda(own, name="z-nieuw.toml")
    os.utime(older.path, (1_000_000, 1_000_000))
    files = service.agenda_files()
    assert [p.name for p in files[:2]] == ["z-nieuw.toml", "a-ouder.toml"]
    assert any(p.name == "casusoverleg.toml" for p in files[2:]), "the shipped ones follow"
    assert newer.path
