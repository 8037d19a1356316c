"""Names as people type them: `overleg.names.match` and the rule of "Name: text"."""

from __future__ import annotations

import pytest

from overleg import names

TABLE = [
    "Anouk de Vries",
    "Mehmet Yılmaz",
    "Sanne Bakker",
    "Sanne Kok",
    "Ruud van Dijk",
    "Søren Ørsted",
    "José Éclair",
    "Jan de Boer",
    "Janneke Smit",
]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Mehmet Yılmaz", "Mehmet Yılmaz"),  # the full name
        ("mehmet yilmaz", "Mehmet Yılmaz"),  # any case, the dotless ı as an i
        ("  MEHMET   YILMAZ ", "Mehmet Yılmaz"),  # spaces squeezed
        ("Mehmet", "Mehmet Yılmaz"),  # the first name
        ("yilmaz", "Mehmet Yılmaz"),  # the surname
        ("meh", "Mehmet Yılmaz"),  # a unique start
        ("mehmet y", "Mehmet Yılmaz"),  # the start of the full name
        ("van dijk", "Ruud van Dijk"),  # the surname with its particle
        ("Van Dijk", "Ruud van Dijk"),
        ("dijk", "Ruud van Dijk"),  # ... and without it
        ("van d", "Ruud van Dijk"),
        ("de vries", "Anouk de Vries"),
        ("soren", "Søren Ørsted"),  # ø
        ("orsted", "Søren Ørsted"),
        ("jose", "José Éclair"),  # é, also a capital
        ("ECLAIR", "José Éclair"),
        ("sanne k", "Sanne Kok"),
        ("Jan", "Jan de Boer"),  # a whole first name beats the start of another
        ("jann", "Janneke Smit"),
    ],
)
def test_a_name_is_found_as_people_type_it(typed: str, found: str) -> None:
    match = names.match(typed, TABLE)
    assert (match.name, match.candidates, match.unknown) == (found, (), False)


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("Sanne", ("Sanne Bakker", "Sanne Kok")),
        ("sa", ("Sanne Bakker", "Sanne Kok")),
        ("ja", ("Jan de Boer", "Janneke Smit")),
    ],
)
def test_a_name_of_several_gives_them_in_the_order_given(typed: str, candidates: tuple) -> None:
    match = names.match(typed, TABLE)
    assert match.ambiguous and match.name is None and match.candidates == candidates


@pytest.mark.parametrize("typed", ["", "  ", "Pieter", "m", "moeder", "leerplicht", "van", "yz"])
def test_a_name_of_no_one_is_unknown(typed: str) -> None:
    match = names.match(typed, TABLE)
    assert match.unknown and not match.ambiguous and match.query == typed.strip()


def test_a_particle_alone_finds_no_one() -> None:
    assert names.match("van", ["Ruud van Dijk"]).unknown
    assert names.match("de", ["Anouk de Vries"]).unknown, "the exact surname is 'de vries'"


def test_folding_keeps_letters_and_drops_accents() -> None:
    assert names.fold("Mehmet Yılmaz") == "mehmet yilmaz"
    assert names.fold("Søren Ørsted") == "soren orsted"
    assert names.fold("Straße  ÉÊ") == "strasse ee"
    assert names.keys("Ruud van Dijk") == ("ruud van dijk", "ruud", "van dijk", "dijk")
    assert names.keys("Noor") == ("noor",)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Mehmet: wil rust", ("Mehmet Yılmaz", "wil rust")),
        ("mehmet yilmaz:wil rust", ("Mehmet Yılmaz", "wil rust")),
        ("van Dijk: om 10:00 bellen", ("Ruud van Dijk", "om 10:00 bellen")),
        ("Sanne: eens", (None, "eens")),  # meant as a name, ambiguous
        ("Pieter: eens", (None, "eens")),  # meant as a name, unknown
        ("Jan-Willem van der Berg: eens", (None, "eens")),  # two words besides particles
        ("Optie B: later", (None, "later")),  # shaped like a name: the chair is asked
    ],
)
def test_a_line_headed_by_a_name_is_addressed(line: str, expected: tuple) -> None:
    said = names.addressed(line, TABLE)
    assert said is not None
    match, rest = said
    assert (match.name, rest) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Afspraak: dinsdag om 10 uur",  # a label
        "afspraak : dinsdag",
        "Let op: om 10:00 belt school",
        "NB: niet doorsturen",
        "Vraag: hoe gaat het thuis?",
        "Decision: postponed",
        "Om 10:00 belt school",  # digits before the colon
        "Moeder zei dat het thuis goed gaat: rust",  # more than three words
        "Gesprek op 12-3: goed",
        "A: optie een",  # one letter
        "De: ...",  # a particle alone
        "Mehmet:",  # nothing after the name: the text as it is
        ": iets",
        "Geen dubbele punt",
        "https://example.org/pad",
    ],
)
def test_a_colon_in_ordinary_text_is_text(line: str) -> None:
    assert names.addressed(line, TABLE) is None


def test_a_label_is_a_name_when_someone_is_called_so() -> None:
    said = names.addressed("Tip: ik bel", ["Tip Jansen", "Vraagman Bos"])
    assert said is not None and said[0].name == "Tip Jansen"
    assert names.addressed("Vraag: wie belt?", ["Tip Jansen", "Vraagman Bos"]) is None


def test_a_full_name_exactly_is_a_name_whatever_its_shape() -> None:
    said = names.addressed("Ad 2 de Wit van der Berg: ja", ["Ad 2 de Wit van der Berg"])
    assert said is not None and said[0].name == "Ad 2 de Wit van der Berg"


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("Mehmet", True),
        ("Anouk de Vries", True),
        ("Jan-Willem van der Berg", True),
        ("O'Neill", True),
        ("Een twee drie vier", False),
        ("Let op", False),
        ("R2D2", False),
        ("x", False),
        ("", False),
        ("a" * 41, False),
    ],
)
def test_looks_like_a_name(text: str, shaped: bool) -> None:
    assert names.looks_like_name(text) is shaped
