"""Events carry a version `v`; the log is read back whatever wrote it: an event stored
before versions existed is version 1 and is upcast, a type from a newer Antrian is
logged and skipped."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hub.api import create_app
from hub.config import Office
from hub.engine import FixedClock
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token
from protocol.events import (
    EVENT_TYPES,
    UPCASTERS,
    TicketIssued,
    UnknownEventType,
    event_from_dict,
    upcast,
)
from protocol.kinds import EventType, TicketState
from tests.conftest import SequentialIds

V1_ISSUED = {
    "type": "ticket.issued",
    "at": "2026-11-23T01:00:00.000Z",
    "ticket_id": "t-old",
    "number": "C-001",
    "service": "dukcapil",
    "sequence": 1,
    "business_date": "2026-11-23",
    "priority": False,
    "category": None,
    "ahead": 0,
}


def test_an_event_without_v_is_version_1_and_is_upcast() -> None:
    event = event_from_dict(V1_ISSUED)
    assert isinstance(event, TicketIssued)
    assert event.eta_minutes is None
    assert upcast(V1_ISSUED) == {**V1_ISSUED, "v": 2, "eta_minutes": None}


def test_the_wire_form_carries_the_version() -> None:
    event = event_from_dict({**V1_ISSUED, "v": 2, "eta_minutes": 12})
    wire = event.to_dict()
    assert (wire["type"], wire["v"], wire["eta_minutes"]) == ("ticket.issued", 2, 12)
    assert event_from_dict(json.loads(json.dumps(wire))) == event


def test_every_old_version_has_an_upcaster() -> None:
    for kind, cls in EVENT_TYPES.items():
        assert kind in set(EventType), kind
        for version in range(1, cls.version):
            assert (kind, version) in UPCASTERS, (kind, version)


def test_an_unknown_type_is_named_by_the_error() -> None:
    with pytest.raises(UnknownEventType, match="kiosk.photographed"):
        event_from_dict({"type": "kiosk.photographed", "v": 1, "at": V1_ISSUED["at"]})


@pytest.fixture
def stored_day(tmp_path: Path, real_office: Office, clock: FixedClock) -> Path:
    """A store with a day's events as this version writes them (v2 `ticket.issued`)."""
    path = tmp_path / "antrian.sqlite3"
    hub = Hub(real_office, Store(path), clock, SequentialIds())
    try:
        hub.run(lambda: hub.issue("dukcapil"))
        hub.run(lambda: hub.issue("dukcapil"))
        hub.run(lambda: hub.issue("dukcapil"))
        hub.run(lambda: hub.call_next(4))
    finally:
        hub.close()
    return path


def rewrite_log(path: Path) -> dict[str, int | None]:
    """Make the log one an older and a newer Antrian wrote: the first ticket as version 1
    stored it (no `v`, no estimate), and, last, an event of a type from the future.
    Returns the estimates the tickets were stored with."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT seq, data, business_date FROM events WHERE type = 'ticket.issued' ORDER BY seq"
        ).fetchall()
        etas = {
            json.loads(data)["ticket_id"]: json.loads(data)["eta_minutes"] for _, data, _ in rows
        }
        first_seq, first_data, day = rows[0]
        old = {k: v for k, v in json.loads(first_data).items() if k not in ("v", "eta_minutes")}
        with conn:
            conn.execute("UPDATE events SET data = ? WHERE seq = ?", (json.dumps(old), first_seq))
            future = {"type": "kiosk.photographed", "v": 3, "at": old["at"], "score": 5}
            conn.execute(
                "INSERT INTO events (type, at, business_date, ticket_id, counter, data) "
                "VALUES (?, ?, ?, NULL, NULL, ?)",
                ("kiosk.photographed", old["at"], day, json.dumps(future)),
            )
        return etas
    finally:
        conn.close()


def test_a_replay_of_an_unknown_type_and_a_v1_event_rebuilds_the_right_state(
    stored_day: Path,
    real_office: Office,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    etas = rewrite_log(stored_day)
    first, second, third = etas
    assert etas[third] is not None  # this version stored the estimate the citizen got

    with caplog.at_level(logging.WARNING, logger="hub.store"):
        hub = Hub(real_office, Store(stored_day), clock)  # random ids: none reused
    try:
        engine = hub.engine
        assert [t.number for t in engine.tickets.values()] == ["C-001", "C-002", "C-003"]
        assert engine.tickets[first].state is TicketState.CALLED  # called by counter 4
        assert engine.counters[4].current == first
        assert [t.state for t in (engine.tickets[second], engine.tickets[third])] == [
            TicketState.WAITING,
            TicketState.WAITING,
        ]
        assert engine.tickets[first].eta_minutes is None  # v1 kept no estimate
        assert engine.tickets[third].eta_minutes == etas[third]
        assert engine.issued_today("dukcapil") == 3
        assert "event 5: type kiosk.photographed is unknown to this version; skipped" in caplog.text

        # The hub goes on from there: numbering continues, the log takes new events.
        ticket, _ = hub.run(lambda: hub.issue("dukcapil"))
        assert ticket.number == "C-004"
        assert hub.run(lambda: hub.ticket(first)).eta_minutes is None
    finally:
        hub.close()


def test_the_issue_reply_gives_the_estimate_the_ticket_keeps(
    real_office: Office, clock: FixedClock
) -> None:
    hub = Hub(real_office, Store(), clock, SequentialIds())
    kiosk = {"Authorization": f"Bearer {create_token(hub.store, 'kiosk', 'kiosk-1')}"}
    try:
        with TestClient(create_app(hub)) as client:
            replies = [
                client.post("/api/v1/tickets", json={"service": "dukcapil"}, headers=kiosk)
                for _ in range(3)
            ]
            assert [r.status_code for r in replies] == [201, 201, 201]
            third = replies[2].json()
            assert third["ahead"] == 2
            assert isinstance(third["eta_minutes"], int)
            assert third["eta_minutes"] > 0
            assert third["eta_minutes"] == third["estimated_wait_min"]
            later = client.get(f"/api/v1/tickets/{third['id']}", headers=kiosk).json()
            assert later["eta_minutes"] == third["eta_minutes"]
    finally:
        hub.close()
