"""The real counter panel against a real hub process: every button, and the decree prompt."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtCore import Qt

from counter_panel.app import PanelApp
from counter_panel.window import PanelWindow
from hub.store import Store
from hub_client.qt import HubConnection
from tests.hubproc import HubProcess
from tests.panel.conftest import NIP

pytestmark = pytest.mark.slow


class Choices:
    """Stands in for the transfer and compensation dialogs."""

    def __init__(self) -> None:
        self.next: dict | None = None

    def __call__(self, what: str) -> dict | None:
        return self.next


def post(hub: HubProcess, path: str, body: object = None) -> httpx.Response:
    return httpx.post(f"{hub.url}{path}", json=body, headers=hub.admin, timeout=5)  # type: ignore[attr-defined]


def open_panel(qtbot, hub: HubProcess, counter: int = 4):  # type: ignore[no-untyped-def]
    window = PanelWindow(counter)
    qtbot.addWidget(window)
    window.show()
    choices = Choices()
    panel = PanelApp(HubConnection(hub.url, ""), window, ask=choices)
    login = window.login
    login.nip.setText(NIP)
    login.pin.setText("246810")
    qtbot.mouseClick(login.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.connection.online and bool(panel.services), timeout=10000)
    return panel, choices


def press(qtbot, panel: PanelApp, key: str) -> None:  # type: ignore[no-untyped-def]
    button = panel.window.work.buttons[key]
    assert button.isEnabled(), f"{key} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_wrong_pin_is_refused_plainly(qtbot, hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    window = PanelWindow(4)
    qtbot.addWidget(window)
    panel = PanelApp(HubConnection(hub.url, ""), window)
    window.login.nip.setText(NIP)
    window.login.pin.setText("000000")
    qtbot.mouseClick(window.login.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.login.message.text() == "NIP atau PIN salah.", timeout=5000)
    assert window.pages.currentWidget() is window.login
    panel.connection.stop()


def test_a_day_at_the_counter(qtbot, hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        post(hub, "/tickets", {"service": "dukcapil"})
    panel, choices = open_panel(qtbot, hub)
    work = panel.window.work
    try:
        assert work.who.text() == "Loket 4 — Siti Rahmawati"
        assert "Tidak terhubung" not in work.message.text()
        assert "Kependudukan (Dukcapil): 3 menunggu" in work.waiting.text()
        assert not work.buttons["serve"].isEnabled()

        press(qtbot, panel, "call_next")
        qtbot.waitUntil(lambda: work.number.text() == "C-001", timeout=5000)
        assert "Dipanggil" in work.detail.text()
        press(qtbot, panel, "recall")
        press(qtbot, panel, "serve")
        qtbot.waitUntil(lambda: "Sedang dilayani" in work.detail.text(), timeout=5000)
        assert not work.buttons["no_show"].isEnabled()
        qtbot.keyClick(panel.window, Qt.Key.Key_F4)  # Selesai, by its shortcut
        qtbot.waitUntil(lambda: work.number.text() == "—", timeout=5000)

        press(qtbot, panel, "call_next")
        qtbot.waitUntil(lambda: work.number.text() == "C-002", timeout=5000)
        press(qtbot, panel, "no_show")
        qtbot.waitUntil(lambda: work.number.text() == "—", timeout=5000)

        press(qtbot, panel, "call_next")
        qtbot.waitUntil(lambda: work.number.text() == "C-003", timeout=5000)
        choices.next = {"service": "bpjs", "counter": None}
        press(qtbot, panel, "transfer")
        qtbot.waitUntil(lambda: work.number.text() == "—", timeout=5000)
        moved = httpx.get(f"{hub.url}/counters", headers=hub.admin).json()  # type: ignore[attr-defined]
        assert moved[3]["current"] is None

        press(qtbot, panel, "pause")
        qtbot.waitUntil(lambda: "(istirahat)" in work.who.text(), timeout=5000)
        assert not work.buttons["call_next"].isEnabled()
        assert work.buttons["pause"].text().startswith("Lanjutkan")
        press(qtbot, panel, "pause")
        qtbot.waitUntil(lambda: work.buttons["call_next"].isEnabled(), timeout=5000)
        press(qtbot, panel, "call_next")
        qtbot.waitUntil(lambda: "Tidak ada pemohon" in work.message.text(), timeout=5000)
    finally:
        panel.connection.stop()
    store = Store.in_data_dir(hub.data_dir)
    kinds = [
        r["type"] for r in store.db.query("SELECT type FROM events WHERE counter = 4 ORDER BY seq")
    ]
    store.close()
    assert kinds == [
        "counter.signed_in", "ticket.called", "ticket.recalled", "ticket.serving",
        "ticket.closed", "ticket.called", "ticket.no_show", "ticket.called",
        "counter.paused", "counter.resumed",
    ]  # fmt: skip


def test_the_decree_prompt_and_its_confirmation(qtbot, hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    post(hub, "/tickets", {"service": "dukcapil"})
    post(hub, "/test/clock", {"advance_s": 16 * 60})  # the hub's clock seam, not a sleep
    panel, choices = open_panel(qtbot, hub)
    work = panel.window.work
    try:
        press(qtbot, panel, "call_next")
        qtbot.waitUntil(lambda: work.owed.isVisible(), timeout=5000)
        assert work.owed_text.text() == (
            "Pemohon C-001 menunggu 16 menit.\n"
            "Berikan kompensasi: Permohonan maaf dan minuman gratis."
        )
        qtbot.mouseClick(work.owed_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not work.owed.isVisible(), timeout=5000)
        choices.next = {"kind": "fee_differs", "note": "ditarik biaya fotokopi"}
        press(qtbot, panel, "case")
        qtbot.waitUntil(lambda: "Catat kompensasi: OK" in work.message.text(), timeout=5000)
    finally:
        panel.connection.stop()
    cases = httpx.get(f"{hub.url}/compensations", headers=hub.admin).json()  # type: ignore[attr-defined]
    assert [(c["kind"], c["state"], c["number"]) for c in cases] == [
        ("late_service", "given", "C-001"), ("fee_differs", "owed", "C-001"),
    ]  # fmt: skip


def test_hub_restart_and_a_press_while_it_is_down(qtbot, hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    post(hub, "/tickets", {"service": "dukcapil"})
    panel, _choices = open_panel(qtbot, hub)
    work = panel.window.work
    try:
        hub.stop()
        qtbot.waitUntil(lambda: not panel.connection.online, timeout=10000)
        assert not work.buttons["call_next"].isEnabled()
        panel.press("call_next")  # e.g. the keypad, while the hub is away
        assert work.message.text() == (
            "Tidak terhubung ke server: Panggil Berikutnya tidak dijalankan."
        )
        hub.start()
        qtbot.waitUntil(lambda: panel.connection.online, timeout=15000)
        press(qtbot, panel, "call_next")  # the session survived the restart
        qtbot.waitUntil(lambda: work.number.text() == "C-001", timeout=5000)
    finally:
        panel.connection.stop()
