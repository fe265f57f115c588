"""Working days (hari kerja): the office's calendar for deadlines counted in days.

A complaint's deadline is counted in working days: the days `[hours]` is open, less the
national holidays when `[holidays].observe_national`, less `extra_closed` (cuti
bersama), plus `extra_open` (a Saturday worked in exchange). A day is open or not: a
Friday half-day counts as a whole day. Pure: a function of the office's config.
"""

from __future__ import annotations

import datetime as dt

from hub.config import Office
from hub.engine.rules import OpeningRules

# Far more than any office's longest limit (60 working days), so a calendar with every
# day closed by mistake fails loudly instead of looping forever.
_LOOK_AHEAD_DAYS = 3 * 366


class NoWorkingDays(ValueError):
    """The office's calendar opens on no day within the look-ahead."""


class WorkingDays:
    def __init__(self, office: Office) -> None:
        self.office = office
        self._rules = OpeningRules(office)  # the one reading of holidays, shared with tickets

    def is_working_day(self, day: dt.date) -> bool:
        holidays = self.office.holidays
        if day in holidays.extra_open:
            return True
        if self.office.hours.span(day.weekday()) is None:
            return False
        return self._rules.holiday_name(day) is None

    def add(self, received: dt.date, working_days: int) -> dt.date:
        """The `working_days`-th working day after `received` (received on a closed day
        or not, counting starts the day after); `received` itself for 0."""
        day, counted = received, 0
        for _ in range(_LOOK_AHEAD_DAYS):
            if counted >= working_days:
                return day
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        raise NoWorkingDays(f"no {working_days} working days after {received} in the calendar")

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start):
        how many working days an answer took."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count
