"""Naming a meeting: by a unique part of its folder name, its title or its series; the latest first.

The look-up reads each journal's head and tail (`store.quick_info`), never a whole journal.
"""

from __future__ import annotations

import stat
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from chair_helpers import hold
from helpers import FakeClock
from overleg import store
from overleg.chair.service import NotFound, Service
from overleg.journal import Journal
from overleg.store import JOURNAL, find_meeting, find_meetings


def held(
    root: Path,
    title: str,
    day: date,
    series: str = "",
    *,
    started: bool = True,
    ended: bool = True,
) -> Path:
    """A meeting folder whose journal has a header and, as asked, a start and an end."""
    folder = store.new_meeting_folder(root, title, day)
    header = {"title": title, "series": series, "created": f"{day}T08:00:00+01:00"}
    with Journal.create(folder / JOURNAL, header) as journal:
        seq = 0
        for kind, at in (("meeting_started", "09:00"), ("meeting_ended", "10:30")):
            if (kind == "meeting_started" and started) or (kind == "meeting_ended" and ended):
                seq += 1
                journal.append({"seq": seq, "at": f"{day}T{at}:00+01:00", "type": kind})
    return folder


@pytest.fixture
def kept(tmp_path: Path) -> dict[str, Path]:
    noord = "Casusoverleg sociaal wijkteam Noord"
    return {
        "noord": held(tmp_path, noord, date(2025, 3, 4), "wijkteam-noord"),
        "mdo": held(tmp_path, "MDO Jeugd & Gezin", date(2025, 3, 6), "Overleg Jeugdteam"),
        "directie": held(tmp_path, "Directeurenoverleg Café", date(2025, 3, 11), "directie"),
        "noord-later": held(tmp_path, noord, date(2025, 3, 18), "wijkteam-noord", ended=False),
    }


DAY = 24 * 3600


def folders(found: list[store.MeetingInfo]) -> list[Path]:
    return [m.folder for m in found]


def test_a_unique_part_of_the_folder_name_title_or_series(
    tmp_path: Path, kept: dict[str, Path]
) -> None:
    assert find_meeting(tmp_path, "directeuren").folder == kept["directie"]  # folder name
    assert find_meeting(tmp_path, "2025-03-06").folder == kept["mdo"]  # its start, as before
    assert find_meeting(tmp_path, "jeugd & gezin").folder == kept["mdo"]  # title only
    assert find_meeting(tmp_path, "JEUGDTEAM").folder == kept["mdo"]  # series only, any case
    assert find_meeting(tmp_path, "Café").folder == kept["directie"]
    assert find_meeting(tmp_path, "directie").folder == kept["directie"]
    assert find_meeting(tmp_path, "03-18").folder == kept["noord-later"]
    assert find_meetings(tmp_path, "zuid") == []


def test_an_ambiguous_part_gives_every_candidate_the_latest_first(
    tmp_path: Path, kept: dict[str, Path]
) -> None:
    expected = [kept["noord-later"], kept["noord"]]
    assert folders(find_meetings(tmp_path, "casusoverleg")) == expected
    assert folders(find_meetings(tmp_path, "Wijkteam Noord")) == expected  # the title
    assert folders(find_meetings(tmp_path, "wijkteam-noord")) == expected  # the series
    assert find_meeting(tmp_path, "casusoverleg") is None
    everything = find_meetings(tmp_path, "2025-03")
    assert folders(everything) == [kept[k] for k in ("noord-later", "directie", "mdo", "noord")]


def test_an_exact_folder_name_and_a_path_still_win(tmp_path: Path, kept: dict[str, Path]) -> None:
    again = held(tmp_path, "Casusoverleg sociaal wijkteam Noord", date(2025, 3, 4))
    assert again.name == kept["noord"].name + "-2"
    assert find_meeting(tmp_path, kept["noord"].name).folder == kept["noord"]
    assert find_meeting(tmp_path, str(again)).folder == again
    assert find_meeting(tmp_path, str(again / JOURNAL)).folder == again


def test_the_look_up_reads_only_each_journals_head_and_tail(
    tmp_path: Path, kept: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def whole_journal(*args: object, **kwargs: object) -> None:
        raise AssertionError("a whole journal was read to find a meeting")

    monkeypatch.setattr(store, "read_journal", whole_journal)
    assert find_meeting(tmp_path, "jeugd").folder == kept["mdo"]
    assert len(find_meetings(tmp_path, "noord")) == 2
    assert Service(tmp_path).find(None) == kept["noord-later"]


def test_the_service_names_the_candidates(tmp_path: Path, kept: dict[str, Path]) -> None:
    service = Service(tmp_path)
    assert service.find("jeugd") == kept["mdo"]
    with pytest.raises(NotFound) as ambiguous:
        service.find("noord")
    assert ambiguous.value.names == [kept["noord-later"].name, kept["noord"].name]
    infos = ambiguous.value.candidates
    assert [(m.name, m.title, m.date) for m in infos] == [
        (kept["noord-later"].name, "Casusoverleg sociaal wijkteam Noord", "2025-03-18"),
        (kept["noord"].name, "Casusoverleg sociaal wijkteam Noord", "2025-03-04"),
    ]


def test_no_name_means_the_latest_meeting_held(tmp_path: Path, kept: dict[str, Path]) -> None:
    service = Service(tmp_path)
    assert service.find(None) == kept["noord-later"]
    held(tmp_path, "Nog niet begonnen", date(2025, 4, 1), started=False, ended=False)
    assert service.find(None) == kept["noord-later"], "a meeting not yet begun has no minutes"
    with pytest.raises(NotFound) as none:
        Service(tmp_path / "leeg").find(None)
    assert none.value.names == [] and none.value.ref == ""


# --- damaged meetings among the others ------------------------------------------------------------


def flip(folder: Path, text: bytes) -> int:
    """Flip one bit of the byte after `text` in `folder`'s journal; return the line's number."""
    journal = folder / JOURNAL
    lines = journal.read_bytes().splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if text in line)
    line = bytearray(lines[index])
    line[line.index(text) + len(text)] ^= 0x01
    lines[index] = bytes(line)
    journal.write_bytes(b"".join(lines))
    return index + 1


def test_a_damaged_meeting_is_still_named_and_hides_no_other(
    tmp_path: Path, kept: dict[str, Path]
) -> None:
    flip(kept["mdo"], b'"created":"')  # 2025 becomes 3025: its checksum fails, its JSON reads
    header = kept["directie"] / JOURNAL
    header.write_bytes(b"{niet" + header.read_bytes()[5:])  # its header is no JSON
    odd = held(tmp_path, "Tijd als getal", date(2025, 3, 20))
    journal = odd / JOURNAL
    journal.write_bytes(journal.read_bytes().replace(b'"2025-03-20T09:00:00+01:00"', b"9"))

    assert find_meeting(tmp_path, "jeugd").folder == kept["mdo"]  # damage shows when opened
    directie = find_meeting(tmp_path, "directeuren")
    assert (directie.status, directie.line) == ("damaged", 1)
    assert directie.title == directie.name, "no title to read: its folder name"
    assert find_meeting(tmp_path, "03-20").status == "damaged", "a time that is no text"
    everything = find_meetings(tmp_path, "2025-03")
    expected = [odd, kept["noord-later"], kept["directie"], kept["mdo"], kept["noord"]]
    assert folders(everything) == expected, "sorted, none hidden"


def test_the_candidates_read_in_full_say_which_is_damaged(
    service: Service, clock: FakeClock
) -> None:
    sound = hold(service, clock)
    clock.tick(DAY)
    broken = hold(service, clock)
    line = flip(broken.folder, b'"type":"item_started","item":')
    with pytest.raises(NotFound) as ambiguous:
        service.find("casusoverleg")
    quick = ambiguous.value.candidates
    assert [m.status for m in quick] == ["ended", "ended"], "head and tail read well"
    checked = service.checked(quick)
    assert [m.folder for m in checked] == [broken.folder, sound.folder]
    assert (checked[0].status, checked[0].line) == ("damaged", line)
    assert checked[0].reason == "checksum does not match: the line was changed or damaged"
    assert checked[0].problem == f"line {line}: {checked[0].reason}"
    assert (checked[1].status, checked[1].line, checked[1].reason) == ("ended", None, None)
    assert [m.status for m in service.meetings(check=True)] == ["damaged", "ended"]
    assert service.find(broken.folder.name) == broken.folder, "its exact name still finds it"


def test_a_check_is_kept_until_the_journal_changes(
    service: Service, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = hold(service, clock)
    clock.tick(DAY)
    second = hold(service, clock)
    both = sorted([first.folder.name, second.folder.name])
    monkeypatch.setattr(store, "SETTLED_NS", 0)  # these journals were written just now
    reads: list[str] = []
    read = Service.read

    def counted(self: Service, folder: Path, *args: Any, **kwargs: Any) -> Any:
        reads.append(folder.name)
        return read(self, folder, *args, **kwargs)

    monkeypatch.setattr(Service, "read", counted)
    assert [m.status for m in service.meetings(check=True)] == ["ended", "ended"]
    assert sorted(reads) == both
    assert stat.S_IMODE((service.root / store.CHECKED).stat().st_mode) == 0o600
    reads.clear()
    assert [m.status for m in service.meetings(check=True)] == ["ended", "ended"]
    assert reads == [], "neither journal changed"

    time.sleep(0.05)  # past the file system clock's tick: the flip gets a ctime of its own
    line = flip(first.folder, b'"type":"item_started","item":')
    listed = service.meetings(check=True)
    assert reads == [first.folder.name]
    assert [(m.status, m.line) for m in listed] == [("ended", None), ("damaged", line)]
    reads.clear()
    assert service.meetings(check=True)[1].line == line and reads == [], "damage is kept too"

    (service.root / store.CHECKED).write_text("{kapot", "utf-8")
    assert [m.status for m in service.meetings(check=True)] == ["ended", "damaged"]
    assert sorted(reads) == both, "a check file that does not read: every journal read again"


def test_a_journal_just_written_is_read_again(service: Service, clock: FakeClock) -> None:
    """A check of a journal written in the last two seconds is not kept: a write in the same
    tick of the file system's clock could leave its stamp as it was (a "racily clean" file)."""
    hold(service, clock)
    assert [m.status for m in service.meetings(check=True)] == ["ended"]
    assert not (service.root / store.CHECKED).exists(), "nothing kept"
