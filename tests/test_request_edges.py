"""Valid-looking requests at the edges get a clear 4xx, never a 500; appliances may not
flood the incident log; the rate limits themselves, on an explicit clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from antrian.cli import main
from common.paths import CONFIG_DIR
from hub import periods
from hub.api import create_app, ratelimit
from hub.config import Office
from hub.engine import FixedClock
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token
from tests.conftest import SequentialIds


@pytest.fixture
def api(real_office: Office, clock: FixedClock) -> Iterator[tuple[TestClient, Hub, dict]]:
    hub = Hub(real_office, Store(), clock, SequentialIds())
    who = {role: {"Authorization": f"Bearer {create_token(hub.store, role, f'{role}-1')}"}
           for role in ("kiosk", "display", "fo")}  # fmt: skip
    with TestClient(create_app(hub), raise_server_exceptions=False) as client:
        yield client, hub, who
    hub.close()


@pytest.mark.parametrize(
    "query",
    ["month=9999-12", "date=9999-12-31", "date=0000-00-00", "date=0001-01-01", "month=1999-12"],
)
def test_a_recap_at_the_ends_of_the_calendar_is_a_4xx_not_a_500(api, query: str) -> None:  # type: ignore[no-untyped-def]
    client, _hub, who = api
    reply = client.get(f"/api/v1/recap?{query}", headers=who["fo"])
    assert reply.status_code == 422, reply.text
    error = reply.json()["error"]
    assert error["code"] == "invalid_period"
    assert error["message"].startswith("Periode tidak sah")


def test_the_recap_command_refuses_the_end_of_the_calendar_plainly(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["recap", "--date", "9999-12-31", "--data", str(tmp_path),
                                       "--config", str(CONFIG_DIR / "demo.toml")])  # fmt: skip
    assert result.exit_code == 1
    assert "the year must be 2000-2999 (got 9999)" in result.output


def test_the_years_a_recap_may_ask_for() -> None:
    assert periods.month("2999-12").last.isoformat() == "2999-12-31"
    assert periods.day("2000-01-01").label == "2000-01-01"
    with pytest.raises(periods.PeriodError):
        periods.day("3000-01-01")


@pytest.mark.parametrize("priority", ["yes", "true", "ya", 1, "1", 0, None])
def test_priority_must_be_a_json_boolean(api, priority: object) -> None:  # type: ignore[no-untyped-def]
    client, hub, who = api
    body = {"service": "informasi", "priority": priority}
    reply = client.post("/api/v1/tickets", json=body, headers=who["kiosk"])
    if priority is None:  # null: as if left out
        assert reply.status_code == 201
        return
    assert reply.status_code == 422, reply.text
    assert reply.json()["error"]["code"] == "invalid_request"
    assert hub.engine.issued_today("informasi") == 0


def test_priority_false_with_a_category_is_refused_not_a_priority_ticket(api) -> None:  # type: ignore[no-untyped-def]
    client, hub, who = api
    body = {"service": "informasi", "priority": False, "category": "lansia"}
    reply = client.post("/api/v1/tickets", json=body, headers=who["kiosk"])
    assert reply.status_code == 422, reply.text
    assert "priority" in reply.json()["error"]["message_en"]
    assert hub.engine.issued_today("informasi") == 0
    stated = client.post("/api/v1/tickets", headers=who["kiosk"],
                         json={"service": "informasi", "priority": True, "category": "lansia"})  # fmt: skip
    implied = client.post("/api/v1/tickets", headers=who["kiosk"],
                          json={"service": "informasi", "category": "lansia"})  # fmt: skip
    plain = client.post("/api/v1/tickets", headers=who["kiosk"],
                        json={"service": "informasi", "priority": False})  # fmt: skip
    assert [r.json()["priority"] for r in (stated, implied, plain)] == [True, True, False]


def test_an_appliance_files_at_most_a_few_incidents_a_minute(api) -> None:  # type: ignore[no-untyped-def]
    client, hub, who = api
    body = {"kind": "printer_error", "message": "Printer macet"}
    replies = [client.post("/api/v1/incidents", json=body, headers=who["display"])
               for _ in range(ratelimit.INCIDENTS + 4)]  # fmt: skip
    statuses = [r.status_code for r in replies]
    assert statuses == [201] * ratelimit.INCIDENTS + [429] * 4
    refused = replies[-1]
    assert refused.json()["error"]["code"] == "too_many_incidents"
    assert "terlalu sering" in refused.json()["error"]["message"]
    assert 0 < int(refused.headers["Retry-After"]) <= ratelimit.INCIDENT_WINDOW_S
    # Another device has its own allowance; the recap holds only what was accepted.
    assert client.post("/api/v1/incidents", json=body, headers=who["kiosk"]).status_code == 201
    recap = client.get("/api/v1/recap", headers=who["fo"]).json()
    assert len(recap["incidents"]) == ratelimit.INCIDENTS + 1


def test_a_sliding_limit_frees_a_slot_as_the_oldest_hit_ages_out() -> None:
    limit = ratelimit.SlidingLimit(2, window_s=60)
    limit.hit("a", 0)
    limit.hit("a", 10)
    assert limit.wait_s("a", 30) == 30  # the hit at 0 leaves the window at 60
    assert limit.wait_s("b", 30) == 0
    assert limit.wait_s("a", 60) == 0
    limit.forget("a", 10)
    assert limit.wait_s("a", 61) == 0


def test_the_sign_in_guard_takes_back_a_right_pin_and_trusts_its_address() -> None:
    guard = ratelimit.SignInGuard()
    for second in range(ratelimit.OVERALL_MISSES - 1):
        guard.admit(f"10.0.0.{second}", second)  # wrong PINs from everywhere
    right = guard.admit("10.0.1.1", 30)
    guard.signed_in(right)  # not counted: the overall window still has one slot
    guard.admit("10.0.1.2", 31)
    with pytest.raises(ratelimit.TooMany) as refused:
        guard.admit("10.0.1.3", 32)
    assert refused.value.retry_after_s == 28  # the miss at 0 leaves the window at 60
    guard.admit("10.0.1.1", 33)  # the counter PC that signed in is not shut out
    for second in range(ratelimit.ADDRESS_MISSES - 1):
        guard.admit("10.0.1.1", 34 + second)
    with pytest.raises(ratelimit.TooMany):
        guard.admit("10.0.1.1", 50)  # but its own limit holds
