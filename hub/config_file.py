"""Reading the office config file as the hub reads it (`hub.config`): the office-wide
sections and the hub's own; the appliances' sections are theirs to check."""

from __future__ import annotations

from pathlib import Path

from common import office as shared
from common.config import load_config
from hub.complaint_receipt import check_printer
from hub.config import Office


def load_office(path: Path | str) -> Office:
    """Read and validate the hub's sections of an office config, or raise ConfigError
    naming file and key."""
    office = load_config(path, Office, others=shared.SECTIONS)
    check_printer(office, str(path))
    return office
