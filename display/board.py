"""What the waiting-room TV shows, built from the hub's snapshot and events (no Qt).

The board keeps the last known state while the hub is away; when the connection comes
back the hub replays the missed events in order, and `apply` takes them like live ones.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any


@dataclasses.dataclass(frozen=True)
class CallEntry:
    seq: int
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
    ticket: str | None = None
    paused: bool = False


@dataclasses.dataclass
class ServiceCount:
    code: str
    name: str
    waiting: int
    open: bool


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
        self.recent: collections.deque[CallEntry] = collections.deque(maxlen=recent_limit)
        self.current: CallEntry | None = None
        self.online = False
        self.seq = 0  # the newest event the board already reflects
        self._priority: dict[str, bool] = {}

    def shows_counter(self, number: int) -> bool:
        return not self.counter_filter or number in self.counter_filter

    def shows_service(self, code: str) -> bool:
        return not self.service_filter or code in self.service_filter

    # ---- from the hub -----------------------------------------------------------------

    def load(self, snapshot: dict[str, Any]) -> None:
        """Take a fresh snapshot (on every connect): the whole picture, replaced."""
        office = snapshot["office"]
        self.office_name, self.timezone = office["name"], office["timezone"]
        self.seq = int(snapshot.get("seq", 0))
        self.counters = {
            c["number"]: CounterTile(
                c["number"],
                c["name"],
                c["current"]["number"] if c.get("current") else None,
                c["paused"],
            )
            for c in snapshot["counters"]
            if self.shows_counter(c["number"])
        }
        self.update_services(snapshot["services"])
        calls = [self._entry(call) for call in reversed(snapshot.get("recent_calls", []))]
        self.recent.clear()
        for entry in calls:
            if entry is not None:
                self.recent.appendleft(entry)
        self.current = self.recent[0] if self.recent else None

    def update_services(self, services: list[dict[str, Any]]) -> None:
        self.services = [
            ServiceCount(s["code"], s["name"], s["waiting"], s["open"])
            for s in services
            if self.shows_service(s["code"])
        ]

    def apply(self, event: dict[str, Any]) -> CallEntry | None:
        """Fold in one event; returns the call it makes, if this board shows it.

        A replayed event the last snapshot already holds changes nothing here, but its
        call still comes back: the caller decides by its age whether to say it.
        """
        kind = event.get("type")
        seq = int(event.get("seq", 0))
        if seq and seq <= self.seq:
            is_call = kind in ("ticket.called", "ticket.recalled")
            return self._entry(event) if is_call else None
        self.seq = max(self.seq, seq)
        if kind == "ticket.issued":
            self._priority[event["ticket_id"]] = bool(event.get("priority"))
        if kind in ("ticket.called", "ticket.recalled"):
            entry = self._entry(event)
            if entry is None:
                return None
            tile = self.counters.get(entry.counter)
            if tile is not None:
                tile.ticket = entry.number
            if not entry.recall:
                self.recent.appendleft(entry)
            self.current = entry
            return entry
        if kind in ("counter.paused", "counter.resumed"):
            tile = self.counters.get(event["counter"])
            if tile is not None:
                tile.paused = kind == "counter.paused"
        return None

    def _entry(self, event: dict[str, Any]) -> CallEntry | None:
        counter = int(event["counter"])
        if not self.shows_counter(counter) or not self.shows_service(event["service"]):
            return None
        tile = self.counters.get(counter)
        return CallEntry(
            seq=int(event["seq"]) if "seq" in event else 0,
            number=event["number"],
            counter=counter,
            counter_name=tile.name if tile else f"Loket {counter}",
            service=event["service"],
            priority=bool(event.get("priority", self._priority.get(event["ticket_id"], False))),
            at=dt.datetime.fromisoformat(event["at"]),
            recall=event.get("type") == "ticket.recalled" or bool(event.get("recall")),
        )
