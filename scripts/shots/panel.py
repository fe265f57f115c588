"""The counter panel: sign-in, idle, a call owed compensation, serving, the next call,
the hub gone and back."""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx

from hub_client.qt import HubConnection
from shots.common import on_screen, place, settle, snap
from tests.hubproc import HubProcess


def panel_shots(out: Path, width: int, height: int) -> None:
    """The counter panel full screen, as on a 1366×768 counter PC or a 1080p screen."""
    from counter_panel.app import PanelApp
    from counter_panel.window import PanelWindow
    from hub.officers import add_officer
    from hub.store import Store

    size = "" if (width, height) == (1366, 768) else f"-{height}p"
    suffix = size + ("-xvfb" if on_screen() else "")
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp))
        store = Store.in_data_dir(Path(tmp))
        add_officer(store, "198001012005011001", "Siti Rahmawati", "246810")
        store.close()
        admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
        hub.start()
        try:
            for service in ("dukcapil",) * 6 + ("perizinan",) * 2:
                httpx.post(f"{hub.url}/tickets", json={"service": service}, headers=admin)
            httpx.post(f"{hub.url}/test/clock", json={"advance_s": 17 * 60}, headers=admin)
            httpx.post(f"{hub.url}/tickets", json={"service": "dukcapil"}, headers=admin)
            window = PanelWindow(4)
            panel = PanelApp(HubConnection(hub.url, ""), window)
            place(window, width, height)
            window.activateWindow()
            shot = lambda name: snap(window, out / f"panel-{name}{suffix}.png")  # noqa: E731
            window.login.nip.setText("198001012005011001")
            window.login.pin.setText("246810")
            window.login.nip.setFocus()
            shot("login")
            window.login.submit()
            settle(lambda: panel.connection.online and bool(panel.services))
            shot("idle")
            panel.press("call_next")
            settle(lambda: panel.current is not None)
            shot("compensation-owed")
            panel.compensation_given()
            settle(lambda: not window.work.owed.isVisible())
            panel.press("serve")
            settle(lambda: panel.current is not None and panel.current.state == "serving")
            shot("serving")
            panel.press("close")
            settle(lambda: panel.current is None)
            panel.press("call_next")
            settle(lambda: panel.current is not None)
            shot("calling")
            hub.stop()
            settle(lambda: not panel.connection.online, 15000)
            panel.press("close")
            shot("hub-unreachable")
            hub.start()
            settle(lambda: panel.connection.online, 15000)
            settle(lambda: window.work.message.text() == "Tersambung kembali ke server.")
            shot("reconnected")
            panel.connection.stop()
        finally:
            hub.stop()
