"""The hub's clocks: the one seam (`common.clock`) and the hub's own test clock."""

from __future__ import annotations

import datetime as dt
import threading

from common.clock import Clock, FixedClock, SystemClock

__all__ = ["Clock", "FixedClock", "OffsetClock", "SystemClock"]


class OffsetClock:
    """System time plus an offset that only grows: the real hub's test seam.

    A hub started with --test-clock lets an admin move its time forward, so a test can
    make a wait cross the compensation threshold without sleeping 15 minutes, and the
    simulator can freeze it, so a seeded day plays out to the second every time.
    """

    def __init__(self) -> None:
        self._offset = dt.timedelta()
        self._frozen: dt.datetime | None = None
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            if self._frozen is not None:
                return self._frozen
            return dt.datetime.now(dt.UTC) + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the hub's clock never goes back")
        with self._lock:
            self._offset += dt.timedelta(seconds=seconds)
            if self._frozen is not None:
                self._frozen += dt.timedelta(seconds=seconds)

    def freeze(self, frozen: bool) -> None:
        with self._lock:
            if frozen and self._frozen is None:
                self._frozen = dt.datetime.now(dt.UTC) + self._offset
            elif not frozen and self._frozen is not None:
                self._offset = self._frozen - dt.datetime.now(dt.UTC)
                self._frozen = None
