"""Recap periods: a business day or a calendar month, from what the user typed."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt

from hub.errors import HubError

# The years a recap may ask for. Outside them no office ran Antrian, and near the ends
# of the calendar (9999-12-31) the day after, or midnight in UTC, cannot be counted.
FIRST_YEAR, LAST_YEAR = 2000, 2999


class PeriodError(HubError):
    """A date or month the recap cannot use."""


@dataclasses.dataclass(frozen=True)
class Period:
    label: str
    first: dt.date
    last: dt.date


def day(text: str) -> Period:
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"date must be YYYY-MM-DD (got {text!r})") from None
    _check_year(date)
    return Period(date.isoformat(), date, date)


def month(text: str) -> Period:
    try:
        first = dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise PeriodError(f"month must be YYYY-MM (got {text!r})") from None
    _check_year(first)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return Period(text, first, last)


def _check_year(date: dt.date) -> None:
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise PeriodError(f"the year must be {FIRST_YEAR}-{LAST_YEAR} (got {date.year})")
