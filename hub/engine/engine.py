"""The engine: the office's aggregates behind one door, on the hub's one clock.

Each aggregate has a lifetime of its own and folds the events it cares about:
- the day's queue (`DayQueue`): numbering, waiting lines, counters; one business day;
- the compensation ledger (`Ledger`): each case from opening until settled, for days;
- the staff on duty (`Staff`): who is signed in where, across midnight;
- the complaint desk (`ComplaintDesk`): each complaint until the citizen's statement,
  for weeks (issue #14).
A command asks the aggregate that decides it for an event, then `apply` hands the event
to every aggregate, so each keeps its own state and a replay rebuilds all of them. The
engine also owns time: the business day, its rollover at the office's midnight.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from hub.config import Counter, Office
from hub.engine import errors
from hub.engine.clock import Clock
from hub.engine.complaints import Complaint, ComplaintDesk, new_tracking_code
from hub.engine.estimate import Estimator, Pace, minutes_of
from hub.engine.events import (
    CompensationRecorded,
    CompensationSettled,
    ComplaintLate,
    ComplaintReceived,
    ConfigReloaded,
    CounterPaused,
    CounterResumed,
    DeviceIncident,
    Event,
    OfficerSignedIn,
    OfficerSignedOut,
    TicketCalled,
    TicketClosed,
    TicketIssued,
    TicketNoShow,
    TicketRecalled,
    TicketServing,
    TicketTransferred,
)
from hub.engine.ledger import Ledger
from hub.engine.model import CompensationCase, CounterState, Ticket, TicketState
from hub.engine.queue import DayQueue, new_ticket_id
from hub.engine.rules import OpeningRules
from hub.engine.staff import Staff

AnyEvent = TypeVar("AnyEvent", bound=Event)
PACES_KEPT = 64  # lines' paces kept for the current event and second


class Engine:
    def __init__(
        self,
        office: Office,
        clock: Clock,
        new_id: Callable[[], str] = new_ticket_id,
        new_code: Callable[[], str] = new_tracking_code,
    ) -> None:
        self.office = office
        self.clock = clock
        self._new_id = new_id
        self._new_code = new_code
        self._day_ends: dt.datetime | None = None
        self.tz = office.office.tz
        self.business_date: dt.date | None = None
        self.last_at: dt.datetime | None = None
        self.queue = DayQueue(office)
        self.ledger = Ledger(self._service_of)
        self.staff = Staff()
        self.complaints = ComplaintDesk(office)
        self.estimator = Estimator(office)
        self._applied_count = 0  # events folded: a key for what depends on them alone
        self._paces: dict[tuple[int, str, bool, int], Pace | None] = {}

    # ---- the aggregates' state, as the views read it ----------------------------------

    @property
    def rules(self) -> OpeningRules:
        return self.queue.rules

    @property
    def tickets(self) -> dict[str, Ticket]:
        return self.queue.tickets

    @property
    def counters(self) -> dict[int, CounterState]:
        return self.queue.counters

    @property
    def recent_calls(self) -> collections.deque[TicketCalled | TicketRecalled]:
        return self.queue.recent_calls

    @property
    def cases(self) -> dict[str, CompensationCase]:
        return self.ledger.cases

    # ---- time -------------------------------------------------------------------------

    @property
    def tz(self) -> dt.tzinfo:
        return self._tz

    @tz.setter
    def tz(self, value: dt.tzinfo) -> None:
        self._tz = value
        self._day_ends = None  # the day's end is recomputed in the new zone

    def now(self) -> dt.datetime:
        """The hub's time, millisecond precision (as stored), never going backwards."""
        now = self.clock.now().astimezone(dt.UTC)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        if self.last_at is not None and now < self.last_at:
            return self.last_at
        return now

    def local(self, instant: dt.datetime) -> dt.datetime:
        return instant.astimezone(self.tz)

    def business_date_of(self, instant: dt.datetime) -> dt.date:
        # Numbering resets at the office's local midnight.
        return self.local(instant).date()

    def refresh(self) -> None:
        """Roll over to a new business day if the clock has crossed midnight."""
        self._roll(self.now())

    # ---- the queue --------------------------------------------------------------------

    def issue(
        self, service_code: str, priority: bool = False, category: str | None = None
    ) -> TicketIssued:
        now = self._begin()
        event = self.queue.issue(
            now, self.local(now), self._new_id(), service_code, priority, category,
            eta=lambda code, ahead, first: self._estimate(now, code, ahead, first, new=True),
        )  # fmt: skip
        return self._applied(event)

    def call_next(self, counter_number: int) -> TicketCalled | None:
        now = self._begin()
        officer = self.staff.nip_at(counter_number)
        event = self.queue.call_next(now, counter_number, officer, self._new_id)
        return self._applied(event) if event else None

    def recall(self, ticket_id: str, counter_number: int | None = None) -> TicketRecalled:
        return self._applied(self.queue.recall(self._begin(), ticket_id, counter_number))

    def serve(self, ticket_id: str, counter_number: int | None = None) -> TicketServing:
        return self._applied(self.queue.serve(self._begin(), ticket_id, counter_number))

    def close(self, ticket_id: str, counter_number: int | None = None) -> TicketClosed:
        return self._applied(self.queue.close(self._begin(), ticket_id, counter_number))

    def no_show(self, ticket_id: str, counter_number: int | None = None) -> TicketNoShow:
        return self._applied(self.queue.no_show(self._begin(), ticket_id, counter_number))

    def transfer(
        self,
        ticket_id: str,
        to_service: str,
        to_counter: int | None = None,
        counter_number: int | None = None,
    ) -> TicketTransferred:
        now = self._begin()
        return self._applied(
            self.queue.transfer(now, ticket_id, to_service, to_counter, counter_number)
        )

    def pause(self, counter_number: int, reason: str = "") -> CounterPaused:
        return self._applied(self.queue.pause(self._begin(), counter_number, reason))

    def resume(self, counter_number: int) -> CounterResumed:
        return self._applied(self.queue.resume(self._begin(), counter_number))

    def ticket(self, ticket_id: str) -> Ticket:
        return self.queue.ticket(ticket_id)

    def waiting(self, service_code: str) -> list[Ticket]:
        """Tickets waiting for a service, in the order they will be called."""
        return self.queue.line(service_code).in_order()

    def ahead_of(self, ticket: Ticket) -> int:
        return self.queue.ahead_of(ticket)

    def estimated_wait_minutes(self, ticket: Ticket) -> int | None:
        """Minutes until a waiting ticket is called (0 once it is); None when no
        staffed counter serves its service."""
        if ticket.state is not TicketState.WAITING:
            return 0
        return self._estimate(
            self.now(), ticket.service, self.ahead_of(ticket), ticket.priority, new=False
        )

    def estimate_for_new(self, service_code: str, priority: bool = False) -> int | None:
        """Minutes a ticket issued now for the service would wait (the TV's tile)."""
        ahead = self.queue.line(service_code).ahead_of_new(priority)
        return self._estimate(self.now(), service_code, ahead, priority, new=True)

    def _estimate(
        self, now: dt.datetime, service_code: str, ahead: int, priority: bool, *, new: bool
    ) -> int | None:
        # A line's pace is O(counters x services); worked out once per line, event and
        # second, so a hundred phones following one line ask for it once, not a hundred
        # times. The lines, counters and sign-ins change only by events (`apply`).
        key = (self._applied_count, service_code, new, int(now.timestamp()))
        if key not in self._paces:
            if len(self._paces) > PACES_KEPT:
                self._paces.clear()
            self._paces[key] = self.estimator.pace(
                now, service_code,
                counters=self.queue.counters.values(), staffed=self.staff.at_counter.keys(),
                waiting={code: len(line) for code, line in self.queue.lines.items()}, new=new,
            )  # fmt: skip
        pace = self._paces[key]
        return None if pace is None else minutes_of(pace.wait_s(ahead, priority))

    def issued_today(self, service_code: str) -> int:
        return self.queue.issued_today(service_code)

    def counters_config(self, number: int) -> Counter:
        """The configured counter, or UnknownCounter naming the allowed ones."""
        return self.queue.counter_config(number)

    # ---- staff ------------------------------------------------------------------------

    def sign_in(self, counter_number: int, officer: str, officer_name: str) -> OfficerSignedIn:
        now = self._begin()
        self.queue.counter(counter_number)
        return self._applied(self.staff.sign_in(now, counter_number, officer, officer_name))

    def sign_out(self, counter_number: int, officer: str) -> OfficerSignedOut | None:
        self.queue.counter(counter_number)
        event = self.staff.sign_out(self._begin(), counter_number, officer)
        return self._applied(event) if event else None

    def officer_at(self, counter_number: int) -> tuple[str, str] | None:
        on_duty = self.staff.at_counter.get(counter_number)
        return (on_duty.nip, on_duty.name) if on_duty else None

    # ---- the compensation ledger (SK 108/2024) ----------------------------------------

    def record_compensation(
        self,
        kind: str,
        ticket_id: str | None,
        note: str,
        counter_number: int | None = None,
        officer: str | None = None,
        last_counter: int | None = None,
    ) -> CompensationRecorded:
        now = self._begin()
        ticket = self.ticket(ticket_id) if ticket_id else None
        event = self.ledger.record(
            now, self._new_id(), kind, ticket, note, counter_number, officer, last_counter
        )
        return self._applied(event)

    def settle_compensation(
        self,
        case_id: str,
        state: str,
        note: str = "",
        counter_number: int | None = None,
        officer: str | None = None,
        last_counter: int | None = None,
    ) -> CompensationSettled:
        """Mark a case given or waived; `last_counter` as for record_compensation."""
        now = self._begin()
        case = self.cases.get(case_id)
        ticket = self.tickets.get(case.ticket_id or "") if case else None
        held = ticket.counter if ticket is not None else None
        held_by = held if held is not None else last_counter
        event = self.ledger.settle(now, case_id, state, note, counter_number, officer, held_by)
        return self._applied(event)

    def reopen_cases(self, cases: Iterable[CompensationCase]) -> None:
        """Take compensation cases kept by the store (open ones of earlier days)."""
        self.ledger.reopen(cases)

    # ---- the complaint desk (issue #14) -----------------------------------------------

    def receive_complaint(
        self,
        channel: str,
        summary: str,
        by: str,
        name: str = "",
        contact: str = "",
        service: str | None = None,
        ticket_id: str | None = None,
    ) -> ComplaintReceived:
        now = self._begin()
        code = self._new_code()
        while code in self.complaints.by_code:  # 31^10 codes: all but never
            code = self._new_code()
        event = self.complaints.receive(
            now, self.business_date_of(now), self._new_id(), code, channel=channel,
            summary=summary, name=name, contact=contact, service=service,
            ticket_id=ticket_id, by=by,
        )  # fmt: skip
        return self._applied(event)

    def late_complaints(self) -> list[ComplaintLate]:
        """Open a complaint_late compensation case for each complaint past its due date
        unanswered (once each); the ledger and the desk both fold the event."""
        now = self._begin()
        events = self.complaints.late(now, self.business_date_of(now), self._new_id)
        for event in events:
            self.apply(event)
        return events

    def complaint(self, complaint_id: str) -> Complaint:
        return self.complaints.complaint(complaint_id)

    def reopen_complaints(self, histories: Iterable[list[Event]]) -> None:
        """Take the complaints kept by the store, each folded from its own events."""
        self.complaints.reopen(histories)

    # ---- the office -------------------------------------------------------------------

    def incident(
        self, device: str, kind: str, message: str, ticket_id: str | None = None
    ) -> DeviceIncident:
        event = DeviceIncident(
            at=self._begin(), device=device, kind=kind, message=message, ticket_id=ticket_id
        )
        return self._applied(event)

    def reconfigure(self, office: Office) -> ConfigReloaded:
        """Take a new office config without losing anyone's place."""
        self.office = office
        self.tz = office.office.tz
        self.queue.reconfigure(office)
        self.estimator.office = office
        self.complaints.reconfigure(office)
        event = ConfigReloaded(
            at=self._begin(),
            services=[s.code for s in office.services],
            counters=[c.number for c in office.counters],
        )
        return self._applied(event)

    # ---- folding events into every aggregate ------------------------------------------

    def replay(self, events: Iterable[Event]) -> None:
        for event in events:
            self.apply(event)

    def apply(self, event: Event) -> None:
        self._roll(event.at)
        self.last_at = event.at if self.last_at is None else max(self.last_at, event.at)
        self.queue.apply(event)
        self.ledger.apply(event)
        self.staff.apply(event)
        self.complaints.apply(event)
        self.estimator.apply(event)
        self._applied_count += 1

    def decide(self, decision: Callable[[dt.datetime], AnyEvent]) -> AnyEvent:
        """Run one aggregate's decision at the hub's time and fold the event it returns
        into every aggregate: the door for the steps the engine adds nothing to (a
        complaint verified or answered, a survey's answers, a rating)."""
        return self._applied(decision(self._begin()))

    def _applied(self, event: AnyEvent) -> AnyEvent:
        self.apply(event)
        return event

    # ---- helpers ----------------------------------------------------------------------

    def _begin(self) -> dt.datetime:
        now = self.now()
        self._roll(now)
        return now

    def _roll(self, instant: dt.datetime) -> None:
        if self._day_ends is not None and instant < self._day_ends:
            return  # the common case, checked without a time zone conversion
        day = self.business_date_of(instant)
        if self.business_date is not None and day <= self.business_date:
            return
        # The instant the business day ends: the office's next local midnight.
        midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), self.tz)
        self._day_ends = midnight.astimezone(dt.UTC)
        previous, self.business_date = self.business_date, day
        if previous is not None:
            self.queue.roll(previous)
            self.estimator.roll()
            self.ledger.roll(previous, self.business_date_of)

    def _service_of(self, ticket_id: str) -> str | None:
        ticket = self.queue.tickets.get(ticket_id)
        return ticket.service if ticket else None


__all__ = ["Engine", "errors"]
