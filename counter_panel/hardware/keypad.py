"""The hardware call keypad on a counter's desk: each key sends one byte over serial.

The office config maps byte codes to panel actions, e.g. {"1": "call_next", "0x32": "recall"}.
A code is either one ASCII character ("1", "A") or a byte written as hex ("0x31", "0x0D").

THREADING: `on_action` and `on_connection` are called from the keypad's reader thread, never
the UI thread. The Qt panel must not touch widgets there; it should emit a signal from the
callback (e.g. `keypad_action = Signal(str)` on a QObject living in the UI thread) so Qt
queues the call onto the UI thread.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Mapping

import serial

from counter_panel.hardware.errors import DeviceUnavailable, HardwareConfigError
from counter_panel.hardware.port import OutageLog, describe, open_port, serial_settings

log = logging.getLogger(__name__)

ACTIONS = ("call_next", "recall", "serve", "close", "no_show")
DEFAULT_BOUNCE_S = 0.3
# How long one read waits for a byte: it bounds how quickly stop() is noticed.
READ_TIMEOUT_S = 0.1
STOP_TIMEOUT_S = 1.0

_HEX_CODE = re.compile(r"0[xX](?P<hex>[0-9a-fA-F]{1,2})")


def parse_code(code: str, device: str) -> int:
    """The byte a code stands for: "1" -> 0x31, "0x0d" -> 0x0D."""
    if isinstance(code, str) and len(code) == 1 and ord(code) < 0x80:
        return ord(code)
    match = _HEX_CODE.fullmatch(code) if isinstance(code, str) else None
    if match is None:
        raise HardwareConfigError(
            f'keypad on {device}: code {code!r} is neither one ASCII character ("1")'
            ' nor one byte in hex ("0x31")'
        )
    return int(match["hex"], 16)


def parse_codes(codes: Mapping[str, str], device: str) -> dict[int, str]:
    """The code table as byte -> action, refusing unknown actions and codes given twice."""
    table: dict[int, str] = {}
    for code, action in codes.items():
        byte = parse_code(code, device)
        if action not in ACTIONS:
            raise HardwareConfigError(
                f"keypad on {device}: code {code!r} maps to unknown action {action!r};"
                f" allowed actions: {', '.join(ACTIONS)}"
            )
        if byte in table:
            raise HardwareConfigError(
                f"keypad on {device}: byte 0x{byte:02X} is given twice (code {code!r})"
            )
        table[byte] = action
    if not table:
        raise HardwareConfigError(
            f"keypad on {device}: no codes configured; map codes to {', '.join(ACTIONS)}"
        )
    return table


class Keypad:
    """Reads key codes in a background thread and reports each press as an action name.

    A missing or unplugged keypad is retried every `retry_s`, logging the outage once. A
    repeated identical code within `bounce_s` of the last accepted one is contact bounce
    and ignored; a different key in between is always accepted.
    """

    def __init__(
        self,
        device: str,
        codes: Mapping[str, str],
        on_action: Callable[[str], None],
        *,
        baud: int = 9600,
        parity: str = "N",
        bytesize: int = 8,
        stopbits: float = 1,
        retry_s: float = 2.0,
        bounce_s: float = DEFAULT_BOUNCE_S,
        on_connection: Callable[[bool], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = serial_settings(
            device, baud=baud, parity=parity, bytesize=bytesize, stopbits=stopbits
        )
        self.codes = parse_codes(codes, device)
        if retry_s <= 0:
            raise HardwareConfigError(f"keypad on {device}: retry_s must be positive")
        if bounce_s < 0:
            raise HardwareConfigError(f"keypad on {device}: bounce_s must not be negative")
        self.retry_s = retry_s
        self.bounce_s = bounce_s
        self._on_action = on_action
        self._on_connection = on_connection
        self._clock = clock
        self._outage = OutageLog(log, f"keypad {device}")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected = False
        self._last_byte: int | None = None
        self._last_at = 0.0

    @property
    def device(self) -> str:
        return self.settings.device

    @property
    def connected(self) -> bool:
        """True while the port is open and reading."""
        return self._connected

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the reader thread; it returns at once even when the device is missing."""
        if self.running:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(self._stop,), name=f"keypad {self.device}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop the reader and wait for it (at most about READ_TIMEOUT_S)."""
        thread = self._thread
        self._stop.set()
        if thread is None or thread is threading.current_thread():
            # Called from on_action: the thread ends after the callback returns.
            return
        thread.join(STOP_TIMEOUT_S)
        if thread.is_alive():
            log.warning("keypad %s: reader did not stop within %g s", self.device, STOP_TIMEOUT_S)
            return
        self._thread = None

    def _run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                port = open_port(
                    self.settings, read_timeout_s=READ_TIMEOUT_S, write_timeout_s=STOP_TIMEOUT_S
                )
            except DeviceUnavailable as error:
                self._outage.failed(str(error))
                stop.wait(self.retry_s)
                continue
            self._outage.succeeded()
            self._set_connected(True)
            try:
                lost = self._read_until_lost(port, stop)
            finally:
                self._close(port)
                self._set_connected(False)
            if lost:
                # Wait before reopening: a port that opens but fails every read would
                # otherwise spin this loop at full speed.
                stop.wait(self.retry_s)

    def _read_until_lost(self, port: serial.Serial, stop: threading.Event) -> bool:
        """Read until stopped (False) or until the device fails (True)."""
        while not stop.is_set():
            try:
                chunk: bytes = port.read(max(1, port.in_waiting))
            except (serial.SerialException, OSError) as error:
                self._outage.failed(f"lost while reading: {describe(error)}")
                return True
            if chunk and not stop.is_set():
                self._handle(chunk)
        return False

    def _handle(self, chunk: bytes) -> None:
        for byte in chunk:
            action = self.codes.get(byte)
            if action is None:
                log.debug("keypad %s: ignoring unknown byte 0x%02X", self.device, byte)
                continue
            now = self._clock()
            if byte == self._last_byte and now - self._last_at < self.bounce_s:
                log.debug("keypad %s: ignoring bounce of 0x%02X", self.device, byte)
                continue
            self._last_byte, self._last_at = byte, now
            log.debug("keypad %s: 0x%02X -> %s", self.device, byte, action)
            try:
                self._on_action(action)
            except Exception:
                # A bug in the panel's handler must not stop the keypad for the whole day.
                log.exception("keypad %s: on_action(%r) failed", self.device, action)

    def _set_connected(self, connected: bool) -> None:
        self._connected = connected
        if self._on_connection is None:
            return
        try:
            self._on_connection(connected)
        except Exception:
            log.exception("keypad %s: on_connection(%r) failed", self.device, connected)

    def _close(self, port: serial.Serial) -> None:
        try:
            port.close()
        except (serial.SerialException, OSError) as error:
            log.debug("keypad %s: closing the port failed: %s", self.device, describe(error))
