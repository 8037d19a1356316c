"""The prompt card on a short terminal: what it keeps when the prompts do not fit (issue 7, 1)."""

from __future__ import annotations

from textual.content import Content

from overleg.tui.widgets.meeting import fit_lines

MORE = "… en nog {count}"


def more(count: int) -> Content:
    return Content(MORE.format(count=count))


def shown(lines: list[Content]) -> list[str]:
    return [line.plain for line in lines]


def test_everything_that_fits_is_shown_whole() -> None:
    lines = [Content("Korte beschrijving."), Content("Wat zie je?")]
    assert shown(fit_lines(lines, 40, 3, more, essential=2)) == [
        "Korte beschrijving.",
        "Wat zie je?",
    ]


def test_a_long_description_keeps_its_first_line_and_the_prompt() -> None:
    description = Content(" ".join(["Moeder van drie kinderen met schulden"] * 6))
    prompts = [Content("Wat weet je nog niet?"), Content("Wie hoort erbij?"), Content("Wat nog?")]
    fitted = fit_lines([description, *prompts], 60, 3, more, essential=2)
    text = shown(fitted)
    assert len(text) == 3
    assert text[0].startswith("Moeder van drie kinderen") and text[0].endswith("…")
    assert text[1] == "Wat weet je nog niet?"
    assert text[2] == "… en nog 2"
    assert all(line.cell_length <= 60 for line in fitted)


def test_a_long_first_prompt_is_cut_to_its_row_not_dropped() -> None:
    prompt = Content("Wat wil je nog weten? " * 10)
    fitted = fit_lines([prompt, Content("Tweede vraag")], 30, 3, more, essential=1)
    text = shown(fitted)
    assert text[0].startswith("Wat wil je nog weten?")
    assert "Tweede vraag" in text or text[-1] == "… en nog 1"
