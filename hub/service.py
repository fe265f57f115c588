"""The hub's heart: the engine and the store, kept in step by one writer thread.

Every command runs on that one thread: it checks and applies the change in the engine,
appends the events and updates the projections in SQLite, and once the transaction is
committed (commands waiting together share one: hub.writer) the stored events go to the
listeners (the WebSocket fan-out). One thread means two counters pressing "call next"
at the same instant are simply taken in turn.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hub import (
    complaint_receipt,
    complaint_service,
    officers,
    recap_cache,
    survey_report,
    survey_service,
)
from hub.config import Office
from hub.engine import Clock, Engine, Event, OffsetClock
from hub.engine.errors import EngineError
from hub.engine.events import (
    CompensationRecorded,
    CompensationSettled,
    ComplaintLate,
    TicketCalled,
    TicketEvent,
)
from hub.engine.queue import new_ticket_id
from hub.errors import HubError, StoreError
from hub.forwarder import Forwarder
from hub.periods import Period
from hub.store import Store, StoredEvent
from hub.tokens import TokenInfo, authenticate
from hub.views import case_view, stored_ticket_view, ticket_view
from hub.writer import GroupWriter
from protocol.recap import Recap
from protocol.views import CompensationCaseView, OfficerRef, SessionView, TicketView

log = logging.getLogger(__name__)
T = TypeVar("T")
Listener = Callable[[list[StoredEvent]], None]


def _case_of(event: Event) -> str | None:
    """The compensation case an event opens or settles, if any."""
    if isinstance(event, CompensationRecorded | CompensationSettled | ComplaintLate):
        return event.case_id
    if isinstance(event, TicketCalled) and event.compensation:
        return str(event.compensation["case_id"])
    return None


class IdempotencyConflict(EngineError):
    """The Idempotency-Key was already used for a different request."""

    code = "idempotency_conflict"
    status = 422


class Hub:
    def __init__(
        self,
        office: Office,
        store: Store,
        clock: Clock,
        new_id: Callable[[], str] = new_ticket_id,
    ) -> None:
        self.office = office
        self.store = store
        self.clock = clock
        self.config_path: Path | None = None  # the file the hub runs on, served to installers
        self.public_url = ""  # the base of the citizens' pages (QR codes), set by the server
        self.forwarder: Forwarder | None = None  # to the central service, set by the server
        self._new_id = new_id
        # Held while a command changes the engine and writes its rows, released before
        # the commit's fsync: a read waits at most for one change in memory, never for
        # the writer's queue (see read()).
        self._state_lock = threading.RLock()
        self.engine = self._load()
        self.seq = store.last_seq()  # the last event the engine holds
        # Token lookups and replays read committed rows on a connection of their own.
        self._reader = store.reader()
        self._reader_lock = threading.Lock()
        self.listeners: list[Listener] = []
        self._in_flight = 0  # commands submitted and not yet answered (see busy())
        self._in_flight_lock = threading.Lock()  # (the API's and the pages' loops submit)
        self._writer = GroupWriter(store, self._committed, self._reload_after_failure)
        # One thread: scrypt takes 16 MiB and ~50 ms a PIN, so a burst queues here instead
        # of taking every core and the memory (the API's limits keep the queue short).
        self._pin_checker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="hub-pin")
        self.complaints = complaint_service.ComplaintCommands(self)
        self.survey = survey_service.SurveyCommands(self)
        self.receipts = complaint_receipt.Receipts(self)  # the complaint desk's printer

    def _load(self) -> Engine:
        engine = Engine(self.office, self.clock, self._new_id)
        today = engine.business_date_of(engine.now())
        # Open cases first: a compensation owed days ago is still owed after a restart.
        engine.reopen_cases(self.store.cases_to_reopen(today))
        # Complaints live for weeks: each is folded from its own kept events.
        engine.reopen_complaints(complaint_service.to_reopen(self.store, today))
        # Yesterday too, where needed: a ticket still being served at midnight must be
        # closable, and an officer signed in before midnight is still at the counter.
        engine.replay(self.store.events_to_reopen(today))
        engine.refresh()
        return engine

    def read(self, view: Callable[[], T]) -> T:
        """Compute a view of the engine on the calling thread, beside the writer: GETs
        and snapshots never queue behind ticket issues. A view may see a change a moment
        before its commit reaches the disk; its `seq` (self.seq) always matches it."""
        if self.store.path is None:  # an in-memory store has one connection: the writer's
            return self.run(view)
        with self._state_lock:
            return view()

    def on_reader(self, read: Callable[[Store], T]) -> T:
        """`read` committed rows on the reader connection, beside the writer (not from the
        writer thread itself: an in-memory store has one connection, the writer's)."""
        if self.store.path is None:
            return self.run(lambda: read(self.store))
        with self._reader_lock:
            return read(self._reader)

    def authenticate(self, secret: str) -> TokenInfo | None:
        """The live token with this secret."""
        return self.on_reader(lambda store: authenticate(store.conn, secret))

    def events_after(self, seq: int, limit: int) -> list[str]:
        """Committed events after `seq` (wire JSON)."""
        return self.on_reader(lambda store: store.events_after(seq, limit))

    def close(self) -> None:
        self._pin_checker.shutdown(wait=True)
        self._writer.shutdown()
        self.receipts.close()  # after the writer: no commit hands it a job once closed
        if self._reader is not self.store:
            self._reader.close()
        self.store.close()

    # ---- running work on the writer thread --------------------------------------------

    async def submit(self, work: Callable[[], T]) -> T:
        with self._in_flight_lock:
            self._in_flight += 1
        try:
            return await asyncio.wrap_future(self._writer.submit(work))
        finally:
            with self._in_flight_lock:
                self._in_flight -= 1

    def busy(self) -> bool:
        """Is a command on its way through the writer now (a hint for who may wait)?"""
        return self._in_flight > 0

    def run(self, work: Callable[[], T]) -> T:
        """Run `work` on the writer thread and wait (for callers outside asyncio)."""
        return self._writer.submit(work).result()

    def _transaction(self, command: Callable[[], tuple[T, list[Event]]]) -> T:
        if self._writer.in_group():  # committed with the group; a store error fails it
            with self._state_lock:
                value, events = command()
                if events:
                    self._writer.stored.extend(self._persist(events))
                    self.seq = self._writer.stored[-1].seq
            return value
        stored: list[StoredEvent] = []
        try:
            with self.store.write():
                with self._state_lock:
                    value, events = command()
                    if events:
                        stored = self._persist(events)
                        self.seq = stored[-1].seq
        except sqlite3.Error as exc:  # (an EngineError is raised before anything changed)
            self._reload_after_failure(exc)
            raise StoreError(f"the store refused a write: {exc}") from exc
        self._committed(stored)
        return value

    def _committed(self, stored: list[StoredEvent]) -> None:
        for listener in self.listeners:
            listener(stored)

    def _reload_after_failure(self, error: sqlite3.Error) -> None:
        # The engine may already hold changes that never reached the disk.
        log.error("store write failed; reloading the engine from the store", exc_info=error)
        with self._state_lock:
            self.engine = self._load()
            self.seq = self.store.last_seq()

    def _persist(self, events: list[Event]) -> list[StoredEvent]:
        engine = self.engine
        assert engine.business_date is not None  # noqa: S101 - set by any command
        stored = self.store.append(events, engine.business_date)
        touched = {e.ticket_id for e in events if isinstance(e, TicketEvent)}
        tickets = [engine.tickets[i] for i in touched if i in engine.tickets]
        self.store.save_tickets(tickets, stored[-1].seq)
        case_ids = {_case_of(e) for e in events} - {None}
        cases = [engine.cases[i] for i in case_ids if i in engine.cases]
        self.store.save_cases(cases, engine.business_date, stored[-1].seq)
        complaint_service.persist(self.store, engine, events, stored[-1].seq)
        survey_service.persist(self.store, stored, engine.business_date.isoformat())
        return stored

    # ---- commands (called on the writer thread) ---------------------------------------

    def issue(
        self,
        service: str,
        priority: bool = False,
        category: str | None = None,
        *,
        token_id: int = 0,
        idempotency_key: str | None = None,
    ) -> tuple[TicketView, bool]:
        """Issue a ticket; returns (ticket view, replayed). A repeated key replays."""
        request_hash = hashlib.sha256(
            json.dumps([service, priority, category]).encode()
        ).hexdigest()

        def command() -> tuple[tuple[TicketView, bool], list[Event]]:
            if idempotency_key:
                known = self.store.idempotent_ticket(token_id, idempotency_key)
                if known:
                    ticket_id, known_hash = known
                    if known_hash != request_hash:
                        raise IdempotencyConflict(
                            "Permintaan ganda dengan isi berbeda.",
                            "This Idempotency-Key was already used for a different request.",
                        )
                    return (self.ticket(ticket_id), True), []
            event = self.engine.issue(service, priority, category)
            if idempotency_key:
                self.store.remember_idempotency(
                    token_id, idempotency_key, request_hash, event.ticket_id
                )
            view = ticket_view(self.engine, self.engine.tickets[event.ticket_id], event)
            return (view, False), [event]

        return self._transaction(command)

    def call_next(self, counter: int) -> TicketView | None:
        def command() -> tuple[TicketView | None, list[Event]]:
            event = self.engine.call_next(counter)
            if event is None:
                return None, []
            return self._called_view(event), [event]

        return self._transaction(command)

    def act(self, ticket_id: str, action: str, counter: int | None, **options: Any) -> TicketView:
        """recall / serve / close / no-show / transfer on a ticket held by `counter`."""
        engine = self.engine

        def command() -> tuple[TicketView, list[Event]]:
            event: Event
            if action == "recall":
                event = engine.recall(ticket_id, counter)
            elif action == "serve":
                event = engine.serve(ticket_id, counter)
            elif action == "close":
                event = engine.close(ticket_id, counter)
            elif action == "no-show":
                event = engine.no_show(ticket_id, counter)
            elif action == "transfer":
                event = engine.transfer(
                    ticket_id, options["to_service"], options.get("to_counter"), counter
                )
            else:
                raise HubError(f"unknown action {action}")
            return ticket_view(engine, engine.tickets[ticket_id]), [event]

        return self._transaction(command)

    def pause(self, counter: int, reason: str = "") -> None:
        self._transaction(lambda: (None, [self.engine.pause(counter, reason)]))

    def resume(self, counter: int) -> None:
        self._transaction(lambda: (None, [self.engine.resume(counter)]))

    async def sign_in(
        self, nip: str, pin: str, counter: int, address: str = "local"
    ) -> SessionView:
        """Check an officer's PIN and open a session at `counter`; `address` is where
        the attempt came from (the lockout is per NIP and address).

        scrypt is slow on purpose, so it runs on a thread of its own, between a point
        read and a short write on the writer thread: wrong PINs never hold up tickets."""

        def look() -> officers.PinCheck:
            self.engine.counters_config(counter)  # an unknown counter is a 404 first
            return officers.look_up(self.store, nip, address, self.engine.now())

        check = await self.submit(look)
        loop = asyncio.get_running_loop()
        matched = await loop.run_in_executor(
            self._pin_checker, officers.pin_matches, pin, check.pin_hash
        )

        def command() -> tuple[SessionView | None, list[Event]]:
            opened = officers.open_session(self.store, check, counter) if matched else None
            if opened is None:
                officers.count_miss(self.store, nip, address, self.engine.now())
                return None, []
            token, officer, expires = opened
            event = self.engine.sign_in(counter, officer.nip, officer.name)
            view = SessionView(token=token, officer=OfficerRef(nip=officer.nip, name=officer.name),
                               counter=counter, expires_at=expires)  # fmt: skip
            return view, [event]

        result = await self.submit(lambda: self._transaction(command))
        if result is None:
            raise officers.WrongPin("wrong NIP or PIN")
        return result

    def sign_out(self, token_id: int, counter: int, officer: str) -> None:
        def command() -> tuple[None, list[Event]]:
            officers.end_session(self.store, token_id)
            event = self.engine.sign_out(counter, officer)
            return None, [event] if event else []

        self._transaction(command)

    def record_compensation(
        self, kind: str, ticket_id: str | None, note: str, counter: int | None, officer: str | None
    ) -> CompensationCaseView:
        def command() -> tuple[CompensationCaseView, list[Event]]:
            event = self.engine.record_compensation(
                kind, ticket_id, note, counter, officer, self.store.last_counter(ticket_id)
            )
            return case_view(self.engine.cases[event.case_id], self.office), [event]

        return self._transaction(command)

    def settle_compensation(
        self, case_id: str, state: str, note: str, counter: int | None, officer: str | None
    ) -> CompensationCaseView:
        def command() -> tuple[CompensationCaseView, list[Event]]:
            case = self.engine.cases.get(case_id)
            last = self.store.last_counter(case.ticket_id if case else None)
            event = self.engine.settle_compensation(case_id, state, note, counter, officer, last)
            return case_view(self.engine.cases[event.case_id], self.office), [event]

        return self._transaction(command)

    def reconfigure(self, office: Office) -> None:
        self.office = office
        self._transaction(lambda: (None, [self.engine.reconfigure(office)]))

    def incident(
        self, device: str, kind: str, message: str, ticket_id: str | None = None
    ) -> dict[str, Any]:
        def command() -> tuple[dict[str, Any], list[Event]]:
            event = self.engine.incident(device, kind, message, ticket_id)
            return event.to_dict(), [event]

        return self._transaction(command)

    def recap(self, period: Period) -> Recap:
        """The recap of a period, read on its own connection (not the writer thread)."""
        today = self.engine.business_date_of(self.engine.now())
        with self.store.reading() as reader:
            recap = recap_cache.recap(reader, self.office, period, today)
            return survey_report.with_survey(reader, period, recap)

    def keep_recaps(self) -> int:
        """Keep past days' recap figures (see recap_cache.keep_past_days)."""
        today = self.engine.business_date_of(self.engine.now())
        with self.store.reading() as reader:
            return recap_cache.keep_past_days(reader, self.office, today)

    # ---- queries (beside the writer under the state lock, see read()) -----------------

    def ticket(self, ticket_id: str) -> TicketView:
        self.engine.refresh()
        ticket = self.engine.tickets.get(ticket_id)
        if ticket is not None:
            return ticket_view(self.engine, ticket)
        if self._reader is self.store:  # (then we may be on the writer thread)
            row = self.store.ticket_row(ticket_id)
        else:
            row = self.on_reader(lambda store: store.ticket_row(ticket_id))
        if row is None:
            self.engine.ticket(ticket_id)  # raises UnknownTicket with the usual message
        assert row is not None  # noqa: S101
        today = self.engine.business_date.isoformat() if self.engine.business_date else ""
        return stored_ticket_view(row, today)

    def advance_clock(
        self, seconds: float, freeze: bool | None = None, *, chores: bool = True
    ) -> str:
        if not isinstance(self.clock, OffsetClock):
            raise HubError("this hub was not started with --test-clock")
        if freeze is not None:
            self.clock.freeze(freeze)
        self.clock.advance(seconds)
        self.engine.refresh()
        if chores:
            self.complaints.open_late()  # as the periodic chore would, at once
        return self.engine.now().isoformat()

    def _called_view(self, event: TicketCalled) -> TicketView:
        view = ticket_view(self.engine, self.engine.tickets[event.ticket_id])
        view.waited_s = event.waited_s
        return view
