"""The protocol package: its kinds, and HubClient reading the real hub's replies as its
models."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from hub.api.errors import error_body
from hub.engine.desk import CASE_TITLES, MANUAL_CASES
from hub_client import HubClient, UnexpectedReply
from protocol.kinds import (
    CompensationKind,
    ComplaintChannel,
    IncidentKind,
    ManualCompensationKind,
    TicketState,
)
from protocol.views import ErrorView, TicketView
from tests.hubproc import HubProcess


def test_the_manual_kinds_are_every_compensation_kind_but_the_late_call() -> None:
    assert set(ManualCompensationKind) == set(CompensationKind.manual_kinds())
    assert CompensationKind.LATE_SERVICE not in set(ManualCompensationKind)
    assert set(MANUAL_CASES) == set(ManualCompensationKind)
    assert set(CASE_TITLES) == set(CompensationKind)


def test_every_kind_has_its_indonesian_title() -> None:
    for kinds in (CompensationKind, IncidentKind, ComplaintChannel):
        for kind in kinds:
            assert kind.label.strip(), kind
    assert CompensationKind.OFFICER_INCOMPETENT.remedy.startswith("Permohonan maaf")


def test_complaint_channels_are_the_ones_the_office_takes() -> None:
    assert [str(c) for c in ComplaintChannel] == [
        "loket", "surat", "kotak_saran", "email", "whatsapp", "sms", "telepon",
        "media_sosial", "website", "sp4n_lapor",
    ]  # fmt: skip


def test_the_hubs_error_body_is_the_error_model() -> None:
    body = error_body("counter_busy", "Loket sibuk.", "Counter busy.", ticket_id="t-1")
    error = ErrorView.model_validate(body).error
    assert (error.code, error.details) == ("counter_busy", {"ticket_id": "t-1"})


@pytest.mark.slow
def test_hub_client_reads_the_real_hubs_replies_as_models(hub_process: HubProcess) -> None:
    kiosk_token = hub_process.token("kiosk", "kiosk-1")
    counter_token = hub_process.token("counter", "loket-4", 4)
    hub_process.start()
    with HubClient(hub_process.url, kiosk_token) as kiosk:
        assert kiosk.health().status == "ok"
        first = kiosk.issue("dukcapil")
        second = kiosk.issue("dukcapil")
        assert isinstance(second, TicketView)
        assert (first.state, second.ahead) == (TicketState.WAITING, 1)
        assert second.eta_minutes is not None
        state = kiosk.state()
        assert state.seq >= 2
        assert {s.code: s.waiting for s in state.services}["dukcapil"] == 2
        assert all(c.officer is None for c in state.counters)  # not for a kiosk's eyes
    with HubClient(hub_process.url, counter_token) as counter:
        called = counter.call_next(4)
        assert called is not None
        assert (called.id, called.state) == (first.id, TicketState.CALLED)
        assert called.waited_s is not None  # only a call-next reply carries it
        assert counter.ticket(called.id).waited_s is None
        assert counter.act(called.id, "serve").state == TicketState.SERVING
        assert counter.ticket(second.id).ahead == 0


class _NotAHub(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        body = b'{"status": "ok"}'  # no version, no office: some other service
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def not_a_hub() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotAHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_a_reply_that_is_not_the_protocols_is_an_unexpected_reply(not_a_hub: str) -> None:
    with HubClient(not_a_hub, None) as client, pytest.raises(UnexpectedReply, match="HealthView"):
        client.health()
