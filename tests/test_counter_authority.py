"""Authorisation by counter: a counter acts on its own citizens and cases, FO on any case
and any transfer, and a counter token names the counters it acts for."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from antrian.cli import main
from hub.api import create_app
from hub.config import Office
from hub.engine import FixedClock
from hub.errors import TokenError
from hub.officers import add_officer
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token, hash_secret
from tests.conftest import SequentialIds

NIP = "198001012005011001"


@dataclass
class Desk:
    client: TestClient
    hub: Hub
    clock: FixedClock
    tokens: dict[str, str]

    def post(self, path: str, who: str, body: object = None):  # type: ignore[no-untyped-def]
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        return self.client.post(f"/api/v1{path}", headers=headers, json=body)

    def late_call(self, counter: int, service: str = "dukcapil") -> dict:  # type: ignore[type-arg]
        """A citizen who waited 16 minutes, called at `counter`: owed a drink."""
        self.post("/tickets", "kiosk", {"service": service})
        self.clock.advance(16 * 60)
        called = self.post(f"/counters/{counter}/call-next", f"loket{counter}")
        assert called.status_code == 200, called.text
        assert called.json()["compensation"]["state"] == "owed"
        return dict(called.json())


@pytest.fixture
def desk(real_office: Office, clock: FixedClock) -> Iterator[Desk]:
    hub = Hub(real_office, Store(), clock, SequentialIds())
    tokens = {
        f"loket{n}": create_token(hub.store, "counter", f"loket-{n}", n) for n in (1, 4, 6, 7)
    }
    for role in ("kiosk", "fo", "admin"):
        tokens[role] = create_token(hub.store, role, f"{role}-1")
    with TestClient(create_app(hub)) as client:
        yield Desk(client, hub, clock, tokens)
    hub.close()


def test_only_the_counter_that_holds_a_compensation_case_may_mark_it_given(desk: Desk) -> None:
    case = desk.late_call(4)["compensation"]
    for other in ("loket6", "loket1"):  # 6 serves the same service; 1 another
        refused = desk.post(f"/compensations/{case['id']}/given", other)
        assert refused.status_code == 403, other
        assert refused.json()["error"]["code"] == "wrong_counter"
    assert desk.post(f"/compensations/{case['id']}/given", "loket4").json()["state"] == "given"


def test_fo_may_mark_any_compensation_case_given(desk: Desk) -> None:
    case = desk.late_call(4)["compensation"]
    assert desk.post(f"/compensations/{case['id']}/given", "fo").json()["state"] == "given"


def test_a_citizen_sent_on_to_another_counter_gets_the_drink_there(desk: Desk) -> None:
    called = desk.late_call(4)
    moved = desk.post(f"/tickets/{called['id']}/transfer", "loket4", {"service": "bpjs"})
    assert moved.status_code == 200
    assert desk.post("/counters/7/call-next", "loket7").json()["id"] == called["id"]
    desk.post(f"/tickets/{called['id']}/close", "loket7")  # given after the service
    case_id = called["compensation"]["id"]
    assert desk.post(f"/compensations/{case_id}/given", "loket1").status_code == 403
    assert desk.post(f"/compensations/{case_id}/given", "loket7").json()["state"] == "given"


def test_a_counter_cannot_record_a_case_on_another_counters_ticket(desk: Desk) -> None:
    called = desk.late_call(4)
    body = {"kind": "fee_differs", "ticket_id": called["id"], "note": "Rp 50.000"}
    refused = desk.post("/compensations", "loket6", body)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "wrong_counter"
    assert desk.post("/compensations", "loket4", body).status_code == 201
    desk.post(f"/tickets/{called['id']}/close", "loket4")
    # Closed, the ticket is still counter 4's (from the log), not counter 6's.
    assert desk.post("/compensations", "loket6", body).status_code == 403
    assert desk.post("/compensations", "loket4", body).status_code == 201
    assert desk.post("/compensations", "fo", body).status_code == 201


def test_an_officer_at_counter_1_cannot_act_on_counter_4s_tickets_or_cases(desk: Desk) -> None:
    add_officer(desk.hub.store, NIP, "Siti Rahmawati", "246810")
    session = desk.client.post("/api/v1/sessions", json={"nip": NIP, "pin": "246810", "counter": 1})
    desk.tokens["siti"] = session.json()["token"]
    called = desk.late_call(4)
    for action in ("serve", "recall", "close", "no-show"):
        assert desk.post(f"/tickets/{called['id']}/{action}", "siti").status_code == 403, action
    moved = desk.post(f"/tickets/{called['id']}/transfer", "siti", {"service": "informasi"})
    assert moved.status_code == 403
    case_id = called["compensation"]["id"]
    assert desk.post(f"/compensations/{case_id}/given", "siti").status_code == 403
    body = {"kind": "fee_differs", "ticket_id": called["id"]}
    assert desk.post("/compensations", "siti", body).status_code == 403


def test_fo_may_transfer_a_citizen_who_chose_wrongly(desk: Desk) -> None:
    ticket = desk.post("/tickets", "kiosk", {"service": "informasi"}).json()
    moved = desk.post(f"/tickets/{ticket['id']}/transfer", "fo", {"service": "dukcapil"})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["service"], moved.json()["state"]) == ("dukcapil", "waiting")
    # FO moves citizens, but does not run a counter.
    assert desk.post(f"/tickets/{ticket['id']}/serve", "fo").status_code == 403
    assert desk.post("/counters/4/call-next", "fo").status_code == 403


def test_a_counter_token_bound_to_no_counter_is_refused_at_counters(desk: Desk) -> None:
    with pytest.raises(TokenError, match="--counter N"):
        create_token(desk.hub.store, "counter", "loket-lama")
    # A token made before bindings were required: it may still read, never act.
    legacy = "ant_made-before-bindings"
    with desk.hub.store.write():
        desk.hub.store.conn.execute(
            "INSERT INTO tokens (name, role, counter, secret_hash, created_at) "
            "VALUES ('loket-lama', 'counter', NULL, ?, '2026-01-01T00:00:00.000Z')",
            (hash_secret(legacy),),
        )
    desk.tokens["old"] = legacy
    ticket = desk.post("/tickets", "kiosk", {"service": "informasi"}).json()
    for path in ("/counters/1/call-next", "/counters/1/pause", f"/tickets/{ticket['id']}/close"):
        refused = desk.post(path, "old")
        assert refused.status_code == 403, path
        assert refused.json()["error"]["code"] == "unbound_counter_token"
    refused = desk.post("/compensations", "old", {"kind": "fee_differs"})
    assert refused.json()["error"]["code"] == "unbound_counter_token"
    headers = {"Authorization": f"Bearer {legacy}"}
    assert desk.client.get("/api/v1/state", headers=headers).status_code == 200


def test_a_token_for_every_counter_is_explicit_and_listed(tmp_path: Path) -> None:
    runner = CliRunner()
    data = ["--data", str(tmp_path)]
    made = runner.invoke(main, ["token", "create", "--role", "counter", "--name", "loket-semua",
                                "--counter", "all", *data])  # fmt: skip
    assert made.exit_code == 0, made.output
    assert runner.invoke(main, ["token", "create", "--role", "counter", "--name", "loket-4",
                                "--counter", "4", *data]).exit_code == 0  # fmt: skip
    unbound = runner.invoke(main, ["token", "create", "--role", "counter", "--name", "x", *data])
    assert unbound.exit_code == 1
    assert "--counter N" in unbound.output
    bad = runner.invoke(main, ["token", "create", "--role", "counter", "--name", "y",
                               "--counter", "semua", *data])  # fmt: skip
    assert bad.exit_code == 2
    listed = {line.split()[0]: line for line in
              runner.invoke(main, ["token", "list", *data]).output.splitlines()}  # fmt: skip
    assert "all counters" in listed["loket-semua"]
    assert "counter 4" in listed["loket-4"]


def test_a_token_for_every_counter_acts_at_each(
    real_office: Office, clock: FixedClock, tmp_path: Path
) -> None:
    store = Store(tmp_path / "antrian.sqlite3")
    secret = create_token(store, "counter", "loket-semua", "all")
    hub = Hub(real_office, store, clock, SequentialIds())
    kiosk = {"Authorization": f"Bearer {create_token(store, 'kiosk', 'k')}"}
    every = {"Authorization": f"Bearer {secret}"}
    try:
        with TestClient(create_app(hub)) as client:
            for service, counter in (("informasi", 1), ("dukcapil", 4)):
                client.post("/api/v1/tickets", json={"service": service}, headers=kiosk)
                called = client.post(f"/api/v1/counters/{counter}/call-next", headers=every)
                assert called.status_code == 200
    finally:
        hub.close()
