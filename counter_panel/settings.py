"""The counter panel's section of the office config, `[panel]`, and the file as the panel
reads it (its LED sign and keypad are in the office-wide `[[counters]]`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from common.config import load_config
from common.office import SECTIONS, Office
from common.section import Section


class Panel(Section):
    stay_on_top: bool = True
    compact: bool = True


class PanelOffice(Office):
    panel: Panel = Field(default_factory=Panel)


def load_panel_office(path: Path | str) -> PanelOffice:
    """The office-wide sections and `[panel]`, or ConfigError naming file and key."""
    return load_config(path, PanelOffice, others=SECTIONS)
