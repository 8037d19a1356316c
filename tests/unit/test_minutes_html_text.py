"""The minutes as self-contained HTML and as plain text: same content and order as minutes.md."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from test_minutes import GUEST, HOSTILE_NOTE, OBJECTION, run_meeting

from overleg import minutes
from overleg.minutes.text import WIDTH

HOSTILE = "<script>alert(\"x\")</script> & 'q' </td><h1>"
#: Keys of the record that hold user text (names, titles, notes, reasons).
USER_TEXT = {
    "title", "text", "name", "reason", "what", "owner", "note", "place", "rationale", "speaker",
    "chair", "minute_taker", "phase_title", "presenter", "discipline",
}  # fmt: skip
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "strong",
    "em", "br", "ul", "li", "dl", "dt", "dd", "blockquote", "table", "thead", "tbody", "tr",
    "th", "td",
}  # fmt: skip


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    meeting, _ = run_meeting()
    return minutes.build_record(meeting.state, meeting_id="2026-12-01-casusoverleg-noord")


def hostile(record: dict[str, Any]) -> dict[str, Any]:
    """`record` with HOSTILE prefixed to every piece of user text."""

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            if key in ("heard", "passed", "names", "order"):
                return [HOSTILE + v for v in value]
            return [walk(v, key) for v in value]
        if isinstance(value, str) and key in USER_TEXT and value:
            return HOSTILE + value
        return value

    out: dict[str, Any] = walk(copy.deepcopy(record))
    return out


class Outline(HTMLParser):
    """Tags, attributes and text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self._heading: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = int(tag[1])
            self.headings.append((self._heading, ""))

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            level, text = self.headings[-1]
            self.headings[-1] = (level, text + data)


def outline(text: str) -> Outline:
    parser = Outline()
    parser.feed(text)
    parser.close()
    return parser


def md_headings(md: str) -> list[tuple[int, str]]:
    """The headings of minutes.md, with Markdown escapes taken out."""
    out = []
    for line in md.splitlines():
        if m := re.match(r"^(#{1,3}) (.*)$", line):
            out.append((len(m[1]), re.sub(r"\\(.)", r"\1", m[2])))
    return out


# ---------------------------------------------------------------------------------------- HTML


@pytest.mark.parametrize("decisions_only", [False, True])
def test_html_follows_the_markdown_section_by_section(
    record: dict[str, Any], decisions_only: bool
) -> None:
    page = outline(minutes.render_html(record, decisions_only=decisions_only))
    md = minutes.render_markdown(record, decisions_only=decisions_only)
    assert page.headings == md_headings(md)
    names = [text for _, text in page.headings]
    sections = ["Besluitenlijst", "Actielijst"]
    if not decisions_only:
        sections = ["1. Casus gezin J.", "2. Afsluiting", *sections]
        sections += ["Tijd: gepland en gebruikt", "Spreektijd per persoon"]
    assert [n for n in names if n in sections] == sections


def test_html_is_accessible_and_self_contained(record: dict[str, Any]) -> None:
    text = minutes.render_html(record)
    page = outline(text)
    assert text.startswith("<!DOCTYPE html>\n")
    assert page.tags[0] == ("html", {"lang": "nl"})
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    headers = [attrs for tag, attrs in page.tags if tag == "th"]
    assert headers and all(attrs == {"scope": "col"} for attrs in headers)
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    assert "<script" not in text and "src=" not in text and "href=" not in text
    assert "url(" not in text and "@import" not in text
    assert "@page" in text and "size: A4" in text and "counter(page)" in text
    assert "@media print" in text and "break-inside: avoid" in text
    assert "table-header-group" in text
    english = minutes.render_html({**record, "meeting": {**record["meeting"], "language": "en"}})
    assert outline(english).tags[0] == ("html", {"lang": "en"})
    assert "Decision list" in english


def test_html_escapes_every_user_text(record: dict[str, Any]) -> None:
    text = minutes.render_html(hostile(record))
    page = outline(text)
    assert "<script" not in text and "</td><h1>" not in text
    # The title heads every printed page from the stylesheet, as a CSS string of escapes.
    style = text.partition("<style>")[2].partition("</style>")[0]
    assert text.count("</style>") == 1 and '@top-left { content: "Verslag \\00003C ' in style
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    assert [tag for tag, _ in page.tags].count("h1") == 1
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;" in text
    shown = "".join(page.text)
    assert shown.count(HOSTILE) > 30  # the text itself is there, shown as typed
    assert GUEST in "".join(outline(minutes.render_html(record)).text)
    assert HOSTILE_NOTE in "".join(outline(minutes.render_html(record)).text)


# ------------------------------------------------------------------------------------ plain text


def tame(value: Any) -> Any:
    """`value` with the test meeting's markup-like texts replaced by plain ones."""
    if isinstance(value, dict):
        return {k: tame(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tame(v) for v in value]
    if isinstance(value, str):
        return value.replace(GUEST, "Eva Gast").replace(HOSTILE_NOTE, "x").replace("|", "/")
    return value


@pytest.mark.parametrize("decisions_only", [False, True])
def test_text_has_the_sections_in_order_without_markdown(
    record: dict[str, Any], decisions_only: bool
) -> None:
    plain = minutes.render_text(tame(record), decisions_only=decisions_only)
    headings = [h for _, h in md_headings(minutes.render_markdown(record, decisions_only))]
    lines = plain.splitlines()
    at = [lines.index(tame(h)) for h in headings]
    assert at == sorted(at)
    for line in lines:
        assert len(line) <= WIDTH, line
        assert not line.startswith(("#", ">", "|", "*", "=")), line
    for syntax in ("**", "|", "\\", "](", "---", "<", "&amp;", "_"):
        assert syntax not in plain, syntax


def test_text_shows_user_text_as_typed(record: dict[str, Any]) -> None:
    def joined(text: str) -> str:
        return re.sub(r"\s+", " ", text)

    assert GUEST in joined(minutes.render_text(record))
    assert HOSTILE_NOTE in joined(minutes.render_text(record))
    assert HOSTILE in joined(minutes.render_text(hostile(record)))


def test_text_tables_are_columns_or_lists(record: dict[str, Any]) -> None:
    text = minutes.render_text(record)
    assert re.search(r"^Nr +Agendapunt +Gepland +Gebruikt +Verschil$", text, re.M)
    assert re.search(r"^ +Totaal +25:00 ", text, re.M)
    # The action list is too wide for columns: one entry per action, labelled.
    assert "- 1.1 Sanne Bakker\n    Wat: Aanmelden bij schuldhulp voor Jansen\n" in text
    assert "Eerst een budgetcoach, anders loopt het weer\n    vast" in text  # wrapped, indented
    assert OBJECTION.split(",")[0] in text


# ------------------------------------------------------------------------ versions and stability


@pytest.mark.parametrize("render", [minutes.render_html, minutes.render_text])
def test_share_version_names_no_client(record: dict[str, Any], render: Any) -> None:
    private = render(record)
    shared = render(minutes.pseudonymise(record))
    assert "Jansen" in private
    assert not re.search(r"(?i)\bjansen\b", shared)
    assert "Jansenstraat" in shared  # a street is not a client
    assert "cliënt A" in shared or "cliënt B" in shared
    assert "Gepseudonimiseerde versie" in shared and "Gepseudonimiseerde" not in private


@pytest.mark.parametrize("render", [minutes.render_html, minutes.render_text])
def test_decisions_only_has_no_contributions(record: dict[str, Any], render: Any) -> None:
    text = render(record, decisions_only=True)
    assert "Besluitenlijst Casusoverleg Noord" in text
    assert "Jansen krijgt schuldhulp via het wijkteam." in text
    assert "Aanmelden bij schuldhulp voor Jansen" in text
    for said in ("Rust en een vast inkomen", "gemotiveerd", OBJECTION, "Geen mandaat"):
        assert said not in text
    for section in ("Vraagverheldering", "Spreektijd per persoon", "Consentronde"):
        assert section not in text


@pytest.mark.parametrize("render", [minutes.render_html, minutes.render_text])
def test_same_meeting_gives_the_same_bytes(record: dict[str, Any], render: Any) -> None:
    again, _ = run_meeting()
    other = minutes.build_record(again.state, meeting_id="2026-12-01-casusoverleg-noord")
    assert render(other).encode() == render(record).encode()
    assert render(copy.deepcopy(record), True) == render(record, True)
