"""The projector's view: what the room sees of a meeting the chair's console runs, read by a
second, read-only terminal on the same folder (`role="projector"`) after it polls."""

from __future__ import annotations

from pathlib import Path

import pytest

from chair_helpers import (
    AGENDA_TOML,
    CHAIR,
    JOOST,
    OWNER,
    SANNE,
    SMALL_TOML,
    begin,
    hear_everyone,
    toml_agenda,
)
from helpers import FakeClock
from overleg.chair import views
from overleg.chair.service import Service
from overleg.minutes import build_record, pseudonymise
from overleg.minutes.share import client_labels


@pytest.fixture
def pair(service: Service):  # type: ignore[no-untyped-def]
    """The chair's console on the small case meeting, and the projector on the same folder."""
    chair = begin(service)
    projector = service.open(chair.folder, role="projector")
    yield chair, projector
    projector.close()
    chair.close()


def seen(projector, language: str = "nl", show_clients: bool = False) -> views.ProjectorView:  # type: ignore[no-untyped-def]
    """What the projector shows once it has taken in what the chair wrote."""
    projector.poll()
    return views.projector_view(
        projector.state, projector.gate(), projector.now(), language, show_clients
    )


def test_the_projector_follows_the_floor_and_its_countdown(pair, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    chair, projector = pair
    assert chair.run("next_phase").ok and chair.run("next_speaker").ok
    clock.tick(20)
    view = seen(projector)
    assert (view.phase_title, view.phase_number) == ("Vraagverheldering", 2)
    assert view.phases[:2] == (("Inbreng", "done"), ("Vraagverheldering", "running"))
    floor = view.floor
    assert (floor.speaker, floor.time, floor.timing, floor.next) == (SANNE, "0:40", "left", JOOST)
    assert view.prompt.questions_only and floor.questions_only
    clock.tick(50)  # a minute per speaker: ten seconds over
    floor = seen(projector).floor
    assert (floor.time, floor.timing, floor.overrun) == ("0:10", "over", True)


def test_a_phase_without_a_round_counts_down_its_own_time(pair, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    chair, projector = pair
    view = seen(projector)
    assert not view.floor.shown
    assert (view.phase_title, view.phase_left, view.phase_over) == ("Inbreng", "3:00", False)
    clock.tick(200)
    view = seen(projector)
    assert (view.phase_left, view.phase_over) == ("0:20", True)


def test_it_shows_no_contribution_no_note_no_reason_and_not_the_description(
    service: Service, clock: FakeClock, tmp_path: Path
) -> None:
    chair = begin(service, toml_agenda(tmp_path / "agendas"))  # the casus has a description
    projector = service.open(chair.folder, role="projector")
    try:
        assert chair.run("next_item", leave=True).ok  # past the action review, to the casus
        assert "huurachterstand" in views.prompt_view(chair.state).description
        chair.run("note", text="GEHEIME NOTITIE")
        chair.run("next_phase")
        chair.run("next_speaker")
        chair.run("note", text="GEHEIME INBRENG")
        view = seen(projector)
        assert view.prompt.description == ""
        for secret in ("huurachterstand", "GEHEIME NOTITIE", "GEHEIME INBRENG"):
            assert secret not in repr(view)
    finally:
        projector.close()
        chair.close()


def test_the_consent_round_fills_with_names_and_answers_but_no_reasons(  # type: ignore[no-untyped-def]
    pair, clock: FakeClock
) -> None:
    chair, projector = pair
    for _ in range(2):  # the questions, then the round: everyone heard
        assert chair.run("next_phase").ok
        hear_everyone(chair, clock)
    assert chair.run("decision").ok
    assert chair.run("propose", text="Budgetbeheer", rationale="GEHEIME TOELICHTING").ok
    assert chair.run("vote", name=SANNE, vote="object", reason="GEHEIME REDEN").ok
    assert chair.run("vote", name=OWNER, vote="consent").ok
    view = seen(projector)
    assert view.consent.proposal == "Budgetbeheer"
    rows = {r.name: r.vote for r in view.consent.rows}
    assert rows == {OWNER: "consent", SANNE: "object", JOOST: "", CHAIR: ""}
    assert all(r.reason == "" for r in view.consent.rows) and view.consent.rationale == ""
    assert "GEHEIME" not in repr(view)
    # In the decision itself the gate was passed with everyone heard.
    assert view.gate.shown and view.gate.open and not view.overridden
    assert chair.run("consent_rest").ok and chair.run("decide", over_objection=True).ok
    view = seen(projector)
    assert view.consent.proposal is None and view.decisions == (("1.1", "Budgetbeheer"),)


def test_before_the_decision_it_names_who_has_still_to_be_heard(pair, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    chair, projector = pair
    assert chair.run("next_phase").ok and chair.run("next_speaker").ok  # Sanne asks
    gate = seen(projector).gate
    assert gate.shown and not gate.open
    assert gate.missing == (
        ("Vraagverheldering", (JOOST, CHAIR)),
        ("Perspectieven", (OWNER, SANNE, JOOST, CHAIR)),
    )
    hear_everyone(chair, clock)
    assert chair.run("next_phase").ok
    hear_everyone(chair, clock)
    assert seen(projector).gate.open


def test_a_decision_phase_opened_over_the_gate_says_so(pair) -> None:  # type: ignore[no-untyped-def]
    chair, projector = pair
    command, params = chair.run("decision").question.answered("Spoed")
    assert chair.run(command, **params).ok
    view = seen(projector)
    assert view.overridden and not view.gate.shown  # no "everyone heard" then
    assert "Spoed" not in repr(view)  # the reason is the chair's, for the minutes


def test_client_names_become_the_labels_of_the_minutes_to_share(pair) -> None:  # type: ignore[no-untyped-def]
    chair, projector = pair
    assert chair.run("next_phase").ok
    command, params = chair.run("decision").question.answered("Spoed")
    assert chair.run(command, **params).ok
    assert chair.run("propose", text="Jansens huisarts belt gezin J. terug").ok
    view = seen(projector)
    assert view.pseudonymised
    assert view.item_title == "1. Casus cliënt A"
    assert view.consent.proposal == "cliënt B's huisarts belt cliënt A terug"
    # The very labels the shared minutes give the same names.
    labels = client_labels(build_record(chair.state))
    assert labels == {"gezin j.": "cliënt A", "jansen": "cliënt B"}
    shared = pseudonymise(build_record(chair.state))
    assert shared["items"][0]["title"] == "Casus cliënt A"
    # In the language the projector shows, and with the names when the chair shows them.
    assert seen(projector, "en").item_title == "1. Casus client A"
    shown = seen(projector, show_clients=True)
    assert not shown.pseudonymised and shown.item_title == "1. Casus gezin J."
    assert shown.consent.proposal == "Jansens huisarts belt gezin J. terug"


def test_a_meeting_without_clients_shows_its_titles_as_they_are(
    service: Service, tmp_path: Path
) -> None:
    text = SMALL_TOML.format(title="Directeurenoverleg", series="do").replace(
        'clients = ["gezin J.", "Jansen"]\n', ""
    )
    chair = begin(service, toml_agenda(tmp_path / "agendas", text, "do.toml"))
    projector = service.open(chair.folder, role="projector")
    try:
        view = seen(projector)
        assert not view.pseudonymised
        assert (view.meeting_title, view.item_title) == ("Directeurenoverleg", "1. Casus gezin J.")
    finally:
        projector.close()
        chair.close()


def test_a_case_meeting_title_naming_a_client_is_replaced_too(
    service: Service, tmp_path: Path
) -> None:
    text = AGENDA_TOML.replace('title = "Casusoverleg Noord"', 'title = "Overleg over Jansen"')
    chair = begin(service, toml_agenda(tmp_path / "agendas", text))
    projector = service.open(chair.folder, role="projector")
    try:
        assert seen(projector).meeting_title == "Overleg over cliënt B"
        assert chair.run("end_meeting", confirmed=True).ok
        view = seen(projector)
        assert (view.status, view.meeting_title, view.item_title) == (
            "ended",
            "Overleg over cliënt B",
            "",
        )
    finally:
        projector.close()
        chair.close()


def test_paused_the_clocks_stand_still(pair, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    chair, projector = pair
    assert chair.run("next_phase").ok and chair.run("next_speaker").ok
    clock.tick(15)
    assert chair.run("pause").ok
    before = seen(projector)
    clock.tick(120)
    after = seen(projector)
    assert after.status == "paused" and after.floor.time == before.floor.time == "0:45"
