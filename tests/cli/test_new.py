"""`overleg new`, run for real in a subprocess against temporary folders."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from helpers import FakeClock
from overleg.agenda import load_agenda
from overleg.chair.service import Service


def overleg(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "OVERLEG_CONFIG_DIR": str(tmp_path / "config"),
        "OVERLEG_LANG": "en",
    }
    return subprocess.run(
        [sys.executable, "-m", "overleg", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_new_writes_the_next_agenda_and_prints_its_path(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    result = overleg(
        "new", "casusoverleg", "--date", "2026-12-17", "--data-dir", data, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == tmp_path / "config" / "agendas" / "wijkteam-noord-2026-12-17.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "2026-12-17 09:30 (as given)" in result.stderr
    assert "no earlier meeting" in result.stderr
    checked = overleg("check", str(path), tmp_path=tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_a_bad_date_is_bad_input(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    result = overleg(
        "new", "casusoverleg", "--date", "17-12-2026", "--data-dir", data, tmp_path=tmp_path
    )
    assert result.returncode == 2
    assert "--date 17-12-2026: not a date; write YYYY-MM-DD" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "config" / "agendas").exists()


def test_an_unknown_series_is_bad_input(tmp_path: Path) -> None:
    result = overleg("new", "nergens", "--data-dir", str(tmp_path / "data"), tmp_path=tmp_path)
    assert result.returncode == 2
    assert "no series or template named nergens" in result.stderr


def test_the_next_agenda_takes_up_what_the_last_meeting_did_not_reach(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = overleg(
        "new", "casusoverleg", "--date", "2026-12-17", "--data-dir", str(data), tmp_path=tmp_path
    )
    path = Path(first.stdout.strip())
    extra = '[[items]]\ntitle = "Wachtlijst jeugdhulp"\nduration = "15m"\nmethod = "round"\n'
    path.write_text(path.read_text("utf-8") + "\n" + extra, "utf-8")
    chair = Service(data, FakeClock()).prepare(load_agenda(path))
    assert chair.start({}, *chair.default_roles()).ok  # and ended before any item was reached
    assert chair.run("end_meeting", confirmed=True).then == "finish"
    chair.close()

    result = overleg("new", "wijkteam-noord", "--data-dir", str(data), tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "0 deferred item(s), 1 item(s) not reached, " in result.stderr
    # A week after the day it was planned for (it was held on the test clock's day), as said:
    assert "2026-12-24 09:30, a week after the last meeting of the series (2026-12-17 09:30)" in (
        result.stderr
    )
    text = Path(result.stdout.strip()).read_text("utf-8")
    assert "Wachtlijst jeugdhulp" in text and "Not reached in " not in text  # a Dutch agenda
    assert "Niet behandeld in Casusoverleg" in text


def test_a_date_that_has_passed_is_written_and_questioned(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    result = overleg(
        "new", "casusoverleg", "--date", "1999-01-01", "--data-dir", data, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "overleg: note: 1999-01-01 09:30 has already passed; is the date right?" in (
        result.stderr
    )
    assert Path(result.stdout.strip()).name == "wijkteam-noord-1999-01-01.toml"
