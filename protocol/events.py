"""What happened: the events of the office's log, each with a version `v`.

Each event is appended to the store in the same transaction as the change it describes,
and pushed to every subscriber after commit. Its wire form is a flat JSON object
`{"type", "v", "at", ...fields}`; the store adds `seq`. An event stored before versions
existed carries no `v`: it is version 1.

Reading the log back must never stop the hub:
- a type this version does not know (written by a newer Antrian, restored onto an older
  hub) raises `UnknownEventType`, which replay logs and skips;
- an older version is upcast, one version at a time, by the functions in `UPCASTERS`,
  so the engine only ever folds the current shape of each event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from protocol.kinds import EventType

Wire = dict[str, Any]


def to_wire_time(instant: dt.datetime) -> str:
    return instant.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def from_wire_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    type: ClassVar[str] = "event"
    version: ClassVar[int] = 1  # written as `v`; raise it with an upcaster for the old one
    at: dt.datetime

    def to_dict(self) -> Wire:
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        fields["at"] = to_wire_time(self.at)
        return {"type": self.type, "v": self.version, **fields}


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketEvent(Event):
    ticket_id: str
    number: str
    service: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class AtCounter(TicketEvent):
    """Something that happened to a ticket at a counter."""

    counter: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketIssued(TicketEvent):
    """A kiosk (or FO) issued a number. Version 2 keeps the estimate the citizen was
    given (`eta_minutes`, None when no open counter served the service)."""

    type: ClassVar[str] = EventType.TICKET_ISSUED
    version: ClassVar[int] = 2
    sequence: int
    business_date: str
    priority: bool
    category: str | None
    ahead: int
    eta_minutes: int | None  # required: a v1 event gets it from its upcaster


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketCalled(AtCounter):
    """A counter called the ticket. `compensation` is set when the wait earned one."""

    type: ClassVar[str] = EventType.TICKET_CALLED
    waited_s: int
    priority: bool
    compensation: dict[str, Any] | None = None
    officer: str | None = None  # NIP of the officer signed in at the counter


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketRecalled(AtCounter):
    """Announced again; the order of the queue does not change."""

    type: ClassVar[str] = EventType.TICKET_RECALLED
    recall_count: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketServing(AtCounter):
    type: ClassVar[str] = EventType.TICKET_SERVING


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketClosed(AtCounter):
    type: ClassVar[str] = EventType.TICKET_CLOSED
    service_s: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketNoShow(AtCounter):
    type: ClassVar[str] = EventType.TICKET_NO_SHOW


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketTransferred(TicketEvent):
    """Back to waiting at another service (and maybe counter), keeping its number."""

    type: ClassVar[str] = EventType.TICKET_TRANSFERRED
    from_service: str
    from_counter: int | None
    to_counter: int | None


@dataclasses.dataclass(frozen=True, kw_only=True)
class CounterPaused(Event):
    type: ClassVar[str] = EventType.COUNTER_PAUSED
    counter: int
    reason: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class CounterResumed(Event):
    type: ClassVar[str] = EventType.COUNTER_RESUMED
    counter: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class DeviceIncident(Event):
    """An appliance reports a fault (printer offline, paper out) or its recovery.

    Kept in the same log so FO sees it and the daily recap counts the day's incidents.
    `kind` is an IncidentKind (kept a plain string: a newer appliance may know more).
    """

    type: ClassVar[str] = EventType.DEVICE_INCIDENT
    device: str
    kind: str
    message: str
    ticket_id: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class ConfigReloaded(Event):
    """The office config changed on disk and the hub took it; appliances refresh."""

    type: ClassVar[str] = EventType.CONFIG_RELOADED
    services: list[str]
    counters: list[int]


@dataclasses.dataclass(frozen=True, kw_only=True)
class OfficerSignedIn(Event):
    type: ClassVar[str] = EventType.COUNTER_SIGNED_IN
    counter: int
    officer: str  # NIP
    officer_name: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class OfficerSignedOut(Event):
    type: ClassVar[str] = EventType.COUNTER_SIGNED_OUT
    counter: int
    officer: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class CompensationRecorded(Event):
    """A decree case other than a late call, recorded by an officer or FO."""

    type: ClassVar[str] = EventType.COMPENSATION_RECORDED
    case_id: str
    kind: str  # a manual CompensationKind
    ticket_id: str | None
    number: str | None
    counter: int | None
    officer: str | None
    note: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class CompensationSettled(Event):
    """The remedy was given to the citizen, or FO waived the case with a reason."""

    type: ClassVar[str] = EventType.COMPENSATION_SETTLED
    case_id: str
    state: str  # CompensationState.GIVEN | WAIVED
    counter: int | None
    officer: str | None
    note: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class ComplaintEvent(Event):
    """A step of a complaint (issue #14): which, who took it (an officer's NIP, or the
    name of the FO or admin token) and why."""

    complaint_id: str
    by: str
    note: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class ComplaintReceived(ComplaintEvent):
    """The desk recorded a complaint. `due_date` (office time) is fixed when it arrives:
    a later change of the calendar does not move a deadline already given."""

    type: ClassVar[str] = EventType.COMPLAINT_RECEIVED
    tracking_code: str
    channel: str  # a ComplaintChannel
    summary: str
    name: str
    contact: str
    service: str | None
    ticket_id: str | None
    due_date: str  # YYYY-MM-DD


@dataclasses.dataclass(frozen=True, kw_only=True)
class ComplaintVerified(ComplaintEvent):
    type: ClassVar[str] = EventType.COMPLAINT_VERIFIED


@dataclasses.dataclass(frozen=True, kw_only=True)
class ComplaintEscalated(ComplaintEvent):
    """Sent up to a stage of `[complaints].stages` (`to`, its code)."""

    type: ClassVar[str] = EventType.COMPLAINT_ESCALATED
    to: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class ComplaintReturned(ComplaintEvent):
    """Sent back down by the stage that held it (the note says what is missing)."""

    type: ClassVar[str] = EventType.COMPLAINT_RETURNED


@dataclasses.dataclass(frozen=True, kw_only=True)
class ComplaintAnswered(ComplaintEvent):
    type: ClassVar[str] = EventType.COMPLAINT_ANSWERED
    answer: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class ComplaintClosed(ComplaintEvent):
    """The citizen's statement on the answer. Not satisfied: the complaint goes up again,
    to the stage `escalated_to`, instead of closing."""

    type: ClassVar[str] = EventType.COMPLAINT_CLOSED
    satisfied: bool
    escalated_to: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class ComplaintLate(ComplaintEvent):
    """The complaint's due date passed unanswered: the hub opened compensation case
    `case_id` (kind complaint_late, SK 108/2024). Recorded once per complaint."""

    type: ClassVar[str] = EventType.COMPLAINT_LATE
    case_id: str
    due_date: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class SurveyAnswered(Event):
    """A citizen's satisfaction survey for a closed ticket (Permenpan RB 14/2017, issue
    #15): `answers` U1..U9, each 1..4. The service, counter and officer are known from
    the ticket's log (the hub's projection keeps them); none is asked of the citizen."""

    type: ClassVar[str] = EventType.SURVEY_ANSWERED
    ticket_id: str
    answers: dict[str, int]
    via: str  # a SurveyVia
    profile: dict[str, Any] | None = None  # age, sex, education, occupation: all optional
    suggestion: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class SurveyRated(Event):
    """The one-press rating at the booth (1..4): counted in `ratings`, never in the IKM."""

    type: ClassVar[str] = EventType.SURVEY_RATED
    ticket_id: str
    score: int


COMPLAINT_EVENTS: tuple[type[ComplaintEvent], ...] = (
    ComplaintReceived,
    ComplaintVerified,
    ComplaintEscalated,
    ComplaintReturned,
    ComplaintAnswered,
    ComplaintClosed,
    ComplaintLate,
)

EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (
        TicketIssued,
        TicketCalled,
        TicketRecalled,
        TicketServing,
        TicketClosed,
        TicketNoShow,
        TicketTransferred,
        CounterPaused,
        CounterResumed,
        DeviceIncident,
        ConfigReloaded,
        OfficerSignedIn,
        OfficerSignedOut,
        CompensationRecorded,
        CompensationSettled,
        SurveyAnswered,
        SurveyRated,
    )
}
EVENT_TYPES.update({cls.type: cls for cls in COMPLAINT_EVENTS})
COMPLAINT_TYPES = frozenset(cls.type for cls in COMPLAINT_EVENTS)


def _issued_v1_to_v2(data: Wire) -> Wire:
    """Version 1 did not keep the estimate the citizen was given: it is unknown."""
    return {**data, "eta_minutes": None}


# (type, version) -> the function that makes the next version of that event's wire form.
UPCASTERS: dict[tuple[str, int], Callable[[Wire], Wire]] = {
    (EventType.TICKET_ISSUED, 1): _issued_v1_to_v2,
}


class UnknownEventType(KeyError):
    """An event type this version does not know (written by a newer Antrian)."""


_FIELD_NAMES: dict[type[Event], frozenset[str]] = {}


def _field_names(cls: type[Event]) -> frozenset[str]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return names


def upcast(data: Wire) -> Wire:
    """The wire form of an event raised to its type's current version (a newer version,
    from a newer Antrian, is read as it is: its known fields are taken)."""
    kind, version = data["type"], int(data.get("v", 1))
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        raise UnknownEventType(kind)
    while version < cls.version:
        data = UPCASTERS[(kind, version)](data)
        version += 1
    return data if version == data.get("v") else {**data, "v": version}


def event_from_dict(data: Wire) -> Event:
    """Rebuild an event from its wire (or stored) form, upcast to the current version;
    unknown keys (like `seq`) are ignored."""
    data = upcast(data)
    cls = EVENT_TYPES[data["type"]]
    names = _field_names(cls)
    kwargs = {key: value for key, value in data.items() if key in names}
    kwargs["at"] = from_wire_time(data["at"])
    return cls(**kwargs)


# The fields the hub's event feeds carry of an event with a citizen's words or data
# (hub.views.wire_for_feeds); the rest is read through the API by those allowed.
_COMPLAINT_ON_FEEDS = ("seq", "type", "v", "at", "complaint_id", "due_date", "to", "case_id")
ON_FEEDS: dict[str, tuple[str, ...]] = {
    EventType.SURVEY_ANSWERED: ("seq", "type", "v", "at", "ticket_id", "via"),
    **{event.type: _COMPLAINT_ON_FEEDS for event in COMPLAINT_EVENTS},
}

# What leaves the office for the central service (hub.forwarder): every event, but a
# complaint without the citizen's name, contact and words, or the desk's free text (they
# stay in the office's own log, read there by those allowed). The fields stay, empty, so
# each event keeps its shape; central counts, dates and states are unchanged.
WITHHELD_FROM_CENTRAL: dict[str, tuple[str, ...]] = {
    event.type: tuple(
        name for name in ("summary", "name", "contact", "answer", "note")
        if name in {f.name for f in dataclasses.fields(event)}
    )
    for event in COMPLAINT_EVENTS
}  # fmt: skip
