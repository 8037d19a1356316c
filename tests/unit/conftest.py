"""Fixtures of the unit tier: a clock the test moves, a chair service over a data folder in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FakeClock
from overleg.chair.service import Service


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def service(tmp_path: Path, clock: FakeClock) -> Service:
    return Service(tmp_path / "data", clock)
