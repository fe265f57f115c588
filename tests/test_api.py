"""The HTTP API in process: contract shapes, auth and every kind of bad input."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from hub.api import create_app
from hub.config import Office
from hub.engine import FixedClock
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token, revoke_token
from tests.conftest import SequentialIds


@dataclass
class Api:
    client: TestClient
    hub: Hub
    clock: FixedClock
    tokens: dict[str, str]

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def post(self, path: str, who: str, **kwargs: object):  # type: ignore[no-untyped-def]
        headers = {**self.as_(who), **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        return self.client.post(f"/api/v1{path}", headers=headers, **kwargs)

    def get(self, path: str, who: str):  # type: ignore[no-untyped-def]
        return self.client.get(f"/api/v1{path}", headers=self.as_(who))


@pytest.fixture
def api(real_office: Office, clock: FixedClock) -> Iterator[Api]:
    hub = Hub(real_office, Store(), clock, SequentialIds())
    tokens = {
        "kiosk": create_token(hub.store, "kiosk", "kiosk-1"),
        "display": create_token(hub.store, "display", "tv-1"),
        "loket1": create_token(hub.store, "counter", "loket-1", counter=1),
        "loket4": create_token(hub.store, "counter", "loket-4", counter=4),
        "fo": create_token(hub.store, "fo", "fo-1"),
        "admin": create_token(hub.store, "admin", "admin"),
    }
    with TestClient(create_app(hub)) as client:
        yield Api(client, hub, clock, tokens)
    hub.close()


def error_of(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["message"]
    assert body["error"]["message_en"]
    return body["error"]


def test_health_needs_no_token(api: Api) -> None:
    response = api.client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_issue_returns_the_contract_fields(api: Api) -> None:
    response = api.post("/tickets", "kiosk", json={"service": "dukcapil"})
    assert response.status_code == 201
    ticket = response.json()
    assert {"id", "number", "service", "issued_at", "ahead"} <= set(ticket)
    assert ticket["number"] == "C-001"
    assert ticket["issued_at"] == "2026-11-23T01:00:00.000Z"  # 09:00 WITA, in UTC
    assert api.get(f"/tickets/{ticket['id']}", "display").json()["state"] == "waiting"


def test_a_retried_issue_returns_the_same_ticket(api: Api) -> None:
    headers = {"Idempotency-Key": "tap-7f3a"}
    first = api.post("/tickets", "kiosk", json={"service": "samsat"}, headers=headers)
    again = api.post("/tickets", "kiosk", json={"service": "samsat"}, headers=headers)
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert api.hub.engine.issued_today("samsat") == 1
    other = api.post("/tickets", "kiosk", json={"service": "bpjs"}, headers=headers)
    assert other.status_code == 422
    assert error_of(other)["code"] == "idempotency_conflict"


@pytest.mark.parametrize(
    ("who", "method", "path", "body", "status", "code"),
    [
        (None, "post", "/tickets", {"service": "samsat"}, 401, "unauthorized"),
        ("nonsense", "get", "/state", None, 401, "unauthorized"),
        ("display", "post", "/tickets", {"service": "samsat"}, 403, "forbidden"),
        ("kiosk", "post", "/counters/1/call-next", None, 403, "forbidden"),
        ("loket1", "post", "/counters/4/call-next", None, 403, "wrong_counter"),
        ("kiosk", "post", "/tickets", {"service": "paspor"}, 404, "unknown_service"),
        ("kiosk", "post", "/tickets", {"servis": "samsat"}, 422, "invalid_request"),
        ("kiosk", "post", "/tickets", {"service": "samsat", "priority": "ya"}, 422, "invalid_request"),
        ("kiosk", "post", "/tickets", {"service": "samsat", "category": "vip"}, 422, "unknown_category"),
        ("admin", "post", "/counters/77/call-next", None, 404, "unknown_counter"),
        ("admin", "post", "/counters/0/call-next", None, 422, "invalid_request"),
        ("admin", "post", "/tickets/nope/close", None, 404, "unknown_ticket"),
        ("admin", "post", "/tickets/nope/dance", None, 422, "invalid_request"),
        ("admin", "get", "/tickets/nope", None, 404, "unknown_ticket"),
        ("admin", "get", "/no-such-thing", None, 404, "not_found"),
        ("admin", "post", "/test/clock", {"advance_s": 60}, 404, "not_found"),
    ],
)  # fmt: skip
def test_bad_requests_get_a_clear_4xx(
    api: Api, who: str | None, method: str, path: str, body: object, status: int, code: str
) -> None:
    headers = {"Authorization": f"Bearer {api.tokens.get(who, who)}"} if who else {}
    response = api.client.request(method, f"/api/v1{path}", headers=headers, json=body)
    assert response.status_code == status, response.text
    assert error_of(response)["code"] == code


def test_malformed_json_is_a_400(api: Api) -> None:
    response = api.post(
        "/tickets", "kiosk", content=b'{"service": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "malformed_json"


def test_an_action_the_state_forbids_is_a_409(api: Api) -> None:
    ticket = api.post("/tickets", "kiosk", json={"service": "informasi"}).json()
    response = api.post(f"/tickets/{ticket['id']}/serve", "admin")
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "invalid_state"
    assert error["message"] == "A-001 tidak dapat mulai dilayani: statusnya menunggu."


def test_a_revoked_token_stops_working_at_once(api: Api) -> None:
    assert api.get("/state", "display").status_code == 200
    revoke_token(api.hub.store, "tv-1")
    assert api.get("/state", "display").status_code == 401


def test_counter_flow_and_compensation(api: Api) -> None:
    ticket = api.post("/tickets", "kiosk", json={"service": "dukcapil"}).json()
    api.clock.advance(15 * 60)
    called = api.post("/counters/4/call-next", "loket4")
    assert called.status_code == 200
    assert called.json()["number"] == "C-001"
    assert called.json()["compensation"]["remedy"] == "Permohonan maaf dan minuman gratis"
    assert api.post("/counters/4/call-next", "loket4").status_code == 409
    for action in ("recall", "serve", "close"):
        response = api.post(f"/tickets/{ticket['id']}/{action}", "loket4")
        assert response.status_code == 200, response.text
    assert response.json()["state"] == "closed"
    assert api.post("/counters/4/call-next", "loket4").status_code == 204


def test_transfer_needs_a_target(api: Api) -> None:
    ticket = api.post("/tickets", "kiosk", json={"service": "informasi"}).json()
    api.post("/counters/1/call-next", "loket1")
    missing = api.post(f"/tickets/{ticket['id']}/transfer", "loket1")
    assert missing.status_code == 422
    moved = api.post(f"/tickets/{ticket['id']}/transfer", "loket1", json={"service": "dukcapil"})
    assert moved.status_code == 200
    assert moved.json()["number"] == "A-001"
    assert moved.json()["service"] == "dukcapil"


def test_pause_and_resume(api: Api) -> None:
    assert api.post("/counters/1/pause", "loket1", json={"reason": "sholat"}).status_code == 204
    counters = {c["number"]: c for c in api.get("/counters", "display").json()}
    assert counters[1]["paused"]
    assert counters[1]["pause_reason"] == "sholat"
    assert api.post("/counters/1/call-next", "loket1").status_code == 409
    assert api.post("/counters/1/resume", "loket1").status_code == 204


def test_state_snapshot(api: Api) -> None:
    api.post("/tickets", "kiosk", json={"service": "informasi", "priority": True})
    api.post("/counters/1/call-next", "loket1")
    state = api.get("/state", "display").json()
    assert state["seq"] == 2
    assert state["office"]["timezone"] == "Asia/Makassar"
    assert state["recent_calls"][0]["number"] == "A-001"
    assert len(state["services"]) == 7
    assert {s["code"]: s["open"] for s in state["services"]}["informasi"] is True


def test_events_replay_then_stream_live(api: Api) -> None:
    api.post("/tickets", "kiosk", json={"service": "informasi"})
    api.post("/tickets", "kiosk", json={"service": "informasi"})
    with api.client.websocket_connect("/api/v1/events?after=1", headers=api.as_("display")) as ws:
        missed = ws.receive_json()
        assert (missed["seq"], missed["type"], missed["number"]) == (2, "ticket.issued", "A-002")
        api.post("/counters/1/call-next", "loket1")
        live = ws.receive_json()
        assert (live["seq"], live["type"], live["counter"]) == (3, "ticket.called", 1)


def test_events_refuse_a_missing_token(api: Api) -> None:
    with api.client.websocket_connect("/api/v1/events") as ws:
        message = ws.receive()
    assert message["type"] == "websocket.close"
    assert message["code"] == 4401


def test_openapi_is_published(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    assert "/api/v1/tickets" in spec["paths"]
    assert "/api/v1/counters/{counter}/call-next" in spec["paths"]


def test_a_printer_fault_is_recorded_at_the_hub(api: Api) -> None:
    ticket = api.post("/tickets", "kiosk", json={"service": "samsat"}).json()
    body = {"kind": "paper_out", "message": "Kertas habis", "ticket_id": ticket["id"]}
    response = api.post("/incidents", "kiosk", json=body)
    assert response.status_code == 201
    assert response.json()["device"] == "kiosk-1"
    with api.client.websocket_connect("/api/v1/events?after=1", headers=api.as_("fo")) as ws:
        event = ws.receive_json()
    assert (event["type"], event["kind"], event["ticket_id"]) == (
        "device.incident",
        "paper_out",
        ticket["id"],
    )
    assert api.get(f"/tickets/{ticket['id']}", "fo").json()["state"] == "waiting"
    bad = api.post("/incidents", "kiosk", json={"kind": "on_fire"})
    assert bad.status_code == 422


def test_estimated_wait_shares_the_queue_between_open_counters(api: Api) -> None:
    # Dukcapil: standard 10 minutes, counters 4 and 6, both free: two are called at once.
    tickets = [api.post("/tickets", "kiosk", json={"service": "dukcapil"}).json() for _ in range(5)]
    assert [t["estimated_wait_min"] for t in tickets] == [0, 0, 6, 11, 16]
    api.post("/counters/6/pause", "admin")  # back after a break: later, not never
    assert api.get(f"/tickets/{tickets[4]['id']}", "kiosk").json()["estimated_wait_min"] == 24
    assert tickets[0]["status_path"] == f"/t/{tickets[0]['id']}"


def test_recap_is_for_fo_and_follows_the_contract(api: Api) -> None:
    api.post("/tickets", "kiosk", json={"service": "dukcapil"})
    api.clock.advance(600)
    api.post("/counters/4/call-next", "loket4")
    recap = api.get("/recap?date=2026-11-23", "fo")
    assert recap.status_code == 200
    body = recap.json()
    dukcapil = next(s for s in body["services"] if s["code"] == "dukcapil")
    assert {"code", "issued", "served", "no_show", "transferred", "avg_wait_s", "max_wait_s",
            "avg_service_s", "called_within_threshold"} <= set(dukcapil)  # fmt: skip
    assert (dukcapil["issued"], dukcapil["avg_wait_s"]) == (1, 600)
    assert {"counters", "compensation"} <= set(body)
    assert api.get("/recap", "fo").json()["period"] == "2026-11-23"  # today by default
    assert api.get("/recap?date=2026-11-23", "kiosk").status_code == 403
    assert api.get("/recap?date=23-11-2026", "fo").status_code == 422
    assert api.get("/recap?month=2026-13", "fo").json()["error"]["code"] == "invalid_period"
