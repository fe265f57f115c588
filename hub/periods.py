"""Recap periods: a business day or a calendar month, from what the user typed."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt

from hub.errors import HubError


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
    return Period(date.isoformat(), date, date)


def month(text: str) -> Period:
    try:
        first = dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise PeriodError(f"month must be YYYY-MM (got {text!r})") from None
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return Period(text, first, last)
