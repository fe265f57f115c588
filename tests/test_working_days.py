"""Working-day arithmetic for complaint deadlines (issue #14): weekends, national
holidays, cuti bersama (`extra_closed`), a Saturday worked (`extra_open`), a complaint
received on a closed day; a Friday half-day is a whole working day."""

from __future__ import annotations

import datetime as dt

import pytest

from antrian.config import OfficeConfig
from hub.config import Holidays, Office
from hub.engine.working_days import NoWorkingDays, WorkingDays

D = dt.date


def calendar(office: OfficeConfig, **holidays: object) -> WorkingDays:
    changed: Office = office.model_copy(
        update={"holidays": Holidays.model_validate({"country": "ID", **holidays})}
    )
    return WorkingDays(changed)


def test_weekends_are_not_working_days(real_office: OfficeConfig) -> None:
    days = calendar(real_office)
    # Monday 23 Nov 2026 + 7 working days: Tue..Fri (4), Mon..Wed (3) -> Wed 2 Dec.
    assert days.add(D(2026, 11, 23), 7) == D(2026, 12, 2)
    assert not days.is_working_day(D(2026, 11, 28))  # Saturday
    assert not days.is_working_day(D(2026, 11, 29))  # Sunday


def test_a_friday_half_day_is_a_whole_working_day(real_office: OfficeConfig) -> None:
    days = calendar(real_office)
    assert real_office.hours.friday == "08:00-11:00"
    assert days.is_working_day(D(2026, 11, 27))
    assert days.add(D(2026, 11, 26), 1) == D(2026, 11, 27)  # Thursday -> Friday


def test_a_national_holiday_is_skipped(real_office: OfficeConfig) -> None:
    days = calendar(real_office)
    # Tuesday 25 Aug 2026 is Maulid Nabi: Monday 24 + 1 working day is Wednesday 26.
    assert not days.is_working_day(D(2026, 8, 25))
    assert days.add(D(2026, 8, 24), 1) == D(2026, 8, 26)
    # Christmas (Friday 25 Dec 2026): Thursday 24 + 1 is Monday 28.
    assert days.add(D(2026, 12, 24), 1) == D(2026, 12, 28)


def test_national_holidays_count_when_not_observed(real_office: OfficeConfig) -> None:
    days = calendar(real_office, observe_national=False)
    assert days.add(D(2026, 8, 24), 1) == D(2026, 8, 25)


def test_cuti_bersama_through_extra_closed(real_office: OfficeConfig) -> None:
    days = calendar(real_office, extra_closed=[D(2026, 12, 24)])
    # Wed 23 Dec + 1: Thu 24 is cuti bersama, Fri 25 Christmas, the weekend -> Mon 28.
    assert days.add(D(2026, 12, 23), 1) == D(2026, 12, 28)
    assert calendar(real_office).add(D(2026, 12, 23), 1) == D(2026, 12, 24)


def test_a_saturday_worked_through_extra_open(real_office: OfficeConfig) -> None:
    days = calendar(real_office, extra_open=[D(2026, 11, 28)])
    assert days.is_working_day(D(2026, 11, 28))
    assert days.add(D(2026, 11, 27), 1) == D(2026, 11, 28)
    assert calendar(real_office).add(D(2026, 11, 27), 1) == D(2026, 11, 30)


def test_extra_open_overrides_a_national_holiday(real_office: OfficeConfig) -> None:
    days = calendar(real_office, extra_open=[D(2026, 8, 25)])
    assert days.add(D(2026, 8, 24), 1) == D(2026, 8, 25)


def test_a_complaint_received_on_a_closed_day_counts_from_the_next(
    real_office: OfficeConfig,
) -> None:
    days = calendar(real_office)
    # Received Saturday 28 Nov: the first working day after is Monday 30 Nov.
    assert days.add(D(2026, 11, 28), 1) == D(2026, 11, 30)
    assert days.add(D(2026, 11, 29), 7) == D(2026, 12, 8)
    # Received on Christmas, a Friday: Monday 28 Dec is the first.
    assert days.add(D(2026, 12, 25), 1) == D(2026, 12, 28)


def test_working_days_between_count_the_days_after_the_start(real_office: OfficeConfig) -> None:
    days = calendar(real_office)
    assert days.between(D(2026, 11, 23), D(2026, 11, 23)) == 0
    assert days.between(D(2026, 11, 23), D(2026, 12, 2)) == 7
    assert days.between(D(2026, 11, 27), D(2026, 11, 30)) == 1  # over a weekend
    assert days.between(D(2026, 12, 2), D(2026, 11, 23)) == 0


def test_a_calendar_open_on_no_day_is_refused(real_office: OfficeConfig) -> None:
    closed = real_office.hours.model_validate(
        {day: "closed" for day in ("monday", "tuesday", "wednesday", "thursday", "friday")}
    )
    office: Office = real_office.model_copy(update={"hours": closed})
    with pytest.raises(NoWorkingDays):
        WorkingDays(office).add(D(2026, 11, 23), 1)
