"""The display's and the caller's sections of the office config, `[display]` and
`[caller]`, and the file as each reads it (the display PC runs the caller too, unless
`display.speak` is off; `antrian caller` runs it alone)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Self

from pydantic import AfterValidator, Field, field_validator, model_validator

from common.config import load_config
from common.office import SECTIONS, Office
from common.section import Section

Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
MEDIA_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp")
MEDIA_VIDEO_SUFFIXES = (".mp4", ".mkv", ".webm", ".avi", ".mov", ".m4v")


class Display(Section):
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


class Caller(Section):
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


class CallerOffice(Office):
    caller: Caller = Field(default_factory=Caller)


class DisplayOffice(CallerOffice):
    display: Display = Field(default_factory=Display)

    @model_validator(mode="after")
    def _shows_known_services_and_counters(self) -> Self:
        codes = [service.code for service in self.services]
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
        return self


def load_caller_office(path: Path | str) -> CallerOffice:
    """The office-wide sections and `[caller]`, or ConfigError naming file and key."""
    return load_config(path, CallerOffice, others=SECTIONS)


def load_display_office(path: Path | str) -> DisplayOffice:
    """The office-wide sections, `[display]` and `[caller]`, or ConfigError naming file
    and key."""
    return load_config(path, DisplayOffice, others=SECTIONS)
