"""Start the counter panel (`antrian counter`), with its LED sign and keypad if configured."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt

from antrian.qtapp import application
from counter_panel.app import PanelApp
from counter_panel.window import PanelWindow
from hub.config import Office
from hub_client.qt import HubConnection

log = logging.getLogger(__name__)


def run(office: Office, hub_url: str | None, counter: int) -> int:
    app = application("antrian-counter")
    window = PanelWindow(counter)
    config = office.counter(counter)
    led_sign, keypad = _hardware(config) if config else (None, None)
    panel = PanelApp(HubConnection(hub_url, ""), window, led_sign)
    if keypad is not None:
        keypad.on_action = panel.hardware_action.emit
        keypad.start()
    if office.panel.stay_on_top:
        window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    window.show()
    try:
        return app.exec()
    finally:
        if keypad is not None:
            keypad.stop()
        panel.connection.stop()


def _hardware(config: Any) -> tuple[Any, Any]:
    from counter_panel.hardware import Keypad, LedSign

    led_sign = keypad = None
    if config.led_sign:
        sign = config.led_sign
        led_sign = LedSign(
            sign.device, baud=sign.baud, parity=sign.parity, bytesize=sign.bytesize,
            stopbits=sign.stopbits, template=sign.template, clear_text=sign.clear_text,
        )  # fmt: skip
    if config.keypad:
        pad = config.keypad
        keypad = Keypad(
            pad.device, pad.codes, lambda _action: None, baud=pad.baud, parity=pad.parity,
            bytesize=pad.bytesize, stopbits=pad.stopbits,
        )  # fmt: skip
    return led_sign, keypad
