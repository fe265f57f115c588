#!/usr/bin/env python3
"""Central benchmark: many offices forwarding a busy day to the central service.

Each office's day is generated in-process in the hub's wire shape (issue, call, close;
three late calls in ten, with their compensation; a survey answer in five), not by
running hubs; `--workers` threads send the offices' batches as a hub's forwarder does
(POST /api/v1/ingest, in seq order), to the real central process on a PostgreSQL:
`--db DSN`, else a throwaway cluster (tests/central/pg.py; as root, run as postgres).
Prints ingest events/s, the forwarding lag (an event's creation to central's
acknowledgement) p50/p99, and the dashboard's response time (GET /board, the live
table, signed in) while the offices forward and after.
Run: .venv/bin/python scripts/bench/central.py [--offices 200] [--tickets 5000]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import orjson

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.central import pg  # noqa: E402
from tests.central.centralproc import CentralProcess, cli  # noqa: E402

SERVICES = [{"code": c, "name": c} for c in ("informasi", "perizinan", "dukcapil")]
OFFICE = {"name": "", "timezone": "Asia/Makassar", "threshold_minutes": 15,
          "services": SERVICES, "counters": [{"number": n, "name": f"Loket {n}"}
                                             for n in range(1, 9)]}  # fmt: skip


def day_events(tickets: int) -> list[bytes]:
    """A busy day's events as the hub stores them (JSON text), in seq order."""
    start = dt.datetime(2026, 11, 23, 0, 0, tzinfo=dt.UTC)
    out: list[bytes] = []
    for n in range(tickets):
        service = SERVICES[n % 3]["code"]
        at = start + dt.timedelta(seconds=n * 5)
        ticket = {"ticket_id": f"t{n}", "number": f"A-{n:04d}", "service": service}
        wait = 60 + (n * 37) % 1200
        called = at + dt.timedelta(seconds=wait)
        late = {"case_id": f"c{n}"} if wait >= 900 else None
        for event in (
            {"type": "ticket.issued", "v": 2, "at": _t(at), **ticket, "sequence": n + 1,
             "business_date": "2026-11-23", "priority": False, "category": None, "ahead": 3,
             "eta_minutes": 10},
            {"type": "ticket.called", "v": 1, "at": _t(called), **ticket, "counter": 1 + n % 8,
             "waited_s": wait, "priority": False, "compensation": late, "officer": None},
            {"type": "ticket.closed", "v": 1, "at": _t(called + dt.timedelta(seconds=400)),
             **ticket, "counter": 1 + n % 8, "service_s": 400},
        ):  # fmt: skip
            out.append(orjson.dumps(event))
        if n % 5 == 0:  # one citizen in five answers the survey
            answers = {f"U{u}": 2 + (n + u) % 3 for u in range(1, 10)}
            out.append(orjson.dumps({"type": "survey.answered", "v": 1,
                                     "at": _t(called + dt.timedelta(seconds=500)),
                                     "ticket_id": f"t{n}", "answers": answers, "via": "phone",
                                     "profile": None, "suggestion": None}))  # fmt: skip
    return out


def _t(instant: dt.datetime) -> str:
    return instant.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def forward(url: str, token: str, events: list[bytes], batch: int, lags: list[float]) -> int:
    sent = 0
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with httpx.Client(headers=headers, timeout=60) as http:
        while sent < len(events):
            chunk = events[sent : sent + batch]
            made = time.monotonic()  # the batch's events are "created" now
            body = orjson.dumps({
                "after": sent, "office": OFFICE if sent == 0 else None,
                "events": [{"seq": sent + i + 1, "business_date": "2026-11-23",
                            "data": data.decode()} for i, data in enumerate(chunk)],
            })  # fmt: skip
            reply = http.post(url, content=body)
            reply.raise_for_status()
            lags.append(time.monotonic() - made)
            sent += len(chunk)
    return sent


def watch(base: str, admin: str, done: threading.Event, times: list[float]) -> None:
    """The dashboard's table loaded every second while the offices forward, as the
    page's refresh does."""
    with httpx.Client(base_url=base, timeout=60) as http:
        http.post("/masuk", data={"token": admin})
        while not done.wait(1.0):
            started = time.monotonic()
            assert http.get("/board").status_code == 200
            times.append(time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=200)
    parser.add_argument("--tickets", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--db", default="")
    args = parser.parse_args()

    cluster = None
    if not args.db:
        cluster = pg.Cluster().start()
        args.db = cluster.create_database("bench")
    central = None
    try:
        tokens = {f"o{n:03d}": cli("central", "office", "add", "--db", args.db, "--code",
                                   f"o{n:03d}", "--name", f"Kantor {n}")
                  for n in range(args.offices)}  # fmt: skip
        admin = cli("central", "admin-token", "--db", args.db, "--name", "bench")
        central = CentralProcess(args.db, Path(tempfile.mkdtemp())).start()
        events = day_events(args.tickets)
        url = f"{central.url}/api/v1/ingest"
        lags: list[float] = []
        print(f"{args.offices} offices x {len(events)} events, batches of {args.batch}, "
              f"{args.workers} senders", flush=True)  # fmt: skip
        during: list[float] = []
        done = threading.Event()
        watcher = threading.Thread(target=watch, args=(central.url, admin, done, during))
        watcher.start()
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
            total = sum(pool.map(lambda t: forward(url, t, events, args.batch, lags),
                                 tokens.values()))  # fmt: skip
        elapsed = time.monotonic() - started
        done.set()
        watcher.join()
        lags.sort()
        print(f"ingest: {total} events in {elapsed:.1f} s = {total / elapsed:,.0f} events/s")
        print(
            f"forwarding lag (batch made -> acknowledged): p50 {statistics.median(lags):.3f} s, "
            f"p99 {lags[int(len(lags) * 0.99)]:.3f} s"
        )
        with httpx.Client(base_url=central.url) as http:
            http.post("/masuk", data={"token": admin})
            times = []
            for _ in range(20):
                t0 = time.monotonic()
                assert http.get("/board").status_code == 200
                times.append(time.monotonic() - t0)
        times.sort()
        during.sort()
        print(
            f"dashboard (GET /board, {args.offices} offices): during the ingest median "
            f"{statistics.median(during) * 1000:.0f} ms, p99 "
            f"{during[int(len(during) * 0.99)] * 1000:.0f} ms ({len(during)} loads); after "
            f"it median {statistics.median(times) * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
        )
    finally:
        if central is not None:
            central.stop()
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
