"""What happened: the events the engine records, the service-time log of the office.

Each event is appended to the store in the same transaction as the change it describes,
and pushed to every subscriber after commit. Its wire form is a flat JSON object
`{"type", "at", ...fields}`; the store adds `seq`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, ClassVar


def to_wire_time(instant: dt.datetime) -> str:
    return instant.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def from_wire_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    type: ClassVar[str] = "event"
    at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        fields["at"] = to_wire_time(self.at)
        return {"type": self.type, **fields}


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
    type: ClassVar[str] = "ticket.issued"
    sequence: int
    business_date: str
    priority: bool
    category: str | None
    ahead: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketCalled(AtCounter):
    """A counter called the ticket. `compensation` is set when the wait earned one."""

    type: ClassVar[str] = "ticket.called"
    waited_s: int
    priority: bool
    compensation: dict[str, Any] | None = None
    officer: str | None = None  # NIP of the officer signed in at the counter


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketRecalled(AtCounter):
    """Announced again; the order of the queue does not change."""

    type: ClassVar[str] = "ticket.recalled"
    recall_count: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketServing(AtCounter):
    type: ClassVar[str] = "ticket.serving"


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketClosed(AtCounter):
    type: ClassVar[str] = "ticket.closed"
    service_s: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketNoShow(AtCounter):
    type: ClassVar[str] = "ticket.no_show"


@dataclasses.dataclass(frozen=True, kw_only=True)
class TicketTransferred(TicketEvent):
    """Back to waiting at another service (and maybe counter), keeping its number."""

    type: ClassVar[str] = "ticket.transferred"
    from_service: str
    from_counter: int | None
    to_counter: int | None


@dataclasses.dataclass(frozen=True, kw_only=True)
class CounterPaused(Event):
    type: ClassVar[str] = "counter.paused"
    counter: int
    reason: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class CounterResumed(Event):
    type: ClassVar[str] = "counter.resumed"
    counter: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class DeviceIncident(Event):
    """An appliance reports a fault (printer offline, paper out) or its recovery.

    Kept in the same log so FO sees it and the daily recap counts the day's incidents.
    """

    type: ClassVar[str] = "device.incident"
    device: str
    kind: str
    message: str
    ticket_id: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class ConfigReloaded(Event):
    """The office config changed on disk and the hub took it; appliances refresh."""

    type: ClassVar[str] = "config.reloaded"
    services: list[str]
    counters: list[int]


@dataclasses.dataclass(frozen=True, kw_only=True)
class OfficerSignedIn(Event):
    type: ClassVar[str] = "counter.signed_in"
    counter: int
    officer: str  # NIP
    officer_name: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class OfficerSignedOut(Event):
    type: ClassVar[str] = "counter.signed_out"
    counter: int
    officer: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class CompensationRecorded(Event):
    """A decree case other than a late call, recorded by an officer or FO."""

    type: ClassVar[str] = "compensation.recorded"
    case_id: str
    kind: str
    ticket_id: str | None
    number: str | None
    counter: int | None
    officer: str | None
    note: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class CompensationSettled(Event):
    """The remedy was given to the citizen, or FO waived the case with a reason."""

    type: ClassVar[str] = "compensation.settled"
    case_id: str
    state: str  # given | waived
    counter: int | None
    officer: str | None
    note: str


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
    )
}


class UnknownEventType(KeyError):
    """An event type this version does not know (written by a newer Antrian)."""


_FIELD_NAMES: dict[type[Event], frozenset[str]] = {}


def _field_names(cls: type[Event]) -> frozenset[str]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return names


def event_from_dict(data: dict[str, Any]) -> Event:
    """Rebuild an event from its wire form; unknown keys (like `seq`) are ignored."""
    cls = EVENT_TYPES.get(data["type"])
    if cls is None:
        raise UnknownEventType(data["type"])
    names = _field_names(cls)
    kwargs = {key: value for key, value in data.items() if key in names}
    kwargs["at"] = from_wire_time(data["at"])
    return cls(**kwargs)
