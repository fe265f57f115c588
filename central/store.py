"""The central database: offices and their tokens, the ingest of forwarded events, and
the reads (offices, an office's recap).

Ingest takes the office's row lock, so one office's batches are applied one at a time
in seq order; only events after the office's `last_seq` are inserted (`INSERT ... ON
CONFLICT DO NOTHING` all the same), and the day rollups grow by exactly those.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

import orjson
from psycopg import sql
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from central.migrations import MIGRATIONS
from protocol.recap import Recap, RecapOffice
from reports import ikm, recap_fold


def hash_token(token: str) -> str:
    """A token is 256 random bits: a plain SHA-256 keeps a stolen database useless."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclasses.dataclass(frozen=True)
class Forwarded:
    seq: int
    business_date: str
    data: str  # the event's JSON as the hub stored it


class Central:
    def __init__(self, dsn: str, *, max_size: int = 8) -> None:
        self.pool = ConnectionPool(dsn, min_size=1, max_size=max_size, open=True)
        self._partitions: set[str] = set()

    def close(self) -> None:
        self.pool.close()

    def migrate(self) -> int:
        with self.pool.connection() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(16016)")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
            current = int(row[0]) if row else 0
            for version, description, text in MIGRATIONS:
                if version > current:
                    for statement in (part.strip() for part in text.split(";")):
                        if statement:
                            conn.execute(statement.encode())
                    conn.execute(
                        "INSERT INTO schema_migrations (version, description) VALUES (%s, %s)",
                        (version, description),
                    )
                    current = version
        return current

    # ---- offices and tokens -----------------------------------------------------------

    def add_office(self, code: str, name: str) -> str:
        token = new_token()
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO offices (code, name, token_hash) VALUES (%s, %s, %s)",
                (code, name, hash_token(token)),
            )
        return token

    def add_admin(self, name: str) -> str:
        token = new_token()
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO admin_tokens (name, token_hash) VALUES (%s, %s)",
                (name, hash_token(token)),
            )
        return token

    def office_of(self, token: str) -> str | None:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT code FROM offices WHERE token_hash = %s", (hash_token(token),)
            ).fetchone()
        return str(row[0]) if row else None

    def is_admin(self, token: str) -> bool:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT 1 FROM admin_tokens WHERE token_hash = %s", (hash_token(token),)
            ).fetchone()
        return row is not None

    def offices(self) -> list[dict[str, Any]]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT code, name, last_seq, last_event_at, lag_s FROM offices ORDER BY code"
            ).fetchall()
        return [
            {
                "code": code,
                "name": name,
                "last_seq": int(last_seq),
                "last_event_at": _wire(at),
                "lag_s": None if lag is None else round(float(lag), 3),
            }
            for code, name, last_seq, at, lag in rows
        ]

    # ---- ingest -----------------------------------------------------------------------

    def ingest(
        self, office: str, after: int, events: Sequence[Forwarded], settings: RecapOffice | None
    ) -> tuple[int, int]:
        """Store a batch (seq ascending, following `after`); returns (the office's last
        seq, how many were new). A batch that would leave a gap is refused: GapError."""
        self._ensure_partitions({e.business_date[:7] for e in events})
        with self.pool.connection() as conn, conn.transaction():
            row = conn.execute(
                "SELECT last_seq FROM offices WHERE code = %s FOR UPDATE", (office,)
            ).fetchone()
            last_seq = int(row[0]) if row else 0
            if settings is not None:
                conn.execute(
                    "UPDATE offices SET settings = %s WHERE code = %s",
                    (Jsonb(settings.model_dump()), office),
                )
            if after > last_seq:
                raise GapError(last_seq)
            new = [e for e in events if e.seq > last_seq]
            if not new:
                return last_seq, 0
            parsed = [orjson.loads(e.data) for e in new]
            inserted = conn.execute(
                "INSERT INTO events (office, seq, business_date, type, data) "
                "SELECT %s, * FROM unnest(%s::bigint[], %s::date[], %s::text[], %s::text[]) "
                "ON CONFLICT DO NOTHING",
                (office, [e.seq for e in new], [e.business_date for e in new],
                 [str(p.get("type")) for p in parsed], [e.data for e in new]),
            ).rowcount  # fmt: skip
            _roll_up(conn, office, new, parsed)
            last = new[-1]
            last_at = parsed[-1].get("at")
            conn.execute(
                "UPDATE offices SET last_seq = %s, last_event_at = %s, "
                "lag_s = extract(epoch FROM now() - %s::timestamptz) WHERE code = %s",
                (last.seq, last_at, last_at, office),
            )
            return last.seq, inserted

    def _ensure_partitions(self, months: set[str]) -> None:
        for month in sorted(months - self._partitions):
            first = dt.date.fromisoformat(month + "-01")
            after = (first + dt.timedelta(days=32)).replace(day=1)
            name = sql.Identifier(f"events_{month.replace('-', '_')}")
            with self.pool.connection() as conn:
                conn.execute("SELECT pg_advisory_xact_lock(16017)")
                conn.execute(
                    sql.SQL(
                        "CREATE TABLE IF NOT EXISTS {} PARTITION OF events "
                        "FOR VALUES FROM ({}) TO ({})"
                    ).format(name, sql.Literal(first), sql.Literal(after))
                )
            self._partitions.add(month)

    # ---- reads ------------------------------------------------------------------------

    def board(self) -> list[dict[str, Any]]:
        """Every office's today (in its own time zone) from the day rollups."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT o.code, o.name, o.settings, o.last_event_at, coalesce(d.issued, 0), "
                "coalesce(d.called, 0), coalesce(d.served, 0), coalesce(d.late, 0), "
                "coalesce(d.max_wait_s, 0) FROM offices o LEFT JOIN office_days d "
                "ON d.office = o.code AND d.business_date = (now() AT TIME ZONE "
                "coalesce(o.settings->>'timezone', 'Asia/Jakarta'))::date ORDER BY o.code"
            ).fetchall()
        keys = ("code", "name", "settings", "last_event_at", "issued", "called", "served",
                "late", "max_wait_s")  # fmt: skip
        found = [dict(zip(keys, row, strict=True)) for row in rows]
        for office in found:
            office["waiting"] = max(0, office["issued"] - office["called"])
        return found

    def recap(self, office: str, day: str) -> Recap | None:
        """The office's recap of business day `day`, folded from its forwarded events by
        the hub's own fold (reports.recap_fold); None for an unknown office."""
        with self.pool.connection() as conn:
            row = conn.execute("SELECT settings FROM offices WHERE code = %s", (office,)).fetchone()
            if row is None or row[0] is None:
                return None
            settings = RecapOffice.model_validate(row[0])
            rows = conn.execute(
                "SELECT data FROM events WHERE office = %s AND business_date = %s ORDER BY seq",
                (office, day),
            ).fetchall()
        figures = recap_fold.fold_day(rows, settings)
        recap = recap_fold.recap_of_days([figures], settings, day)
        # The day's survey, as the hub adds it to its recap (hub.survey_report).
        events = [orjson.loads(data) if isinstance(data, str | bytes) else data
                  for (data,) in rows]  # fmt: skip
        answers = [e["answers"] for e in events if e.get("type") == "survey.answered"]
        scores = [e["score"] for e in events if e.get("type") == "survey.rated"]
        return recap.model_copy(update={"survey": ikm.summary_of(answers, scores)})


class GapError(Exception):
    """A batch starting after events central has not got."""

    def __init__(self, last_seq: int) -> None:
        super().__init__(last_seq)
        self.last_seq = last_seq


def _roll_up(conn: Any, office: str, events: Sequence[Forwarded], parsed: list[Any]) -> None:
    """The day rollups grow by the new events (one upsert per business day)."""
    days: dict[str, list[int]] = {}
    for event, data in zip(events, parsed, strict=True):
        sums = days.setdefault(event.business_date, [0, 0, 0, 0, 0, 0])
        kind = data.get("type")
        if kind == "ticket.issued":
            sums[0] += 1
        elif kind == "ticket.called":
            sums[1] += 1
            sums[4] = max(sums[4], int(data.get("waited_s") or 0))
            if data.get("compensation"):
                sums[3] += 1
        elif kind == "ticket.closed":
            sums[2] += 1
        sums[5] = event.seq
    conn.cursor().executemany(
        "INSERT INTO office_days AS d (office, business_date, issued, called, served, late, "
        "max_wait_s, last_seq) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (office, business_date) DO UPDATE SET issued = d.issued + excluded.issued, "
        "called = d.called + excluded.called, served = d.served + excluded.served, "
        "late = d.late + excluded.late, max_wait_s = greatest(d.max_wait_s, excluded.max_wait_s), "
        "last_seq = excluded.last_seq",
        [(office, day, *sums) for day, sums in days.items()],
    )


def _wire(instant: dt.datetime | None) -> str | None:
    if instant is None:
        return None
    return instant.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
