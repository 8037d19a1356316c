"""A footer that is rebuilt only when keys it has not drawn yet are to be shown.

Textual's `Footer` recomposes itself (a new widget per key, each styled and laid out: 10-20 ms,
and garbage with reference cycles for the collector) whenever the screen says its bindings may
have changed, and a screen says so on every focus change. Going into the note line hides the
single-letter keys (the line takes those characters) and leaving it shows them again: this footer
dims those keys in place while the line has focus, hides and shows the keys it already has as
they come and go, and recomposes only when a key it has not drawn comes, or a key's words or
state change.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input

from overleg.tui.textual_private import FooterKey, footer_is_ready, footer_ready

#: How a key the note line takes while it has focus is drawn.
RESTING = "dim"
#: One key as the footer draws it: (binding, enabled, tooltip).
Shown = tuple[Any, bool, str]


class QuietFooter(Footer):
    """A `Footer` that hides and shows the keys it has rather than recomposing where it can."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The keys composed, in order, and everything else compose read; None before the first.
        self._composed: list[Shown] = []
        self._composed_rest: tuple[Any, ...] | None = None
        #: The keys on screen now (a subsequence of `_composed`).
        self._showing: list[Shown] = []

    def _wanted(self) -> tuple[list[Shown], tuple[Any, ...]]:
        """The keys `Footer.compose` would draw now, one per action, and what else it reads."""
        active = self.screen.active_bindings
        per_action: dict[str, Shown] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                per_action.setdefault(binding.action, (binding, enabled, tooltip))
        keys = list(per_action.values())
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        rest = (
            palette[1:] if palette is not None else None,
            self.show_command_palette,
            self.app.ENABLE_COMMAND_PALETTE,
            # Grouped keys are drawn differently; those footers always recompose.
            any(binding.group is not None for binding, _, _ in keys),
        )
        return keys, rest

    def compose(self) -> ComposeResult:
        if footer_is_ready(self):
            self._composed, self._composed_rest = self._wanted()
            self._showing = list(self._composed)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        footer_ready(self)
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._update_keys)

    async def _update_keys(self) -> None:
        if not self.is_attached:
            return
        keys, rest = self._wanted()
        if rest == self._composed_rest and keys == self._showing:
            return
        if rest == self._composed_rest and not rest[-1] and self._show_only(keys):
            return
        await self.recompose()

    def _show_only(self, keys: list[Shown]) -> bool:
        """Show just `keys` if they are a subsequence of the composed keys; False if not."""
        widgets = [w for w in self.query_children(FooterKey) if not w.has_class("-command-palette")]
        if len(widgets) != len(self._composed):
            return False
        shown: list[bool] = []
        wanted = iter(keys)
        next_key = next(wanted, None)
        for key in self._composed:
            show = next_key is not None and key == next_key
            shown.append(show)
            if show:
                next_key = next(wanted, None)
        if next_key is not None:
            return False
        # While a line of text has focus it takes the single-letter keys: those stay in place,
        # dimmed, so going into the line and out again costs no new layout of the footer.
        typing = isinstance(self.screen.focused, Input)
        # An inline style, not a class: a class sends the key and its parts through the stylesheet
        # again (a few ms per key); text-style only repaints.
        for widget, show in zip(widgets, shown, strict=True):
            resting = not show and typing and widget.display
            if resting != widget.styles.inline.has_rule("text_style"):
                widget.styles.text_style = RESTING if resting else None
            if not resting and widget.display != show:
                widget.display = show
        self._showing = list(keys)
        return True
