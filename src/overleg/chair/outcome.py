"""What the chair service says back after a command: done, refused (and why), or a question first.

A screen shows an `Outcome`; it never decides a meeting rule itself. A `Question` is a rule that
wants the chair's word before it gives way (the gate is shut, an item is left unfinished, an
objection stands, the meeting is to end, a name typed means several people or no one): the screen asks it and runs `retry` with the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """A text from the catalogs (`key` with `params`) and how loud it is."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    #: "information", "warning" or "error", as Textual's notifications take them.
    severity: str = "information"


@dataclass(frozen=True)
class Question:
    """A rule asks the chair first. `kind`: "gate", "unfinished", "objection", "end",
    "which_person" (a name that means several) or "unknown_person" (a name that means no one)."""

    kind: str
    #: The command to run again once answered, and its parameters so far.
    retry: str
    retry_params: dict[str, Any] = field(default_factory=dict)
    #: The parameter the answer goes in (`override` for a reason, `leave`, `confirmed`...).
    answer: str = ""
    #: What the question says: for "gate" (phase title, names) pairs, for "unfinished" the item's
    #: number and its phases, for "objection" (name, reason) pairs, for "end" the items not dealt
    #: with, for "which_person" and "unknown_person" the name as typed and who it may mean.
    missing: tuple[tuple[str, tuple[str, ...]], ...] = ()
    number: int = 0
    phases: tuple[str, ...] = ()
    objections: tuple[tuple[str, str], ...] = ()
    untreated: tuple[tuple[int, str], ...] = ()
    name: str = ""
    candidates: tuple[str, ...] = ()

    def answered(self, value: Any) -> tuple[str, dict[str, Any]]:
        """The command and parameters to run with `value` as the answer."""
        return self.retry, {**self.retry_params, self.answer: value}


@dataclass(frozen=True)
class Outcome:
    """The result of `Chair.run`."""

    #: The command was carried out (the meeting may or may not have changed).
    ok: bool
    #: The engine refused: its message (`engine.<key>`), shown as a warning.
    refusal: Message | None = None
    #: Something to say besides (time added, no decision phase ahead).
    notice: Message | None = None
    #: A rule wants the chair's answer first; nothing was done.
    question: Question | None = None
    #: The journal could not be written (disk full, no permission): nothing was done.
    disk_error: bool = False
    #: With `disk_error`: a command of several events was cut off after some were written; the
    #: meeting shows what was saved.
    partial: bool = False
    #: What the screen opens next: "propose", "amend", "consent", "review", "action", "finish".
    then: str = ""

    @property
    def message(self) -> Message | None:
        return self.refusal or self.notice


DONE = Outcome(True)
NOTHING = Outcome(False)
