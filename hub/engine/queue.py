"""The day's queue: numbering, who is called next, and every action a counter takes.

An aggregate whose life is one business day: at the office's midnight numbering starts
again and what nobody holds lapses. Commands check and return an event (they change
nothing); `apply` folds an event into the state. Replaying the stored events through
`apply` rebuilds exactly the state the commands built: that is how the hub restarts.
"""

from __future__ import annotations

import collections
import datetime as dt
import secrets
from collections.abc import Callable
from typing import TypeVar

from hub.config import Counter, Office, Service
from hub.engine import errors
from hub.engine.events import (
    AtCounter,
    CounterPaused,
    CounterResumed,
    Event,
    TicketCalled,
    TicketClosed,
    TicketIssued,
    TicketNoShow,
    TicketRecalled,
    TicketServing,
    TicketTransferred,
)
from hub.engine.holding import at_counter, check_held
from hub.engine.model import ACTIVE_STATES, CounterState, Ticket, TicketState
from hub.engine.rules import OpeningRules
from hub.engine.waiting import WaitingLine
from protocol.kinds import CompensationKind

RECENT_CALLS = 12
E = TypeVar("E", bound=AtCounter)


def new_ticket_id() -> str:
    # Unguessable, so the status URL on a ticket's QR code reveals no other ticket.
    return secrets.token_urlsafe(9)


class DayQueue:
    def __init__(self, office: Office) -> None:
        self.office = office
        self.rules = OpeningRules(office)
        self.tickets: dict[str, Ticket] = {}
        self.counters = {
            c.number: CounterState(c.number, tuple(c.services)) for c in office.counters
        }
        self.recent_calls: collections.deque[TicketCalled | TicketRecalled] = collections.deque(
            maxlen=RECENT_CALLS
        )
        self.lines: dict[str, WaitingLine] = {s.code: WaitingLine() for s in office.services}
        self._issued: dict[str, int] = {}
        self._order = 0

    # ---- commands: check, and say what happens ----------------------------------------

    def issue(
        self,
        now: dt.datetime,
        local: dt.datetime,
        ticket_id: str,
        service_code: str,
        priority: bool = False,
        category: str | None = None,
        eta: Callable[[str, int, bool], int | None] = lambda _code, _ahead, _priority: None,
    ) -> TicketIssued:
        """`eta` gives the estimate for a new ticket: service, citizens ahead, priority."""
        service = self.service(service_code)
        if category is not None:
            if category not in {c.code for c in self.office.priority.categories}:
                allowed = ", ".join(c.code for c in self.office.priority.categories)
                raise errors.UnknownCategory(
                    f"Kategori prioritas '{category}' tidak dikenal.",
                    f"Unknown priority category '{category}'; allowed: {allowed}.",
                )
            priority = True
        issued_today = self._issued.get(service.code, 0)
        self.rules.check(service, local, issued_today)
        sequence = issued_today + 1
        ahead = self.line(service.code).ahead_of_new(priority)
        return TicketIssued(
            at=now,
            ticket_id=ticket_id,
            number=f"{service.prefix}-{sequence:03d}",
            service=service.code,
            sequence=sequence,
            business_date=local.date().isoformat(),
            priority=priority,
            category=category,
            ahead=ahead,
            eta_minutes=eta(service.code, ahead, priority),
        )

    def call_next(
        self,
        now: dt.datetime,
        counter_number: int,
        officer: str | None,
        new_id: Callable[[], str],
    ) -> TicketCalled | None:
        """Call the next citizen for this counter, or None when nobody waits."""
        counter = self.counter(counter_number)
        if counter.paused:
            raise errors.CounterPaused(
                f"Loket {counter.number} sedang istirahat. Lanjutkan dulu untuk memanggil.",
                f"Counter {counter.number} is paused. Resume it to call.",
            )
        if counter.current is not None:
            held = self.tickets[counter.current]
            raise errors.CounterBusy(
                f"Loket {counter.number} masih menangani {held.number}. Selesaikan, alihkan "
                "atau tandai tidak hadir dulu.",
                f"Counter {counter.number} still holds {held.number}. Close, transfer or mark "
                "it no-show first.",
                ticket_id=held.id,
            )
        ticket = self._pick(counter)
        if ticket is None:
            return None
        waited = now - ticket.waiting_since
        compensation = None
        threshold = self.office.compensation_threshold
        # Decree 108/2024: waiting 15 minutes or more earns an apology and a free drink;
        # one case per ticket, so a transferred citizen is not compensated twice.
        if waited >= threshold and ticket.compensation_case is None:
            compensation = {
                "case_id": new_id(),
                "kind": CompensationKind.LATE_SERVICE,
                "waited_s": int(waited.total_seconds()),
                "threshold_s": int(threshold.total_seconds()),
                "remedy": self.office.compensation.remedy,
                "remedy_en": self.office.compensation.remedy_en,
            }
        return TicketCalled(
            at=now,
            ticket_id=ticket.id,
            number=ticket.number,
            service=ticket.service,
            counter=counter.number,
            waited_s=int(waited.total_seconds()),
            priority=ticket.priority,
            compensation=compensation,
            officer=officer,
        )

    def recall(self, now: dt.datetime, ticket_id: str, counter: int | None) -> TicketRecalled:
        ticket = self.held(ticket_id, counter, {TicketState.CALLED}, "dipanggil ulang")
        return at_counter(TicketRecalled, now, ticket, recall_count=ticket.recall_count + 1)

    def serve(self, now: dt.datetime, ticket_id: str, counter: int | None) -> TicketServing:
        ticket = self.held(ticket_id, counter, {TicketState.CALLED}, "mulai dilayani")
        return at_counter(TicketServing, now, ticket)

    def close(self, now: dt.datetime, ticket_id: str, counter: int | None) -> TicketClosed:
        ticket = self.held(ticket_id, counter, set(ACTIVE_STATES), "diselesaikan")
        started = ticket.serving_at or ticket.called_at or now
        return at_counter(TicketClosed, now, ticket, service_s=int((now - started).total_seconds()))

    def no_show(self, now: dt.datetime, ticket_id: str, counter: int | None) -> TicketNoShow:
        ticket = self.held(ticket_id, counter, {TicketState.CALLED}, "ditandai tidak hadir")
        return at_counter(TicketNoShow, now, ticket)

    def transfer(
        self,
        now: dt.datetime,
        ticket_id: str,
        to_service: str,
        to_counter: int | None = None,
        counter_number: int | None = None,
    ) -> TicketTransferred:
        allowed = set(ACTIVE_STATES)
        if counter_number is None:
            allowed.add(TicketState.WAITING)  # FO may move a citizen who chose wrongly
        ticket = self.held(ticket_id, counter_number, allowed, "dialihkan")
        service = self.service(to_service)
        if to_counter is not None:
            target = self.counter_config(to_counter)
            if service.code not in target.services:
                raise errors.InvalidTransition(
                    f"{target.label} tidak melayani {service.name}.",
                    f"Counter {target.number} does not serve {service.name_en or service.name}.",
                )
        if service.code == ticket.service and to_counter in (None, ticket.counter):
            raise errors.InvalidTransition(
                f"{ticket.number} sudah berada di layanan {service.name}.",
                f"{ticket.number} is already in {service.name_en or service.name}.",
            )
        return TicketTransferred(
            at=now,
            ticket_id=ticket.id,
            number=ticket.number,
            service=service.code,
            from_service=ticket.service,
            from_counter=ticket.counter,
            to_counter=to_counter,
        )

    def pause(self, now: dt.datetime, counter_number: int, reason: str = "") -> CounterPaused:
        counter = self.counter(counter_number)
        if counter.paused:
            raise errors.InvalidTransition(
                f"Loket {counter.number} sudah istirahat.",
                f"Counter {counter.number} is already paused.",
            )
        return CounterPaused(at=now, counter=counter.number, reason=reason)

    def resume(self, now: dt.datetime, counter_number: int) -> CounterResumed:
        counter = self.counter(counter_number)
        if not counter.paused:
            raise errors.InvalidTransition(
                f"Loket {counter.number} tidak sedang istirahat.",
                f"Counter {counter.number} is not paused.",
            )
        return CounterResumed(at=now, counter=counter.number)

    # ---- queries ----------------------------------------------------------------------

    def ticket(self, ticket_id: str) -> Ticket:
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            raise errors.UnknownTicket(
                "Tiket tidak ditemukan.", f"No ticket of today has id '{ticket_id}'."
            )
        return ticket

    def line(self, service_code: str) -> WaitingLine:
        line = self.lines.get(service_code)
        if line is None:  # a service a later config removed still holds its citizens
            line = self.lines[service_code] = WaitingLine()
        return line

    def ahead_of(self, ticket: Ticket) -> int:
        """How many citizens of the same service are called before this one."""
        if ticket.state is not TicketState.WAITING:
            return 0
        return self.line(ticket.service).ahead_of(ticket)

    def issued_today(self, service_code: str) -> int:
        return self._issued.get(service_code, 0)

    # ---- folding events into state ----------------------------------------------------

    def apply(self, event: Event) -> None:
        match event:
            case TicketIssued():
                self._order += 1
                ticket = Ticket(
                    id=event.ticket_id,
                    number=event.number,
                    service=event.service,
                    sequence=event.sequence,
                    business_date=dt.date.fromisoformat(event.business_date),
                    priority=event.priority,
                    category=event.category,
                    issued_at=event.at,
                    queued_at=event.at,
                    order=self._order,
                    waiting_since=event.at,
                    eta_minutes=event.eta_minutes,
                )
                self.tickets[ticket.id] = ticket
                self.line(ticket.service).add(ticket)
                self._issued[ticket.service] = max(
                    self._issued.get(ticket.service, 0), event.sequence
                )
            case TicketCalled():
                ticket = self.tickets[event.ticket_id]
                self.line(ticket.service).remove(ticket.id)
                ticket.state = TicketState.CALLED
                ticket.counter = event.counter
                ticket.target_counter = None
                ticket.called_at = event.at
                ticket.first_called_at = ticket.first_called_at or event.at
                if event.compensation:
                    ticket.compensation_case = event.compensation["case_id"]
                counter = self.counter_state(event.counter)
                counter.current = ticket.id
                counter.priority_streak = counter.priority_streak + 1 if event.priority else 0
                self.recent_calls.append(event)
            case TicketRecalled():
                self.tickets[event.ticket_id].recall_count = event.recall_count
                self.recent_calls.append(event)
            case TicketServing():
                ticket = self.tickets[event.ticket_id]
                ticket.state = TicketState.SERVING
                ticket.serving_at = event.at
            case TicketClosed() | TicketNoShow():
                ticket = self.tickets[event.ticket_id]
                closed = isinstance(event, TicketClosed)
                ticket.state = TicketState.CLOSED if closed else TicketState.NO_SHOW
                ticket.closed_at = event.at
                self._release(ticket)
            case TicketTransferred():
                ticket = self.tickets[event.ticket_id]
                self.line(ticket.service).remove(ticket.id)
                self._release(ticket)
                ticket.state = TicketState.WAITING
                ticket.service = event.service
                ticket.target_counter = event.to_counter
                ticket.waiting_since = event.at
                ticket.called_at = ticket.serving_at = None
                ticket.transfer_count += 1
                if not self.office.queue.transfer_keeps_issue_time:
                    self._order += 1
                    ticket.queued_at, ticket.order = event.at, self._order
                self.line(ticket.service).add(ticket)
            case CounterPaused():
                counter = self.counter_state(event.counter)
                counter.paused, counter.pause_reason = True, event.reason
            case CounterResumed():
                counter = self.counter_state(event.counter)
                counter.paused, counter.pause_reason = False, ""

    def roll(self, previous: dt.date) -> None:
        """A new business day: numbering restarts, and what nobody holds lapses. An
        office open until midnight carries its waiting citizens into the new day; one
        that closed in the evening sent them home, so their tickets lapse."""
        span = self.office.hours.span(previous.weekday())
        carry_waiting = span is not None and span[1] is None
        for ticket in list(self.tickets.values()):
            keep = ticket.state in ACTIVE_STATES or (
                carry_waiting and ticket.state is TicketState.WAITING
            )
            if not keep:
                del self.tickets[ticket.id]
                self.line(ticket.service).remove(ticket.id)
        self._issued.clear()
        self.recent_calls.clear()  # a new morning's TV does not show last night's calls
        for counter in self.counters.values():
            counter.paused, counter.pause_reason, counter.priority_streak = False, "", 0

    def reconfigure(self, office: Office) -> None:
        """Take a new office config without losing anyone's place: tickets keep their
        numbers; new services and counters appear, changed counters serve their new list."""
        self.office = office
        self.rules = OpeningRules(office)
        for config in office.counters:
            state = self.counters.setdefault(config.number, CounterState(config.number, ()))
            state.services = tuple(config.services)
        for service in office.services:
            self.line(service.code)

    # ---- helpers ----------------------------------------------------------------------

    def _pick(self, counter: CounterState) -> Ticket | None:
        def for_here(ticket: Ticket) -> bool:
            return ticket.target_counter in (None, counter.number)

        def first(priority: bool) -> Ticket | None:
            heads = [self.line(code).first(priority, for_here) for code in counter.services]
            return min((t for t in heads if t), key=lambda t: t.queue_key, default=None)

        first_priority, first_normal = first(True), first(False)
        # UU 25/2009 Pasal 29 puts priority citizens first; the streak limit keeps the
        # others from waiting forever behind them.
        limit = self.office.priority.max_consecutive
        if first_priority and (first_normal is None or counter.priority_streak < limit):
            return first_priority
        return first_normal

    def _release(self, ticket: Ticket) -> None:
        if ticket.counter is not None:
            counter = self.counters.get(ticket.counter)
            if counter is not None and counter.current == ticket.id:
                counter.current = None
        ticket.counter = None

    def held(
        self,
        ticket_id: str,
        counter_number: int | None,
        allowed: set[TicketState],
        verb: str,
    ) -> Ticket:
        """The ticket, if `counter_number` holds it (None: FO) and its state allows."""
        ticket = self.ticket(ticket_id)
        if counter_number is not None:
            self.counter(counter_number)
        check_held(ticket, counter_number, allowed, verb)
        return ticket

    def service(self, code: str) -> Service:
        service = self.office.service(code)
        if service is None:
            allowed = ", ".join(s.code for s in self.office.services)
            raise errors.UnknownService(
                f"Layanan '{code}' tidak dikenal.",
                f"Unknown service '{code}'; allowed: {allowed}.",
            )
        return service

    def counter_config(self, number: int) -> Counter:
        """The configured counter, or UnknownCounter naming the allowed ones."""
        counter = self.office.counter(number)
        if counter is None:
            allowed = ", ".join(str(c.number) for c in self.office.counters)
            raise errors.UnknownCounter(
                f"Loket {number} tidak dikenal.", f"Unknown counter {number}; allowed: {allowed}."
            )
        return counter

    def counter(self, number: int) -> CounterState:
        self.counter_config(number)
        return self.counters[number]

    def counter_state(self, number: int) -> CounterState:
        # Events name counters that a later config may have removed; keep them anyway.
        return self.counters.setdefault(number, CounterState(number, ()))
