"""What the waiting-room TV shows, built from the hub's snapshot and events (no Qt).

The board keeps the last known state while the hub is away; when the connection comes
back the hub replays the missed events in order, and `apply` takes them like live ones.

A call is *live* while its counter still holds the ticket (called or being served) and
has not gone on a break since. The big box shows the newest call while it is live, as
every queue TV shows the last call; once it is over (closed, no-show, transferred, the
counter on a break or on to its next citizen) the box falls back to the newest older call
whose citizen has not come yet (still "called"): the one the hall should still notice.
One whose citizen is already being served does not come back, and with none the box
says to wait.

All of it is read from the counters' state, so a board loaded from a fresh snapshot
after a restart decides as one that saw every event; the one thing a snapshot cannot
tell is a break taken and ended while the counter held its ticket, so after a reload
such a call counts as live again.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from collections.abc import Iterable

from hub_client.events import HubEvent
from protocol.events import (
    CounterPaused,
    CounterResumed,
    TicketCalled,
    TicketClosed,
    TicketIssued,
    TicketNoShow,
    TicketRecalled,
    TicketServing,
    TicketTransferred,
    from_wire_time,
)
from protocol.kinds import EventType, TicketState
from protocol.views import ServiceView, StateView

CALL_EVENTS = (TicketCalled, TicketRecalled)
# The ticket leaves its counter: the call that sent the citizen there is over.
RELEASE_EVENTS = (TicketClosed, TicketNoShow, TicketTransferred)
HISTORY = 12  # calls kept to fall back on when newer ones end (the hub keeps as many)


@dataclasses.dataclass(frozen=True)
class CallEntry:
    seq: int  # 0 when it came in a snapshot (the hub's recent_calls carry no seq)
    ticket_id: str
    number: str
    counter: int
    counter_name: str
    service: str
    priority: bool
    at: dt.datetime
    recall: bool = False


@dataclasses.dataclass
class CounterTile:
    number: int
    name: str
    ticket: str | None = None  # the number it holds now, called or being served
    paused: bool = False
    ticket_id: str | None = None
    paused_seq: int = 0  # the last break this board saw begin: calls before it are over
    serving: bool = False  # the citizen it called is at the counter


@dataclasses.dataclass
class ServiceCount:
    code: str
    name: str
    waiting: int
    open: bool
    eta_minutes: int | None = None  # the wait for a ticket taken now (an older hub: None)


class Board:
    def __init__(
        self,
        services: Iterable[str] = (),
        counters: Iterable[int] = (),
        recent_limit: int = 6,
    ) -> None:
        self.service_filter = set(services)
        self.counter_filter = set(counters)
        self.office_name = ""
        self.timezone = "Asia/Jakarta"
        self.counters: dict[int, CounterTile] = {}
        self.services: list[ServiceCount] = []
        # First calls only (a recall is not a new line), newest first.
        self.recent: collections.deque[CallEntry] = collections.deque(maxlen=recent_limit)
        # Every call and recall, newest first: where the big box looks for a live one.
        self.calls: collections.deque[CallEntry] = collections.deque(maxlen=HISTORY)
        self.online = False
        self.seq = 0  # the newest event the board already reflects
        self._priority: dict[str, bool] = {}

    def shows_counter(self, number: int) -> bool:
        return not self.counter_filter or number in self.counter_filter

    def shows_service(self, code: str) -> bool:
        return not self.service_filter or code in self.service_filter

    # ---- what the TV shows ------------------------------------------------------------

    def is_live(self, entry: CallEntry) -> bool:
        """The citizen can still go where the call said: the counter holds that ticket
        (not closed, no-show or transferred since, no newer call there) and has not
        gone on a break since the call."""
        tile = self.counters.get(entry.counter)
        if tile is None or tile.paused or tile.ticket_id != entry.ticket_id:
            return False
        return entry.seq >= tile.paused_seq  # snapshot calls (seq 0) came before any

    def awaited(self, entry: CallEntry) -> bool:
        """Live, and its citizen has not reached the counter yet."""
        return self.is_live(entry) and not self.counters[entry.counter].serving

    @property
    def current(self) -> CallEntry | None:
        """The big box: the newest call while live, else the newest still awaited."""
        if self.calls and self.is_live(self.calls[0]):
            return self.calls[0]
        return next((entry for entry in self.calls if self.awaited(entry)), None)

    def previous(self) -> list[CallEntry]:
        """The "previous calls" line: recent first calls, less the one in the big box."""
        current = self.current
        shown = current.ticket_id if current else None
        return [entry for entry in self.recent if entry.ticket_id != shown]

    # ---- from the hub -----------------------------------------------------------------

    def load(self, snapshot: StateView) -> None:
        """Take a fresh snapshot (on every connect): the whole picture, replaced."""
        self.office_name, self.timezone = snapshot.office.name, snapshot.office.timezone
        self.seq = snapshot.seq
        self.counters = {
            c.number: CounterTile(
                c.number,
                c.name,
                c.current.number if c.current else None,
                c.paused,
                c.current.id if c.current else None,
                serving=c.current is not None and c.current.state == TicketState.SERVING,
            )
            for c in snapshot.counters
            if self.shows_counter(c.number)
        }
        self.update_services(snapshot.services)
        self.calls.clear()
        self.recent.clear()
        # The hub lists the day's calls and recalls newest first; taken oldest first, so
        # a recall finds the call it repeats (the recall itself says nothing of priority).
        for call in reversed(snapshot.recent_calls):
            entry = self._entry(
                0, call.ticket_id, call.number, call.counter, call.service, call.priority,
                from_wire_time(call.at), call.recall or call.type == EventType.TICKET_RECALLED,
            )  # fmt: skip
            if entry is not None:
                self.calls.appendleft(entry)
                if not entry.recall:
                    self.recent.appendleft(entry)

    def update_services(self, services: list[ServiceView]) -> None:
        self.services = [
            ServiceCount(s.code, s.name, s.waiting, s.open, s.eta_minutes)
            for s in services
            if self.shows_service(s.code)
        ]

    def apply(self, message: HubEvent) -> CallEntry | None:
        """Fold in one event; returns the call it makes, if this board shows it.

        A replayed event the last snapshot already holds changes nothing here, but its
        call still comes back: the caller decides by its age whether to say it.
        """
        event, seq = message.event, message.seq
        if seq and seq <= self.seq:
            return self._call(seq, event) if isinstance(event, CALL_EVENTS) else None
        self.seq = max(self.seq, seq)
        if isinstance(event, TicketIssued):
            self._priority[event.ticket_id] = event.priority
        elif isinstance(event, CALL_EVENTS):
            entry = self._call(seq, event)
            if entry is None:
                return None
            tile = self.counters.get(entry.counter)
            if tile is not None:
                tile.ticket, tile.ticket_id = entry.number, entry.ticket_id
                tile.paused = False  # the hub lets no counter call while on a break
                tile.serving = False  # called (a recall too: the hub recalls only "called")
            if not entry.recall:
                self.recent.appendleft(entry)
            self.calls.appendleft(entry)
            return entry
        elif isinstance(event, (*RELEASE_EVENTS, TicketServing)):
            serving = isinstance(event, TicketServing)
            for tile in self.counters.values():
                if tile.ticket_id == event.ticket_id:
                    tile.serving = serving
                    if not serving:
                        tile.ticket = tile.ticket_id = None
        elif isinstance(event, (CounterPaused, CounterResumed)):
            tile = self.counters.get(event.counter)
            if tile is not None:
                tile.paused = isinstance(event, CounterPaused)
                if tile.paused:
                    tile.paused_seq = max(seq, 1)
        return None

    def _call(self, seq: int, event: TicketCalled | TicketRecalled) -> CallEntry | None:
        priority = event.priority if isinstance(event, TicketCalled) else None
        recall = isinstance(event, TicketRecalled)
        return self._entry(seq, event.ticket_id, event.number, event.counter, event.service,
                           priority, event.at, recall)  # fmt: skip

    def _entry(
        self,
        seq: int,
        ticket_id: str,
        number: str,
        counter: int,
        service: str,
        priority: bool | None,  # None: not said (a recall), as its first call said
        at: dt.datetime,
        recall: bool,
    ) -> CallEntry | None:
        if not self.shows_counter(counter) or not self.shows_service(service):
            return None
        tile = self.counters.get(counter)
        earlier = next((e for e in self.calls if e.ticket_id == ticket_id), None)
        known = earlier.priority if earlier else self._priority.get(ticket_id, False)
        return CallEntry(
            seq=seq,
            ticket_id=ticket_id,
            number=number,
            counter=counter,
            counter_name=tile.name if tile else f"Loket {counter}",
            service=service,
            priority=known if priority is None else priority,
            at=at,
            recall=recall,
        )
