"""The queue: numbering, who is called next, and every action a counter takes.

Commands check, then record events; `apply` folds an event into the state. Replaying
the stored events through `apply` rebuilds exactly the state the commands built, which
is how the hub recovers after a restart.
"""

from __future__ import annotations

import collections
import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from hub.config import Counter, Office, Service
from hub.engine import errors
from hub.engine.clock import Clock
from hub.engine.desk import DeskMixin
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
from hub.engine.model import ACTIVE_STATES, CompensationCase, CounterState, Ticket, TicketState
from hub.engine.rules import OpeningRules

RECENT_CALLS = 12
E = TypeVar("E", bound=AtCounter)


def new_ticket_id() -> str:
    # Unguessable, so the status URL on a ticket's QR code reveals no other ticket.
    return secrets.token_urlsafe(9)


class Engine(DeskMixin):
    def __init__(
        self, office: Office, clock: Clock, new_id: Callable[[], str] = new_ticket_id
    ) -> None:
        self.office = office
        self.clock = clock
        self.rules = OpeningRules(office)
        self._new_id = new_id
        self._day_ends: dt.datetime | None = None
        self.tz = office.office.tz
        self.business_date: dt.date | None = None
        self.last_at: dt.datetime | None = None
        self.tickets: dict[str, Ticket] = {}
        self.counters = {
            c.number: CounterState(c.number, tuple(c.services)) for c in office.counters
        }
        self.recent_calls: collections.deque[TicketCalled | TicketRecalled] = collections.deque(
            maxlen=RECENT_CALLS
        )
        self._waiting: dict[str, dict[str, Ticket]] = {s.code: {} for s in office.services}
        self._issued: dict[str, int] = {}
        self._order = 0
        self.cases: dict[str, CompensationCase] = {}

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

    # ---- commands ---------------------------------------------------------------------

    def issue(
        self, service_code: str, priority: bool = False, category: str | None = None
    ) -> TicketIssued:
        now = self._begin()
        service = self._service(service_code)
        if category is not None:
            if category not in {c.code for c in self.office.priority.categories}:
                allowed = ", ".join(c.code for c in self.office.priority.categories)
                raise errors.UnknownCategory(
                    f"Kategori prioritas '{category}' tidak dikenal.",
                    f"Unknown priority category '{category}'; allowed: {allowed}.",
                )
            priority = True
        issued_today = self._issued.get(service.code, 0)
        self.rules.check(service, self.local(now), issued_today)
        sequence = issued_today + 1
        event = TicketIssued(
            at=now,
            ticket_id=self._new_id(),
            number=f"{service.prefix}-{sequence:03d}",
            service=service.code,
            sequence=sequence,
            business_date=self.business_date_of(now).isoformat(),
            priority=priority,
            category=category,
            ahead=self._ahead_of_new(service.code, priority),
        )
        self.apply(event)
        return event

    def call_next(self, counter_number: int) -> TicketCalled | None:
        """Call the next citizen for this counter, or None when nobody waits."""
        now = self._begin()
        counter = self._counter(counter_number)
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
                "case_id": self._new_id(),
                "kind": "late_service",
                "waited_s": int(waited.total_seconds()),
                "threshold_s": int(threshold.total_seconds()),
                "remedy": self.office.compensation.remedy,
                "remedy_en": self.office.compensation.remedy_en,
            }
        event = TicketCalled(
            at=now,
            ticket_id=ticket.id,
            number=ticket.number,
            service=ticket.service,
            counter=counter.number,
            waited_s=int(waited.total_seconds()),
            priority=ticket.priority,
            compensation=compensation,
            officer=counter.officer,
        )
        self.apply(event)
        return event

    def recall(self, ticket_id: str, counter_number: int | None = None) -> TicketRecalled:
        ticket = self._held(ticket_id, counter_number, {TicketState.CALLED}, "dipanggil ulang")
        return self._at_counter(TicketRecalled, ticket, recall_count=ticket.recall_count + 1)

    def serve(self, ticket_id: str, counter_number: int | None = None) -> TicketServing:
        ticket = self._held(ticket_id, counter_number, {TicketState.CALLED}, "mulai dilayani")
        return self._at_counter(TicketServing, ticket)

    def close(self, ticket_id: str, counter_number: int | None = None) -> TicketClosed:
        ticket = self._held(ticket_id, counter_number, set(ACTIVE_STATES), "diselesaikan")
        started = ticket.serving_at or ticket.called_at or self.now()
        service_s = int((self.now() - started).total_seconds())
        return self._at_counter(TicketClosed, ticket, service_s=service_s)

    def no_show(self, ticket_id: str, counter_number: int | None = None) -> TicketNoShow:
        ticket = self._held(ticket_id, counter_number, {TicketState.CALLED}, "ditandai tidak hadir")
        return self._at_counter(TicketNoShow, ticket)

    def _at_counter(self, kind: type[E], ticket: Ticket, **fields: Any) -> E:
        """Record an event about a ticket held at its counter (recall, serve, close...)."""
        assert ticket.counter is not None  # noqa: S101 - a held ticket has a counter
        event = kind(
            at=self._begin(), ticket_id=ticket.id, number=ticket.number,
            service=ticket.service, counter=ticket.counter, **fields,
        )  # fmt: skip
        self.apply(event)
        return event

    def transfer(
        self,
        ticket_id: str,
        to_service: str,
        to_counter: int | None = None,
        counter_number: int | None = None,
    ) -> TicketTransferred:
        now = self._begin()
        allowed = set(ACTIVE_STATES)
        if counter_number is None:
            allowed.add(TicketState.WAITING)  # FO may move a citizen who chose wrongly
        ticket = self._held(ticket_id, counter_number, allowed, "dialihkan")
        service = self._service(to_service)
        if to_counter is not None:
            target = self._counter_config(to_counter)
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
        event = TicketTransferred(
            at=now,
            ticket_id=ticket.id,
            number=ticket.number,
            service=service.code,
            from_service=ticket.service,
            from_counter=ticket.counter,
            to_counter=to_counter,
        )
        self.apply(event)
        return event

    def pause(self, counter_number: int, reason: str = "") -> CounterPaused:
        now = self._begin()
        counter = self._counter(counter_number)
        if counter.paused:
            raise errors.InvalidTransition(
                f"Loket {counter.number} sudah istirahat.",
                f"Counter {counter.number} is already paused.",
            )
        event = CounterPaused(at=now, counter=counter.number, reason=reason)
        self.apply(event)
        return event

    def resume(self, counter_number: int) -> CounterResumed:
        now = self._begin()
        counter = self._counter(counter_number)
        if not counter.paused:
            raise errors.InvalidTransition(
                f"Loket {counter.number} tidak sedang istirahat.",
                f"Counter {counter.number} is not paused.",
            )
        event = CounterResumed(at=now, counter=counter.number)
        self.apply(event)
        return event

    # ---- queries ----------------------------------------------------------------------

    def ticket(self, ticket_id: str) -> Ticket:
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            raise errors.UnknownTicket(
                "Tiket tidak ditemukan.", f"No ticket of today has id '{ticket_id}'."
            )
        return ticket

    def waiting(self, service_code: str) -> list[Ticket]:
        """Tickets waiting for a service, in the order they will be called."""
        tickets = self._waiting.get(service_code, {}).values()
        return sorted(tickets, key=lambda t: (not t.priority, t.queue_key))

    def ahead_of(self, ticket: Ticket) -> int:
        """How many citizens of the same service are called before this one."""
        if ticket.state is not TicketState.WAITING:
            return 0
        return sum(
            1
            for other in self._waiting.get(ticket.service, {}).values()
            if (other.priority and not ticket.priority)
            or (other.priority == ticket.priority and other.queue_key < ticket.queue_key)
        )

    def estimated_wait_minutes(self, ticket: Ticket) -> int | None:
        """Citizens ahead times the service's standard minutes, shared by the counters
        serving it now; None when no open counter serves it."""
        if ticket.state is not TicketState.WAITING:
            return 0
        service = self.office.service(ticket.service)
        serving = sum(
            1 for c in self.counters.values() if ticket.service in c.services and not c.paused
        )
        if service is None or serving == 0:
            return None
        return -(-self.ahead_of(ticket) * service.standard_minutes // serving)

    def issued_today(self, service_code: str) -> int:
        return self._issued.get(service_code, 0)

    # ---- folding events into state ----------------------------------------------------

    def reopen_cases(self, cases: Iterable[CompensationCase]) -> None:
        """Take compensation cases kept by the store (open ones of earlier days)."""
        for case in cases:
            self.cases[case.id] = case

    def replay(self, events: Iterable[Event]) -> None:
        for event in events:
            self.apply(event)

    def apply(self, event: Event) -> None:
        self._roll(event.at)
        self.last_at = event.at if self.last_at is None else max(self.last_at, event.at)
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
                )
                self.tickets[ticket.id] = ticket
                self._waiting.setdefault(ticket.service, {})[ticket.id] = ticket
                self._issued[ticket.service] = max(
                    self._issued.get(ticket.service, 0), event.sequence
                )
            case TicketCalled():
                ticket = self.tickets[event.ticket_id]
                self._waiting.get(ticket.service, {}).pop(ticket.id, None)
                ticket.state = TicketState.CALLED
                ticket.counter = event.counter
                ticket.target_counter = None
                ticket.called_at = event.at
                ticket.first_called_at = ticket.first_called_at or event.at
                if event.compensation:
                    ticket.compensation_case = event.compensation["case_id"]
                    self.cases[ticket.compensation_case] = CompensationCase(
                        id=ticket.compensation_case, kind="late_service", ticket_id=ticket.id,
                        number=ticket.number, counter=event.counter, officer=event.officer,
                        opened_at=event.at, service=ticket.service, waited_s=event.waited_s,
                    )  # fmt: skip
                counter = self._counter_state(event.counter)
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
                self._waiting.get(ticket.service, {}).pop(ticket.id, None)
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
                self._waiting.setdefault(ticket.service, {})[ticket.id] = ticket
            case CounterPaused():
                counter = self._counter_state(event.counter)
                counter.paused, counter.pause_reason = True, event.reason
            case CounterResumed():
                counter = self._counter_state(event.counter)
                counter.paused, counter.pause_reason = False, ""
            case _:
                self._apply_desk(event)

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
        if self.business_date is None:
            self.business_date = day
            return
        previous = self.business_date
        self.business_date = day
        # An office open until midnight carries its waiting citizens into the new day;
        # one that closed in the evening sent them home, so their tickets lapse.
        span = self.office.hours.span(previous.weekday())
        carry_waiting = span is not None and span[1] is None
        for ticket in list(self.tickets.values()):
            keep = ticket.state in ACTIVE_STATES or (
                carry_waiting and ticket.state is TicketState.WAITING
            )
            if not keep:
                del self.tickets[ticket.id]
                self._waiting.get(ticket.service, {}).pop(ticket.id, None)
        self._issued.clear()
        self.recent_calls.clear()  # a new morning's TV does not show last night's calls
        # The ledger keeps what is still owed, whatever its day, and the last two days.
        self.cases = {
            case_id: case
            for case_id, case in self.cases.items()
            if case.state == "owed" or self.business_date_of(case.opened_at) >= previous
        }
        for counter in self.counters.values():
            counter.paused, counter.pause_reason, counter.priority_streak = False, "", 0

    def _pick(self, counter: CounterState) -> Ticket | None:
        eligible = [
            ticket
            for code in counter.services
            for ticket in self._waiting.get(code, {}).values()
            if ticket.target_counter in (None, counter.number)
        ]
        first_priority = min((t for t in eligible if t.priority), key=_key, default=None)
        first_normal = min((t for t in eligible if not t.priority), key=_key, default=None)
        # UU 25/2009 Pasal 29 puts priority citizens first; the streak limit keeps the
        # others from waiting forever behind them.
        limit = self.office.priority.max_consecutive
        if first_priority and (first_normal is None or counter.priority_streak < limit):
            return first_priority
        return first_normal

    def _ahead_of_new(self, service_code: str, priority: bool) -> int:
        waiting = self._waiting.get(service_code, {}).values()
        return sum(1 for t in waiting if t.priority or not priority)

    def _release(self, ticket: Ticket) -> None:
        if ticket.counter is not None:
            counter = self.counters.get(ticket.counter)
            if counter is not None and counter.current == ticket.id:
                counter.current = None
        ticket.counter = None

    def _held(
        self,
        ticket_id: str,
        counter_number: int | None,
        allowed: set[TicketState],
        verb: str,
    ) -> Ticket:
        ticket = self.ticket(ticket_id)
        if counter_number is not None:
            self._counter(counter_number)
            if ticket.counter != counter_number:
                raise errors.WrongCounter(
                    f"{ticket.number} tidak sedang ditangani Loket {counter_number}.",
                    f"{ticket.number} is not held by counter {counter_number}.",
                )
        if ticket.state not in allowed:
            raise errors.InvalidTransition(
                f"{ticket.number} tidak dapat {verb}: statusnya {_STATE_ID[ticket.state]}.",
                f"{ticket.number} cannot be {_VERB_EN.get(verb, verb)}: it is {ticket.state}.",
                state=str(ticket.state),
            )
        return ticket

    def _service(self, code: str) -> Service:
        service = self.office.service(code)
        if service is None:
            allowed = ", ".join(s.code for s in self.office.services)
            raise errors.UnknownService(
                f"Layanan '{code}' tidak dikenal.",
                f"Unknown service '{code}'; allowed: {allowed}.",
            )
        return service

    def _counter_config(self, number: int) -> Counter:
        counter = self.office.counter(number)
        if counter is None:
            allowed = ", ".join(str(c.number) for c in self.office.counters)
            raise errors.UnknownCounter(
                f"Loket {number} tidak dikenal.", f"Unknown counter {number}; allowed: {allowed}."
            )
        return counter

    def counters_config(self, number: int) -> Counter:
        """The configured counter, or UnknownCounter naming the allowed ones."""
        return self._counter_config(number)

    def _counter(self, number: int) -> CounterState:
        self._counter_config(number)
        return self.counters[number]

    def _counter_state(self, number: int) -> CounterState:
        # Events name counters that a later config may have removed; keep them anyway.
        return self.counters.setdefault(number, CounterState(number, ()))


def _key(ticket: Ticket) -> tuple[dt.datetime, int]:
    return ticket.queue_key


_STATE_ID = {
    TicketState.WAITING: "menunggu",
    TicketState.CALLED: "dipanggil",
    TicketState.SERVING: "sedang dilayani",
    TicketState.CLOSED: "selesai",
    TicketState.NO_SHOW: "tidak hadir",
}
_VERB_EN = {
    "dipanggil ulang": "recalled",
    "mulai dilayani": "served",
    "diselesaikan": "closed",
    "ditandai tidak hadir": "marked no-show",
    "dialihkan": "transferred",
}
