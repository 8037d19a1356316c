"""Texts of screens, messages and minutes in Dutch and English, read from catalogs under data/i18n.

Each language is a folder of TOML files; a file's stem prefixes its keys, so `minutes.toml` holding
`[header] present = "Aanwezig"` gives the key `minutes.header.present`. Catalogs are data, so a
translation never touches code. Nothing here imports Textual.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
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
    texts: dict[str, Any] = {}
    for stem in _stems(language):
        texts.update(_part(language, stem))
    return texts


def _folder(language: str) -> Path | None:
    """The package's folder of `language`'s catalog, as every ordinary install has it."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    folder = Path(__file__).parent / "data" / "i18n" / language
    return folder if folder.is_dir() else None


@cache
def _stems(language: str) -> tuple[str, ...]:
    """The names of the TOML files of a language's catalog, without ".toml", sorted."""
    folder = _folder(language)
    if folder is not None:
        names = [entry.name for entry in folder.iterdir()]
    else:
        names = [entry.name for entry in _packaged(language).iterdir()]
    return tuple(sorted(n[: -len(".toml")] for n in names if n.endswith(".toml")))


@cache
def _part(language: str, stem: str) -> dict[str, Any]:
    """The keys of one file of a catalog (`stem.*`), flattened; {} when there is no such file.

    One file at a time: the minutes need `minutes.toml`, not the console's `ui.toml`.
    """
    if stem not in _stems(language):
        return {}
    folder = _folder(language)
    if folder is not None:
        text = (folder / f"{stem}.toml").read_text("utf-8")
    else:
        text = (_packaged(language) / f"{stem}.toml").read_text("utf-8")
    texts: dict[str, Any] = {}
    _flatten(stem, tomllib.loads(text), texts)
    return texts


def _packaged(language: str) -> Any:
    """The catalog folder through importlib.resources (~10 ms to import and set up, with
    zipfile): only for an install that has no plain folder, such as a zipped one."""
    from importlib import resources

    return resources.files("overleg") / "data" / "i18n" / language


class Texts:
    """One language's texts: `texts("ui.start.title", n=3)` formats a message."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        _folder(language)  # an unknown language is refused at once
        self.language = language

    def _get(self, key: str) -> Any:
        return _part(self.language, key.partition(".")[0]).get(key)

    def __call__(self, key: str, /, **params: Any) -> str:
        text = self._get(key)
        if not isinstance(text, str):
            if STRICT:
                raise KeyError(f"no text {key!r} in the {self.language} catalog")
            # In use a missing key shows itself plainly rather than crashing; tests run strict.
            return key
        return text.format(**params) if params else text

    def list(self, key: str) -> list[str]:
        value = self._get(key)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def has(self, key: str) -> bool:
        return self._get(key) is not None


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
