"""The FO desk's section of the office config, `[fo]`, and the file as the desk reads it."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from common.config import load_config
from common.office import SECTIONS, Office
from common.section import Section


class FrontOffice(Section):
    printer: str = "preview:///tmp/antrian-fo"
    paper: str = Field(default="80mm", pattern=r"^(80mm|58mm)$")


class FoOffice(Office):
    fo: FrontOffice = Field(default_factory=FrontOffice)


def load_fo_office(path: Path | str) -> FoOffice:
    """The office-wide sections and `[fo]`, or ConfigError naming file and key."""
    return load_config(path, FoOffice, others=SECTIONS)
