"""minutes.md: readable minutes laid out as Dutch minutes are, in the meeting's language.

Everything is rendered from the record (`build_record`, or a record read back from minutes.toml,
or its pseudonymised copy), never from the live state. Every piece of user text (names, titles,
notes, reasons) goes through `escape` or `cell`, so nothing typed during a meeting can open a
link, a table cell, a heading or a list in the minutes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from overleg.agenda import method_title
from overleg.i18n import Texts

# ------------------------------------------------------------------------------------ escaping

#: ASCII punctuation that means something to CommonMark or GFM anywhere in a line.
_SPECIAL = re.compile(r"([\\`*_\[\]()#|<>~]|&(?=#?\w+;))")
#: What means something only at the start of a line: list markers, setext underlines,
#: numbered lists.
_LEADING = re.compile(r"^([-+=])|^(\d+)([.)])")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
_NUMBER = re.compile(r"^\d+(\.\d+)*$")


def escape(text: str) -> str:
    """One line of user text, safe anywhere inline: newlines become spaces, markup is escaped."""
    text = _NEWLINES.sub(" ", str(text)).strip()
    text = _SPECIAL.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def number(text: str) -> str:
    """A decision or action number such as "3.1": shown as it is when it is one, else escaped."""
    return text if _NUMBER.match(text) else escape(text)


def short_day(texts: Texts, value: date, year: int | None = None) -> str:
    """A day without its weekday, "2 december"; with its year unless that is `year`."""
    month = texts.list("minutes.months")[value.month - 1]
    if value.year == year:
        return texts("minutes.short_date", day=value.day, month=month)
    return texts("minutes.short_date_year", day=value.day, month=month, year=value.year)


def action_number(texts: Texts, text: str, agreed: date | None, year: int | None = None) -> str:
    """An action's number as shown, with the day of the meeting it was agreed in when that is
    known: "6.1 van 2 december" (its year unless it is `year`). A carried action keeps its number,
    so the day says which 6.1 it is; never a folder name. `text` is shown as it is."""
    if agreed is None:
        return text
    return texts("minutes.action.number_from", number=text, date=short_day(texts, agreed, year))


def agreed_day(action: dict[str, Any]) -> date | None:
    """The day a carried action of the record was agreed: its ``origin_date``, else (a
    version-1 journal kept none) the day its origin's folder name begins with; None for an
    action of the meeting itself or when neither says."""
    origin = action.get("origin")
    if not origin:
        return None
    day = action.get("origin_date")
    if isinstance(day, date):
        return day
    try:
        return date.fromisoformat(str(origin)[:10])
    except ValueError:
        return None


def amendment_line(texts: Texts, amendment: dict[str, Any], esc: Callable[[str], str]) -> str:
    """One amendment: "bij punt 3 (Titel): tekst", or only the text for the minutes at large;
    with "(op verzoek van …)" when the meeting noted who asked for it."""
    text = esc(amendment.get("text", ""))
    if amendment.get("by"):
        text += texts("minutes.adoption.by", name=esc(amendment["by"]))
    if not amendment.get("number"):
        return text
    title = esc(amendment.get("title", ""))
    return texts("minutes.adoption.at_item", number=amendment["number"], title=title, text=text)


def adoption_sentence(
    texts: Texts, adoption: dict[str, Any], esc: Callable[[str], str], here: bool = False
) -> str:
    """How minutes were adopted: in the minutes adopted ("Vastgesteld in het overleg van 9
    december 2026, met de volgende wijzigingen:" or "…, ongewijzigd."), or, `here`, in the item
    of the meeting that adopted them ("Het verslag van … van … is vastgesteld …")."""
    day = adoption.get("date")
    when = short_day(texts, day) if isinstance(day, date) else esc(adoption.get("title", ""))
    changed = "changed" if adoption.get("amendments") else "unchanged"
    if here:
        title = esc(adoption.get("title", ""))
        return texts(f"minutes.adoption.here_{changed}", title=title, date=when)
    return texts(f"minutes.adoption.{changed}", date=when, title=esc(adoption.get("title", "")))


def agenda_sentence(texts: Texts, changes: list[dict[str, Any]], esc: Callable[[str], str]) -> str:
    """ "Agenda vastgesteld met toevoeging van ‘X’, schrapping van ‘Y’ en een gewijzigde volgorde."
    ("" for no changes)."""
    if not changes:
        return ""

    def quoted(kind: str) -> list[str]:
        return [
            texts("minutes.agenda.quoted", title=esc(c["title"]))
            for c in changes
            if c.get("kind") == kind
        ]

    parts = []
    for kind in ("added", "dropped"):
        titles = quoted(kind)
        if titles:
            parts.append(texts(f"minutes.agenda.{kind}", titles=_joined(texts, titles)))
    if quoted("moved"):
        parts.append(texts("minutes.agenda.moved"))
    return texts("minutes.agenda.adopted", changes=_joined(texts, parts))


def _joined(texts: Texts, parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return (
        texts("minutes.list_separator").join(parts[:-1]) + texts("minutes.agenda.and") + parts[-1]
    )


def cell(text: str) -> str:
    """User text for a table cell (a cell holds one line; `|` is escaped by `escape`)."""
    return escape(text) or " "


def block(text: str, indent: str = "") -> str:
    """Multi-line user text kept as lines: each escaped, joined by hard line breaks."""
    lines = [escape(line) for line in str(text).splitlines()]
    lines = [line for line in lines if line]
    return ("\\\n" + indent).join(lines)


# ---------------------------------------------------------------------------------- formatting


def clock(seconds: float) -> str:
    """A duration as m:ss, or h:mm:ss from an hour; halves round up, as on the screen."""
    total = int(abs(seconds) + 0.5)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    sign = "−" if seconds < 0 and total else ""
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"


def hhmm(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


class _Writer:
    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record
        self.meeting: dict[str, Any] = record.get("meeting", {})
        language = self.meeting.get("language") or "nl"
        self.t = Texts(language if language in ("nl", "en") else "nl")
        self.lines: list[str] = []

    # ---- small helpers

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def para(self, *lines: str) -> None:
        """A block followed by a blank line."""
        self.lines.extend(lines)
        self.lines.append("")

    def day(self, value: date) -> str:
        weekdays = self.t.list("minutes.weekdays")
        months = self.t.list("minutes.months")
        return self.t(
            "minutes.date",
            weekday=weekdays[value.weekday()],
            day=value.day,
            month=months[value.month - 1],
            year=value.year,
        )

    def names(self, names: list[str]) -> str:
        return self.t("minutes.list_separator").join(escape(n) for n in names)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.add("| " + " | ".join(header) + " |")
        self.add("|" + "|".join("---" for _ in header) + "|")
        for row in rows:
            self.add("| " + " | ".join(row) + " |")
        self.add("")

    # ---- header

    def header(self, decisions_only: bool) -> None:
        t, m = self.t, self.meeting
        key = "minutes.title_decisions" if decisions_only else "minutes.title"
        self.para("# " + t(key, title=escape(m.get("title", ""))))
        if m.get("pseudonymised"):
            self.para("*" + t("minutes.pseudonymised") + "*")
        lines: list[str] = []

        def line(label: str, value: str) -> None:
            if value:
                lines.append(f"- **{t('minutes.header.' + label)}:** {value}")

        line("kind", escape(m.get("kind", "")))
        when = m.get("started") or m.get("planned_date")
        line("date", self.day(when) if isinstance(when, date) else "")
        line("place", escape(m.get("place", "")))
        started, ended = m.get("started"), m.get("ended")
        if isinstance(started, datetime):
            end = hhmm(ended) if isinstance(ended, datetime) else t("minutes.header.not_ended")
            line("time", t("minutes.time_range", start=hhmm(started), end=end))
        line("chair", escape(m.get("chair", "")))
        line("minute_taker", escape(m.get("minute_taker", "")))
        people = self.record.get("attendance", [])

        def who(p: dict[str, Any]) -> str:
            name = escape(p["name"])
            return f"{name} ({escape(p['discipline'])})" if p.get("discipline") else name

        sep = t("minutes.list_separator")
        members = [p for p in people if not p.get("guest")]
        for status, label in (("present", "present"), ("excused", "excused"), ("absent", "absent")):
            chosen = [who(p) for p in members if p.get("attendance") == status]
            line(label, sep.join(chosen) or (t("minutes.none") if status == "present" else ""))
        line("guests", sep.join(who(p) for p in people if p.get("guest")))
        late = [p for p in people if isinstance(p.get("arrived"), datetime)]
        line("late", sep.join(f"{escape(p['name'])} ({hhmm(p['arrived'])})" for p in late))
        left = [p for p in people if isinstance(p.get("left"), datetime)]
        line("left", sep.join(f"{escape(p['name'])} ({hhmm(p['left'])})" for p in left))
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
        self.para(*lines)
        if isinstance(adopted, dict):
            self.para(adoption_sentence(t, adopted, escape))
            if adopted.get("amendments"):
                self.para(*(f"- {amendment_line(t, a, escape)}" for a in adopted["amendments"]))
        self.agenda_changes(0)

    def agenda_changes(self, during: int) -> None:
        """The agenda as adopted, under the item in which it changed (0: before any item)."""
        changes = [c for c in self.record.get("agenda_changes", []) if c.get("during") == during]
        sentence = agenda_sentence(self.t, changes, escape)
        if sentence:
            self.para(sentence)

    # ---- items

    def item(self, item: dict[str, Any]) -> None:
        t = self.t
        self.para(f"## {item['number']}. {escape(item['title'])}")
        facts = []
        if item.get("presenter"):
            facts.append(f"*{t('minutes.item.presenter')}:* {escape(item['presenter'])}")
        if item.get("method"):
            try:
                method = method_title(item["method"], t.language)
            except KeyError:
                method = item["method"]
            facts.append(f"*{t('minutes.item.method')}:* {escape(method)}")
        if facts:
            self.para(" · ".join(facts))
        status = item.get("status", "")
        if status in ("deferred", "skipped", "todo", "running"):
            text = f"**{t('minutes.item.status')}:** {t('minutes.status.' + status)}"
            if item.get("reason"):
                text += f" — {t('minutes.item.reason')}: {escape(item['reason'])}"
            self.para(text)
        for phase in item.get("phases", []):
            self.phase(phase, item)
        if item.get("notes"):
            self.para(f"### {t('minutes.item.notes')}")
            self.para(*(f"- {block(n['text'], '  ')}" for n in item["notes"]))
        for override in item.get("overrides", []):
            self.override(override)
        if item.get("decisions"):
            self.para(f"### {t('minutes.item.decisions')}")
            for decision in item["decisions"]:
                self.decision(decision)
        if item.get("open_proposal"):
            self.open_proposal(item["open_proposal"])
        if item.get("method") == "actions-review":
            self.reviewed_actions()
        self.agenda_changes(item["number"])
        adopts = item.get("adopts")
        if isinstance(adopts, dict):
            self.para(adoption_sentence(t, adopts, escape, here=True))
            if adopts.get("amendments"):
                self.para(*(f"- {amendment_line(t, a, escape)}" for a in adopts["amendments"]))
        elif item.get("amendments"):
            self.para(f"### {t('minutes.adoption.amendments')}")
            self.para(*(f"- {amendment_line(t, a, escape)}" for a in item["amendments"]))
        actions = [a for a in self.record.get("actions", []) if a.get("item") == item["number"]]
        if actions:
            self.para(f"### {t('minutes.item.actions')}")
            self.para(*(self.action_line(a) for a in actions))

    def phase(self, phase: dict[str, Any], item: dict[str, Any]) -> None:
        t = self.t
        lines = []
        for c in phase.get("contributions", []):
            kind = c.get("kind", "contribution")
            label = f"*{t('minutes.contribution.' + kind)}:* " if kind != "contribution" else ""
            text = block(c["text"], "  ")
            if c.get("speaker"):
                lines.append(f"- **{escape(c['speaker'])}** — {label}{text}")
            else:
                lines.append(f"- *{t('minutes.contribution.note')}:* {text}")
        # Those heard without a note share one line, so a round of many does not fill a page.
        spoke = {c.get("speaker") for c in phase.get("contributions", [])}
        unnoted = [name for name in phase.get("heard", []) if name not in spoke]
        if unnoted:
            lines.append("- " + t("minutes.contribution.also_heard", names=self.names(unnoted)))
        for name in phase.get("passed", []):
            lines.append("- " + t("minutes.contribution.passed", name=escape(name)))
        if lines:
            self.para(f"### {escape(phase['title'])}")
            self.para(*lines)

    def override(self, override: dict[str, Any]) -> None:
        t = self.t
        missing = "; ".join(
            f"{escape(m['phase'])}: {self.names(m['names'])}" for m in override.get("missing", [])
        )
        text = f"> **{t('minutes.override.flag')}** ({escape(override.get('phase_title', ''))})"
        text += f" — {t('minutes.override.reason')}: {escape(override.get('reason', ''))}"
        if missing:
            text += f"; {t('minutes.override.missing')}: {missing}"
        self.para(text)

    def decision(self, decision: dict[str, Any]) -> None:
        t = self.t
        label = t("minutes.decision.label", number=number(decision["number"]))
        self.para(f"**{label}:** {block(decision['text'])}")
        lines = []
        if decision.get("rationale"):
            lines.append(
                f"- {t('minutes.decision.rationale')}: {block(decision['rationale'], '  ')}"
            )
        outcome = {
            "consent": "outcome_consent",
            "over-objection": "outcome_over_objection",
        }.get(decision.get("outcome", ""), "outcome_objections")
        lines.append(f"- {t('minutes.decision.consent_round')}: {t('minutes.decision.' + outcome)}")
        votes = decision.get("votes", [])
        for vote in ("consent", "object", "abstain"):
            chosen = [v for v in votes if v.get("vote") == vote]
            if not chosen:
                continue
            if vote == "consent":
                who = self.names([v["name"] for v in chosen])
                lines.append(f"  - {t('minutes.decision.consent')}: {who}")
                continue
            for v in chosen:
                reason = f" — {escape(v['reason'])}" if v.get("reason") else ""
                lines.append(f"  - {t('minutes.decision.' + vote)}: {escape(v['name'])}{reason}")
        if decision.get("outcome") == "consent-with-objections":
            for v in decision.get("objections_heard", []):
                reason = f" — {escape(v['reason'])}" if v.get("reason") else ""
                heard = t("minutes.decision.objection_heard")
                lines.append(f"  - {heard}: {escape(v['name'])}{reason}")
        self.para(*lines)

    def open_proposal(self, proposal: dict[str, Any]) -> None:
        """A proposal left on the table: said plainly that no decision was taken on it."""
        t = self.t
        self.para(f"**{t('minutes.decision.open_proposal')}:** {block(proposal['text'])}")
        lines = []
        for vote in proposal.get("votes", []):
            reason = f" — {escape(vote['reason'])}" if vote.get("reason") else ""
            label = t("minutes.decision." + vote["vote"])
            lines.append(f"- {label}: {escape(vote['name'])}{reason}")
        if lines:
            self.para(*lines)

    def due(self, action: dict[str, Any]) -> str:
        due = action.get("due")
        return self.day(due) if isinstance(due, date) else ""

    def reviewed_actions(self) -> None:
        """Under the action-list item: each open action of the last meeting and what became of it."""
        t = self.t
        carried = [a for a in self.record.get("actions", []) if a.get("origin")]
        if not carried:
            self.para(t("minutes.item.no_carried_actions"))
            return
        lines = []
        for action in carried:
            status = t("minutes.action_status." + action.get("status", "open"))
            line = f"{self.action_line(action)} — **{status}**"
            if action.get("note"):
                line += f" ({escape(action['note'])})"
            lines.append(line)
        self.para(*lines)

    def action_number(self, action: dict[str, Any]) -> str:
        """The action's number; a carried one's with the day it was agreed: "3.1 van 2 december"."""
        when = self.meeting.get("started") or self.meeting.get("planned_date")
        year = when.year if isinstance(when, date) else None
        return action_number(self.t, number(action["number"]), agreed_day(action), year)

    def action_line(self, action: dict[str, Any]) -> str:
        shown = self.action_number(action)
        text = f"- **{shown}** {escape(action['owner'])}: {escape(action['what'])}"
        if self.due(action):
            text += f" ({self.t('minutes.action.due', date=self.due(action))})"
        return text

    # ---- lists and tables

    def decision_list(self) -> None:
        t = self.t
        self.para(f"## {t('minutes.decision_list.heading')}")
        rows = [
            [number(d["number"]), cell(d["text"]) + self.over_objection(d)]
            for item in self.record.get("items", [])
            for d in item.get("decisions", [])
        ]
        if not rows:
            self.para(t("minutes.decision_list.empty"))
            return
        self.table([t("minutes.decision_list.number"), t("minutes.decision_list.decision")], rows)

    def over_objection(self, decision: dict[str, Any]) -> str:
        """A decision list never hides that a decision was taken over a standing objection."""
        if decision.get("outcome") != "over-objection":
            return ""
        return f" ({self.t('minutes.decision.outcome_over_objection')})"

    def action_list(self) -> None:
        t = self.t
        self.para(f"## {t('minutes.action_list.heading')}")
        rows = []
        for a in self.record.get("actions", []):
            nr = self.action_number(a)
            status = t("minutes.action_status." + a.get("status", "open"))
            if a.get("note"):
                status += f" — {t('minutes.action.note')}: {escape(a['note'])}"
            owner = cell(a["owner"])
            if not a.get("owner_at_table", True):
                owner += " (" + t("minutes.action.not_at_table") + ")"
            rows.append([nr, owner, cell(a["what"]), self.due(a) or " ", status])
        if not rows:
            self.para(t("minutes.action_list.empty"))
            return
        header = ["number", "who", "what", "when", "status"]
        self.table([t("minutes.action_list." + h) for h in header], rows)

    def time_table(self) -> None:
        t = self.t
        self.para(f"## {t('minutes.time.heading')}")
        rows = []
        planned_total = used_total = 0.0
        for item in self.record.get("items", []):
            planned, used = item.get("planned_seconds", 0), item.get("used_seconds", 0.0)
            planned_total += planned
            used_total += used
            shown = clock(planned)
            if item.get("extra_seconds"):
                shown += " (" + t("minutes.time.extended", extra=clock(item["extra_seconds"])) + ")"
            diff = used - planned
            rows.append(
                [str(item["number"]), cell(item["title"]), shown, clock(used), _signed(diff)]
            )
        total = f"**{t('minutes.time.total')}**"
        rows.append(
            [
                " ",
                total,
                clock(planned_total),
                clock(used_total),
                _signed(used_total - planned_total),
            ]
        )
        header = ["number", "item", "planned", "used", "difference"]
        self.table([t("minutes.time." + h) for h in header], rows)

    def speaking_table(self) -> None:
        t = self.t
        self.para(f"## {t('minutes.speaking.heading')}")
        rows = [
            [
                cell(s["name"]),
                str(s.get("turns", 0)),
                str(s.get("passes", 0)),
                str(s.get("contributions", 0)),
                clock(s.get("seconds", 0)),
            ]
            for s in self.record.get("speaking", [])
        ]
        header = ["name", "turns", "passes", "contributions", "seconds"]
        self.table([t("minutes.speaking." + h) for h in header], rows)

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def _signed(seconds: float) -> str:
    if int(round(seconds)) == 0:
        return "00:00"
    return ("+" if seconds > 0 else "") + clock(seconds)


def render_markdown(record: dict[str, Any], decisions_only: bool = False) -> str:
    """The minutes as Markdown in the record's language (Dutch unless it says "en").

    With `decisions_only`, a publishable decision list: the header, the decisions and the actions,
    without contributions, votes or anything else attributed to a person's opinion.
    """
    w = _Writer(record)
    w.header(decisions_only)
    if not decisions_only:
        for item in record.get("items", []):
            w.item(item)
    w.decision_list()
    w.action_list()
    if not decisions_only:
        w.time_table()
        w.speaking_table()
    return w.text()
