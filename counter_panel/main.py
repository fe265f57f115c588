"""Start the counter panel (`antrian counter`), with its LED sign and keypad if configured."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt

from common.office import Keypad as KeypadConfig
from common.office import LedSign as LedSignConfig
from common.qt.app import application
from counter_panel.app import PanelApp
from counter_panel.hardware import Keypad, LedSign
from counter_panel.settings import PanelOffice
from counter_panel.window import PanelWindow
from hub_client.qt import HubConnection

log = logging.getLogger(__name__)


def run(office: PanelOffice, hub_url: str | None, counter: int) -> int:
    app = application(f"antrian-counter-{counter}")
    window = PanelWindow(counter)
    config = office.counter(counter)
    led_sign = _led_sign(config.led_sign) if config and config.led_sign else None
    connection = HubConnection(hub_url, "", office=office.office.short_name)
    panel = PanelApp(connection, window, led_sign)
    keypad = None
    if config and config.keypad:
        # The keypad calls back on its reader thread; the signal hops to the UI thread.
        keypad = _keypad(config.keypad, panel.hardware_action.emit)
        keypad.start()
    if office.panel.stay_on_top:
        window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    window.show()
    connection.locate()  # found by the time the officer has typed the PIN
    try:
        return app.exec()
    finally:
        if keypad is not None:
            keypad.stop()
        panel.connection.stop()


def _led_sign(sign: LedSignConfig) -> LedSign:
    return LedSign(
        sign.device, baud=sign.baud, parity=sign.parity, bytesize=sign.bytesize,
        stopbits=sign.stopbits, template=sign.template, clear_text=sign.clear_text,
    )  # fmt: skip


def _keypad(pad: KeypadConfig, on_action: Callable[[str], None]) -> Keypad:
    return Keypad(
        pad.device, pad.codes, on_action, baud=pad.baud, parity=pad.parity,
        bytesize=pad.bytesize, stopbits=pad.stopbits,
    )  # fmt: skip
