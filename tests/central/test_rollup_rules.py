"""The waiting line across midnights, as the hub's queue rolls it (DayQueue.roll): carried
by an office open until midnight, lapsed by one that closed in the evening, day by day."""

from __future__ import annotations

import datetime as dt

from central.rollup import carries_through, waiting_on
from common.office import OpeningHours

MONDAY = dt.date(2026, 11, 23)
AROUND_THE_CLOCK = OpeningHours(**{day: "00:00-24:00" for day in (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")})  # fmt: skip


def test_an_office_open_until_midnight_carries_its_line_and_one_closing_earlier_lapses_it() -> None:
    assert waiting_on(MONDAY, 7, MONDAY + dt.timedelta(days=1), AROUND_THE_CLOCK) == 7
    assert waiting_on(MONDAY, 7, MONDAY + dt.timedelta(days=1), OpeningHours()) == 0
    assert waiting_on(MONDAY, 7, MONDAY, OpeningHours()) == 7  # the same day
    assert waiting_on(None, 0, MONDAY, OpeningHours()) == 0  # nothing sent yet


def test_every_day_between_must_carry() -> None:
    # Open until midnight from Monday to Friday, Saturday 08-12, Sunday closed.
    hours = AROUND_THE_CLOCK.model_copy(update={"saturday": "08:00-12:00", "sunday": "closed"})
    friday, saturday = MONDAY + dt.timedelta(days=4), MONDAY + dt.timedelta(days=5)
    assert carries_through(hours, MONDAY, friday)
    assert carries_through(hours, friday, saturday)
    assert not carries_through(hours, friday, saturday + dt.timedelta(days=2))  # Monday after
    assert carries_through(AROUND_THE_CLOCK, MONDAY, MONDAY + dt.timedelta(days=400))
