"""`overleg actions`, `overleg list` and naming a meeting, run for real in subprocesses.

The meetings are held through the chair service (journals in tmp_path, a clock the test moves);
the commands run as the user runs them. An action carried from meeting to meeting is one action:
listed once, with where it was agreed and what became of it at each later meeting. A damaged
meeting is listed as damaged, with its line, and never hides the others.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from chair_helpers import CHAIR, JOOST, OWNER, SANNE, begin, small, toml_agenda
from helpers import FakeClock
from overleg import store
from overleg.agenda import Agenda
from overleg.chair.meeting import Chair
from overleg.chair.service import Service
from overleg.journal import line_bytes

TZ = timezone(timedelta(hours=1))
#: The meetings are held this year: a day of the year `overleg actions` runs in is shown without
#: its year ("2.1 van 6 januari").
YEAR = date.today().year
DAY = 24 * 3600


def overleg(*args: str, data: Path, lang: str = "") -> subprocess.CompletedProcess[str]:
    """`overleg ARGS` with `data` as its data folder and OVERLEG_LANG set to `lang`."""
    env = {**os.environ, "OVERLEG_DATA_DIR": str(data), "OVERLEG_LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "overleg", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(YEAR, 1, 6, 9, 30, tzinfo=TZ))


@pytest.fixture
def service(tmp_path: Path, clock: FakeClock) -> Service:
    return Service(tmp_path / "data", clock)


def agenda(service: Service, series: str = "noord") -> Agenda:
    """chair_helpers' agenda with an action review first, then the case, in `series`."""
    from chair_helpers import AGENDA_TOML

    text = AGENDA_TOML.replace('series = "noord"', f'series = "{series}"')
    return toml_agenda(service.root.parent / "agendas", text, f"{series}.toml")


def held(
    service: Service,
    clock: FakeClock,
    agenda: Agenda,
    review: dict[str, str] | None = None,
    new_due: dict[str, date] | None = None,
    new: tuple[tuple[str, str, date | None], ...] = (),
) -> Chair:
    """A meeting held to its end: in the action review each carried action (by what) gets the
    status in `review` and the date in `new_due`; then the case (item 2) agrees the `new` actions
    (what, owner, due). The next meeting is a week later."""
    chair = begin(service, agenda)
    carried = {a.what: a for a in chair.state.actions if a.origin}
    for what, status in (review or {}).items():
        assert chair.run("mark_action", id=carried[what].id, status=status).ok
    for what, due in (new_due or {}).items():
        assert chair.run("correct_action", id=carried[what].id, due=due).ok
    if new:
        assert chair.run("open_item", index=1, leave=True).ok
        for what, owner, due in new:
            assert chair.run("add_action", what=what, owner=owner, due=due).ok
    clock.tick(3600)
    assert chair.run("end_meeting", confirmed=True).ok
    chair.close()
    clock.tick(7 * DAY - 3600)
    return chair


@pytest.fixture
def series(service: Service, clock: FakeClock) -> list[Chair]:
    """Three meetings of the series "noord", a week apart (6, 13 and 20 January):

    - the first agrees 2.1 (Sanne, by the 13th) and 2.2 (Mehmet, by the 13th);
    - the second carries 2.1 over to the 27th, has 2.2 done, and agrees 2.3 (Joost);
    - the third has 2.1 done, drops 2.3, and agrees a new 2.2: 2.2 of the first was not carried,
      so its number is free again, and the day it was agreed tells the two apart.

    And then one meeting of another series ("zuid", 27 January), agreeing its own 2.1.
    """
    noord = agenda(service)
    due = date(YEAR, 1, 13)
    first = held(
        service,
        clock,
        noord,
        new=(("Leerplicht bellen", SANNE, due), ("Huisbezoek", OWNER, due)),
    )
    second = held(
        service,
        clock,
        noord,
        review={"Leerplicht bellen": "carried", "Huisbezoek": "done"},
        new_due={"Leerplicht bellen": date(YEAR, 1, 27)},
        new=(("Budgetcoach zoeken", JOOST, None),),
    )
    third = held(
        service,
        clock,
        noord,
        review={"Leerplicht bellen": "done", "Budgetcoach zoeken": "dropped"},
        new=(("Schuldhulp aanmelden", SANNE, None),),
    )
    zuid = held(service, clock, agenda(service, "zuid"), new=(("Wijkagent vragen", CHAIR, None),))
    return [first, second, third, zuid]


def test_an_action_carried_from_meeting_to_meeting_is_listed_once_with_its_history(
    service: Service, series: list[Chair]
) -> None:
    first, second, third, zuid = series
    result = overleg("actions", "--series", "noord", data=service.root)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.splitlines() == [
        f"2.1 van 6 januari   gedaan      {YEAR}-01-27  Sanne Bakker: Leerplicht bellen",
        f"                    13 januari: loopt door, nieuwe datum {YEAR}-01-27; 20 januari: gedaan",
        f"2.2 van 6 januari   gedaan      {YEAR}-01-13  Mehmet Yılmaz: Huisbezoek",
        "                    13 januari: gedaan",
        "2.3 van 13 januari  vervallen   -           Joost Visser: Budgetcoach zoeken",
        "                    20 januari: vervallen",
        "2.2 van 20 januari  open        -           Sanne Bakker: Schuldhulp aanmelden",
    ]
    # One action, one id, from the meeting it was agreed in to the one it was done in.
    agreed = next(a for a in first.state.actions if a.what == "Leerplicht bellen")
    done = next(a for a in service.read(third.folder).actions if a.what == "Leerplicht bellen")
    assert done.id == agreed.id and done.number == agreed.number == "2.1"
    assert done.origin == first.folder.name and done.origin_date == date(YEAR, 1, 6)
    assert first.folder.name not in result.stdout, "a meeting is named by its day, not its folder"

    everything = overleg("actions", data=service.root)
    assert everything.returncode == 0
    assert everything.stdout.splitlines()[-1] == (
        f"2.1 van 27 januari  open        -           {CHAIR}: Wijkagent vragen"
    ), "zuid's 2.1 is an action of its own"
    assert everything.stdout.count("Leerplicht bellen") == 1

    still_open = overleg("actions", "--open", data=service.root)
    assert [line.split("  ")[-1].strip() for line in still_open.stdout.splitlines()] == [
        "Sanne Bakker: Schuldhulp aanmelden",
        f"{CHAIR}: Wijkagent vragen",
    ]
    only_zuid = overleg("actions", "--open", "--series", "zuid", data=service.root)
    assert only_zuid.stdout.startswith("2.1 van 27 januari  open  ")
    none = overleg("actions", "--open", "--series", "elders", data=service.root)
    assert (none.returncode, none.stdout, none.stderr) == (0, "", "Geen actiepunten.\n")


def test_the_history_speaks_english_when_asked(service: Service, series: list[Chair]) -> None:
    result = overleg("actions", "--series", "noord", data=service.root, lang="en")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    # The columns as wide as their longest entry: "2.3 of 13 January", "carried over".
    assert lines[0] == f"2.1 of 6 January   done          {YEAR}-01-27  {SANNE}: Leerplicht bellen"
    assert lines[1] == " " * 19 + (
        f"13 January: carried over, new date {YEAR}-01-27; 20 January: done"
    )
    assert lines[4].startswith("2.3 of 13 January  dropped       -  ")
    assert "januari" not in result.stdout and "gedaan" not in result.stdout


def test_actions_as_toml_keep_ids_meetings_and_every_step(
    service: Service, series: list[Chair]
) -> None:
    first, second, third, zuid = series
    result = overleg("actions", "--format", "toml", data=service.root)
    assert result.returncode == 0, result.stderr
    data = tomllib.loads(result.stdout)
    assert data["damaged"] == []
    actions = {(a["series"], a["what"]): a for a in data["actions"]}
    assert len(actions) == len(data["actions"]) == 5
    assert len({a["id"] for a in data["actions"]}) == 5
    carried = actions[("noord", "Leerplicht bellen")]
    assert carried["agreed"] == {"meeting": first.folder.name, "date": date(YEAR, 1, 6)}
    assert carried["meeting"] == third.folder.name and carried["status"] == "done"
    assert carried["history"] == [
        {
            "meeting": second.folder.name,
            "date": date(YEAR, 1, 13),
            "status": "carried",
            "due": date(YEAR, 1, 27),
            "new_due": True,
        },
        {
            "meeting": third.folder.name,
            "date": date(YEAR, 1, 20),
            "status": "done",
            "due": date(YEAR, 1, 27),
            "new_due": False,
        },
    ]


def test_the_minutes_show_a_carried_action_with_the_day_it_was_agreed(
    service: Service, series: list[Chair]
) -> None:
    third = series[2]
    markdown = service.export(third.folder, output="-").text
    review = markdown.split("## 1. ")[1].split("## 2. ")[0]
    assert (
        f"- **2.1 van 6 januari** Sanne Bakker: Leerplicht bellen (vóór dinsdag 27 januari {YEAR})"
        " — **afgerond**" in review
    )
    assert "- **2.3 van 13 januari** Joost Visser: Budgetcoach zoeken — **vervallen**" in review
    action_list = markdown.split("## Actielijst")[1].split("## ")[0]
    assert "| 2.1 van 6 januari | Sanne Bakker |" in action_list
    assert "| 2.2 | Sanne Bakker | Schuldhulp aanmelden |" in action_list, "its own: no day"
    for chair in series:
        assert chair.folder.name not in markdown
    english = service.export(third.folder, output="-", language="en").text
    assert "- **2.1 of 6 January** Sanne Bakker: Leerplicht bellen" in english


def test_two_meetings_started_in_the_same_minute_share_no_action_ids(
    service: Service, clock: FakeClock
) -> None:
    noord = agenda(service)
    chairs = [begin(service, noord), begin(service, noord)]
    for chair, what in zip(chairs, ("Leerplicht bellen", "Huisbezoek"), strict=True):
        assert chair.run("open_item", index=1, leave=True).ok
        assert chair.run("add_action", what=what, owner=SANNE).ok
        chair.close()
    folders = [chair.folder for chair in chairs]
    assert folders[1].name == folders[0].name + "-2"
    started = [service.read(folder).started_at for folder in folders]
    assert started[0] == started[1] == clock.now
    (one,), (other,) = (service.read(folder).actions for folder in folders)
    assert one.number == other.number == "2.1"
    assert one.id != other.id
    result = overleg("actions", data=service.root)
    assert result.returncode == 0
    assert result.stdout.count("2.1 van 6 januari  open  ") == 2
    assert "Leerplicht bellen" in result.stdout and "Huisbezoek" in result.stdout


# --- a damaged meeting never hides the others ---------------------------------------------------


def damage(folder: Path, how: str) -> int:
    """Damage the journal in `folder` and return the line damaged (1-based).

    "flip": one byte of an action's line changes, so its checksum fails. "record": the action's
    record is made not to fit its event type (its text a number), and written back with a valid
    checksum, as a faulty program would.
    """
    journal = folder / store.JOURNAL
    lines = journal.read_bytes().splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if b'"action_added"' in line)
    if how == "flip":
        at = lines[index].index(b'"what":"') + 9
        line = bytearray(lines[index])
        line[at] ^= 0x01
        lines[index] = bytes(line)
    else:
        record = json.loads(lines[index])
        del record["crc"]
        record["what"] = 42
        lines[index] = line_bytes(record)
    journal.write_bytes(b"".join(lines))
    return index + 1


@pytest.fixture
def three(service: Service, clock: FakeClock) -> dict[str, Path]:
    """Three meetings, one of each series, a day apart: one sound, two damaged."""
    folders = {}
    for name in ("goed", "omgedraaid", "ongeldig"):
        chair = begin(service, small(service.root.parent / "agendas", f"Overleg {name}", name))
        assert chair.run("add_action", what=f"Actie van {name}", owner=SANNE).ok
        assert chair.run("end_meeting", confirmed=True).ok
        chair.close()
        folders[name] = chair.folder
        clock.tick(DAY)
    return folders


def journals(folders: dict[str, Path]) -> dict[str, tuple[bytes, int]]:
    return {
        name: ((f / store.JOURNAL).read_bytes(), (f / store.JOURNAL).stat().st_mtime_ns)
        for name, f in folders.items()
    }


def test_list_and_actions_show_the_others_and_a_damaged_meeting_with_its_line(
    service: Service, three: dict[str, Path]
) -> None:
    flipped = damage(three["omgedraaid"], "flip")
    invalid = damage(three["ongeldig"], "record")
    before = journals(three)

    listed = overleg("list", data=service.root)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 5
    pad = " " * len("afgesloten (concept)  ")
    assert lines[0].startswith(f"{YEAR}-01-08  beschadigd{pad[10:]}Overleg ongeldig  ")
    assert lines[1] == (
        f"            beschadigd: regel {invalid}: event {invalid - 1}: what: is not a text"
    )
    assert lines[2].startswith(f"{YEAR}-01-07  beschadigd{pad[10:]}Overleg omgedraaid  ")
    assert lines[3] == (
        f"            beschadigd: regel {flipped}: checksum does not match: the line was changed"
        " or damaged"
    )
    assert lines[4].startswith(f"{YEAR}-01-06  afgesloten (concept)  Overleg goed  ")
    assert lines[4].endswith(str(three["goed"]))
    again = overleg("list", "--lang", "en", data=service.root)
    assert again.stdout.splitlines()[1] == (
        f"            damaged: line {invalid}: event {invalid - 1}: what: is not a text"
    )

    actions = overleg("actions", data=service.root)
    assert actions.returncode == 0
    assert (
        actions.stdout
        == "1.1 van 6 januari  open        -           Sanne Bakker: Actie van goed\n"
    )
    assert actions.stderr.splitlines() == [
        f"overleg: de actiepunten van {three['omgedraaid'].name} ontbreken hier: beschadigd: "
        f"regel {flipped}: checksum does not match: the line was changed or damaged",
        f"overleg: de actiepunten van {three['ongeldig'].name} ontbreken hier: beschadigd: "
        f"regel {invalid}: event {invalid - 1}: what: is not a text",
    ]
    assert overleg("actions", "--series", "goed", data=service.root).stderr == ""
    assert journals(three) == before, "nothing damaged is touched"


def test_naming_a_meeting_among_damaged_ones(service: Service, three: dict[str, Path]) -> None:
    flipped = damage(three["omgedraaid"], "flip")
    damage(three["ongeldig"], "record")

    exported = overleg("export", "goed", "-o", "-", data=service.root)
    assert exported.returncode == 0 and "Actie van goed" in exported.stdout
    refused = overleg("export", "omgedraaid", "-o", "-", data=service.root)
    assert refused.returncode == 2 and f":{flipped}: checksum does not match" in refused.stderr

    ambiguous = overleg("export", "overleg", data=service.root)
    assert ambiguous.returncode == 2
    lines = ambiguous.stderr.splitlines()
    assert lines[0].startswith("overleg: 'overleg' past bij meerdere vergaderingen")
    rows = {line.split()[0]: line for line in lines[1:]}
    assert len(rows) == 3
    assert rows[three["goed"].name].endswith(f"Overleg goed        {YEAR}-01-06")
    assert rows[three["omgedraaid"].name].endswith(
        f"{YEAR}-01-07  beschadigd: regel {flipped}: checksum does not match: the line was changed"
        " or damaged"
    )
    assert "beschadigd: regel" in rows[three["ongeldig"].name]


def test_control_characters_in_a_title_never_reach_the_terminal(service: Service) -> None:
    """A journal's header is a file like any other: a title holding an escape sequence (here one
    that would set the terminal's title) is damage on line 1, and never shown as written."""
    from overleg.journal import Journal

    for title in ("\x1b]0;gehackt\x07Overleg", "Overleg \u202enoord\x9b"):
        folder = store.new_meeting_folder(service.root, "overleg", date(YEAR, 2, 1))
        header = {"title": title, "series": "", "created": f"{YEAR}-02-01T09:00:00+01:00"}
        Journal.create(folder / store.JOURNAL, header).close()
    listed = overleg("list", data=service.root)
    assert listed.returncode == 0
    for raw in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert raw not in listed.stdout
    assert listed.stdout.count("beschadigd: regel 1: header: title:") == 2
    assert "gehackt" not in listed.stdout
    ambiguous = overleg("export", "overleg", data=service.root)
    assert ambiguous.returncode == 2
    assert "\x1b" not in ambiguous.stderr and "gehackt" not in ambiguous.stderr


def test_a_day_of_another_year_is_shown_with_its_year(service: Service) -> None:
    clock = FakeClock(datetime(YEAR - 1, 12, 29, 9, 30, tzinfo=TZ))
    service = Service(service.root, clock)
    noord = agenda(service)
    held(service, clock, noord, new=(("Leerplicht bellen", SANNE, date(YEAR, 1, 2)),))
    january = held(service, clock, noord, review={"Leerplicht bellen": "carried"})
    markdown = service.export(january.folder, output="-").text
    assert f"- **2.1 van 29 december {YEAR - 1}** Sanne Bakker: Leerplicht bellen" in markdown
    result = overleg("actions", data=service.root)
    assert result.stdout.splitlines() == [
        f"2.1 van 29 december {YEAR - 1}  loopt door  {YEAR}-01-02  Sanne Bakker: Leerplicht bellen",
        " " * 26 + "5 januari: loopt door",
    ]
