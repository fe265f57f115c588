"""A business day's recap figures summed from its `recap_log` rows (hub.recap_log).

The same figures as hub.recap's fold of the day's events, without parsing them: counts,
sums and maxima are SQL aggregates over each kind's rows (one contiguous range of the
table per kind), the late calls' cases are built straight from their rows, and only the
rarer events (transfers, sign-ins, cases, incidents) are folded one by one, in log order,
by hub.recap's own handlers.
"""

from __future__ import annotations

import collections
import itertools
import sqlite3

import orjson

from hub import recap_log
from hub.config import Office
from hub.recap import LATE_TITLE, DayFold
from hub.recap_figures import DayFigures
from protocol.recap import CompensationCase

_ISSUED = "SELECT service, count(*) FROM recap_log WHERE business_date = ? AND kind = 1 GROUP BY 1"
# The fold's maximum starts at 0; sums and maxima skip a NULL as the fold never sees one.
_CALLS = (
    "SELECT service, counter, officer, count(*), coalesce(sum(seconds), 0), "
    "max(coalesce(max(seconds), 0), 0), coalesce(sum(seconds < ?), 0) "
    "FROM recap_log WHERE business_date = ? AND kind = 2 GROUP BY 1, 2, 3"
)
_CLOSES = (
    "SELECT service, counter, officer, count(*), coalesce(sum(seconds), 0) "
    "FROM recap_log WHERE business_date = ? AND kind = 3 GROUP BY 1, 2, 3"
)
_NO_SHOWS = (
    "SELECT service, counter, officer, count(*) "
    "FROM recap_log WHERE business_date = ? AND kind = 4 GROUP BY 1, 2, 3"
)
# Entering the waiting list (issue, transfer) and leaving it (call, transfer away).
_WAITING = (
    "SELECT service, count(*) FROM recap_log WHERE business_date = ? AND kind IN (1, 5) GROUP BY 1"
)
_NO_LONGER_WAITING = (
    "SELECT ends, count(*) FROM recap_log WHERE business_date = ? AND kind IN (2, 5) "
    "AND ends IS NOT NULL GROUP BY 1"
)
_LATE_CASES = (
    "SELECT case_id, 'late_service', ?, 'owed', number, counter, officer, name, at, NULL, "
    "seconds, '' FROM recap_log WHERE business_date = ? AND kind = 2 AND case_id IS NOT NULL "
    "ORDER BY seq"
)
_LATE_SEQS = (
    "SELECT seq FROM recap_log WHERE business_date = ? AND kind = 2 AND case_id IS NOT NULL "
    "ORDER BY seq"
)
_RARE = "SELECT seq, kind, detail FROM recap_log WHERE business_date = ? AND kind >= ? ORDER BY seq"
# Arrivals and waits by hour: grouped by UTC hour where the time is in UTC (as the log
# writes it), each hour turned into the local one; an hour the zone splits (a change of
# offset, a half-hour zone) is read again instant by instant.
_BY_HOUR = (
    "SELECT CASE WHEN {at} LIKE '%Z' THEN substr({at}, 1, 13) ELSE {at} END, {values} "
    "FROM recap_log WHERE business_date = ? AND kind = {kind} AND {at} IS NOT NULL GROUP BY 1"
)
_IN_HOUR = (
    "SELECT {at}, {values} FROM recap_log WHERE business_date = ? AND kind = {kind} "
    "AND {at} LIKE '%Z' AND substr({at}, 1, 13) = ? GROUP BY 1"
)
_ARRIVALS = {"at": "at", "values": "count(*)", "kind": recap_log.ISSUED}
_WAITS = {"at": "arrival", "values": "sum(seconds), count(*)", "kind": recap_log.CALLED}


def fold_day(conn: sqlite3.Connection, office: Office, day: str) -> DayFigures:
    """The figures of business day `day` (YYYY-MM-DD) from its recap rows."""
    fold = DayFold(office)
    query = conn.execute
    fold.issued.update(dict(query(_ISSUED, (day,))))
    fold.calls = {
        (service, counter, officer): [calls, wait_sum, wait_max, within]
        for service, counter, officer, calls, wait_sum, wait_max, within in query(
            _CALLS, (fold.threshold_s, day)
        )
    }
    fold.closes = {
        (service, counter, officer): [closes, service_sum]
        for service, counter, officer, closes, service_sum in query(_CLOSES, (day,))
    }
    fold.no_shows.update(
        {
            (service, counter, officer): n
            for service, counter, officer, n in query(_NO_SHOWS, (day,))
        }
    )
    day_figures = fold.day
    for hour, (count,) in _by_hour(conn, fold, day, _ARRIVALS):
        day_figures.arrivals_by_hour[hour] += count
    for hour, (wait_sum, waits) in _by_hour(conn, fold, day, _WAITS):
        day_figures.wait_sum_by_hour[hour] += wait_sum
        day_figures.waits_by_hour[hour] += waits
    unserved = collections.Counter(dict(query(_WAITING, (day,))))
    unserved.subtract(dict(query(_NO_LONGER_WAITING, (day,))))

    late = query(_LATE_CASES, (LATE_TITLE, day))
    rare = query(_RARE, (day, recap_log.RARE)).fetchall()
    cases = itertools.starmap(CompensationCase, late)
    if not any(kind in (recap_log.RECORDED, recap_log.SETTLED) for _, kind, _ in rare):
        fold.cases = {case.id: case for case in cases}  # no other case: in log order
        _fold_rare(fold, rare, [], [])
    else:
        seqs = [seq for (seq,) in query(_LATE_SEQS, (day,))]
        _fold_rare(fold, rare, seqs, list(cases))
    return fold.figures(+unserved)


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


def _by_hour(
    conn: sqlite3.Connection, fold: DayFold, day: str, sums: dict[str, object]
) -> list[tuple[int, tuple[int, ...]]]:
    """(local hour, sums) of the rows, per UTC hour or, where the zone splits that hour,
    per instant."""
    found = []
    for key, *values in conn.execute(_BY_HOUR.format_map(sums), (day,)):
        if len(key) == 13:  # a UTC hour
            hour = fold.uniform_hour(key)
            if hour is None:
                for at, *in_hour in conn.execute(_IN_HOUR.format_map(sums), (day, key)):
                    found.append((fold.local_hour(at), tuple(in_hour)))
                continue
            found.append((hour, tuple(values)))
        else:
            found.append((fold.local_hour(key), tuple(values)))
    return found
