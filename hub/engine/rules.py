"""When may the kiosk issue a ticket: service hours, holidays, daily quota."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays as holiday_calendars

from common.indonesian import DAYS
from hub.config import Office, OpeningHours, Service
from hub.engine.errors import QuotaReached, ServiceClosed

DAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@lru_cache(maxsize=16)
def _national_holidays(country: str, year: int) -> dict[dt.date, str]:
    calendar = holiday_calendars.country_holidays(country, years=year, language="id")
    return dict(calendar.items())


class OpeningRules:
    def __init__(self, office: Office) -> None:
        self.office = office

    def holiday_name(self, day: dt.date) -> str | None:
        config = self.office.holidays
        if day in config.extra_open:
            return None
        if day in config.extra_closed:
            return "Hari libur kantor"
        if config.observe_national and config.country:
            return _national_holidays(config.country, day.year).get(day)
        return None

    def hours_for(self, service: Service) -> OpeningHours:
        return service.hours or self.office.hours

    def is_open(self, service: Service, local: dt.datetime) -> bool:
        try:
            self.check(service, local, issued_today=0)
        except (ServiceClosed, QuotaReached):
            return False
        return True

    def check(self, service: Service, local: dt.datetime, issued_today: int) -> None:
        """Raise ServiceClosed or QuotaReached when the kiosk may not issue now."""
        if not service.enabled:
            raise ServiceClosed(
                f"Layanan {service.name} sedang tidak tersedia.",
                f"{service.name_en or service.name} is not available at the moment.",
                reason="disabled",
            )
        holiday = self.holiday_name(local.date())
        if holiday:
            raise ServiceClosed(
                f"Hari ini libur ({holiday}). {self._next_opening(service, local)[0]}",
                f"Closed today for a holiday ({holiday}). {self._next_opening(service, local)[1]}",
                reason="holiday",
                holiday=holiday,
            )
        span = self.hours_for(service).span(local.weekday())
        now = local.time().replace(tzinfo=None)
        if span is None or now < span[0] or (span[1] is not None and now >= span[1]):
            reopen_id, reopen_en = self._next_opening(service, local)
            raise ServiceClosed(
                f"Di luar jam pelayanan. {reopen_id}",
                f"Outside service hours. {reopen_en}",
                reason="outside_hours",
            )
        if service.quota and issued_today >= service.quota:
            raise QuotaReached(
                f"Kuota antrean {service.name} hari ini ({service.quota}) sudah habis.",
                f"Today's quota for {service.name_en or service.name} "
                f"({service.quota}) is used up.",
                quota=service.quota,
            )

    def _next_opening(self, service: Service, local: dt.datetime) -> tuple[str, str]:
        zone = local.tzname() or ""
        hours = self.hours_for(service)
        for days_ahead in range(0, 15):
            day = local.date() + dt.timedelta(days=days_ahead)
            span = hours.span(day.weekday())
            if span is None or self.holiday_name(day):
                continue
            opens = span[0]
            if days_ahead == 0 and local.time().replace(tzinfo=None) >= opens:
                continue
            clock = f"{opens:%H.%M} {zone}".strip()
            if days_ahead == 0:
                return f"Layanan dibuka pukul {clock}.", f"Opens at {opens:%H:%M} {zone}."
            if days_ahead == 1:
                return f"Buka kembali besok pukul {clock}.", f"Opens tomorrow at {opens:%H:%M}."
            weekday = day.weekday()
            return (
                f"Buka kembali hari {DAYS[weekday]} pukul {clock}.",
                f"Opens again on {DAY_NAMES_EN[weekday]} at {opens:%H:%M} {zone}.",
            )
        return "", ""
