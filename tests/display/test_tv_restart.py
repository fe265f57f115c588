"""The TV through a working morning against the real hub process: two calls in a row, a
counter's break, the hub killed and started again."""

from __future__ import annotations

import httpx
import pytest

from display.app import DisplayApp
from display.board import Board
from display.window import DisplayWindow
from hub_client.qt import HubConnection
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow


@pytest.fixture
def hub(hub_process: HubProcess) -> HubProcess:
    hub_process.display_token = hub_process.token("display", "tv-1")  # type: ignore[attr-defined]
    hub_process.admin = {"Authorization": f"Bearer {hub_process.token('admin', 'admin')}"}  # type: ignore[attr-defined]
    return hub_process.start()


def post(hub: HubProcess, path: str, body: object = None) -> dict:
    reply = httpx.post(f"{hub.url}{path}", json=body, headers=hub.admin, timeout=5)  # type: ignore[attr-defined]
    assert reply.status_code < 300, reply.text
    return reply.json() if reply.content else {}


def start_tv(qtbot, hub: HubProcess) -> DisplayApp:  # type: ignore[no-untyped-def]
    board = Board()
    window = DisplayWindow(board, "Selamat datang")
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    app = DisplayApp(HubConnection(hub.url, hub.display_token), window)  # type: ignore[attr-defined]
    app.start()
    qtbot.waitUntil(lambda: board.online, timeout=10000)
    return app


def big_box(app: DisplayApp) -> tuple[str, str]:
    return app.window.call.number.text(), app.window.call.counter.text()


def test_after_a_hub_restart_the_previous_calls_line_keeps_the_days_calls(  # type: ignore[no-untyped-def]
    qtbot, hub: HubProcess
) -> None:
    """It went empty: the hub's recent_calls carry no seq, and the display told the big
    box's call from the others by seq alone."""
    for _ in range(3):
        post(hub, "/tickets", {"service": "informasi"})
    app = start_tv(qtbot, hub)
    later = None
    try:
        post(hub, "/counters/1/call-next")
        post(hub, "/counters/3/call-next")
        qtbot.waitUntil(lambda: big_box(app) == ("A-002", "LOKET 3"), timeout=5000)
        assert "A-001" in app.window.recent.text()

        hub.kill()
        qtbot.waitUntil(lambda: not app.board.online, timeout=10000)
        hub.start()
        qtbot.waitUntil(lambda: app.board.online, timeout=15000)
        qtbot.waitUntil(lambda: "A-001" in app.window.recent.text(), timeout=5000)
        assert big_box(app) == ("A-002", "LOKET 3")
        assert "A-002" not in app.window.recent.text()  # it is in the big box

        later = start_tv(qtbot, hub)  # a TV switched on after the restart: the same
        qtbot.waitUntil(lambda: "A-001" in later.window.recent.text(), timeout=5000)
        assert big_box(later) == ("A-002", "LOKET 3")
    finally:
        app.stop()
        if later is not None:
            later.stop()


def test_a_counter_on_a_break_gives_up_the_big_box_also_after_a_restart(  # type: ignore[no-untyped-def]
    qtbot, hub: HubProcess
) -> None:
    for _ in range(3):
        post(hub, "/tickets", {"service": "informasi"})
    app = start_tv(qtbot, hub)
    try:
        first = post(hub, "/counters/1/call-next")
        post(hub, "/counters/3/call-next")
        qtbot.waitUntil(lambda: big_box(app) == ("A-002", "LOKET 3"), timeout=5000)

        post(hub, "/counters/3/pause", {"reason": "istirahat"})
        qtbot.waitUntil(lambda: big_box(app) == ("A-001", "LOKET 1"), timeout=5000)
        assert app.window.counter_boxes[3].ticket.text() == "Istirahat"
        assert "A-002" in app.window.recent.text()
        assert not app.window.call.flashing  # an old call back in the box is not news

        hub.kill()
        qtbot.waitUntil(lambda: not app.board.online, timeout=10000)
        hub.start()
        qtbot.waitUntil(lambda: app.board.online, timeout=15000)
        assert big_box(app) == ("A-001", "LOKET 1")
        assert app.window.counter_boxes[3].ticket.text() == "Istirahat"
        assert "A-002" in app.window.recent.text()

        post(hub, f"/tickets/{first['id']}/close")
        qtbot.waitUntil(lambda: big_box(app) == ("", "Mohon menunggu panggilan"), timeout=5000)
        assert not app.window.call.number.isVisible()
        assert app.window.counter_boxes[1].ticket.text() == "—"
        text = app.window.recent.text()
        assert text.index("A-002") < text.index("A-001")  # newest first
    finally:
        app.stop()
