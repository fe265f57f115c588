"""Recaps of many days stay fast: a past business day's figures are kept once computed.

A day is final once it has passed, so its mergeable state is stored with the last event
seq it covered and the rules it was computed under (threshold, time zone); a later event
for that day, or a change of rules, makes it be computed again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from hub.config import Office
from hub.periods import Period
from hub.recap import day_state, recap_of_days
from hub.store import Store


def recap(store: Store, office: Office, period: Period, today: dt.date) -> dict[str, Any]:
    return recap_of_days(day_states(store, office, period, today), office, period.label)


def day_states(
    store: Store, office: Office, period: Period, today: dt.date
) -> list[dict[str, Any]]:
    rules = f"{office.compensation.threshold_minutes}|{office.office.timezone}"
    states = []
    day = period.first
    while day <= period.last:
        states.append(_day(store, office, day, rules, final=day < today))
        day += dt.timedelta(days=1)
    return states


def _day(store: Store, office: Office, day: dt.date, rules: str, final: bool) -> dict[str, Any]:
    key = day.isoformat()
    (last_seq,) = store.conn.execute(
        "SELECT coalesce(max(seq), 0) FROM events WHERE business_date = ?", (key,)
    ).fetchone()
    if final:
        row = store.conn.execute(
            "SELECT last_seq, rules, state FROM recap_days WHERE business_date = ?", (key,)
        ).fetchone()
        if row is not None and row[0] == last_seq and row[1] == rules:
            state: dict[str, Any] = orjson.loads(row[2])
            return state
    state = day_state(store.event_rows_between(day, day), office)
    if final:
        with store.write():
            store.conn.execute(
                "INSERT INTO recap_days VALUES (?, ?, ?, ?) ON CONFLICT(business_date) DO UPDATE "
                "SET last_seq = excluded.last_seq, rules = excluded.rules, state = excluded.state",
                (key, last_seq, rules, orjson.dumps(state).decode()),
            )
    return state


def keep_past_days(store: Store, office: Office, today: dt.date, days: int = 62) -> int:
    """Compute and keep the figures of the last `days` business days that are not kept
    yet, so the head of office's monthly recap never waits for a cold month. Returns
    how many days were computed."""
    first = today - dt.timedelta(days=days)
    kept = {
        row[0]
        for row in store.conn.execute(
            "SELECT business_date FROM recap_days WHERE business_date >= ?", (first.isoformat(),)
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
        day_states(store, office, Period(day.isoformat(), day, day), today)
    return len(missing)
