"""What screens, dialogs and widgets may ask of the app they run in (attributes down), typed.

Nothing in `overleg.tui` imports the app itself: a screen reads the app's language, texts and
settings through `host(node)`, and tells the app what happened with the messages of
`overleg.tui.messages` (messages up).
"""

from __future__ import annotations

from typing import Protocol, cast

from textual.dom import DOMNode
from textual.widget import Widget

from overleg.chair.outcome import Outcome
from overleg.i18n import Texts, refusal


class Host(Protocol):
    """The app, as the parts of the console see it."""

    #: The language every text on screen is in ("nl" or "en"), and its texts.
    lang: str
    texts: Texts
    #: Ring the terminal bell when a speaker's time is up.
    bell_enabled: bool

    def freeze_heap(self) -> None: ...


def host(node: DOMNode) -> Host:
    """The app `node` runs in."""
    return cast(Host, node.app)


def texts_of(node: DOMNode) -> Texts:
    return host(node).texts


def report(node: Widget, outcome: Outcome) -> bool:
    """Say what the chair service said: a refusal, a notice, a disk that would not write.

    True when the command went through.
    """
    texts = texts_of(node)
    if outcome.disk_error:
        key = "ui.error.disk_partial" if outcome.partial else "ui.error.disk"
        node.notify(texts(key), severity="error", timeout=10)
    message = outcome.message
    if message is not None:
        if message.key.startswith("engine."):
            text = refusal(texts, message.key, message.params)
        else:
            text = texts(message.key, **message.params)
        timeout = 6 if outcome.refusal is not None else None  # None: Textual's default
        node.notify(text, severity=message.severity, timeout=timeout)  # type: ignore[arg-type]
    return outcome.ok
