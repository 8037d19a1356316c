"""minutes.html: the readable minutes as one self-contained HTML file, printable to A4 PDF.

The same content in the same order as minutes.md: `document` walks the record once into plain
blocks (headings, paragraphs, lists, tables) holding raw user text, and `render_html` (here) and
`render_text` (overleg.minutes.text) each lay those blocks out. Every piece of user text goes
through `html.escape` here; the file has an inline stylesheet and no scripts, links or other
external resources.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from overleg.agenda import method_title
from overleg.i18n import Texts
from overleg.minutes.markdown import (
    action_number,
    adoption_sentence,
    agenda_sentence,
    agreed_day,
    amendment_line,
    clock,
    hhmm,
)

# ------------------------------------------------------------------------------ the blocks

#: An inline span: (style, text) with style "" (plain), "b" (strong), "i" (emphasis) or "br"
#: (a line break inside multi-line user text; its text is "").
Span = tuple[str, str]
Spans = list[Span]

_NEWLINES = re.compile(r"\s*[\r\n]+\s*")


@dataclass
class Heading:
    level: int
    spans: Spans


@dataclass
class Para:
    spans: Spans
    quote: bool = False


@dataclass
class ListItem:
    spans: Spans
    children: list[Spans] = field(default_factory=list)


@dataclass
class BulletList:
    items: list[ListItem]


@dataclass
class Facts:
    """The header's label: value lines."""

    rows: list[tuple[str, Spans]]


@dataclass
class Table:
    header: list[str]
    rows: list[list[Spans]]
    #: The last row is a total (shown in bold, as the Markdown does).
    total: bool = False


Block = Heading | Para | BulletList | Facts | Table


def one(text: str) -> str:
    """One line of user text: newlines become spaces."""
    return _NEWLINES.sub(" ", str(text)).strip()


def lines(text: str) -> Spans:
    """Multi-line user text kept as lines, joined by line breaks."""
    kept = [one(line) for line in str(text).splitlines()]
    out: Spans = []
    for line in (k for k in kept if k):
        if out:
            out.append(("br", ""))
        out.append(("", line))
    return out


def _signed(seconds: float) -> str:
    if int(round(seconds)) == 0:
        return "00:00"
    return ("+" if seconds > 0 else "") + clock(seconds)


@dataclass
class Document:
    language: str
    title: str
    blocks: list[Block]
    #: What heads every printed page: the title and the day of the meeting.
    running: str = ""


class _Builder:
    """The blocks of the minutes, following `markdown._Writer` section by section."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record
        self.meeting: dict[str, Any] = record.get("meeting", {})
        language = self.meeting.get("language") or "nl"
        self.language = language if language in ("nl", "en") else "nl"
        self.t = Texts(self.language)
        self.blocks: list[Block] = []
        self.running = ""

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def heading(self, level: int, text: str) -> None:
        self.add(Heading(level, [("", text)]))

    def day(self, value: date) -> str:
        return self.t(
            "minutes.date",
            weekday=self.t.list("minutes.weekdays")[value.weekday()],
            day=value.day,
            month=self.t.list("minutes.months")[value.month - 1],
            year=value.year,
        )

    def names(self, names: list[str]) -> str:
        return self.t("minutes.list_separator").join(one(n) for n in names)

    # ---- header

    def header(self, decisions_only: bool) -> str:
        t, m = self.t, self.meeting
        key = "minutes.title_decisions" if decisions_only else "minutes.title"
        title = t(key, title=one(m.get("title", "")))
        self.heading(1, title)
        if m.get("pseudonymised"):
            self.add(Para([("i", t("minutes.pseudonymised"))]))
        rows: list[tuple[str, Spans]] = []

        def line(label: str, value: str) -> None:
            if value:
                rows.append((t("minutes.header." + label), [("", value)]))

        line("kind", one(m.get("kind", "")))
        when = m.get("started") or m.get("planned_date")
        line("date", self.day(when) if isinstance(when, date) else "")
        self.running = f"{title} · {self.day(when)}" if isinstance(when, date) else title
        line("place", one(m.get("place", "")))
        started, ended = m.get("started"), m.get("ended")
        if isinstance(started, datetime):
            end = hhmm(ended) if isinstance(ended, datetime) else t("minutes.header.not_ended")
            line("time", t("minutes.time_range", start=hhmm(started), end=end))
        line("chair", one(m.get("chair", "")))
        line("minute_taker", one(m.get("minute_taker", "")))
        people = self.record.get("attendance", [])

        def who(p: dict[str, Any]) -> str:
            name = one(p["name"])
            return f"{name} ({one(p['discipline'])})" if p.get("discipline") else name

        sep = t("minutes.list_separator")
        members = [p for p in people if not p.get("guest")]
        for status in ("present", "excused", "absent"):
            chosen = [who(p) for p in members if p.get("attendance") == status]
            line(status, sep.join(chosen) or (t("minutes.none") if status == "present" else ""))
        line("guests", sep.join(who(p) for p in people if p.get("guest")))
        late = [p for p in people if isinstance(p.get("arrived"), datetime)]
        line("late", sep.join(f"{one(p['name'])} ({hhmm(p['arrived'])})" for p in late))
        left = [p for p in people if isinstance(p.get("left"), datetime)]
        line("left", sep.join(f"{one(p['name'])} ({hhmm(p['left'])})" for p in left))
        pauses = []
        for p in self.record.get("pauses", []):
            end = hhmm(p["ended"]) if "ended" in p else "…"
            pauses.append(t("minutes.time_range", start=hhmm(p["started"]), end=end))
        line("pauses", sep.join(pauses))
        kept = m.get("minutes_status")
        adopted = m.get("adopted")
        if kept == "concept":
            line("minutes_status", t("minutes.adoption.concept"))
        elif kept == "adopted" and isinstance(adopted, dict):
            line("minutes_status", t("minutes.adoption.adopted"))
        self.add(Facts(rows))
        if isinstance(adopted, dict):
            self.adoption(adopted, here=False)
        self.agenda_changes(0)
        return title

    def adoption(self, adoption: dict[str, Any], here: bool) -> None:
        t = self.t
        self.add(Para([("", adoption_sentence(t, adoption, one, here=here))]))
        amendments = adoption.get("amendments") or []
        if amendments:
            self.add(BulletList([ListItem([("", amendment_line(t, a, one))]) for a in amendments]))

    def agenda_changes(self, during: int) -> None:
        """The agenda as adopted, under the item in which it changed (0: before any item)."""
        changes = [c for c in self.record.get("agenda_changes", []) if c.get("during") == during]
        sentence = agenda_sentence(self.t, changes, one)
        if sentence:
            self.add(Para([("", sentence)]))

    # ---- items

    def item(self, item: dict[str, Any]) -> None:
        t = self.t
        self.heading(2, f"{item['number']}. {one(item['title'])}")
        facts: Spans = []
        if item.get("presenter"):
            facts += [("i", t("minutes.item.presenter") + ":"), ("", " " + one(item["presenter"]))]
        if item.get("method"):
            try:
                method = method_title(item["method"], t.language)
            except KeyError:
                method = item["method"]
            if facts:
                facts.append(("", " · "))
            facts += [("i", t("minutes.item.method") + ":"), ("", " " + one(method))]
        if facts:
            self.add(Para(facts))
        status = item.get("status", "")
        if status in ("deferred", "skipped", "todo", "running"):
            spans: Spans = [
                ("b", t("minutes.item.status") + ":"),
                ("", " " + t("minutes.status." + status)),
            ]
            if item.get("reason"):
                spans.append(("", f" — {t('minutes.item.reason')}: {one(item['reason'])}"))
            self.add(Para(spans))
        for phase in item.get("phases", []):
            self.phase(phase)
        if item.get("notes"):
            self.heading(3, t("minutes.item.notes"))
            self.add(BulletList([ListItem(lines(n["text"])) for n in item["notes"]]))
        for override in item.get("overrides", []):
            self.override(override)
        if item.get("decisions"):
            self.heading(3, t("minutes.item.decisions"))
            for decision in item["decisions"]:
                self.decision(decision)
        if item.get("open_proposal"):
            self.open_proposal(item["open_proposal"])
        if item.get("method") == "actions-review":
            self.reviewed_actions()
        self.agenda_changes(item["number"])
        adopts = item.get("adopts")
        if isinstance(adopts, dict):
            self.adoption(adopts, here=True)
        elif item.get("amendments"):
            self.heading(3, t("minutes.adoption.amendments"))
            self.add(
                BulletList(
                    [ListItem([("", amendment_line(t, a, one))]) for a in item["amendments"]]
                )
            )
        actions = [a for a in self.record.get("actions", []) if a.get("item") == item["number"]]
        if actions:
            self.heading(3, t("minutes.item.actions"))
            self.add(BulletList([ListItem(self.action_line(a)) for a in actions]))

    def phase(self, phase: dict[str, Any]) -> None:
        t = self.t
        entries: list[ListItem] = []
        for c in phase.get("contributions", []):
            kind = c.get("kind", "contribution")
            label: Spans = []
            if kind != "contribution":
                label = [("i", t("minutes.contribution." + kind) + ":"), ("", " ")]
            if c.get("speaker"):
                spans: Spans = [("b", one(c["speaker"])), ("", " — "), *label, *lines(c["text"])]
            else:
                spans = [("i", t("minutes.contribution.note") + ":"), ("", " "), *lines(c["text"])]
            entries.append(ListItem(spans))
        spoke = {c.get("speaker") for c in phase.get("contributions", [])}
        unnoted = [name for name in phase.get("heard", []) if name not in spoke]
        if unnoted:
            text = t("minutes.contribution.also_heard", names=self.names(unnoted))
            entries.append(ListItem([("", text)]))
        for name in phase.get("passed", []):
            entries.append(ListItem([("", t("minutes.contribution.passed", name=one(name)))]))
        if entries:
            self.heading(3, one(phase["title"]))
            self.add(BulletList(entries))

    def override(self, override: dict[str, Any]) -> None:
        t = self.t
        missing = "; ".join(
            f"{one(m['phase'])}: {self.names(m['names'])}" for m in override.get("missing", [])
        )
        text = f" ({one(override.get('phase_title', ''))})"
        text += f" — {t('minutes.override.reason')}: {one(override.get('reason', ''))}"
        if missing:
            text += f"; {t('minutes.override.missing')}: {missing}"
        self.add(Para([("b", t("minutes.override.flag")), ("", text)], quote=True))

    def decision(self, decision: dict[str, Any]) -> None:
        t = self.t
        label = t("minutes.decision.label", number=one(decision["number"]))
        self.add(Para([("b", label + ":"), ("", " "), *lines(decision["text"])]))
        entries: list[ListItem] = []
        if decision.get("rationale"):
            rationale = [
                ("", t("minutes.decision.rationale") + ": "),
                *lines(decision["rationale"]),
            ]
            entries.append(ListItem(rationale))
        outcome = {
            "consent": "outcome_consent",
            "over-objection": "outcome_over_objection",
        }.get(decision.get("outcome", ""), "outcome_objections")
        text = f"{t('minutes.decision.consent_round')}: {t('minutes.decision.' + outcome)}"
        round_ = ListItem([("", text)])
        entries.append(round_)
        votes = decision.get("votes", [])
        for vote in ("consent", "object", "abstain"):
            chosen = [v for v in votes if v.get("vote") == vote]
            if not chosen:
                continue
            if vote == "consent":
                who = self.names([v["name"] for v in chosen])
                round_.children.append([("", f"{t('minutes.decision.consent')}: {who}")])
                continue
            for v in chosen:
                reason = f" — {one(v['reason'])}" if v.get("reason") else ""
                text = f"{t('minutes.decision.' + vote)}: {one(v['name'])}{reason}"
                round_.children.append([("", text)])
        if decision.get("outcome") == "consent-with-objections":
            for v in decision.get("objections_heard", []):
                reason = f" — {one(v['reason'])}" if v.get("reason") else ""
                heard = t("minutes.decision.objection_heard")
                round_.children.append([("", f"{heard}: {one(v['name'])}{reason}")])
        self.add(BulletList(entries))

    def open_proposal(self, proposal: dict[str, Any]) -> None:
        t = self.t
        label = t("minutes.decision.open_proposal") + ":"
        self.add(Para([("b", label), ("", " "), *lines(proposal["text"])]))
        entries = []
        for vote in proposal.get("votes", []):
            reason = f" — {one(vote['reason'])}" if vote.get("reason") else ""
            text = f"{t('minutes.decision.' + vote['vote'])}: {one(vote['name'])}{reason}"
            entries.append(ListItem([("", text)]))
        if entries:
            self.add(BulletList(entries))

    def due(self, action: dict[str, Any]) -> str:
        due = action.get("due")
        return self.day(due) if isinstance(due, date) else ""

    def reviewed_actions(self) -> None:
        t = self.t
        carried = [a for a in self.record.get("actions", []) if a.get("origin")]
        if not carried:
            self.add(Para([("", t("minutes.item.no_carried_actions"))]))
            return
        entries = []
        for action in carried:
            status = t("minutes.action_status." + action.get("status", "open"))
            spans = [*self.action_line(action), ("", " — "), ("b", status)]
            if action.get("note"):
                spans.append(("", f" ({one(action['note'])})"))
            entries.append(ListItem(spans))
        self.add(BulletList(entries))

    def action_number(self, action: dict[str, Any]) -> str:
        when = self.meeting.get("started") or self.meeting.get("planned_date")
        year = when.year if isinstance(when, date) else None
        return action_number(self.t, one(action["number"]), agreed_day(action), year)

    def action_line(self, action: dict[str, Any]) -> Spans:
        text = f" {one(action['owner'])}: {one(action['what'])}"
        if self.due(action):
            text += f" ({self.t('minutes.action.due', date=self.due(action))})"
        return [("b", self.action_number(action)), ("", text)]

    # ---- lists and tables

    def decision_list(self) -> None:
        t = self.t
        self.heading(2, t("minutes.decision_list.heading"))
        rows: list[list[Spans]] = []
        for item in self.record.get("items", []):
            for d in item.get("decisions", []):
                text = one(d["text"])
                if d.get("outcome") == "over-objection":
                    text += f" ({t('minutes.decision.outcome_over_objection')})"
                rows.append([[("", one(d["number"]))], [("", text)]])
        if not rows:
            self.add(Para([("", t("minutes.decision_list.empty"))]))
            return
        header = [t("minutes.decision_list.number"), t("minutes.decision_list.decision")]
        self.add(Table(header, rows))

    def action_list(self) -> None:
        t = self.t
        self.heading(2, t("minutes.action_list.heading"))
        rows: list[list[Spans]] = []
        for a in self.record.get("actions", []):
            status = t("minutes.action_status." + a.get("status", "open"))
            if a.get("note"):
                status += f" — {t('minutes.action.note')}: {one(a['note'])}"
            owner = one(a["owner"])
            if not a.get("owner_at_table", True):
                owner += " (" + t("minutes.action.not_at_table") + ")"
            cells = [self.action_number(a), owner, one(a["what"]), self.due(a), status]
            rows.append([[("", c)] for c in cells])
        if not rows:
            self.add(Para([("", t("minutes.action_list.empty"))]))
            return
        header = ["number", "who", "what", "when", "status"]
        self.add(Table([t("minutes.action_list." + h) for h in header], rows))

    def time_table(self) -> None:
        t = self.t
        self.heading(2, t("minutes.time.heading"))
        rows: list[list[Spans]] = []
        planned_total = used_total = 0.0
        for item in self.record.get("items", []):
            planned, used = item.get("planned_seconds", 0), item.get("used_seconds", 0.0)
            planned_total += planned
            used_total += used
            shown = clock(planned)
            if item.get("extra_seconds"):
                shown += " (" + t("minutes.time.extended", extra=clock(item["extra_seconds"])) + ")"
            cells = [str(item["number"]), one(item["title"]), shown, clock(used)]
            rows.append([[("", c)] for c in [*cells, _signed(used - planned)]])
        total = ["", t("minutes.time.total"), clock(planned_total), clock(used_total)]
        rows.append([[("", c)] for c in [*total, _signed(used_total - planned_total)]])
        header = ["number", "item", "planned", "used", "difference"]
        self.add(Table([t("minutes.time." + h) for h in header], rows, total=True))

    def speaking_table(self) -> None:
        t = self.t
        self.heading(2, t("minutes.speaking.heading"))
        rows: list[list[Spans]] = []
        for s in self.record.get("speaking", []):
            cells = [
                one(s["name"]),
                str(s.get("turns", 0)),
                str(s.get("passes", 0)),
                str(s.get("contributions", 0)),
                clock(s.get("seconds", 0)),
            ]
            rows.append([[("", c)] for c in cells])
        header = ["name", "turns", "passes", "contributions", "seconds"]
        self.add(Table([t("minutes.speaking." + h) for h in header], rows))


def document(record: dict[str, Any], decisions_only: bool = False) -> Document:
    """The minutes as blocks, in the order and with the content of `render_markdown`."""
    b = _Builder(record)
    title = b.header(decisions_only)
    if not decisions_only:
        for item in record.get("items", []):
            b.item(item)
    b.decision_list()
    b.action_list()
    if not decisions_only:
        b.time_table()
        b.speaking_table()
    return Document(b.language, title, b.blocks, b.running)


# -------------------------------------------------------------------------------------- HTML

_STYLE = """\
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; line-height: 1.4;
  max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #111; background: #fff; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 1.6rem; }
h3 { font-size: 1.05rem; margin-bottom: 0.3rem; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; }
blockquote { border-left: 4px solid #b35900; margin: 0.8rem 0; padding: 0.2rem 0.8rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #888; padding: 0.25rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { background: #eee; }
tr.total td { font-weight: bold; }
@page { size: A4; margin: 20mm 18mm 22mm 18mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, li, blockquote { break-inside: avoid; page-break-inside: avoid; }
}
"""


def _spans(spans: Spans) -> str:
    out = []
    for style, text in spans:
        if style == "br":
            out.append("<br>")
        elif style == "b":
            out.append(f"<strong>{html.escape(text)}</strong>")
        elif style == "i":
            out.append(f"<em>{html.escape(text)}</em>")
        else:
            out.append(html.escape(text))
    return "".join(out)


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"<h{block.level}>{_spans(block.spans)}</h{block.level}>"]
    if isinstance(block, Para):
        body = f"<p>{_spans(block.spans)}</p>"
        return [f"<blockquote>{body}</blockquote>" if block.quote else body]
    if isinstance(block, Facts):
        out = ['<dl class="facts">']
        for label, value in block.rows:
            out.append(f"<dt>{html.escape(label)}</dt><dd>{_spans(value)}</dd>")
        return [*out, "</dl>"]
    if isinstance(block, BulletList):
        out = ["<ul>"]
        for entry in block.items:
            if entry.children:
                out.append(f"<li>{_spans(entry.spans)}")
                out.append("<ul>")
                out.extend(f"<li>{_spans(child)}</li>" for child in entry.children)
                out.append("</ul></li>")
            else:
                out.append(f"<li>{_spans(entry.spans)}</li>")
        return [*out, "</ul>"]
    out = ["<table>", "<thead>", "<tr>"]
    out.extend(f'<th scope="col">{html.escape(h)}</th>' for h in block.header)
    out += ["</tr>", "</thead>", "<tbody>"]
    for index, row in enumerate(block.rows):
        total = block.total and index == len(block.rows) - 1
        out.append('<tr class="total">' if total else "<tr>")
        out.extend(f"<td>{_spans(c)}</td>" for c in row)
        out.append("</tr>")
    return [*out, "</tbody>", "</table>"]


def _css_string(text: str) -> str:
    """`text` as the body of a CSS string: every character but a letter, digit or space as a
    six-digit escape (and the space that ends it), so that no quote, backslash or ``</style>``
    can end it."""
    return "".join(
        ch if ch.isalnum() and ch.isascii() or ch == " " else f"\\{ord(ch):06X} " for ch in text
    )


def _page_head(running: str) -> str:
    """The title and day at the top of every printed page."""
    return f'@page {{ @top-left {{ content: "{_css_string(running)}"; font-size: 9pt; color: #444; }} }}'


def render_html(record: dict[str, Any], decisions_only: bool = False) -> str:
    """The minutes as one self-contained HTML document in the record's language.

    Same content and order as `render_markdown` (also `decisions_only`); an inline stylesheet
    with an A4 print layout; no scripts and nothing fetched from elsewhere.
    """
    doc = document(record, decisions_only)
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{doc.language}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(doc.title)}</title>",
        "<style>",
        _STYLE.rstrip("\n"),
        _page_head(doc.running),
        "</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    body = [line for block in doc.blocks for line in _block(block)]
    return "\n".join([*head, *body, "</main>", "</body>", "</html>"]) + "\n"
