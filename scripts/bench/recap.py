#!/usr/bin/env python3
"""Recap benchmark: a day of 5,000 tickets and a month of 150,000, from the events log.

The log is built through the real engine and store (issue, call, serve, close; some
no-shows, transfers and late calls), then the recap is timed as FO would run it:
sum the period's recap rows (hub.recap_log, written with the events) in the SQLite file
and compute every figure, down to the typed model the hub answers with. The cold month's
CPU time is printed beside its wall time: on a shared machine the wall time also counts
the other processes. Last, the upgrade of such a store from an Antrian without recap rows
is timed (migration 6 fills them from the log).
Run: .venv/bin/python scripts/bench/recap.py [--per-day 5000] [--days 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from common.paths import CONFIG_DIR  # noqa: E402
from hub import periods, recap_cache  # noqa: E402
from hub.config_file import load_office  # noqa: E402
from hub.engine import Engine, FixedClock  # noqa: E402
from hub.store import Store  # noqa: E402

WITA = dt.timezone(dt.timedelta(hours=8))


def fill(store: Store, office, first: dt.date, days: int, per_day: int) -> int:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    codes = [s.code for s in office.services]
    counters = {c.number: c.services for c in office.counters}
    total = 0
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        clock = FixedClock(dt.datetime(day.year, day.month, day.day, 0, 5, tzinfo=WITA))
        engine = Engine(office, clock)
        events = []
        step = 86000 / per_day
        for _ in range(per_day):
            clock.advance(step)
            events.append(engine.issue(rng.choice(codes)))
            number = rng.choice(list(counters))
            called = engine.call_next(number)
            if called is None:
                continue
            events.append(called)
            roll = rng.random()
            if roll < 0.05:
                events.append(engine.no_show(called.ticket_id, number))
            elif roll < 0.08:
                target = rng.choice([c for c in codes if c != called.service])
                events.append(engine.transfer(called.ticket_id, target, None, number))
            else:
                events.append(engine.serve(called.ticket_id, number))
                clock.advance(step / 2)
                events.append(engine.close(called.ticket_id, number))
        with store.write():
            store.append(events, day)
        total += len(events)
    return total


def timed(  # type: ignore[no-untyped-def]
    store: Store, office, period: periods.Period, today: dt.date, repeat: int
) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        recap_cache.recap(store, office, period, today)
        times.append(1000 * (time.perf_counter() - started))
    return times


def cpu_timed(  # type: ignore[no-untyped-def]
    store: Store, office, period: periods.Period, today: dt.date
) -> tuple[float, float]:
    """Wall and CPU milliseconds of one recap."""
    wall, cpu = time.perf_counter(), time.process_time()
    recap_cache.recap(store, office, period, today)
    return 1000 * (time.perf_counter() - wall), 1000 * (time.process_time() - cpu)


def upgrade_seconds(store: Store) -> float:
    """Seconds to migrate `store`, made as an Antrian without recap rows left it."""
    with store.write():
        store.conn.execute("DROP TABLE recap_log")
        store.conn.execute("DROP TABLE recap_late_cases")
        store.conn.execute("DELETE FROM schema_migrations WHERE version >= 6")
    started = time.perf_counter()
    store.migrate()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-day", type=int, default=5000)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    office = load_office(CONFIG_DIR / "demo.toml")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "antrian.sqlite3")
        started = time.perf_counter()
        events = fill(store, office, dt.date(2026, 11, 1), args.days, args.per_day)
        print(f"built {args.days} days x {args.per_day} tickets = {events} events in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        # The FO's recap at closing is of today, which is never kept: always computed.
        middle = dt.date(2026, 11, 1) + dt.timedelta(days=args.days // 2)
        day = timed(store, office, periods.day(middle.isoformat()), middle, 10)
        after = dt.date(2026, 12, 1)  # the head of office's monthly recap, in December
        month_cold, month_cold_cpu = cpu_timed(store, office, periods.month("2026-11"), after)
        month = timed(store, office, periods.month("2026-11"), after, 5)
        upgrade = upgrade_seconds(store)
        store.close()
    print(f"recap: a day of {args.per_day} tickets: median {statistics.median(day):.0f} ms "
          f"(min {min(day):.0f}, max {max(day):.0f})")  # fmt: skip
    print(f"recap: a month of {args.days * args.per_day} tickets: first time (no day kept yet) "
          f"{month_cold:.0f} ms (cpu {month_cold_cpu:.0f} ms); after that median "
          f"{statistics.median(month):.1f} ms "
          f"(max {max(month):.1f})")  # fmt: skip
    print(f"upgrade: recap rows for {events} events filled from the log in {upgrade:.1f} s")


if __name__ == "__main__":
    main()
