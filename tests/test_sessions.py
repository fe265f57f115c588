"""Officers sign in with NIP + PIN; wrong PINs slow down; compensation is recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from hub.api import create_app
from hub.config import Office
from hub.engine import FixedClock
from hub.officers import add_officer
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token
from tests.conftest import SequentialIds

NIP = "198001012005011001"


@pytest.fixture
def setup(real_office: Office, clock: FixedClock) -> Iterator[tuple[TestClient, Hub, dict]]:
    hub = Hub(real_office, Store(), clock, SequentialIds())
    add_officer(hub.store, NIP, "Siti Rahmawati", "246810")
    headers = {
        "kiosk": {"Authorization": f"Bearer {create_token(hub.store, 'kiosk', 'k')}"},
        "fo": {"Authorization": f"Bearer {create_token(hub.store, 'fo', 'fo')}"},
    }
    with TestClient(create_app(hub)) as client:
        yield client, hub, headers
    hub.close()


def sign_in(client: TestClient, pin: str = "246810", counter: int = 4):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/sessions", json={"nip": NIP, "pin": pin, "counter": counter})


def test_an_officer_signs_in_and_calls_in_their_name(setup) -> None:  # type: ignore[no-untyped-def]
    client, hub, headers = setup
    session = sign_in(client)
    assert session.status_code == 201
    body = session.json()
    assert body["officer"] == {"nip": NIP, "name": "Siti Rahmawati"}
    me = {"Authorization": f"Bearer {body['token']}"}
    client.post("/api/v1/tickets", json={"service": "dukcapil"}, headers=headers["kiosk"])
    called = client.post("/api/v1/counters/4/call-next", headers=me)
    assert called.status_code == 200
    counters = {c["number"]: c for c in client.get("/api/v1/counters", headers=me).json()}
    assert counters[4]["officer"]["name"] == "Siti Rahmawati"
    # A session acts for its counter only.
    assert client.post("/api/v1/counters/6/call-next", headers=me).status_code == 403
    events = list(hub.store.db.query("SELECT type, data FROM events ORDER BY seq"))
    assert [e["type"] for e in events][:1] == ["counter.signed_in"]
    assert json.loads(events[-1]["data"])["officer"] == NIP  # the call names the officer

    assert client.delete("/api/v1/sessions/current", headers=me).status_code == 204
    assert client.get("/api/v1/state", headers=me).status_code == 401
    counters = {
        c["number"]: c for c in client.get("/api/v1/counters", headers=headers["fo"]).json()
    }
    assert counters[4]["officer"] is None


def test_wrong_pins_slow_down_then_lock(setup, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    client, _hub, _headers = setup
    for _ in range(3):
        wrong = sign_in(client, pin="000000")
        assert wrong.status_code == 401
        assert wrong.json()["error"]["message"] == "NIP atau PIN salah."
    locked = sign_in(client)  # even the right PIN waits now
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == "31"
    assert "Coba lagi dalam 31 detik" in locked.json()["error"]["message"]
    clock.advance(31)
    assert sign_in(client, pin="111111").status_code == 401  # 4th miss: locked 60 s
    clock.advance(31)
    assert sign_in(client).status_code == 429
    clock.advance(30)
    assert sign_in(client).status_code == 201


def test_unknown_nip_and_counter(setup) -> None:  # type: ignore[no-untyped-def]
    client, _hub, _headers = setup
    unknown = client.post("/api/v1/sessions", json={"nip": "1" * 18, "pin": "1234", "counter": 4})
    assert unknown.status_code == 401
    assert sign_in(client, counter=77).status_code == 404


def test_late_call_compensation_is_confirmed(setup, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    client, hub, headers = setup
    me = {"Authorization": f"Bearer {sign_in(client).json()['token']}"}
    client.post("/api/v1/tickets", json={"service": "dukcapil"}, headers=headers["kiosk"])
    clock.advance(16 * 60)
    called = client.post("/api/v1/counters/4/call-next", headers=me).json()
    case = called["compensation"]
    assert (case["kind"], case["state"]) == ("late_service", "owed")
    assert case["remedy"] == "Permohonan maaf dan minuman gratis"
    owed = client.get("/api/v1/compensations?state=owed", headers=headers["fo"]).json()
    assert [c["id"] for c in owed] == [case["id"]]
    given = client.post(f"/api/v1/compensations/{case['id']}/given", headers=me)
    assert given.json()["state"] == "given"
    again = client.post(f"/api/v1/compensations/{case['id']}/given", headers=me)
    assert again.status_code == 409
    row = next(iter(hub.store.db.query("SELECT state, officer FROM compensation_cases")))
    assert row == {"state": "given", "officer": NIP}


def test_manual_decree_cases(setup) -> None:  # type: ignore[no-untyped-def]
    client, _hub, headers = setup
    me = {"Authorization": f"Bearer {sign_in(client).json()['token']}"}
    ticket = client.post(
        "/api/v1/tickets", json={"service": "dukcapil"}, headers=headers["kiosk"]
    ).json()
    recorded = client.post(
        "/api/v1/compensations", headers=me,
        json={"kind": "fee_differs", "ticket_id": ticket["id"], "note": "dipungut Rp 50.000"},
    )  # fmt: skip
    assert recorded.status_code == 201
    case = recorded.json()
    assert (case["title"], case["remedy"], case["number"]) == (
        "Biaya/tarif tidak sesuai", "Permohonan maaf", "C-001",
    )  # fmt: skip
    no_reason = client.post(f"/api/v1/compensations/{case['id']}/waive", headers=headers["fo"],
                            json={"note": " "})  # fmt: skip
    assert no_reason.status_code == 409
    waived = client.post(f"/api/v1/compensations/{case['id']}/waive", headers=headers["fo"],
                         json={"note": "tarif sesuai Perda, salah paham"})  # fmt: skip
    assert waived.json()["state"] == "waived"
    bad = client.post("/api/v1/compensations", headers=me, json={"kind": "rude"})
    assert bad.status_code == 422
    assert client.post(f"/api/v1/compensations/{case['id']}/waive", headers=me,
                       json={"note": "x"}).status_code == 403  # fmt: skip


def test_a_session_lives_on_the_system_clock(setup, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    client, _hub, _headers = setup
    me = {"Authorization": f"Bearer {sign_in(client).json()['token']}"}
    clock.advance(13 * 3600)  # a simulation runs the hub's clock ahead
    assert client.get("/api/v1/state", headers=me).status_code == 200
