"""minutes.toml: the record written as TOML, which `tomllib` reads back to equal data."""

from __future__ import annotations

from typing import Any

import tomli_w


def render_toml(record: dict[str, Any]) -> str:
    """The record as TOML text; `tomllib.loads(render_toml(r)) == r` holds."""
    return tomli_w.dumps(record, multiline_strings=False)
