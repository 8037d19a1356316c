"""Adopting at the table: the agenda (items added, dropped, moved) and the previous minutes
(amendments, adoption recorded in both journals, the earlier minutes closed to corrections)."""

from __future__ import annotations

from pathlib import Path

from chair_helpers import CHAIR, JOOST, REVIEW_TOML, SANNE, WEEK, begin, refusal, small, toml_agenda
from helpers import FakeClock
from overleg import store
from overleg.chair import send
from overleg.chair.service import Service
from overleg.journal import read_journal


def minutes_md(folder: Path) -> str:
    return (folder / store.MINUTES_MD).read_text("utf-8")


def end(chair: object) -> None:
    assert chair.run("end_meeting", confirmed=True).then == "finish"  # type: ignore[attr-defined]
    chair.minutes().write()  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the agenda, adopted at the table


def test_items_added_dropped_and_moved_reach_the_minutes(
    service: Service, clock: FakeClock
) -> None:
    chair = begin(service)  # item 1 (Casus gezin J.) runs; item 2 is Afsluiting
    assert chair.run("add_item", title="Mededelingen", method="info", duration="10m").ok
    added = chair.run("add_item", title="Wachtlijst", method="bob", duration="20m", position=0)
    assert added.ok
    # The closing item stays last; never before an item already taken up: Wachtlijst comes
    # right after the running one.
    assert [i.spec.title for i in chair.state.items] == [
        "Casus gezin J.",
        "Wachtlijst",
        "Mededelingen",
        "Afsluiting",
    ]
    assert [i.number for i in chair.state.items] == [1, 2, 3, 4]
    afsluiting = chair.state.items[3].index
    assert chair.run("drop_item", index=afsluiting, reason="Niet nodig").ok
    assert chair.run("move_item", index=chair.state.items[2].index, position=1).ok
    assert [i.spec.title for i in chair.state.items] == [
        "Casus gezin J.",
        "Mededelingen",
        "Wachtlijst",
    ]
    # The running item cannot be dropped or moved; a dropped one cannot be opened.
    assert refusal(chair.run("drop_item", index=0)) == "engine.item_taken_up"
    assert refusal(chair.run("open_item", index=afsluiting, leave=True)) == "engine.no_such_item"
    # The meeting goes on with the adopted agenda: the next item is Mededelingen, with the
    # phases of its method.
    assert chair.run("next_item", leave=True).ok
    item = chair.state.item
    assert item is not None and item.spec.title == "Mededelingen" and item.number == 2
    assert [p.spec.kind for p in item.phases] == ["presentation", "questions"]
    clock.tick(60)
    end(chair)
    text = minutes_md(chair.folder)
    assert "## 2. Mededelingen" in text and "## 3. Wachtlijst" in text
    assert "Afsluiting" not in text.split("## 1.")[1].split("Agenda vastgesteld")[0]
    assert (
        "Agenda vastgesteld met toevoeging van ‘Mededelingen’ en ‘Wachtlijst’, zonder "
        "‘Afsluiting’ en in gewijzigde volgorde." in text
    )
    # Read back from the journal alone, the meeting is the same.
    again = service.read(chair.folder)
    assert [i.spec.title for i in again.items] == ["Casus gezin J.", "Mededelingen", "Wachtlijst"]
    assert [i.spec.title for i in again.dropped] == ["Afsluiting"]
    english = service.export(chair.folder, language="en", output="-").text
    assert "Agenda adopted with the addition of ‘Mededelingen’ and ‘Wachtlijst’" in english


def test_an_added_item_is_refused_with_a_reason(service: Service) -> None:
    chair = begin(service)
    assert refusal(chair.run("add_item", title="X", method="nope", duration="5m")) == (
        "engine.unknown_method"
    )
    assert refusal(chair.run("add_item", title="X", method="round", duration="soms")) == (
        "engine.bad_value"
    )
    assert refusal(chair.run("add_item", title=" ", method="round", duration="5m")) == (
        "engine.empty_text"
    )
    outcome = chair.run("add_item", title="X", method="round", duration="5m", presenter="Niemand")
    assert refusal(outcome) == "engine.unknown_person"
    assert len(chair.state.items) == 2


# ------------------------------------------------------------------ the previous minutes, adopted


def two_meetings(service: Service, clock: FakeClock, tmp_path: Path) -> tuple[object, object]:
    """Meeting 1 of series noord held and ended; meeting 2 a week later, at its review item."""
    first = begin(service, small(tmp_path / "agendas"))
    assert first.run("note", text="Moeder wil eerst zelf bellen", speaker=SANNE).ok
    clock.tick(60)
    end(first)
    first.close()
    clock.tick(WEEK)
    second = begin(service, toml_agenda(tmp_path / "agendas", REVIEW_TOML, "review.toml"))
    return first, second


def test_the_next_meeting_adopts_the_minutes_with_an_amendment(
    service: Service, clock: FakeClock, tmp_path: Path
) -> None:
    first, second = two_meetings(service, clock, tmp_path)
    table = second.minutes_on_table()  # type: ignore[attr-defined]
    assert table is not None and table.name == first.folder.name  # type: ignore[attr-defined]
    assert (table.title, table.date) == ("Casusoverleg Noord", "2026-12-01")
    assert table.items == ((1, "Casus gezin J."), (2, "Afsluiting")) and not table.adopted_by
    listed = {m.folder.name: m.minutes for m in service.meetings()}
    assert listed[first.folder.name] == "concept"  # type: ignore[attr-defined]

    # Versions of the earlier minutes written before the adoption are written again with it.
    versions = [("html", False, False), ("txt", True, False), ("md", False, True)]
    for format, share, decisions in versions:
        service.export(first.folder, format, share=share, decisions_only=decisions)
    service.export(first.folder, "txt", language="en")  # and each stays in its language
    assert second.run("amend", text="Het was vader die wilde bellen", number=1, by=JOOST).ok
    assert refusal(second.run("amend", text="Iets", number=9)) == "engine.no_such_item"
    outcome = second.run("adopt_minutes")
    assert outcome.ok and outcome.notice.key == "ui.adopt.adopted"

    # In the earlier meeting's journal: one appended event; its minutes written again.
    earlier = read_journal(first.folder / store.JOURNAL).records  # type: ignore[attr-defined]
    assert earlier[-1]["type"] == "adopted" and earlier[-1]["date"] == "2026-12-08"
    assert earlier[-1]["amendments"] == [
        {
            "number": 1,
            "title": "Casus gezin J.",
            "text": "Het was vader die wilde bellen",
            "by": JOOST,
        }
    ]
    text = minutes_md(first.folder)  # type: ignore[attr-defined]
    assert "Vastgesteld in het overleg van 8 december 2026, met de volgende wijzigingen:" in text
    said = f"- bij punt 1 (Casus gezin J.): Het was vader die wilde bellen (op verzoek van {JOOST})"
    assert said in text  # who asked is in both minutes
    assert "**Status verslag:** vastgesteld" in text
    for name in ("minutes.html", "minutes-share.txt", "minutes-decisions.md"):
        again = (first.folder / name).read_text("utf-8")  # type: ignore[attr-defined]
        assert "Vastgesteld in het overleg van 8 december 2026" in again, name
        assert "vast te stellen in het volgende overleg" not in again, name
    assert "Jansen" not in (first.folder / "minutes-share.txt").read_text("utf-8")  # type: ignore[attr-defined]
    english = (first.folder / "minutes.txt").read_text("utf-8")  # type: ignore[attr-defined]
    assert english.startswith("Minutes Casusoverleg Noord")
    assert "Adopted at the meeting of 8 December 2026, with the following amendments:" in " ".join(
        english.split()
    )
    listed = {m.folder.name: m.minutes for m in service.meetings()}
    assert listed[first.folder.name] == "adopted"  # type: ignore[attr-defined]
    folder = first.folder  # type: ignore[attr-defined]
    plan = send.plan(service, folder, "chair@example.org", to=["lid@example.org"])
    mail = plan.mails[0].message
    assert send.record_sent(service, folder, plan.sender, plan.mails)  # adopted minutes go out too
    assert read_journal(folder / store.JOURNAL).records[-1]["type"] == "minutes_sent"
    assert service.read(folder).adopted is not None
    assert {m.folder.name: m.minutes for m in service.meetings()}[folder.name] == "adopted"
    assert mail["Subject"] == "Vastgesteld verslag Casusoverleg Noord 2026-12-01"

    # The adopted meeting can no longer be corrected: an amendment goes through the next one.
    reopened = service.open(first.folder)  # type: ignore[attr-defined]
    try:
        seq = reopened.state.items[0].phases[0].contributions[0].seq
        outcome = reopened.run("correct_contribution", seq=seq, text="Anders")
        assert refusal(outcome) == "engine.adopted"
        assert refusal(reopened.run("undo")) == "engine.adopted"
    finally:
        reopened.close()

    # Adopting twice changes nothing; the adopting meeting's minutes say what it adopted.
    assert refusal(second.run("amend", text="Nog iets")) == "engine.minutes_already_adopted"
    end(second)
    own = minutes_md(second.folder)  # type: ignore[attr-defined]
    assert (
        "Het verslag van Casusoverleg Noord van 1 december 2026 is vastgesteld, met de volgende "
        "wijzigingen:" in own
    )
    assert (
        f"- bij punt 1 (Casus gezin J.): Het was vader die wilde bellen (op verzoek van {JOOST})"
        in own
    )
    assert "**Status verslag:** concept" in own
    html = service.export(first.folder, format="html", output="-").text  # type: ignore[attr-defined]
    assert "Vastgesteld in het overleg van 8 december 2026" in html
    plain = service.export(first.folder, format="txt", output="-").text  # type: ignore[attr-defined]
    assert "bij punt 1 (Casus gezin J.): Het was vader die wilde bellen" in plain


def test_the_decision_of_the_review_item_adopts_the_minutes_unchanged(
    service: Service, clock: FakeClock, tmp_path: Path
) -> None:
    first, second = two_meetings(service, clock, tmp_path)
    while second.state.phase.spec.kind != "decision":  # type: ignore[attr-defined]
        assert second.run("next_phase", override="Geen wijzigingen").ok  # type: ignore[attr-defined]
    assert second.run("propose", text="Het verslag wordt ongewijzigd vastgesteld").ok
    assert second.run("consent_rest").ok
    outcome = second.run("decide")
    assert outcome.ok and outcome.notice.key == "ui.adopt.adopted_unchanged"
    text = minutes_md(first.folder)  # type: ignore[attr-defined]
    assert "Vastgesteld in het overleg van 8 december 2026, ongewijzigd." in text
    assert second.state.adopts.meeting == first.folder.name  # type: ignore[attr-defined]


def test_a_first_meeting_has_no_minutes_on_the_table(service: Service, tmp_path: Path) -> None:
    chair = begin(service, toml_agenda(tmp_path / "agendas", REVIEW_TOML, "review.toml"))
    assert chair.minutes_on_table() is None
    assert refusal(chair.run("adopt_minutes")) == "ui.adopt.none"
    assert refusal(chair.run("amend", text="Iets")) == "ui.adopt.none"
    assert chair.state.adopts is None and CHAIR in chair.state.people


def test_a_meeting_corrected_sent_or_adopted_after_its_end_is_listed_as_ended(
    service: Service, clock: FakeClock, tmp_path: Path
) -> None:
    """Events after the end (corrections, minutes sent, adopted) never make a listing read the
    meeting as running again: the quick listing reads back past them to the end."""
    first, second = two_meetings(service, clock, tmp_path)
    reopened = service.open(first.folder)  # type: ignore[attr-defined]
    try:
        seq = reopened.state.items[0].phases[0].contributions[0].seq
        assert reopened.run("correct_contribution", seq=seq, text="Moeder belt zelf").ok
        assert reopened.run(
            "record_sent", sender="a@example.org", to=("b@example.org",), version="full"
        ).ok
    finally:
        reopened.close()
    quick = {m.folder.name: (m.status, m.minutes) for m in service.meetings()}
    full = {m.folder.name: (m.status, m.minutes) for m in store.list_meetings(service.root)}
    assert quick == full
    assert quick[first.folder.name] == ("ended", "sent")  # type: ignore[attr-defined]
    assert quick[second.folder.name] == ("running", "")  # type: ignore[attr-defined]
    assert second.run("adopt_minutes").ok  # type: ignore[attr-defined]
    quick = {m.folder.name: (m.status, m.minutes) for m in service.meetings()}
    assert quick[first.folder.name] == ("ended", "adopted")  # type: ignore[attr-defined]


def test_an_item_before_one_taken_up_keeps_its_place(service: Service) -> None:
    """Items taken up keep their numbers (decisions and actions carry them): an item left behind
    before one of them is neither dropped nor moved, and nothing is put in front of them."""
    chair = begin(service)
    assert chair.run("add_item", title="Wachtlijst", method="bob", duration="20m", position=2).ok
    assert chair.run("open_item", index=2, leave=True).ok  # Wachtlijst runs; Afsluiting skipped
    assert [(i.number, i.spec.title, i.status) for i in chair.state.items] == [
        (1, "Casus gezin J.", "done"),
        (2, "Afsluiting", "todo"),
        (3, "Wachtlijst", "running"),
    ]
    assert refusal(chair.run("drop_item", index=1)) == "engine.item_fixed"
    assert refusal(chair.run("move_item", index=1, position=2)) == "engine.item_fixed"
    assert chair.run("add_item", title="Rondvraag", method="round", duration="5m", position=0).ok
    assert [i.spec.title for i in chair.state.items][-1] == "Rondvraag"
    assert chair.state.items[-1].number == 4
