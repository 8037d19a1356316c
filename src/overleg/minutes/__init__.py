"""Minutes of a meeting: the complete record (minutes.toml), readable minutes (minutes.md), sharing.

Pure functions of the meeting state: no I/O and no Textual here; the caller writes the files.
"""

from overleg.minutes.markdown import render_markdown
from overleg.minutes.record import SCHEMA_VERSION, build_record
from overleg.minutes.share import pseudonymise
from overleg.minutes.toml_out import render_toml

__all__ = ["SCHEMA_VERSION", "build_record", "pseudonymise", "render_markdown", "render_toml"]
