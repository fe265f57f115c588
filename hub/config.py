"""The office config as the hub reads it: the office-wide sections (`common.office`) and
the hub's own: `[compensation]`, `[complaints]`, `[priority]`, `[queue]`, `[public]` and
`[hub]`'s data settings.

The appliances' sections (`[kiosk]`, `[display]`, ...) belong to them; the hub passes
over them, and `antrian` checks the whole file with every part's model at start.
Models only: the queue engine is given one, so reading the file is `hub.config_file`'s.
"""

from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict, Field, field_validator

from common import office as shared
from common.office import Counter, Holidays, OfficeInfo, OpeningHours, Service
from common.section import Section

__all__ = [
    "CentralLink",
    "ComplaintStage",
    "Complaints",
    "Compensation",
    "Counter",
    "HubSettings",
    "Holidays",
    "Office",
    "OfficeInfo",
    "OpeningHours",
    "Priority",
    "Public",
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


class ComplaintStage(Section):
    """One level a complaint may be sent up to, and the working days it has there."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    name: str = Field(min_length=1)
    working_days: int = Field(ge=1, le=365)


def _default_stages() -> list[ComplaintStage]:
    # The "Loket 5" SOP (seeds/004): the desk answers what it can; otherwise the
    # complaint team / head of section studies it, then the head of department and the
    # head of office decide. Each office sets its own levels and limits.
    return [
        ComplaintStage(code="tim", name="Tim pengaduan / Kepala Seksi", working_days=5),
        ComplaintStage(code="kabid", name="Kepala Bidang", working_days=3),
        ComplaintStage(code="kepala", name="Kepala Dinas", working_days=2),
    ]


class Complaints(Section):
    """`[complaints]`: the complaint desk (pengaduan). A complaint must be answered
    within `answer_working_days` working days of the day it was received."""

    answer_working_days: int = Field(default=7, ge=1, le=365)
    stages: list[ComplaintStage] = Field(default_factory=_default_stages)
    # The desk's receipt printer, a printer URL as the kiosk's (tcp://HOST:9100, ...;
    # checked at start by hub.complaint_receipt); empty: no receipts are printed.
    printer: str = ""
    paper: str = Field(default="80mm", pattern=r"^(80mm|58mm)$")

    @field_validator("stages")
    @classmethod
    def _unique_codes(cls, stages: list[ComplaintStage]) -> list[ComplaintStage]:
        seen: set[str] = set()
        for index, stage in enumerate(stages):
            if stage.code in seen:
                raise ValueError(f"[{index}].code: '{stage.code}' is used twice; must be unique")
            seen.add(stage.code)
        return stages

    def stage(self, code: str) -> ComplaintStage | None:
        return next((stage for stage in self.stages if stage.code == code), None)


class Queue(Section):
    transfer_keeps_issue_time: bool = True


class HubSettings(shared.HubLink):
    """`[hub]` in full: where the hub is, and where it keeps its backups."""

    model_config = ConfigDict(extra="forbid", frozen=True)  # every key of it is known here

    backup_dir: str = ""  # empty: DATA/backups; best on another disk
    backup_keep_days: int = Field(default=30, ge=1, le=3650)


class Public(Section):
    """`[public]`: the listener for citizens' phones (the page behind a ticket's QR code).

    It serves only public pages, no token, so a network admin can expose just this port
    on the guest Wi-Fi or behind a reverse proxy."""

    port: int = Field(default=8471, ge=1, le=65535)
    # The base printed in QR codes: the guest-Wi-Fi address or a public reverse proxy
    # ("https://antrean.example.go.id"). Empty: http://<the hub's LAN address>:<port>.
    url: str = Field(default="", pattern=r"^(https?://[^\s/?#]+(/[^\s?#]*)?)?$")
    near_ahead: int = Field(default=3, ge=0, le=100)  # "you are near": this many ahead
    # Page loads, JSON and live-update connections one client address may open a minute.
    requests_per_minute: int = Field(default=60, ge=5, le=10_000)
    # Reverse proxies in front of the listener (their addresses): every phone behind one
    # comes from its address, so for these the phone is the last X-Forwarded-For hop and
    # the per-address connection cap is lifted.
    proxies: list[str] = Field(default_factory=list)


class CentralLink(Section):
    """`[central]`: forward every event of the log to the province's central service
    (issue #16). Empty `url`: no forwarding."""

    url: str = Field(default="", pattern=r"^(https?://[^\s/?#]+(/[^\s?#]*)?)?$")
    token_file: str = ""  # the file holding this office's forwarding token
    batch: int = Field(default=1000, ge=1, le=5000)  # events per request
    max_backoff_s: float = Field(default=60.0, ge=0.1, le=3600)  # the longest wait between tries

    @property
    def enabled(self) -> bool:
        return bool(self.url and self.token_file)


class Office(shared.Office):
    """The office config as the hub reads it: no appliance's settings in it, so the
    engine depends on none of them."""

    hub: HubSettings = Field(default_factory=HubSettings)
    compensation: Compensation = Field(default_factory=Compensation)
    priority: Priority = Field(default_factory=Priority)
    queue: Queue = Field(default_factory=Queue)
    public: Public = Field(default_factory=Public)
    complaints: Complaints = Field(default_factory=Complaints)
    central: CentralLink = Field(default_factory=CentralLink)

    @property
    def compensation_threshold(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.compensation.threshold_minutes)
