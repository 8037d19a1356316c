"""Every folder overleg makes is private, its missing parents too, whatever the umask.

Real folders in tmp_path, under umask 000 (where `mkdir(parents=True)` made parents 0777) and
022 (0755). A folder that was there before keeps its mode.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from overleg import locations, store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def chain(top: Path, bottom: Path) -> list[Path]:
    """The folders from just below `top` down to `bottom`, `bottom` included."""
    return [bottom, *bottom.parents][: len(bottom.relative_to(top).parts)]


@pytest.fixture(params=[0o000, 0o022], ids=["umask-000", "umask-022"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


@pytest.fixture(autouse=True)
def no_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """platformdirs' defaults under tmp_path (XDG on Linux), none of overleg's variables set."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    for name in ("OVERLEG_DATA_DIR", "OVERLEG_CONFIG_DIR", "OVERLEG_LOG_DIR"):
        monkeypatch.delenv(name, raising=False)
    locations.set_data_dir(None)
    yield
    locations.set_data_dir(None)


def test_private_dir_makes_every_missing_parent_0700(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "a" / "b" / "c"
    assert locations.private_dir(target) == target
    assert [mode(p) for p in chain(tmp_path, target)] == [0o700, 0o700, 0o700]


def test_a_folder_that_was_there_keeps_its_mode(tmp_path: Path, umask: int) -> None:
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    os.chmod(shared, 0o755)
    locations.private_dir(shared / "overleg" / "data")
    assert mode(shared) == 0o755, "the user's own folder is left as it is"
    assert mode(shared / "overleg") == mode(shared / "overleg" / "data") == 0o700
    os.chmod(shared / "overleg", 0o750)
    locations.private_dir(shared / "overleg")
    assert mode(shared / "overleg") == 0o750


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bestand").write_text("x")
    with pytest.raises(NotADirectoryError):
        locations.private_dir(tmp_path / "bestand")
    with pytest.raises(OSError):
        locations.private_dir(tmp_path / "bestand" / "onder")


def test_data_dir_given_elsewhere(tmp_path: Path, umask: int) -> None:
    given = tmp_path / "elders" / "vergaderingen"
    locations.set_data_dir(given)
    assert locations.data_dir() == given
    assert [mode(p) for p in chain(tmp_path, given)] == [0o700, 0o700]


def test_data_dir_from_the_environment(
    tmp_path: Path, umask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OVERLEG_DATA_DIR", str(tmp_path / "env" / "data"))
    made = locations.data_dir()
    assert made == tmp_path / "env" / "data"
    assert [mode(p) for p in chain(tmp_path, made)] == [0o700, 0o700]


@pytest.mark.skipif(os.name != "posix", reason="platformdirs follows XDG on Linux only")
def test_default_data_config_and_log_folders(tmp_path: Path, umask: int) -> None:
    home = tmp_path / "home"
    data = locations.data_dir()
    log = locations.log_dir()
    config = locations.config_dir(create=True)
    agendas = locations.user_agendas_dir(create=True)
    for made in (data, log, config, agendas):
        assert made.is_relative_to(home), made
        modes = {p: mode(p) for p in chain(tmp_path, made)}
        assert set(modes.values()) == {0o700}, modes
    assert agendas == config / "agendas"


def test_looking_for_the_config_and_agendas_folders_makes_nothing(tmp_path: Path) -> None:
    assert not locations.config_dir().exists()
    assert not locations.user_agendas_dir().exists()
    assert not (tmp_path / "home").exists()


def test_log_dir_from_the_environment(
    tmp_path: Path, umask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OVERLEG_LOG_DIR", str(tmp_path / "logs" / "overleg"))
    made = locations.log_dir()
    assert [mode(p) for p in chain(tmp_path, made)] == [0o700, 0o700]


def test_config_dir_from_the_environment(
    tmp_path: Path, umask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OVERLEG_CONFIG_DIR", str(tmp_path / "instellingen" / "overleg"))
    made = locations.user_agendas_dir(create=True)
    assert [mode(p) for p in chain(tmp_path, made)] == [0o700, 0o700, 0o700]


def test_meeting_folders_and_their_missing_root(tmp_path: Path, umask: int) -> None:
    root = tmp_path / "nieuw" / "data"
    first = store.new_meeting_folder(root, "Casusoverleg", date(2026, 12, 1))
    second = store.new_meeting_folder(root, "Casusoverleg", date(2026, 12, 1))
    assert first != second
    for made in (first, second):
        assert [mode(p) for p in chain(tmp_path, made)] == [0o700, 0o700, 0o700]
