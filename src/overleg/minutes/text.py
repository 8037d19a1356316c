"""minutes.txt: the readable minutes as plain text for the body of a mail.

Laid out from the same blocks as minutes.html (`overleg.minutes.html.document`), so content and
order are those of minutes.md, but without any markup or escapes: headings are underlined with
box-drawing lines, lists use "- ", tables become aligned columns when they fit in `WIDTH`
columns and a list of "label: value" lines otherwise. Everything is wrapped at `WIDTH`.
"""

from __future__ import annotations

import textwrap
from typing import Any

from overleg.minutes.html import Block, BulletList, Facts, Heading, Para, Spans, Table, document

WIDTH = 72


def _plain(spans: Spans) -> list[str]:
    """The spans as lines of text (a line break in user text starts a new line)."""
    lines = [""]
    for style, text in spans:
        if style == "br":
            lines.append("")
        else:
            lines[-1] += text
    return lines


def _wrap(lines: list[str], first: str = "", rest: str = "") -> list[str]:
    out: list[str] = []
    for index, line in enumerate(lines):
        lead = first if index == 0 else rest
        wrapped = textwrap.wrap(
            line,
            WIDTH,
            initial_indent=lead,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
        out.extend(wrapped or [lead.rstrip()])
    return out


def _table(block: Table) -> list[str]:
    rows = [block.header] + [[" ".join(_plain(c)) for c in row] for row in block.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(block.header))]
    if sum(widths) + 2 * (len(widths) - 1) <= WIDTH:

        def line(row: list[str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()

        return [line(block.header), line(["─" * w for w in widths]), *map(line, rows[1:])]
    out: list[str] = []
    for row in rows[1:]:
        first = f"{row[0]} " if row[0] else ""
        out.extend(_wrap([first + row[1]], "- ", "  "))
        for label, value in zip(block.header[2:], row[2:], strict=True):
            if value:
                out.extend(_wrap([f"{label}: {value}"], "    ", "      "))
    return out


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        text = " ".join(_plain(block.spans))
        if block.level == 1:
            return [*_wrap([text]), "═" * min(len(text), WIDTH)]
        if block.level == 2:
            return [*_wrap([text]), "─" * min(len(text), WIDTH)]
        return _wrap([text])
    if isinstance(block, Para):
        # An override's line begins with its "⚠" flag: marked enough without a prefix.
        return _wrap(_plain(block.spans), "", "  " if block.quote else "")
    if isinstance(block, Facts):
        width = max(len(label) for label, _ in block.rows) + 2 if block.rows else 0
        out: list[str] = []
        for label, value in block.rows:
            out.extend(_wrap(_plain(value), f"{label}:".ljust(width), " " * width))
        return out
    if isinstance(block, BulletList):
        out = []
        for entry in block.items:
            out.extend(_wrap(_plain(entry.spans), "- ", "  "))
            for child in entry.children:
                out.extend(_wrap(_plain(child), "  - ", "    "))
        return out
    return _table(block)


def render_text(record: dict[str, Any], decisions_only: bool = False) -> str:
    """The minutes as plain text wrapped at `WIDTH` columns, in the record's language.

    Same content and order as `render_markdown` (also `decisions_only`).
    """
    doc = document(record, decisions_only)
    out: list[str] = []
    for block in doc.blocks:
        if out:
            out.append("")
            if isinstance(block, Heading) and block.level < 3:
                out.append("")  # two blank lines before a section
        out.extend(_block(block))
    return "\n".join(out) + "\n"
