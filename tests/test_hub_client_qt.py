"""The Qt connection against the real hub process: snapshot, live events, resume."""

from __future__ import annotations

import httpx
import pytest

from hub_client.events import HubEvent
from hub_client.qt import HubConnection
from protocol.events import CompensationRecorded, CompensationSettled, TicketCalled, TicketIssued
from protocol.views import StateView
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow


def test_snapshot_then_live_then_resume_after_a_restart(qtbot, hub_process: HubProcess) -> None:  # type: ignore[no-untyped-def]
    display = hub_process.token("display", "tv-1")
    kiosk = {"Authorization": f"Bearer {hub_process.token('kiosk', 'kiosk-1')}"}
    counter = {"Authorization": f"Bearer {hub_process.token('counter', 'loket-1', 1)}"}
    hub_process.start()
    httpx.post(f"{hub_process.url}/tickets", json={"service": "informasi"}, headers=kiosk)

    connection = HubConnection(hub_process.url, display)
    snapshots: list[StateView] = []
    events: list[HubEvent] = []
    connection.snapshot.connect(snapshots.append)
    connection.hub_event.connect(events.append)
    with qtbot.waitSignal(connection.online_changed, timeout=5000):
        connection.start()
    assert snapshots[0].services[0].waiting == 1

    with qtbot.waitSignal(connection.hub_event, timeout=5000):
        httpx.post(f"{hub_process.url}/counters/1/call-next", headers=counter)
    called = events[-1].event
    assert isinstance(called, TicketCalled)
    assert called.number == "A-001"

    with qtbot.waitSignal(connection.online_changed, timeout=10000) as went:
        hub_process.stop()
    assert went.args == [False]
    hub_process.start()
    for _ in range(3):
        httpx.post(f"{hub_process.url}/tickets", json={"service": "informasi"}, headers=kiosk)
    qtbot.waitUntil(lambda: len(events) == 4 and connection.online, timeout=15000)
    issued = [e.event for e in events[1:]]
    assert [e.number for e in issued if isinstance(e, TicketIssued)] == ["A-002", "A-003", "A-004"]
    assert [e.seq for e in events] == list(range(events[0].seq, events[0].seq + 4))
    connection.stop()


def test_a_request_to_a_dead_hub_reports_it_did_not_happen(qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.hubproc import free_port

    connection = HubConnection(f"http://127.0.0.1:{free_port()}", "token")
    replies: list[tuple[int, object]] = []
    connection.request(
        "POST", "/counters/1/call-next", on_reply=lambda s, b: replies.append((s, b))
    )
    qtbot.waitUntil(lambda: bool(replies), timeout=6000)
    assert replies == [(0, None)]


def test_a_tv_reads_events_whose_officer_fields_the_hub_withholds(  # type: ignore[no-untyped-def]
    qtbot, hub_process: HubProcess
) -> None:
    """A kiosk or TV gets every event without `officer`: a recorded or settled case, a
    sign-in, came as unreadable (UnknownEvent) with a warning for each."""
    display = hub_process.token("display", "tv-1")
    admin = {"Authorization": f"Bearer {hub_process.token('admin', 'admin')}"}
    hub_process.start()
    connection = HubConnection(hub_process.url, display)
    events: list[HubEvent] = []
    connection.hub_event.connect(events.append)
    with qtbot.waitSignal(connection.online_changed, timeout=5000):
        connection.start()
    try:
        case = httpx.post(f"{hub_process.url}/compensations", headers=admin,
                          json={"kind": "fee_differs", "note": "tarif"})  # fmt: skip
        assert case.status_code == 201, case.text
        settled = httpx.post(f"{hub_process.url}/compensations/{case.json()['id']}/given",
                             headers=admin)  # fmt: skip
        assert settled.status_code == 200, settled.text
        qtbot.waitUntil(lambda: len(events) == 2, timeout=5000)
        recorded, given = (message.event for message in events)
        assert all("officer" not in message.wire for message in events)  # withheld
        assert isinstance(recorded, CompensationRecorded)
        assert (recorded.kind, recorded.officer) == ("fee_differs", None)
        assert isinstance(given, CompensationSettled)
        assert given.state == "given"
    finally:
        connection.stop()
