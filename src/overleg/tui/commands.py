"""The command palette (ctrl+p): every action of the screen at hand, found by its Dutch or English name.

It lists the keys of the screen and the app that apply now (the screen's `check_action`, which
reads the chair's command table) and the screen's own `palette_commands`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from overleg.i18n import Texts
from overleg.tui.bindings import palette_bindings
from overleg.tui.host import host

#: (name on screen, name in the other language, what to run)
Entry = tuple[str, str, Callable[[], Any]]


class OverlegCommands(Provider):
    """Commands of the active screen and the app, named in both languages so either finds them."""

    def _entries(self) -> list[Entry]:
        app = self.app
        texts: Texts = host(app).texts
        other = Texts("en" if host(app).lang == "nl" else "nl")
        entries: list[Entry] = []
        seen: set[str] = set()
        for node in (self.screen, app):
            for binding in palette_bindings(node):
                if not binding.id or binding.id in seen:
                    continue
                if node.check_action(binding.action, ()) is False:
                    continue
                seen.add(binding.id)
                key = f"ui.keys.{binding.id}"
                entries.append(
                    (texts(key), other(key), partial(app.run_action, binding.action, node))
                )
        extra = getattr(self.screen, "palette_commands", None)
        commands: list[tuple[str, dict[str, Any], Callable[[], Any]]] = (
            list(extra()) if extra else []
        )
        commands.append(("ui.palette.bell", {}, partial(app.run_action, "toggle_bell")))
        commands.append(("ui.keys.language", {}, partial(app.run_action, "switch_language")))
        for key, params, callback in commands:
            entries.append((texts(key, **params), other(key, **params), callback))
        return entries

    async def discover(self) -> Hits:
        for shown, other, callback in self._entries():
            yield DiscoveryHit(shown, callback, help=other)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for shown, other, callback in self._entries():
            score = max(matcher.match(shown), matcher.match(other))
            if score > 0:
                yield Hit(score, matcher.highlight(shown), callback, text=shown, help=other)
