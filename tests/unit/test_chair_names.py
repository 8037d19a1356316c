"""Names as the chair types them, in a real meeting: "Name: text" and an action's owner."""

from __future__ import annotations

from chair_helpers import CHAIR, JOOST, OWNER, SANNE, begin, refusal
from overleg.chair.service import Service

KOK = "Sanne Kok"


def contributions(chair) -> list[tuple[str | None, str]]:
    return [(c.speaker, c.text) for p in chair.state.item.phases for c in p.contributions]


def in_the_questions(service: Service):
    """A meeting in its questions, Sanne Bakker with the floor, Sanne Kok a guest."""
    chair = begin(service)
    assert chair.run("guest", name=KOK, discipline="Leerplicht").ok
    chair.run("next_phase")
    chair.run("next_speaker")
    assert chair.state.turn.speaker == SANNE
    return chair


def test_a_first_name_a_surname_or_a_start_finds_the_speaker(service: Service) -> None:
    chair = in_the_questions(service)
    for line in ("mehmet: Rust", "Yilmaz: Hulp bij de post", "meh: Een buddy", "joost visser: Ja"):
        assert chair.run("note", text=line).ok, line
    assert contributions(chair) == [
        (OWNER, "Rust"),
        (OWNER, "Hulp bij de post"),
        (OWNER, "Een buddy"),
        (JOOST, "Ja"),
    ]


def test_a_name_of_two_people_asks_which_and_keeps_the_text(service: Service) -> None:
    chair = in_the_questions(service)
    before = chair.state.last_seq
    outcome = chair.run("note", text="sanne: Wie betaalt de huur?")
    question = outcome.question
    assert not outcome.ok and question is not None and chair.state.last_seq == before
    assert (question.kind, question.name, question.candidates) == (
        "which_person",
        "sanne",
        (SANNE, KOK),
    )
    command, params = question.answered(KOK)
    assert (command, params) == ("note", {"text": "Wie betaalt de huur?", "speaker": KOK})
    assert chair.run(command, **params).ok
    assert contributions(chair) == [(KOK, "Wie betaalt de huur?")]


def test_an_unknown_name_asks_first_and_can_be_noted_as_typed(service: Service) -> None:
    chair = in_the_questions(service)
    before = chair.state.last_seq
    outcome = chair.run("note", text="Pieter: belt morgen")
    question = outcome.question
    assert not outcome.ok and chair.state.last_seq == before, "nothing noted silently"
    assert (question.kind, question.name) == ("unknown_person", "Pieter")
    command, params = question.answered(True)
    assert params == {"text": "Pieter: belt morgen", "literal": True}
    assert chair.run(command, **params).ok
    assert contributions(chair) == [(SANNE, "Pieter: belt morgen")], "the line as typed"


def test_a_colon_in_ordinary_text_stays_the_speakers(service: Service) -> None:
    chair = in_the_questions(service)
    lines = [
        "Afspraak: dinsdag om 10 uur",
        "Let op: om 10:00 belt school",
        "Moeder zegt dat het thuis beter gaat: minder ruzie",
    ]
    for line in lines:
        assert chair.run("note", text=line).ok, line
    assert contributions(chair) == [(SANNE, line) for line in lines]


def test_a_name_with_nothing_after_it_is_refused_as_empty_or_kept(service: Service) -> None:
    chair = in_the_questions(service)
    assert chair.run("note", text="Mehmet:").ok
    assert contributions(chair) == [(SANNE, "Mehmet:")]
    assert refusal(chair.run("note", text="x", speaker="Niemand")) == "engine.unknown_person"


def test_an_owner_resolves_to_a_participant_or_stays_as_typed(service: Service) -> None:
    chair = begin(service)
    assert chair.run("add_action", what="Huisbezoek", owner="mehmet").ok
    assert chair.run("add_action", what="Schrijven", owner="de vries").ok
    assert chair.run("add_action", what="Bellen", owner=CHAIR).ok
    assert [a.owner for a in chair.state.actions] == [OWNER, CHAIR, CHAIR]


def test_an_owner_of_two_people_asks_which(service: Service) -> None:
    chair = begin(service)
    chair.run("guest", name=KOK)
    outcome = chair.run("add_action", what="Leerplicht bellen", owner="Sanne")
    question = outcome.question
    assert question.kind == "which_person" and question.candidates == (SANNE, KOK)
    assert not chair.state.actions
    command, params = question.answered(KOK)
    assert chair.run(command, **params).ok
    action = chair.state.actions[0]
    assert (action.what, action.owner, action.due) == ("Leerplicht bellen", KOK, None)


def test_an_owner_not_at_the_table_is_passed_on_as_typed(service: Service) -> None:
    chair = begin(service)
    outcome = chair.run("add_action", what="Ophalen", owner="  moeder ")
    # Until the engine takes owners who are not at the table it refuses them; either way the
    # name is not turned into someone else's.
    if outcome.ok:
        assert chair.state.actions[-1].owner == "moeder"
    else:
        assert refusal(outcome) == "engine.unknown_person"
        assert outcome.refusal.params == {"name": "moeder"}
