"""The meeting engine: input before decisions, rounds, consent, time from timestamps."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from helpers import FakeClock, small_agenda
from overleg import events as events_
from overleg.agenda import Participant
from overleg.engine import Event, GateClosed, Meeting, Refused, replay, replay_records
from overleg.i18n import catalog

CHAIR, OWNER, SANNE, JOOST = "Anouk de Vries", "Mehmet Yılmaz", "Sanne Bakker", "Joost Visser"


def started(clock: FakeClock | None = None, **attendance: str) -> tuple[Meeting, list[Event]]:
    events: list[Event] = []
    meeting = Meeting(small_agenda(), clock or FakeClock(), sink=events.append)
    names = {"sanne": SANNE, "joost": JOOST, "owner": OWNER}
    meeting.start({names[k]: v for k, v in attendance.items()}, chair=CHAIR, minute_taker=JOOST)
    meeting.start_item(0)
    return meeting, events


def complete_round(meeting: Meeting, clock: FakeClock, seconds: float = 30) -> list[str]:
    spoken = []
    while True:
        try:
            meeting.next_speaker()
        except Refused:
            return spoken
        if meeting.state.turn is None:
            return spoken
        spoken.append(meeting.state.turn.speaker)
        clock.tick(seconds)


def test_questions_round_leaves_out_the_presenter_and_puts_the_chair_last() -> None:
    clock = FakeClock()
    meeting, _ = started(clock)
    meeting.next_phase()
    assert meeting.state.phase.spec.kind == "questions"
    assert meeting.state.phase.order == [SANNE, JOOST, CHAIR]
    meeting.next_phase()
    assert meeting.state.phase.order == [OWNER, SANNE, JOOST, CHAIR]


def test_absent_people_are_not_in_the_round_and_not_awaited() -> None:
    meeting, _ = started(sanne="excused")
    meeting.next_phase()
    assert SANNE not in meeting.state.phase.order


def test_gate_refuses_and_names_who_was_not_heard() -> None:
    clock = FakeClock()
    meeting, _ = started(clock)
    meeting.next_phase()  # questions
    meeting.next_speaker()  # Sanne asks
    clock.tick(20)
    meeting.next_speaker()  # Joost gets the floor ...
    meeting.pass_turn()  # ... and passes
    with pytest.raises(GateClosed) as refused:
        meeting.goto_phase(3)
    missing = dict(refused.value.missing)
    assert missing["Vraagverheldering"] == [CHAIR]
    assert missing["Perspectieven"] == [OWNER, SANNE, JOOST, CHAIR]
    assert refused.value.key == "engine.gate_closed"
    assert JOOST in refused.value.params["missing"]
    assert meeting.state.phase.spec.kind == "questions"  # nothing changed


def test_passing_counts_as_heard_for_the_gate() -> None:
    clock = FakeClock()
    meeting, _ = started(clock)
    meeting.next_phase()
    for _ in range(3):
        meeting.pass_turn()
    meeting.next_phase()
    complete_round(meeting, clock)
    assert meeting.gate() == []
    meeting.next_phase()
    assert meeting.state.phase.spec.kind == "decision"
    assert meeting.state.items[0].overrides == []
    assert set(meeting.state.items[0].phases[1].passed) == {SANNE, JOOST, CHAIR}


def test_override_needs_a_reason_and_is_recorded() -> None:
    meeting, events = started()
    with pytest.raises(Refused) as empty:
        meeting.goto_phase(3, override="   ")
    assert empty.value.key == "engine.empty_text"
    meeting.goto_phase(3, override="Crisis: vandaag besluiten")
    override = meeting.state.items[0].overrides[0]
    assert override.reason == "Crisis: vandaag besluiten"
    assert dict(override.missing)["Vraagverheldering"] == [SANNE, JOOST, CHAIR]
    assert [e.type for e in events][-2:] == ["gate_overridden", "phase_started"]


def test_someone_leaving_early_is_not_awaited_but_a_late_arrival_is() -> None:
    clock = FakeClock()
    meeting, _ = started(clock, sanne="absent")
    meeting.next_phase()
    meeting.leave(JOOST)
    assert meeting.state.phase.order == [JOOST, CHAIR]  # order fixed when the phase opened
    meeting.next_speaker()
    assert meeting.state.turn.speaker == CHAIR
    clock.tick(10)
    meeting.next_speaker()
    meeting.arrive(SANNE)
    assert meeting.state.people[SANNE].arrived_at == clock.now
    meeting.next_phase()
    assert SANNE in meeting.state.phase.order and JOOST not in meeting.state.phase.order


def test_consent_round_records_objections_and_refuses_until_everyone_answered() -> None:
    clock = FakeClock()
    meeting, _ = started(clock)
    meeting.goto_phase(3, override="test")
    with pytest.raises(Refused):
        meeting.decide()
    meeting.propose("Eén plan, één regisseur", "Het gezin vraagt rust")
    with pytest.raises(Refused) as no_reason:
        meeting.vote(SANNE, "object")
    assert no_reason.value.key == "engine.empty_text"
    meeting.vote(SANNE, "object", "Eerst school spreken")
    meeting.vote(JOOST, "abstain")
    with pytest.raises(Refused) as incomplete:
        meeting.decide()
    assert OWNER in incomplete.value.params["names"] and CHAIR in incomplete.value.params["names"]
    meeting.consent_rest()
    with pytest.raises(Refused) as standing:
        meeting.decide()
    assert standing.value.key == "engine.objection_open"
    assert standing.value.params["names"] == SANNE
    meeting.decide(over_objection=True)
    decision = meeting.state.items[0].decisions[0]
    assert decision.number == "1.1" and decision.over_objection
    assert [(v.name, v.reason) for v in decision.objections] == [(SANNE, "Eerst school spreken")]
    assert decision.votes[JOOST].vote == "abstain"
    assert meeting.state.items[0].proposal is None


def test_an_amended_proposal_resolves_the_objection_and_keeps_it_on_record() -> None:
    meeting, _ = started()
    meeting.goto_phase(3, override="test")
    meeting.propose("Plan A")
    meeting.vote(SANNE, "object", "Eerst school spreken")
    meeting.propose("Plan A, en eerst school spreken")  # amended: a new consent round
    assert meeting.not_voted() == [OWNER, SANNE, JOOST, CHAIR]  # chair last
    meeting.consent_rest()
    meeting.decide()
    decision = meeting.state.items[0].decisions[0]
    assert not decision.over_objection and decision.objections == []
    assert [(v.name, v.reason) for v in decision.objections_heard] == [
        (SANNE, "Eerst school spreken")
    ]


def test_guests_are_heard_in_rounds_but_take_no_part_in_consent() -> None:
    police, school = "Bram de Wit", "Eva Jong"
    meeting = Meeting(small_agenda(), FakeClock())
    meeting.start({}, chair=CHAIR, guests=[Participant(police, discipline="Politie")])
    meeting.add_guest(school, "Leerplicht")
    meeting.start_item(0)
    meeting.next_phase()  # questions: the guests ask too
    assert meeting.state.phase.order == [SANNE, JOOST, police, school, CHAIR]
    meeting.goto_phase(3, override="test")
    meeting.propose("Eén plan, één regisseur")
    assert meeting.not_voted() == [OWNER, SANNE, JOOST, CHAIR]
    for guest in (police, school):
        with pytest.raises(Refused) as refused:
            meeting.vote(guest, "consent")
        assert refused.value.key == "engine.not_in_consent"
        assert refused.value.params == {"name": guest}
    meeting.consent_rest()
    assert list(meeting.state.items[0].proposal.votes) == [OWNER, SANNE, JOOST, CHAIR]
    meeting.decide()  # nobody is awaited: the guests are not in the round
    assert list(meeting.state.items[0].decisions[0].votes) == [OWNER, SANNE, JOOST, CHAIR]
    for language in ("nl", "en"):
        assert "{name}" in catalog(language)["engine.not_in_consent"]


def test_the_agenda_says_per_participant_who_takes_part_in_consent() -> None:
    lead, adviser, visitor = "Lotte Smit", "Kees Jansen", "Bram de Wit"
    base = small_agenda()
    people = (
        *base.participants,
        Participant(lead, "guest", "Teamleider", consent=True),
        Participant(adviser, "member", "Jurist", consent=False),
        Participant(visitor, "guest", "Politie"),
    )
    meeting = Meeting(dataclasses.replace(base, participants=people), FakeClock())
    meeting.start({}, chair=CHAIR)
    meeting.start_item(0)
    meeting.goto_phase(3, override="test")
    meeting.propose("Plan")
    assert meeting.not_voted() == [OWNER, SANNE, JOOST, lead, CHAIR]
    meeting.vote(lead, "object", "Eerst het team spreken")
    for outsider in (adviser, visitor):
        with pytest.raises(Refused) as refused:
            meeting.vote(outsider, "abstain")
        assert refused.value.key == "engine.not_in_consent"
    meeting.consent_rest()
    assert set(meeting.state.items[0].proposal.votes) == {OWNER, SANNE, JOOST, lead, CHAIR}


def test_a_journal_in_which_a_guest_voted_still_replays() -> None:
    """Journals written while guests still voted replay as written: the vote stays on record."""
    events: list[Event] = []
    meeting = Meeting(small_agenda(), FakeClock(), sink=events.append)
    meeting.start({}, chair=CHAIR)
    meeting.add_guest("Bram de Wit", "Politie")
    meeting.start_item(0)
    meeting.goto_phase(3, override="test")
    meeting.propose("Plan")
    meeting._emit("consent_given", item=0, name="Bram de Wit")  # what the engine then allowed
    meeting.consent_rest()
    meeting.decide()
    records = [json.loads(json.dumps(events_.to_record(e))) for e in events]
    state = replay_records(small_agenda(), records)
    votes = list(state.items[0].decisions[0].votes)
    assert votes == ["Bram de Wit", OWNER, SANNE, JOOST, CHAIR]


def test_the_speaker_with_the_floor_is_not_reported_missing() -> None:
    clock = FakeClock()
    meeting, _ = started(clock)
    meeting.next_phase()
    for _ in range(3):
        meeting.pass_turn()
    meeting.next_phase()
    for _ in range(4):  # Mehmet, Sanne, Joost, and the chair who has the floor now
        meeting.next_speaker()
    assert meeting.state.turn.speaker == CHAIR
    assert meeting.gate() == []
    meeting.next_phase()
    assert CHAIR in meeting.state.items[0].phases[2].heard


def test_a_closed_item_can_be_taken_up_again_where_it_stopped() -> None:
    clock = FakeClock()
    meeting, _ = started(clock)
    meeting.next_phase()
    meeting.next_speaker()
    meeting.note("Wat wil moeder?")
    # the questions round still has people to hear, and three phases were not held
    assert meeting.unfinished_phases() == [
        "Vraagverheldering",
        "Perspectieven",
        "Besluit",
        "Afspraken",
    ]
    meeting.start_item(1)  # the chair moves on too soon
    assert meeting.state.items[0].status == "done"
    meeting.start_item(0)
    item = meeting.state.items[0]
    assert item.status == "running"
    assert item.current_phase.spec.title == "Vraagverheldering"
    assert item.current_phase.contributions[0].text == "Wat wil moeder?"
    assert SANNE in item.current_phase.heard


def test_control_characters_are_refused_in_every_text() -> None:
    meeting, _ = started()
    meeting.goto_phase(3, override="test")
    for attempt in (
        lambda: meeting.propose("Plan", "uitleg \x1b[31m"),
        lambda: meeting.add_guest("Gast", "Wijk\u202eagent"),
        lambda: meeting.note("tekst\x07"),
    ):
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.key == "engine.control_characters"


def test_decisions_only_in_a_decision_phase() -> None:
    meeting, _ = started()
    with pytest.raises(Refused) as refused:
        meeting.propose("Iets")
    assert refused.value.key == "engine.not_decision_phase"


def test_actions_need_an_owner_and_are_numbered_after_the_item() -> None:
    meeting, _ = started()
    with pytest.raises(Refused) as no_owner:
        meeting.add_action("Bellen", "")
    assert no_owner.value.key == "engine.no_owner"
    meeting.add_action("Bellen met school", SANNE, date(2026, 12, 5))
    meeting.add_action("Budgetbeheer", OWNER)
    meeting.add_action("Leerplicht inlichten", "leerplicht")  # someone not at the table
    assert [a.number for a in meeting.state.actions] == ["1.1", "1.2", "1.3"]
    assert meeting.state.actions[2].owner == "leerplicht"
    first = meeting.state.actions[0]
    meeting.change_action(first.id, status="done")
    assert first.status == "done" and first.due == date(2026, 12, 5)


def test_defer_and_skip_carry_their_reason() -> None:
    meeting, _ = started()
    meeting.defer_item("Casusinbrenger ziek")
    assert meeting.state.items[0].status == "deferred"
    assert meeting.state.current is None
    meeting.skip_item("Geen tijd", index=1)
    assert meeting.state.items[1].status == "skipped"
    assert meeting.state.items[1].reason == "Geen tijd"
    meeting.start_item(0)  # a deferred item can still be taken up later
    assert meeting.state.items[0].status == "running"


def test_time_comes_from_timestamps_and_stops_while_paused() -> None:
    clock = FakeClock()
    meeting, _ = started(clock)
    meeting.next_phase()
    meeting.next_speaker()
    clock.tick(40)
    meeting.pause()
    clock.tick(600)
    now = clock.now
    assert meeting.state.turn.timer.seconds(now) == 40
    assert meeting.state.items[0].timer.seconds(now) == 40
    meeting.resume()
    clock.tick(5)
    assert meeting.state.speaking_seconds(SANNE, clock.now) == 45
    assert meeting.state.items[0].timer.seconds(clock.now) == 45
    meeting.extend(300)
    assert meeting.state.items[0].planned == 1500


def test_a_clock_set_back_never_makes_time_negative() -> None:
    clock = FakeClock()
    meeting, events = started(clock)
    clock.tick(-3600)
    meeting.next_phase()
    assert events[-1].at >= events[-2].at


def test_resume_replays_to_the_same_speaker_with_the_right_time() -> None:
    clock = FakeClock()
    meeting, events = started(clock)
    meeting.next_phase()
    meeting.next_speaker()
    clock.tick(25)
    meeting.note("Wat wil moeder zelf?")
    clock.tick(10)
    # The process dies here; later the journal is replayed.
    records = [events_.to_record(e) for e in events]
    clock.tick(120)  # the restart took two minutes of wall-clock time
    again = Meeting(small_agenda(), clock, events=[events_.from_record(r) for r in records])
    turn = again.state.turn
    assert turn is not None and turn.speaker == SANNE
    # The turn's clock kept running from its timestamp: 25 + 10 + 120 seconds.
    assert turn.timer.seconds(clock.now) == 155
    assert again.state.phase.contributions[0].kind == "question"
    again.next_speaker()
    assert again.state.turn.speaker == JOOST


def test_replay_equals_live_state() -> None:
    clock = FakeClock()
    meeting, events = started(clock)
    meeting.next_phase()
    complete_round(meeting, clock)
    meeting.next_phase()
    complete_round(meeting, clock, 70)
    meeting.next_phase()
    meeting.propose("Plan")
    meeting.consent_rest()
    meeting.decide()
    meeting.end()
    state = replay(small_agenda(), events)
    assert state.speaking == meeting.state.speaking
    assert (
        state.turn_counts == meeting.state.turn_counts == {SANNE: 2, JOOST: 2, CHAIR: 2, OWNER: 1}
    )
    assert state.status == "ended"


def test_sink_failure_leaves_state_untouched() -> None:
    def full_disk(event: Event) -> None:
        raise OSError(28, "No space left on device")

    meeting, _ = started()
    meeting.sink = full_disk
    before = meeting.state.last_seq
    with pytest.raises(OSError):
        meeting.next_phase()
    assert meeting.state.last_seq == before
    assert meeting.state.phase.spec.kind == "presentation"


def test_commands_before_start_and_after_end_are_refused() -> None:
    meeting = Meeting(small_agenda(), FakeClock())
    with pytest.raises(Refused) as early:
        meeting.start_item(0)
    assert early.value.key == "engine.not_started"
    with pytest.raises(Refused) as chairless:
        meeting.start({"Anouk de Vries": "absent"}, chair="Anouk de Vries")
    assert chairless.value.key == "engine.chair_not_present"
    meeting.start({}, chair=CHAIR)
    meeting.end()
    with pytest.raises(Refused) as late:
        meeting.next_item()
    assert late.value.key == "engine.ended"


def test_order_can_be_changed_and_someone_can_be_given_the_floor() -> None:
    meeting, _ = started()
    meeting.next_phase()
    meeting.move_speaker(JOOST, -1)
    assert meeting.state.phase.order == [JOOST, SANNE, CHAIR]
    meeting.next_speaker()
    assert meeting.state.turn.speaker == JOOST
    meeting.give_floor(OWNER)  # the presenter answers a question out of turn
    assert meeting.state.turn.speaker == OWNER
    assert JOOST in meeting.state.phase.heard


def test_next_item_ends_the_running_one_and_behind_is_measured() -> None:
    clock = FakeClock()
    meeting, _ = started(clock)
    clock.tick(1500)  # item 1 planned 20 minutes, took 25
    meeting.next_item()
    assert [i.status for i in meeting.state.items] == ["done", "running"]
    assert meeting.state.behind(clock.now) == pytest.approx(300)


def test_pass_after_a_noted_contribution_means_heard_not_passed() -> None:
    clock = FakeClock()
    meeting, _ = started(clock)
    meeting.next_phase()
    meeting.next_speaker()
    meeting.note("Wat wil moeder zelf?")
    meeting.pass_turn()  # the chair's "x" after writing the gist
    phase = meeting.state.phase
    assert SANNE in phase.heard and SANNE not in phase.passed


def test_pass_without_a_speaker_skips_those_who_left() -> None:
    meeting, _ = started()
    meeting.next_phase()
    meeting.leave(SANNE)
    meeting.pass_turn()
    assert list(meeting.state.phase.passed) == [JOOST]


def test_a_presentation_note_is_the_presenters() -> None:
    meeting, _ = started()
    meeting.note("Moeder vraagt om rust; de schulden lopen op.")
    (contribution,) = meeting.state.phase.contributions
    assert contribution.speaker == OWNER and contribution.kind == "contribution"


def test_an_open_proposal_keeps_the_item_unfinished_and_survives_leaving_it() -> None:
    meeting, _ = started()
    meeting.goto_phase(3, override="test")
    meeting.propose("Plan A")
    meeting.vote(SANNE, "object", "Te snel")
    assert "Besluit" in meeting.unfinished_phases()
    meeting.start_item(1)
    assert meeting.state.items[0].proposal is not None  # kept, with the objection
    meeting.start_item(0)
    assert meeting.state.items[0].proposal.votes[SANNE].reason == "Te snel"


def test_a_decision_phase_with_a_decision_is_finished() -> None:
    meeting, _ = started()
    meeting.goto_phase(3, override="test")
    meeting.propose("Plan A")
    meeting.consent_rest()
    meeting.decide()
    # the decision is taken; the two input phases passed over by the override were not held
    assert meeting.unfinished_phases() == ["Vraagverheldering", "Perspectieven", "Afspraken"]
