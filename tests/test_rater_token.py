"""The rater's token: bound to one counter, it reads the queue and rates, nothing else, and
never sees who the officers are (the rater stands where the citizen sits)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
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
from hub.tokens import GRANTS, Permission, Role, create_token
from tests.conftest import SequentialIds
from tests.survey_office import SurveyOffice, survey_office

NIP = "198001012005011001"
NAME = "Siti Rahmawati"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_rater_reads_and_rates_and_nothing_more() -> None:
    assert GRANTS[Role.RATER] == {Permission.READ, Permission.RATE}
    assert Permission.RATE.value == "rate"
    for role in (Role.KIOSK, Role.DISPLAY, Role.COUNTER, Role.FO):
        assert Permission.RATE not in GRANTS[role], role


def test_a_rater_token_names_one_counter(tmp_path: Path) -> None:
    runner = CliRunner()
    data = ["--data", str(tmp_path)]
    made = runner.invoke(main, ["token", "create", "--role", "rater", "--name", "rater-3",
                                "--counter", "3", *data])  # fmt: skip
    assert made.exit_code == 0, made.output
    assert made.stdout.strip().splitlines()[-1].startswith("ant_")
    for counter in ([], ["--counter", "all"]):
        refused = runner.invoke(main, ["token", "create", "--role", "rater", "--name", "r",
                                       *counter, *data])  # fmt: skip
        assert refused.exit_code != 0
        assert "a rater token needs --counter N" in refused.output
    listed = runner.invoke(main, ["token", "list", *data]).output
    assert "rater-3" in listed
    assert "rater    counter 3" in listed


def test_only_counter_and_rater_tokens_take_a_counter() -> None:
    store = Store()
    try:
        with pytest.raises(TokenError, match="only for tokens of role 'counter' or 'rater'"):
            create_token(store, "display", "tv", 3)
        assert create_token(store, "rater", "rater-1", 1).startswith("ant_")
    finally:
        store.close()


@pytest.fixture
def booth(
    real_office: Office, clock: FixedClock
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    """Siti signed in at counter 4 has called a citizen owed a drink (her NIP is on the
    counter, the call and the case); a rater stands at counter 4."""
    hub = Hub(real_office, Store(), clock, SequentialIds())
    add_officer(hub.store, NIP, NAME, "246810")
    who = {"kiosk": bearer(create_token(hub.store, "kiosk", "kiosk-1")),
           "rater": bearer(create_token(hub.store, "rater", "rater-4", 4))}  # fmt: skip
    with TestClient(create_app(hub)) as client:
        session = client.post("/api/v1/sessions", json={"nip": NIP, "pin": "246810", "counter": 4})
        who["counter"] = bearer(session.json()["token"])
        client.post("/api/v1/tickets", json={"service": "dukcapil"}, headers=who["kiosk"])
        clock.advance(16 * 60)
        called = client.post("/api/v1/counters/4/call-next", headers=who["counter"])
        assert called.status_code == 200
        assert NIP in called.text  # the officer's own panel sees it: the check can fail
        yield client, who
    hub.close()


@pytest.mark.parametrize("path", ["/state", "/counters", "/tickets/id00001"])
def test_a_rater_sees_the_queue_but_no_officer(booth, path: str) -> None:  # type: ignore[no-untyped-def]
    client, who = booth
    reply = client.get(f"/api/v1{path}", headers=who["rater"])
    assert reply.status_code == 200
    assert NIP not in reply.text
    assert NAME not in reply.text
    assert '"officer' not in reply.text
    assert NIP in client.get(f"/api/v1{path}", headers=who["counter"]).text


def test_a_rater_events_stream_carries_no_officer(booth) -> None:  # type: ignore[no-untyped-def]
    client, who = booth
    with client.websocket_connect("/api/v1/events?after=0", headers=who["rater"]) as ws:
        messages = [ws.receive_text() for _ in range(3)]
    types = [json.loads(message)["type"] for message in messages]
    assert types == ["counter.signed_in", "ticket.issued", "ticket.called"]
    joined = "".join(messages)
    assert NIP not in joined
    assert NAME not in joined


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/tickets", {"service": "dukcapil"}),
        ("post", "/counters/4/call-next", None),
        ("post", "/tickets/id00001/close", None),
        ("get", "/recap", None),
        ("get", "/compensations", None),
    ],
)
def test_a_rater_may_not_issue_call_close_or_read_reports(booth, method: str, path: str,
                                                          body: object) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    client, who = booth
    reply = client.request(method.upper(), f"/api/v1{path}", headers=who["rater"], json=body)
    assert reply.status_code == 403, reply.text
    assert reply.json()["error"]["code"] == "forbidden"


@pytest.fixture
def survey(real_office: Office, clock: FixedClock) -> Iterator[SurveyOffice]:
    for office in survey_office(real_office, clock):
        for counter in (1, 4):
            secret = create_token(office.hub.store, "rater", f"rater-{counter}", counter)
            office.tokens[f"rater{counter}"] = bearer(secret)
        yield office


def test_a_rater_rates_only_what_was_closed_at_its_counter(survey: SurveyOffice) -> None:
    ticket_id = survey.closed()  # at counter 4

    def rate(who: str, score: int) -> httpx.Response:
        return survey.api.post(f"/api/v1/tickets/{ticket_id}/rating", json={"score": score},
                               headers=survey.tokens[who])  # fmt: skip

    elsewhere = rate("rater1", 1)
    assert elsewhere.status_code == 403, elsewhere.text
    assert elsewhere.json()["error"]["code"] == "wrong_counter"
    assert elsewhere.json()["error"]["message"] == "Perangkat ini untuk Loket 1, bukan Loket 4."
    here = rate("rater4", 4)
    assert here.status_code == 201, here.text
    assert here.json() == {"ticket_id": ticket_id, "score": 4}
    assert rate("rater4", 2).status_code == 409  # once
    assert rate("rater1", 2).status_code == 403  # and never from another booth
    waiting = survey.issue()
    assert survey.api.post(f"/api/v1/tickets/{waiting}/rating", json={"score": 3},
                           headers=survey.tokens["rater4"]).status_code == 409  # fmt: skip
    for who in ("kiosk", "display", "counter"):  # a rating is the rater's (and admin's)
        assert rate(who, 3).status_code == 403, who
