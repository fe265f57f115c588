"""A business day's recap figures summed from its `recap_log` rows (hub.recap_log).

The same figures as hub.recap's fold of the day's events, without parsing them: counts,
sums and maxima are SQL aggregates over each kind's rows (one contiguous range of the
table per kind), the late calls' cases are built straight from their rows, and only the
rarer events (transfers, sign-ins, cases, incidents) are folded one by one, in log order,
by hub.recap's own handlers.
"""

from __future__ import annotations

import collections
import sqlite3

import orjson

from hub import recap_log
from hub.config import Office
from hub.recap import LATE_TITLE, DayFold
from hub.recap_figures import DayFigures
from protocol.recap import CompensationCase

# Each query reads one kind's range of the table in key order and sums as it goes (no
# sorting): issues by service and hour of arrival; calls by service, counter, officer,
# hour of arrival and the service they took the ticket from; closes and no-shows by
# service, counter, officer.
_ISSUED = (
    "SELECT service, hour, count(*) FROM recap_log WHERE business_date = ? AND kind = 1 "
    "GROUP BY service, hour"
)
# The fold's maximum starts at 0, and never sees a NULL. The estimates judged at first
# calls (a NULL `eta_minutes` is none) are summed in the same pass: how many, the error
# in seconds, and how many held (protocol.recap.within_estimate_band, in integers).
_CALLS = (
    "SELECT service, counter, officer, hour, ends, count(*), coalesce(sum(seconds), 0), "
    "max(coalesce(max(seconds), 0), 0), coalesce(sum(seconds < ?), 0), count(eta_minutes), "
    "coalesce(sum(abs(eta_minutes * 60 - seconds)), 0), "
    "coalesce(sum(4 * abs(eta_minutes * 60 - seconds) <= max(1200, seconds)), 0) "
    "FROM recap_log "
    "WHERE business_date = ? AND kind = 2 GROUP BY service, counter, officer, hour, ends"
)
_CLOSES = (
    "SELECT service, counter, officer, count(*), coalesce(sum(seconds), 0) FROM recap_log "
    "WHERE business_date = ? AND kind = 3 GROUP BY service, counter, officer"
)
_NO_SHOWS = (
    "SELECT service, counter, officer, count(*) FROM recap_log "
    "WHERE business_date = ? AND kind = 4 GROUP BY service, counter, officer"
)
_TRANSFERS = "SELECT service, ends FROM recap_log WHERE business_date = ? AND kind = 5"
_LATE_CASES = (
    "SELECT case_id, number, counter, officer, officer_name, at, waited_s "
    "FROM recap_late_cases WHERE business_date = ? ORDER BY seq"
)
_LATE_SEQS = "SELECT seq FROM recap_late_cases WHERE business_date = ? ORDER BY seq"
_RARE = "SELECT seq, kind, detail FROM recap_log WHERE business_date = ? AND kind >= ? ORDER BY seq"
# An hour the zone splits (a change of offset, a half-hour zone) is read again instant
# by instant.
_IN_HOUR = (
    "SELECT {at}, {values} FROM recap_log WHERE business_date = ? AND kind = {kind} "
    "AND hour = ? GROUP BY 1"
)
_ARRIVALS_IN_HOUR = _IN_HOUR.format(at="at", values="count(*)", kind=recap_log.ISSUED)
_WAITS_IN_HOUR = _IN_HOUR.format(
    at="arrival", values="sum(seconds), count(*)", kind=recap_log.CALLED
)
Key = tuple[str, int, str | None]


def fold_day(conn: sqlite3.Connection, office: Office, day: str) -> DayFigures:
    """The figures of business day `day` (YYYY-MM-DD) from its recap rows."""
    fold = DayFold(office)
    query = conn.execute
    figures = fold.day
    waiting: collections.Counter[str] = collections.Counter()  # at the end of the day
    issued = fold.issued
    arrived: collections.Counter[str] = collections.Counter()  # by hour key
    for service, hour_key, count in query(_ISSUED, (day,)):
        issued[service] += count
        waiting[service] += count
        arrived[hour_key] += count
    for hour_key, count in arrived.items():
        for hour, (in_hour,) in _hours(conn, fold, _ARRIVALS_IN_HOUR, day, hour_key, (count,)):
            figures.arrivals_by_hour[hour] += in_hour

    calls: dict[Key, list[int]] = {}
    waited: dict[str, list[int]] = {}  # by hour key of arrival: [wait sum, calls]
    threshold_s = fold.threshold_s
    estimates = figures.estimates
    for (
        service, counter, officer, hour_key, ends, n, wait_sum, wait_max, within,
        estimated, error_s, held,
    ) in query(_CALLS, (threshold_s, day)):  # fmt: skip
        estimates.tickets += estimated
        estimates.error_s += error_s
        estimates.within += held
        key = (service, counter, officer or None)
        sums = calls.get(key)
        if sums is None:
            calls[key] = [n, wait_sum, wait_max, within]
        else:
            sums[0] += n
            sums[1] += wait_sum
            sums[2] = max(sums[2], wait_max)
            sums[3] += within
        if hour_key:
            bucket = waited.setdefault(hour_key, [0, 0])
            bucket[0] += wait_sum
            bucket[1] += n
        if ends:
            waiting[ends] -= n
    fold.calls = calls
    for hour_key, (wait_sum, n) in waited.items():
        for hour, (in_sum, in_count) in _hours(
            conn, fold, _WAITS_IN_HOUR, day, hour_key, (wait_sum, n)
        ):
            figures.wait_sum_by_hour[hour] += in_sum
            figures.waits_by_hour[hour] += in_count
    fold.closes = {
        (service, counter, officer or None): [closes, service_sum]
        for service, counter, officer, closes, service_sum in query(_CLOSES, (day,))
    }
    for service, counter, officer, n in query(_NO_SHOWS, (day,)):
        fold.no_shows[service, counter, officer or None] += n
    for service, ends in query(_TRANSFERS, (day,)):
        waiting[service] += 1
        if ends:
            waiting[ends] -= 1

    late = LATE_TITLE
    cases = [
        CompensationCase(case_id, "late_service", late, "owed", number, counter, officer,
                         name, at, None, waited_s, "")
        for case_id, number, counter, officer, name, at, waited_s in query(_LATE_CASES, (day,))
    ]  # fmt: skip
    rare = query(_RARE, (day, recap_log.RARE)).fetchall()
    if not any(kind in (recap_log.RECORDED, recap_log.SETTLED) for _, kind, _ in rare):
        fold.cases = {case.id: case for case in cases}  # no other case: in log order
        _fold_rare(fold, rare, [], [])
    else:
        seqs = [seq for (seq,) in query(_LATE_SEQS, (day,))]
        _fold_rare(fold, rare, seqs, cases)
    return fold.figures(+waiting)


def _fold_rare(
    fold: DayFold,
    rare: list[tuple[int, int, str]],
    late_seqs: list[int],
    late_cases: list[CompensationCase],
) -> None:
    """The rarer events through the fold's handlers, in log order; a late call's case is
    opened where its call stands among them (a same-day settlement finds it)."""
    handlers = fold.handlers()
    cases, opened = fold.cases, 0
    for seq, _, detail in rare:
        while opened < len(late_seqs) and late_seqs[opened] < seq:
            case = late_cases[opened]
            cases[case.id] = case
            opened += 1
        event = orjson.loads(detail)
        handler = handlers.get(event["type"])
        if handler is not None:
            handler(event)
    for case in late_cases[opened:]:
        cases[case.id] = case


def _hours(
    conn: sqlite3.Connection,
    fold: DayFold,
    in_hour: str,
    day: str,
    hour_key: str,
    sums: tuple[int, ...],
) -> list[tuple[int, tuple[int, ...]]]:
    """(local hour, sums) of the rows of one hour key (hub.recap_log.hour_key): its local
    hour, or where the zone splits that UTC hour, the local hour of each instant in it."""
    if len(hour_key) == 13:  # a UTC hour
        hour = fold.uniform_hour(hour_key)
        if hour is not None:
            return [(hour, sums)]
        return [
            (fold.local_hour(at), tuple(more))
            for at, *more in conn.execute(in_hour, (day, hour_key))
        ]
    return [(fold.local_hour(hour_key), sums)]
