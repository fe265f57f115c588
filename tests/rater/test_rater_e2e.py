"""The rater against the real hub process: a ticket closed at its counter asks, a face
press is counted once (201, a second refused), and a press made while the hub is down is
counted when it is back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import pytest
from PySide6.QtCore import Qt

from hub_client.qt import HubConnection
from rater.app import RaterApp
from rater.flow import Screen
from rater.window import RaterWindow
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow


@pytest.fixture
def booth(qtbot, hub_process: HubProcess) -> Iterator[tuple[RaterApp, HubProcess, dict[str, str]]]:  # type: ignore[no-untyped-def]
    token = hub_process.token("rater", "rater-1", 1)
    admin = {"Authorization": f"Bearer {hub_process.token('admin', 'admin')}"}
    hub_process.start()
    window = RaterWindow(counter=1)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    app = RaterApp(HubConnection(hub_process.url, token), window, question_seconds=30)
    app.start()
    qtbot.waitUntil(lambda: app.flow.state.online, timeout=10000)
    yield app, hub_process, admin
    app.stop()


SERVES = {1: "informasi", 2: "perizinan"}  # the demo office's counters


def serve_one(hub: HubProcess, admin: dict[str, str], counter: int) -> str:
    """A citizen issued, called at `counter` and closed there: the ticket's number."""
    post = lambda path, body=None: httpx.post(f"{hub.url}{path}", json=body, headers=admin)  # noqa: E731
    post("/tickets", {"service": SERVES[counter]})
    called = post(f"/counters/{counter}/call-next").json()
    assert post(f"/tickets/{called['id']}/close").status_code == 200
    return str(called["number"])


def ratings(hub: HubProcess, admin: dict[str, str]) -> dict[str, object]:
    today = dt.datetime.now(dt.UTC).date()
    span = {"from": str(today - dt.timedelta(days=1)), "to": str(today + dt.timedelta(days=1))}
    reply = httpx.get(f"{hub.url}/survey", params=span, headers=admin)
    assert reply.status_code == 200, reply.text
    return dict(reply.json()["ratings"])


def test_a_close_here_is_rated_once_and_counted(qtbot, booth) -> None:  # type: ignore[no-untyped-def]
    app, hub, admin = booth
    serve_one(hub, admin, counter=2)  # another booth
    number = serve_one(hub, admin, counter=1)
    qtbot.waitUntil(lambda: app.flow.state.screen is Screen.ASK, timeout=5000)
    assert app.flow.state.number == number
    ticket_id = app.flow.state.ticket_id
    qtbot.mouseClick(app.window.faces[2], Qt.MouseButton.LeftButton)  # "Baik"
    qtbot.waitUntil(lambda: not app.flow.outbox and app.flow.in_flight is None, timeout=5000)
    assert ratings(hub, admin)["count"] == 1
    again = httpx.post(f"{hub.url}/tickets/{ticket_id}/rating", json={"score": 4},
                       headers={"Authorization": f"Bearer {app.connection.token}"})  # fmt: skip
    assert again.status_code == 409
    assert ratings(hub, admin) == {"count": 1, "mean": 3.0}


def test_a_press_while_the_hub_is_down_is_counted_when_it_is_back(qtbot, booth) -> None:  # type: ignore[no-untyped-def]
    app, hub, admin = booth
    serve_one(hub, admin, counter=1)
    qtbot.waitUntil(lambda: app.flow.state.screen is Screen.ASK, timeout=5000)
    hub.kill()
    qtbot.waitUntil(lambda: app.window.banner.isVisible(), timeout=10000)
    qtbot.keyClick(app.window, Qt.Key.Key_4)
    assert app.flow.state.screen is Screen.THANKS
    qtbot.wait(500)
    assert app.flow.outbox  # kept while the hub is away
    hub.start()
    qtbot.waitUntil(lambda: not app.flow.outbox, timeout=15000)
    assert ratings(hub, admin) == {"count": 1, "mean": 4.0}
    qtbot.waitUntil(lambda: not app.window.banner.isVisible(), timeout=10000)


def test_idle_names_the_booth_as_the_office_does(qtbot, hub_process: HubProcess) -> None:  # type: ignore[no-untyped-def]
    """Before anyone is served, the screen says which booth it is (the counter's name
    from the office's config) and what it will ask afterwards."""
    token = hub_process.token("rater", "rater-5", 5)
    hub_process.start()
    window = RaterWindow(counter=5)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    app = RaterApp(HubConnection(hub_process.url, token), window)
    app.start()
    try:
        qtbot.waitUntil(lambda: window.booth.text() == "Loket 5 (Pengaduan)", timeout=10000)
        assert window.office.text() == "Mal Pelayanan Publik Kota Samarinda"
        assert window.pages.currentWidget() is window.idle
        assert "penilaian" in window.greeting.text()
    finally:
        app.stop()
