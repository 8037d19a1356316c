"""Snapshot tier: each screen drawn at a fixed size, clock and folder, compared with its reviewed SVG."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FakeClock
from overleg import locations


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user config, data or logs; relative paths on screen resolve under tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OVERLEG_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setenv("OVERLEG_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("OVERLEG_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.delenv("OVERLEG_LANG", raising=False)
    # The start screen lists only the agendas a test names, not whatever the checkout ships.
    monkeypatch.setattr(locations, "project_agendas_dir", lambda: None)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
