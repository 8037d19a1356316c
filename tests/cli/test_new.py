"""`overleg new`, run for real in a subprocess against temporary folders."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path


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
