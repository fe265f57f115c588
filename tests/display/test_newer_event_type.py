"""A TV whose hub's log holds an event of a type this version does not know (written by a
newer Antrian, then the backup restored onto this hub) keeps following the calls."""

from __future__ import annotations

import json

import pytest

from hub.config import Office
from hub.store import Store
from hub_client.events import HubEvent, UnknownEvent
from tests.display.test_display_e2e import post, spoken, start_display
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow


@pytest.fixture
def hub(hub_process: HubProcess) -> HubProcess:
    hub_process.display_token = hub_process.token("display", "tv-1")  # type: ignore[attr-defined]
    hub_process.admin = {"Authorization": f"Bearer {hub_process.token('admin', 'admin')}"}  # type: ignore[attr-defined]
    return hub_process.start()


def write_newer_event(hub: HubProcess) -> None:
    """An event the way a newer hub stores it, into the log of this (stopped) hub."""
    store = Store.in_data_dir(hub.data_dir)
    try:
        last = store.conn.execute(
            "SELECT at, business_date FROM events ORDER BY seq DESC"
        ).fetchone()
        data = {"type": "complaint.filed", "v": 1, "at": last[0], "complaint_id": "c-1",
                "channel": "kiosk"}  # fmt: skip
        with store.conn:
            store.conn.execute(
                "INSERT INTO events (type, at, business_date, ticket_id, counter, data) "
                "VALUES (?, ?, ?, NULL, NULL, ?)",
                (data["type"], data["at"], last[1], json.dumps(data)),
            )
    finally:
        store.close()


def test_an_unknown_event_on_reconnect_is_stepped_over(  # type: ignore[no-untyped-def]
    qtbot, hub: HubProcess, demo_office: Office
) -> None:
    for _ in range(2):
        post(hub, "/tickets", {"service": "informasi"})
    app, _voice = start_display(qtbot, hub, demo_office)
    received: list[HubEvent] = []
    app.connection.hub_event.connect(received.append)
    try:
        post(hub, "/counters/1/call-next")
        qtbot.waitUntil(lambda: app.window.call.number.text() == "A-001", timeout=5000)
        hub.stop()
        qtbot.waitUntil(lambda: not app.board.online, timeout=10000)
        write_newer_event(hub)
        hub.start()  # its replay logs the unknown type and skips it
        post(hub, "/counters/3/call-next")
        # The TV resumes after A-001's call: the hub replays the newer event, then the call.
        qtbot.waitUntil(lambda: len(received) == 3, timeout=15000)
        assert [m.type for m in received] == ["ticket.called", "complaint.filed", "ticket.called"]
        assert isinstance(received[1].event, UnknownEvent)
        assert app.window.call.number.text() == "A-002"
        assert app.board.seq == received[-1].seq
        assert app.announcer is not None
        app.announcer.wait_idle(10)
        assert spoken(app) == ["A-001", "A-002"]
    finally:
        app.stop()
