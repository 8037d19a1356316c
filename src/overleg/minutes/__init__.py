"""Minutes of a meeting: the complete record (minutes.toml), readable minutes (minutes.md,
minutes.html, minutes.txt), sharing.

Pure functions of the meeting state: no I/O and no Textual here; the caller writes the files.
"""

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
    "render_html",
    "render_markdown",
    "render_text",
    "render_toml",
]
