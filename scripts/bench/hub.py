#!/usr/bin/env python3
"""Hub benchmark: issue rate, call-next rate, call -> event latency to 50 subscribers,
and a kiosk's issue latency while the hub is under each denial-of-service attack.

Starts a real hub process on 127.0.0.1 with a fresh store (synchronous=FULL, as in
production) and the systemd unit's file limit, and drives it from separate client
processes, as kiosks, counters and TVs on a LAN would; attacks come from other loopback
addresses (tests/dos_attacks.py). Prints the figures; run with
`.venv/bin/python scripts/bench/hub.py` (`--only-attacks` for the last part alone).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import re
import resource
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.dos_attacks import Attack, Kiosk, open_files, rss_mib  # noqa: E402
from tests.hubproc import HubProcess  # noqa: E402

UNIT = Path(__file__).resolve().parents[2] / "packaging" / "systemd" / "antrian-hub.service"
# Each attack, bounded: a count of sockets or bytes, and seconds to watch at most.
SPREAD = ("--sources", "127.0.0.2-127.0.0.41")  # 40 attacking addresses
ATTACKS = [
    ("no attack (baseline)", "", ()),
    ("1,100 half-open requests from 40 addresses", "half-open",
     (*SPREAD, "--count", "1100", "--hold", "15")),
    ("1,100 half-open requests from one address", "half-open",
     ("--count", "1100", "--hold", "15")),
    ("1,100 idle connections from 40 addresses", "idle",
     (*SPREAD, "--count", "1100", "--hold", "15")),
    ("200 MB bodies with Content-Length, 4 at a time for 5 s", "body",
     ("--count", "4", "--mib", "200", "--seconds", "5")),
    ("200 MB chunked bodies, 4 at a time for 5 s", "body",
     ("--count", "4", "--mib", "200", "--seconds", "5", "--chunked")),
    ("endless request heads (up to 200 MB), 4 at a time for 5 s", "head",
     ("--count", "4", "--mib", "200", "--seconds", "5")),
    ("200 slow bodies (a byte a second) from 10 addresses", "slow-body",
     ("--sources", "127.0.0.2-127.0.0.11", "--count", "200", "--hold", "15")),
    ("2 clients never reading their answers (800 requests each, 5 ms apart)", "unread",
     ("--count", "2", "--hold", "25")),
]  # fmt: skip

SERVICES = ["informasi", "perizinan", "dukcapil", "bpjs", "samsat", "pengaduan"]
COUNTERS = {1: "informasi", 2: "perizinan", 4: "dukcapil", 5: "pengaduan",
            6: "dukcapil", 7: "bpjs", 8: "samsat", 3: "perizinan"}  # fmt: skip


def issuer(url: str, token: str, count: int, start: mp.Event, out: mp.Queue) -> None:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as http:
        start.wait()
        began = time.monotonic()
        for i in range(count):
            response = http.post("/tickets", json={"service": SERVICES[i % len(SERVICES)]},
                                 headers={"Idempotency-Key": uuid.uuid4().hex})  # fmt: skip
            assert response.status_code == 201, response.text
        out.put((began, time.monotonic(), count))


def caller(url: str, token: str, counter: int, start: mp.Event, out: mp.Queue) -> None:
    calls = 0
    call_time = 0.0
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as http:
        start.wait()
        began = time.monotonic()
        while True:
            t0 = time.monotonic()
            response = http.post(f"/counters/{counter}/call-next")
            call_time += time.monotonic() - t0
            if response.status_code == 204:
                break
            calls += 1
            http.post(f"/tickets/{response.json()['id']}/close")
        out.put((began, time.monotonic(), calls, call_time))


def subscriber_group(ws_url: str, token: str, count: int, ready: mp.Queue, out: mp.Queue) -> None:
    async def one(received: dict[int, float], connected: asyncio.Event) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        async with websockets.connect(ws_url, additional_headers=headers) as ws:
            connected.set()
            async for message in ws:
                event = json.loads(message)
                if event["type"] == "ticket.called":
                    received[event["seq"]] = time.monotonic()
                elif event["type"] == "counter.paused":  # the bench's end marker
                    return

    async def main() -> list[dict[int, float]]:
        results: list[dict[int, float]] = [{} for _ in range(count)]
        flags = [asyncio.Event() for _ in range(count)]
        tasks = [asyncio.create_task(one(r, f)) for r, f in zip(results, flags, strict=True)]
        for flag in flags:
            await flag.wait()
        ready.put(count)
        await asyncio.gather(*tasks)
        return results

    out.put(asyncio.run(main()))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--issues", type=int, default=2000, help="tickets to issue (4 clients)")
    parser.add_argument("--calls", type=int, default=200, help="calls for the latency test")
    parser.add_argument("--subscribers", type=int, default=50)
    parser.add_argument("--only-attacks", action="store_true", help="skip parts 1-3")
    parser.add_argument("--only-queue", action="store_true", help="part 5 (costs by queue) only")
    parser.add_argument("--only-restart", action="store_true", help="part 6 (restart) only")
    parser.add_argument("--only-rates", action="store_true", help="parts 1-2 (rates) only")
    args = parser.parse_args()
    if args.only_queue or args.only_restart:
        (costs_by_queue_length if args.only_queue else restart_figures)()
        return
    ctx = mp.get_context("spawn")

    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp), test_clock=False)
        kiosks = [hub.token("kiosk", f"kiosk-{i}") for i in range(4)]
        counters = {n: hub.token("counter", f"loket-{n}", n) for n in COUNTERS}
        display = hub.token("display", "tv")
        admin = hub.token("admin", "admin")
        file_limit = use_unit_file_limit()
        hub.start()
        try:
            if args.only_attacks:
                under_attacks(hub, kiosks[0], file_limit)
                return
            # 1. Issue rate, 4 concurrent kiosks.
            start, out = ctx.Event(), ctx.Queue()
            per_client = args.issues // 4
            procs = [ctx.Process(target=issuer, args=(hub.url, t, per_client, start, out))
                     for t in kiosks]  # fmt: skip
            for p in procs:
                p.start()
            time.sleep(1.0)  # let the client processes import and connect before the gun
            cpu_before = cpu_seconds(hub)
            start.set()
            results = [out.get(timeout=300) for _ in procs]
            cpu = cpu_seconds(hub) - cpu_before
            for p in procs:
                p.join()
            elapsed = max(r[1] for r in results) - min(r[0] for r in results)
            issued = sum(r[2] for r in results)
            print(f"issue: {issued} tickets from 4 concurrent clients in {elapsed:.2f} s "
                  f"= {issued / elapsed:.0f} issues/s; hub CPU {1000 * cpu / issued:.2f} ms "
                  f"a ticket")  # fmt: skip

            # 2. Call-next rate, 8 counters draining the queue (each call followed by close).
            start, out = ctx.Event(), ctx.Queue()
            procs = [ctx.Process(target=caller, args=(hub.url, t, n, start, out))
                     for n, t in counters.items()]  # fmt: skip
            for p in procs:
                p.start()
            time.sleep(1.0)
            cpu_before = cpu_seconds(hub)
            start.set()
            results = [out.get(timeout=300) for _ in procs]
            cpu = cpu_seconds(hub) - cpu_before
            for p in procs:
                p.join()
            elapsed = max(r[1] for r in results) - min(r[0] for r in results)
            calls = sum(r[2] for r in results)
            mean_call_ms = 1000 * sum(r[3] for r in results) / max(1, calls)
            print(f"call-next: {calls} calls by 8 counters (+{calls} closes) in {elapsed:.2f} s "
                  f"= {calls / elapsed:.0f} calls/s, {2 * calls / elapsed:.0f} actions/s; "
                  f"mean call-next round trip {mean_call_ms:.1f} ms; hub CPU "
                  f"{1000 * cpu / max(1, calls):.2f} ms a call and its close")  # fmt: skip
            if args.only_rates:
                return

            # 3. Call -> event latency with N WebSocket subscribers in 2 other processes.
            ws_url = hub.url.replace("http://", "ws://") + "/events"
            ready, out = ctx.Queue(), ctx.Queue()
            halves = [args.subscribers // 2, args.subscribers - args.subscribers // 2]
            procs = [ctx.Process(target=subscriber_group, args=(ws_url, display, n, ready, out))
                     for n in halves]  # fmt: skip
            for p in procs:
                p.start()
            for _ in procs:
                ready.get(timeout=60)
            sent: dict[str, float] = {}
            auth = {"Authorization": f"Bearer {kiosks[0]}"}
            with (
                httpx.Client(base_url=hub.url, headers=auth) as kiosk,
                httpx.Client(
                    base_url=hub.url, headers={"Authorization": f"Bearer {counters[1]}"}
                ) as loket,
            ):
                for _ in range(args.calls):
                    kiosk.post("/tickets", json={"service": "informasi"})
                for _ in range(args.calls):
                    t0 = time.monotonic()
                    called = loket.post("/counters/1/call-next").json()
                    sent[called["id"]] = t0
                    loket.post(f"/tickets/{called['id']}/close")
                    time.sleep(0.01)  # calls come seconds apart in an office, not back to back
            with httpx.Client(base_url=hub.url, headers={"Authorization": f"Bearer {admin}"}) as a:
                a.post("/counters/9/pause", json={"reason": "bench end"})
            groups = [out.get(timeout=120) for _ in procs]
            for p in procs:
                p.join()
            print_latency(hub, sent, groups, args.subscribers)

            # 4. A kiosk's issue latency while the hub is under each attack.
            under_attacks(hub, kiosks[0], file_limit)
        finally:
            hub.stop()
    costs_by_queue_length()  # 5.
    restart_figures()  # 6.


def costs_by_queue_length(waiting_counts: tuple[int, ...] = (10, 1_000, 10_000)) -> None:
    """5. Issue, call-next and a ticket's position as one service's line grows: each must
    cost the same at 10 and at 10,000 waiting (the line is kept sorted, O(log n))."""
    import datetime as dt

    from common.paths import CONFIG_DIR
    from hub.config_file import load_office
    from hub.engine import Engine, FixedClock
    from hub.store import Store

    office = load_office(CONFIG_DIR / "demo.toml")
    for waiting in waiting_counts:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store.in_data_dir(Path(tmp))
            now = dt.datetime.now(dt.UTC)
            clock = FixedClock(now - dt.timedelta(seconds=waiting * 0.05 + 60))
            engine = Engine(office, clock)
            events = []
            for _ in range(waiting):  # the morning so far: all waiting for Perizinan
                clock.advance(0.05)
                events.append(engine.issue("perizinan"))
            with store.write():
                store.append(events, engine.business_date_of(now))
            store.close()
            hub = HubProcess(Path(tmp), test_clock=False)
            kiosk = {"Authorization": f"Bearer {hub.token('kiosk', 'kiosk')}"}
            loket = {"Authorization": f"Bearer {hub.token('counter', 'loket-2', 2)}"}
            hub.start(timeout=60)
            try:
                with httpx.Client(base_url=hub.url, timeout=30) as http:
                    issue_ms, position_ms, call_ms = [], [], []
                    for _ in range(300):
                        t0 = time.perf_counter()
                        ticket = http.post("/tickets", json={"service": "perizinan"},
                                           headers=kiosk).json()  # fmt: skip
                        t1 = time.perf_counter()
                        http.get(f"/tickets/{ticket['id']}", headers=kiosk)
                        t2 = time.perf_counter()
                        called = http.post("/counters/2/call-next", headers=loket).json()
                        t3 = time.perf_counter()
                        http.post(f"/tickets/{called['id']}/close", headers=loket)
                        issue_ms.append(1000 * (t1 - t0))
                        position_ms.append(1000 * (t2 - t1))
                        call_ms.append(1000 * (t3 - t2))
                issue_p50 = percentile(issue_ms, 0.5)
                print(f"queue of {waiting:>6,} waiting: issue p50 {issue_p50:.2f} ms "
                      f"(ahead {ticket['ahead']:,}), position p50 "
                      f"{percentile(position_ms, 0.5):.2f} ms, call-next p50 "
                      f"{percentile(call_ms, 0.5):.2f} ms")  # fmt: skip
            finally:
                hub.stop()


def restart_figures() -> None:
    """6. Start -> first 200 on /health, and kill -9 -> every display back in sync."""
    sys.path.insert(0, str(Path(__file__).parent))
    import hub_restart

    hub_restart.main([])


def cpu_seconds(hub: HubProcess) -> float:
    """User plus system CPU time the hub process has used so far, from /proc."""
    assert hub.process is not None
    fields = Path(f"/proc/{hub.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def use_unit_file_limit() -> int:
    """Give the hub (our child) the open-file limit its systemd unit gives it: LimitNOFILE,
    or systemd's default soft limit of 1024 when the unit sets none."""
    setting = re.search(r"^LimitNOFILE=(\d+)", UNIT.read_text(), re.MULTILINE)
    limit = int(setting.group(1)) if setting else 1024
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(limit, hard), hard))
    return limit


def under_attacks(hub: HubProcess, kiosk_token: str, file_limit: int) -> None:
    assert hub.process is not None
    pid = hub.process.pid
    print(f"under attack (hub open-file limit {file_limit}; a kiosk on 127.0.0.1 issues a "
          f"ticket every 20 ms, each on a new connection):")  # fmt: skip
    for name, kind, options in ATTACKS:
        rss_before = rss_mib(pid)
        with Peak(pid) as peak, Kiosk(hub.url, kiosk_token) as kiosk:
            if kind:
                with Attack(kind, hub.port, *options) as attack:
                    attack.opened(timeout=60)
                    report = attack.done(timeout=120)
            else:
                time.sleep(5)
                report = {}
        settled = settle(pid)
        health_ms = health_time(hub)
        failed = ""
        if kiosk.failures:
            failed = f", {len(kiosk.failures)} FAILED ({kiosk.failures[0][:80]})"
        print(f"  {name}: {len(kiosk.latencies_ms)} issues, p99 {kiosk.p99_ms():.1f} ms, "
              f"max {max(kiosk.latencies_ms):.1f} ms{failed}; hub RSS {rss_before:.0f} -> "
              f"peak {peak.rss:.0f} -> {settled:.0f} MiB, peak open files {peak.files}, "
              f"/health after {health_ms:.0f} ms")  # fmt: skip
        if report:
            summary = {k: v for k, v in report.items() if k not in ("phase", "answers")}
            print(f"    attack: {json.dumps(summary)}")


class Peak:
    """The hub's highest RSS and open-file count, sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.rss, self.files = rss_mib(pid), open_files(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="peak")

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            try:
                self.rss = max(self.rss, rss_mib(self.pid))
                self.files = max(self.files, open_files(self.pid))
            except OSError:
                return  # the hub died: the figures so far stand

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def settle(pid: int, seconds: float = 3.0) -> float:
    """RSS once the attack's connections are gone (a few seconds for the hub to drop them)."""
    time.sleep(seconds)
    return rss_mib(pid)


def health_time(hub: HubProcess) -> float:
    began = time.monotonic()
    try:
        httpx.get(f"{hub.url}/health", timeout=30)
    except httpx.HTTPError:
        return float("inf")
    return 1000 * (time.monotonic() - began)


def print_latency(hub: HubProcess, sent: dict[str, float], groups: list, subscribers: int) -> None:
    from hub.store import Store

    store = Store.in_data_dir(hub.data_dir)
    seq_of = {
        row["ticket_id"]: row["seq"]
        for row in store.db.query("SELECT seq, ticket_id FROM events WHERE type='ticket.called'")
    }
    store.close()
    latencies = []
    for group in groups:
        for received in group:
            for ticket_id, t0 in sent.items():
                latencies.append(1000 * (received[seq_of[ticket_id]] - t0))
    print(f"call -> event: {len(sent)} calls x {subscribers} subscribers = {len(latencies)} "
          f"deliveries; p50 {percentile(latencies, 0.50):.1f} ms, "
          f"p99 {percentile(latencies, 0.99):.1f} ms, max {max(latencies):.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
