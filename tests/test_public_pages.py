"""The public listener's app in process: the `/t/{id}` contract, what it leaves out, and
its request limit (hub/public)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from common import indonesian
from hub.api import create_app
from hub.config import Office, Public
from hub.engine import FixedClock
from hub.officers import add_officer
from hub.public.app import create_public_app
from hub.public.ticket import estimate_text, find, public_ticket
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token
from tests.conftest import SequentialIds

NIP = "198001012005011001"
NAME = "Siti Rahmawati"
PUBLIC_KEYS = {"number", "service", "service_name", "state", "ahead", "eta_minutes",
               "counter", "counter_name", "called_at"}  # fmt: skip
PAGE_BUDGET_BYTES = 50 * 1024


@dataclass
class Office_:
    api: TestClient
    public: TestClient
    hub: Hub
    clock: FixedClock
    kiosk: dict[str, str]
    counter: dict[str, str]
    admin: dict[str, str]

    def issue(self, service: str = "dukcapil") -> dict[str, object]:
        reply = self.api.post("/api/v1/tickets", json={"service": service}, headers=self.kiosk)
        assert reply.status_code == 201, reply.text
        return dict(reply.json())

    def act(self, path: str) -> dict[str, object]:
        reply = self.api.post(f"/api/v1{path}", headers=self.counter)
        assert reply.status_code == 200, reply.text
        return dict(reply.json())


def _office(office: Office, clock: FixedClock, public: Public) -> Iterator[Office_]:
    hub = Hub(office.model_copy(update={"public": public}), Store(), clock, SequentialIds())
    add_officer(hub.store, NIP, NAME, "246810")
    kiosk = {"Authorization": f"Bearer {create_token(hub.store, 'kiosk', 'kiosk-1')}"}
    admin = {"Authorization": f"Bearer {create_token(hub.store, 'admin', 'admin')}"}
    with TestClient(create_app(hub)) as api, TestClient(create_public_app(hub)) as public_:
        session = api.post("/api/v1/sessions", json={"nip": NIP, "pin": "246810", "counter": 4})
        counter = {"Authorization": f"Bearer {session.json()['token']}"}
        yield Office_(api, public_, hub, clock, kiosk, counter, admin)
    hub.close()


@pytest.fixture
def office(real_office: Office, clock: FixedClock) -> Iterator[Office_]:
    yield from _office(real_office, clock, Public(requests_per_minute=10_000))


def test_the_json_twin_has_exactly_the_contract_keys_in_every_state(office: Office_) -> None:
    ticket = office.issue()
    path = f"/t/{ticket['id']}.json"
    seen = {}
    for step in (None, "/counters/4/call-next", f"/tickets/{ticket['id']}/serve",
                 f"/tickets/{ticket['id']}/close"):  # fmt: skip
        if step:
            office.act(step)
        reply = office.public.get(path)
        assert reply.status_code == 200
        body = reply.json()
        assert set(body) == PUBLIC_KEYS
        seen[body["state"]] = body
    assert list(seen) == ["waiting", "called", "serving", "closed"]
    assert seen["waiting"]["number"] == ticket["number"]
    assert seen["waiting"]["eta_minutes"] is not None
    assert seen["called"]["counter"] == 4
    assert seen["called"]["counter_name"]
    assert seen["called"]["called_at"]
    assert seen["closed"]["counter"] is None


def test_a_no_show_reads_no_show(office: Office_) -> None:
    ticket = office.issue()
    office.act("/counters/4/call-next")
    office.act(f"/tickets/{ticket['id']}/no-show")
    assert office.public.get(f"/t/{ticket['id']}.json").json()["state"] == "no_show"
    page = office.public.get(f"/t/{ticket['id']}").text
    assert "tidak hadir" in page


def test_the_page_is_indonesian_for_a_phone_and_names_the_ticket(office: Office_) -> None:
    for _ in range(6):
        office.issue()
    ticket = office.issue()
    reply = office.public.get(f"/t/{ticket['id']}")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/html")
    page = reply.text
    assert '<html lang="id">' in page
    assert 'name="viewport" content="width=device-width' in page
    assert ticket["number"] in page
    assert "Menunggu dipanggil" in page
    assert "6 orang di depan Anda" in page
    assert "Aktifkan suara" in page
    assert re.search(r"sekitar \d{2}\.\d{2}\u2013\d{2}\.\d{2} WITA", page), page


def test_a_called_ticket_shows_its_counter(office: Office_) -> None:
    ticket = office.issue()
    office.act("/counters/4/call-next")
    page = office.public.get(f"/t/{ticket['id']}").text
    assert "Silakan menuju" in page
    assert "Nomor Anda dipanggil" in page


def test_a_page_load_is_under_50_kb(office: Office_) -> None:
    ticket = office.issue()
    page = office.public.get(f"/t/{ticket['id']}")
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    assert scripts == ["/assets/ticket.js"]
    assets = [office.public.get(src) for src in scripts]
    assert all(a.status_code == 200 for a in assets)
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # nothing from outside
    total = len(page.content) + sum(len(a.content) for a in assets)
    assert total < PAGE_BUDGET_BYTES, total


@pytest.mark.parametrize("path", ["/t/nope", "/t/", "/t/id99999", "/nothing-here"])
def test_an_unknown_page_is_a_friendly_indonesian_404(office: Office_, path: str) -> None:
    reply = office.public.get(path)
    assert reply.status_code == 404
    assert reply.headers["content-type"].startswith("text/html")
    assert "tidak ditemukan" in reply.text
    assert '<html lang="id">' in reply.text


def test_an_unknown_ticket_as_json_is_a_json_error(office: Office_) -> None:
    for path in ("/t/nope.json", "/t/nope/events"):
        reply = office.public.get(path)
        assert reply.status_code == 404
        assert reply.json()["error"]["code"] == "not_found"
        assert reply.json()["error"]["message"] == "Nomor antrean tidak ditemukan."


@pytest.mark.parametrize(
    "path",
    ["/api/v1/health", "/api/v1/state", "/api/v1/tickets/{id}", "/api/v1/recap",
     "/api/v1/config", "/api/v1/openapi.json", "/openapi.json", "/api/v1/docs", "/docs"],
)  # fmt: skip
def test_no_api_route_answers_on_the_public_listener_even_with_a_token(
    office: Office_, path: str
) -> None:
    ticket = office.issue()
    url = path.replace("{id}", str(ticket["id"]))
    for headers in ({}, office.admin):
        reply = office.public.get(url, headers=headers)
        assert reply.status_code == 404, url
        assert ticket["number"] not in reply.text


def test_the_public_listener_is_read_only(office: Office_) -> None:
    ticket = office.issue()
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for path in (f"/t/{ticket['id']}", "/api/v1/tickets", "/api/v1/counters/4/call-next"):
            reply = office.public.request(method, path, headers=office.admin)
            assert reply.status_code in (404, 405), (method, path)
    assert office.public.get(f"/t/{ticket['id']}.json").json()["state"] == "waiting"


def test_no_officer_data_or_category_or_other_ticket_reaches_the_public(
    office: Office_,
) -> None:
    mine = office.issue()
    other = office.api.post(
        "/api/v1/tickets", json={"service": "dukcapil", "priority": True}, headers=office.kiosk
    ).json()
    office.clock.advance(16 * 60)  # the call owes a compensation case naming the officer
    called = office.act("/counters/4/call-next")
    assert called["id"] == other["id"]
    office.act(f"/tickets/{other['id']}/close")
    office.act("/counters/4/call-next")  # now mine, by Siti at counter 4
    replies = [office.public.get(f"/t/{mine['id']}"), office.public.get(f"/t/{mine['id']}.json")]
    for reply in replies:
        assert reply.status_code == 200
        assert NIP not in reply.text
        assert NAME not in reply.text
        assert other["id"] not in reply.text
        assert other["number"] not in reply.text
        assert "compensation" not in reply.text
        assert "priority" not in reply.text


def test_requests_beyond_the_per_client_limit_get_429_in_indonesian(
    real_office: Office, clock: FixedClock
) -> None:
    for office in _office(real_office, clock, Public(requests_per_minute=5)):
        ticket = office.issue()
        answers = [office.public.get(f"/t/{ticket['id']}.json") for _ in range(6)]
        assert [a.status_code for a in answers] == [200] * 5 + [429]
        refusal = answers[-1]
        assert refusal.json()["error"]["code"] == "too_many_requests"
        assert refusal.json()["error"]["message"].startswith("Terlalu banyak permintaan")
        assert int(refusal.headers["retry-after"]) >= 1
        # Guesses count too: a 404 is no way around the limit.
        assert office.public.get("/t/guess").status_code == 429


def test_behind_a_known_proxy_each_phone_has_its_own_limit(
    real_office: Office, clock: FixedClock
) -> None:
    # TestClient connects as "testclient".
    for office in _office(
        real_office, clock, Public(requests_per_minute=5, proxies=["testclient"])
    ):
        ticket = office.issue()
        for phone in ("10.0.0.7", "10.0.0.8"):
            codes = [
                office.public.get(
                    f"/t/{ticket['id']}.json", headers={"X-Forwarded-For": f"1.2.3.4, {phone}"}
                ).status_code
                for _ in range(6)
            ]
            assert codes == [200] * 5 + [429], phone


def test_a_forwarded_for_header_from_anyone_else_is_not_believed(
    real_office: Office, clock: FixedClock
) -> None:
    for office in _office(real_office, clock, Public(requests_per_minute=5)):
        ticket = office.issue()
        codes = [
            office.public.get(
                f"/t/{ticket['id']}.json", headers={"X-Forwarded-For": f"10.0.0.{n}"}
            ).status_code
            for n in range(6)
        ]
        assert codes == [200] * 5 + [429]


def test_the_estimate_reads_as_a_window_of_office_clock_times() -> None:
    wita = dt.timezone(dt.timedelta(hours=8), "WITA")
    now = dt.datetime(2026, 11, 23, 10, 33, tzinfo=wita)
    assert estimate_text(14, now) == "sekitar 10.40\u201310.55 WITA"
    assert estimate_text(0, now) == "Sebentar lagi"
    assert estimate_text(None, now).startswith("Belum dapat diperkirakan")
    # A long wait has a wider window: 25 % of 120 minutes.
    assert estimate_text(120, now) == "sekitar 12.00\u201313.05 WITA"


def test_the_zone_abbreviation_comes_from_the_office_time_zone() -> None:
    import zoneinfo

    for zone, name in (("Asia/Jakarta", "WIB"), ("Asia/Makassar", "WITA"),
                       ("Asia/Jayapura", "WIT")):  # fmt: skip
        start = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC).astimezone(zoneinfo.ZoneInfo(zone))
        assert indonesian.time_window(start, start).endswith(f" {name}")


def test_the_snapshot_tells_the_kiosk_where_phones_reach_the_pages(office: Office_) -> None:
    office.hub.public_url = "https://antrean.example.go.id"
    snapshot = office.api.get("/api/v1/state", headers=office.kiosk).json()
    assert snapshot["office"]["public_url"] == "https://antrean.example.go.id"


def test_a_page_watches_its_ticket_its_service_and_the_counters_serving_it(
    real_office: Office,
) -> None:
    from hub.engine.events import (
        ConfigReloaded,
        CounterPaused,
        DeviceIncident,
        TicketIssued,
        TicketTransferred,
    )
    from hub.public.changes import touched

    at = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
    issued = TicketIssued(at=at, ticket_id="x1", number="C-001", service="dukcapil", sequence=1,
                          business_date="2026-11-23", priority=False, category=None, ahead=0,
                          eta_minutes=None)  # fmt: skip
    assert touched([issued], real_office) == {"t:x1", "s:dukcapil"}
    moved = TicketTransferred(at=at, ticket_id="x1", number="C-001", service="bpjs",
                              from_service="dukcapil", from_counter=4, to_counter=None)  # fmt: skip
    assert touched([moved], real_office) == {"t:x1", "s:bpjs", "s:dukcapil"}
    counter = real_office.counter(4)
    assert counter is not None
    paused = CounterPaused(at=at, counter=4, reason="istirahat")
    assert touched([paused], real_office) == {f"s:{code}" for code in counter.services}
    incident = DeviceIncident(at=at, device="kiosk-1", kind="paper_out", message="habis",
                              ticket_id=None)  # fmt: skip
    assert touched([incident], real_office) == set()
    assert touched([ConfigReloaded(at=at, services=[], counters=[])], real_office) is None


def test_the_public_section_defaults_and_refuses_a_url_that_is_no_web_address(
    real_office: Office,
) -> None:
    from pydantic import ValidationError

    from hub.public.address import public_base

    assert (Public().port, Public().near_ahead, Public().url) == (8471, 3, "")
    with pytest.raises(ValidationError):
        Public(url="antrean.example.go.id")  # no scheme: a phone's camera app would not open it
    with pytest.raises(ValidationError):
        Public(url="https://antrean.example.go.id/?x=1")
    proxied = real_office.model_copy(update={"public": Public(url="https://antrean.go.id/mpp/")})
    assert public_base(proxied, "0.0.0.0", 8471) == "https://antrean.go.id/mpp"  # noqa: S104
    assert public_base(real_office, "192.168.10.2", 8471) == "http://192.168.10.2:8471"


def test_todays_ticket_read_from_memory_reads_as_the_hubs_full_view(office: Office_) -> None:
    """The phones' fast path (the engine's ticket directly) says what the hub's ticket
    view says, in every state a ticket passes through, ahead and estimate included."""
    behind = [office.issue()["id"] for _ in range(3)]
    steps = [None, "/counters/4/call-next", f"/tickets/{behind[0]}/serve",
             f"/tickets/{behind[0]}/close", "/counters/4/call-next",
             f"/tickets/{behind[1]}/no-show"]  # fmt: skip
    states = set()
    for step in steps:
        if step:
            office.act(step)
            office.clock.advance(90)
        for ticket_id in behind:
            fast = find(office.hub, ticket_id)
            full = public_ticket(office.hub.ticket(ticket_id), office.hub.office)
            assert fast == full
            assert fast is not None
            states.add(fast.state)
    assert states == {"waiting", "called", "serving", "closed", "no_show"}
    assert find(office.hub, "x" * 16) is None
