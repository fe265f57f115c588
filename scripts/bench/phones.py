#!/usr/bin/env python3
"""Phones benchmark (#13 item 5): 500 citizens' phones following their tickets by SSE on
the public listener while the office runs.

Starts a real hub process on 127.0.0.1 (fresh store, the systemd unit's file limit) and
prints:
1. the kiosk's issue latency (p50/p99) while the counters call, with no phone connected;
2. hub memory before and after 500 idle phone connections (each its own loopback
   address, as phones on the guest Wi-Fi are), and per connection;
3. the same issue latency with the 500 phones connected (the counters take `--pace` s a
   citizen while the kiosk issues, so the phones stay connected and are woken by every
   call ahead of them), and call -> page updated (the called ticket's page receives
   state "called"): p50/p99/max;
4. the issue latency of 1 again, with the phones gone: the spread this machine gives the
   figure by itself, to read 3 against.
The kiosk runs in a process of its own, so its latencies are the hub's, not the counters'
threads'. Run with `.venv/bin/python scripts/bench/phones.py [--phones 500] [--issues 1000]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import re
import resource
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.dos_attacks import rss_mib  # noqa: E402
from tests.hubproc import HubProcess  # noqa: E402

UNIT = ROOT / "packaging" / "systemd" / "antrian-hub.service"
SERVICES = ["informasi", "perizinan", "dukcapil", "bpjs", "samsat", "pengaduan"]
COUNTERS = [1, 2, 3, 4, 5, 6, 7, 8]
PHONE_GROUPS = 4  # client processes
DRAIN_PACE_S = 0.02  # a counter's time per citizen once the kiosk has stopped issuing


def use_unit_file_limit() -> None:
    """The hub (our child) gets the open-file limit of its systemd unit."""
    setting = re.search(r"^LimitNOFILE=(\d+)", UNIT.read_text(), re.MULTILINE)
    limit = int(setting.group(1)) if setting else 1024
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(limit, hard), hard))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def phone_group(port: int, phones: list[tuple[str, str]], ready: mp.Queue, out: mp.Queue) -> None:
    """Phones (ticket id, source address) in one process: each reads its ticket's SSE
    stream until the hub ends it (closed), noting when "called" arrived."""

    async def one(ticket_id: str, source: str, connected: asyncio.Event) -> float | None:
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", port, local_addr=(source, 0), limit=1 << 16
        )
        writer.write(f"GET /t/{ticket_id}/events HTTP/1.1\r\nHost: hub\r\n\r\n".encode())
        called_at = None
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return called_at
                if line.startswith(b"data: "):
                    connected.set()
                    view = json.loads(line[6:])["ticket"]
                    if view["state"] == "called" and called_at is None:
                        called_at = time.monotonic()
        finally:
            writer.close()

    async def main() -> dict[str, float | None]:
        flags = [asyncio.Event() for _ in phones]
        tasks = [asyncio.create_task(one(t, s, f)) for (t, s), f in zip(phones, flags, strict=True)]
        for flag in flags:
            await flag.wait()
        ready.put(len(phones))
        results = await asyncio.gather(*tasks)
        return {t: r for (t, _), r in zip(phones, results, strict=True)}

    out.put(asyncio.run(main()))


def issue_loop(url: str, token: str, count: int, out: mp.Queue) -> None:
    """The kiosk, in a process of its own: its latencies are not the callers' GIL waits."""
    latencies = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as http:
        for i in range(count):
            began = time.monotonic()
            reply = http.post("/tickets", json={"service": SERVICES[i % len(SERVICES)]},
                              headers={"Idempotency-Key": uuid.uuid4().hex})  # fmt: skip
            latencies.append(time.monotonic() - began)
            assert reply.status_code == 201, reply.text
            time.sleep(0.01)  # a kiosk's pace is a tap, not a flood
    out.put(latencies)


def call_loop(url: str, token: str, counter: int, sent: dict[str, float], pace_s: float,
              kiosk_done: threading.Event) -> None:  # fmt: skip
    """A counter calling and closing until nobody waits: at `pace_s` a citizen while the
    kiosk issues (so the phones' tickets last the phase), then at DRAIN_PACE_S."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as http:
        while True:
            began = time.monotonic()
            reply = http.post(f"/counters/{counter}/call-next")
            if reply.status_code == 204:
                return
            sent[reply.json()["id"]] = began
            # A citizen takes a moment to reach the counter, even once the kiosk is done.
            kiosk_done.wait(pace_s) if not kiosk_done.is_set() else time.sleep(DRAIN_PACE_S)
            http.post(f"/tickets/{reply.json()['id']}/close")


def office_runs(hub: HubProcess, kiosk_token: str, counters: dict[int, str], issues: int,
                pace_s: float) -> tuple[list[float], dict[str, float]]:  # fmt: skip
    """A kiosk issuing while every counter calls and closes until nobody waits."""
    sent: dict[str, float] = {}
    kiosk_done = threading.Event()
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()
    kiosk = ctx.Process(target=issue_loop, args=(hub.url, kiosk_token, issues, out))
    kiosk.start()
    callers = [
        threading.Thread(
            target=call_loop, args=(hub.url, token, number, sent, pace_s, kiosk_done)
        )  # fmt: skip
        for number, token in counters.items()
    ]
    for thread in callers:
        thread.start()
    latencies: list[float] = out.get(timeout=600)
    kiosk_done.set()
    sent["kiosk finished"] = time.monotonic()
    kiosk.join()
    for thread in callers:
        thread.join()
    return latencies, sent


def ms(values: list[float]) -> str:
    p50, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
    return f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(values) * 1000:.1f} ms (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--issues", type=int, default=1000, help="kiosk issues per phase")
    parser.add_argument(
        "--pace",
        type=float,
        default=0.2,
        help="seconds a counter spends on a citizen while the kiosk issues",
    )
    args = parser.parse_args()
    use_unit_file_limit()
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp), test_clock=False)
        kiosk = hub.token("kiosk", "kiosk-bench")
        counters = {n: hub.token("counter", f"loket-{n}", n) for n in COUNTERS}
        hub.start()
        assert hub.process is not None
        pid = hub.process.pid
        try:
            office_runs(hub, kiosk, counters, 20, pace_s=0.0)  # warm-up, not measured
            # 1. No phones.
            alone, _ = office_runs(hub, kiosk, counters, args.issues, pace_s=args.pace)
            print(f"1. issue, no phones:        {ms(alone)}")

            # 2. Phones connect, each to a ticket of its own, each from its own address.
            tickets: list[str] = []
            with httpx.Client(base_url=hub.url,
                              headers={"Authorization": f"Bearer {kiosk}"}) as http:  # fmt: skip
                for i in range(args.phones):
                    reply = http.post("/tickets", json={"service": SERVICES[i % len(SERVICES)]})
                    tickets.append(reply.json()["id"])
            time.sleep(1)
            rss_before = rss_mib(pid)
            phones = [(t, f"127.0.{1 + i // 250}.{1 + i % 250}") for i, t in enumerate(tickets)]
            ready, out = ctx.Queue(), ctx.Queue()
            groups = [ctx.Process(target=phone_group,
                                  args=(hub.public_port, phones[g::PHONE_GROUPS], ready, out))
                      for g in range(PHONE_GROUPS)]  # fmt: skip
            for group in groups:
                group.start()
            connected = sum(ready.get(timeout=120) for _ in groups)
            time.sleep(3)  # idle
            rss_idle = rss_mib(pid)
            per_phone_kib = (rss_idle - rss_before) * 1024 / connected
            print(f"2. {connected} idle phones: hub RSS {rss_before:.1f} -> {rss_idle:.1f} MiB,"
                  f" {per_phone_kib:.1f} KiB per phone connection")  # fmt: skip

            # 3. The office runs with them: every phone's ticket is called and closed, at a
            # pace that keeps phones connected (and woken by their line) while the kiosk issues.
            crowded, sent = office_runs(hub, kiosk, counters, args.issues, pace_s=args.pace)
            kiosk_finished = sent.pop("kiosk finished")
            open_meanwhile = sum(sent.get(t, kiosk_finished) >= kiosk_finished for t in tickets)
            received: dict[str, float | None] = {}
            for _ in groups:
                received.update(out.get(timeout=300))
            for group in groups:
                group.join(timeout=30)
            delays = [at - sent[t] for t, at in received.items() if at is not None and t in sent]
            missed = sum(1 for at in received.values() if at is None)
            print(f"3. issue, {connected} phones:      {ms(crowded)}")
            print(f"   call -> page updated:   {ms(delays)}; pages that missed the call: {missed}")
            print(f"   phones still waiting when the kiosk finished: {open_meanwhile}")
            print(f"   hub RSS at the end: {rss_mib(pid):.1f} MiB")
            # 4. No phones again: how far the figure of 1 moves by itself on this machine.
            again, _ = office_runs(hub, kiosk, counters, args.issues, pace_s=args.pace)
            print(f"4. issue, no phones again:  {ms(again)}")
        finally:
            hub.stop()


if __name__ == "__main__":
    main()
