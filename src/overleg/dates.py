"""Due dates as a chair says them: "2026-12-05", "vrijdag", "friday", "+1w", "+3d", "morgen", "tomorrow".

Pure functions, no clock of their own: the caller passes today's date, so a screen can show the
resolved date before saving and a test can fix the day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

#: Weekday names and abbreviations in Dutch and English, Monday = 0.
WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("maandag", "ma", "monday", "mon"),
        ("dinsdag", "di", "tuesday", "tue", "tues"),
        ("woensdag", "wo", "wednesday", "wed"),
        ("donderdag", "do", "thursday", "thu", "thur", "thurs"),
        ("vrijdag", "vr", "friday", "fri"),
        ("zaterdag", "za", "saturday", "sat"),
        ("zondag", "zo", "sunday", "sun"),
    )
):
    for _name in _names:
        WEEKDAYS[_name] = _number

RELATIVE_DAYS = {
    "vandaag": 0,
    "today": 0,
    "morgen": 1,
    "tomorrow": 1,
    "overmorgen": 2,
}

_OFFSET = re.compile(r"\+\s*(\d{1,3})\s*([dwm])")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}))?")


class DateError(ValueError):
    """Text that is not a date overleg understands."""


def next_weekday(today: date, weekday: int) -> date:
    """The first `weekday` (Monday = 0) after `today`; a week on when today is that day."""
    days = (weekday - today.weekday()) % 7
    return today + timedelta(days=days or 7)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise DateError(str(day))  # pragma: no cover - every month has 28 days


def parse_due(text: str, today: date) -> date | None:
    """The date `text` means, seen from `today`; None for empty text; DateError when unclear.

    >>> parse_due("+1w", date(2026, 12, 1))
    datetime.date(2026, 12, 8)
    """
    word = text.strip().lower()
    if not word:
        return None
    if word in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[word])
    if word in WEEKDAYS:
        return next_weekday(today, WEEKDAYS[word])
    match = _OFFSET.fullmatch(word)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        if unit == "d":
            return today + timedelta(days=amount)
        if unit == "w":
            return today + timedelta(weeks=amount)
        return _add_months(today, amount)
    try:
        return date.fromisoformat(word)
    except ValueError:
        pass
    match = _DAY_MONTH_YEAR.fullmatch(word)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        year = int(match.group(3)) if match.group(3) else today.year
        try:
            resolved = date(year, month, day)
        except ValueError as exc:
            raise DateError(text) from exc
        if match.group(3) is None and resolved < today:
            resolved = date(year + 1, month, day)  # "5-1" in December means next January
        return resolved
    raise DateError(text)


def system_clock() -> datetime:
    """Now, in local time with its offset, as the journal records it."""
    return datetime.now().astimezone()
