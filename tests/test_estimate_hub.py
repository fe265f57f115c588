"""The estimate a kiosk is given follows who signs in, through the real hub process."""

from __future__ import annotations

import httpx
import pytest

from hub.officers import add_officer
from hub.store import Store
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow
PIN = "246810"
OFFICERS = {4: "198001012005011004", 6: "198001012005011006"}  # Dukcapil's two counters


@pytest.fixture
def hub(hub_process: HubProcess) -> HubProcess:
    store = Store.in_data_dir(hub_process.data_dir)
    for counter, nip in OFFICERS.items():
        add_officer(store, nip, f"Petugas Loket {counter}", PIN)
    store.close()
    return hub_process.start()


def test_the_issue_reply_estimate_follows_an_officer_signing_in(hub: HubProcess) -> None:
    kiosk = {"Authorization": f"Bearer {hub.token('kiosk', 'kiosk-1')}"}
    with httpx.Client(base_url=hub.url, timeout=10) as http:

        def issue() -> dict[str, object]:
            reply = http.post("/tickets", json={"service": "dukcapil"}, headers=kiosk)
            assert reply.status_code == 201
            body: dict[str, object] = reply.json()
            return body

        def sign_in(counter: int) -> None:
            body = {"nip": OFFICERS[counter], "pin": PIN, "counter": counter}
            assert http.post("/sessions", json=body).status_code == 201

        sign_in(4)  # one officer at Dukcapil: counter 6 stands empty
        replies = [issue() for _ in range(4)]
        alone = replies[-1]
        assert alone["ahead"] == 3
        assert alone["eta_minutes"] == 33  # three ahead, one counter, 10 + 1 minutes each
        sign_in(6)
        together = issue()
        assert together["ahead"] == 4
        # One more ahead, yet sooner: the second counter takes half the line.
        assert together["eta_minutes"] == 16
        assert together["estimated_wait_min"] == together["eta_minutes"]
        services = http.get("/services", headers=kiosk).json()
        dukcapil = next(s for s in services if s["code"] == "dukcapil")
        assert dukcapil["eta_minutes"] == 22  # the next ticket: five ahead
