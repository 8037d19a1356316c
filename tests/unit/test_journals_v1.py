"""Journals written by the previous release (version 1, no checksums) still open, export and go on.

tests/data/journals-v1 holds what that release wrote (make_v1.py there says how): four ended
meetings with the minutes it saved beside them -- two of the series wijkteam-noord held in the
same minute, the second carrying the first's actions; one in English; one run by hand with every
kind of event -- and one meeting left running, as after a crash.

Nothing here writes into that folder: reads happen in place, anything that may write works on a
copy in tmp_path, and every test checks the folder's bytes and times afterwards. A version-1
journal is never rewritten: reading and exporting leave it as it is, and a meeting continued is
continued in version-1 lines after the bytes it had.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import FakeClock
from overleg import store
from overleg.chair.service import Service
from overleg.journal import CHECKSUM_VERSION, read_journal

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "journals-v1"
FOLDERS = sorted(p for p in FIXTURES.iterdir() if p.is_dir())
NAMES = [p.name for p in FOLDERS]
RUNNING = "2026-11-18-casusoverleg-sociaal-wijkteam-noord"
NOORD = "2026-12-03-casusoverleg-sociaal-wijkteam-noord"
NOORD_2 = NOORD + "-2"  # carries NOORD's actions; started in the same minute


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root` with its bytes and modification time."""
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(autouse=True)
def fixtures_untouched() -> Iterator[None]:
    before = snapshot(FIXTURES)
    yield
    assert snapshot(FIXTURES) == before, "tests/data/journals-v1 was written to"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The fixtures' meetings in a data folder of their own (times kept, as copied by copy2)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data, ignore=shutil.ignore_patterns("*.py"))
    return data


def test_the_fixtures_are_version_1_as_the_previous_release_wrote_them() -> None:
    assert NAMES == [
        "2026-11-04-directeurenoverleg-sociaal-domein",
        RUNNING,
        "2026-12-01-directeurenoverleg-sociaal-domein",
        NOORD,
        NOORD_2,
    ]
    for folder in FOLDERS:
        contents = read_journal(folder / store.JOURNAL)
        assert contents.header["version"] == 1 < CHECKSUM_VERSION
        assert contents.warnings == []
        assert b'"crc"' not in (folder / store.JOURNAL).read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_every_meeting_reads_and_exports_in_place(name: str) -> None:
    service = Service(FIXTURES)
    folder = FIXTURES / name
    warnings: list[str] = []
    state = service.read(folder, warnings=warnings)
    assert warnings == []
    assert state.status == ("running" if name == RUNNING else "ended")
    assert state.started_at is not None and state.agenda.title
    markdown = service.export(folder, output="-")
    heading = "# Minutes " if state.agenda.language == "en" else "# Verslag "
    assert markdown.target is None and markdown.text.startswith(heading)
    record = tomllib.loads(service.export(folder, format="toml", output="-").text)
    assert record["meeting"]["id"] == name
    assert record["meeting"]["status"] == state.status
    if name == RUNNING:
        assert "nog niet afgesloten" in markdown.text and "minutes.md" not in os.listdir(folder)


def now_shown(saved: str) -> str:
    """The Markdown the previous release saved, as this one shows it: the one intended change.

    A carried action's number is shown with the day of the meeting it was agreed in ("3.1 van
    3 december"), never with that meeting's folder name ("3.1 (uit 2026-12-03-...)"), in the
    action list and in the review of the actions carried from last time. A version-1 journal
    kept no day for a carried action, so the day its origin's folder name begins with is shown.
    """
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]
    months += ["september", "oktober", "november", "december"]
    carried: dict[str, str] = {}

    def table_row(m: re.Match[str]) -> str:
        carried[m[1]] = day = f"{int(m[4])} {months[int(m[3]) - 1]}"
        return f"| {m[1]} van {day} |"

    text = re.sub(r"\| (\d+\.\d+) \(uit (\d{4})-(\d{2})-(\d{2})-[a-z0-9-]+\) \|", table_row, saved)

    def review_line(m: re.Match[str]) -> str:
        return f"- **{m[1]} van {carried[m[1]]}** {m[2]}"

    # The review's lines are those that end in the action's status.
    review = r"^- \*\*(\d+\.\d+)\*\* (.* — \*\*(?:afgerond|open|doorgeschoven|vervallen)\*\*)$"
    text = re.sub(review, review_line, text, flags=re.MULTILINE)
    # Ended minutes say they are a concept until the next meeting adopts them: the last line of
    # the header's facts.
    status = "- **Status verslag:** concept, vast te stellen in het volgende overleg"
    if saved.startswith("# Minutes"):
        status = "- **Minutes:** draft, to be adopted at the next meeting"
    return re.sub(
        r"\A((?:.*\n)*?(?:- \*\*.*\n)+)\n", lambda m: m[1] + status + "\n\n", text, count=1
    )


@pytest.mark.parametrize("name", [n for n in NAMES if n != RUNNING])
def test_markdown_is_what_the_previous_release_saved_but_for_carried_numbers(name: str) -> None:
    saved = (FIXTURES / name / store.MINUTES_MD).read_text("utf-8")
    exported = Service(FIXTURES).export(FIXTURES / name, output="-").text
    assert exported == now_shown(saved)
    if name == NOORD_2:
        assert now_shown(saved) != saved
        assert "| 3.1 van 3 december | Anouk de Vries |" in exported
        assert "- **3.1 van 3 december** Anouk de Vries: Keukentafelgesprek" in exported
        assert "(uit " not in exported and NOORD not in exported
    else:
        shown = re.sub(
            r"^- \*\*(Status verslag|Minutes):\*\* .*\n", "", now_shown(saved), flags=re.M
        )
        assert shown == saved, "nothing was carried into this meeting"


def differences(saved: Any, now: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(kind, path) of each difference between two records: "changed", "gone", "new".

    List entries are compared one by one; their paths say ``[]`` for any index.
    """
    if isinstance(saved, dict) and isinstance(now, dict):
        for key in saved:
            if key not in now:
                yield "gone", f"{path}.{key}"
            else:
                yield from differences(saved[key], now[key], f"{path}.{key}")
        for key in now.keys() - saved.keys():
            yield "new", f"{path}.{key}"
    elif isinstance(saved, list) and isinstance(now, list) and len(saved) == len(now):
        for a, b in zip(saved, now, strict=True):
            yield from differences(a, b, f"{path}[]")
    elif saved != now or type(saved) is not type(now):
        yield "changed", path


#: Fields the minutes of this release add to a version-1 meeting's record, and why. Every field the
#: previous release wrote keeps its value.
NEW_FIELDS = {
    # An owner may be anyone, also someone not at the table ("moeder"): the minutes say which.
    ("new", ".actions[].owner_at_table"),
    # Minutes are a concept until the next meeting adopts them (then they say how).
    ("new", ".meeting.minutes_status"),
    # The agenda as adopted at the table: items added, dropped or moved (none in version 1).
    ("new", ".agenda_changes"),
}


@pytest.mark.parametrize("name", [n for n in NAMES if n != RUNNING])
def test_toml_keeps_everything_the_previous_release_saved(name: str) -> None:
    saved = tomllib.loads((FIXTURES / name / store.MINUTES_TOML).read_text("utf-8"))
    exported = Service(FIXTURES).export(FIXTURES / name, format="toml", output="-").text
    now = tomllib.loads(exported)
    found = set(differences(saved, now))
    assert found <= NEW_FIELDS, sorted(found - NEW_FIELDS)
    # A carried action still names the meeting it came from, for programs; only the Markdown
    # shows the day instead.
    origins = {a["origin"] for a in now["actions"]}
    assert origins == ({"", NOORD} if name == NOORD_2 else {""})


def test_a_v1_meeting_continued_goes_on_in_version_1_lines(copy: Path) -> None:
    """The meeting left running is continued: what it had stays byte for byte, and every line
    added is a version-1 line (no checksum), so the file stays one journal of one version."""
    folder = copy / RUNNING
    journal = folder / store.JOURNAL
    before, inode = journal.read_bytes(), journal.stat().st_ino
    service = Service(copy, FakeClock())
    chair = service.open(folder)
    try:
        assert chair.session is not None and chair.session.journal.version == 1
        assert chair.status == "paused", "found running: paused as of its last event"
        assert chair.run("pause").ok  # and resumed
        assert chair.run("next_speaker").ok
        assert chair.run("note", text="Verder na de onderbreking").ok
        assert chair.run("end_meeting", confirmed=True).ok
    finally:
        chair.close()
    after = journal.read_bytes()
    assert journal.stat().st_ino == inode, "appended to, never replaced"
    assert after.startswith(before) and len(after) > len(before)
    added = after[len(before) :].splitlines()
    records = [json.loads(line) for line in added]
    assert [r["type"] for r in records][:2] == ["paused", "resumed"]
    assert records[-1]["type"] == "meeting_ended"
    assert all("crc" not in r for r in records)
    contents = read_journal(journal)
    assert contents.header["version"] == 1
    assert [r["seq"] for r in contents.records] == list(range(1, len(contents.records) + 1))
    state = service.read(folder)
    assert state.status == "ended"
    assert "Verder na de onderbreking" in service.export(folder, output="-").text


@pytest.mark.parametrize("name", [n for n in NAMES if n != RUNNING])
def test_opening_an_ended_v1_meeting_writes_nothing(copy: Path, name: str) -> None:
    journal = copy / name / store.JOURNAL
    before = journal.read_bytes(), journal.stat().st_mtime_ns
    chair = Service(copy, FakeClock()).open(copy / name)
    assert chair.status == "ended" and chair.warnings() == []
    chair.close()
    assert (journal.read_bytes(), journal.stat().st_mtime_ns) == before


def overleg(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OVERLEG_DATA_DIR": str(data), "OVERLEG_LANG": ""}
    return subprocess.run(
        [sys.executable, "-m", "overleg", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_command_line_lists_exports_and_follows_actions_of_v1_meetings(copy: Path) -> None:
    journals = {name: copy / name / store.JOURNAL for name in NAMES}
    before = {name: (j.read_bytes(), j.stat().st_mtime_ns) for name, j in journals.items()}

    listed = overleg("list", data=copy)
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split("  ")[0] for line in lines] == [name[:10] for name in reversed(NAMES)]
    statuses = [line.split()[1] for line in lines]
    assert statuses == ["afgesloten", "afgesloten", "afgesloten", "loopt", "afgesloten"]

    for name in NAMES:
        shown = overleg("export", name, "-o", "-", data=copy)
        assert shown.returncode == 0 and shown.stderr == "", shown.stderr
        written = overleg("export", name, "--format", "toml", data=copy)
        assert written.returncode == 0 and written.stdout == f"{copy / name / 'minutes.toml'}\n"
    markdown = overleg("export", NOORD_2, data=copy)
    assert markdown.returncode == 0
    assert (copy / NOORD_2 / "minutes.md").read_text("utf-8") == now_shown(
        (FIXTURES / NOORD_2 / "minutes.md").read_text("utf-8")
    )

    # NOORD and NOORD_2 started in the same minute, and version 1 made an action's id of that
    # minute and its number: NOORD's 3.1 and NOORD_2's own 3.1 share an id, yet are two actions.
    actions = overleg("actions", "--series", "wijkteam-noord", data=copy)
    assert actions.returncode == 0 and actions.stderr == ""
    lines = actions.stdout.splitlines()
    agreed = re.compile(r"^(\d\.\d) van 3 december(?: 2026)?  ")
    numbers = [m[1] for m in map(agreed.match, lines) if m]
    assert numbers == ["3.1", "3.2", "4.1", "4.2"] * 2
    done = [line for line in lines if agreed.match(line) and "  gedaan  " in line]
    assert len(done) == 4, "the first meeting's four, done at the second"
    steps = [line.strip() for line in lines if not agreed.match(line)]
    assert steps == ["3 december: gedaan"] * 4 or steps == ["3 december 2026: gedaan"] * 4
    assert len([line for line in lines if "  open  " in line]) == 4, "the second's own four"

    after = {name: (j.read_bytes(), j.stat().st_mtime_ns) for name, j in journals.items()}
    assert after == before, "listing and exporting never touch a journal"
