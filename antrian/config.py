"""The whole office config: every part's model at once, so a mistake in any section is
reported by every `antrian` command, whichever part it belongs to.

Only the top-level command line may compose them: it sits above every part. Each part
reads the same file through its own model (the hub `hub.config.Office`, the kiosk
`kiosk.settings.KioskOffice`, ...) and gets this one, which is each of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from common.config import load_config, parse_config
from counter_panel.settings import PanelOffice
from display.settings import DisplayOffice
from fo.settings import FoOffice
from hub.complaint_receipt import check_printer
from hub.config import Office as HubOffice
from kiosk.settings import KioskOffice
from rater.settings import RaterOffice


class OfficeConfig(HubOffice, KioskOffice, DisplayOffice, PanelOffice, FoOffice, RaterOffice):
    """Every section of the office config, each validated by the part that owns it."""


def load_office_config(path: Path | str) -> OfficeConfig:
    """Read and validate the whole office config, or raise ConfigError naming file and key."""
    office = load_config(path, OfficeConfig)
    check_printer(office, str(path))
    return office


def parse_office_config(raw: dict[str, Any], source: str = "<config>") -> OfficeConfig:
    office = parse_config(raw, OfficeConfig, source)
    check_printer(office, source)
    return office
