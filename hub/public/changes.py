"""Live pages: which open ticket pages a committed batch of events may have changed.

A page's message is the whole public view of its ticket, never a delta: a page that
reconnects (`Last-Event-ID`: the hub's `seq` it last saw) gets the current view at once
if anything was committed since, so no call is missed and no backlog is replayed.

Each page watches its ticket and its service, nothing else: an event of its own ticket
wakes it at once (a call reaches the phone in milliseconds); one of its service (someone
ahead was called, a counter paused) marks it stale, and it recomputes at most every
NEARBY_EVERY_S. So hundreds of phones cost the event loop a bounded amount of work per
second, whatever the office's pace, and the API beside them keeps its own. Each page
waits its own share of that interval (`Watch.phase`): the phones of one line, all marked
by the same call, then recompute spread over a quarter second, not all at one instant,
so a kiosk's request never queues behind a hundred of them.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterable

from hub.config import Office
from hub.engine.events import (
    CompensationRecorded,
    CompensationSettled,
    DeviceIncident,
    Event,
    SurveyAnswered,
    SurveyRated,
    TicketEvent,
    TicketTransferred,
)

NEARBY_EVERY_S = 0.5  # "ahead" and the estimate move within a second, as #13 asks
COMMANDS_FIRST_S = 0.05  # how long a stale page waits for the commands in flight, at most
COMMANDS_POLL_S = 0.001
EVERYTHING = None  # a config reload: counters' names, services, estimates may all change
# Events that change no ticket's public view.
_UNSEEN = (DeviceIncident, CompensationRecorded, CompensationSettled, SurveyAnswered, SurveyRated)


def ticket_key(ticket_id: str) -> str:
    return f"t:{ticket_id}"


def service_key(code: str) -> str:
    return f"s:{code}"


def touched(events: Iterable[Event], office: Office) -> set[str] | None:
    """The tickets and services a batch of events may have changed; None: all of them."""
    keys: set[str] = set()
    for event in events:
        if isinstance(event, _UNSEEN):
            continue
        if isinstance(event, TicketEvent):
            keys |= {ticket_key(event.ticket_id), service_key(event.service)}
            if isinstance(event, TicketTransferred):
                keys.add(service_key(event.from_service))
        number = getattr(event, "counter", None)
        if isinstance(number, int):  # a counter paused, resumed, signed in or out
            counter = office.counter(number)
            keys |= {service_key(code) for code in counter.services} if counter else set()
        elif not isinstance(event, TicketEvent):
            return EVERYTHING
    return keys


class Watch:
    """One open page: set when its ticket (`own`) or its service (`nearby`) changed."""

    def __init__(self, ticket_id: str, service: str) -> None:
        self.ticket = ticket_key(ticket_id)
        self.service = service_key(service)
        self.own = asyncio.Event()
        self.nearby = asyncio.Event()
        self.any = asyncio.Event()
        # Where in [NEARBY_EVERY_S / 2, NEARBY_EVERY_S] this page recomputes after its line
        # moved: spreads the pages of a line over time (not a secret, so not `secrets`).
        self.phase = random.uniform(0.5, 1.0)  # noqa: S311

    def mark(self, key: str) -> None:
        (self.own if key == self.ticket else self.nearby).set()
        self.any.set()

    def clear(self) -> None:
        self.own.clear()
        self.nearby.clear()
        self.any.clear()


class Changes:
    def __init__(self, seq: int) -> None:
        self.seq = seq  # the last committed event the pages may show (writer thread only)
        self.closed = False
        self._watching: dict[str, set[Watch]] = {}
        self.starting = 0  # pages between their first reading and their first watch

    def watch(self, watch: Watch) -> None:
        for key in (watch.ticket, watch.service):
            self._watching.setdefault(key, set()).add(watch)

    def unwatch(self, watch: Watch) -> None:
        for key in (watch.ticket, watch.service):
            watchers = self._watching.get(key)
            if watchers is not None:
                watchers.discard(watch)
                if not watchers:
                    del self._watching[key]

    def wanted(self, keys: set[str] | None) -> bool:
        """On the writer thread, after a commit: may a page be waiting for these keys?

        A page that starts reading after this answer sees the commit already; one that
        started before is counted in `starting` until its watch is in place. So False
        means no page needs waking, and the writer does not wake the pages' loop (a
        thread switch and a turn of that loop) for every ticket issued."""
        if self.starting:
            return True
        if keys is None:
            return bool(self._watching)
        return any(key in self._watching for key in keys)

    def committed(self, keys: set[str] | None) -> None:
        """Called on the event loop after a committed batch some page waits for."""
        if keys is None:  # EVERYTHING
            for watchers in self._watching.values():
                for watch in watchers:
                    watch.mark(watch.ticket)  # at once, like its own change
            return
        for key in keys:
            for watch in self._watching.get(key, ()):
                watch.mark(key)

    def close(self) -> None:
        """The hub stops: every stream ends, so the listener's shutdown need not wait."""
        self.closed = True
        for watchers in self._watching.values():
            for watch in watchers:
                watch.mark(watch.ticket)

    async def after_commands(self, busy: Callable[[], bool]) -> None:
        """Let the commands on their way through the hub finish first (up to
        COMMANDS_FIRST_S): a stale page recomputing would take the GIL from a kiosk's
        ticket or a counter's call. A page's own change does not wait for this."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + COMMANDS_FIRST_S
        while busy() and loop.time() < deadline and not self.closed:
            await asyncio.sleep(COMMANDS_POLL_S)

    async def wait(self, watch: Watch, timeout_s: float, since: float) -> bool:
        """Until the page should recompute (True) or `timeout_s` passed (False). `since`
        is the loop time of its last computation: a change of its service waits until
        NEARBY_EVERY_S after it, one of its own ticket not at all."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        try:
            await asyncio.wait_for(watch.any.wait(), timeout_s)
        except TimeoutError:
            return False
        if watch.own.is_set() or self.closed:
            return True
        due = min(since + NEARBY_EVERY_S * watch.phase, deadline)
        if due > loop.time():
            try:
                await asyncio.wait_for(watch.own.wait(), due - loop.time())
            except TimeoutError:
                pass
        return True
