"""Exceptions of the counter's serial hardware; the panel turns them into messages at its edge.

Only configuration mistakes are raised to the panel (at construction, when the office config
is read). A device that is missing or unplugged at run time is not an exception the panel
sees: `LedSign.show` returns False and the keypad keeps retrying, so the panel never stops.
"""

from __future__ import annotations


class HardwareError(Exception):
    """Base class of every error the counter hardware package raises on purpose."""


class HardwareConfigError(HardwareError):
    """A serial setting, the LED sign's template or the keypad's code table is not valid."""


class DeviceUnavailable(HardwareError):
    """The serial device cannot be opened or stopped working (missing, unplugged, no access)."""
