"""A business day's recap figures in mergeable form: sums, not averages, so days add up.

Past business days never change, so their figures are kept (hub.recap_cache) in the
compact JSON form below and a month is the merge of its days.
"""

from __future__ import annotations

import collections
import dataclasses
import operator
from typing import Any

import orjson

from protocol.recap import (
    CompensationCase,
    EstimateAccuracy,
    Incident,
    estimate_accuracy,
    within_estimate_band,
)

# The kept figures' layout. Figures kept in another layout are computed again.
FORMAT = 3  # 3: the wait estimates' accuracy (`estimates`)


@dataclasses.dataclass(slots=True)
class Tally:
    """Counts and time sums for one service, counter or officer."""

    issued: int = 0
    calls: int = 0
    served: int = 0
    no_show: int = 0
    transferred_out: int = 0
    transferred_in: int = 0
    wait_total_s: int = 0
    wait_max_s: int = 0
    within_threshold: int = 0
    service_total_s: int = 0

    def add(self, more: Tally) -> None:
        self.issued += more.issued
        self.calls += more.calls
        self.served += more.served
        self.no_show += more.no_show
        self.transferred_out += more.transferred_out
        self.transferred_in += more.transferred_in
        self.wait_total_s += more.wait_total_s
        self.wait_max_s = max(self.wait_max_s, more.wait_max_s)
        self.within_threshold += more.within_threshold
        self.service_total_s += more.service_total_s

    def figures(self) -> dict[str, Any]:
        """The protocol's Figures (protocol.recap): averages of the sums."""
        calls, served = self.calls, self.served
        return {
            "issued": self.issued,
            "calls": calls,
            "served": served,
            "no_show": self.no_show,
            "transferred": self.transferred_out,
            "transferred_in": self.transferred_in,
            "avg_wait_s": round(self.wait_total_s / calls) if calls else None,
            "max_wait_s": self.wait_max_s if calls else None,
            "avg_service_s": round(self.service_total_s / served) if served else None,
            "called_within_threshold": round(self.within_threshold / calls, 4) if calls else None,
            "called_within_threshold_count": self.within_threshold,
        }


@dataclasses.dataclass(slots=True)
class Estimates:
    """The wait estimates judged at first calls (protocol.recap.EstimateAccuracy)."""

    tickets: int = 0
    error_s: int = 0  # |estimate - wait| summed, in seconds
    within: int = 0  # those within the band

    def judge(self, eta_minutes: int, waited_s: int) -> None:
        self.tickets += 1
        self.error_s += abs(eta_minutes * 60 - waited_s)
        self.within += within_estimate_band(eta_minutes, waited_s)

    def add(self, more: Estimates) -> None:
        self.tickets += more.tickets
        self.error_s += more.error_s
        self.within += more.within

    def accuracy(self) -> EstimateAccuracy:
        return estimate_accuracy(self.tickets, self.error_s, self.within)


@dataclasses.dataclass(frozen=True, slots=True)
class Settlement:
    """A case opened on an earlier day, given or waived on this one."""

    case_id: str
    state: str
    at: str
    note: str


@dataclasses.dataclass
class DayFigures:
    services: dict[str, Tally] = dataclasses.field(default_factory=dict)
    counters: dict[int, Tally] = dataclasses.field(default_factory=dict)
    officers: dict[str, Tally] = dataclasses.field(default_factory=dict)
    officer_names: dict[str, str] = dataclasses.field(default_factory=dict)
    counter_officers: dict[int, set[str]] = dataclasses.field(default_factory=dict)
    unserved: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    # By local hour of arrival: numbers taken, and the waits of those called.
    arrivals_by_hour: collections.Counter[int] = dataclasses.field(
        default_factory=collections.Counter
    )
    wait_sum_by_hour: collections.Counter[int] = dataclasses.field(
        default_factory=collections.Counter
    )
    waits_by_hour: collections.Counter[int] = dataclasses.field(default_factory=collections.Counter)
    cases: list[CompensationCase] = dataclasses.field(default_factory=list)  # opening order
    late_settlements: list[Settlement] = dataclasses.field(default_factory=list)
    incidents: list[Incident] = dataclasses.field(default_factory=list)
    estimates: Estimates = dataclasses.field(default_factory=Estimates)

    # ---- the kept form: rows, not objects, so a month of cases loads quickly ---------

    def to_json(self) -> bytes:
        return orjson.dumps(
            {
                "services": {k: _row(v) for k, v in self.services.items()},
                "counters": {str(k): _row(v) for k, v in self.counters.items()},
                "officers": {k: _row(v) for k, v in self.officers.items()},
                "officer_names": self.officer_names,
                "counter_officers": {str(k): sorted(v) for k, v in self.counter_officers.items()},
                "unserved": self.unserved,
                "arrivals_by_hour": _by_hour(self.arrivals_by_hour),
                "wait_sum_by_hour": _by_hour(self.wait_sum_by_hour),
                "waits_by_hour": _by_hour(self.waits_by_hour),
                "cases": [_CASE_ROW(case) for case in self.cases],
                "late_settlements": [_SETTLEMENT_ROW(s) for s in self.late_settlements],
                "incidents": [incident.model_dump() for incident in self.incidents],
                "estimates": _ESTIMATES_ROW(self.estimates),
            }
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> DayFigures:
        kept = orjson.loads(text)
        return cls(
            services={k: Tally(*v) for k, v in kept["services"].items()},
            counters={int(k): Tally(*v) for k, v in kept["counters"].items()},
            officers={k: Tally(*v) for k, v in kept["officers"].items()},
            officer_names=kept["officer_names"],
            counter_officers={int(k): set(v) for k, v in kept["counter_officers"].items()},
            unserved=collections.Counter(kept["unserved"]),
            arrivals_by_hour=_hours_of(kept["arrivals_by_hour"]),
            wait_sum_by_hour=_hours_of(kept["wait_sum_by_hour"]),
            waits_by_hour=_hours_of(kept["waits_by_hour"]),
            cases=[CompensationCase(*row) for row in kept["cases"]],
            late_settlements=[Settlement(*row) for row in kept["late_settlements"]],
            incidents=[Incident(**incident) for incident in kept["incidents"]],
            estimates=Estimates(*kept["estimates"]),
        )


_TALLY_ROW = operator.attrgetter(*(f.name for f in dataclasses.fields(Tally)))
_CASE_ROW = operator.attrgetter(*(f.name for f in dataclasses.fields(CompensationCase)))
_ESTIMATES_ROW = operator.attrgetter(*(f.name for f in dataclasses.fields(Estimates)))
_SETTLEMENT_ROW = operator.attrgetter(*(f.name for f in dataclasses.fields(Settlement)))


def _row(tally: Tally) -> tuple[int, ...]:
    row: tuple[int, ...] = _TALLY_ROW(tally)
    return row


def _by_hour(counts: collections.Counter[int]) -> dict[str, int]:
    return {str(hour): count for hour, count in counts.items()}


def _hours_of(counts: dict[str, int]) -> collections.Counter[int]:
    return collections.Counter({int(hour): count for hour, count in counts.items()})
