"""What the engine raises when it will not carry out a command: `Refused`, and `GateClosed` for
the decision phase that stays shut.

Apart from the engine, so that the chair service can catch them without loading the engine
before a meeting starts (the attendance screen's first frame does without it).
"""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """A command the engine will not carry out; `key` names the message in the i18n catalog."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = f"engine.{key}"
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class GateClosed(Refused):
    """The decision phase stays shut: someone's input is missing. `missing` lists (phase title, names)."""

    def __init__(self, missing: list[tuple[str, list[str]]]) -> None:
        self.missing = missing
        who = "; ".join(f"{title}: {', '.join(names)}" for title, names in missing)
        super().__init__("gate_closed", missing=who)
