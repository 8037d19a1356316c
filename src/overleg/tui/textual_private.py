"""Every private Textual API the console uses, in one place, each with why (Textual 8.2).

When Textual is upgraded, this is the file to read again: nothing else in `overleg.tui` reaches
past Textual's public API.
"""

from __future__ import annotations

from typing import Any, cast

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.dom import DOMNode
from textual.timer import Timer
from textual.widgets import OptionList

# The footer's key widget: `QuietFooter` hides and shows the ones it has instead of recomposing.
from textual.widgets._footer import FooterKey

__all__ = [
    "FooterKey",
    "HookedApp",
    "binding_table",
    "footer_is_ready",
    "footer_ready",
    "node_timers",
    "replace_option_prompt",
]


def binding_table(node: DOMNode) -> dict[str, list[Binding]]:
    """The bindings map `node` copied at construction (key -> bindings).

    Textual reads a binding's description from this copy; rewriting it is the only way to change the
    footer's words to another language without rebuilding the screen. Read by F1 and the palette.
    """
    table: dict[str, list[Binding]] = node._bindings.key_to_bindings
    return table


def footer_ready(footer: Any) -> None:
    """Tell a `Footer` its screen's bindings are ready (what `Footer.bindings_changed` sets)."""
    footer._bindings_ready = True


def footer_is_ready(footer: Any) -> bool:
    return bool(footer._bindings_ready)


def replace_option_prompt(option_list: OptionList, index: int, prompt: Content) -> None:
    """Give option `index` a new prompt, re-rendering only that option when its height stays.

    `OptionList.replace_option_prompt_at_index` clears every option's cached render and the line
    cache, so the next frame measures the height of every option again: with 200 agenda items,
    200 wraps for one clock tick. Here only the option's own renders are dropped, unless its
    height changes (then everything is cleared, as Textual does).
    """
    option = option_list.get_option_at_index(index)
    padding = option_list.get_component_styles("option-list--option").padding
    width = option_list.scrollable_content_region.width - option_list._get_left_gutter_width()
    if width - padding.width <= 0:  # not laid out yet: nothing is cached to keep
        option_list.replace_option_prompt_at_index(index, prompt)
        return
    old_height = option_list._heights.get(index)
    option._set_prompt(prompt)
    new_height = option_list._get_visual(option).get_height(
        cast(RulesMap, option_list.styles), width - padding.width
    )
    if old_height is None or new_height + option._divider != old_height:
        option_list._clear_caches()
        return
    cache = option_list._option_render_cache
    for key in [key for key in cache.keys() if key[0] is option]:
        cache.discard(key)
    # Only the option's own lines go to the terminal again, not the whole list.
    option_list.refresh_lines(option_list._index_to_line[index], old_height)


def node_timers(node: DOMNode) -> list[Timer]:
    """The timers a node runs (the benchmark pauses them)."""
    return list(node._timers)


class HookedApp(App[Any]):
    """An `App` with two hooks Textual does not offer publicly.

    - `frame_written(drawn)` after each frame handed to the terminal (`App._display`): the heap is
      frozen after the first frame, and the start-up benchmark leaves right after it.
    - `crash_message(error)`: an unhandled error ends the app with one calm line instead of a
      traceback (`App._handle_exception`); the error still reaches `run_test`'s caller.
    """

    def frame_written(self, first_screen_drawn: bool) -> None:  # pragma: no cover - overridden
        pass

    def crash_message(self, error: Exception) -> str:  # pragma: no cover - overridden
        return str(error)

    def _display(self, screen: Any, renderable: Any) -> None:
        super()._display(screen, renderable)
        drawn = renderable is not None and not self._batch_count
        if drawn:
            self.frame_written(len(self.screen_stack) > 1)

    def _handle_exception(self, error: Exception) -> None:
        message = self.crash_message(error)
        self._return_code = 1
        if self._exception is None:
            # Pilot re-raises this at the end of a test, so tests still see the failure.
            self._exception = error
            self._exception_event.set()
        if not self._exit_renderables:  # one calm message, however many errors follow the first
            self._exit_renderables.append(Text(message))
        self._close_messages_no_wait()


def select_menus(root: DOMNode) -> list[DOMNode]:
    """The lists the `Select`s under `root` drop down: their escape binding says "Dismiss menu"."""
    from textual.widgets._select import SelectOverlay  # with the editor, not at start-up

    return list(root.query(SelectOverlay))
