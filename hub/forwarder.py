"""The forwarder: every event of the log to the central service, in seq order, in
batches, at least once (issue #16).

Its own thread and its own SQLite connection (WAL: it reads beside the writer, never
through it), so a ticket is never delayed by central or the link. Memory is one batch.
The position is the last seq central says it holds, kept in `central_position`
(migration 10): after either side restarts, or the link drops, it goes on from there;
central stores each (office, seq) once, so a batch sent twice doubles nothing.
A complaint's event goes without the citizen's name, contact and words
(protocol.events.WITHHELD_FROM_CENTRAL): the province counts complaints, it does not
read them.
While central cannot be reached it waits 0.5 s, 1 s, 2 s ... up to `max_backoff_s`.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

import httpx
import orjson

from hub.config import Office
from hub.errors import HubError
from hub.recap import recap_office
from protocol.events import WITHHELD_FROM_CENTRAL

log = logging.getLogger(__name__)
FIRST_BACKOFF_S = 0.5
IDLE_S = 0.5  # how often a caught-up forwarder looks for new events


def central_settings(office: Office) -> dict[str, Any]:
    """What central keeps of the office's config: what the recap reads, and the opening
    hours (the board's silent flag, and whether the waiting line carries past midnight)."""
    return {**recap_office(office).model_dump(), "hours": office.hours.model_dump()}


def for_central(data: str) -> str:
    """An event's stored text as central gets it: a complaint's personal and free-text
    fields emptied, every other event exactly as stored."""
    if '"complaint.' not in data:  # the common case, without parsing
        return data
    event = orjson.loads(data)
    withheld = WITHHELD_FROM_CENTRAL.get(event.get("type"), ())
    if not any(event.get(name) for name in withheld):
        return data
    return orjson.dumps({**event, **dict.fromkeys(withheld, "")}).decode()


class Forwarder:
    def __init__(self, office: Office, database: Path, token: str) -> None:
        self.office = office
        self.url = office.central.url.rstrip("/") + "/api/v1/ingest"
        self.batch = office.central.batch
        self.max_backoff_s = office.central.max_backoff_s
        self._token = token
        self._conn = sqlite3.connect(str(database), isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout=10000")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="central-forwarder", daemon=True)
        self.position = self._stored_position()
        self.head = self.position

    @classmethod
    def of(cls, office: Office, database: Path, config_path: Path | None) -> Forwarder | None:
        """The forwarder the config asks for, if any (a relative token_file is read from
        beside the config)."""
        if not office.central.enabled:
            return None
        path = Path(office.central.token_file)
        if not path.is_absolute() and config_path is not None:
            path = config_path.parent / path
        try:
            token = path.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise HubError(f"{path}: [central] token_file: cannot read it: {error}") from None
        if not token:
            raise HubError(f"{path}: [central] token_file: the file is empty")
        return cls(office, database, token)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def health(self, head: int) -> dict[str, int]:
        """Where forwarding stands against `head`, the log's last seq."""
        return {"position": self.position, "behind": max(0, head - self.position)}

    def _stored_position(self) -> int:
        row = self._conn.execute("SELECT seq FROM central_position WHERE id = 1").fetchone()
        return int(row[0]) if row else 0

    def _keep_position(self, seq: int) -> None:
        now = dt.datetime.now(dt.UTC).isoformat()
        self._conn.execute(
            "INSERT INTO central_position VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE "
            "SET seq = excluded.seq, updated_at = excluded.updated_at",
            (seq, now),
        )
        self.position = seq

    def _run(self) -> None:
        backoff = FIRST_BACKOFF_S
        settings: dict[str, Any] | None = central_settings(self.office)
        with httpx.Client(headers={"Authorization": f"Bearer {self._token}"}, timeout=30) as http:
            while not self._stop.is_set():
                try:
                    sent = self._send_one(http, settings)
                    settings = None  # sent once per start; central keeps it
                    backoff = FIRST_BACKOFF_S
                    if not sent:
                        self._stop.wait(IDLE_S)
                except (httpx.HTTPError, OSError, sqlite3.Error, ValueError) as error:
                    log.warning("central: %s; next try in %.1f s", error, backoff)
                    self._stop.wait(backoff)
                    backoff = min(backoff * 2, self.max_backoff_s)

    def _send_one(self, http: httpx.Client, settings: dict[str, Any] | None) -> int:
        """One batch from the position; returns how many events it carried."""
        (head,) = self._conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()
        self.head = int(head)
        rows = self._conn.execute(
            "SELECT seq, business_date, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
            (self.position, self.batch),
        ).fetchall()
        if not rows and settings is None:
            return 0
        body = {
            "after": self.position,
            "head": self.head,
            "office": settings,
            "events": [
                {"seq": s, "business_date": d, "data": for_central(data)} for s, d, data in rows
            ],  # fmt: skip
        }
        reply = http.post(self.url, content=orjson.dumps(body),
                          headers={"Content-Type": "application/json"})  # fmt: skip
        if reply.status_code == 409:  # central holds less than we thought: go back
            self._keep_position(int(reply.json()["error"]["details"]["last_seq"]))
            return 1
        reply.raise_for_status()
        self._keep_position(int(reply.json()["last_seq"]))
        return len(rows)
