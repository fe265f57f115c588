"""The real hub process on 127.0.0.1: concurrency, kill -9, restarts, the clock seam."""

from __future__ import annotations

import json
import random
import threading
import uuid
from collections import Counter

import httpx
import pytest
from websockets.sync.client import connect

from common.paths import CONFIG_DIR
from hub.store import Store
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow

# Counters 1-8 of the demo office between them serve every service.
COUNTER_SERVICES = {1: ["informasi"], 2: ["perizinan"], 3: ["perizinan", "informasi"],
                    4: ["dukcapil"], 5: ["pengaduan", "informasi"], 6: ["dukcapil"],
                    7: ["bpjs", "ketenagakerjaan"], 8: ["samsat"]}  # fmt: skip
SERVICES = sorted({s for services in COUNTER_SERVICES.values() for s in services})


def client(hub: HubProcess, token: str) -> httpx.Client:
    return httpx.Client(base_url=hub.url, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_eight_counters_and_two_kiosks_at_once(hub_process: HubProcess) -> None:
    kiosk_tokens = [hub_process.token("kiosk", f"kiosk-{k}") for k in (1, 2)]
    counter_tokens = {n: hub_process.token("counter", f"loket-{n}", n) for n in COUNTER_SERVICES}
    hub_process.start()
    per_kiosk = 60
    start = threading.Barrier(len(kiosk_tokens) + len(counter_tokens))
    issuing_done = threading.Event()
    issued: list[str] = []
    called: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()

    def kiosk(token: str, seed: int) -> None:
        rng = random.Random(seed)
        with client(hub_process, token) as http:
            start.wait(10)
            for _ in range(per_kiosk):
                response = http.post("/tickets", json={"service": rng.choice(SERVICES)},
                                     headers={"Idempotency-Key": uuid.uuid4().hex})  # fmt: skip
                with lock:
                    if response.status_code == 201:
                        issued.append(response.json()["id"])
                    else:
                        failures.append(response.text)

    def counter(number: int, token: str) -> None:
        with client(hub_process, token) as http:
            start.wait(10)
            idle_after_done = 0
            while idle_after_done < 2:
                done = issuing_done.is_set()
                response = http.post(f"/counters/{number}/call-next")
                if response.status_code == 204:
                    idle_after_done += done
                    continue
                if response.status_code != 200:
                    with lock:
                        failures.append(response.text)
                    return
                ticket_id = response.json()["id"]
                with lock:
                    called.append(ticket_id)
                closed = http.post(f"/tickets/{ticket_id}/close")
                if closed.status_code != 200:
                    with lock:
                        failures.append(closed.text)

    kiosks = [threading.Thread(target=kiosk, args=(t, i)) for i, t in enumerate(kiosk_tokens)]
    counters = [threading.Thread(target=counter, args=item) for item in counter_tokens.items()]
    for thread in kiosks + counters:
        thread.start()
    for thread in kiosks:
        thread.join(60)
    issuing_done.set()
    for thread in counters:
        thread.join(60)

    assert failures == []
    assert len(issued) == 2 * per_kiosk
    duplicates = [ticket for ticket, times in Counter(called).items() if times > 1]
    assert duplicates == [], "a ticket was called twice"
    assert sorted(called) == sorted(issued), "a ticket was lost"


def test_kill_9_mid_issue_loses_no_acknowledged_ticket(hub_process: HubProcess) -> None:
    token = hub_process.token("kiosk", "kiosk-1")
    hub_process.start()
    acknowledged: dict[str, dict[str, str]] = {}
    in_flight: list[str] = []
    enough = threading.Event()

    def issue_until_the_hub_dies() -> None:
        with client(hub_process, token) as http:
            for i in range(10_000):
                key = f"tap-{i}"
                in_flight.append(key)
                try:
                    response = http.post("/tickets", json={"service": SERVICES[i % 3]},
                                         headers={"Idempotency-Key": key})  # fmt: skip
                except httpx.TransportError:
                    return
                acknowledged[key] = response.json()
                if len(acknowledged) >= 40:
                    enough.set()

    issuer = threading.Thread(target=issue_until_the_hub_dies)
    issuer.start()
    assert enough.wait(30)
    hub_process.kill()
    issuer.join(30)
    assert not issuer.is_alive()

    hub_process.start()
    with client(hub_process, token) as http:
        for ticket in acknowledged.values():
            found = http.get(f"/tickets/{ticket['id']}")
            assert found.status_code == 200
            assert found.json()["number"] == ticket["number"]
        # The request cut off by the kill may or may not have committed; retrying it
        # returns that ticket if it did, and never makes a second one.
        last_key = in_flight[-1]
        retried = http.post("/tickets", json={"service": SERVICES[(len(in_flight) - 1) % 3]},
                            headers={"Idempotency-Key": last_key})  # fmt: skip
        assert retried.status_code == 201
        fresh = {s: http.post("/tickets", json={"service": s}).json() for s in SERVICES[:3]}

    store = Store.in_data_dir(hub_process.data_dir)
    rows = list(store.db.query("SELECT service, sequence FROM tickets"))
    keys = list(store.db.query("SELECT key FROM idempotency_keys WHERE key = ?", [last_key]))
    store.close()
    assert len(keys) == 1
    for service, ticket in fresh.items():
        used = [r["sequence"] for r in rows if r["service"] == service]
        assert int(ticket["number"].split("-")[1]) == max(used), "numbering did not continue"
        assert sorted(used) == list(range(1, max(used) + 1)), "a number was reused or skipped"


def test_a_subscriber_catches_up_after_a_hub_restart(hub_process: HubProcess) -> None:
    kiosk = hub_process.token("kiosk", "kiosk-1")
    display = hub_process.token("display", "tv-1")
    counter = hub_process.token("counter", "loket-1", 1)
    hub_process.start()
    headers = {"Authorization": f"Bearer {display}"}
    ws_url = hub_process.url.replace("http://", "ws://") + "/events"
    with client(hub_process, kiosk) as http:
        for _ in range(3):
            http.post("/tickets", json={"service": "informasi"})
    with connect(f"{ws_url}?after=0", additional_headers=headers, open_timeout=5) as ws:
        seen = [json.loads(ws.recv(timeout=5)) for _ in range(3)]
    assert [e["number"] for e in seen] == ["A-001", "A-002", "A-003"]
    last_seq = seen[-1]["seq"]

    hub_process.stop()
    hub_process.start()
    with client(hub_process, counter) as http:
        first = http.post("/counters/1/call-next").json()
        http.post(f"/tickets/{first['id']}/close")
        http.post("/counters/1/call-next")
    with connect(f"{ws_url}?after={last_seq}", additional_headers=headers, open_timeout=5) as ws:
        missed = [json.loads(ws.recv(timeout=5)) for _ in range(3)]
        with client(hub_process, kiosk) as http:
            http.post("/tickets", json={"service": "informasi"})
        live = json.loads(ws.recv(timeout=5))
    assert [(e["type"], e["number"]) for e in missed] == [
        ("ticket.called", "A-001"),
        ("ticket.closed", "A-001"),
        ("ticket.called", "A-002"),
    ]
    assert [e["seq"] for e in missed] == list(range(last_seq + 1, last_seq + 4))
    assert (live["type"], live["number"], live["seq"]) == ("ticket.issued", "A-004", last_seq + 4)


def test_the_clock_seam_makes_a_wait_cross_the_threshold(hub_process: HubProcess) -> None:
    kiosk = hub_process.token("kiosk", "kiosk-1")
    counter = hub_process.token("counter", "loket-4", 4)
    admin = hub_process.token("admin", "admin")
    hub_process.start()
    with client(hub_process, kiosk) as http:
        http.post("/tickets", json={"service": "dukcapil"})
    with client(hub_process, admin) as http:
        assert http.post("/test/clock", json={"advance_s": 15 * 60}).status_code == 200
    with client(hub_process, counter) as http:
        called = http.post("/counters/4/call-next").json()
    assert called["waited_s"] >= 900
    assert called["compensation"]["kind"] == "late_service"


def test_a_service_closed_in_the_config_shows_without_a_restart(data_dir) -> None:  # type: ignore[no-untyped-def]
    config = data_dir / "office.toml"
    original = (CONFIG_DIR / "demo.toml").read_text()
    config.write_text(original)
    hub = HubProcess(data_dir, config=config)
    kiosk = hub.token("kiosk", "kiosk-1")
    display = hub.token("display", "tv-1")
    hub.start()
    try:
        with client(hub, kiosk) as http:
            waiting = http.post("/tickets", json={"service": "samsat"}).json()
            after = http.get("/state").json()["seq"]
            ws_url = hub.url.replace("http://", "ws://") + f"/events?after={after}"
            with connect(ws_url, additional_headers={"Authorization": f"Bearer {display}"},
                         open_timeout=5) as ws:  # fmt: skip
                # A mistyped save is ignored: the office keeps running on the old config.
                config.write_text(original.replace("[office]", "[ofice]"))
                config.write_text(
                    original.replace('name = "Samsat (Pajak Kendaraan)"',
                                     'name = "Samsat (Pajak Kendaraan)"\nenabled = false')
                    + '\n[[services]]\ncode = "imigrasi"\nprefix = "H"\nname = "Imigrasi"\n'
                    '\n[[counters]]\nnumber = 10\nservices = ["imigrasi"]\n'
                )  # fmt: skip
                reloaded = json.loads(ws.recv(timeout=10))
            services = {s["code"]: s for s in http.get("/services").json()}
            refused = http.post("/tickets", json={"service": "samsat"})
            new = http.post("/tickets", json={"service": "imigrasi"})
            kept = http.get(f"/tickets/{waiting['id']}").json()
    finally:
        hub.stop()
    assert reloaded["type"] == "config.reloaded"
    assert "imigrasi" in reloaded["services"]
    assert services["samsat"]["open"] is False
    assert refused.status_code == 409
    assert new.json()["number"] == "H-001"
    assert (kept["number"], kept["state"]) == ("E-001", "waiting")


def test_an_appliance_fetches_the_office_config_from_the_hub(hub_process: HubProcess) -> None:
    token = hub_process.token("display", "tv-1")
    hub_process.start()
    reply = httpx.get(f"{hub_process.url}/config", headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 200
    assert reply.text == hub_process.config.read_text()
    assert httpx.get(f"{hub_process.url}/config").status_code == 401
