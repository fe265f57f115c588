"""The clock seam, the one definition every part uses: the hub's clock is the only clock
(DESIGN, "How data flows"), and tests move a clock instead of sleeping.

The hub runs on a SystemClock (or its test clock, `hub.engine.OffsetClock`); an
appliance runs on `hub_client.HubClock`, this PC's time shifted to the hub's. Anything
that only needs "now" takes a `Clock`.
"""

from __future__ import annotations

import datetime as dt
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
