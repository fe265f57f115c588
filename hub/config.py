"""The office config as the hub reads it: the office-wide sections (`common.office`) and
the hub's own: `[compensation]`, `[priority]`, `[queue]` and `[hub]`'s data settings.

The appliances' sections (`[kiosk]`, `[display]`, ...) belong to them; the hub passes
over them, and `antrian` checks the whole file with every part's model at start.
Models only: the queue engine is given one, so reading the file is `hub.config_file`'s.
"""

from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict, Field

from common import office as shared
from common.office import Counter, Holidays, OfficeInfo, OpeningHours, Service
from common.section import Section

__all__ = [
    "Compensation",
    "Counter",
    "HubSettings",
    "Holidays",
    "Office",
    "OfficeInfo",
    "OpeningHours",
    "Priority",
    "PriorityCategory",
    "Queue",
    "Service",
]


class PriorityCategory(Section):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    name: str = Field(min_length=1)
    name_en: str = ""


class Priority(Section):
    # UU 25/2009 Pasal 29: lansia, disabilitas, ibu hamil are served first, but a counter
    # calls at most this many priority tickets in a row while a normal ticket waits.
    max_consecutive: int = Field(default=3, ge=1, le=50)
    categories: list[PriorityCategory] = Field(default_factory=list)


class Compensation(Section):
    # SK Kepala DPMPTSP 108/2024: waiting 15 minutes or more earns an apology and a drink.
    threshold_minutes: int = Field(default=15, ge=1, le=240)
    remedy: str = "Permohonan maaf dan minuman gratis"
    remedy_en: str = "An apology and a free drink"


class Queue(Section):
    transfer_keeps_issue_time: bool = True


class HubSettings(shared.HubLink):
    """`[hub]` in full: where the hub is, and where it keeps its backups."""

    model_config = ConfigDict(extra="forbid", frozen=True)  # every key of it is known here

    backup_dir: str = ""  # empty: DATA/backups; best on another disk
    backup_keep_days: int = Field(default=30, ge=1, le=3650)


class Office(shared.Office):
    """The office config as the hub reads it: no appliance's settings in it, so the
    engine depends on none of them."""

    hub: HubSettings = Field(default_factory=HubSettings)
    compensation: Compensation = Field(default_factory=Compensation)
    priority: Priority = Field(default_factory=Priority)
    queue: Queue = Field(default_factory=Queue)

    @property
    def compensation_threshold(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.compensation.threshold_minutes)
