"""The one SQLite store: the append-only events log and the projections built from it.

Durability: WAL with synchronous=FULL, so a ticket whose reply left the hub survives a
power cut (NORMAL would only survive a crash of the process). Every write transaction
starts with BEGIN IMMEDIATE: a plain BEGIN that reads then writes fails with "database is
locked" when the CLI writes at the same time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from hub import datadir, recap_log
from hub.datadir import DATABASE_NAME
from hub.engine.events import (
    Event,
    SurveyAnswered,
    SurveyRated,
    TicketEvent,
    UnknownEventType,
    event_from_dict,
    from_wire_time,
    to_wire_time,
)
from hub.engine.model import CompensationCase, Ticket
from hub.errors import StoreError
from hub.migrations import BACKFILLS, LATEST, MIGRATIONS

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["DATABASE_NAME", "Store", "StoredEvent"]
log = logging.getLogger(__name__)
# Events kept under their ticket's id: its own, and the survey's (a judgement of it;
# not a move of the queue, so a survey today does not bring yesterday's ticket back).
_OF_A_TICKET = (TicketEvent, SurveyAnswered, SurveyRated)


@dataclasses.dataclass(frozen=True)
class StoredEvent:
    seq: int
    event: Event
    wire: str  # the JSON pushed to subscribers, serialised once

    @property
    def type(self) -> str:
        return self.event.type


class Store:
    def __init__(self, path: Path | str | None = None, *, migrate: bool = True) -> None:
        """Open the store at `path` (a file), or in memory when `path` is None."""
        self.path = Path(path) if path is not None else None
        conn: sqlite3.Connection | None = None
        try:
            target = str(self.path) if self.path else ":memory:"
            conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
            self._conn = conn
            if self.path:
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=10000")
            if migrate:
                self.migrate()
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            # A damaged or foreign file: one line naming it, never a traceback.
            raise StoreError(f"{path}: cannot open the store: {exc}") from None

    @classmethod
    def in_data_dir(cls, data_dir: Path | str) -> Store:
        """The store of a data folder, both created private (0700 folder, 0600 file)."""
        data_dir = datadir.prepare(Path(data_dir))
        datadir.create_private(data_dir / DATABASE_NAME)
        return cls(data_dir / DATABASE_NAME)

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, made on first use: importing it (and
        the numpy it pulls in where installed) would add ~0.2 s to the hub's start."""
        import sqlite_utils

        return sqlite_utils.Database(self._conn)

    def close(self) -> None:
        self.conn.close()

    # ---- schema -----------------------------------------------------------------------

    def schema_version(self) -> int:
        found = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
        if found is None:
            return 0
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def migrate(self, target: int = LATEST) -> int:
        """Apply the numbered migrations up to `target`; returns the version reached."""
        with self.write():
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            current = self.schema_version()
            if current > LATEST:
                raise StoreError(
                    f"{self.path}: the store is at schema {current}, newer than this Antrian "
                    f"(knows up to {LATEST}); upgrade Antrian"
                )
            for version, description, sql in MIGRATIONS:
                if current < version <= target:
                    for statement in _statements(sql):
                        self.conn.execute(statement)
                    backfill = BACKFILLS.get(version)
                    if backfill is not None:
                        backfill(self.conn)
                    self.conn.execute(
                        "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                        (version, description, _utc_now()),
                    )
                    current = version
        return current

    # ---- transactions -----------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[Store]:
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # ---- events -----------------------------------------------------------------------

    def append(self, events: list[Event], business_date: dt.date) -> list[StoredEvent]:
        """Append events (inside `write()`), each with its recap row (hub.recap_log);
        returns them with their seq."""
        stored = []
        day = business_date.isoformat()
        for event in events:
            data = event.to_dict()
            ticket_id = event.ticket_id if isinstance(event, _OF_A_TICKET) else None
            counter = data.get("counter")
            text = orjson.dumps(data).decode()  # once: the row and the wire share it
            cursor = self.conn.execute(
                "INSERT INTO events (type, at, business_date, ticket_id, counter, data) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (event.type, data["at"], day, ticket_id, counter, text),
            )
            seq = int(cursor.lastrowid or 0)
            recap_log.add(self.conn, seq, day, data)
            stored.append(StoredEvent(seq, event, _with_seq(seq, text)))
        return stored

    def events_since_business_date(self, first_day: dt.date) -> list[Event]:
        rows = self.conn.execute(
            "SELECT seq, data FROM events WHERE business_date >= ? ORDER BY seq",
            (first_day.isoformat(),),
        )
        return _known_events(rows)

    def events_to_reopen(self, today: dt.date) -> list[Event]:
        """What the engine replays to reopen the doors: every event of `today`, and of
        the day before only what today still needs (the tickets still open or acted on
        today, and who signed in at which counter), so a busy day is not replayed twice."""
        today_text = today.isoformat()
        yesterday = (today - dt.timedelta(days=1)).isoformat()
        rows = self.conn.execute(
            "SELECT seq, data FROM events WHERE business_date >= :today "
            "UNION ALL "
            "SELECT seq, data FROM events WHERE business_date = :yesterday AND ("
            "  type IN ('counter.signed_in', 'counter.signed_out')"
            "  OR ticket_id IN (SELECT id FROM tickets WHERE business_date = :yesterday"
            "                   AND state IN ('waiting', 'called', 'serving'))"
            "  OR ticket_id IN (SELECT ticket_id FROM events WHERE business_date >= :today"
            "                   AND ticket_id IS NOT NULL"
            "                   AND type NOT IN ('survey.answered', 'survey.rated'))"
            ") ORDER BY seq",
            {"today": today_text, "yesterday": yesterday},
        )
        return _known_events(rows)

    def cases_to_reopen(self, today: dt.date) -> list[CompensationCase]:
        """Compensation cases the engine keeps: every one still owed, whatever its day
        (a citizen's drink is owed until given or waived), and the rest of these two days."""
        rows = self.conn.execute(
            "SELECT id, kind, ticket_id, number, counter, officer, created_at, state, "
            "service, waited_s, note, settled_at, complaint_id FROM compensation_cases "
            "WHERE state = 'owed' OR business_date >= ? ORDER BY created_seq",
            ((today - dt.timedelta(days=1)).isoformat(),),
        )
        return [
            CompensationCase(
                id=row[0],
                kind=row[1],
                ticket_id=row[2] or None,
                number=row[3] or None,
                counter=row[4],
                officer=row[5],
                opened_at=from_wire_time(row[6]),
                state=row[7],
                service=row[8] or None,
                waited_s=row[9],
                note=row[10],
                settled_at=from_wire_time(row[11]) if row[11] else None,
                complaint_id=row[12],
            )  # fmt: skip
            for row in rows
        ]

    def events_between(self, first_day: dt.date, last_day: dt.date) -> list[Event]:
        """Every event of the business days first_day..last_day, in log order."""
        rows = self.conn.execute(
            "SELECT seq, data FROM events WHERE business_date BETWEEN ? AND ? ORDER BY seq",
            (first_day.isoformat(), last_day.isoformat()),
        )
        return _known_events(rows)

    def event_rows_between(self, first_day: dt.date, last_day: dt.date) -> list[dict[str, Any]]:
        """The same events in their stored wire form, for reports over many of them."""
        rows = self.conn.execute(
            "SELECT data FROM events WHERE business_date BETWEEN ? AND ? ORDER BY seq",
            (first_day.isoformat(), last_day.isoformat()),
        )
        return [orjson.loads(data) for (data,) in rows]

    def reader(self) -> Store:
        """A second connection for long reads (recaps) beside the writer; WAL lets both
        run at once. An in-memory store has only itself to offer."""
        if self.path is None:
            return self
        return Store(self.path, migrate=False)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Store]:
        """A reader connection (see reader()) for one long read, closed after it."""
        reader = self.reader()
        try:
            yield reader
        finally:
            if reader is not self:
                reader.close()

    def last_counter(self, ticket_id: str | None) -> int | None:
        """The counter that last handled a ticket, from the log (a closed one keeps none)."""
        if not ticket_id:
            return None
        row = self.conn.execute(
            "SELECT counter FROM events WHERE ticket_id = ? AND counter IS NOT NULL "
            "ORDER BY seq DESC LIMIT 1",
            (ticket_id,),
        ).fetchone()
        return int(row[0]) if row else None

    def events_after(self, seq: int, limit: int) -> list[str]:
        """Wire JSON of events after `seq`, oldest first, at most `limit`."""
        rows = self.conn.execute(
            "SELECT seq, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
        )
        return [_with_seq(seq_, data) for seq_, data in rows]

    def last_seq(self) -> int:
        row = self.conn.execute("SELECT max(seq) FROM events").fetchone()
        return int(row[0] or 0)

    # ---- projections ------------------------------------------------------------------

    def save_tickets(self, tickets: list[Ticket], seq: int) -> None:
        for ticket in tickets:
            self.conn.execute(
                "INSERT INTO tickets (id, number, service, issued_service, sequence, "
                "business_date, priority, category, state, counter, issued_at, called_at, "
                "serving_at, closed_at, recall_count, transfer_count, last_seq) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET service=excluded.service, state=excluded.state, "
                "counter=excluded.counter, called_at=excluded.called_at, "
                "serving_at=excluded.serving_at, closed_at=excluded.closed_at, "
                "recall_count=excluded.recall_count, transfer_count=excluded.transfer_count, "
                "last_seq=excluded.last_seq",
                (
                    ticket.id,
                    ticket.number,
                    ticket.service,
                    ticket.service,  # issued_service: written once, an upsert keeps it
                    ticket.sequence,
                    ticket.business_date.isoformat(),
                    int(ticket.priority),
                    ticket.category,
                    str(ticket.state),
                    ticket.counter,
                    to_wire_time(ticket.issued_at),
                    _time(ticket.called_at),
                    _time(ticket.serving_at),
                    _time(ticket.closed_at),
                    ticket.recall_count,
                    ticket.transfer_count,
                    seq,
                ),
            )

    def ticket_row(self, ticket_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM tickets WHERE id = ?", [ticket_id]))
        return rows[0] if rows else None

    def save_cases(self, cases: list[CompensationCase], business_date: dt.date, seq: int) -> None:
        for case in cases:
            self.conn.execute(
                "INSERT INTO compensation_cases (id, ticket_id, number, service, kind, state, "
                "counter, waited_s, business_date, created_at, created_seq, officer, note, "
                "settled_at, complaint_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET state=excluded.state, note=excluded.note, "
                "settled_at=excluded.settled_at",
                (
                    case.id, case.ticket_id or "", case.number or "", case.service or "",
                    case.kind, case.state, case.counter, case.waited_s,
                    business_date.isoformat(), to_wire_time(case.opened_at), seq, case.officer,
                    case.note, _time(case.settled_at), case.complaint_id,
                ),
            )  # fmt: skip

    # ---- complaints (issue #14) -------------------------------------------------------

    def save_complaint(self, row: dict[str, Any], events: list[Event], seq: int) -> None:
        """Keep a complaint's projection `row` and its whole history (`events`)."""
        history = orjson.dumps([event.to_dict() for event in events]).decode()
        self.conn.execute(
            "INSERT INTO complaints (id, tracking_code, state, received_at, received_date, "
            "due_date, answered_at, closed_at, last_seq, events) "
            "VALUES (:id, :tracking_code, :state, :received_at, :received_date, :due_date, "
            ":answered_at, :closed_at, :last_seq, :events) "
            "ON CONFLICT(id) DO UPDATE SET state=excluded.state, "
            "answered_at=excluded.answered_at, closed_at=excluded.closed_at, "
            "last_seq=excluded.last_seq, events=excluded.events",
            {**row, "last_seq": seq, "events": history},
        )

    def complaints_to_reopen(self, since: dt.date) -> list[list[Event]]:
        """The histories of the complaints the engine keeps: every open one, whatever
        its age, and those received since `since`."""
        rows = self.conn.execute(
            "SELECT events FROM complaints WHERE state != 'closed' OR received_date >= ? "
            "ORDER BY received_at",
            (since.isoformat(),),
        )
        return [[event_from_dict(data) for data in orjson.loads(events)] for (events,) in rows]

    # ---- idempotency ------------------------------------------------------------------

    def idempotent_ticket(self, token_id: int, key: str) -> tuple[str, str] | None:
        row = self.conn.execute(
            "SELECT ticket_id, request_hash FROM idempotency_keys WHERE token_id = ? AND key = ?",
            (token_id, key),
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def remember_idempotency(
        self, token_id: int, key: str, request_hash: str, ticket_id: str
    ) -> None:
        self.conn.execute(
            "INSERT INTO idempotency_keys VALUES (?, ?, ?, ?, ?)",
            (token_id, key, request_hash, ticket_id, _utc_now()),
        )


def _known_events(rows: Iterable[tuple[int, str]]) -> list[Event]:
    """Events rebuilt from stored rows; a type from a newer Antrian (a store restored
    back onto an older hub) is logged and skipped rather than stopping the hub."""
    events = []
    for seq, data in rows:
        try:
            events.append(event_from_dict(orjson.loads(data)))
        except UnknownEventType as unknown:
            kind = unknown.args[0]
            log.warning("event %d: type %s is unknown to this version; skipped", seq, kind)
    return events


def _with_seq(seq: int, data: str) -> str:
    return '{"seq": %d, %s' % (seq, data[1:])  # noqa: UP031 - splice without a re-parse


def _time(instant: dt.datetime | None) -> str | None:
    return to_wire_time(instant) if instant else None


def _utc_now() -> str:
    return to_wire_time(dt.datetime.now(dt.UTC))


def _statements(sql: str) -> list[str]:
    return [part.strip() for part in sql.split(";") if part.strip()]
