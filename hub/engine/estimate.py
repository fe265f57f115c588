"""How long a citizen will wait, learned from the office's own log (pure: no I/O).

The old estimate (citizens ahead x the service's standard minutes / counters configured
for it) was wrong the way offices are wrong: counters with nobody behind them, officers
on a break, a slow desk, a counter shared by two services, priority citizens jumping
the line. This one folds the same events the queue does and keeps:
- each service's recent cycle at a counter (call -> close or no-show: the walk, the
  business, the goodbye), as an exponentially weighted mean, per service and per
  officer (a slow officer moves their own mean, and the service's a little);
- the gap an officer leaves between closing one ticket and calling the next;
- when each counter went on break, and how long breaks last here;
- when priority tickets were issued (they will be called before a waiting normal one).

The estimate is a fluid model of the counters that serve the service now: each counts
from the moment it is free (after its current citizen, after its break), at its own
pace, with the share of its time this service gets. A counter serving two services
picks the oldest ticket of either, so it splits its time in proportion to the work
waiting for each, each service's work divided among the counters that take it (a
service with dedicated counters asks less of a shared one). A capacity share rather
than a simulation of each pick: it costs O(counters x services) whatever the length of
the line, and the line's order already says who is ahead.

Who serves: the counters an officer is signed in at; an office that does not use
sign-in (nobody signed in anywhere) has every configured counter. A counter on a break
counts from the end of a usual break here. Tuned and measured by scripts/bench/eta.py
(tuned on other seeds than the ones it prints).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from hub.config import Office
from hub.engine.events import (
    CounterPaused,
    CounterResumed,
    Event,
    OfficerSignedIn,
    OfficerSignedOut,
    TicketCalled,
    TicketClosed,
    TicketIssued,
    TicketNoShow,
    TicketTransferred,
)
from hub.engine.model import CounterState

WEIGHT = 0.1  # the newest sample's weight in a running mean: about the last twenty count
SERVICE_PRIOR = 3  # the standard minutes count as this many citizens, until measured
OFFICER_PRIOR = 3  # samples after which an officer's own pace outweighs the service's
CALL_S = 60.0  # before a measured pace: the SOP's minutes at the desk, and the walk to it
GAP_CAP_S = 180.0  # a longer gap between close and call: the line was empty, not slow
DEFAULT_BREAK_S = 15 * 60.0  # ishoma aside, a break at the desk is about a quarter hour
SHORTEST_BREAK_LEFT_S = 120.0  # a break running long still ends some time
LEAST_REMAINING = 0.2  # a citizen past the mean still needs a while (share of the mean)
PRIORITY_WINDOW = dt.timedelta(hours=1)  # priority arrivals counted over the last hour
# The most of the counters' time priority arrivals are taken to claim: the streak limit
# ([priority] max_consecutive) lets normal tickets through, and arrivals thin out later.
PRIORITY_MOST = 0.2
LEAST_SHARE = 0.05  # a shared counter's share of a service with nobody waiting yet
MOST_MINUTES = 12 * 60  # an office day: no estimate says more


@dataclasses.dataclass
class RunningMean:
    """An exponentially weighted mean (None before the first sample). It starts as the
    plain mean of `prior` (counted `prior_weight` times) and the samples, so one long
    first citizen does not set the pace, and weighs the newest by WEIGHT from then on."""

    value: float | None = None
    count: int = 0

    def add(self, sample: float, prior: float | None = None, prior_weight: int = 0) -> None:
        if self.value is None:
            self.value = sample if prior is None else prior
        self.count += 1
        step = max(WEIGHT, 1 / (self.count + (prior_weight if prior is not None else 0)))
        self.value += step * (sample - self.value)


@dataclasses.dataclass(frozen=True)
class _Held:
    counter: int
    service: str
    worker: str
    called_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class _Desk:
    """A counter as the estimate sees it: when it is free, its pace, its share."""

    free_in_s: float
    cycle_s: float
    share: float


@dataclasses.dataclass(frozen=True)
class Pace:
    """A service's line at one moment: its desks, and how much priority arrivals slow
    the rest of it."""

    desks: tuple[_Desk, ...]
    priority_slowdown: float  # 1 - the share of the counters' pace priority arrivals take

    def wait_s(self, ahead: int, priority: bool) -> float:
        wait = _first_free(self.desks, max(0, ahead))
        return wait if priority else wait / self.priority_slowdown


class Estimator:
    """Folds the office's events; answers minutes for a place in a service's line."""

    def __init__(self, office: Office) -> None:
        # Worked out once per change (an issue changes neither): each estimate asks
        # cycle_s for every service of every counter that could take the ticket.
        self._cycles: dict[tuple[str, str | None], float] = {}
        self.office = office
        self._cycle: dict[str, RunningMean] = collections.defaultdict(RunningMean)
        self._officer_cycle: dict[tuple[str, str], RunningMean] = collections.defaultdict(
            RunningMean
        )
        self._gap = RunningMean()
        self._break = RunningMean()
        self._held: dict[str, _Held] = {}  # ticket id -> where and since when it is held
        self._released_at: dict[int, dt.datetime] = {}  # counter -> its last close
        self._paused_at: dict[int, dt.datetime] = {}
        self._officer: dict[int, str] = {}  # counter -> NIP signed in there
        self._priority_issued: dict[str, collections.deque[dt.datetime]] = collections.defaultdict(
            collections.deque
        )

    @property
    def office(self) -> Office:
        return self._office

    @office.setter
    def office(self, office: Office) -> None:
        self._office = office
        self._standards = {s.code: 60.0 * s.standard_minutes + CALL_S for s in office.services}
        self._cycles.clear()

    # ---- folding ------------------------------------------------------------------------

    def apply(self, event: Event) -> None:
        if not isinstance(event, TicketIssued):  # the paces learned may have moved
            self._cycles.clear()
        match event:
            case TicketIssued() if event.priority:
                self._priority_issued[event.service].append(event.at)
            case TicketCalled():
                worker = self._worker(event.counter)
                self._held[event.ticket_id] = _Held(event.counter, event.service, worker, event.at)
                released = self._released_at.pop(event.counter, None)
                if released is not None:
                    gap = (event.at - released).total_seconds()
                    if 0 <= gap <= GAP_CAP_S:
                        self._gap.add(gap)
            case TicketClosed() | TicketNoShow():
                held = self._held.pop(event.ticket_id, None)
                if held is not None:
                    cycle = (event.at - held.called_at).total_seconds()
                    prior = self._standard_s(held.service)
                    self._cycle[held.service].add(cycle, prior, SERVICE_PRIOR)
                    self._officer_cycle[(held.worker, held.service)].add(cycle)
                    self._released_at[held.counter] = event.at
            case TicketTransferred():
                held = self._held.pop(event.ticket_id, None)
                if held is not None:
                    self._released_at[held.counter] = event.at
            case CounterPaused():
                self._paused_at[event.counter] = event.at
                self._released_at.pop(event.counter, None)  # the gap is the break's
            case CounterResumed():
                paused = self._paused_at.pop(event.counter, None)
                if paused is not None:
                    self._break.add((event.at - paused).total_seconds(), DEFAULT_BREAK_S, 1)
            case OfficerSignedIn():
                self._officer[event.counter] = event.officer
            case OfficerSignedOut() if self._officer.get(event.counter) == event.officer:
                del self._officer[event.counter]

    def roll(self) -> None:
        """A new business day: what was held lapsed; the paces learned stay."""
        self._held.clear()
        self._released_at.clear()
        self._paused_at.clear()
        self._priority_issued.clear()

    # ---- estimating ---------------------------------------------------------------------

    def minutes(
        self,
        now: dt.datetime,
        service: str,
        ahead: int,
        *,
        priority: bool,
        counters: Iterable[CounterState],
        staffed: Iterable[int],
        waiting: Mapping[str, int],
        new: bool,
    ) -> int | None:
        """Minutes until the citizen with `ahead` before them in `service`'s line is
        called; None when no counter that serves it is staffed. `waiting` counts each
        service's line; `new`: the citizen is not in it yet (the kiosk asks first)."""
        seconds = self.seconds(
            now, service, ahead, priority=priority, counters=counters, staffed=staffed,
            waiting=waiting, new=new,
        )  # fmt: skip
        return None if seconds is None else minutes_of(seconds)

    def seconds(
        self,
        now: dt.datetime,
        service: str,
        ahead: int,
        *,
        priority: bool,
        counters: Iterable[CounterState],
        staffed: Iterable[int],
        waiting: Mapping[str, int],
        new: bool,
    ) -> float | None:
        pace = self.pace(now, service, counters=counters, staffed=staffed, waiting=waiting,
                         new=new)  # fmt: skip
        return None if pace is None else pace.wait_s(ahead, priority)

    def pace(
        self,
        now: dt.datetime,
        service: str,
        *,
        counters: Iterable[CounterState],
        staffed: Iterable[int],
        waiting: Mapping[str, int],
        new: bool,
    ) -> Pace | None:
        """How `service`'s line moves now, for any place in it (`Pace.wait_s`); None when
        no counter that serves it is staffed. The costly part of an estimate: a caller
        asking for many places in one line at one moment works it out once."""
        on_duty = self._on_duty(list(counters), set(staffed))
        desks = self._desks(now, service, on_duty, waiting, new)
        if not desks:
            return None
        # Priority citizens arriving while one waits are called first: the line grows by
        # their rate for as long as the wait lasts.
        rate = sum(d.share / d.cycle_s for d in desks)
        arrivals = self._priority_rate(now, service)
        return Pace(tuple(desks), 1 - min(PRIORITY_MOST, arrivals / rate))

    def cycle_s(self, service: str, worker: str | None = None) -> float:
        """A counter's time per citizen of `service`: the officer's own pace, weighed
        against the service's by how much of it there is, then the gap to the next call;
        the service's standard minutes before anything is measured."""
        key = (service, worker)
        cycle = self._cycles.get(key)
        if cycle is None:
            cycle = self._cycles[key] = self._cycle_s(service, worker)
        return cycle

    def _cycle_s(self, service: str, worker: str | None) -> float:
        overall = self._cycle[service].value
        if overall is None:
            overall = self._standard_s(service)
        own = self._officer_cycle.get((worker, service)) if worker else None
        if own is not None and own.value is not None:
            overall = (own.count * own.value + OFFICER_PRIOR * overall) / (
                own.count + OFFICER_PRIOR
            )
        return max(1.0, overall + (self._gap.value or 0.0))

    # ---- helpers ------------------------------------------------------------------------

    def _standard_s(self, service: str) -> float:
        return self._standards.get(service, 600.0 + CALL_S)

    def _worker(self, counter: int) -> str:
        return self._officer.get(counter) or f"loket-{counter}"

    def _on_duty(self, counters: list[CounterState], staffed: set[int]) -> list[CounterState]:
        """The counters somebody works at. An office that does not use sign-in (no
        officer signed in anywhere, or not yet this morning) has all of them."""
        if not staffed:
            return counters
        return [c for c in counters if c.number in staffed]

    def _desks(
        self,
        now: dt.datetime,
        service: str,
        on_duty: Sequence[CounterState],
        waiting: Mapping[str, int],
        new: bool,
    ) -> list[_Desk]:
        takers: dict[str, int] = {}  # (a plain dict: a Counter costs more than the rest)
        for counter in on_duty:
            for code in counter.services:
                takers[code] = takers.get(code, 0) + 1

        def work(code: str) -> float:
            count = waiting.get(code, 0) + (1 if new and code == service else 0)
            return count * self.cycle_s(code) / takers[code]

        desks = []
        for counter in on_duty:
            if service not in counter.services:
                continue
            total = sum(work(code) for code in counter.services)
            share = work(service) / total if total > 0 else 1 / len(counter.services)
            share = max(LEAST_SHARE, share)  # it may take this service's next ticket
            worker = self._worker(counter.number)
            desks.append(
                _Desk(self._free_in_s(now, counter, worker), self.cycle_s(service, worker), share)
            )
        return desks

    def _free_in_s(self, now: dt.datetime, counter: CounterState, worker: str) -> float:
        paused = self._paused_at.get(counter.number)
        if counter.paused:
            usual = self._break.value or DEFAULT_BREAK_S
            spent = (now - paused).total_seconds() if paused else 0.0
            return max(SHORTEST_BREAK_LEFT_S, usual - spent)
        held = self._held.get(counter.current or "")
        if held is None:
            return 0.0
        mean = self.cycle_s(held.service, worker)
        spent = (now - held.called_at).total_seconds()
        return max(LEAST_REMAINING * mean, mean - spent)

    def _priority_rate(self, now: dt.datetime, service: str) -> float:
        """Priority tickets issued per second for `service` over the last hour."""
        issued = self._priority_issued.get(service)
        if not issued:
            return 0.0
        while issued and issued[0] < now - PRIORITY_WINDOW:
            issued.popleft()
        return len(issued) / PRIORITY_WINDOW.total_seconds()


def minutes_of(seconds: float) -> int:
    """An estimate in whole minutes, as every screen and the ticket show it."""
    return min(MOST_MINUTES, max(0, round(seconds / 60)))


def _first_free(desks: Sequence[_Desk], ahead: int) -> float:
    """Seconds until the counters have started `ahead` citizens and are free for one
    more. Counter c, free after r_c, starts share_c x (1 + (t - r_c) / cycle_c) citizens
    by time t >= r_c: find the least t at which the sum reaches ahead + 1."""
    need = ahead + 1
    ordered = sorted(desks, key=lambda d: d.free_in_s)
    base = slope = 0.0  # started(t) = base + slope * t over the counters free by t
    for index, desk in enumerate(ordered):
        base += desk.share * (1 - desk.free_in_s / desk.cycle_s)
        slope += desk.share / desk.cycle_s
        if base + slope * desk.free_in_s >= need:
            return desk.free_in_s  # this counter coming free is the one that calls
        reached = (need - base) / slope
        if index + 1 == len(ordered) or reached <= ordered[index + 1].free_in_s:
            return reached
    return 0.0  # unreachable: the last counter always answers


def naive_minutes(
    office: Office, counters: Iterable[CounterState], service: str, ahead: int
) -> int | None:
    """The estimate the hub gave before this one: citizens ahead x the service's standard
    minutes / the unpaused counters configured for it (kept to measure against)."""
    standard = office.service(service)
    serving = sum(1 for c in counters if service in c.services and not c.paused)
    if standard is None or serving == 0:
        return None
    return -(-ahead * standard.standard_minutes // serving)
