"""The SQLite store: migrations, durability settings, and recovery from the log."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest

from hub import recap_log
from hub.config import Office
from hub.engine import Engine, FixedClock, TicketState
from hub.errors import StoreError
from hub.migrations import LATEST, MIGRATIONS
from hub.service import Hub
from hub.store import Store
from tests.conftest import SequentialIds


def test_migrations_are_numbered_one_by_one() -> None:
    assert [version for version, _, _ in MIGRATIONS] == list(range(1, LATEST + 1))


def test_fresh_store_reaches_the_latest_schema(fresh_db: Store) -> None:
    assert fresh_db.schema_version() == LATEST
    assert {"events", "tickets", "tokens", "idempotency_keys", "compensation_cases"} <= set(
        fresh_db.db.table_names()
    )


def test_migrating_an_old_store_keeps_its_data(tmp_path: Path) -> None:
    old = Store(tmp_path / "old.sqlite3", migrate=False)
    old.migrate(target=1)
    assert old.schema_version() == 1
    with old.write():
        old.conn.execute(
            "INSERT INTO events (type, at, business_date, data) VALUES (?, ?, ?, ?)",
            ("counter.paused", "2026-11-23T01:00:00.000Z", "2026-11-23",
             '{"type": "counter.paused", "at": "2026-11-23T01:00:00.000Z", "counter": 1, '
             '"reason": ""}'),
        )  # fmt: skip
    old.close()
    reopened = Store(tmp_path / "old.sqlite3")
    assert reopened.schema_version() == LATEST
    assert "compensation_cases" in reopened.db.table_names()
    assert reopened.last_seq() == 1
    reopened.close()


def test_a_store_from_a_newer_antrian_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.sqlite3")
    with store.write():
        store.conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', 'x')")
    store.close()
    with pytest.raises(StoreError, match="newer than this Antrian"):
        Store(tmp_path / "new.sqlite3")


def test_file_store_is_wal_and_fully_synchronous(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    store.close()


def test_writers_take_the_lock_before_reading(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: a second writer waits for the first instead of failing midway."""
    path = tmp_path / "s.sqlite3"
    first, second = Store(path), Store(path)
    second.conn.execute("PRAGMA busy_timeout=5000")
    order: list[str] = []
    inside = threading.Event()

    def slow_writer() -> None:
        with first.write():
            inside.set()
            first.conn.execute("SELECT count(*) FROM events").fetchone()
            order.append("first read")
            threading.Event().wait(0.2)  # hold the write lock while the other tries
            first.conn.execute(
                "INSERT INTO tokens (name, role, secret_hash, created_at) VALUES ('a','fo','h1','t')"
            )
            order.append("first wrote")

    worker = threading.Thread(target=slow_writer)
    worker.start()
    inside.wait(5)
    with second.write():
        second.conn.execute("SELECT count(*) FROM tokens").fetchone()
        order.append("second in")
        second.conn.execute(
            "INSERT INTO tokens (name, role, secret_hash, created_at) VALUES ('b','fo','h2','t')"
        )
    worker.join(5)
    assert order == ["first read", "first wrote", "second in"]
    first.close()
    second.close()


def test_the_unique_index_refuses_a_reused_number(fresh_db: Store) -> None:
    row = (
        "x1", "A-001", "informasi", "informasi", 1, "2026-11-23", 0, None, "waiting", None,
        "2026-11-23T01:00:00.000Z", None, None, None, 0, 0, 1,
    )  # fmt: skip
    insert = "INSERT INTO tickets VALUES (" + ", ".join("?" * len(row)) + ")"
    fresh_db.conn.execute(insert, row)
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.conn.execute(insert, ("x2", *row[1:]))


def test_a_restarted_hub_resumes_exactly_where_it_was(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    ids = SequentialIds()
    hub = Hub(real_office, Store(tmp_path / "s.sqlite3"), clock, ids)
    first, _ = hub.run(lambda: hub.issue("dukcapil"))
    hub.run(lambda: hub.issue("dukcapil", category="lansia"))
    hub.run(lambda: hub.issue("informasi"))
    clock.advance(16 * 60)
    called = hub.run(lambda: hub.call_next(4))
    hub.run(lambda: hub.pause(8, "rapat"))
    hub.close()

    again = Hub(real_office, Store(tmp_path / "s.sqlite3"), clock, ids)
    engine = again.engine
    assert called is not None
    assert engine.tickets[called.id].state is TicketState.CALLED
    assert engine.counters[4].current == called.id
    assert engine.counters[8].paused
    assert [t.number for t in engine.waiting("dukcapil")] == ["C-001"]
    issued, _ = again.run(lambda: again.issue("dukcapil"))
    assert issued.number == "C-003"
    rows = again.store.db.query("SELECT kind, state, waited_s FROM compensation_cases")
    assert list(rows) == [{"kind": "late_service", "state": "owed", "waited_s": 960}]
    assert first.id != called.id  # the priority ticket went first
    again.close()


def test_yesterdays_ticket_is_still_found_by_its_id(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    hub = Hub(real_office, Store(tmp_path / "s.sqlite3"), clock, SequentialIds())
    ticket, _ = hub.run(lambda: hub.issue("samsat"))
    clock.advance(dt.timedelta(days=1).total_seconds())
    view = hub.run(lambda: hub.ticket(ticket.id))
    assert view.number == "E-001"
    assert view.state == "expired"
    hub.close()


def test_a_compensation_owed_three_days_ago_survives_restarts_until_settled(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    path = tmp_path / "s.sqlite3"
    ids = SequentialIds()
    hub = Hub(real_office, Store(path), clock, ids)
    hub.run(lambda: hub.issue("dukcapil"))
    clock.advance(16 * 60)
    called = hub.run(lambda: hub.call_next(4))
    assert called is not None
    assert called.compensation.state == "owed"
    case_id = called.compensation.id
    hub.run(lambda: hub.act(called.id, "close", 4))
    clock.advance(dt.timedelta(days=3).total_seconds())
    hub.run(lambda: hub.issue("samsat"))  # the office's day has rolled over, live
    assert case_id in hub.engine.cases
    hub.close()

    again = Hub(real_office, Store(path), clock, ids)  # and after a restart
    owed = [c for c in again.engine.cases.values() if c.state == "owed"]
    assert [(c.id, c.number, c.waited_s) for c in owed] == [(case_id, "C-001", 960)]
    settled = again.run(lambda: again.settle_compensation(case_id, "given", "", None, None))
    assert settled.state == "given"
    again.close()

    third = Hub(real_office, Store(path), clock, ids)
    assert all(c.state != "owed" for c in third.engine.cases.values())
    third.close()


def test_a_restart_rebuilds_the_same_queue_from_today_and_what_yesterday_left_open(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    """The hub replays today, plus only what of yesterday is still open: the result must
    be the state a hub that never stopped holds."""
    path = tmp_path / "s.sqlite3"
    ids = SequentialIds()
    hub = Hub(real_office, Store(path), clock, ids)
    hub.run(lambda: hub.issue("dukcapil"))
    hub.run(lambda: hub.issue("dukcapil"))
    open_late = hub.run(lambda: hub.call_next(4))  # still at counter 4 at midnight
    clock.advance(60)
    closed_today = hub.run(lambda: hub.call_next(6))
    assert open_late
    assert closed_today
    clock.advance(dt.timedelta(hours=24).total_seconds())  # the next morning
    hub.run(lambda: hub.act(closed_today.id, "close", 6))
    hub.run(lambda: hub.issue("samsat"))
    hub.run(lambda: hub.pause(8, "rapat"))
    live = hub.engine

    again = Hub(real_office, Store(path), clock, ids)
    reopened = again.engine
    assert set(reopened.tickets) == set(live.tickets)
    for ticket_id, ticket in live.tickets.items():
        assert reopened.tickets[ticket_id] == ticket
    assert {n: (c.current, c.paused) for n, c in reopened.counters.items()} == {
        n: (c.current, c.paused) for n, c in live.counters.items()
    }
    assert reopened.counters[4].current == open_late.id
    assert [t.number for t in reopened.waiting("samsat")] == ["E-001"]
    hub.close()
    again.close()


def test_only_events_that_change_a_recap_figure_get_a_recap_row(
    fresh_db: Store, engine: Engine
) -> None:
    issued = engine.issue("dukcapil")
    called = engine.call_next(4)
    assert called is not None
    recalled, serving = engine.recall(issued.ticket_id, 4), engine.serve(issued.ticket_id, 4)
    closed = engine.close(issued.ticket_id, 4)
    events = [issued, called, recalled, serving, closed, engine.pause(4, "istirahat")]
    with fresh_db.write():
        stored = fresh_db.append(events, engine.business_date_of(engine.clock.now()))
    rows = fresh_db.conn.execute(
        "SELECT seq, kind, service, counter, seconds FROM recap_log ORDER BY seq"
    ).fetchall()
    seqs = [s.seq for s in stored]
    assert rows == [
        (seqs[0], recap_log.ISSUED, "dukcapil", recap_log.NO_COUNTER, None),
        (seqs[1], recap_log.CALLED, "dukcapil", 4, called.waited_s),
        (seqs[4], recap_log.CLOSED, "dukcapil", 4, closed.service_s),
    ]  # no row for the recall, the start of service, the pause
