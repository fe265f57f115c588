"""The hub's clock as an appliance sees it: this PC's clock shifted to the hub's.

The hub's clock is the only clock (DESIGN, "How data flows"): every screen shows the
hub's time and judges ages by it, whatever this PC's clock says, and follows the hub when
its test clock jumps ahead during a simulated day. The offset is learned from the `now`
of each GET /state snapshot and kept up to date by the `at` of each live event.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class HubClock:
    """`now()` is this PC's time plus the offset last learned from the hub. Thread-safe:
    the caller reads it from its own thread."""

    def __init__(self, local_now: Callable[[], dt.datetime] = _utc_now) -> None:
        self._local_now = local_now
        self._offset = dt.timedelta()
        self._lock = threading.Lock()

    def learn(self, hub_now: str | dt.datetime) -> None:
        """The hub's time at this very moment (GET /state's `now`): taken as it is, even
        when it is behind the last estimate (a hub restarted with its clock reset)."""
        offset = _instant(hub_now) - self._local_now()
        with self._lock:
            self._offset = offset

    def follow(self, hub_at: str | dt.datetime) -> None:
        """The time of an event that just happened on the hub (a live event's `at`). It
        left the hub a moment ago, so it only ever moves the clock forward: network delay
        must not make the clock on screen tick backwards."""
        local = self._local_now()
        offset = _instant(hub_at) - local
        with self._lock:
            if offset > self._offset:
                self._offset = offset

    def now(self) -> dt.datetime:
        with self._lock:
            offset = self._offset
        return self._local_now() + offset

    def today(self, zone: dt.tzinfo) -> dt.date:
        """The hub's calendar day in the office's time zone."""
        return self.now().astimezone(zone).date()

    @property
    def offset(self) -> dt.timedelta:
        """The hub's clock minus this PC's."""
        with self._lock:
            return self._offset


def _instant(value: str | dt.datetime) -> dt.datetime:
    instant = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if instant.tzinfo is None:
        raise ValueError(f"the hub's time {value!r} has no time zone")
    return instant
