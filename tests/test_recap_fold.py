"""The recap folded from each day's rows (hub.recap) equals the fold it replaced
(tests/recap_reference.py), figure for figure, on random days built through the real
engine: sign-ins and sign-outs, late calls, transfers, no-shows, recorded cases settled
the same day or a later one, incidents, days that run past midnight."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from common.paths import CONFIG_DIR
from hub import periods, recap_cache
from hub.config import Office
from hub.config_file import load_office
from hub.engine import Engine, FixedClock
from hub.engine.desk import MANUAL_CASES
from hub.engine.errors import EngineError
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
    for _ in range(steps):
        clock.advance(rng.choice([5, 20, 60, 120, 300, 900, 3600]))
        roll = rng.random()
        counter = rng.choice(counters)
        try:
            if roll < 0.25:
                events: list[Any] = [engine.issue(rng.choice(services), rng.random() < 0.1)]
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


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), steps=st.integers(1, 400))
def test_the_fold_of_a_day_s_rows_equals_the_fold_it_replaced(seed: int, steps: int) -> None:
    store = Store()
    try:
        play(store, OFFICE, seed, steps)
        (last_day,) = store.conn.execute("SELECT max(business_date) FROM events").fetchone()
        last = dt.date.fromisoformat(last_day) if last_day else FIRST_DAY
        asked = [periods.day((FIRST_DAY + dt.timedelta(days=n)).isoformat())
                 for n in range((last - FIRST_DAY).days + 1)]  # fmt: skip
        asked += [periods.month("2026-11"), periods.month("2026-12")]
        for today in (last, last + dt.timedelta(days=1)):  # the last day open, then kept
            for period in asked:
                expected = reference(store, OFFICE, period)
                # Asked twice: folded from the log, then read back from the kept figures.
                for _ in range(2):
                    assert recap_cache.recap(store, OFFICE, period, today).model_dump() == expected
    finally:
        store.close()
