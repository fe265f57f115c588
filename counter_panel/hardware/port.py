"""Opening a serial port with its settings (`common.serial`), and logging an outage once
instead of per try."""

from __future__ import annotations

import logging
import threading

import serial
from pydantic import ValidationError

from common import config
from common.serial import PARITIES, SerialSettings
from counter_panel.hardware.errors import DeviceUnavailable, HardwareConfigError

__all__ = ["PARITIES", "OutageLog", "SerialSettings", "describe", "open_port", "serial_settings"]


def serial_settings(
    device: str, *, baud: int, parity: str, bytesize: int, stopbits: float
) -> SerialSettings:
    """The settings checked by the one set of rules (`common.serial`) the config is
    read by too, so a bad one fails at start-up, named by device and key."""
    values = {"baud": baud, "parity": parity, "bytesize": bytesize, "stopbits": stopbits}
    try:
        return SerialSettings.model_validate({"device": device, **values})
    except ValidationError as exc:
        where = f"serial device {device!r}"
        raise HardwareConfigError(config.describe(exc, where, SerialSettings)) from None


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
