"""The engine's state: tickets of the business day and the counters."""

from __future__ import annotations

import dataclasses
import datetime as dt

from protocol.kinds import CompensationState, TicketState

ACTIVE_STATES = frozenset({TicketState.CALLED, TicketState.SERVING})


@dataclasses.dataclass
class Ticket:
    id: str
    number: str
    service: str
    sequence: int
    business_date: dt.date
    priority: bool
    category: str | None
    issued_at: dt.datetime
    # Order in the queue: the issue time, kept through a transfer unless config says not.
    queued_at: dt.datetime
    order: int
    # Start of the current wait: issue time, or the moment of the last transfer.
    waiting_since: dt.datetime
    state: TicketState = TicketState.WAITING
    counter: int | None = None
    target_counter: int | None = None
    called_at: dt.datetime | None = None
    first_called_at: dt.datetime | None = None
    serving_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    recall_count: int = 0
    transfer_count: int = 0
    compensation_case: str | None = None
    eta_minutes: int | None = None  # the estimate the citizen was given at issue

    @property
    def queue_key(self) -> tuple[dt.datetime, int]:
        return (self.queued_at, self.order)


@dataclasses.dataclass
class CounterState:
    number: int
    services: tuple[str, ...]
    current: str | None = None
    paused: bool = False
    pause_reason: str = ""
    # Priority tickets called in a row here; bounded by [priority].max_consecutive.
    priority_streak: int = 0


@dataclasses.dataclass
class CompensationCase:
    id: str
    kind: str  # a CompensationKind (a plain string: a newer hub may know more)
    ticket_id: str | None
    number: str | None
    counter: int | None
    officer: str | None
    opened_at: dt.datetime
    state: str = CompensationState.OWED  # owed -> given | waived
    service: str | None = None
    waited_s: int | None = None
    note: str = ""
    settled_at: dt.datetime | None = None
    complaint_id: str | None = None  # a complaint_late case: the complaint answered late


__all__ = ["ACTIVE_STATES", "CompensationCase", "CounterState", "Ticket", "TicketState"]
