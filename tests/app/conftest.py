"""Pilot tests: real files in tmp_path, a fixed clock the test moves, no user config or data dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FakeClock


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OVERLEG_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setenv("OVERLEG_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("OVERLEG_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.delenv("OVERLEG_LANG", raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    return tmp_path / "data"
