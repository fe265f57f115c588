"""The rater at Loket 1: idle, asking after a close at its counter, thanks."""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx

from hub_client.qt import HubConnection
from shots.common import on_screen, place, settle, snap
from tests.hubproc import HubProcess


def rater_shots(out: Path, width: int, height: int) -> None:
    """The rater at Loket 1 on its 7-inch booth screen: idle, asking after a close, thanks."""
    from rater.app import RaterApp
    from rater.flow import Screen as RaterScreen
    from rater.window import RaterWindow

    size = "" if (width, height) == (1024, 600) else f"-{width}x{height}"
    suffix = size + ("-xvfb" if on_screen() else "")
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp))
        token = hub.token("rater", "rater-1", 1)
        admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
        hub.start()
        try:
            window = RaterWindow(counter=1)
            booth = RaterApp(HubConnection(hub.url, token), window, question_seconds=120)
            place(window, width, height)
            booth.start()
            settle(lambda: booth.flow.state.online and bool(window.office.text()), 10000)
            shot = lambda name: snap(window, out / f"rater-{name}{suffix}.png")  # noqa: E731
            shot("idle")
            post = lambda path, body=None: httpx.post(f"{hub.url}{path}", json=body, headers=admin)  # noqa: E731
            post("/tickets", {"service": "informasi"})
            called = post("/counters/1/call-next").json()
            post(f"/tickets/{called['id']}/close").raise_for_status()
            settle(lambda: booth.flow.state.screen is RaterScreen.ASK)
            shot("ask")
            booth.press(4)
            settle(lambda: booth.flow.state.screen is RaterScreen.THANKS)
            settle(lambda: not booth.flow.outbox and booth.flow.in_flight is None)
            shot("thanks")
            booth.stop()
        finally:
            hub.stop()
