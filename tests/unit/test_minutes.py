"""Minutes: the complete record (TOML round trip), readable Dutch/English minutes, sharing."""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from datetime import date
from typing import Any

import pytest
from markdown_it import MarkdownIt

from helpers import FakeClock, small_agenda
from overleg import events as events_
from overleg import minutes
from overleg.agenda import Agenda, Participant
from overleg.engine import Event, GateClosed, Meeting, Refused, replay
from overleg.events import CarriedAction
from overleg.i18n import catalog
from overleg.minutes.markdown import escape

CHAIR, OWNER, SANNE, JOOST = "Anouk de Vries", "Mehmet Yılmaz", "Sanne Bakker", "Joost Visser"
PIETER, LOTTE = "Pieter Smit", "Lotte de Boer"
GUEST = "Eva <b>|</b> [x](y) *z*"
HOSTILE_NOTE = "| **x** | [a](b)"
OVERRIDE = "Spoed: veiligheid van de kinderen"
OBJECTION = "Eerst een budgetcoach, anders loopt het weer vast"
CARRIED_ORIGIN = "2026-11-24-casusoverleg-noord"


def agenda(language: str = "nl") -> Agenda:
    base = small_agenda()
    people = (*base.participants, Participant(PIETER, "member", "Jeugd"), Participant(LOTTE))
    return dataclasses.replace(base, participants=people, language=language, place="Wijkhuis")


def run_meeting(language: str = "nl") -> tuple[Meeting, list[Event]]:
    """A full case conference: every kind of thing the minutes must show happens once."""
    clock = FakeClock()
    events: list[Event] = []
    m = Meeting(agenda(language), clock, sink=events.append)
    m.start(
        {PIETER: "excused", LOTTE: "absent"},
        chair=CHAIR,
        minute_taker=JOOST,
        guests=[Participant(GUEST, discipline="Politie")],
        carried_actions=[
            CarriedAction(
                id="2026-11-24T0930/3.1",
                number="3.1",
                what="Rapport school opvragen",
                owner=SANNE,
                due="2026-11-30",
                origin=CARRIED_ORIGIN,
                origin_date="2026-11-24",
            )
        ],
    )
    m.change_action("2026-11-24T0930/3.1", status="done")
    m.start_item(0)
    clock.tick(150)
    m.note("Het gezin Jansen heeft schulden en wil rust; zie Jansenstraat 4.", OWNER)
    clock.tick(30)
    m.next_phase()  # questions: presenter answers, chair last
    m.next_speaker()  # Sanne
    clock.tick(40)
    m.note("Wat wil mevrouw jansen zelf?")
    m.note("Rust en een vast inkomen.", OWNER)
    m.next_speaker()  # Joost
    clock.tick(25)
    m.note(HOSTILE_NOTE)
    m.next_speaker()  # guest
    clock.tick(20)
    m.note("Is er eerder politiecontact geweest?")
    m.next_speaker()  # chair
    clock.tick(10)
    m.pass_turn()
    m.arrive(LOTTE)
    clock.tick(5)
    m.next_phase()  # perspectives round
    m.next_speaker()  # Mehmet
    clock.tick(90)
    m.note("Kracht: moeder is gemotiveerd.\n- zorg: schulden\n1. eerst rust")
    m.pass_turn(SANNE)
    m.next_speaker()  # Joost
    clock.tick(60)
    m.note("Zorg: de kinderen missen school.")
    m.end_turn()
    with pytest.raises(GateClosed):
        m.next_phase()
    m.next_phase(override=OVERRIDE)
    m.propose("Jansen krijgt schuldhulp via het wijkteam.", "Schulden eerst, dan de rest.")
    clock.tick(30)
    m.vote(SANNE, "object", OBJECTION)
    with pytest.raises(Refused):
        m.vote(GUEST, "abstain", "Geen mandaat")  # a guest is heard, but not in the consent round
    m.vote(JOOST, "abstain", "Geen mandaat")
    m.consent_rest()
    with pytest.raises(Refused):
        m.decide()  # an objection stands: consent is not reached ...
    m.decide(over_objection=True)  # ... and the chair records it over the objection
    m.next_phase()  # actions
    m.add_action("Aanmelden bij schuldhulp voor Jansen", SANNE, date(2026, 12, 8))
    m.add_action("Huisbezoek met | pipe", OWNER, date(2026, 12, 10))
    m.add_note("Volgende keer: terugkoppeling over Jansen.")
    clock.tick(20)
    m.leave(GUEST)
    m.defer_item("Geen tijd meer", index=1)
    clock.tick(40)
    m.pause()
    clock.tick(300)
    m.resume()
    m.end()
    return m, events


@pytest.fixture(scope="module")
def meeting() -> tuple[Meeting, list[Event]]:
    return run_meeting()


@pytest.fixture(scope="module")
def record(meeting: tuple[Meeting, list[Event]]) -> dict[str, Any]:
    return minutes.build_record(meeting[0].state, meeting_id="2026-12-01-casusoverleg-noord")


@pytest.fixture(scope="module")
def md(record: dict[str, Any]) -> str:
    return minutes.render_markdown(record)


def parse(text: str) -> list[Any]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def flat(tokens: list[Any]) -> list[Any]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(flat(token.children or []))
    return out


def table_rows(text: str) -> list[tuple[int, list[str]]]:
    """Each table row of `text` as (number of cells, cell texts)."""
    rows: list[tuple[int, list[str]]] = []
    cells: list[str] = []
    inside = False
    for token in parse(text):
        if token.type == "tr_open":
            cells = []
        elif token.type in ("th_open", "td_open"):
            inside = True
        elif token.type in ("th_close", "td_close"):
            inside = False
        elif token.type == "inline" and inside:
            cells.append("".join(c.content for c in flat(token.children or []) if c.type == "text"))
        elif token.type == "tr_close":
            rows.append((len(cells), cells))
    return rows


# ----------------------------------------------------------------------------------- the record


def test_toml_round_trip_gives_back_the_record(record: dict[str, Any]) -> None:
    text = minutes.render_toml(record)
    assert tomllib.loads(text) == record
    # And the Markdown of the record read back is the same as of the record itself.
    assert minutes.render_markdown(tomllib.loads(text)) == minutes.render_markdown(record)


def test_record_holds_no_none_and_is_versioned(record: dict[str, Any]) -> None:
    def walk(value: Any) -> None:
        assert value is not None
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(record)
    assert record["schema_version"] == minutes.SCHEMA_VERSION == 1
    meeting = record["meeting"]
    assert meeting["id"] == "2026-12-01-casusoverleg-noord"
    assert meeting["paused_seconds"] == 300.0
    assert meeting["started"].utcoffset() is not None


def test_record_content(record: dict[str, Any]) -> None:
    case, closing = record["items"]
    assert [p["name"] for p in record["attendance"]][-1] == GUEST
    assert {p["name"]: p["attendance"] for p in record["attendance"]}[PIETER] == "excused"
    questions = case["phases"][1]
    assert questions["heard"] == [SANNE, JOOST, GUEST]
    assert questions["passed"] == [CHAIR]
    assert [c["kind"] for c in questions["contributions"]] == [
        "question",
        "answer",
        "question",
        "question",
    ]
    assert case["phases"][2]["passed"] == [SANNE]
    (override,) = case["overrides"]
    assert override["reason"] == OVERRIDE
    assert override["phase_title"] == "Besluit"
    assert override["missing"] == [{"phase": "Perspectieven", "names": [LOTTE, GUEST, CHAIR]}]
    (decision,) = case["decisions"]
    assert decision["number"] == "1.1"
    assert decision["outcome"] == "over-objection"
    assert decision["objections_heard"][0]["reason"] == OBJECTION
    votes = {v["name"]: (v["vote"], v["reason"]) for v in decision["votes"]}
    assert votes[SANNE] == ("object", OBJECTION)
    assert votes[JOOST] == ("abstain", "Geen mandaat")
    assert list(votes) == [SANNE, JOOST, OWNER, LOTTE, CHAIR]  # not the guest
    consent = {p["name"]: p["consent"] for p in record["attendance"]}
    assert consent == {
        CHAIR: True,
        OWNER: True,
        SANNE: True,
        JOOST: True,
        PIETER: True,
        LOTTE: True,
        GUEST: False,
    }
    assert votes[CHAIR] == ("consent", "")
    assert [a["number"] for a in record["actions"]] == ["3.1", "1.1", "1.2"]
    assert record["actions"][0]["origin"] == CARRIED_ORIGIN
    assert record["actions"][0]["status"] == "done"
    assert record["actions"][1]["due"] == date(2026, 12, 8)
    assert closing["status"] == "deferred" and closing["reason"] == "Geen tijd meer"
    assert case["notes"] == [] and "Volgende keer" in case["phases"][4]["contributions"][0]["text"]
    speaking = {s["name"]: s for s in record["speaking"]}
    assert speaking[OWNER]["turns"] == 1 and speaking[OWNER]["seconds"] == 90.0
    assert speaking[SANNE] == {
        "name": SANNE,
        "turns": 1,
        "passes": 1,
        "contributions": 1,
        "seconds": 40.0,
    }
    assert PIETER not in speaking  # excused: never there
    assert speaking[LOTTE]["turns"] == 0  # arrived late, present, not heard


# ------------------------------------------------------------------------------------- Markdown


def test_markdown_header_in_dutch_style(md: str) -> None:
    assert md.startswith("# Verslag Casusoverleg Noord\n")
    assert "- **Datum:** dinsdag 1 december 2026" in md
    assert "- **Plaats:** Wijkhuis" in md
    assert "- **Tijd:** 09:30–" in md
    assert f"- **Voorzitter:** {CHAIR}" in md
    assert f"- **Notulist:** {JOOST}" in md
    assert "- **Afwezig met kennisgeving:** Pieter Smit (Jeugd)" in md
    assert "- **Afwezig:**" not in md  # Lotte arrived
    assert "- **Later binnengekomen:** Lotte de Boer (09:34)" in md
    assert "- **Gasten:** Eva" in md and "- **Eerder vertrokken:** Eva" in md


def test_markdown_items_contributions_override_decision(md: str) -> None:
    assert "## 1. Casus gezin J." in md
    assert "## 2. Afsluiting" in md
    assert "**Status:** uitgesteld — reden: Geen tijd meer" in md
    assert f"- **{SANNE}** — *Vraag:* Wat wil mevrouw jansen zelf?" in md
    assert f"- **{OWNER}** — *Antwoord:* Rust en een vast inkomen." in md
    assert f"{CHAIR} heeft gepast." in md
    assert f"{SANNE} heeft gepast." in md
    flag = next(line for line in md.splitlines() if "⚠" in line)
    assert "Besluit genomen voordat iedereen gehoord was" in flag
    assert OVERRIDE in flag
    assert f"niet gehoord: Perspectieven: {LOTTE}, Eva" in flag and CHAIR in flag
    assert "**Besluit 1.1:** Jansen krijgt schuldhulp via het wijkteam." in md
    assert f"bezwaar: {SANNE} — {OBJECTION}" in md
    assert f"onthouding: {JOOST} — Geen mandaat" in md
    assert "ingestemd: Mehmet Yılmaz, Lotte de Boer, Anouk de Vries" in md  # not the guest
    assert "genomen ondanks een bezwaar dat bleef staan" in md


def test_markdown_lists_and_tables(md: str) -> None:
    rows = table_rows(md)
    decisions = md.split("## Besluitenlijst")[1].split("## ")[0]
    assert (
        "| 1.1 | Jansen krijgt schuldhulp via het wijkteam. (genomen ondanks een bezwaar dat bleef staan) |"
        in decisions
    )
    actions = md.split("## Actielijst")[1].split("## ")[0]
    assert (
        f"| 1.1 | {SANNE} | Aanmelden bij schuldhulp voor Jansen | dinsdag 8 december 2026 | open |"
        in actions
    )
    assert "| 1.2 |" in actions and "Huisbezoek met \\| pipe" in actions
    assert "3.1 van 24 november" in actions and "| afgerond |" in actions
    cell_texts = [cells for _, cells in rows]
    assert [
        "1.2",
        OWNER,
        "Huisbezoek met | pipe",
        "donderdag 10 december 2026",
        "open",
    ] in cell_texts
    times = md.split("## Tijd: gepland en gebruikt")[1].split("## ")[0]
    assert "| 1 | Casus gezin J. | 20:00 |" in times
    assert "| 2 | Afsluiting | 05:00 | 00:00 | −05:00 |" in times
    speaking = md.split("## Spreektijd per persoon")[1]
    assert "| Naam | Beurten | Gepast | Bijdragen | Spreektijd |" in speaking
    assert f"| {OWNER} | 1 | 0 | 3 | 01:30 |" in speaking
    assert f"| {SANNE} | 1 | 1 | 1 | 00:40 |" in speaking
    assert f"| {LOTTE} | 0 | 0 | 0 | 00:00 |" in speaking


def test_hostile_text_cannot_break_the_layout(md: str) -> None:
    tokens = flat(parse(md))
    assert not [t for t in tokens if t.type in ("link_open", "image", "html_inline", "html_block")]
    # Every row of every table has as many cells as its header.
    rows = table_rows(md)
    widths = {2, 4, 5}
    assert all(n in widths for n, _ in rows), rows
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<strong>x</strong>" not in html and "<em>z</em>" not in html
    assert "| **x** | [a](b)" in html  # shown literally
    assert "Eva &lt;b&gt;|&lt;/b&gt; [x](y) *z*" in html
    assert "- zorg: schulden" in html and "1. eerst rust" in html  # no nested list
    assert html.count("<table>") == 4
    # The guest's name in the speaking table is one cell.
    assert [GUEST, "1", "0", "1", "00:20"] in [cells for _, cells in rows]


@pytest.mark.parametrize(
    "text",
    [
        "| a | b |",
        "[a](b)",
        "**x**",
        "# kop",
        "- item",
        "+ item",
        "1. item",
        "2) item",
        "===",
        "<script>",
        "`code`",
        "~~weg~~",
        "a\nb | c",
        "&amp; &#123;",
        "\\*",
        "_x_",
        "![i](j)",
    ],
)
def test_escape_leaves_literal_text(text: str) -> None:
    html = MarkdownIt("commonmark").enable("table").render(f"| h |\n|---|\n| {escape(text)} |\n")
    inline = MarkdownIt("commonmark").render(escape(text))
    expected = (
        " ".join(text.split("\n")).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    )
    assert f"<td>{expected}</td>" in html
    assert inline == f"<p>{expected}</p>\n"


def test_same_state_same_bytes(
    meeting: tuple[Meeting, list[Event]], record: dict[str, Any]
) -> None:
    m, events = meeting
    first = (minutes.render_toml(record), minutes.render_markdown(record))
    again = minutes.build_record(m.state, meeting_id="2026-12-01-casusoverleg-noord")
    assert (minutes.render_toml(again), minutes.render_markdown(again)) == first
    journal = [events_.from_record(json.loads(json.dumps(events_.to_record(e)))) for e in events]
    replayed = minutes.build_record(replay(agenda(), journal), "2026-12-01-casusoverleg-noord")
    assert (minutes.render_toml(replayed), minutes.render_markdown(replayed)) == first
    # A second, separate run of the same meeting gives the same bytes too, but for the ids of
    # its new actions: those are unique forever.
    other = minutes.build_record(run_meeting()[0].state, "2026-12-01-casusoverleg-noord")
    new_ids = re.compile(r'^id = "[0-9a-f]{32}"$', re.MULTILINE)
    assert len(new_ids.findall(first[0])) == 2
    assert new_ids.sub("", minutes.render_toml(other)) == new_ids.sub("", first[0])


def test_english_rendering_has_no_dutch_headings() -> None:
    m, _ = run_meeting("en")
    md = minutes.render_markdown(minutes.build_record(m.state))
    assert md.startswith("# Minutes Casusoverleg Noord\n")
    assert "- **Date:** Tuesday 1 December 2026" in md
    assert "- **Chair:** Anouk de Vries" in md and "- **Absent with notice:**" in md
    assert "⚠ Decision taken before everyone was heard" in md
    assert "Anouk de Vries passed." in md and "| No. | Decision |" in md
    nl, en = catalog("nl"), catalog("en")
    dutch = [
        v
        for k, v in nl.items()
        if k.startswith("minutes.")
        and isinstance(v, str)
        and v != en[k]
        and len(v) > 4
        and k.split(".")[1]
        in ("header", "decision_list", "action_list", "time", "speaking", "item")
    ]
    dutch = [d for d in dutch if d != "Besluit"]  # the agenda's own phase title
    dutch += [
        "Verslag",
        "voordat iedereen",
        "heeft gepast",
        "dinsdag",
        "december",
        "uitgesteld",
        "Consentronde",
    ]
    assert [d for d in dutch if d.split("{")[0] in md] == []


def test_decisions_only_has_no_contributions_or_votes(record: dict[str, Any]) -> None:
    text = minutes.render_markdown(record, decisions_only=True)
    assert text.startswith("# Besluitenlijst Casusoverleg Noord\n")
    assert (
        "| 1.1 | Jansen krijgt schuldhulp via het wijkteam. (genomen ondanks een bezwaar dat bleef staan) |"
        in text
    )
    assert "Aanmelden bij schuldhulp voor Jansen" in text
    for phase in (p for item in record["items"] for p in item["phases"]):
        for c in phase["contributions"]:
            assert escape(c["text"].splitlines()[0]) not in text
    assert OBJECTION not in text and OVERRIDE not in text and "Geen mandaat" not in text
    assert "Spreektijd" not in text and "heeft gepast" not in text


def test_pseudonymise_replaces_client_names_everywhere(record: dict[str, Any]) -> None:
    shared = minutes.pseudonymise(record)
    case = shared["items"][0]
    assert case["title"] == "Casus cliënt A"
    assert case["clients"] == ["cliënt A", "cliënt B"]
    assert shared["items"][1]["clients"] == []
    contributions = [c["text"] for p in case["phases"] for c in p["contributions"]]
    assert contributions[0] == "Het gezin cliënt B heeft schulden en wil rust; zie Jansenstraat 4."
    assert "Wat wil mevrouw cliënt B zelf?" in contributions
    assert case["decisions"][0]["text"] == "cliënt B krijgt schuldhulp via het wijkteam."
    assert shared["actions"][1]["what"] == "Aanmelden bij schuldhulp voor cliënt B"
    assert shared["actions"][0]["what"] == "Rapport school opvragen"  # other text kept
    assert shared["meeting"]["pseudonymised"] is True
    md = minutes.render_markdown(shared)
    text = md.replace("Jansenstraat", "")
    assert "jansen" not in text.casefold() and "gezin J." not in text
    assert "Gepseudonimiseerde versie" in md
    assert tomllib.loads(minutes.render_toml(shared)) == shared
    # The original is untouched.
    assert record["items"][0]["clients"] == ["gezin J.", "Jansen"]
    assert minutes.pseudonymise(record) == shared  # stable


def test_pseudonymise_labels_in_order_of_first_appearance_in_english() -> None:
    m, _ = run_meeting("en")
    record = minutes.build_record(m.state)
    record["items"][1]["clients"] = ["JANSEN", "Familie Bos"]
    record["items"][1]["title"] = "Bos en familie bos en Familie Bos"
    shared = minutes.pseudonymise(record)
    assert shared["items"][0]["clients"] == ["client A", "client B"]
    assert shared["items"][1]["clients"] == ["client B", "client C"]
    assert shared["items"][1]["title"] == "Bos en client C en client C"


def test_catalogs_have_the_same_keys() -> None:
    nl = {k for k in catalog("nl") if k.startswith("minutes.")}
    en = {k for k in catalog("en") if k.startswith("minutes.")}
    assert nl == en
    assert (
        len(catalog("nl")["minutes.weekdays"]) == 7 and len(catalog("en")["minutes.months"]) == 12
    )


def test_pseudonymise_catches_dutch_inflections_but_not_longer_words() -> None:
    record = {
        "meeting": {"language": "nl"},
        "items": [
            {
                "title": "Casus",
                "clients": ["Jansen", "Daan"],
                "notes": [{"text": "Jansens huisarts; Daan's school; de Jansens; Jansenstraat"}],
            }
        ],
    }
    text = minutes.pseudonymise(record)["items"][0]["notes"][0]["text"]
    assert not re.search(r"\bJansens\b", text) and "Daan" not in text
    assert "cliënt A's huisarts" in text and "cliënt B's school" in text
    assert "Jansenstraat" in text


def test_an_open_proposal_is_in_the_minutes_as_no_decision() -> None:
    clock = FakeClock()
    meeting = Meeting(small_agenda(), clock)
    meeting.start({}, chair="Anouk de Vries")
    meeting.start_item(0)
    meeting.goto_phase(3, override="Spoed")
    meeting.propose("Plan A voor gezin J.")
    meeting.vote("Sanne Bakker", "object", "Eerst school spreken")
    meeting.start_item(1)
    meeting.end()
    record = minutes.build_record(meeting.state)
    assert record["items"][0]["open_proposal"]["votes"][0]["reason"] == "Eerst school spreken"
    assert tomllib.loads(minutes.render_toml(record)) == record
    markdown = minutes.render_markdown(record)
    assert "Voorstel, nog geen besluit genomen:** Plan A voor gezin J." in markdown
    assert "bezwaar: Sanne Bakker — Eerst school spreken" in markdown
    assert "Plan A" not in markdown.split("## Besluitenlijst")[1]


def test_the_speaking_table_lists_only_those_present_and_guests() -> None:
    """Input noted against someone absent (a written contribution) does not put them at the table."""
    clock = FakeClock()
    m = Meeting(agenda(), clock)
    m.start(
        {PIETER: "absent", LOTTE: "excused"},
        chair=CHAIR,
        guests=[Participant("Bram de Wit", discipline="Politie")],
    )
    m.start_item(0)
    m.next_phase()  # questions
    m.note("Schriftelijk: wat wil de school?", PIETER)
    m.note("Ook schriftelijk: hoe gaat het thuis?", LOTTE)
    m.next_speaker()
    clock.tick(20)
    m.end()
    record = minutes.build_record(m.state)
    listed = [s["name"] for s in record["speaking"]]
    assert listed == [CHAIR, OWNER, SANNE, JOOST, "Bram de Wit"]
    speaking = minutes.render_markdown(record).split("## Spreektijd per persoon")[1]
    assert PIETER not in speaking and LOTTE not in speaking
    assert "| Bram de Wit | 0 | 0 | 0 | 00:00 |" in speaking


@pytest.mark.parametrize("language", ["nl", "en"])
def test_deferred_and_skipped_items_use_the_screens_word_and_show_their_reason(
    language: str,
) -> None:
    clock = FakeClock()
    m = Meeting(dataclasses.replace(small_agenda(), language=language), clock)
    m.start({}, chair=CHAIR)
    m.start_item(0)
    m.defer_item("Wachten op de school")
    m.skip_item("Al geregeld buiten het overleg", index=1)
    m.end()
    record = minutes.build_record(m.state)
    case, closing = record["items"]
    assert (case["status"], case["reason"]) == ("deferred", "Wachten op de school")
    assert (closing["status"], closing["reason"]) == ("skipped", "Al geregeld buiten het overleg")
    texts = catalog(language)
    reason = texts["minutes.item.reason"]
    md = minutes.render_markdown(record)
    deferred = texts["ui.item_status.deferred"]
    skipped = texts["ui.item_status.skipped"]
    assert f"**Status:** {deferred} — {reason}: Wachten op de school" in md
    assert f"**Status:** {skipped} — {reason}: Al geregeld buiten het overleg" in md
    assert texts["minutes.status.deferred"] == deferred
    assert texts["minutes.status.skipped"] == skipped


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("nl", f"- Ook gehoord: {SANNE}, {JOOST}, {CHAIR}."),
        ("en", f"- Also heard: {SANNE}, {JOOST}, {CHAIR}."),
    ],
)
def test_those_heard_without_a_note_are_one_line_per_round(language: str, line: str) -> None:
    clock = FakeClock()
    m = Meeting(dataclasses.replace(small_agenda(), language=language), clock)
    m.start({}, chair=CHAIR)
    m.start_item(1)  # the closing round: Mehmet, Sanne, Joost, the chair last
    for _ in range(4):
        m.next_speaker()
        clock.tick(20)
        if m.state.turn is not None and m.state.turn.speaker == OWNER:
            m.note("Goed dat we het zo doen.")
    m.next_speaker()  # the chair's turn ends
    m.end()
    md = minutes.render_markdown(minutes.build_record(m.state))
    section = md.split("### Slotronde\n")[1].split("\n## ")[0]
    assert section.strip().splitlines() == [f"- **{OWNER}** — Goed dat we het zo doen.", line]
