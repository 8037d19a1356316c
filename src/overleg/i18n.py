"""Texts of screens, messages and minutes in Dutch and English, read from catalogs under data/i18n.

Each language is a folder of TOML files; a file's stem prefixes its keys, so `minutes.toml` holding
`[header] present = "Aanwezig"` gives the key `minutes.header.present`. Catalogs are data, so a
translation never touches code. Nothing here imports Textual.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
#: Under test a missing key raises, so no screen or minutes can show a raw key unnoticed.
STRICT = bool(os.environ.get("OVERLEG_STRICT_I18N"))


def _flatten(prefix: str, table: dict[str, Any], into: dict[str, Any]) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(name, value, into)
        else:
            into[name] = value


@cache
def catalog(language: str) -> dict[str, Any]:
    """Every key of one language's catalog, flattened to dotted names."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    folder = resources.files("overleg") / "data" / "i18n" / language
    texts: dict[str, Any] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _flatten(entry.name[: -len(".toml")], tomllib.loads(entry.read_text("utf-8")), texts)
    return texts


class Texts:
    """One language's texts: `texts("ui.start.title", n=3)` formats a message."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language
        self._texts = catalog(language)

    def __call__(self, key: str, /, **params: Any) -> str:
        text = self._texts.get(key)
        if not isinstance(text, str):
            if STRICT:
                raise KeyError(f"no text {key!r} in the {self.language} catalog")
            # In use a missing key shows itself plainly rather than crashing; tests run strict.
            return key
        return text.format(**params) if params else text

    def list(self, key: str) -> list[str]:
        value = self._texts.get(key, [])
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def has(self, key: str) -> bool:
        return key in self._texts


def requested_language(flag: str | None = None) -> str | None:
    """The language asked for with --lang, else OVERLEG_LANG; None when neither names one."""
    for candidate in (flag, os.environ.get("OVERLEG_LANG")):
        if candidate in LANGUAGES:
            return str(candidate)
    return None


def choose_language(flag: str | None = None, agenda: str | None = None) -> str:
    """The language to speak: --lang, then OVERLEG_LANG, then the agenda's, then Dutch."""
    if chosen := requested_language(flag):
        return chosen
    return str(agenda) if agenda in LANGUAGES else DEFAULT_LANGUAGE


def refusal(texts: Texts, key: str, params: dict[str, Any]) -> str:
    """The words for an engine refusal (`Refused.key`, `Refused.params`) in `texts`' language."""
    shown = dict(params)
    if "what" in shown:
        shown["what"] = texts(f"engine.what.{shown['what']}")
    text = texts(key, **shown)
    return text[:1].upper() + text[1:]
