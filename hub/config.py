"""The office config: one TOML file, validated at load.

Every error names the file, the key and what is allowed, because the person reading it
is a technician at a site with no developer at hand.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import zoneinfo
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from hub.errors import ConfigError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HOURS_RE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class OfficeInfo(_Strict):
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


class OpeningHours(_Strict):
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


class Holidays(_Strict):
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


class Service(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,31}$")
    prefix: str = Field(pattern=r"^[A-Z]{1,2}$")
    name: str = Field(min_length=1)
    name_en: str = ""
    description: str = ""
    quota: int = Field(default=0, ge=0)
    hours: OpeningHours | None = None
    enabled: bool = True
    standard_minutes: int = Field(default=10, ge=1, le=480)


class SerialPort(_Strict):
    device: str = Field(min_length=1)
    baud: int = Field(default=9600, ge=300, le=921600)
    parity: str = Field(default="N", pattern=r"^[NEOMS]$")
    bytesize: int = Field(default=8, ge=5, le=8)
    stopbits: float = Field(default=1, ge=1, le=2)


class LedSign(SerialPort):
    # Fields: {number} "A-012", {prefix} "A", {sequence} 12, {counter};
    # e.g. "{prefix}{sequence:03d}\r\n" sends "A012" and a line end.
    template: str = "{number}\r\n"
    clear_text: str = ""


class Keypad(SerialPort):
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


class Counter(_Strict):
    number: int = Field(ge=1, le=999)
    name: str = ""
    services: list[str] = Field(min_length=1)
    led_sign: LedSign | None = None
    keypad: Keypad | None = None

    @property
    def label(self) -> str:
        return self.name or f"Loket {self.number}"


class PriorityCategory(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    name: str = Field(min_length=1)
    name_en: str = ""


class Priority(_Strict):
    # UU 25/2009 Pasal 29: lansia, disabilitas, ibu hamil are served first, but a counter
    # calls at most this many priority tickets in a row while a normal ticket waits.
    max_consecutive: int = Field(default=3, ge=1, le=50)
    categories: list[PriorityCategory] = Field(default_factory=list)


class Compensation(_Strict):
    # SK Kepala DPMPTSP 108/2024: waiting 15 minutes or more earns an apology and a drink.
    threshold_minutes: int = Field(default=15, ge=1, le=240)
    remedy: str = "Permohonan maaf dan minuman gratis"
    remedy_en: str = "An apology and a free drink"


class Queue(_Strict):
    transfer_keeps_issue_time: bool = True


class HubSettings(_Strict):
    url: str = ""
    port: int = Field(default=8470, ge=1, le=65535)
    token_file: str = ""
    backup_dir: str = ""  # empty: DATA/backups; best on another disk
    backup_keep_days: int = Field(default=30, ge=1, le=3650)


class Kiosk(_Strict):
    printer: str = "preview:///tmp/antrian-tickets"
    paper: str = Field(default="80mm", pattern=r"^(80mm|58mm)$")
    logo: str = ""
    return_seconds: int = Field(default=8, ge=3, le=120)
    fault_return_seconds: int = Field(default=25, ge=5, le=300)
    # Back to the start when a half-finished choice (priority) is left untouched this long.
    idle_seconds: int = Field(default=30, ge=5, le=300)
    greeting: bool = False


Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
MEDIA_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp")
MEDIA_VIDEO_SUFFIXES = (".mp4", ".mkv", ".webm", ".avi", ".mov", ".m4v")


class Display(_Strict):
    services: list[str] = Field(default_factory=list)  # shown on this TV; empty: all
    counters: list[int] = Field(default_factory=list)  # shown on this TV; empty: all
    running_text: str = (
        "Selamat datang. Mohon menunggu panggilan nomor antrean Anda. Layanan ini tidak "
        "dipungut biaya di luar tarif resmi. Sampaikan pengaduan di Loket Pengaduan."
    )
    logo: str = ""  # an image file beside the office name; empty: none
    media: str = ""  # a folder of images and videos shown in turn; empty: no media area
    recent_calls: int = Field(default=5, ge=1, le=12)
    flash_seconds: int = Field(default=6, ge=0, le=30)
    background: Colour = "#0b1f3a"
    accent: Colour = "#ffd23f"
    speak: bool = True  # this display PC also runs the caller (chime + voice)

    @field_validator("logo")
    @classmethod
    def _logo_image(cls, value: str) -> str:
        if value and not value.lower().endswith(LOGO_SUFFIXES):
            raise ValueError(f"must be an image file ({', '.join(LOGO_SUFFIXES)}) or empty")
        return value

    @field_validator("media")
    @classmethod
    def _media_folder(cls, value: str) -> str:
        # The files may change while the TV runs; only a folder can be read again.
        suffixes = MEDIA_IMAGE_SUFFIXES + MEDIA_VIDEO_SUFFIXES
        if value.lower().endswith(suffixes):
            raise ValueError(f"must be a folder holding {', '.join(suffixes)} files, not one file")
        return value


# espeak-ng's voice variants (`espeak-ng --voices=variant`): f1-f5 female, m1-m8 male.
VOICE_VARIANTS = ("f1", "f2", "f3", "f4", "f5", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8")


_VARIANTS_TEXT = f"{', '.join(VOICE_VARIANTS)} (f1-f5 female)"


def _check_variant(value: str) -> str:
    if value and value not in VOICE_VARIANTS:
        raise ValueError(f"must be empty (the voice's own, male) or one of {_VARIANTS_TEXT}")
    return value


class Caller(_Strict):
    template: str = "Nomor antrean {letters} {number}, silakan menuju {counter_name}"
    # Said once instead while other calls wait (the morning peak); empty: the template.
    backlog_template: str = "{letters} {number} ke {counter_name}"
    recall_prefix: str = "Panggilan ulang,"
    voice: str = "poz/id"
    variant: Annotated[str, AfterValidator(_check_variant)] = ""  # "f3": a female voice
    voice_dir: str = ""  # recorded words (`antrian voice check`); empty: sounds/voice
    rate: int = Field(default=150, ge=80, le=450)
    # Words per minute of the backlog form while calls wait (the morning peak): said
    # once each, one after another, so brisker than `rate`, never slower.
    backlog_rate: int = Field(default=200, ge=80, le=450)
    volume: float = Field(default=1.0, ge=0.0, le=2.0)
    repeat: int = Field(default=2, ge=1, le=5)
    max_age_s: float = Field(default=60.0, gt=0, le=3600)
    chime: str = ""  # empty: sounds/chime.wav; "none": no chime
    save_dir: str = ""  # keep each announcement's WAV here

    @field_validator("voice")
    @classmethod
    def _voice_variant(cls, value: str) -> str:
        """`voice = "id+f3"` works too: the part after "+" must be a known variant."""
        _voice, plus, variant = value.partition("+")
        if plus and variant not in VOICE_VARIANTS:
            raise ValueError(f"the variant after '+' must be one of {_VARIANTS_TEXT}")
        return value

    @model_validator(mode="after")
    def _backlog_not_slower(self) -> Self:
        if self.backlog_rate < self.rate:
            raise ValueError(
                f"backlog_rate ({self.backlog_rate}) is slower than rate ({self.rate}): the "
                f"calls said while others wait are meant to be brisker; set backlog_rate "
                f"to {self.rate} or more"
            )
        return self


class FrontOffice(_Strict):
    printer: str = "preview:///tmp/antrian-fo"
    paper: str = Field(default="80mm", pattern=r"^(80mm|58mm)$")


class Panel(_Strict):
    stay_on_top: bool = True
    compact: bool = True


class Office(_Strict):
    office: OfficeInfo
    hours: OpeningHours = Field(default_factory=OpeningHours)
    holidays: Holidays = Field(default_factory=Holidays)
    compensation: Compensation = Field(default_factory=Compensation)
    priority: Priority = Field(default_factory=Priority)
    queue: Queue = Field(default_factory=Queue)
    hub: HubSettings = Field(default_factory=HubSettings)
    kiosk: Kiosk = Field(default_factory=Kiosk)
    display: Display = Field(default_factory=Display)
    panel: Panel = Field(default_factory=Panel)
    fo: FrontOffice = Field(default_factory=FrontOffice)
    caller: Caller = Field(default_factory=Caller)
    services: list[Service] = Field(min_length=1)
    counters: list[Counter] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        codes = [service.code for service in self.services]
        _unique("services", "code", codes)
        _unique("services", "prefix", [service.prefix for service in self.services])
        _unique("counters", "number", [counter.number for counter in self.counters])
        for code in self.display.services:
            if code not in codes:
                raise ValueError(
                    f"display.services: unknown service '{code}'; allowed: {', '.join(codes)}"
                )
        numbers = [counter.number for counter in self.counters]
        for number in self.display.counters:
            if number not in numbers:
                raise ValueError(
                    f"display.counters: unknown counter {number}; "
                    f"allowed: {', '.join(map(str, numbers))}"
                )
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

    @property
    def compensation_threshold(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.compensation.threshold_minutes)


def _unique(section: str, key: str, values: list[Any]) -> None:
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{section}[{index}].{key}: '{value}' is used twice; must be unique")
        seen.add(value)


def load_office(path: Path | str) -> Office:
    """Read and validate an office config, or raise ConfigError naming file and key."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_office(raw, source=str(path))


def parse_office(raw: dict[str, Any], source: str = "<config>") -> Office:
    try:
        return Office.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source, raw)) from None


def _describe(exc: ValidationError, source: str, raw: dict[str, Any]) -> str:
    lines = []
    for error in exc.errors():
        location = _dotted(error["loc"])
        if error["type"] == "extra_forbidden":
            allowed = _allowed_keys(error["loc"][:-1])
            lines.append(f"{source}: {location}: unknown key; allowed here: {', '.join(allowed)}")
        elif error["type"] == "missing":
            lines.append(f"{source}: {location}: required key is missing")
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
            if location:
                got = error.get("input")
                shown = "" if isinstance(got, dict | list) else f" (got {got!r})"
                lines.append(f"{source}: {location}: {message}{shown}")
            else:
                lines.append(f"{source}: {message}")
    return "\n".join(lines)


def _dotted(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _allowed_keys(loc: tuple[int | str, ...]) -> list[str]:
    model: type[BaseModel] = Office
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[str(part)].annotation
        model = _model_in(annotation) or model
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None
