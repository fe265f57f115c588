"""The recap of a business day or a month, as GET /api/v1/recap sends it and every report
(text, CSV, thermal paper, PDF, the FO desk's tables) renders it.

Field names and their order are the recap's JSON as it has always been: appliances,
scripts and spreadsheets read it, so fields may be added but never renamed. Times are
the wire's UTC strings ('2026-11-23T01:05:00.000Z'), shown in the office's `timezone`.
"""

from __future__ import annotations

import dataclasses

from pydantic import BaseModel

from protocol.survey import SurveySummary


class Figures(BaseModel):
    """Counts and times of one service, counter or officer (or all of them).

    A wait runs from taking the number (or the last transfer) to the call; a service from
    Mulai Layani (or the call) to Selesai. Averages and shares are None when nothing was
    measured.
    """

    issued: int
    calls: int
    served: int
    no_show: int
    transferred: int
    transferred_in: int
    avg_wait_s: int | None
    max_wait_s: int | None
    avg_service_s: int | None
    # The share of calls made before compensation was due (Decree 108/2024: 15 minutes).
    called_within_threshold: float | None
    called_within_threshold_count: int


# Each row's own keys come first in the JSON, its figures after: the base listed last is
# the first whose fields pydantic lays out.
class _ServiceKey(BaseModel):
    code: str
    name: str


class ServiceRow(Figures, _ServiceKey):
    unserved: int  # still waiting when the period ended


class Totals(Figures):
    unserved: int


class _CounterKey(BaseModel):
    number: int
    name: str
    officers: list[str]  # names of everyone who signed in there, sorted


class CounterRow(Figures, _CounterKey):
    pass


class _OfficerKey(BaseModel):
    nip: str
    name: str


class OfficerRow(Figures, _OfficerKey):
    pass


# A month holds tens of thousands of cases: a plain dataclass (validated by pydantic
# when read from JSON) lets the hub build them without validating each field again.
@dataclasses.dataclass(slots=True)
class CompensationCase:
    """One case of the compensation ledger, as it stood when the period ended."""

    id: str
    kind: str
    title: str
    state: str  # owed | given | waived
    number: str | None
    counter: int | None
    officer: str | None  # NIP
    officer_name: str
    opened_at: str
    settled_at: str | None
    waited_s: int | None  # the wait that earned a late_service case
    note: str


class KindCount(BaseModel):
    title: str
    owed: int
    given: int
    waived: int


class Compensation(BaseModel):
    total: int
    owed: int
    given: int
    waived: int
    by_kind: dict[str, KindCount]  # every decree kind, in the decree's order
    cases: list[CompensationCase]  # by the time they were opened


class Incident(BaseModel):
    """A fault an appliance reported (printer offline, paper out) or its recovery."""

    at: str
    device: str
    kind: str
    message: str
    ticket_id: str | None


class HourRow(BaseModel):
    hour: int  # local hour of day, 0-23
    arrivals: int  # numbers taken in that hour
    avg_wait_s: int | None  # of the citizens who arrived then and were called


class EstimateAccuracy(BaseModel):
    """How the wait estimates given at issue (`ticket.issued`'s `eta_minutes`) held: each
    ticket's first call in the period, when its issue carried an estimate and it was not
    moved to another service before that call, set against its wait (the call's
    `waited_s`). None-valued when no such call was made."""

    tickets: int
    mae_minutes: float | None  # mean absolute error, one decimal
    within_band: float | None  # the share within the band (within_estimate_band)


def within_estimate_band(eta_minutes: int, waited_s: int) -> bool:
    """Whether an estimate held: within +-max(5 min, 25 % of the real wait). In whole
    seconds times four (|estimate - wait| <= max(300 s, wait / 4)), so every path that
    counts it, SQL included, counts exactly the same."""
    return 4 * abs(eta_minutes * 60 - waited_s) <= max(1200, waited_s)


def estimate_accuracy(tickets: int, error_s: int, within: int) -> EstimateAccuracy:
    """The accuracy from its sums: estimates judged, |estimate - wait| summed in seconds,
    and how many held."""
    return EstimateAccuracy(
        tickets=tickets,
        mae_minutes=round(error_s / (60 * tickets), 1) if tickets else None,
        within_band=round(within / tickets, 4) if tickets else None,
    )


class Recap(BaseModel):
    period: str  # '2026-11-23' for a day, '2026-11' for a month
    office: str
    timezone: str  # IANA name, e.g. Asia/Makassar
    threshold_minutes: int
    totals: Totals
    services: list[ServiceRow]
    counters: list[CounterRow]
    officers: list[OfficerRow]
    compensation: Compensation
    incidents: list[Incident]
    hours: list[HourRow]
    # Added with the wait estimate (issue #13); None from a hub that does not report it.
    estimate_accuracy: EstimateAccuracy | None = None
    # The satisfaction survey's answers received in the period (issue #15); None likewise.
    survey: SurveySummary | None = None

    @property
    def is_month(self) -> bool:
        return is_month(self.period)


def is_month(period: str) -> bool:
    """A recap's period is a month ('2026-11') or a business day ('2026-11-23')."""
    return len(period) == 7


class RecapService(BaseModel):
    code: str
    name: str


class RecapCounter(BaseModel):
    number: int
    name: str  # as the recap shows it ("Loket 3" when the config names none)


class RecapOffice(BaseModel):
    """What a recap needs of the office's config: a hub forwards it with its log, so the
    recap worked out elsewhere is the hub's own (reports.recap_fold)."""

    name: str
    timezone: str
    threshold_minutes: int
    services: list[RecapService]
    counters: list[RecapCounter]
