"""The kiosk's section of the office config, `[kiosk]`, and the file as the kiosk reads it."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from common.config import load_config
from common.office import SECTIONS, Office
from common.section import Section


class Kiosk(Section):
    printer: str = "preview:///tmp/antrian-tickets"
    paper: str = Field(default="80mm", pattern=r"^(80mm|58mm)$")
    logo: str = ""
    return_seconds: int = Field(default=8, ge=3, le=120)
    fault_return_seconds: int = Field(default=25, ge=5, le=300)
    # Back to the start when a half-finished choice (priority) is left untouched this long.
    idle_seconds: int = Field(default=30, ge=5, le=300)
    greeting: bool = False


class KioskOffice(Office):
    kiosk: Kiosk = Field(default_factory=Kiosk)


def load_kiosk_office(path: Path | str) -> KioskOffice:
    """The office-wide sections and `[kiosk]`, or ConfigError naming file and key."""
    return load_config(path, KioskOffice, others=SECTIONS)
