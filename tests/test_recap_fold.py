"""The recap summed from each day's recap rows (hub.recap_columns over hub.recap_log)
equals the fold it replaced (tests/recap_reference.py), figure for figure, on random days
built through the real engine: sign-ins and sign-outs, late calls, transfers, no-shows,
recorded cases settled the same day or a later one, incidents, days that run past
midnight. Rows written as the events are appended, rows filled by the migration from an
older store's log, and figures kept and read back all give the same recap; so does a zone
whose hours do not fall on UTC hours."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from common.paths import CONFIG_DIR
from hub import periods, recap, recap_cache
from hub.config import Office
from hub.config_file import load_office
from hub.engine import Engine, FixedClock
from hub.engine.desk import MANUAL_CASES
from hub.engine.errors import EngineError
from hub.migrations import LATEST
from hub.store import Store
from tests import recap_reference
from tests.conftest import WITA

OFFICE = load_office(CONFIG_DIR / "demo.toml")
OFFICERS = [("198001012005011001", "Siti Rahmawati"), ("199002022015022002", "Budi Santoso"),
            ("197503032000031003", "Made Wirawan")]  # fmt: skip
FIRST_DAY = dt.date(2026, 11, 23)


def play(store: Store, office: Office, seed: int, steps: int) -> None:
    """A random stretch of office life, each step's events stored as the hub does."""
    rng = random.Random(seed)
    clock = FixedClock(dt.datetime(2026, 11, 23, 7, 30, tzinfo=WITA))
    engine = Engine(office, clock)
    services = [s.code for s in office.services]
    counters = [c.number for c in office.counters]
    called: list[tuple[str, int]] = []
    issued: list[str] = []
    for _ in range(steps):
        clock.advance(rng.choice([5, 20, 60, 120, 300, 900, 3600]))
        roll = rng.random()
        counter = rng.choice(counters)
        try:
            if roll < 0.25:
                events: list[Any] = [engine.issue(rng.choice(services), rng.random() < 0.1)]
                issued.append(events[0].ticket_id)
            elif roll < 0.27 and issued:
                # The FO moves a citizen who chose wrongly, perhaps before the first call.
                ticket_id = rng.choice(issued)
                events = [engine.transfer(ticket_id, rng.choice(services))]
            elif roll < 0.55:
                call = engine.call_next(counter)
                events = [call] if call else []
                if call:
                    called.append((call.ticket_id, counter))
            elif roll < 0.8 and called:
                ticket_id, at = rng.choice(called)
                action = rng.choice(["serve", "close", "close", "close", "no_show", "recall",
                                     "transfer"])  # fmt: skip
                if action == "transfer":
                    target = rng.choice(services)
                    to_counter = rng.choice([None, rng.choice(counters)])
                    events = [engine.transfer(ticket_id, target, to_counter, at)]
                else:
                    events = [getattr(engine, action)(ticket_id, at)]
            elif roll < 0.86:
                nip, name = rng.choice(OFFICERS)
                signed = engine.sign_in(counter, nip, name) if rng.random() < 0.6 else (
                    engine.sign_out(counter, nip))  # fmt: skip
                events = [signed] if signed else []
            elif roll < 0.9 and called:
                ticket_id, at = rng.choice(called)
                kind = rng.choice(list(MANUAL_CASES))
                events = [engine.record_compensation(kind, ticket_id, rng.choice(["", "Rp 5.000"]),
                                                     at, None)]  # fmt: skip
            elif roll < 0.95 and engine.cases:
                case = rng.choice(list(engine.cases.values()))
                state = rng.choice(["given", "waived"])
                events = [engine.settle_compensation(case.id, state, rng.choice(["", "pulang"]))]
            else:
                kind = rng.choice(["paper_out", "printer_offline", "printer_recovered"])
                events = [engine.incident("kiosk-lobby", kind, rng.choice(["", "Kertas habis"]))]
        except EngineError:
            continue  # the engine refused (a ticket already closed, a case settled): no event
        if events:
            with store.write():
                store.append(events, engine.business_date)


def reference(store: Store, office: Office, period: periods.Period) -> dict[str, Any]:
    days = [
        period.first + dt.timedelta(days=n) for n in range((period.last - period.first).days + 1)
    ]
    states = [recap_reference.day_state(store.event_rows_between(d, d), office) for d in days]
    return recap_reference.recap_of_days(states, office, period.label)


# India's half-hour offset: no local hour starts on a UTC hour, so every hour's rows are
# read again instant by instant.
HALF_HOUR_OFFICE = OFFICE.model_copy(
    update={"office": OFFICE.office.model_copy(update={"timezone": "Asia/Kolkata"})}
)


def assert_recaps_equal_the_reference(store: Store, office: Office) -> None:
    (last_day,) = store.conn.execute("SELECT max(business_date) FROM events").fetchone()
    last = dt.date.fromisoformat(last_day) if last_day else FIRST_DAY
    asked = [periods.day((FIRST_DAY + dt.timedelta(days=n)).isoformat())
             for n in range((last - FIRST_DAY).days + 1)]  # fmt: skip
    asked += [periods.month("2026-11"), periods.month("2026-12")]
    for today in (last, last + dt.timedelta(days=1)):  # the last day open, then kept
        for period in asked:
            expected = reference(store, office, period)
            assert the_fold_of_the_wire_events(store, office, period) == expected
            # Asked twice: summed from the recap rows, then read back from the kept figures.
            for _ in range(2):
                assert recap_cache.recap(store, office, period, today).model_dump() == expected


def the_fold_of_the_wire_events(
    store: Store, office: Office, period: periods.Period
) -> dict[str, Any]:
    """hub.recap's fold of each day's events as JSON rows (no recap rows)."""
    days = []
    for n in range((period.last - period.first).days + 1):
        day = (period.first + dt.timedelta(days=n)).isoformat()
        rows = store.conn.execute(
            "SELECT data FROM events WHERE business_date = ? ORDER BY seq", (day,)
        )
        days.append(recap.fold_day(rows, office))
    return recap.recap_of_days(days, office, period.label).model_dump()


def as_before_the_recap_rows(store: Store) -> None:
    """Make `store` what an older Antrian left: its log, no recap rows, schema 5 (so
    without migration 7's complaints or 9's survey either)."""
    with store.write():
        store.conn.execute("DROP TABLE survey_answers")
        store.conn.execute("DROP TABLE survey_ratings")
        store.conn.execute("DROP TABLE complaints")
        store.conn.execute("ALTER TABLE compensation_cases DROP COLUMN complaint_id")
        store.conn.execute("ALTER TABLE officers DROP COLUMN complaint_duty")
        store.conn.execute("ALTER TABLE officers DROP COLUMN complaint_stage")  # migration 11's
        store.conn.execute("DROP TABLE recap_log")
        store.conn.execute("DROP TABLE recap_late_cases")
        store.conn.execute("DELETE FROM recap_days")
        store.conn.execute("DROP TABLE central_position")  # migration 10's
        store.conn.execute("DELETE FROM schema_migrations WHERE version > 5")
    assert store.schema_version() == 5


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), steps=st.integers(1, 400))
def test_the_sums_of_a_day_s_recap_rows_equal_the_fold_it_replaced(seed: int, steps: int) -> None:
    store = Store()
    try:
        play(store, OFFICE, seed, steps)
        assert_recaps_equal_the_reference(store, OFFICE)
        assert_recaps_equal_the_reference(store, HALF_HOUR_OFFICE)
    finally:
        store.close()


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), steps=st.integers(1, 400))
def test_recap_rows_filled_by_the_migration_give_the_same_recap(seed: int, steps: int) -> None:
    store = Store()
    try:
        play(store, OFFICE, seed, steps)
        written = rows_of(store)
        as_before_the_recap_rows(store)
        assert store.migrate() == LATEST
        assert rows_of(store) == written  # the same rows as those written with the events
        assert_recaps_equal_the_reference(store, OFFICE)
    finally:
        store.close()


def rows_of(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    return (
        store.conn.execute("SELECT * FROM recap_log ORDER BY seq").fetchall(),
        store.conn.execute("SELECT * FROM recap_late_cases ORDER BY seq").fetchall(),
    )


def as_before_the_estimates(store: Store) -> None:
    """Make `store` what Antrian at schema 7 left: recap rows without `eta_minutes`."""
    with store.write():
        store.conn.execute("ALTER TABLE recap_log DROP COLUMN eta_minutes")
        store.conn.execute("DROP TABLE survey_answers")
        store.conn.execute("DROP TABLE survey_ratings")
        store.conn.execute("DELETE FROM recap_days")
        store.conn.execute("DROP TABLE central_position")  # migration 10's
        store.conn.execute("ALTER TABLE officers DROP COLUMN complaint_stage")  # migration 11's
        store.conn.execute("DELETE FROM schema_migrations WHERE version > 7")
    assert store.schema_version() == 7


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), steps=st.integers(1, 400))
def test_estimates_filled_by_migration_8_give_the_same_rows_and_recap(
    seed: int, steps: int
) -> None:
    store = Store()
    try:
        play(store, OFFICE, seed, steps)
        written = rows_of(store)
        as_before_the_estimates(store)
        assert store.migrate() == LATEST
        assert rows_of(store) == written
        assert_recaps_equal_the_reference(store, OFFICE)
    finally:
        store.close()
