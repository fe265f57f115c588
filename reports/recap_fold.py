"""The daily and monthly recap, computed from an office's events log alone (pure: no I/O):
the hub's (hub.recap) and the central service's, from the log a hub forwards it.

The log is the service-time record of the office, so the recap never disagrees with it:
- wait = called - waiting since (issue, or the last transfer): each call's `waited_s`.
  A transferred citizen's second wait starts at the transfer, so no wait is counted
  twice; a recall is not a new call.
- service time = closed - serving start (the call, when the officer closed without
  pressing Mulai Layani): each close's `service_s`.
- served = closed; no-show and transfers are counted apart; a ticket still waiting at
  the end of the period is "unserved".
- the wait estimate given at issue (`eta_minutes`) is judged once, at the ticket's first
  call, against that call's `waited_s`; not when the ticket was transferred before it
  (the estimate was for the queue it left).

A business day is folded once into DayFigures; a period is the merge of its days.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import operator
import zoneinfo
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from protocol.kinds import CompensationKind
from protocol.recap import Compensation, CompensationCase, Incident, Recap, RecapOffice
from reports.recap_figures import DayFigures, Estimates, Settlement, Tally

# Calls, closes and no-shows are summed per (service, counter, officer) as they come, and
# shared out to the three tallies once at the end: a month has hundreds of thousands.
Key = tuple[str, int, str | None]
STATES = ("owed", "given", "waived")
CASE_TITLES: dict[str, str] = {kind: kind.label for kind in CompensationKind}
LATE_TITLE = CASE_TITLES["late_service"]


class DayFold:
    """Folds one business day's events, in log order, into its figures."""

    def __init__(self, office: RecapOffice) -> None:
        self.threshold_s = office.threshold_minutes * 60
        self.tz = zoneinfo.ZoneInfo(office.timezone)
        self.issued: collections.Counter[str] = collections.Counter()
        self.calls: dict[Key, list[int]] = {}  # [calls, wait sum, wait max, within threshold]
        self.closes: dict[Key, list[int]] = {}  # [closes, service time sum]
        self.no_shows: collections.Counter[Key] = collections.Counter()
        self.transfers: collections.Counter[tuple[str, str, int | None]] = collections.Counter()
        self.waiting: dict[str, str] = {}  # ticket -> service, while it waits
        self.issued_hour: dict[str, int] = {}
        # ticket -> the estimate its issue carried, until its first call (or a transfer
        # before it: the estimate was for the queue it left).
        self.estimated: dict[str, int] = {}
        self.at_counter: dict[int, str] = {}
        self.cases: dict[str, CompensationCase] = {}
        self.day = DayFigures()
        # Local hour of each UTC hour ('2026-11-23T01'), where the zone keeps one offset
        # for all of it (None where it does not: each instant is converted then).
        self.hours: dict[str, int | None] = {}

    def fold(self, rows: Iterable[tuple[str | bytes]]) -> DayFigures:
        """Issues, calls and closes (nine events in ten) are folded inline, on local
        names: a month is half a million events. The rest go to their handlers."""
        rare = self.handlers()
        loads, threshold_s = orjson.loads, self.threshold_s
        issued, calls, closes = self.issued, self.calls, self.closes
        waiting, issued_hour, at_counter, hours = (
            self.waiting,
            self.issued_hour,
            self.at_counter,
            self.hours,
        )
        estimated, estimates = self.estimated, self.day.estimates
        arrivals, wait_sums, waits = (
            self.day.arrivals_by_hour,
            self.day.wait_sum_by_hour,
            self.day.waits_by_hour,
        )
        for (data,) in rows:
            event = loads(data)
            kind = event["type"]
            if kind == "ticket.called":
                ticket_id, counter, waited = event["ticket_id"], event["counter"], event["waited_s"]
                waiting.pop(ticket_id, None)
                officer = event.get("officer") or at_counter.get(counter)
                key = (event["service"], counter, officer)
                sums = calls.get(key)
                if sums is None:
                    sums = calls[key] = [0, 0, 0, 0]
                sums[0] += 1
                sums[1] += waited
                if waited > sums[2]:
                    sums[2] = waited
                if waited < threshold_s:
                    sums[3] += 1
                arrived = issued_hour.get(ticket_id)
                if arrived is not None:
                    wait_sums[arrived] += waited
                    waits[arrived] += 1
                if event.get("compensation"):
                    self._late(event, officer)
                eta = estimated.pop(ticket_id, None)
                if eta is not None:
                    estimates.judge(eta, waited)
            elif kind == "ticket.issued":
                ticket_id, service, at = event["ticket_id"], event["service"], event["at"]
                issued[service] += 1
                waiting[ticket_id] = service
                hour = hours.get(at[:13]) if at[-1] == "Z" else None
                if hour is None:
                    hour = self.local_hour(at)
                arrivals[hour] += 1
                issued_hour[ticket_id] = hour
                eta = event.get("eta_minutes")  # a v1 issue has none
                if eta is not None:
                    estimated[ticket_id] = eta
            elif kind == "ticket.closed":
                counter = event["counter"]
                key = (event["service"], counter, at_counter.get(counter))
                sums = closes.get(key)
                if sums is None:
                    sums = closes[key] = [0, 0]
                sums[0] += 1
                sums[1] += event["service_s"]
            else:
                handler = rare.get(kind)
                if handler is not None:
                    handler(event)
        return self.figures()

    def handlers(self) -> dict[str, Callable[[dict[str, Any]], None]]:
        """The folds of the rarer events, by type."""
        return {
            "ticket.no_show": self._no_show,
            "ticket.transferred": self._transferred,
            "counter.signed_in": self._signed_in,
            "counter.signed_out": self._signed_out,
            "compensation.recorded": self._recorded,
            "compensation.settled": self._settled,
            "complaint.late": self._complaint_late,
            "device.incident": self._incident,
        }

    # The log's wire form is folded as it is: building event objects for a month of
    # events would cost several times the arithmetic.

    def _late(self, called: dict[str, Any], officer: str | None) -> None:
        """A call that earned the late_service case (tens of thousands in a busy month)."""
        case_id = called["compensation"]["case_id"]
        name = self.day.officer_names.get(officer or "", "")
        self.cases[case_id] = CompensationCase(
            case_id, "late_service", LATE_TITLE, "owed", called["number"], called["counter"],
            officer, name, called["at"], None, called["waited_s"], "",
        )  # fmt: skip

    def _no_show(self, event: dict[str, Any]) -> None:
        counter = event["counter"]
        self.no_shows[event["service"], counter, self.at_counter.get(counter)] += 1

    def _transferred(self, event: dict[str, Any]) -> None:
        self.transfers[event["from_service"], event["service"], event.get("from_counter")] += 1
        self.waiting[event["ticket_id"]] = event["service"]
        self.estimated.pop(event["ticket_id"], None)

    def _signed_in(self, event: dict[str, Any]) -> None:
        self.at_counter[event["counter"]] = event["officer"]
        self.day.officer_names[event["officer"]] = event["officer_name"]
        self.day.counter_officers.setdefault(event["counter"], set()).add(event["officer"])

    def _signed_out(self, event: dict[str, Any]) -> None:
        if self.at_counter.get(event["counter"]) == event["officer"]:
            del self.at_counter[event["counter"]]

    def _recorded(self, event: dict[str, Any]) -> None:
        self.cases[event["case_id"]] = self._case(
            event["case_id"], event["kind"], event.get("number"), event.get("counter"),
            event.get("officer"), event["at"], note=event.get("note", ""),
        )  # fmt: skip

    def _complaint_late(self, event: dict[str, Any]) -> None:
        """A complaint past its due date unanswered: its complaint_late case."""
        self.cases[event["case_id"]] = self._case(
            event["case_id"], "complaint_late", None, None, None, event["at"],
            note=event.get("note", ""),
        )  # fmt: skip

    def _settled(self, event: dict[str, Any]) -> None:
        case = self.cases.get(event["case_id"])
        if case is None:
            self.day.late_settlements.append(
                Settlement(event["case_id"], event["state"], event["at"], event.get("note", ""))
            )
            return
        case.state = event["state"]
        case.settled_at = event["at"]
        case.note = event.get("note") or case.note

    def _incident(self, event: dict[str, Any]) -> None:
        self.day.incidents.append(
            Incident(at=event["at"], device=event["device"], kind=event["kind"],
                     message=event["message"], ticket_id=event.get("ticket_id"))
        )  # fmt: skip

    def _case(
        self, case_id: str, kind: str, number: str | None, counter: int | None,
        officer: str | None, at: str, waited_s: int | None = None, note: str = "",
    ) -> CompensationCase:  # fmt: skip
        name = self.day.officer_names.get(officer or "", "")
        return CompensationCase(case_id, kind, CASE_TITLES.get(kind, kind), "owed", number,
                                counter, officer, name, at, None, waited_s, note)  # fmt: skip

    def uniform_hour(self, utc_hour: str) -> int | None:
        """The local hour of a UTC hour ('2026-11-23T01'), if the zone keeps one offset
        for all of it."""
        if utc_hour not in self.hours:
            start = dt.datetime.fromisoformat(f"{utc_hour}:00:00+00:00")
            first = start.astimezone(self.tz).hour
            last = (start + dt.timedelta(minutes=59, seconds=59.999)).astimezone(self.tz).hour
            self.hours[utc_hour] = first if first == last else None
        return self.hours[utc_hour]

    def local_hour(self, at: str) -> int:
        if at.endswith("Z"):
            hour = self.uniform_hour(at[:13])
            if hour is not None:
                return hour
        return dt.datetime.fromisoformat(at).astimezone(self.tz).hour

    def figures(self, unserved: collections.Counter[str] | None = None) -> DayFigures:
        """The day's figures from the sums so far; `unserved` when counted elsewhere
        (else what is still in `waiting`)."""
        day = self.day
        services, counters, officers = day.services, day.counters, day.officers

        def tallies(service: str, counter: int, officer: str | None) -> list[Tally]:
            found = [services.setdefault(service, Tally()), counters.setdefault(counter, Tally())]
            if officer:
                found.append(officers.setdefault(officer, Tally()))
            return found

        for service, count in self.issued.items():
            services.setdefault(service, Tally()).issued += count
        for key, (calls, wait_sum, wait_max, within) in self.calls.items():
            for tally in tallies(*key):
                tally.calls += calls
                tally.wait_total_s += wait_sum
                tally.wait_max_s = max(tally.wait_max_s, wait_max)
                tally.within_threshold += within
        for key, (closes, service_sum) in self.closes.items():
            for tally in tallies(*key):
                tally.served += closes
                tally.service_total_s += service_sum
        for key, count in self.no_shows.items():
            for tally in tallies(*key):
                tally.no_show += count
        for (from_service, service, from_counter), count in self.transfers.items():
            services.setdefault(from_service, Tally()).transferred_out += count
            services.setdefault(service, Tally()).transferred_in += count
            if from_counter is not None:
                counters.setdefault(from_counter, Tally()).transferred_out += count
        day.unserved = collections.Counter(self.waiting.values()) if unserved is None else unserved
        day.cases = list(self.cases.values())
        return day


def fold_day(rows: Iterable[tuple[str | bytes]], office: RecapOffice) -> DayFigures:
    """One business day's figures from its events: rows of their wire JSON, in log order
    (a log without recap rows, as forwarded elsewhere; the hub sums its recap rows,
    hub.recap_columns, to the same figures)."""
    return DayFold(office).fold(rows)


# ---- a period: its days merged ---------------------------------------------------------


def recap_of_days(days: Iterable[DayFigures], office: RecapOffice, period: str) -> Recap:
    """The recap of consecutive days, merged in order."""
    services: dict[str, Tally] = collections.defaultdict(Tally)
    counters: dict[int, Tally] = collections.defaultdict(Tally)
    officers: dict[str, Tally] = collections.defaultdict(Tally)
    officer_names: dict[str, str] = {}
    counter_officers: dict[int, set[str]] = collections.defaultdict(set)
    unserved: collections.Counter[str] = collections.Counter()
    arrivals: collections.Counter[int] = collections.Counter()
    wait_sums: collections.Counter[int] = collections.Counter()
    waits: collections.Counter[int] = collections.Counter()
    cases: list[CompensationCase] = []
    positions: dict[str, int] = {}  # where each case is in `cases`, once one is settled late
    indexed = 0
    incidents: list[Incident] = []
    estimates = Estimates()
    for day in days:
        for merged, more in ((services, day.services), (counters, day.counters),
                             (officers, day.officers)):  # fmt: skip
            for name, tally in more.items():
                merged[name].add(tally)  # type: ignore[index]
        officer_names.update(day.officer_names)
        for counter, nips in day.counter_officers.items():
            counter_officers[counter].update(nips)
        unserved.update(day.unserved)
        arrivals.update(day.arrivals_by_hour)
        wait_sums.update(day.wait_sum_by_hour)
        waits.update(day.waits_by_hour)
        cases.extend(day.cases)
        if day.late_settlements:
            for index in range(indexed, len(cases)):
                positions[cases[index].id] = index
            indexed = len(cases)
            for settlement in day.late_settlements:
                _settle(cases, positions, settlement)
        incidents.extend(day.incidents)
        estimates.add(day.estimates)

    total = Tally()
    for tally in services.values():
        total.add(tally)
    return Recap.model_validate(
        {
            "period": period,
            "office": office.name,
            "timezone": office.timezone,
            "threshold_minutes": office.threshold_minutes,
            "totals": {**total.figures(), "unserved": sum(unserved.values())},
            "services": [
                {
                    "code": s.code,
                    "name": s.name,
                    **services.get(s.code, Tally()).figures(),
                    "unserved": unserved.get(s.code, 0),
                }
                for s in office.services
            ],  # fmt: skip
            "counters": [
                {
                    "number": c.number,
                    "name": c.name,
                    "officers": sorted(officer_names[o] for o in counter_officers[c.number]),
                    **counters.get(c.number, Tally()).figures(),
                }
                for c in office.counters
            ],  # fmt: skip
            "officers": [
                {"nip": nip, "name": officer_names.get(nip, nip), **tally.figures()}
                for nip, tally in sorted(officers.items())
            ],
            "compensation": _compensation(cases),
            "incidents": incidents,
            "hours": [
                {
                    "hour": hour,
                    "arrivals": arrivals[hour],
                    "avg_wait_s": round(wait_sums[hour] / waits[hour]) if waits[hour] else None,
                }
                for hour in sorted(set(arrivals) | set(waits))
            ],  # fmt: skip
            "estimate_accuracy": estimates.accuracy(),
        }
    )


def _settle(cases: list[CompensationCase], positions: dict[str, int], late: Settlement) -> None:
    index = positions.get(late.case_id)
    if index is None:
        return  # opened before the period: its figures are that period's
    case = cases[index]
    cases[index] = dataclasses.replace(
        case, state=late.state, settled_at=late.at, note=late.note or case.note
    )


def _compensation(cases: list[CompensationCase]) -> Compensation:
    counts: dict[str, dict[str, Any]] = {
        kind: {"title": title, "owed": 0, "given": 0, "waived": 0}
        for kind, title in CASE_TITLES.items()
    }
    for (kind, state), count in collections.Counter((c.kind, c.state) for c in cases).items():
        if kind not in counts:
            title = next(c.title for c in cases if c.kind == kind)
            counts[kind] = {"title": title, "owed": 0, "given": 0, "waived": 0}
        counts[kind][state] += count  # an unknown state is a bug: KeyError
    ordered = sorted(cases, key=operator.attrgetter("opened_at"))
    by_state = collections.Counter(case.state for case in ordered)
    return Compensation.model_validate(
        {
            "total": len(ordered),
            "by_kind": counts,
            "cases": ordered,
            **{state: by_state[state] for state in STATES},
        }
    )
