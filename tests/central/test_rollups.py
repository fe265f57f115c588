"""The board's figures, from the rollups alone, equal what each hub says of itself:
two offices' hubs (in process, real SQLite, fixed clocks) driven through nine busy days
across a month's end, their logs ingested into real PostgreSQL in batches of random
sizes, with batches sent again, overlapping ones, and central restarted between them.

After every stretch: who waits now, the compensation cases owed (every kind), the
complaints overdue, today's issued / calls / served / longest wait and today's IKM on
the board equal the hub's own; each day's central recap equals the hub's recap; and
the rollups folded again from the stored events (as a migration does) are the same.
One office is open around the clock (its line carries past midnight), the other closes
at 19.00 and on weekends (its line lapses)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import psycopg
import pytest
from psycopg.types.json import Jsonb

from central import ingest
from central.migrations import MIGRATIONS
from central.store import Central, Forwarded
from tests.central.driven import WITA, DrivenOffice, office_of

START = dt.datetime(2026, 11, 23, 8, 5, tzinfo=WITA)  # a Monday
FIGURES = ("waiting", "compensation_owed", "complaints_overdue", "issued", "called", "served",
           "max_wait_s")  # fmt: skip


class Forwarding:
    """Sends each office's new events to central as its forwarder would, but in batches
    of random sizes, sometimes again or overlapping, and restarts central at times."""

    def __init__(self, dsn: str, seed: int) -> None:
        self.dsn = dsn
        self.central = Central(dsn, max_size=2)
        self.rng = random.Random(seed)
        self.restarts = self.replays = 0

    def send(self, code: str, office: DrivenOffice) -> None:
        log = office.log()
        position = self.position(code)
        sent_settings = False
        while position < len(log):
            if self.rng.random() < 0.1:
                self.central.close()
                self.central = Central(self.dsn, max_size=2)
                self.restarts += 1
            size = self.rng.randint(1, 60)
            after = position
            if self.rng.random() < 0.25 and position > 0:  # a batch sent again, or overlapping
                after = max(0, position - self.rng.randint(1, 30))
                self.replays += 1
            chunk = [Forwarded(seq, day, data) for seq, day, data in log[after : after + size]]
            settings = None if sent_settings else office.settings
            last, stored = self.central.ingest(code, after, chunk, settings)
            sent_settings = True
            assert last == max(position, chunk[-1].seq)
            assert stored == last - position  # exactly the new ones, never one twice
            position = last

    def position(self, code: str) -> int:
        return next(o["last_seq"] for o in self.central.offices() if o["code"] == code)

    def board(self, now: dt.datetime) -> dict[str, dict[str, Any]]:
        return {row["code"]: row for row in self.central.board(now)}


def board_figures(row: dict[str, Any]) -> dict[str, Any]:
    survey = row["survey"]
    return {**{key: row[key] for key in FIGURES},
            "survey": {key: getattr(survey, key) for key in ("respondents", "ikm", "konversi",
                                                              "mutu", "kinerja")}}  # fmt: skip


@pytest.fixture
def offices(tmp_path: Path) -> Iterator[dict[str, DrivenOffice]]:
    driven = {
        "smd": DrivenOffice(tmp_path / "smd.sqlite3", office_of("demo.toml"), START, 1),
        "bpp": DrivenOffice(tmp_path / "bpp.sqlite3", office_of("office.toml"), START, 2),
    }
    yield driven
    for office in driven.values():
        office.close()


@pytest.fixture
def forwarding(dsn: str) -> Iterator[Forwarding]:
    sending = Forwarding(dsn, seed=16)
    yield sending
    sending.central.close()


def check(
    forwarding: Forwarding, offices: dict[str, DrivenOffice], days: set[dt.date],
    seen: dict[str, int],
) -> None:  # fmt: skip
    for code, office in offices.items():
        forwarding.send(code, office)
    for code, office in offices.items():
        now = office.clock.now()
        figures = board_figures(forwarding.board(now)[code])
        assert figures == office.truth(), (code, now)
        for key in ("waiting", "compensation_owed", "complaints_overdue"):
            seen[key] = max(seen[key], figures[key])
        seen["respondents"] = max(seen["respondents"], figures["survey"]["respondents"])
        for day in sorted(days):
            central = forwarding.central.recap(code, day.isoformat())
            assert central is not None
            assert central.model_dump() == office.recap(day), (code, day)


def test_the_boards_figures_equal_each_hubs_own_through_days_batches_and_restarts(
    forwarding: Forwarding, offices: dict[str, DrivenOffice]
) -> None:
    forwarding.central.migrate()
    for code in offices:
        forwarding.central.add_office(code, f"Kantor {code}")
    days: set[dt.date] = set()
    seen = {"waiting": 0, "compensation_owed": 0, "complaints_overdue": 0, "respondents": 0}
    for number in range(9):
        morning = START + dt.timedelta(days=number)
        for office in offices.values():
            office.at(morning)
            office.play(60)
        days.add(morning.date())
        check(forwarding, offices, days, seen)
        for office in offices.values():  # the evening, and the last hours before midnight
            office.at(morning.replace(hour=18, minute=20))
            office.play(25, (20, 90))
            office.at(morning.replace(hour=23, minute=30))
            office.play(15, (20, 60))
        check(forwarding, offices, days, seen)
        for office in offices.values():  # just after midnight: nothing sent yet today
            office.at(morning.replace(hour=0, minute=20) + dt.timedelta(days=1))
        check(forwarding, offices, days, seen)
    # The drive went where it should: every figure was not zero at some point, and the
    # forwarding replayed and restarted.
    assert all(seen.values()), seen
    assert forwarding.replays > 10
    assert forwarding.restarts > 2
    late = offices["smd"].run(lambda: [c.kind for c in offices["smd"].hub.engine.cases.values()])
    assert {"late_service", "complaint_late", "fee_differs"} <= set(late)

    # Folded again from the stored events (as after a migration): the same board.
    now = offices["smd"].clock.now()
    before = forwarding.board(now)
    with forwarding.central.pool.connection() as conn, conn.transaction():
        for code in offices:
            ingest.fold_again(conn, code)
    assert forwarding.board(now) == before


def test_a_database_of_migration_1_gets_its_rollups_folded_again(
    dsn: str, cluster: Any, offices: dict[str, DrivenOffice]
) -> None:
    office = offices["smd"]
    office.at(START)
    office.play(80)
    log = office.log()
    # The same log in a database at migration 1 (events stored, the old rollups only)...
    old = cluster.create_database("central_at_migration_1")
    with psycopg.connect(old, autocommit=True) as conn:
        conn.execute("CREATE TABLE schema_migrations (version integer PRIMARY KEY, "
                     "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")  # fmt: skip
        for statement in MIGRATIONS[0][2].split(";"):
            conn.execute(statement.encode())
        conn.execute("INSERT INTO schema_migrations VALUES (1, 'first')")
        conn.execute("CREATE TABLE events_2026_11 PARTITION OF events "
                     "FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')")  # fmt: skip
        last_at = orjson.loads(log[-1][2])["at"]
        conn.execute("INSERT INTO offices (code, name, token_hash, settings, last_seq, "
                     "last_event_at) VALUES ('smd', 'Kantor smd', 'x', %s, %s, %s)",
                     (Jsonb(office.settings), log[-1][0], last_at))  # fmt: skip
        with conn.cursor().copy("COPY events (office, seq, business_date, type, data) "
                                "FROM STDIN") as copy:  # fmt: skip
            for seq, day, data in log:
                copy.write_row(("smd", seq, day, "?", data))
    # ...and in a new one, ingested batch by batch.
    fresh = Central(dsn, max_size=2)
    fresh.migrate()
    fresh.add_office("smd", "Kantor smd")
    fresh.ingest("smd", 0, [Forwarded(*row) for row in log], office.settings)
    migrated = Central(old, max_size=2)
    try:
        assert migrated.migrate() == MIGRATIONS[-1][0]
        now = office.clock.now()
        assert migrated.board(now) == fresh.board(now)
        assert board_figures(migrated.board(now)[0]) == office.truth()
        assert migrated.offices()[0]["last_seq"] == log[-1][0]
    finally:
        migrated.close()
        fresh.close()
