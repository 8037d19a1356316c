"""Every path overleg uses, in one place: data, config and log folders, created private on first use.

Case meetings hold special-category personal data, so every folder overleg makes is 0700 and every
file 0600. The data folder honours `--data-dir` (via `set_data_dir`) and `OVERLEG_DATA_DIR`.
"""

from __future__ import annotations

import os
from pathlib import Path

# platformdirs is imported where a default folder is wanted (~4 ms): a command given --data-dir
# or OVERLEG_DATA_DIR never needs it.

DIR_MODE = 0o700
FILE_MODE = 0o600

_data_dir_override: Path | None = None


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Use this data folder instead of the default (the CLI's --data-dir)."""
    global _data_dir_override
    _data_dir_override = Path(path).expanduser() if path else None


def private_dir(path: Path) -> Path:
    """`path` as a folder; every folder overleg creates for it, missing parents included, is
    0700 (only its owner can enter it), whatever the umask.

    `Path.mkdir(parents=True)` would give the parents the umask's mode (0755, or 0777 under
    umask 000), so each missing folder is made here, top down, and set to 0700. A folder that
    already exists keeps its mode: it may be one the user chose and shares on purpose, and a
    read-only command must not change it. Meeting folders inside are always 0700.
    """
    path = Path(path)
    if path.is_dir():
        return path
    if path.exists():
        raise NotADirectoryError(20, "not a folder", str(path))
    missing = []
    folder = path
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise NotADirectoryError(20, "not a folder", str(folder)) from None
            continue  # made by someone else meanwhile: theirs, so its mode stays
        os.chmod(folder, DIR_MODE)  # the umask may have narrowed it
    return path


def data_dir() -> Path:
    """The folder holding one folder per meeting."""
    if _data_dir_override is not None:
        return private_dir(_data_dir_override)
    env = os.environ.get("OVERLEG_DATA_DIR")
    if env:
        return private_dir(Path(env).expanduser())
    import platformdirs

    return private_dir(Path(platformdirs.user_data_dir("overleg", appauthor=False)))


def config_dir(create: bool = False) -> Path:
    """The user's own settings; only created (private, like every folder) when `create`:
    looking for agendas there must not make it."""
    env = os.environ.get("OVERLEG_CONFIG_DIR")
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_config_dir("overleg", appauthor=False))
    return private_dir(path) if create else path


def user_agendas_dir(create: bool = False) -> Path:
    """Where the start screen looks for the user's own agendas; created (0700) when `create`."""
    path = config_dir() / "agendas"
    return private_dir(path) if create else path


def log_dir() -> Path:
    env = os.environ.get("OVERLEG_LOG_DIR")
    if env:
        return private_dir(Path(env).expanduser())
    import platformdirs

    return private_dir(Path(platformdirs.user_log_dir("overleg", appauthor=False)))


def project_agendas_dir() -> Path | None:
    """The shipped agendas: beside the source in a checkout, else inside the installed package."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "agendas", here.parent / "data" / "agendas"):
        if candidate.is_dir():
            return candidate
    return None
