"""Unexpected errors go to a log file without personal data, never to the screen.

Meetings hold special-category personal data, and exception messages and locals can carry it
(a name in a KeyError, a contribution in a frame's variables). So the log keeps only the
exception's type and the code locations it passed through.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

from overleg import locations

LOG_NAME = "errors.log"


def describe(error: BaseException) -> list[str]:
    """Lines naming `error`'s type and frames (file, line, function), its causes included; no text."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
        # A worker's failure wraps the error without chaining it: follow it too.
        wrapped = getattr(current, "error", None)
        current = current.__cause__ or current.__context__
        if current is None and isinstance(wrapped, BaseException):
            current = wrapped
        if current is not None:
            lines.append("caused by:")
    return lines


def log_exception(error: BaseException) -> Path | None:
    """Append `error` (type and frames only) to the log; the log's path, or None if it cannot be written."""
    try:
        path = locations.log_dir() / LOG_NAME
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        text = "\n".join([stamp, *describe(error)]) + "\n\n"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, locations.FILE_MODE)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(text)
        return path
    except OSError:
        return None
