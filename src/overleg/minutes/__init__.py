"""Minutes of a meeting: the complete record (minutes.toml), readable minutes (minutes.md,
minutes.html, minutes.txt), sharing.

Pure functions of the meeting state: no I/O and no Textual here; the caller writes the files.
"""

from typing import Any

from overleg.minutes.html import render_html
from overleg.minutes.markdown import render_markdown
from overleg.minutes.record import SCHEMA_VERSION, build_record
from overleg.minutes.share import pseudonymise
from overleg.minutes.text import render_text
from overleg.minutes.toml_out import render_toml

__all__ = [
    "SCHEMA_VERSION",
    "build_record",
    "pseudonymise",
    "render",
    "render_html",
    "render_markdown",
    "render_text",
    "render_toml",
]


def render(record: dict[str, Any], format: str, decisions_only: bool = False) -> str:
    """`record` in `format`: "md", "toml", "html" or "txt" (the TOML is always complete)."""
    if format == "toml":
        return render_toml(record)
    if format == "html":
        return render_html(record, decisions_only=decisions_only)
    if format == "txt":
        return render_text(record, decisions_only=decisions_only)
    return render_markdown(record, decisions_only=decisions_only)
