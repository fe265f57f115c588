"""The clock seam: the hub's clock is the only clock, and tests move it instead of sleeping."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware start")
        self._now = start.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += dt.timedelta(seconds=seconds)

    def set(self, instant: dt.datetime) -> None:
        self._now = instant.astimezone(dt.UTC)


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
