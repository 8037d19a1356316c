"""Key bindings in the screen's language, the bindings made from the command table, and F1's rows."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from overleg.chair.commands import ITEM_KEYS, Command
from overleg.i18n import Texts
from overleg.tui.textual_private import binding_table


def command_bindings(commands: tuple[Command, ...]) -> list[BindingType]:
    """A binding per command that has keys, named after it (`id` = the command's id); the keys
    1-9 open the items in those places of the agenda."""
    bindings: list[BindingType] = [
        Binding(c.keys, c.action, c.id.replace("_", " "), id=c.id, show=c.show)
        for c in commands
        if c.keys
    ]
    bindings.extend(
        # By place: the item numbered n in the agenda as adopted (items may be added or moved).
        Binding(str(n), f"open_item({n - 1}, True)", f"item {n}", id=f"open_item_{n}", show=False)
        for n in range(1, ITEM_KEYS + 1)
    )
    return bindings


def localize_bindings(node: DOMNode, texts: Texts) -> None:
    """Give `node`'s own bindings their description in `texts`' language, looked up by binding id.

    The footer takes a short word (`ui.footer.<id>`) where there is one, so it fits 80 columns.
    """

    def described(b: Binding) -> Binding:
        if b.action == "command_palette":
            return replace(b, description=texts("ui.footer.palette"))
        if b.action == "dismiss":  # the list a Select drops down
            return replace(b, description=texts("ui.footer.dismiss_menu"))
        if not b.id:
            return b
        short = f"ui.footer.{b.id}"
        return replace(b, description=texts(short if texts.has(short) else f"ui.keys.{b.id}"))

    table = binding_table(node)
    for key, bindings in table.items():
        table[key] = [described(b) for b in bindings]


def key_help(node: DOMNode, texts: Texts) -> list[tuple[str, str]]:
    """(keys, description) for the bindings with an id on `node`, for the help screen.

    Keys doing the same thing share a row ("N / shift+n"); the item keys are one row, "1–9".
    """
    rows: dict[str, list[str]] = {}
    for bindings in binding_table(node).values():
        for b in bindings:
            if b.id:
                key = "ui.keys.open_item" if b.id.startswith("open_item_") else f"ui.keys.{b.id}"
                rows.setdefault(texts(key), []).append(node.app.get_key_display(b))
    shown = []
    for description, keys in rows.items():
        if len(keys) > 2 and all(k.isdigit() for k in keys):
            shown.append((f"{keys[0]}–{keys[-1]}", description))
        else:
            shown.append((" / ".join(dict.fromkeys(keys)), description))
    return shown


def palette_bindings(node: DOMNode) -> list[Binding]:
    """`node`'s bindings with an id, once each, in order (the command palette lists them)."""
    seen: set[str] = set()
    found = []
    for bindings in binding_table(node).values():
        for binding in bindings:
            if binding.id and binding.id not in seen:
                seen.add(binding.id)
                found.append(binding)
    return found
