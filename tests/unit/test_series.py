"""`overleg new`: the next meeting's agenda drawn up from its series and the meeting before."""

from __future__ import annotations

import stat
from datetime import date, datetime
from pathlib import Path

import pytest

from chair_helpers import SMALL_TOML, begin, small, toml_agenda
from helpers import FakeClock
from overleg import series
from overleg.agenda import Agenda, check_files, load_agenda
from overleg.chair.service import NoSeries, Service


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("OVERLEG_CONFIG_DIR", str(folder))
    return folder


def noord_series(config: Path) -> Path:
    """The small agenda of the chair helpers as the series file of series "noord"."""
    path = config / "series" / "noord.toml"
    path.parent.mkdir(parents=True)
    path.write_text(SMALL_TOML.format(title="Casusoverleg Noord", series="noord"), "utf-8")
    return path


def with_item(tmp_path: Path, item: str) -> Agenda:
    """The small agenda of series "noord" with `item` (its TOML keys) before the closing one:
    an item the series does not have."""
    text = SMALL_TOML.format(title="Casusoverleg Noord", series="noord")
    closing = '[[items]]\ntitle = "Afsluiting"'
    text = text.replace(closing, f"[[items]]\n{item}\n\n{closing}")
    return toml_agenda(tmp_path / "agendas", text, "noord.toml")


def checks(path: Path) -> None:
    assert check_files([path]) == []
    load_agenda(path)


def test_parse_date_takes_a_day_or_a_day_and_a_time() -> None:
    assert series.parse_date("2026-12-17") == datetime(2026, 12, 17, 9, 30)
    assert series.parse_date("2026-12-17T13:45") == datetime(2026, 12, 17, 13, 45)
    for bad in ("2026-13-17", "17-12-2026", "2026-12-17T25:00", "morgen", ""):
        with pytest.raises(ValueError):
            series.parse_date(bad)


def test_next_date_is_a_week_after_the_last_meeting_and_after_today() -> None:
    last = datetime(2026, 12, 3, 13, 30, 12)
    assert series.next_date(last, date(2026, 12, 4)) == datetime(2026, 12, 10, 13, 30)
    assert series.next_date(last, date(2026, 12, 20)) == datetime(2026, 12, 24, 13, 30)
    assert series.next_date(None, date(2026, 12, 4)) == datetime(2026, 12, 11, 9, 30)


def test_a_deferred_item_comes_back_with_its_reason(
    service: Service, clock: FakeClock, config: Path, tmp_path: Path
) -> None:
    noord_series(config)
    chair = begin(service, small(tmp_path / "agendas"))
    assert chair.run("add_action", what="Huisbezoek plannen", owner="Sanne Bakker").ok
    assert chair.run("defer", reason="Moeder kon niet komen").ok
    clock.tick(60)
    assert chair.run("end_meeting", confirmed=True).then == "finish"
    chair.close()

    new = service.new_agenda("noord")

    assert new.chosen == "series" and new.when.date() == date(2026, 12, 8)
    assert new.previous is not None and new.deferred == ("Casus gezin J.",)
    assert new.open_actions == 1
    assert new.path.parent == config / "agendas"
    assert stat.S_IMODE(new.path.stat().st_mode) == 0o600
    checks(new.path)
    agenda = load_agenda(new.path)
    titles = [item.title for item in agenda.items]
    assert titles == ["Casus gezin J.", "Afsluiting"]  # replaces the standing one, not twice
    assert "Moeder kon niet komen" in agenda.items[0].description
    assert "Casusoverleg Noord" in agenda.items[0].description
    assert agenda.series == "noord" and len(agenda.participants) == 4
    assert agenda.date == datetime.combine(new.when.date(), new.when.time())


def test_an_item_the_meeting_did_not_reach_comes_back_unless_it_is_a_standing_one(
    service: Service, clock: FakeClock, config: Path, tmp_path: Path
) -> None:
    noord_series(config)
    extra = 'title = "Wachtlijst jeugdhulp"\nduration = "15m"\nmethod = "round"'
    chair = begin(service, with_item(tmp_path, extra))
    clock.tick(60)
    assert chair.run("end_meeting", confirmed=True).then == "finish"
    chair.close()

    new = service.new_agenda("noord")

    assert new.unhandled == ("Wachtlijst jeugdhulp",) and new.deferred == ()
    checks(new.path)
    agenda = load_agenda(new.path)
    assert [item.title for item in agenda.items] == [
        "Casus gezin J.",
        "Wachtlijst jeugdhulp",
        "Afsluiting",  # not reached either, but a standing item: once
    ]
    assert agenda.items[1].description.startswith("Niet behandeld in Casusoverleg Noord van ")
    assert agenda.items[1].duration == 15 * 60


def test_an_item_carried_twice_has_one_note_the_latest(
    service: Service, clock: FakeClock, config: Path, tmp_path: Path
) -> None:
    noord_series(config)
    agenda = with_item(
        tmp_path, 'title = "Wachtlijst"\nduration = "15m"\ndescription = "Wat doen we?"'
    )
    for _ in range(2):
        chair = begin(service, agenda)
        clock.tick(60)
        assert chair.run("end_meeting", confirmed=True).then == "finish"
        chair.close()
        new = service.new_agenda("noord")
        agenda = load_agenda(new.path)
        clock.tick(8 * 24 * 3600)
    description = agenda.items[1].description
    assert description.count("Niet behandeld in") == 1 and description.endswith("Wat doen we?")
    assert new.previous is not None and new.previous.date in description


def test_a_first_meeting_of_a_shipped_template_is_its_standing_items_and_the_date(
    service: Service, config: Path
) -> None:
    new = service.new_agenda("casusoverleg", today=date(2026, 12, 4))

    assert new.series_created and new.series_path == config / "series" / "wijkteam-noord.toml"
    assert new.previous is None and new.deferred == ()
    assert new.chosen == "default" and new.when == datetime(2026, 12, 11, 9, 30)
    checks(new.series_path)
    checks(new.path)
    # The series file is the template, comments and all, without its date.
    series_text = new.series_path.read_text("utf-8")
    assert series_text.startswith("# Casusoverleg") and "\ndate = " not in series_text
    assert stat.S_IMODE(new.series_path.stat().st_mode) == 0o600
    agenda = load_agenda(new.path)
    assert agenda.date == datetime(2026, 12, 11, 9, 30)
    assert all(p.email for p in agenda.participants)
    # The series file is used from then on, not made again; the date given is kept.
    again = service.new_agenda("casusoverleg", datetime(2026, 12, 17, 13, 30))
    assert not again.series_created and again.chosen == "given"
    assert load_agenda(again.path).date == datetime(2026, 12, 17, 13, 30)
    with pytest.raises(FileExistsError):
        service.new_agenda("wijkteam-noord", datetime(2026, 12, 17, 13, 30))


def test_an_unknown_series_names_the_choices(service: Service, config: Path) -> None:
    with pytest.raises(NoSeries) as caught:
        service.new_agenda("nergens")
    assert "casusoverleg" in caught.value.choices


def test_the_notes_go_to_the_items_that_look_back() -> None:
    document = {
        "meeting": {"title": "T"},
        "participants": [{"name": "A"}],
        "items": [
            {"title": "Verslag", "duration": "5m", "method": "minutes-review"},
            {"title": "Actielijst", "duration": "5m", "method": "actions-review"},
            {"title": "Rondvraag", "duration": "5m", "method": "round"},
        ],
    }
    deferred = [{"title": "Oud punt", "duration": "5m", "method": "round", "presenter": "Z"}]
    out = series.next_document(
        document, datetime(2026, 12, 1, 9, 30), deferred, "acties mee", "verslag van X"
    )
    assert [i["title"] for i in out["items"]] == ["Verslag", "Actielijst", "Oud punt", "Rondvraag"]
    assert out["items"][0]["description"] == "verslag van X"
    assert out["items"][1]["description"] == "acties mee"
    assert "presenter" not in out["items"][2]  # not on the roster
    assert "date" not in document["meeting"]  # the series itself is left as it was
