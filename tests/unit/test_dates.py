from datetime import date

import pytest

from overleg.dates import DateError, next_weekday, parse_due

TUESDAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-05", date(2026, 12, 5)),
        (" 2027-01-04 ", date(2027, 1, 4)),
        ("vrijdag", date(2026, 12, 4)),
        ("Friday", date(2026, 12, 4)),
        ("vr", date(2026, 12, 4)),
        ("dinsdag", date(2026, 12, 8)),  # today is Tuesday: the next one, a week on
        ("maandag", date(2026, 12, 7)),
        ("+1w", date(2026, 12, 8)),
        ("+3d", date(2026, 12, 4)),
        ("+ 2w", date(2026, 12, 15)),
        ("+1m", date(2027, 1, 1)),
        ("morgen", date(2026, 12, 2)),
        ("tomorrow", date(2026, 12, 2)),
        ("vandaag", TUESDAY),
        ("overmorgen", date(2026, 12, 3)),
        ("5-12-2026", date(2026, 12, 5)),
        ("15/1", date(2027, 1, 15)),
        ("24-12", date(2026, 12, 24)),
    ],
)
def test_parse_due(text: str, expected: date) -> None:
    assert parse_due(text, TUESDAY) == expected


def test_empty_means_no_date() -> None:
    assert parse_due("  ", TUESDAY) is None


@pytest.mark.parametrize(
    "text", ["volgende week", "2026-13-01", "31-02-2027", "+w", "vrijdagmiddag", "+1y"]
)
def test_unclear_text_is_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_due(text, TUESDAY)


def test_month_end_is_clamped() -> None:
    assert parse_due("+1m", date(2027, 1, 31)) == date(2027, 2, 28)


def test_next_weekday_is_always_ahead() -> None:
    for offset in range(7):
        today = date(2026, 11, 30 - offset)
        for weekday in range(7):
            day = next_weekday(today, weekday)
            assert day.weekday() == weekday
            assert 1 <= (day - today).days <= 7
