"""The --share version of the minutes: the household's names replaced by labels.

Case conferences handle special-category personal data; minutes that go beyond the table are
pseudonymised. Each name listed in an item's `clients` becomes "cliënt A", "cliënt B", ... (in
English "client A"), labelled in order of first appearance across the agenda, wherever it occurs
in the record: titles, contributions, notes, reasons, decisions, actions. Matching ignores case
and takes whole words with their Dutch inflections ("Jansens huisarts", "Daan's school", "de
Jansens"), so "Jansen" is replaced but "Jansenstraat" is not.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from overleg.i18n import Texts

#: Keys whose values are fixed vocabulary of the format, never user text: left as they are.
_STRUCTURAL = frozenset({"kind", "status", "vote", "outcome", "language", "attendance", "role"})


def letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, like spreadsheet columns."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def client_labels(record: dict[str, Any]) -> dict[str, str]:
    """Each client name (case-folded) to its label, in order of first appearance."""
    meeting = record.get("meeting", {})
    language = meeting.get("language") if meeting.get("language") in ("nl", "en") else "nl"
    texts = Texts(language)
    labels: dict[str, str] = {}
    for item in record.get("items", []):
        for name in item.get("clients", []):
            key = name.strip().casefold()
            if key and key not in labels:
                labels[key] = texts("minutes.client_label", letter=letters(len(labels)))
    return labels


def pseudonymise(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of `record` with every client name replaced by its label (`record` is untouched)."""
    labels = client_labels(record)
    out = copy.deepcopy(record)
    out.setdefault("meeting", {})["pseudonymised"] = True
    if labels:
        # Longest first, so "gezin Jansen" wins over "Jansen" where both are listed.
        names = sorted(labels, key=lambda k: (-len(k), k))
        pattern = re.compile(
            r"(?<!\w)(?:"
            + "|".join(f"(?P<n{i}>{re.escape(n)})" for i, n in enumerate(names))
            + r")(?P<suffix>['’]?s|['’]|je|tje)?(?!\w)",
            re.IGNORECASE,
        )
        by_group = {f"n{i}": labels[n] for i, n in enumerate(names)}

        def label(match: re.Match[str]) -> str:
            name = next(g for g in by_group if match.group(g))
            # A possessive keeps its meaning ("cliënt A's huisarts"); the name never shows.
            possessive = (match.group("suffix") or "").lower().lstrip("'’") == "s"
            return by_group[name] + ("'s" if possessive else "")

        def replace(text: str) -> str:
            return pattern.sub(label, text)

        out = _walk(out, replace)
    for original, item in zip(record.get("items", []), out.get("items", []), strict=True):
        item["clients"] = [labels[k] for k in _unique(original.get("clients", []))]
    return out


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        key = name.strip().casefold()
        if key:
            seen[key] = None
    return list(seen)


def _walk(value: Any, replace: Any, key: str = "") -> Any:
    """`value` with `replace` applied to every string in it, except fixed-vocabulary fields."""
    if isinstance(value, str):
        return value if key in _STRUCTURAL else replace(value)
    if isinstance(value, dict):
        return {k: _walk(v, replace, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, replace, key) for v in value]
    return value
