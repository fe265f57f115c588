"""The ingest of forwarded batches: the events stored once per (office, seq), and the
rollups (central.rollup) grown by exactly the new ones, in the same transaction.

A batch takes its office's `office_state` row lock, so one office's batches are applied
one at a time in seq order; only events after the office's `last_seq` are inserted
(`INSERT ... ON CONFLICT DO NOTHING` all the same).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, Protocol

import orjson
from psycopg import Connection
from psycopg.types.json import Jsonb

from central import rollup

FOLD_CHUNK = 5000  # events read at a time when the rollups are folded again


class Event(Protocol):
    """A forwarded event: the API's parsed batch holds these, as do the tests."""

    @property
    def seq(self) -> int: ...
    @property
    def business_date(self) -> str: ...
    @property
    def data(self) -> str: ...


@dataclasses.dataclass(frozen=True)
class Forwarded:
    seq: int
    business_date: str
    data: str  # the event's JSON as the hub stored it


class GapError(Exception):
    """A batch starting after events central has not got."""

    def __init__(self, last_seq: int) -> None:
        super().__init__(last_seq)
        self.last_seq = last_seq


class BadEvent(ValueError):
    """An event that is not a JSON object with a type."""


def prepare(conn: Connection[Any]) -> None:
    """A new connection's staging table for the batches' COPY (emptied at each commit)."""
    conn.execute(
        "CREATE TEMP TABLE staged_events (office text, seq bigint, business_date date, "
        "type text, data text) ON COMMIT DELETE ROWS"
    )
    conn.commit()


def parse(events: Sequence[Event]) -> list[dict[str, Any]]:
    parsed = []
    for event in events:
        try:
            data = orjson.loads(event.data)
        except orjson.JSONDecodeError as error:
            raise BadEvent(f"event {event.seq}: not JSON: {error}") from None
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            raise BadEvent(f"event {event.seq}: not an event object with a type")
        parsed.append(data)
    return parsed


def ingest(
    conn: Connection[Any], office: str, after: int, events: Sequence[Event],
    settings: dict[str, Any] | None,
) -> tuple[int, int]:  # fmt: skip
    """Store a batch (seq ascending, following `after`) in the caller's transaction;
    returns (the office's last seq, how many were new). GapError for a gap."""
    row = conn.execute(
        "SELECT s.last_seq, s.queue_day, s.waiting, o.settings->>'hours' FROM office_state s "
        "JOIN offices o ON o.code = s.office WHERE s.office = %s FOR UPDATE OF s",
        (office,),
    ).fetchone()
    if row is None:
        raise LookupError(office)
    last_seq, queue_day, waiting = int(row[0]), row[1], int(row[2])
    hours = rollup.hours_in(row[3])
    if settings is not None:
        conn.execute("UPDATE offices SET settings = %s WHERE code = %s", (Jsonb(settings), office))
        hours = rollup.hours_of(settings)
    if after > last_seq:
        raise GapError(last_seq)
    new = [e for e in events if e.seq > last_seq]
    if not new:
        return last_seq, 0
    parsed = parse(new)
    # COPY into the connection's staging table (psycopg's array dumping costs more than
    # the rest of a batch), then one INSERT ... ON CONFLICT DO NOTHING from it.
    with conn.cursor().copy(
        "COPY staged_events (office, seq, business_date, type, data) FROM STDIN"
    ) as copy:
        for event, data in zip(new, parsed, strict=True):
            copy.write_row((office, event.seq, event.business_date, data["type"], event.data))
    try:
        folded = rollup.fold(
            [(e.seq, e.business_date, p) for e, p in zip(new, parsed, strict=True)],
            queue_day.isoformat() if queue_day else None, waiting, hours,
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, IndexError) as error:  # a field missing or odd
        raise BadEvent(f"an event lacks what its type carries: {error!r}") from None
    at = parsed[-1].get("at")
    with conn.pipeline():  # the statements sent together, one wait for them all
        moved = conn.execute(
            "INSERT INTO events (office, seq, business_date, type, data) SELECT office, seq, "
            "business_date, type, data FROM staged_events ON CONFLICT DO NOTHING"
        )
        apply(conn, office, folded, new[-1].seq, at if isinstance(at, str) else None)
    inserted = moved.rowcount
    return new[-1].seq, inserted


def apply(
    conn: Connection[Any], office: str, batch: rollup.Batch, seq: int, at: str | None
) -> None:
    """Grow the office's rollups by a folded batch; its last event is `seq`, made `at`."""
    conn.cursor().executemany(
        "INSERT INTO office_days AS d (office, business_date, issued, called, served, late, "
        "max_wait_s, last_seq, no_show, transferred, respondents, survey, ratings) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (office, business_date) DO UPDATE SET issued = d.issued + excluded.issued, "
        "called = d.called + excluded.called, served = d.served + excluded.served, "
        "late = d.late + excluded.late, max_wait_s = greatest(d.max_wait_s, excluded.max_wait_s), "
        "last_seq = excluded.last_seq, no_show = d.no_show + excluded.no_show, "
        "transferred = d.transferred + excluded.transferred, "
        "respondents = d.respondents + excluded.respondents, "
        "survey = CASE WHEN excluded.respondents = 0 THEN d.survey ELSE (SELECT "
        "array_agg(a + b ORDER BY i) FROM unnest(d.survey, excluded.survey) WITH ORDINALITY "
        "AS t (a, b, i)) END, "
        "ratings = (SELECT array_agg(a + b ORDER BY i) FROM unnest(d.ratings, excluded.ratings) "
        "WITH ORDINALITY AS t (a, b, i))",
        [(office, day, d.issued, d.calls, d.served, d.late, d.max_wait_s, d.last_seq, d.no_show,
          d.transferred, d.survey.respondents, rollup.survey_cells(d.survey), d.ratings)
         for day, d in batch.days.items()],
    )  # fmt: skip
    if batch.complaints:
        conn.cursor().executemany(
            "INSERT INTO office_complaints (office, complaint_id, received_on, due_date) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [(office, cid, received, due) for cid, (received, due) in batch.complaints.items()],
        )
    if batch.answered:
        conn.cursor().executemany(
            "UPDATE office_complaints SET answered_on = coalesce(answered_on, %s) "
            "WHERE office = %s AND complaint_id = %s",
            [(day, office, cid) for cid, day in batch.answered.items()],
        )
    conn.execute(
        "UPDATE office_state SET last_seq = greatest(last_seq, %s), last_event_at = %s, "
        "lag_s = extract(epoch FROM now() - %s::timestamptz), queue_day = %s, waiting = %s, "
        "cases_owed = cases_owed + %s WHERE office = %s",
        (seq, at, at, batch.queue_day, batch.waiting, batch.cases_owed, office),
    )


def fold_again(conn: Connection[Any], office: str) -> None:
    """The office's rollups folded again from every event central holds of it (after a
    migration that added a rollup), in the caller's transaction."""
    row = conn.execute(
        "SELECT o.settings, s.last_event_at, s.lag_s FROM offices o JOIN office_state s "
        "ON s.office = o.code WHERE o.code = %s FOR UPDATE OF s",
        (office,),
    ).fetchone()
    if row is None:
        raise LookupError(office)
    hours = rollup.hours_of(row[0])
    conn.execute("DELETE FROM office_days WHERE office = %s", (office,))
    conn.execute("DELETE FROM office_complaints WHERE office = %s", (office,))
    conn.execute(
        "UPDATE office_state SET queue_day = NULL, waiting = 0, cases_owed = 0 WHERE office = %s",
        (office,),
    )
    queue_day, waiting = None, 0
    # business_date never goes back in seq order: (business_date, seq) is the key's order.
    with conn.cursor(name="fold_again") as stored:
        stored.execute(
            "SELECT seq, business_date, data FROM events WHERE office = %s "
            "ORDER BY business_date, seq",
            (office,),
        )
        while rows := stored.fetchmany(FOLD_CHUNK):
            events = [(int(seq), day.isoformat(), orjson.loads(data)) for seq, day, data in rows]
            batch = rollup.fold(events, queue_day, waiting, hours)
            apply(conn, office, batch, events[-1][0], events[-1][2].get("at"))
            queue_day, waiting = batch.queue_day, batch.waiting
    # The last event's age when it was stored, as the ingest left it.
    conn.execute(
        "UPDATE office_state SET last_event_at = %s, lag_s = %s WHERE office = %s",
        (row[1], row[2], office),
    )
