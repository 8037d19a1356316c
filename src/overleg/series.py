"""A series of meetings, and the next meeting's agenda drawn up from it (`overleg new`).

A series file is an agenda file without a date, with `[meeting] series = "..."`: its roster
(`[[participants]]`) and its standing items (`[[items]]`). The next meeting's agenda is the series
with a date, and what the last meeting left behind: its deferred items, and a note on the action
list and on the previous minutes. Everything here works on the TOML tables as `tomllib` reads them
(plain dicts), so it is pure: finding the files, the last meeting and the words is the chair
service's (`Service.new_agenda`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

import tomli_w

#: The time of day of a meeting when nothing says otherwise.
DEFAULT_TIME = time(9, 30)
#: Methods of the standing items that look back at the meeting before.
ACTIONS_REVIEW, MINUTES_REVIEW = "actions-review", "minutes-review"

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2}))?$")
_NON_SLUG = re.compile(r"[^a-z0-9]+")

Table = dict[str, Any]


def parse_date(text: str) -> datetime:
    """`YYYY-MM-DD` (at `DEFAULT_TIME`) or `YYYY-MM-DDTHH:MM`; `ValueError` otherwise."""
    match = _DATE.match(text.strip())
    if match is None:
        raise ValueError(text)
    day = date.fromisoformat(match.group(1))  # raises ValueError for 2026-02-30
    if match.group(2) is None:
        return datetime.combine(day, DEFAULT_TIME)
    return datetime.combine(day, time(int(match.group(2)), int(match.group(3))))


def next_date(last: datetime | None, today: date) -> datetime:
    """The next meeting's start: a week after `last`, same weekday and time, the first such day
    after `today`; without a last meeting a week from `today` at `DEFAULT_TIME`."""
    if last is None:
        return datetime.combine(today + timedelta(days=7), DEFAULT_TIME)
    day = last.date() + timedelta(days=7)
    while day <= today:
        day += timedelta(days=7)
    return datetime.combine(day, last.time().replace(second=0, microsecond=0, tzinfo=None))


def slug(text: str) -> str:
    """A file-name-safe form of `text`: lowercase ASCII words joined by "-" ("" for none)."""
    return _NON_SLUG.sub("-", text.lower()).strip("-")


def series_name(document: Table) -> str:
    """The series a document names in `[meeting] series`, "" when none."""
    meeting = document.get("meeting")
    value = meeting.get("series", "") if isinstance(meeting, dict) else ""
    return value if isinstance(value, str) else ""


def series_text(template: str, fallback: str) -> str:
    """A series file's text from an agenda template's text: the same without a date, and with a
    series (`fallback`, slugged, when the template names none). Comments and layout are kept
    (tomlkit): this is the file the user is told to edit."""
    import tomlkit

    document = tomlkit.parse(template)
    meeting = document.get("meeting")
    if not isinstance(meeting, dict):
        meeting = tomlkit.table()
        document["meeting"] = meeting
    if "date" in meeting:
        del meeting["date"]
    if not series_name(document):
        meeting["series"] = slug(fallback) or "series"
    return tomlkit.dumps(document)


def with_note(item: Table, note: str, replaces: Iterable[str] = ()) -> Table:
    """`item` with `note` as the first paragraph of its description, in place of the leading
    paragraphs that start with one of `replaces` (the note an earlier meeting put there)."""
    new = dict(item)
    old = item.get("description", "")
    if isinstance(old, str):
        paragraphs = old.strip().split("\n\n") if old.strip() else []
        starts = tuple(replaces)
        while paragraphs and starts and paragraphs[0].startswith(starts):
            paragraphs.pop(0)
        old = "\n\n".join(paragraphs)
    new["description"] = f"{note}\n\n{old}" if isinstance(old, str) and old.strip() else note
    return new


def folded(text: object) -> str:
    """`text` as titles and names are compared: spaces folded, case ignored."""
    return " ".join(str(text).split()).casefold()


def next_document(
    series: Table,
    when: datetime,
    deferred: Iterable[Table] = (),
    actions_note: str = "",
    minutes_note: str = "",
) -> Table:
    """The next meeting's agenda: the series' roster and standing items, dated `when`.

    `deferred` are the items the last meeting deferred (with their reason in the description
    already): each takes the place of a standing item of the same title; the others come right
    after the last item looking back (action list, previous minutes), else before the last item (the
    closing round), else at the end. A presenter who is not on the roster is left out, as the
    check would refuse them. The notes go into the description of the action list and of the
    previous minutes' item.
    """
    document = copy.deepcopy(series)
    document.setdefault("meeting", {})["date"] = when.replace(tzinfo=None)
    roster = {folded(p.get("name", "")) for p in document.get("participants", [])}
    carried = []
    for raw in deferred:
        item = copy.deepcopy(raw)
        if roster and "presenter" in item and folded(item["presenter"]) not in roster:
            del item["presenter"]
        carried.append(item)
    by_title = {folded(item.get("title", "")): item for item in carried}
    items: list[Table] = []
    for item in document.get("items", []):
        same = by_title.pop(folded(item.get("title", "")), None)
        if same is not None:  # a deferred item in place of its standing one
            items.append(same)
            continue
        method = item.get("method")
        if method == ACTIONS_REVIEW and actions_note:
            item = with_note(item, actions_note)
        elif method == MINUTES_REVIEW and minutes_note:
            item = with_note(item, minutes_note)
        items.append(item)
    looking_back = [
        i for i, item in enumerate(items) if item.get("method") in (ACTIONS_REVIEW, MINUTES_REVIEW)
    ]
    if looking_back:
        at = looking_back[-1] + 1
    else:
        at = len(items) - 1 if len(items) >= 2 else len(items)
    rest = [item for item in carried if any(item is left for left in by_title.values())]
    document["items"] = items[:at] + rest + items[at:]
    return document


def dumps(document: Table) -> str:
    """The TOML text of `document`, `[meeting]` first, multi-line texts as TOML multi-line strings."""
    ordered = {"meeting": document.get("meeting", {})}
    ordered.update((k, v) for k, v in document.items() if k != "meeting")
    return tomli_w.dumps(ordered, multiline_strings=True)
