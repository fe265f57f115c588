"""The office-wide sections of the office config: what every part reads.

`[office]`, `[hours]`, `[holidays]`, `[[services]]`, `[[counters]]` and where the hub is
(`[hub]` url and token file). Each part's own sections live with that part (the hub's
in `hub.config`, the kiosk's in `kiosk.settings`, ...); `SECTIONS` names them all, so
any part reading the file can tell another part's section from a mistyped one.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Annotated, Any, Self

from pydantic import AfterValidator, ConfigDict, Field, field_validator, model_validator

from common.section import Section
from common.serial import SerialSettings

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HOURS_RE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")

# Every top-level name of the office config and the part that reads it.
SECTIONS = {
    "office": "every part",
    "hours": "every part",
    "holidays": "every part",
    "hub": "every part (where the hub is); the hub (its data)",
    "services": "every part",
    "counters": "every part",
    "compensation": "the hub",
    "priority": "the hub",
    "queue": "the hub",
    "public": "the hub (the citizens' phone pages)",
    "complaints": "the hub",
    "central": "the hub (forwarding its log to the central service)",
    "kiosk": "the kiosk",
    "display": "the display",
    "caller": "the caller",
    "panel": "the counter panel",
    "fo": "the FO desk",
    "rater": "the rater (the booth's rating screen)",
}


def _check_hours(value: str) -> str:
    """'08:00-19:00', '00:00-24:00' or 'closed'."""
    if value == "closed":
        return value
    match = _HOURS_RE.match(value)
    if not match:
        raise ValueError("must be 'HH:MM-HH:MM' (e.g. '08:00-19:00') or 'closed'")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2 != 0):
        raise ValueError("hours must be 00-23 (or 24:00 as an end) and minutes 00-59")
    if (h2, m2) <= (h1, m1):
        raise ValueError("the closing time must come after the opening time")
    return value


Hours = Annotated[str, AfterValidator(_check_hours)]


class OfficeInfo(Section):
    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1)
    address: str = ""
    timezone: str = "Asia/Jakarta"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                "must be an IANA time zone: Asia/Jakarta (WIB), Asia/Makassar (WITA) "
                "or Asia/Jayapura (WIT)"
            ) from None
        return value

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class OpeningHours(Section):
    monday: Hours = "08:00-16:00"
    tuesday: Hours = "08:00-16:00"
    wednesday: Hours = "08:00-16:00"
    thursday: Hours = "08:00-16:00"
    friday: Hours = "08:00-11:00"
    saturday: Hours = "closed"
    sunday: Hours = "closed"

    def span(self, weekday: int) -> tuple[dt.time, dt.time | None] | None:
        """Opening and closing time for a weekday (0 = Monday); None when closed.

        A closing time of 24:00 comes back as None, meaning "until midnight".
        """
        value: str = getattr(self, WEEKDAYS[weekday])
        if value == "closed":
            return None
        start, end = value.split("-")
        opens = dt.time.fromisoformat(start)
        closes = None if end == "24:00" else dt.time.fromisoformat(end)
        return opens, closes


class Holidays(Section):
    country: str = "ID"
    observe_national: bool = True
    extra_closed: list[dt.date] = Field(default_factory=list)
    extra_open: list[dt.date] = Field(default_factory=list)

    @field_validator("country")
    @classmethod
    def _country_code(cls, value: str) -> str:
        if value and not re.fullmatch(r"[A-Z]{2}", value):
            raise ValueError("must be a two-letter ISO country code such as 'ID'")
        return value


class Service(Section):
    code: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,31}$")
    prefix: str = Field(pattern=r"^[A-Z]{1,2}$")
    name: str = Field(min_length=1)
    name_en: str = ""
    description: str = ""
    quota: int = Field(default=0, ge=0)
    hours: OpeningHours | None = None
    enabled: bool = True
    standard_minutes: int = Field(default=10, ge=1, le=480)


class LedSign(SerialSettings):
    # Fields: {number} "A-012", {prefix} "A", {sequence} 12, {counter};
    # e.g. "{prefix}{sequence:03d}\r\n" sends "A012" and a line end.
    template: str = "{number}\r\n"
    clear_text: str = ""


class Keypad(SerialSettings):
    # Byte code (one character, or "0xNN") -> call_next | recall | serve | close | no_show
    codes: dict[str, str] = Field(
        default_factory=lambda: {
            "1": "call_next",
            "2": "recall",
            "3": "serve",
            "4": "close",
            "5": "no_show",
        }  # fmt: skip
    )


class Counter(Section):
    number: int = Field(ge=1, le=999)
    name: str = ""
    services: list[str] = Field(min_length=1)
    led_sign: LedSign | None = None
    keypad: Keypad | None = None

    @property
    def label(self) -> str:
        return self.name or f"Loket {self.number}"


class HubLink(Section):
    """`[hub]` as an appliance reads it: where the hub is and this device's token file.
    The section's other keys (the hub's data settings) are the hub's to check
    (`hub.config.HubSettings`), so they are passed over here."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    url: str = ""
    port: int = Field(default=8470, ge=1, le=65535)
    token_file: str = ""


class Office(Section):
    """The office config as every part reads it. A part that reads sections of its own
    extends this with them (`hub.config.Office`, `kiosk.settings.KioskOffice`, ...)."""

    office: OfficeInfo
    hours: OpeningHours = Field(default_factory=OpeningHours)
    holidays: Holidays = Field(default_factory=Holidays)
    hub: HubLink = Field(default_factory=HubLink)
    services: list[Service] = Field(min_length=1)
    counters: list[Counter] = Field(min_length=1)

    @model_validator(mode="after")
    def _services_and_counters_consistent(self) -> Self:
        codes = [service.code for service in self.services]
        _unique("services", "code", codes)
        _unique("services", "prefix", [service.prefix for service in self.services])
        _unique("counters", "number", [counter.number for counter in self.counters])
        for index, counter in enumerate(self.counters):
            for code in counter.services:
                if code not in codes:
                    raise ValueError(
                        f"counters[{index}].services: unknown service '{code}'; "
                        f"allowed: {', '.join(codes)}"
                    )
        return self

    def service(self, code: str) -> Service | None:
        return next((s for s in self.services if s.code == code), None)

    def counter(self, number: int) -> Counter | None:
        return next((c for c in self.counters if c.number == number), None)


def _unique(section: str, key: str, values: list[Any]) -> None:
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{section}[{index}].{key}: '{value}' is used twice; must be unique")
        seen.add(value)
