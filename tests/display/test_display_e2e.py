"""The real TV window and caller against a real hub process."""

from __future__ import annotations

import httpx
import pytest

from display.app import DisplayApp
from display.board import Board
from display.speaking import build_announcer
from display.window import DisplayWindow
from hub.config import Office
from hub_client.qt import HubConnection
from tests.hubproc import HubProcess
from voice import FakePlayer, FakeSynthesizer, Status

pytestmark = pytest.mark.slow


@pytest.fixture
def office(demo_office: Office) -> Office:
    return demo_office


def start_display(qtbot, hub: HubProcess, office: Office):  # type: ignore[no-untyped-def]
    board = Board()
    window = DisplayWindow(board, "Selamat datang")
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    connection = HubConnection(hub.url, hub.display_token)  # type: ignore[attr-defined]
    voice, speaker = FakeSynthesizer(), FakePlayer()
    announcer = build_announcer(office, connection.clock, voice=voice, player=speaker)
    app = DisplayApp(connection, window, announcer)
    app.start()
    qtbot.waitUntil(lambda: board.online, timeout=10000)
    return app, voice


def spoken(app: DisplayApp) -> list[str]:
    assert app.announcer is not None
    return [o.number for o in app.announcer.outcomes if o.status is Status.SPOKEN]  # type: ignore[misc]


@pytest.fixture
def hub(hub_process: HubProcess) -> HubProcess:
    hub_process.display_token = hub_process.token("display", "tv-1")  # type: ignore[attr-defined]
    hub_process.admin = {"Authorization": f"Bearer {hub_process.token('admin', 'admin')}"}  # type: ignore[attr-defined]
    return hub_process.start()


def post(hub: HubProcess, path: str, body: object = None) -> httpx.Response:
    return httpx.post(f"{hub.url}{path}", json=body, headers=hub.admin, timeout=5)  # type: ignore[attr-defined]


def test_a_call_shows_at_once_and_is_spoken(qtbot, hub: HubProcess, office: Office) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        post(hub, "/tickets", {"service": "perizinan"})
    app, voice = start_display(qtbot, hub, office)
    try:
        post(hub, "/counters/3/call-next")
        qtbot.waitUntil(lambda: app.window.call.number.text() == "B-001", timeout=5000)
        assert app.window.call.counter.text() == "LOKET 3"
        assert app.window.call.flashing
        assert app.window.counter_boxes[3].ticket.text() == "B-001"
        assert app.announcer is not None
        app.announcer.wait_idle(10)
        assert voice.texts == ["Nomor antrean B satu, silakan menuju loket tiga"]
    finally:
        app.stop()


def test_after_a_hub_restart_missed_calls_appear_in_order_none_spoken_twice(  # type: ignore[no-untyped-def]
    qtbot, hub: HubProcess, office: Office
) -> None:
    for _ in range(4):
        post(hub, "/tickets", {"service": "informasi"})
    app, _voice = start_display(qtbot, hub, office)
    try:
        first = post(hub, "/counters/1/call-next").json()
        qtbot.waitUntil(lambda: app.board.current is not None, timeout=5000)
        hub.stop()
        qtbot.waitUntil(lambda: not app.board.online, timeout=10000)
        assert app.window.status.isVisible()
        assert app.window.call.number.text() == "A-001"  # the last known state stays up

        hub.start()
        post(hub, f"/tickets/{first['id']}/close")
        post(hub, "/counters/3/call-next")
        post(hub, "/counters/5/call-next")
        post(hub, f"/tickets/{first['id']}/recall")  # refused: closed; nothing to say
        qtbot.waitUntil(lambda: app.board.online and app.board.current.number == "A-003",
                        timeout=15000)  # fmt: skip
        assert [e.number for e in app.board.recent] == ["A-003", "A-002", "A-001"]
        assert not app.window.status.isVisible()
        # The snapshot may show A-003 before the replayed calls reach the caller.
        qtbot.waitUntil(lambda: len(spoken(app)) >= 3, timeout=10000)
        assert app.announcer is not None
        app.announcer.wait_idle(10)
        assert spoken(app) == ["A-001", "A-002", "A-003"]
    finally:
        app.stop()


def test_calls_older_than_max_age_are_shown_not_spoken(
    qtbot, hub: HubProcess, office: Office
) -> None:  # type: ignore[no-untyped-def]
    post(hub, "/tickets", {"service": "dukcapil"})
    app, _voice = start_display(qtbot, hub, office)
    try:
        hub.stop()
        qtbot.waitUntil(lambda: not app.board.online, timeout=10000)
        hub.start()
        post(hub, "/counters/4/call-next")
        post(hub, "/test/clock", {"advance_s": 600})  # the display comes back 10 min later
        qtbot.waitUntil(lambda: app.board.online and app.board.current is not None, timeout=15000)
        assert app.window.call.number.text() == "C-001"
        assert app.announcer is not None
        qtbot.waitUntil(lambda: len(app.announcer.outcomes) >= 1, timeout=10000)  # type: ignore[union-attr]
        app.announcer.wait_idle(10)
        statuses = [(o.number, o.status) for o in app.announcer.outcomes]
        assert statuses == [("C-001", Status.STALE)]
    finally:
        app.stop()
