"""The recap's inputs as typed columns: one `recap_log` row per event that changes a figure.

A month is half a million events, ~100 MB of JSON: parsing it costs more than all the
arithmetic of its recap. So each recap event is also written, in the same transaction,
as a short row of the few values the recap sums, and the cold recap sums them with SQL
(hub.recap_columns). The key (business_date, kind, service, counter, officer, hour, ends,
seq) is the order those sums are read in, so SQLite sums as it reads, without sorting.

Three values are the day's fold state as it stood when the event came, worked out here
once (from the rows and events already stored for that business day) rather than again
at every recap, exactly as hub.recap's fold of the day's events works them out:
- `officer`: whom a call, close or no-show counts for: the call's own officer, else the
  officer signed in at that counter earlier that business day;
- `arrival` (and its `hour`): for a call, when its ticket was issued, if it was issued
  that business day (the wait is counted under that hour of arrival);
- `ends`: for a call or transfer, the service the ticket was waiting at that business
  day, if it was (what is still waiting when the day ends is "unserved");
- `eta_minutes` (migration 8): for a ticket's first call that business day, the wait
  estimate its issue carried, unless it was transferred before (the estimate was for the
  queue it left): what the recap's estimate accuracy judges.
A late call's case is also written to `recap_late_cases`, with the officer's name as the
day knew it. Events that change no figure (ticket.serving, ticket.recalled, pauses...) get
no row; the rarer ones (transfers, sign-ins, cases, incidents) keep their wire JSON in
`detail`, folded one by one.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import orjson

log = logging.getLogger(__name__)

ISSUED, CALLED, CLOSED, NO_SHOW, TRANSFERRED = 1, 2, 3, 4, 5
SIGNED_IN, SIGNED_OUT, RECORDED, SETTLED, INCIDENT, COMPLAINT_LATE = 6, 7, 8, 9, 10, 11
# Stored numbers: never renumbered, only added to.
KINDS = {
    "ticket.issued": ISSUED,
    "ticket.called": CALLED,
    "ticket.closed": CLOSED,
    "ticket.no_show": NO_SHOW,
    "ticket.transferred": TRANSFERRED,
    "counter.signed_in": SIGNED_IN,
    "counter.signed_out": SIGNED_OUT,
    "compensation.recorded": RECORDED,
    "compensation.settled": SETTLED,
    "device.incident": INCIDENT,
    "complaint.late": COMPLAINT_LATE,
}
RARE = TRANSFERRED  # this kind and those after it are folded from `detail`

_INSERT = (
    "INSERT INTO recap_log (business_date, kind, service, counter, officer, hour, ends, seq, "
    "seconds, at, arrival, name, detail, eta_minutes) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# The row as migration 6 laid it out: its backfill runs before migration 8 adds a column.
_INSERT_V6 = (
    "INSERT INTO recap_log (business_date, kind, service, counter, officer, hour, ends, seq, "
    "seconds, at, arrival, name, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_CASE = "INSERT INTO recap_late_cases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
NO_COUNTER = -1  # the key's "none" for a counter; '' for text
_SIGNS = (
    "SELECT kind, counter, officer, name FROM recap_log "
    "WHERE business_date = ? AND kind IN (6, 7) AND seq < ? ORDER BY seq"
)
# The ticket's earlier events of the business day that move it in or out of the waiting
# list, through the events log's ticket index.
_TICKET_MOVES = (
    "SELECT data FROM events WHERE ticket_id = ? AND +business_date = ? AND seq < ? "
    "AND type IN ('ticket.issued', 'ticket.called', 'ticket.transferred') ORDER BY seq"
)


def add(
    conn: sqlite3.Connection,
    seq: int,
    business_date: str,
    event: dict[str, Any],
    with_estimate: bool = True,
) -> bool:
    """Write the recap row of one stored event (inside its write transaction), if it has
    one (and a late call's case); returns whether it had. `with_estimate` False writes the
    row without `eta_minutes`, as the schema before migration 8 has it."""
    kind = KINDS.get(str(event.get("type")))
    if kind is None:
        return False
    get = event.get
    at, service, counter = get("at"), get("service"), get("counter")
    officer = seconds = arrival = ends = name = detail = eta = None
    if kind in (CALLED, CLOSED, NO_SHOW):
        at_counter, names = _signed_in(conn, business_date, seq)
        if kind == CALLED:
            officer = get("officer") or at_counter.get(counter)
            seconds = get("waited_s")
            arrival, ends, eta = _ticket_moves(conn, get("ticket_id"), business_date, seq)
            compensation = get("compensation")
            if compensation:
                conn.execute(_INSERT_CASE, (
                    business_date, seq, compensation.get("case_id"), get("number"), counter,
                    officer, names.get(officer or "", ""), at, seconds,
                ))  # fmt: skip
        else:
            officer = at_counter.get(counter)
            seconds = get("service_s") if kind == CLOSED else None
    elif kind >= RARE:
        if kind == TRANSFERRED:
            _, ends, _ = _ticket_moves(conn, get("ticket_id"), business_date, seq)
        elif kind in (SIGNED_IN, SIGNED_OUT):
            officer, name = get("officer"), get("officer_name")
        detail = orjson.dumps(event).decode()
    hour = hour_key(arrival if kind == CALLED else at if kind == ISSUED else None)
    row = (
        business_date, kind, service or "", NO_COUNTER if counter is None else counter,
        officer or "", hour, ends or "", seq, seconds, at, arrival, name, detail,
    )  # fmt: skip
    if with_estimate:
        conn.execute(_INSERT, (*row, eta))
    else:
        conn.execute(_INSERT_V6, row)
    return True


def hour_key(at: str | None) -> str:
    """What arrivals are summed by: the UTC hour ('2026-11-23T01') of a time in UTC, else
    the time itself ('' for none)."""
    if not at:
        return ""
    return at[:13] if at.endswith("Z") else at


def backfill(conn: sqlite3.Connection) -> int:
    """Rows for every recap event already in the log, in log order (a migration step):
    each sees the day as the events before it left it, as when it was appended."""
    count = 0
    columns = {row[1] for row in conn.execute("PRAGMA table_info(recap_log)")}
    with_estimate = "eta_minutes" in columns
    events = conn.execute("SELECT seq, business_date, data FROM events ORDER BY seq").fetchall()
    for seq, business_date, data in events:
        try:
            event = orjson.loads(data)
        except orjson.JSONDecodeError:
            log.warning("event %d: not JSON; no recap row", seq)
            continue
        if isinstance(event, dict) and add(conn, seq, business_date, event, with_estimate):
            count += 1
    return count


def _signed_in(
    conn: sqlite3.Connection, business_date: str, seq: int
) -> tuple[dict[Any, str], dict[str, str]]:
    """Who sat at each counter, and each officer's name, after the business day's
    sign-ins and sign-outs before `seq` (a handful a day)."""
    at_counter: dict[Any, str] = {}
    names: dict[str, str] = {}
    for kind, counter, officer, name in conn.execute(_SIGNS, (business_date, seq)):
        if kind == SIGNED_IN:
            at_counter[counter] = officer
            names[officer] = name
        elif at_counter.get(counter) == officer:
            del at_counter[counter]
    return at_counter, names


def backfill_estimates(conn: sqlite3.Connection) -> int:
    """Migration 7's step: each first call's `eta_minutes` from the log, as `add` would
    have written it; returns how many calls got one."""
    keys = {
        seq: key
        for seq, *key in conn.execute(
            "SELECT seq, business_date, service, counter, officer, hour, ends "
            "FROM recap_log WHERE kind = ?",
            (CALLED,),
        )
    }
    estimated: dict[tuple[str, Any], Any] = {}  # (business day, ticket) -> its estimate
    filled = []
    for seq, business_date, data in conn.execute(
        "SELECT seq, business_date, data FROM events WHERE type IN "
        "('ticket.issued', 'ticket.called', 'ticket.transferred') ORDER BY seq"
    ):
        try:
            event = orjson.loads(data)
        except orjson.JSONDecodeError:
            continue  # the recap rows' backfill has said so
        if not isinstance(event, dict):
            continue
        ticket = (business_date, event.get("ticket_id"))
        kind = event.get("type")
        if kind == "ticket.issued":
            estimated[ticket] = event.get("eta_minutes")
        else:
            eta = estimated.pop(ticket, None)
            if kind == "ticket.called" and eta is not None and seq in keys:
                filled.append((eta, CALLED, seq, *keys[seq]))
    conn.executemany(
        "UPDATE recap_log SET eta_minutes = ? WHERE kind = ? AND seq = ? AND business_date = ? "
        "AND service = ? AND counter = ? AND officer = ? AND hour = ? AND ends = ?",
        filled,
    )
    return len(filled)


def _ticket_moves(
    conn: sqlite3.Connection, ticket_id: Any, business_date: str, seq: int
) -> tuple[str | None, str | None, int | None]:
    """(when the ticket was issued this business day, the service it waits at now, the
    estimate its issue carried if this is its first call and no transfer came before)."""
    arrival = waiting = eta = None
    if ticket_id is None:
        return None, None, None
    for (data,) in conn.execute(_TICKET_MOVES, (ticket_id, business_date, seq)):
        moved = orjson.loads(data)
        kind = moved.get("type")
        if kind == "ticket.called":
            waiting = eta = None
        else:
            waiting = moved.get("service")
            eta = None
            if kind == "ticket.issued":
                arrival = moved.get("at")
                eta = moved.get("eta_minutes")
    return arrival, waiting, eta
