"""Kiosk and display tokens sit on public machines: they never see an officer's NIP or name.

Counter, FO and admin tokens still do (the panel shows who is signed in, FO's ledger
names the officer)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from websockets.sync.client import connect

from hub.api import create_app
from hub.config import Office
from hub.engine import FixedClock
from hub.officers import add_officer
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token
from hub.views import _officer_fields, without_officers
from protocol.views import StateView, TicketView
from tests.conftest import SequentialIds
from tests.hubproc import HubProcess

NIP = "198001012005011001"
NAME = "Siti Rahmawati"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def office_day(
    real_office: Office, clock: FixedClock
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]], str]]:
    """Siti signed in at counter 4 has called a citizen who waited long enough to be owed
    a drink: her NIP is on the counter, the call and the compensation case."""
    hub = Hub(real_office, Store(), clock, SequentialIds())
    add_officer(hub.store, NIP, NAME, "246810")
    who = {role: bearer(create_token(hub.store, role, f"{role}-1"))
           for role in ("kiosk", "display", "fo", "admin")}  # fmt: skip
    with TestClient(create_app(hub)) as client:
        session = client.post("/api/v1/sessions", json={"nip": NIP, "pin": "246810", "counter": 4})
        who["counter"] = bearer(session.json()["token"])
        ticket = client.post("/api/v1/tickets", json={"service": "dukcapil"}, headers=who["kiosk"])
        clock.advance(16 * 60)
        called = client.post("/api/v1/counters/4/call-next", headers=who["counter"]).json()
        assert called["compensation"]["officer"] == NIP
        yield client, who, ticket.json()["id"]
    hub.close()


@pytest.mark.parametrize("path", ["/state", "/counters", "/tickets/{ticket}"])
def test_kiosk_and_display_tokens_get_no_officer_nip_or_name(office_day, path: str) -> None:  # type: ignore[no-untyped-def]
    client, who, ticket_id = office_day
    url = "/api/v1" + path.format(ticket=ticket_id)
    for role in ("kiosk", "display"):
        reply = client.get(url, headers=who[role])
        assert reply.status_code == 200
        assert NIP not in reply.text, role
        assert NAME not in reply.text, role
        assert '"officer' not in reply.text, role
    for role in ("counter", "fo", "admin"):  # staff keep them
        assert NIP in client.get(url, headers=who[role]).text, role


def test_the_public_view_still_shows_the_queue(office_day) -> None:  # type: ignore[no-untyped-def]
    client, who, _ticket_id = office_day
    state = client.get("/api/v1/state", headers=who["display"]).json()
    counters = {c["number"]: c for c in state["counters"]}
    assert counters[4]["current"]["number"] == "C-001"
    assert state["recent_calls"][0]["counter"] == 4
    assert counters[4]["current"]["compensation"]["state"] == "owed"


@pytest.mark.slow
def test_a_display_event_stream_carries_no_officer_nip_or_name(hub_process: HubProcess) -> None:
    """Both the `?after=` replay and the live stream, against the real hub process."""
    store = Store.in_data_dir(hub_process.data_dir)
    add_officer(store, NIP, NAME, "246810")
    store.close()
    tv = bearer(hub_process.token("display", "tv-1"))
    fo = bearer(hub_process.token("fo", "fo-1"))
    kiosk = bearer(hub_process.token("kiosk", "kiosk-1"))
    hub_process.start()
    url = hub_process.url
    ws_url = url.replace("http://", "ws://") + "/events?after=0"

    def sign_in_and_call() -> None:
        session = httpx.post(f"{url}/sessions", json={"nip": NIP, "pin": "246810", "counter": 4})
        me = bearer(session.json()["token"])
        httpx.post(f"{url}/tickets", json={"service": "dukcapil"}, headers=kiosk)
        called = httpx.post(f"{url}/counters/4/call-next", headers=me)
        assert called.status_code == 200
        httpx.post(f"{url}/tickets/{called.json()['id']}/close", headers=me)
        assert httpx.delete(f"{url}/sessions/current", headers=me).status_code == 204

    def read(ws, count: int) -> list[str]:  # type: ignore[no-untyped-def]
        return [str(ws.recv(timeout=10)) for _ in range(count)]

    sign_in_and_call()  # five events, replayed below
    with connect(ws_url, additional_headers=tv) as tv_ws, \
            connect(ws_url, additional_headers=fo) as fo_ws:  # fmt: skip
        replayed_tv, replayed_fo = read(tv_ws, 5), read(fo_ws, 5)
        sign_in_and_call()  # the same five, live
        live_tv, live_fo = read(tv_ws, 5), read(fo_ws, 5)
    for messages in (replayed_tv, live_tv):
        types = [json.loads(m)["type"] for m in messages]
        assert types == ["counter.signed_in", "ticket.issued", "ticket.called",
                         "ticket.closed", "counter.signed_out"]  # fmt: skip
        assert json.loads(messages[2])["counter"] == 4  # the call itself still shows
        for message in messages:
            assert NIP not in message
            assert NAME not in message
    for messages in (replayed_fo, live_fo):  # FO's stream keeps them: the check can fail
        assert NAME in messages[0]
        assert NIP in messages[2]


def test_a_reply_model_loses_its_officers_as_its_dict_would(office_day) -> None:  # type: ignore[no-untyped-def]
    """A model's officers are left out by pydantic (`exclude`, from the field types): the
    same dict, to the key, as walking the model's whole dump."""
    client, who, ticket_id = office_day
    state = StateView.model_validate(client.get("/api/v1/state", headers=who["admin"]).json())
    ticket = TicketView.model_validate(
        client.get(f"/api/v1/tickets/{ticket_id}", headers=who["admin"]).json()
    )
    assert NIP in state.model_dump_json()  # officers to lose
    assert NIP in ticket.model_dump_json()
    assert _officer_fields(StateView) is not None  # (pydantic leaves them out, no walk)
    for view in (state, ticket, *state.counters, *state.recent_calls):
        left = without_officers(view)
        assert left == without_officers(view.model_dump(mode="json", exclude_unset=True))
        assert NIP not in json.dumps(left)
        assert NAME not in json.dumps(left)
