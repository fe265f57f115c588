"""What the hub's API answers: one model per reply, the same for the hub that writes it
and the client that reads it.

Times are strings as they travel: UTC, ISO 8601 with milliseconds and a `Z`
(`protocol.events.to_wire_time`); dates are `YYYY-MM-DD` in the office's time zone.

A reply to a kiosk or a TV leaves out every officer field (`officer`, `officer_name`):
those fields are optional here, and the hub sends only the fields it set.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from protocol.kinds import CompensationKind, CompensationState, IncidentKind, TicketState

WireTime = Annotated[str, Field(description="UTC, ISO 8601 with milliseconds: ...T08:15:00.000Z")]
WireDate = Annotated[str, Field(description="YYYY-MM-DD, the office's business day")]


class View(BaseModel):
    # A newer hub may answer with more keys: an older client takes what it knows.
    model_config = ConfigDict(extra="ignore")


class OfficerRef(View):
    nip: str
    name: str


class CompensationOffer(View):
    """The case a late call opened, as `ticket.called` carries it."""

    case_id: str
    kind: CompensationKind
    waited_s: int
    threshold_s: int | None = None
    remedy: str
    remedy_en: str = ""


class CompensationCaseView(View):
    id: str
    kind: CompensationKind
    title: str  # in Bahasa Indonesia, for the panel and FO
    remedy: str
    state: CompensationState
    ticket_id: str | None
    number: str | None
    service: str | None
    counter: int | None
    officer: str | None = None  # NIP; staff only
    waited_s: int | None
    note: str
    opened_at: WireTime
    settled_at: WireTime | None
    complaint_id: str | None = None  # a complaint_late case: the complaint (issue #14)


class TicketView(View):
    id: str
    number: str
    service: str
    service_name: str
    priority: bool
    category: str | None
    state: TicketState
    counter: int | None
    target_counter: int | None
    business_date: WireDate
    issued_at: WireTime
    called_at: WireTime | None
    serving_at: WireTime | None
    closed_at: WireTime | None
    ahead: int
    estimated_wait_min: int | None = Field(description="the live estimate, minutes")
    eta_minutes: int | None = Field(
        default=None, description="the estimate the citizen was given at issue, minutes"
    )
    status_path: str
    recall_count: int
    transfer_count: int
    compensation_case: str | None
    compensation: CompensationCaseView | None
    waited_s: int | None = Field(default=None, description="only in a call-next reply")


class ServiceView(View):
    code: str
    prefix: str
    name: str
    name_en: str
    description: str
    open: bool
    quota: int
    issued_today: int
    waiting: int
    priority_waiting: int
    longest_wait_s: int
    standard_minutes: int
    eta_minutes: int | None = Field(
        default=None,
        description="minutes a ticket taken now would wait; null when no staffed counter "
        "serves the service",
    )


class CounterView(View):
    number: int
    name: str
    services: list[str]
    paused: bool
    pause_reason: str
    officer: OfficerRef | None = None  # staff only
    current: TicketView | None


class PriorityCategoryView(View):
    code: str
    name: str
    name_en: str = ""


class OfficeView(View):
    name: str
    short_name: str
    timezone: str
    address: str
    priority_categories: list[PriorityCategoryView]
    public_url: str = Field(
        default="",
        description="base of the citizens' pages: a ticket's QR code is this + status_path",
    )


class RecentCall(View):
    """A `ticket.called` or `ticket.recalled` event as the log holds it, and `recall`."""

    type: str
    v: int = 1
    at: WireTime
    ticket_id: str
    number: str
    service: str
    counter: int
    recall: bool
    waited_s: int | None = None
    priority: bool | None = None
    compensation: CompensationOffer | None = None
    officer: str | None = None  # staff only
    recall_count: int | None = None


class StateView(View):
    seq: int = Field(description="the last event this snapshot holds: resume with ?after=")
    now: WireTime
    business_date: WireDate | None
    office: OfficeView
    services: list[ServiceView]
    counters: list[CounterView]
    recent_calls: list[RecentCall]


class SessionView(View):
    """An officer signed in: the token acting for the counter until `expires_at`."""

    token: str
    officer: OfficerRef
    counter: int
    expires_at: WireTime


class IncidentView(View):
    """The `device.incident` event the report was recorded as."""

    type: str
    v: int = 1
    at: WireTime
    device: str
    kind: IncidentKind
    message: str
    ticket_id: str | None


class CentralHealth(View):
    """Where forwarding to the central service stands: the last seq central holds, and
    how many of the log's events are not there yet."""

    position: int
    behind: int


class HealthView(View):
    status: str
    version: str
    office: str
    central: CentralHealth | None = None  # only on a hub that forwards ([central])


class ErrorDetail(View):
    code: str
    message: str  # Bahasa Indonesia, for the person at the appliance
    message_en: str  # for the installer and the log
    details: dict[str, Any] | None = None


class ErrorView(View):
    """Every refusal (4xx) and store fault (503)."""

    error: ErrorDetail
