"""The Dutch and English catalogs say the same things: same keys, no empty text, same placeholders."""

from __future__ import annotations

import string
from importlib import resources

import pytest

from overleg.i18n import LANGUAGES, Texts, catalog

FORMATTER = string.Formatter()


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in FORMATTER.parse(text) if name is not None}


def catalog_files(language: str) -> set[str]:
    folder = resources.files("overleg") / "data" / "i18n" / language
    return {entry.name for entry in folder.iterdir() if entry.name.endswith(".toml")}


def test_every_language_has_the_same_files() -> None:
    files = {language: catalog_files(language) for language in LANGUAGES}
    assert files["nl"] == files["en"]
    assert {"ui.toml", "cli.toml", "engine.toml", "minutes.toml"} <= files["nl"]


def test_same_keys_in_every_language() -> None:
    nl, en = catalog("nl"), catalog("en")
    assert sorted(set(nl) - set(en)) == []
    assert sorted(set(en) - set(nl)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_empty_texts(language: str) -> None:
    for key, value in catalog(language).items():
        values = value if isinstance(value, list) else [value]
        assert values, key
        for text in values:
            assert isinstance(text, str) and text.strip(), f"{language}: {key} is empty"


def test_same_placeholders_per_key() -> None:
    nl, en = catalog("nl"), catalog("en")
    for key, text in nl.items():
        if isinstance(text, str):
            assert placeholders(text) == placeholders(en[key]), key
        else:
            assert len(text) == len(en[key]), key


def test_every_binding_id_has_a_description() -> None:
    from overleg.tui.app import OverlegApp
    from overleg.tui.screens import attendance, dialogs, help, meeting, start, summary

    classes = [
        OverlegApp,
        attendance.AttendanceScreen,
        meeting.MeetingScreen,
        start.StartScreen,
        summary.SummaryScreen,
        help.HelpScreen,
        dialogs.ConfirmDialog,
        dialogs.OrderDialog,
        dialogs.ConsentDialog,
        dialogs.ReviewDialog,
        dialogs.TextDialog,
    ]
    texts = Texts("en")
    for cls in classes:
        for binding in cls.BINDINGS:
            assert binding.id, f"{cls.__name__}: {binding.key} has no id"
            assert texts.has(f"ui.keys.{binding.id}"), binding.id


def test_ui_texts_format_without_errors() -> None:
    for language in LANGUAGES:
        for key, text in catalog(language).items():
            if key.startswith(("ui.", "cli.")) and isinstance(text, str):
                text.format(**{name: "x" for name in placeholders(text)})


def test_a_missing_key_fails_loudly_under_test() -> None:
    """Tests run with OVERLEG_STRICT_I18N, so any screen or minutes showing a raw key fails its test."""
    import pytest

    from overleg.i18n import STRICT, Texts

    assert STRICT
    with pytest.raises(KeyError):
        Texts("nl")("ui.no.such.key")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_command_line_names_statuses_as_the_console_does(language: str) -> None:
    """`overleg list` reads only cli.toml (it is timed); its status words are the console's."""
    texts = catalog(language)
    for status in ("new", "running", "ended", "damaged"):
        assert texts[f"cli.status.{status}"] == texts[f"ui.meeting_status.{status}"], status


def test_every_refusal_of_the_engine_has_its_words() -> None:
    """Each `Refused("key")` raised in the engine is in engine.toml, so no refusal shows a key."""
    import re

    source = (resources.files("overleg") / "engine.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'Refused\(\s*"([a-z_]+)"', source))
    assert len(keys) > 30
    for language in ("nl", "en"):
        texts = Texts(language)
        missing = [k for k in sorted(keys) if not texts.has(f"engine.{k}")]
        assert not missing, f"{language}: {missing}"


def test_every_field_a_refusal_names_has_its_words() -> None:
    import re

    source = (resources.files("overleg") / "engine.py").read_text(encoding="utf-8")
    whats = set(re.findall(r'_text\([^()]*?"([a-z_]+)"', source))
    whats |= set(re.findall(r'what="([a-z_]+)"', source))
    assert {"name", "owner", "contribution"} <= whats
    for language in ("nl", "en"):
        texts = Texts(language)
        assert [w for w in sorted(whats) if not texts.has(f"engine.what.{w}")] == [], language
