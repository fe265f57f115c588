"""The central database: offices and their tokens, the ingest of forwarded events
(central.ingest), and the reads (offices, the board's rollups, an office's recap)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from collections.abc import Sequence
from typing import Any

import orjson
from psycopg import sql
from psycopg_pool import ConnectionPool

from central import ingest, rollup
from central.ingest import Forwarded, GapError
from central.migrations import MIGRATIONS, REBUILD_ROLLUPS
from protocol.recap import Recap, RecapOffice
from reports import ikm, recap_fold

__all__ = ["Central", "Forwarded", "GapError", "hash_token", "new_token", "recap_of"]
TOKEN_CACHE_S = 30.0
NO_SURVEY = ikm.figures(ikm.Tally())  # an office's token, once looked up, is trusted this long


def hash_token(token: str) -> str:
    """A token is 256 random bits: a plain SHA-256 keeps a stolen database useless."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Central:
    def __init__(self, dsn: str, *, max_size: int = 8) -> None:
        self.pool = ConnectionPool(
            dsn, min_size=1, max_size=max_size, open=True, configure=ingest.prepare
        )
        self._partitions: set[str] = set()
        self._partitions_lock = threading.Lock()
        self._tokens: dict[str, tuple[str, float]] = {}  # hash -> (office, monotonic expiry)

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
            first = current = int(row[0]) if row else 0
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
            if first and any(first < version <= current for version in REBUILD_ROLLUPS):
                codes = conn.execute("SELECT office FROM office_state WHERE last_seq > 0")
                for (code,) in codes.fetchall():
                    ingest.fold_again(conn, code)
        return current

    # ---- offices and tokens -----------------------------------------------------------

    def add_office(self, code: str, name: str) -> str:
        token = new_token()
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO offices (code, name, token_hash) VALUES (%s, %s, %s)",
                (code, name, hash_token(token)),
            )
            conn.execute("INSERT INTO office_state (office) VALUES (%s)", (code,))
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
        hashed = hash_token(token)
        known = self._tokens.get(hashed)
        if known is not None and known[1] > time.monotonic():
            return known[0]
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT code FROM offices WHERE token_hash = %s", (hashed,)
            ).fetchone()
        if row is None:
            return None
        self._tokens[hashed] = (str(row[0]), time.monotonic() + TOKEN_CACHE_S)
        return str(row[0])

    def is_admin(self, token: str) -> bool:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT 1 FROM admin_tokens WHERE token_hash = %s", (hash_token(token),)
            ).fetchone()
        return row is not None

    def offices(self) -> list[dict[str, Any]]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT o.code, o.name, s.last_seq, s.last_event_at, s.lag_s FROM offices o "
                "JOIN office_state s ON s.office = o.code ORDER BY o.code"
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
        self,
        office: str,
        after: int,
        events: Sequence[ingest.Event],
        settings: dict[str, Any] | None,
    ) -> tuple[int, int]:
        """Store a batch (seq ascending, following `after`); returns (the office's last
        seq, how many were new). A batch that would leave a gap is refused: GapError."""
        self._ensure_partitions({e.business_date[:7] for e in events})
        with self.pool.connection() as conn, conn.transaction():
            return ingest.ingest(conn, office, after, events, settings)

    def _ensure_partitions(self, months: set[str]) -> None:
        if months <= self._partitions:
            return
        with self._partitions_lock:
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

    def board(self, now: dt.datetime) -> list[dict[str, Any]]:
        """Every office's standing at `now`, its day being today in its own time zone:
        from the rollups alone (office_state, office_days, office_complaints)."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT o.code, o.name, o.settings->>'timezone', o.settings->>'hours', "
                "s.last_event_at, s.queue_day, s.waiting, "
                "s.cases_owed, t.today, coalesce(d.issued, 0), coalesce(d.called, 0), "
                "coalesce(d.served, 0), coalesce(d.late, 0), coalesce(d.max_wait_s, 0), "
                "coalesce(d.respondents, 0), d.survey, "
                "(SELECT count(*) FROM office_complaints c WHERE c.office = o.code "
                " AND c.answered_on IS NULL AND c.due_date < t.today) "
                "FROM offices o JOIN office_state s ON s.office = o.code "
                "CROSS JOIN LATERAL (SELECT (%s::timestamptz AT TIME ZONE "
                "coalesce(o.settings->>'timezone', 'Asia/Jakarta'))::date AS today) t "
                "LEFT JOIN office_days d ON d.office = o.code AND d.business_date = t.today "
                "ORDER BY o.code",
                (now,),
            ).fetchall()
        found = []
        for (code, name, zone, hours_text, last_event_at, queue_day, waiting, owed, today,
             issued, called, served, late, max_wait_s, respondents, survey,
             overdue) in rows:  # fmt: skip
            hours = rollup.hours_in(hours_text)
            tally = rollup.survey_tally(respondents, survey or [0] * rollup.SURVEY_CELLS)
            found.append({
                "code": code, "name": name, "timezone": zone or "Asia/Jakarta",
                "hours": hours, "today": today,
                "last_event_at": last_event_at, "issued": issued, "called": called,
                "served": served, "late": late, "max_wait_s": max_wait_s,
                "waiting": rollup.waiting_on(queue_day, waiting, today, hours),
                "compensation_owed": owed, "complaints_overdue": overdue,
                "survey": ikm.figures(tally) if respondents else NO_SURVEY,
            })  # fmt: skip
        return found

    def office(self, code: str) -> dict[str, Any] | None:
        """An office's name, what its hub sent of its config (None before it sent any)
        and the compensation cases it owes now; None for an unknown office."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT o.name, o.settings, s.cases_owed FROM offices o JOIN office_state s "
                "ON s.office = o.code WHERE o.code = %s",
                (code,),
            ).fetchone()
        if row is None:
            return None
        settings = None if row[1] is None else RecapOffice.model_validate(row[1])
        return {"name": row[0], "settings": settings, "cases_owed": int(row[2])}

    def settings(self, office: str) -> RecapOffice | None:
        """What the office's hub sent of its config; None for an unknown office or one
        that has sent nothing yet."""
        with self.pool.connection() as conn:
            row = conn.execute("SELECT settings FROM offices WHERE code = %s", (office,)).fetchone()
        if row is None or row[0] is None:
            return None
        return RecapOffice.model_validate(row[0])

    def day_events(self, office: str, day: str) -> list[tuple[str]]:
        """One office-day's events as the hub stored them, in seq order."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT data FROM events WHERE office = %s AND business_date = %s ORDER BY seq",
                (office, day),
            ).fetchall()
        return [(str(data),) for (data,) in rows]

    def recap(self, office: str, day: str) -> Recap | None:
        """The office's recap of business day `day`, as its hub's GET /api/v1/recap;
        None for an unknown office."""
        settings = self.settings(office)
        if settings is None:
            return None
        return recap_of(settings, self.day_events(office, day), day)

    def complaints(self, office: str, day: dt.date) -> list[dict[str, Any]]:
        """The office's complaints as they stood at the end of `day`: each received by
        then and unanswered then (overdue once `day` is after its due date)."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT received_on, due_date FROM office_complaints WHERE office = %s "
                "AND received_on <= %s AND (answered_on IS NULL OR answered_on > %s) "
                "ORDER BY due_date, received_on",
                (office, day, day),
            ).fetchall()
        return [{"received_on": received, "due_date": due, "overdue": day > due}
                for received, due in rows]  # fmt: skip


def recap_of(settings: RecapOffice, rows: list[tuple[str]], day: str) -> Recap:
    """A business day's recap from its events, folded by the hub's own fold
    (reports.recap_fold), with the day's survey as the hub adds it (hub.survey_report)."""
    figures = recap_fold.fold_day(rows, settings)
    recap = recap_fold.recap_of_days([figures], settings, day)
    # A survey event names its type in its text; the rest need not be read again.
    events = [orjson.loads(data) for (data,) in rows if '"survey.' in data]
    answers = [e["answers"] for e in events if e.get("type") == "survey.answered"]
    scores = [e["score"] for e in events if e.get("type") == "survey.rated"]
    return recap.model_copy(update={"survey": ikm.summary_of(answers, scores)})


def _wire(instant: dt.datetime | None) -> str | None:
    if instant is None:
        return None
    return instant.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
