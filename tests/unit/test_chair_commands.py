"""The table of the chair's commands: when each applies, and that the service carries out each one."""

from __future__ import annotations

from pathlib import Path

import pytest

from chair_helpers import JOOST, OWNER, PEOPLE_TOML, SANNE, begin, small, toml_agenda
from helpers import FakeClock, small_agenda
from overleg.chair.commands import (
    AGENDA,
    COMMANDS,
    ITEM,
    MEETING,
    MEETING_COMMANDS,
    MINUTES,
    OTHER_COMMANDS,
    REVIEW,
    ROUND,
    adopts_agenda,
    applies,
)
from overleg.chair.outcome import Outcome
from overleg.chair.service import Service
from overleg.session import Session

#: What holds in each situation a meeting can be in, as the conditions of the table name it.
HOLDS = {
    "no meeting": set(),
    "no item": {MEETING},
    "item, no round": {MEETING, ITEM},
    "round": {MEETING, ITEM, ROUND},
    "review": {MEETING, ITEM, REVIEW},
    "agenda": {MEETING, ITEM, AGENDA},
    "minutes": {MEETING, ITEM, ROUND, MINUTES},  # its first phase is a round
}

#: A meeting that adopts its agenda first, then the previous minutes.
ADOPTING_TOML = (
    """
[meeting]
title = "Directeurenoverleg"
series = "do"
language = "nl"
"""
    + PEOPLE_TOML
    + """
[[items]]
title = "Vaststellen agenda"
duration = "2m"
direct_decision = true
  [[items.phases]]
  kind = "decision"

[[items]]
title = "Verslag vorig overleg"
duration = "5m"
method = "minutes-review"
"""
)


def situation(name: str, service: Service, tmp_path: Path):
    """A chair whose meeting is in situation `name` (see HOLDS)."""
    if name == "no meeting":
        return service.prepare(small_agenda())
    if name in ("agenda", "minutes"):
        chair = begin(service, toml_agenda(tmp_path / "agendas", ADOPTING_TOML, "do.toml"))
        if name == "minutes":
            assert chair.run("next_item", leave=True).ok
        return chair
    chair = begin(service, toml_agenda(tmp_path / "agendas"))
    if name == "review":
        assert chair.state.item.spec.method == "actions-review"
    elif name == "item, no round":
        assert chair.run("open_item", index=1, leave=True).ok
        assert chair.state.phase.spec.kind == "presentation"
    elif name == "round":
        assert chair.run("open_item", index=1, leave=True).ok
        assert chair.run("next_phase").ok
        assert chair.state.phase.spec.kind == "questions"
    elif name == "no item":
        assert chair.run("skip", reason="Niets te bespreken").ok
        assert chair.state.item is None
    return chair


def test_every_command_has_one_entry_and_a_known_condition() -> None:
    ids = [c.id for c in (*MEETING_COMMANDS, *OTHER_COMMANDS)]
    assert len(ids) == len(set(ids)) == len(COMMANDS)
    for command in COMMANDS.values():
        assert command.needs <= {MEETING, ITEM, ROUND, REVIEW, MINUTES, AGENDA}, command
        assert command.action == command.id


@pytest.mark.parametrize("name", list(HOLDS))
def test_a_command_applies_exactly_when_what_it_needs_holds(
    name: str, service: Service, tmp_path: Path
) -> None:
    chair = situation(name, service, tmp_path)
    state = chair.session.state if chair.session is not None else None
    for command in COMMANDS.values():
        expected = command.needs <= HOLDS[name]
        assert applies(command, state) is expected, (name, command.id)
        assert chair.applies(command.id) is expected, (name, command.id)


def test_the_conditions_by_name(service: Service, tmp_path: Path) -> None:
    before = situation("no meeting", service, tmp_path)
    assert before.applies("pause") and before.applies("open_item")  # they need nothing
    assert not before.applies("note") and not before.applies("next_speaker")

    chair = begin(service)  # the small agenda: item 1 opens at its presentation
    assert chair.applies("decision") and chair.applies("note")
    assert not chair.applies("next_speaker") and not chair.applies("give_floor")
    assert not chair.applies("review_actions"), "not an action review"
    chair.run("next_phase")  # questions: a round
    assert chair.applies("next_speaker") and chair.applies("pass_turn")
    chair.run("pause")
    assert chair.applies("next_speaker"), "paused: the key shows, the engine says why not"


@pytest.mark.parametrize(
    ("title", "method", "adopts"),
    [
        ("Vaststellen agenda", None, True),
        ("Agenda", "round", True),
        ("Adopting the AGENDA", None, True),
        ("Agenda en verslag vorig overleg", "minutes-review", False),
        ("Actielijst en agenda", "actions-review", False),
        ("Rondvraag", None, False),
    ],
)
def test_the_item_that_adopts_the_agenda_is_known_by_its_title(
    title: str, method: str | None, adopts: bool
) -> None:
    assert adopts_agenda(title, method) is adopts


def test_the_agenda_keys_apply_on_its_item_only(service: Service, tmp_path: Path) -> None:
    chair = situation("agenda", service, tmp_path)
    assert all(chair.applies(c) for c in ("add_item", "drop_item", "move_item"))
    assert not chair.applies("amend")
    assert chair.run("next_item", leave=True).ok  # the minutes: no agenda keys, but the service
    assert not chair.applies("add_item") and chair.applies("amend")
    # ... still carries the command out (the palette offers it throughout the meeting).
    assert chair.run("add_item", title="Rondvraag", method="round", duration="10m").ok


def test_an_unknown_command_applies_and_is_left_to_the_service(service: Service) -> None:
    chair = begin(service)
    assert chair.applies("goto_phase")  # not in the table: the service decides
    with pytest.raises(KeyError):
        chair.run("no_such_command")


def test_the_screens_own_commands_are_not_run_by_the_service(service: Service) -> None:
    chair = begin(service)
    own = [c.id for c in COMMANDS.values() if c.screen_only]
    assert {"contribute", "order", "presence"} <= set(own)
    for command_id in own:
        with pytest.raises(KeyError):
            chair.run(command_id)


#: Parameters to run each command the service carries out with, on a meeting in its first round.
PARAMS = {
    "next_speaker": {},
    "pass_turn": {},
    "next_phase": {},
    "next_item": {},
    "decision": {},
    "action": {},
    "review_actions": {},
    "extend": {},
    "pause": {},
    "defer": {"reason": "Later"},
    "skip": {"reason": "Niet nodig"},
    "guest": {"name": "Bram de Wit", "discipline": "Leerplicht"},
    "end_meeting": {},
    "open_item": {"index": 1},
    "add_action": {"what": "Bellen", "owner": SANNE},
    "give_floor": {"name": JOOST},
    "move_speaker": {"name": JOOST, "offset": -1},
    "note": {"text": "Wat wil moeder zelf?"},
    "propose": {"text": "Een plan"},
    "vote": {"name": SANNE, "vote": "consent"},
    "consent_rest": {},
    "decide": {},
    "mark_action": {"id": "nope", "status": "done"},
    "arrive": {"name": OWNER},
    "leave": {"name": SANNE},
    "undo": {},
    "correct_contribution": {"seq": 1, "text": "Anders"},
    "delete_contribution": {"seq": 1},
    "correct_proposal": {"text": "Een beter plan"},
    "correct_action": {"id": "nope", "what": "Bellen"},
    "correct_guest": {"name": SANNE, "discipline": "Wmo"},
    "remove_guest": {"name": SANNE},
    "hand_over": {},
    "take_back": {},
    "add_item": {"title": "Rondvraag", "method": "round", "duration": "10m"},
    "drop_item": {"index": 2, "reason": "Volgende keer"},
    "move_item": {"index": 2, "position": 1},
    "amend": {"text": "Bij punt 2: Sanne was er niet"},
    "adopt_minutes": {},
}


def test_every_command_the_service_carries_out_is_in_the_parameters_above() -> None:
    assert set(PARAMS) == {c.id for c in COMMANDS.values() if not c.screen_only}


@pytest.mark.parametrize("command_id", sorted(PARAMS))
def test_the_service_carries_out_every_command_of_the_table(
    command_id: str, service: Service
) -> None:
    chair = begin(service)
    chair.run("next_phase")
    outcome = chair.run(command_id, **PARAMS[command_id])
    assert isinstance(outcome, Outcome)
    assert outcome.ok or outcome.refusal or outcome.notice or outcome.question, outcome
    assert not outcome.disk_error


def test_before_the_start_every_command_is_refused_as_not_started(service: Service) -> None:
    chair = service.prepare(small_agenda())
    outcome = chair.run("next_speaker")
    assert (outcome.ok, outcome.refusal.key) == (False, "engine.not_started")
    assert not (service.root).exists()


def test_a_dialog_is_not_asked_for_when_its_command_would_be_refused(service: Service) -> None:
    assert service.prepare(small_agenda()).before_asking("add_action").refusal.key == (
        "engine.not_started"
    )
    chair = begin(service)
    assert chair.before_asking("add_item").ok and chair.run("action").then == "action"
    assert chair.run("pause").ok
    for command_id in ("add_item", "drop_item", "guest", "amend", "defer"):
        outcome = chair.before_asking(command_id)
        assert (outcome.ok, outcome.refusal.key) == (False, "engine.paused"), command_id
    for command_id in ("action", "decision", "review_actions"):  # their dialogs come after
        assert chair.run(command_id).refusal.key == "engine.paused", command_id
    assert chair.run("pause").ok
    assert chair.before_asking("guest").ok


def test_a_meeting_that_has_not_started_needs_no_meeting_commands(
    service: Service, clock: FakeClock
) -> None:
    # A folder with only the journal's header: the start never reached the disk.
    Session.create(small(service.root.parent / "agendas"), service.root, clock).close()
    (folder,) = [m.folder for m in service.meetings()]
    chair = service.open(folder)
    try:
        assert chair.status == "new" and not chair.started
        for command_id in ("note", "mark_action", "arrive", "leave"):
            assert not chair.applies(command_id), command_id
    finally:
        chair.close()
