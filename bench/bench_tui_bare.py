"""The baseline for bench/bench_tui.py: a bare Textual app with one Static, updated on every key.

Run as a script it is the start-up baseline; with OVERLEG_EXIT_AFTER_FIRST_FRAME=1 it leaves right
after its first frame, by the same hook as `OverlegApp._display`.
"""

from __future__ import annotations

import os
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "bare textual app ready"


class BareApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self._exit_after_first_frame = os.environ.get("OVERLEG_EXIT_AFTER_FIRST_FRAME") == "1"

    def compose(self) -> ComposeResult:
        yield Static(MARKER, id="text")

    def on_key(self, event: events.Key) -> None:
        self.count += 1
        self.query_one("#text", Static).update(f"keys: {self.count} ({event.key})")

    def _display(self, screen: Any, renderable: Any) -> None:
        super()._display(screen, renderable)
        drawn = renderable is not None and not self._batch_count
        if self._exit_after_first_frame and drawn:
            self._exit_after_first_frame = False
            self.exit()


if __name__ == "__main__":
    BareApp().run()
