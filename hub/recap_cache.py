"""Recaps of many days stay fast: a past business day's figures are kept once computed.

A day is final once it has passed, so its figures are stored with the last event seq
they cover and the rules they were computed under (their layout, threshold, time zone);
a later event for that day, or a change of rules, makes them be computed again.
"""

from __future__ import annotations

import datetime as dt

from hub import recap_columns
from hub.config import Office
from hub.periods import Period
from hub.recap import recap_of_days
from hub.recap_figures import FORMAT, DayFigures
from hub.store import Store
from protocol.recap import Recap


def recap(store: Store, office: Office, period: Period, today: dt.date) -> Recap:
    return recap_of_days(day_figures(store, office, period, today), office, period.label)


def day_figures(store: Store, office: Office, period: Period, today: dt.date) -> list[DayFigures]:
    """Each day's figures, kept ones read back, the others summed from the day's recap
    rows (hub.recap_columns; kept when the day is over, all in one write)."""
    rules = _rules(office)
    kept = {
        day: (last_seq, state)
        for day, last_seq, state in store.conn.execute(
            "SELECT business_date, last_seq, state FROM recap_days "
            "WHERE business_date BETWEEN ? AND ? AND rules = ?",
            (period.first.isoformat(), period.last.isoformat(), rules),
        )
    }
    figures = []
    to_keep: list[tuple[str, int, str, bytes]] = []
    day = period.first
    while day <= period.last:
        key = day.isoformat()
        last_seq = _seq(store, _LAST_SEQ, key)
        final = day < today
        if final and key in kept and kept[key][0] == last_seq:
            figures.append(DayFigures.from_json(kept[key][1]))
        else:
            folded = recap_columns.fold_day(store.conn, office, key)
            figures.append(folded)
            if final:
                # Kept as the JSON's bytes: read back without decoding them to text.
                to_keep.append((key, last_seq, rules, folded.to_json()))
        day += dt.timedelta(days=1)
    if to_keep:
        with store.write():
            store.conn.executemany(
                "INSERT INTO recap_days VALUES (?, ?, ?, ?) ON CONFLICT(business_date) DO UPDATE "
                "SET last_seq = excluded.last_seq, rules = excluded.rules, state = excluded.state",
                to_keep,
            )
    return figures


def keep_past_days(store: Store, office: Office, today: dt.date, days: int = 62) -> int:
    """Compute and keep the figures of the last `days` business days that are not kept
    yet, so the head of office's monthly recap never waits for a cold month. Returns
    how many days were computed."""
    first = today - dt.timedelta(days=days)
    kept = {
        row[0]
        for row in store.conn.execute(
            "SELECT business_date FROM recap_days WHERE business_date >= ? AND rules = ?",
            (first.isoformat(), _rules(office)),
        )
    }
    with_events = [
        dt.date.fromisoformat(row[0])
        for row in store.conn.execute(
            "SELECT DISTINCT business_date FROM events WHERE business_date BETWEEN ? AND ?",
            (first.isoformat(), (today - dt.timedelta(days=1)).isoformat()),
        )
    ]
    missing = [day for day in with_events if day.isoformat() not in kept]
    for day in missing:
        day_figures(store, office, Period(day.isoformat(), day, day), today)
    return len(missing)


def _rules(office: Office) -> str:
    return f"{FORMAT}|{office.compensation.threshold_minutes}|{office.office.timezone}"


# A seek in the business_date index: the last event that day's kept figures cover.
_LAST_SEQ = "SELECT max(seq) FROM events WHERE business_date = ?"


def _seq(store: Store, query: str, day: str) -> int:
    (seq,) = store.conn.execute(query, (day,)).fetchone()
    return int(seq or 0)
