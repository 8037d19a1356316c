"""Meeting folders: names, listing, status, look-up, series, atomic writes, private modes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest

from overleg.journal import Journal
from overleg.store import (
    JOURNAL,
    MeetingInfo,
    find_meeting,
    find_meetings,
    list_meetings,
    meeting_info,
    new_meeting_folder,
    previous_in_series,
    slugify,
    unfinished_meetings,
    write_atomic,
)

DAY = date(2025, 3, 4)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def make_meeting(
    root: Path,
    title: str = "Casusoverleg sociaal wijkteam Noord",
    day: date = DAY,
    *,
    series: str = "wijkteam-noord",
    agenda_path: str = "/agendas/noord.toml",
    started: bool = False,
    ended: bool = False,
) -> Path:
    folder = new_meeting_folder(root, title, day)
    header = {
        "title": title,
        "series": series,
        "agenda_path": agenda_path,
        "agenda_source": "",
        "created": f"{day.isoformat()}T08:00:00+01:00",
        "language": "nl",
    }
    with Journal.create(folder / JOURNAL, header) as journal:
        seq = 1
        journal.append({"seq": seq, "at": f"{day.isoformat()}T08:01:00+01:00", "type": "note"})
        if started or ended:
            seq += 1
            journal.append(
                {"seq": seq, "at": f"{day.isoformat()}T09:00:00+01:00", "type": "meeting_started"}
            )
        if ended:
            seq += 1
            journal.append(
                {"seq": seq, "at": f"{day.isoformat()}T10:30:00+01:00", "type": "meeting_ended"}
            )
    return folder


# --- slugify and folders -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Casusoverleg sociaal wijkteam Noord", "casusoverleg-sociaal-wijkteam-noord"),
        ("Overleg café ‘De Brug’ — één keer", "overleg-cafe-de-brug-een-keer"),
        ("Kadıköy ışık Straße Ærø Łódź", "kadikoy-isik-strasse-aero-lodz"),
        ("  --MDO!! 2025/03  ", "mdo-2025-03"),
        ("İstanbul", "istanbul"),
        ("", "overleg"),
        ("!!! ???", "overleg"),
        ("会議", "overleg"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_is_short_and_cuts_at_a_word() -> None:
    slug = slugify("Multidisciplinair overleg jeugdbescherming en veiligheidshuis regio Noord-Oost")
    assert len(slug) <= 50
    assert slug == "multidisciplinair-overleg-jeugdbescherming-en"
    assert len(slugify("a" * 80)) == 50
    assert not slugify("x" * 49 + " yyyy").endswith("-")


def test_new_meeting_folder_names_and_suffixes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    first = new_meeting_folder(root, "Casusoverleg Noord", DAY)
    second = new_meeting_folder(root, "Casusoverleg Noord", DAY)
    third = new_meeting_folder(root, "Casusoverleg Noord", DAY)
    assert [first.name, second.name, third.name] == [
        "2025-03-04-casusoverleg-noord",
        "2025-03-04-casusoverleg-noord-2",
        "2025-03-04-casusoverleg-noord-3",
    ]
    assert mode(root) == 0o700
    old_umask = os.umask(0o022)
    try:
        fourth = new_meeting_folder(root, "Casusoverleg Noord", DAY)
    finally:
        os.umask(old_umask)
    assert all(mode(f) == 0o700 for f in (first, second, third, fourth))


# --- status and listing --------------------------------------------------------------------------


def test_meeting_info_status(tmp_path: Path) -> None:
    new = make_meeting(tmp_path, "Nieuw", date(2025, 3, 1))
    running = make_meeting(tmp_path, "Bezig", date(2025, 3, 2), started=True)
    ended = make_meeting(tmp_path, "Klaar", date(2025, 3, 3), ended=True)

    info = meeting_info(new)
    assert info == MeetingInfo(
        folder=new,
        name="2025-03-01-nieuw",
        title="Nieuw",
        date="2025-03-01",
        status="new",
        series="wijkteam-noord",
        agenda_path="/agendas/noord.toml",
        started_at=None,
        ended_at=None,
        problem=None,
    )
    info = meeting_info(running)
    assert (info.status, info.started_at, info.ended_at) == (
        "running",
        "2025-03-02T09:00:00+01:00",
        None,
    )
    info = meeting_info(ended)
    assert (info.status, info.ended_at) == ("ended", "2025-03-03T10:30:00+01:00")
    assert info.date == "2025-03-03"


def test_damaged_journal_is_listed_as_damaged(tmp_path: Path) -> None:
    good = make_meeting(tmp_path, "Goed", date(2025, 3, 1))
    bad = make_meeting(tmp_path, "Kapot", date(2025, 3, 2), started=True)
    journal = bad / JOURNAL
    lines = journal.read_bytes().split(b"\n")
    lines[1] = b"{broken"
    journal.write_bytes(b"\n".join(lines))
    before = journal.read_bytes()

    meetings = list_meetings(tmp_path)
    assert [m.name for m in meetings] == [bad.name, good.name]
    damaged = meetings[0]
    assert damaged.status == "damaged"
    assert damaged.problem == "line 2: line has no checksum"
    assert damaged.title == "Kapot"  # from the header, which still reads
    assert damaged.date == "2025-03-02"
    assert journal.read_bytes() == before

    empty = tmp_path / "2025-03-05-leeg"
    empty.mkdir()
    (empty / JOURNAL).write_bytes(b"")
    info = meeting_info(empty)
    assert (info.status, info.title) == ("damaged", "2025-03-05-leeg")
    assert "empty" in (info.problem or "")
    assert meeting_info(tmp_path / "nowhere").status == "damaged"


def test_torn_tail_is_not_damage(tmp_path: Path) -> None:
    folder = make_meeting(tmp_path, started=True)
    with open(folder / JOURNAL, "ab") as handle:
        handle.write(b'{"seq":3,"at":"2025')
    assert meeting_info(folder).status == "running"


def test_list_meetings_newest_first_and_only_journal_folders(tmp_path: Path) -> None:
    a = make_meeting(tmp_path, "A", date(2025, 1, 5))
    b = make_meeting(tmp_path, "B", date(2025, 2, 1))
    c = make_meeting(tmp_path, "B", date(2025, 2, 1))
    (tmp_path / "2025-12-31-no-journal").mkdir()
    (tmp_path / "stray.txt").write_text("x")
    assert [m.folder for m in list_meetings(tmp_path)] == [c, b, a]
    assert list_meetings(tmp_path / "missing") == []


# --- look-up -------------------------------------------------------------------------------------


def test_find_meeting(tmp_path: Path) -> None:
    noord = make_meeting(tmp_path, "Wijkteam Noord", date(2025, 3, 4))
    zuid = make_meeting(tmp_path, "Wijkteam Zuid", date(2025, 3, 4))
    later = make_meeting(tmp_path, "Wijkteam Noord", date(2025, 3, 11))

    assert find_meeting(tmp_path, noord.name).folder == noord
    assert find_meeting(tmp_path, "2025-03-04-wijkteam-z").folder == zuid
    assert find_meeting(tmp_path, "2025-03-1").folder == later
    assert find_meeting(tmp_path, "2025-03-04") is None  # ambiguous
    assert {m.folder for m in find_meetings(tmp_path, "2025-03-04")} == {noord, zuid}
    assert find_meeting(tmp_path, "2024") is None
    assert find_meeting(tmp_path, "") is None
    assert find_meeting(tmp_path, str(zuid)).folder == zuid  # a path
    assert find_meeting(tmp_path, str(zuid / JOURNAL)).folder == zuid
    assert find_meeting(tmp_path / "elsewhere", str(noord)).folder == noord
    assert find_meeting(tmp_path, str(tmp_path / "nothing-here")) is None


def test_exact_name_wins_over_prefix(tmp_path: Path) -> None:
    short = make_meeting(tmp_path, "Noord", DAY)
    make_meeting(tmp_path, "Noord", DAY)  # "...-noord-2" also starts with short's name
    assert find_meeting(tmp_path, short.name).folder == short


def test_unfinished_meetings(tmp_path: Path) -> None:
    agendas = tmp_path / "agendas"
    agendas.mkdir()
    (agendas / "noord.toml").write_text("")
    root = tmp_path / "data"
    noord = str(agendas / "noord.toml")
    new = make_meeting(root, "A", date(2025, 3, 1), agenda_path=noord)
    running = make_meeting(root, "B", date(2025, 3, 2), agenda_path=noord, started=True)
    make_meeting(root, "C", date(2025, 3, 3), agenda_path=noord, ended=True)
    other = make_meeting(root, "D", date(2025, 3, 4), agenda_path="/elders/zuid.toml")

    assert [m.folder for m in unfinished_meetings(root)] == [other, running, new]
    relative = os.path.relpath(noord)  # the same agenda, spelt differently
    assert [m.folder for m in unfinished_meetings(root, relative)] == [running, new]
    assert [
        m.folder for m in unfinished_meetings(root, str(agendas / ".." / "agendas" / "noord.toml"))
    ] == [
        running,
        new,
    ]
    assert unfinished_meetings(root, str(agendas / "elders.toml")) == []


def test_previous_in_series(tmp_path: Path) -> None:
    first = make_meeting(tmp_path, "Noord", date(2025, 1, 7), ended=True)
    second = make_meeting(tmp_path, "Noord", date(2025, 2, 4), ended=True)
    make_meeting(tmp_path, "Noord", date(2025, 2, 18), started=True)  # not ended
    make_meeting(tmp_path, "Zuid", date(2025, 2, 25), series="zuid", ended=True)
    current = make_meeting(tmp_path, "Noord", date(2025, 3, 4))

    assert previous_in_series(tmp_path, "wijkteam-noord").folder == second
    assert previous_in_series(tmp_path, "wijkteam-noord", before=current.name).folder == second
    assert previous_in_series(tmp_path, "wijkteam-noord", before=second.name).folder == first
    assert previous_in_series(tmp_path, "wijkteam-noord", before=str(second)).folder == first
    assert previous_in_series(tmp_path, "wijkteam-noord", before=first.name) is None
    assert previous_in_series(tmp_path, "zuid").name == "2025-02-25-zuid"
    assert previous_in_series(tmp_path, "elders") is None
    assert previous_in_series(tmp_path, "") is None


# --- atomic writes and modes ---------------------------------------------------------------------


def test_write_atomic(tmp_path: Path) -> None:
    target = tmp_path / "minutes.md"
    old_umask = os.umask(0o022)
    try:
        write_atomic(target, b"# Notulen\n")
        assert target.read_bytes() == b"# Notulen\n"
        assert mode(target) == 0o600
        os.chmod(target, 0o644)
        write_atomic(target, b"tweede versie\n")
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"tweede versie\n"
    assert mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.md"]  # no temp files left


def test_write_atomic_into_a_folder_that_is_not_there_names_the_file(tmp_path: Path) -> None:
    target = tmp_path / "nergens" / "minutes.html"
    with pytest.raises(FileNotFoundError) as caught:
        write_atomic(target, b"x")
    assert caught.value.filename == str(target)  # not the temp file beside it


def test_write_atomic_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "minutes.toml"
    write_atomic(target, b"old\n")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.toml"]


def test_meeting_files_are_private(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        folder = make_meeting(tmp_path / "data", started=True)
    finally:
        os.umask(old_umask)
    assert mode(tmp_path / "data") == 0o700
    assert mode(folder) == 0o700
    assert mode(folder / JOURNAL) == 0o600


def test_a_meeting_found_running_is_paused_as_of_its_last_event(tmp_path: Path) -> None:
    """After a crash the time away is nobody's speaking time: opening pauses at the last event."""
    from helpers import FakeClock
    from overleg.agenda import load_agenda
    from overleg.session import Session

    clock = FakeClock()
    agenda = load_agenda(Path(__file__).parents[2] / "agendas" / "casusoverleg.toml")
    session = Session.create(agenda, tmp_path, clock)
    meeting = session.meeting
    with session.change():
        meeting.start({}, chair="Anouk de Vries")
        meeting.start_item(0)  # the check-in round
        meeting.next_speaker()
        clock.tick(30)
        meeting.note("Wat wil moeder?")
    last = meeting.state.last_at
    session.journal.close()  # killed: no pause recorded, and its presence file left behind
    from overleg import store as store_mod

    store_mod.withdraw(session.presence)  # as if written by another process, which has gone:
    ended = subprocess.Popen(["true"])
    ended.wait()
    stale = {"role": "chair", "pid": ended.pid, "host": store_mod._host(), "since": 1}
    (session.folder / "terminal-0-gone.json").write_text(json.dumps(stale))
    clock.tick(3600)
    again = Session.open(session.folder, clock)
    try:
        state = again.meeting.state
        assert state.status == "paused" and state.paused_at == last
        assert state.turn is not None and state.turn.timer.seconds(clock.now) == 30
        with again.change():
            again.meeting.resume()
        clock.tick(5)
        assert state.turn.timer.seconds(clock.now) == 35
    finally:
        again.close()


def test_quick_status_agrees_with_the_full_read(tmp_path: Path) -> None:
    """The quick read (head and tail only) gives the same status as reading every event."""
    from helpers import FakeClock
    from overleg.agenda import load_agenda
    from overleg.session import Session
    from overleg.store import meeting_info, quick_info

    agenda = load_agenda(Path(__file__).parents[2] / "agendas" / "casusoverleg.toml")
    clock = FakeClock()
    session = Session.create(agenda, tmp_path, clock)
    folder = session.folder
    assert quick_info(folder).status == meeting_info(folder).status == "new"
    with session.change():
        session.meeting.start({}, chair="Anouk de Vries")
        session.meeting.start_item(0)
    assert quick_info(folder) == meeting_info(folder)
    assert quick_info(folder).status == "running"
    with session.change():
        session.meeting.end()
    session.close()
    assert quick_info(folder) == meeting_info(folder)
    assert quick_info(folder).status == "ended"
    with open(folder / "journal.jsonl", "ab") as handle:
        handle.write(b'{"seq": 99, "to')  # a torn tail: the full read decides
    assert quick_info(folder) == meeting_info(folder)
