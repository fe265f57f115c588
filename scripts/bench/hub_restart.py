#!/usr/bin/env python3
"""Hub restart benchmark: start -> first 200 on /health, and kill -9 -> displays in sync.

1. Start-up: a real `antrian hub` process, timed from spawn to its first 200 on /health,
   on an empty store and on a busy one (yesterday 5,000 tickets, today 2,500 so far).
2. Crash: 20 real display connections (hub_client.qt.HubConnection, offscreen Qt) follow
   the hub; it is killed with SIGKILL and started again on the same folder and port.
   Timed from the restart's spawn: every connection back online, and a ticket called
   right after the hub answers shown on every one of them.
Run: .venv/bin/python scripts/bench/hub_restart.py [--runs 5] [--displays 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from common.paths import CONFIG_DIR  # noqa: E402
from hub.config import Office  # noqa: E402
from hub.config_file import load_office  # noqa: E402
from hub.engine import Engine, Event, FixedClock  # noqa: E402
from hub.store import Store  # noqa: E402
from tests.hubproc import HubProcess, free_port  # noqa: E402


def busy_day(store: Store, office: Office, day: dt.date, tickets: int, until: dt.time) -> None:
    """A day of `tickets` citizens from 08:00 to `until`, each issued, called, served."""
    rng = random.Random(day.toordinal())
    tz = office.office.tz
    start = dt.datetime.combine(day, dt.time(8), tz)
    span = (dt.datetime.combine(day, until, tz) - start).total_seconds()
    clock = FixedClock(start)
    engine = Engine(office, clock)
    codes = [s.code for s in office.services]
    counters = [c.number for c in office.counters]
    events: list[Event] = []
    for _ in range(tickets):
        clock.advance(span / tickets)
        events.append(engine.issue(rng.choice(codes)))
        number = rng.choice(counters)
        called = engine.call_next(number)
        if called is not None:
            events += [called, engine.serve(called.ticket_id, number)]
            events.append(engine.close(called.ticket_id, number))
    with store.write():
        store.append(events, day)


def time_start(data_dir: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        hub = HubProcess(data_dir, test_clock=False)
        began = time.monotonic()
        hub.start(timeout=30)
        times.append(time.monotonic() - began)
        hub.stop()
    return times


def restart_sync(data_dir: Path, displays: int) -> tuple[float, float]:
    from PySide6.QtCore import QCoreApplication

    from hub_client.qt import HubConnection
    from protocol.events import TicketCalled

    app = QCoreApplication.instance() or QCoreApplication([])
    port = free_port()
    hub = HubProcess(data_dir, port=port).start()
    token = hub.token("display", "tv-bench")
    kiosk = hub.token("kiosk", "kiosk-bench")
    counter = hub.token("counter", "counter-bench", 1)
    connections = [HubConnection(hub.url, token) for _ in range(displays)]
    seen: list[set[str]] = [set() for _ in connections]
    for index, connection in enumerate(connections):
        connection.hub_event.connect(
            lambda message, i=index: seen[i].add(message.event.ticket_id)
            if isinstance(message.event, TicketCalled) else None
        )  # fmt: skip
        connection.start()

    def pump(done, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError("displays did not get back in sync")
            app.processEvents()
            time.sleep(0.002)

    pump(lambda: all(c.online for c in connections))
    hub.kill()
    pump(lambda: not any(c.online for c in connections))
    again = HubProcess(data_dir, port=port)
    began = time.monotonic()
    again.start(timeout=30)
    with httpx.Client(base_url=again.url, timeout=5) as http:
        http.post("/tickets", json={"service": "informasi"},
                  headers={"Authorization": f"Bearer {kiosk}"})  # fmt: skip
        called = http.post("/counters/1/call-next", headers={"Authorization": f"Bearer {counter}"})
    ticket_id = called.json()["id"]
    pump(lambda: all(c.online for c in connections))
    online_s = time.monotonic() - began
    pump(lambda: all(ticket_id in s for s in seen))
    synced_s = time.monotonic() - began
    for connection in connections:
        connection.stop()
    again.stop()
    return online_s, synced_s


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--displays", type=int, default=20)
    args = parser.parse_args(argv)
    office = load_office(CONFIG_DIR / "demo.toml")
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        empty.mkdir()
        fresh = time_start(empty, args.runs)
        busy = Path(tmp) / "busy"
        store = Store.in_data_dir(busy)
        today = dt.datetime.now(office.office.tz).date()
        busy_day(store, office, today - dt.timedelta(days=1), 5000, dt.time(23, 0))
        now = dt.datetime.now(office.office.tz).time()
        busy_day(store, office, today, 2500, min(now, dt.time(23, 0)))
        store.close()
        loaded = time_start(busy, args.runs)
        online_s, synced_s = restart_sync(busy, args.displays)
    for label, times in (("empty store", fresh), ("busy store (5,000 + 2,500)", loaded)):
        print(f"start -> first 200 on /health, {label}: median {statistics.median(times):.2f} s "
              f"(min {min(times):.2f}, max {max(times):.2f}, {len(times)} runs)")  # fmt: skip
    print(f"kill -9, restart -> {args.displays} displays online again: {online_s:.2f} s; "
          f"a call made at once shown on all: {synced_s:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
