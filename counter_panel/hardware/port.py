"""Serial settings, opening a port with them, and logging an outage once instead of per try."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import serial

from counter_panel.hardware.errors import DeviceUnavailable, HardwareConfigError

# pyserial's own letters: none, even, odd, mark, space.
PARITIES = ("N", "E", "O", "M", "S")
BYTESIZES = (5, 6, 7, 8)
STOPBITS = (1, 1.5, 2)


@dataclass(frozen=True)
class SerialSettings:
    """How to reach one serial device; checked when built, so a bad config fails at start-up."""

    device: str
    baud: int = 9600
    parity: str = "N"
    bytesize: int = 8
    stopbits: float = 1

    def __post_init__(self) -> None:
        if not isinstance(self.device, str) or not self.device.strip():
            raise HardwareConfigError("serial device is empty: give a path such as /dev/ttyUSB0")
        where = f"serial device {self.device}"
        # bool is an int subclass: `baud = true` in TOML must not become 1 baud.
        if isinstance(self.baud, bool) or not isinstance(self.baud, int) or self.baud <= 0:
            raise HardwareConfigError(f"{where}: baud {self.baud!r} is not a positive integer")
        parity = self.parity.upper() if isinstance(self.parity, str) else self.parity
        if parity not in PARITIES:
            raise HardwareConfigError(
                f"{where}: parity {self.parity!r} is not one of {', '.join(PARITIES)}"
                " (none, even, odd, mark, space)"
            )
        object.__setattr__(self, "parity", parity)
        if isinstance(self.bytesize, bool) or self.bytesize not in BYTESIZES:
            raise HardwareConfigError(
                f"{where}: bytesize {self.bytesize!r} is not one of "
                f"{', '.join(map(str, BYTESIZES))}"
            )
        if isinstance(self.stopbits, bool) or self.stopbits not in STOPBITS:
            raise HardwareConfigError(
                f"{where}: stopbits {self.stopbits!r} is not one of {', '.join(map(str, STOPBITS))}"
            )


def open_port(
    settings: SerialSettings, *, read_timeout_s: float, write_timeout_s: float
) -> serial.Serial:
    """Open the device now, or raise DeviceUnavailable with the operating system's reason."""
    try:
        return serial.Serial(
            settings.device,
            baudrate=settings.baud,
            parity=settings.parity,
            bytesize=settings.bytesize,
            stopbits=settings.stopbits,
            timeout=read_timeout_s,
            write_timeout=write_timeout_s,
        )
    except (serial.SerialException, OSError, ValueError) as error:
        raise DeviceUnavailable(describe(error)) from error


def describe(error: BaseException) -> str:
    """The reason for a log line: pyserial's text, or the exception's name when it has none."""
    return str(error) or type(error).__name__


class OutageLog:
    """One warning when a device goes away and one info line when it is back.

    A keypad retries every two seconds and an LED sign on every call: logging each failure
    would fill the panel's log with the same line all day while a cable is unplugged.
    """

    def __init__(self, logger: logging.Logger, what: str) -> None:
        self._logger = logger
        self._what = what
        self._lock = threading.Lock()
        self._down = False

    @property
    def down(self) -> bool:
        return self._down

    def failed(self, reason: str) -> None:
        with self._lock:
            first = not self._down
            self._down = True
        if first:
            self._logger.warning("%s unavailable: %s", self._what, reason)
        else:
            self._logger.debug("%s still unavailable: %s", self._what, reason)

    def succeeded(self) -> None:
        with self._lock:
            was_down = self._down
            self._down = False
        if was_down:
            self._logger.info("%s is back", self._what)
