"""The ingest's refusals, through the central ASGI app on real PostgreSQL: each a clear
4xx with a message (`{"error": {"code", "message", "message_en"}}`), and nothing
stored from a refused batch."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from central import app as central_app
from central.store import Central

OFFICE = {"name": "X", "timezone": "Asia/Makassar", "threshold_minutes": 15,
          "services": [{"code": "informasi", "name": "Informasi"}], "counters": [],
          "hours": {"monday": "08:00-16:00"}}  # fmt: skip


def issued(seq: int, day: str = "2026-11-23") -> dict[str, Any]:
    data = json.dumps({"type": "ticket.issued", "v": 2, "at": f"{day}T01:00:00.000Z",
                       "ticket_id": f"t{seq}", "number": f"A-{seq:03d}", "service": "informasi",
                       "sequence": seq, "business_date": day, "priority": False,
                       "category": None, "ahead": 0, "eta_minutes": 3})  # fmt: skip
    return {"seq": seq, "business_date": day, "data": data}


@pytest.fixture
def api(dsn: str) -> Iterator[tuple[TestClient, Central]]:
    central = Central(dsn, max_size=2)
    central.migrate()
    token = central.add_office("x1", "X")
    try:
        with TestClient(central_app.create_app(central)) as http:
            http.headers["Authorization"] = f"Bearer {token}"
            yield http, central
    finally:
        central.close()


@pytest.mark.parametrize(
    ("body", "status", "code", "says"),
    [
        (b"{not json", 422, "invalid_batch", "body"),
        ({"after": 0, "events": [{"seq": 1, "business_date": "23-11-2026", "data": "{}"}]},
         422, "invalid_batch", "events.0.business_date"),
        ({"after": 0, "events": [issued(1, "2026-02-30")]}, 422, "invalid_event", "date"),
        ({"after": 0, "events": [{**issued(1), "data": "{\"type\": "}]}, 422, "invalid_event",
         "not JSON"),
        ({"after": 0, "events": [{**issued(1), "data": "[1, 2]"}]}, 422, "invalid_event",
         "with a type"),
        ({"after": 0, "events": [issued(2), issued(1)]}, 422, "not_in_order", "ascending"),
        ({"after": 0, "events": [{**issued(1), "data": '{"type": "complaint.received"}'}]},
         422, "invalid_event", "due_date"),
        ({"after": 0, "events": [{**issued(1), "data": '{"type": "survey.answered", '
                                                       '"answers": {"U1": 9}}'}]},
         422, "invalid_event", "lacks"),
        ({"after": 0, "office": {**OFFICE, "hours": {"monday": "9-5"}}, "events": []}, 422,
         "invalid_batch", "office.hours.monday"),
    ],
)  # fmt: skip
def test_a_bad_batch_is_refused_with_a_message_and_nothing_is_stored(
    api: tuple[TestClient, Central], body: Any, status: int, code: str, says: str
) -> None:
    http, central = api
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    reply = http.post("/api/v1/ingest", content=content,
                      headers={"Content-Type": "application/json"})  # fmt: skip
    assert reply.status_code == status, reply.text
    error = reply.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert says in error["message_en"]
    assert central.offices()[0]["last_seq"] == 0
    good = http.post("/api/v1/ingest", json={"after": 0, "office": OFFICE, "events": [issued(1)]})
    assert good.json() == {"last_seq": 1, "stored": 1}  # the next good batch goes in


def test_a_body_past_the_limit_is_refused_before_it_is_read_whole(
    api: tuple[TestClient, Central], monkeypatch: pytest.MonkeyPatch
) -> None:
    http, central = api
    monkeypatch.setattr(central_app, "MAX_BODY", 10_000)
    events = [issued(n) for n in range(1, 100)]
    reply = http.post("/api/v1/ingest", json={"after": 0, "office": OFFICE, "events": events})
    assert reply.status_code == 413
    assert reply.json()["error"]["code"] == "too_large"
    assert central.offices()[0]["last_seq"] == 0
