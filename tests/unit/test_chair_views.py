"""The views the screens draw, computed from meetings held through the chair service on disk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from chair_helpers import (
    CHAIR,
    JOOST,
    OWNER,
    REVIEW_TOML,
    SANNE,
    begin,
    hear_everyone,
    small,
    toml_agenda,
)
from helpers import FakeClock
from overleg.chair import views
from overleg.chair.service import Service


def overridden(chair, reason: str = "Spoed") -> None:
    """To the decision phase, the gate opened with `reason`."""
    command, params = chair.run("decision").question.answered(reason)
    assert chair.run(command, **params).ok


# ---------------------------------------------------------------------------------------- clocks


@pytest.mark.parametrize(
    ("seconds", "countdown", "text"),
    [
        (0, False, "0:00"),
        (0.49, False, "0:00"),
        (0.5, False, "0:01"),  # time used rounds half up, as the minutes do
        (59.4, False, "0:59"),
        (59.5, False, "1:00"),
        (61, False, "1:01"),
        (3599.4, False, "59:59"),
        (3599.5, False, "1:00:00"),
        (3725, False, "1:02:05"),
        (-61, False, "1:01"),
        (0.2, True, "0:01"),  # a countdown rounds up: 0:00 only once the time is really up
        (59.01, True, "1:00"),
        (60, True, "1:00"),
        (0, True, "0:00"),
        (-0.4, True, "0:00"),  # over the time: counted from it, half up
        (-17.5, True, "0:18"),
        (-3600, True, "1:00:00"),
    ],
)
def test_clock_text(seconds: float, countdown: bool, text: str) -> None:
    assert views.clock_text(seconds, countdown=countdown) == text


def test_the_clock_is_on_time_at_the_start_and_behind_when_an_item_runs_over(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    assert views.clock_view(chair.state, chair.now()) == views.ClockView(
        "09:30", "0:00", "25:00", "on_time", "0", False
    )
    clock.tick(1300)  # item 1 plans 20 minutes and has run 21:40
    view = views.clock_view(chair.state, chair.now())
    assert (view.wall, view.used, view.schedule, view.minutes) == ("09:51", "21:40", "behind", "2")


def test_the_clock_is_ahead_when_an_item_closes_early(service: Service, clock: FakeClock) -> None:
    chair = begin(service)
    clock.tick(100)
    chair.run("open_item", index=1, leave=True)  # 18:20 of item 1's time left unused
    view = views.clock_view(chair.state, chair.now())
    assert (view.used, view.schedule, view.minutes) == ("1:40", "ahead", "18")
    clock.tick(50)  # within a minute of the plan either way is on time
    chair.run("extend")
    chair.run("extend")
    chair.run("extend")
    view = views.clock_view(chair.state, chair.now())
    assert (view.schedule, view.minutes) == ("ahead", "3")


def test_the_clock_stands_still_while_paused(service: Service, clock: FakeClock) -> None:
    chair = begin(service)
    clock.tick(90)
    chair.run("pause")
    clock.tick(600)
    view = views.clock_view(chair.state, chair.now())
    assert (view.wall, view.used, view.paused, view.schedule) == ("09:41", "1:30", True, "on_time")
    chair.run("pause")
    clock.tick(30)
    view = views.clock_view(chair.state, chair.now())
    assert (view.used, view.paused, view.schedule) == ("2:00", False, "on_time")
    assert views.meeting_time(chair.state, chair.now())[0] == 120


# ---------------------------------------------------------------------------------------- agenda


def test_agenda_lines_mark_each_item_and_say_when_it_runs_over(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    lines = views.agenda_lines(chair.state, chair.now())
    assert [(line.number, line.title, line.mark, line.status) for line in lines] == [
        (1, "Casus gezin J.", "▶", "running"),
        (2, "Afsluiting", "·", "todo"),
    ]
    assert (lines[0].used, lines[0].planned, lines[0].over) == ("0:00", "20:00", False)
    clock.tick(1201)
    line = views.agenda_lines(chair.state, chair.now())[0]
    assert (line.used, line.over) == ("20:01", True)
    chair.run("extend")
    line = views.agenda_lines(chair.state, chair.now())[0]
    assert (line.planned, line.over) == ("25:00", False)
    chair.run("defer", reason="Eerst de school")
    chair.run("open_item", index=1)
    chair.run("skip", reason="Geen tijd")
    lines = views.agenda_lines(chair.state, chair.now())
    assert [(line.mark, line.status) for line in lines] == [("↷", "deferred"), ("✗", "skipped")]
    chair.run("open_item", index=0)
    chair.run("next_item", leave=True)
    assert views.agenda_lines(chair.state, chair.now())[0].mark == "✓"


# ------------------------------------------------------------------------------- the running item


def test_head_view_flags_follow_the_phase(service: Service, clock: FakeClock) -> None:
    chair = begin(service)
    state = chair.state
    assert views.head_view(state, review=False) == views.HeadView(
        "Casusoverleg Noord", "1. Casus gezin J.", False, False, False, False, None, False
    )
    chair.run("next_phase")
    chair.run("next_speaker")
    head = views.head_view(state, review=False)
    assert (head.turns, head.speaker, head.questions_only) == (True, SANNE, True)
    chair.run("pause")
    assert views.head_view(state, review=False).paused
    chair.run("pause")
    overridden(chair)
    head = views.head_view(state, review=False)
    assert (head.turns, head.decision, head.actions, head.speaker) == (False, True, False, None)
    chair.run("propose", text="Plan")
    chair.run("consent_rest")
    chair.run("decide")
    chair.run("next_phase")  # the actions: the decision taken still shows
    head = views.head_view(state, review=False)
    assert (head.decision, head.actions) == (True, True)
    assert views.head_view(state, review=True).actions


def test_head_view_shows_an_items_actions_and_the_meeting_title_between_items(
    service: Service,
) -> None:
    chair = begin(service)
    state = chair.state
    chair.run("add_action", what="Bellen", owner=SANNE)  # in the presentation
    assert views.head_view(state, review=False).actions
    chair.run("open_item", index=1, leave=True)
    assert not views.head_view(state, review=False).actions, "item 1's action is not item 2's"
    chair.run("skip", reason="Geen tijd")
    head = views.head_view(state, review=False)
    assert (head.item_title, head.turns, head.decision) == ("Casusoverleg Noord", False, False)


def test_stepper_view_shows_the_phases_and_the_clock_of_a_timed_phase(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    state = chair.state
    view = views.stepper_view(state, chair.now())
    assert view.item and view.phases == (
        ("Inbreng", "running"),
        ("Vraagverheldering", "todo"),
        ("Perspectieven", "todo"),
        ("Besluit", "todo"),
        ("Afspraken", "todo"),
    )
    assert view.clock == ("0:00", "3:00", False)
    clock.tick(200)
    assert views.stepper_view(state, chair.now()).clock == ("3:20", "3:00", True)
    chair.run("next_phase")
    view = views.stepper_view(state, chair.now())
    assert view.phases[:2] == (("Inbreng", "done"), ("Vraagverheldering", "running"))
    assert view.clock is None, "a phase timed per speaker has no phase clock"
    chair.run("skip", reason="Geen tijd")
    assert views.stepper_view(state, chair.now()) == views.StepperView(False)


def test_gate_view_shows_only_with_a_decision_ahead(service: Service, clock: FakeClock) -> None:
    chair = begin(service)
    state = chair.state
    view = views.gate_view(state, chair.gate())
    assert view.shown and not view.open
    assert view.missing == (
        ("Vraagverheldering", (SANNE, JOOST, CHAIR)),
        ("Perspectieven", (OWNER, SANNE, JOOST, CHAIR)),
    )
    for _ in range(2):
        chair.run("next_phase")
        hear_everyone(chair, clock)
    view = views.gate_view(state, chair.gate())
    assert view.shown and view.open and view.missing == ()
    chair.run("decision")
    assert views.gate_view(state, chair.gate()) == views.GateView(False), "in the decision"
    chair.run("open_item", index=1, leave=True)
    assert not views.gate_view(state, chair.gate()).shown, "no decision in this item"
    chair.run("skip", reason="Geen tijd")
    assert not views.gate_view(state, chair.gate()).shown


def test_prompt_view_takes_the_questions_only_rule_from_the_method_data(
    service: Service, tmp_path: Path
) -> None:
    chair = begin(service, toml_agenda(tmp_path / "agendas"))
    state = chair.state
    view = views.prompt_view(state)  # the action review
    assert (view.state, view.kind, view.questions_only, view.description) == (
        "phase",
        "actions",
        False,
        "",
    )
    chair.run("open_item", index=1)  # the casus method
    view = views.prompt_view(state)
    assert view.description == "Moeder met twee kinderen, huurachterstand.", "one line"
    assert view.kind == "presentation" and view.prompts == state.phase.spec.prompts
    assert (view.questions_only, view.rule_prompt) == (False, None)
    chair.run("next_phase")
    view = views.prompt_view(state)
    assert view.description == "", "the description opens the item only"
    assert (view.kind, view.questions_only, view.rule_prompt) == ("questions", True, 1)
    assert "Alleen vragen" in view.prompts[1]


def test_prompt_view_of_an_agendas_own_prompts_states_no_rule_prompt(
    service: Service, tmp_path: Path
) -> None:
    chair = begin(service, toml_agenda(tmp_path / "agendas"))
    chair.run("open_item", index=2, leave=True)
    view = views.prompt_view(chair.state)
    assert view.prompts == ("Wat zien jullie aan de keukentafel?",)
    assert (view.questions_only, view.rule_prompt) == (True, None), "the screen says the rule"
    chair.run("next_phase")  # a questions phase with the kind's prompts
    view = views.prompt_view(chair.state)
    assert (view.questions_only, view.rule_prompt) == (True, 0)
    assert "Alleen vragen" in view.prompts[0]


def test_prompt_view_between_items_and_after_the_end(service: Service) -> None:
    chair = begin(service)
    chair.run("skip", reason="Geen tijd")
    assert views.prompt_view(chair.state) == views.PromptView("choose")
    chair.run("end_meeting", confirmed=True)
    assert views.prompt_view(chair.state) == views.PromptView("ended")


def test_floor_view_counts_down_goes_over_and_names_who_is_next(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    state = chair.state
    assert views.floor_view(state, chair.now()) == views.FloorView(False), "no round"
    chair.run("next_phase")  # questions, a minute each
    view = views.floor_view(state, chair.now())
    assert (view.shown, view.speaker, view.waiting, view.next) == (True, None, SANNE, SANNE)
    assert view.questions_only
    chair.run("next_speaker")
    clock.tick(17.2)
    view = views.floor_view(state, chair.now())
    assert (view.speaker, view.time, view.timing, view.overrun, view.next) == (
        SANNE,
        "0:43",
        "left",
        False,
        JOOST,
    )
    chair.run("leave", name=JOOST)
    assert views.floor_view(state, chair.now()).next == CHAIR, "who left is not next"
    clock.tick(42.8)
    view = views.floor_view(state, chair.now())
    assert (view.time, view.timing, view.overrun) == ("0:00", "left", False), "just up"
    clock.tick(17.5)
    view = views.floor_view(state, chair.now())
    assert (view.time, view.timing, view.overrun) == ("0:18", "over", True)
    chair.run("next_speaker")
    chair.run("next_speaker")  # the chair's turn closes: the round is complete
    view = views.floor_view(state, chair.now())
    assert (view.speaker, view.waiting, view.next) == (None, "", "")


def test_floor_view_of_an_untimed_round_counts_the_time_spoken(
    service: Service, clock: FakeClock, tmp_path: Path
) -> None:
    chair = begin(service, toml_agenda(tmp_path / "agendas"))
    chair.run("open_item", index=2, leave=True)
    chair.run("next_phase")
    chair.run("next_phase")  # a round with no time per speaker nor for the phase
    assert chair.state.phase.spec.kind == "round"
    chair.run("next_speaker")
    clock.tick(25)
    view = views.floor_view(chair.state, chair.now())
    assert (view.time, view.timing, view.overrun, view.questions_only) == (
        "0:25",
        "spoken",
        False,
        False,
    )


def test_people_lines_give_each_persons_place_in_the_round(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)
    state = chair.state
    assert views.people_lines(state, chair.now()) is None
    chair.run("next_phase")
    hear_everyone(chair, clock)
    chair.run("next_phase")  # the round: the presenter speaks too
    chair.run("next_speaker")
    clock.tick(30)
    chair.run("next_speaker")  # Sanne ...
    chair.run("pass_turn")  # ... passes
    chair.run("leave", name=JOOST)
    lines = views.people_lines(state, chair.now())
    assert [(line.name, line.place) for line in lines] == [
        (OWNER, "heard"),
        (SANNE, "passed"),
        (JOOST, "away"),
        (CHAIR, "waiting"),
    ]
    assert (lines[0].time, lines[0].total) == ("0:30", "0:30")
    assert (lines[1].time, lines[1].total) == ("0:00", "0:30"), "she asked in the questions"
    chair.run("give_floor", name=CHAIR)
    clock.tick(5)
    line = views.people_lines(state, chair.now())[3]
    assert (line.place, line.time) == ("current", "0:05")
    assert views.speaking_order(state) == (OWNER, SANNE, JOOST, CHAIR)


def test_log_view_groups_the_contributions_by_phase(service: Service) -> None:
    chair = begin(service)
    assert views.log_view(chair.state).empty
    chair.run("note", text="Moeder wil vooral rust")
    chair.run("next_phase")
    chair.run("note", text="Wat speelt er op school?")  # nobody has the floor: a note
    chair.run("next_speaker")
    chair.run("note", text="Wat wil moeder zelf?")
    chair.run("note", text=f"{OWNER}: Rust")
    view = views.log_view(chair.state)
    assert not view.empty and view.notes == ()
    assert view.phases == (
        ("Inbreng", (views.LogLine(OWNER, "contribution", "Moeder wil vooral rust"),)),
        (
            "Vraagverheldering",
            (
                views.LogLine(None, "note", "Wat speelt er op school?"),
                views.LogLine(SANNE, "question", "Wat wil moeder zelf?"),
                views.LogLine(OWNER, "answer", "Rust"),
            ),
        ),
    )
    chair.run("skip", reason="Geen tijd")
    assert views.log_view(chair.state) == views.LogView()


# ------------------------------------------------------------------------------------- decisions


def test_decision_view_tallies_the_consent_round_and_keeps_standing_objections(
    service: Service,
) -> None:
    chair = begin(service)
    state = chair.state
    view = views.decision_view(state)
    assert (view.shown, view.proposal, view.invite, view.overrides) == (True, None, False, ())
    overridden(chair, "Spoed: veiligheid")
    view = views.decision_view(state)
    assert (view.overrides, view.invite) == (("Spoed: veiligheid",), True)
    chair.run("propose", text="Sanne wordt regisseur", rationale="Schulden eerst")
    chair.run("vote", name=SANNE, vote="object", reason="Eerst GGZ")
    chair.run("vote", name=JOOST, vote="abstain")
    chair.run("vote", name=OWNER, vote="consent")
    proposal = views.decision_view(state).proposal
    assert proposal == views.ProposalView(
        "Sanne wordt regisseur", "Schulden eerst", 1, 1, 1, 1, ((SANNE, "Eerst GGZ"),)
    )
    chair.run("consent_rest")
    chair.run("decide", over_objection=True)
    view = views.decision_view(state)
    assert view.proposal is None and view.invite
    assert view.decisions == (
        views.DecisionLine("1.1", "Sanne wordt regisseur", ((SANNE, "Eerst GGZ"),)),
    )
    chair.run("skip", reason="Klaar")
    assert views.decision_view(state) == views.DecisionView(False)


def test_consent_view_rows_are_in_turn_order_with_the_chair_last(service: Service) -> None:
    chair = begin(service)
    state = chair.state
    assert views.consent_view(state) == views.ConsentView(None)
    overridden(chair)
    chair.run("propose", text="Plan", rationale="Omdat")
    chair.run("vote", name=SANNE, vote="object", reason="Te snel")
    chair.run("vote", name=CHAIR, vote="consent")
    view = views.consent_view(state)
    assert (view.proposal, view.rationale) == ("Plan", "Omdat")
    assert view.rows == (
        views.VoteRow(OWNER, "", ""),
        views.VoteRow(SANNE, "object", "Te snel"),
        views.VoteRow(JOOST, "", ""),
        views.VoteRow(CHAIR, "consent", ""),
    )
    chair.run("leave", name=JOOST)
    assert [row.name for row in views.consent_view(state).rows] == [OWNER, SANNE, CHAIR]
    assert views.decision_view(state).proposal.waiting == 1, "who left is not awaited"


def test_actions_view_shows_the_items_own_or_in_a_review_those_carried(
    service: Service, clock: FakeClock, tmp_path: Path
) -> None:
    agenda = toml_agenda(tmp_path / "agendas")
    first = begin(service, agenda)
    first.run("open_item", index=1)
    first.run("add_action", what="Leerplicht bellen", owner=SANNE)
    state = first.state
    (line,) = views.actions_view(state, review=False).lines
    assert line == views.ActionLine(
        state.actions[0].id, "2.1", "Leerplicht bellen", SANNE, "—", "open"
    )
    assert len(line.id) == 32, "an action's id is unique forever, not the start minute"
    first.run("open_item", index=2, leave=True)
    assert views.actions_view(state, review=False) == views.ActionsView(True, False, ())
    first.run("end_meeting", confirmed=True)
    assert views.actions_view(state, review=False) == views.ActionsView(False)
    first.close()
    clock.tick(7 * 24 * 3600)

    chair = begin(service, agenda)
    assert chair.is_review()
    chair.run("add_action", what="Nieuwe afspraak", owner=JOOST)
    review = views.actions_view(chair.state, review=True)
    assert review.review and [a.what for a in review.lines] == ["Leerplicht bellen"]
    assert views.carried_lines(chair.state) == review.lines
    own = views.actions_view(chair.state, review=False)
    assert [a.what for a in own.lines] == ["Nieuwe afspraak"]


# ------------------------------------------------------------------------------------ the summary


def test_summary_view_of_a_meeting_held(service: Service, clock: FakeClock) -> None:
    chair = begin(service)
    clock.tick(300)
    overridden(chair)
    chair.run("propose", text="Sanne wordt regisseur")
    chair.run("vote", name=SANNE, vote="object", reason="Eerst GGZ")
    chair.run("consent_rest")
    chair.run("decide", over_objection=True)
    chair.run("add_action", what="Bellen", owner=SANNE)
    clock.tick(300)
    running = views.summary_view(chair.state)
    assert running.when == ("2026-12-01", "09:30", "…")
    chair.run("open_item", index=1, leave=True)
    clock.tick(120)
    chair.run("pause")
    clock.tick(600)  # a pause counts for no item
    chair.run("end_meeting", confirmed=True)
    view = views.summary_view(chair.state)
    assert view.title == "Casusoverleg Noord"
    assert view.when == ("2026-12-01", "09:30", "09:52")
    assert view.decisions == (
        views.SummaryDecision("1.1", "Sanne wordt regisseur", 3, 1, 0, ((SANNE, "Eerst GGZ"),)),
    )
    assert [(a.number, a.what, a.owner, a.due) for a in view.actions] == [
        ("1.1", "Bellen", SANNE, "—")
    ]
    assert view.items == (
        views.SummaryItem(1, "Casus gezin J.", "done", "10:00", "20:00"),
        views.SummaryItem(2, "Afsluiting", "done", "2:00", "5:00"),
    )
    assert (view.used, view.planned) == ("12:00", "25:00")


# ------------------------------------------------------------------- adopting at the table


def test_the_items_that_may_be_dropped_or_moved_are_those_not_yet_taken_up(
    service: Service,
) -> None:
    chair = begin(service)  # item 1 runs, item 2 (Afsluiting) waits
    assert views.open_choices(chair.state) == ((1, "2. Afsluiting"),)
    assert chair.run("add_item", title="Rondvraag", method="round", duration="5m", position=1).ok
    assert views.open_choices(chair.state) == ((2, "2. Rondvraag"), (1, "3. Afsluiting"))


def test_the_methods_to_add_an_item_with_say_what_each_is_for() -> None:
    dutch = {name: (title, summary) for name, title, summary in views.method_choices("nl")}
    assert dutch["bob"][0] == "BOB-model" and dutch["bob"][1].startswith("Beeldvorming")
    english = dict((name, title) for name, title, _ in views.method_choices("en"))
    assert english["minutes-review"] == "Minutes of the previous meeting"


def test_the_minutes_view_shows_what_is_on_the_table_and_whether_it_is_adopted(
    service: Service, clock: FakeClock, tmp_path: Path
) -> None:
    first = begin(service, small(tmp_path / "agendas"))
    overridden(first)
    first.run("propose", text="Sanne wordt regisseur")
    first.run("consent_rest")
    first.run("decide")
    assert first.run("end_meeting", confirmed=True).ok
    first.close()
    clock.tick(7 * 24 * 3600)
    second = begin(service, toml_agenda(tmp_path / "agendas", REVIEW_TOML, "review.toml"))
    view = views.minutes_view(second.state, second.minutes_on_table())
    assert view == views.MinutesView(
        True,
        True,
        "Casusoverleg Noord",
        date(2026, 12, 1),
        (("1.1", "Sanne wordt regisseur"),),
        (),
        "concept",
    )
    assert second.run("amend", text="Het was vader", number=1).ok
    assert second.run("adopt_minutes").ok
    view = views.minutes_view(second.state, second.minutes_on_table())
    assert view.amendments == ((1, "Casus gezin J.", "Het was vader"),)
    assert view.adopted == "here"
    # Another item: no panel; no earlier minutes: the panel says there are none.
    assert second.run("next_item", leave=True).ok
    assert views.minutes_view(second.state, second.minutes_on_table()) == views.MinutesView(False)
    alone = begin(service, toml_agenda(tmp_path / "other", REVIEW_TOML.replace("noord", "zuid")))
    assert views.minutes_view(alone.state, alone.minutes_on_table()) == views.MinutesView(True)
