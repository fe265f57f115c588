"""Serial hardware at a counter: the LED number sign and the call keypad. Qt-free.

The panel builds these from the office config and calls them; neither ever raises at run
time or blocks for long. Only a bad config raises, as HardwareConfigError, at construction.
"""

from __future__ import annotations

from counter_panel.hardware.errors import DeviceUnavailable, HardwareConfigError, HardwareError
from counter_panel.hardware.keypad import ACTIONS as KEYPAD_ACTIONS
from counter_panel.hardware.keypad import Keypad
from counter_panel.hardware.led_sign import DEFAULT_TEMPLATE, TEMPLATE_FIELDS, LedSign
from counter_panel.hardware.port import PARITIES, SerialSettings

__all__ = [
    "DEFAULT_TEMPLATE",
    "KEYPAD_ACTIONS",
    "PARITIES",
    "TEMPLATE_FIELDS",
    "DeviceUnavailable",
    "HardwareConfigError",
    "HardwareError",
    "Keypad",
    "LedSign",
    "SerialSettings",
]
