"""The counter's LED sign and call keypad, on real ptys, driving the real panel and hub."""

from __future__ import annotations

import threading

import httpx
import pytest
from PySide6.QtCore import Qt

from counter_panel.app import PanelApp
from counter_panel.hardware import Keypad, LedSign
from counter_panel.window import PanelWindow
from hub_client.qt import HubConnection
from tests.counter_hardware.conftest import Pty
from tests.hubproc import HubProcess
from tests.panel.conftest import NIP
from tests.panel.test_panel_e2e import post

pytestmark = pytest.mark.slow


def test_keypad_calls_and_the_sign_shows_the_number(qtbot, hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        post(hub, "/tickets", {"service": "dukcapil"})
    sign_end, pad_end = Pty(), Pty()
    window = PanelWindow(4)
    qtbot.addWidget(window)
    window.show()
    sign = LedSign(sign_end.path, template="{prefix}{sequence:03d}\r\n")
    panel = PanelApp(HubConnection(hub.url, ""), window, sign)
    connected = threading.Event()
    keypad = Keypad(pad_end.path, {"1": "call_next", "2": "recall", "4": "close"},
                    panel.hardware_action.emit,
                    on_connection=lambda up: connected.set() if up else None)  # fmt: skip
    keypad.start()
    received = bytearray()

    def sign_got(expected: bytes) -> bool:
        """Everything the sign received so far is exactly `expected`."""
        received.extend(sign_end.pending(0.01))
        return bytes(received) == expected

    try:
        window.login.nip.setText(NIP)
        window.login.pin.setText("246810")
        qtbot.mouseClick(window.login.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.connection.online and bool(panel.services), timeout=10000)
        qtbot.waitUntil(connected.is_set, timeout=5000)

        pad_end.write(b"1")  # Panggil Berikutnya on the keypad
        qtbot.waitUntil(lambda: sign_got(b"C001\r\n"), timeout=5000)
        assert window.work.number.text() == "C-001"
        pad_end.write(b"2")  # Panggil Ulang: the sign shows it again
        qtbot.waitUntil(lambda: sign_got(b"C001\r\nC001\r\n"), timeout=5000)
        pad_end.write(b"4")  # Selesai
        qtbot.waitUntil(lambda: window.work.number.text() == "—", timeout=5000)
        pad_end.write(b"1")
        qtbot.waitUntil(lambda: sign_got(b"C001\r\nC001\r\nC002\r\n"), timeout=5000)
    finally:
        keypad.stop()
        sign.close()
        panel.connection.stop()
        sign_end.unplug()
        pad_end.unplug()
    events = httpx.get(f"{hub.url}/counters", headers=hub.admin).json()  # type: ignore[attr-defined]
    assert events[3]["current"]["number"] == "C-002"
