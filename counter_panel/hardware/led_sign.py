"""The LED number sign above a counter, driven over RS-232 or a USB-serial adapter.

Signs differ in what they expect on the line, so the bytes come from a template in the
office config: "{number}\\r\\n" sends "A-012\\r\\n", "{prefix}{sequence:03d}\\r\\n" sends
"A012\\r\\n". A sign is a nice-to-have next to the TV: when it is missing or unplugged,
`show` returns False and the panel carries on; the next call tries again.
"""

from __future__ import annotations

import codecs
import logging
import re
import string
import threading
from dataclasses import dataclass
from typing import Any

import serial

from counter_panel.hardware.errors import DeviceUnavailable, HardwareConfigError
from counter_panel.hardware.port import OutageLog, describe, open_port, serial_settings

log = logging.getLogger(__name__)

TEMPLATE_FIELDS = ("number", "prefix", "sequence", "counter")
DEFAULT_TEMPLATE = "{number}\r\n"

# "A-012", "A012" and "CS-7" all split into a prefix and a sequence number.
_NUMBER = re.compile(r"(?P<prefix>.*?)-?(?P<sequence>\d+)")


class _Blank:
    """Stands in for {counter} when no counter is given: renders empty whatever the format."""

    def __format__(self, format_spec: str) -> str:
        return ""


@dataclass(frozen=True)
class _Fields:
    number: str
    prefix: str
    sequence: int
    counter: int | _Blank

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "prefix": self.prefix,
            "sequence": self.sequence,
            "counter": self.counter,
        }


def _fields(number: str, counter: int | None) -> _Fields | None:
    match = _NUMBER.fullmatch(number.strip())
    if match is None:
        return None
    return _Fields(
        number=number,
        prefix=match["prefix"],
        sequence=int(match["sequence"]),
        counter=_Blank() if counter is None else counter,
    )


def check_template(template: str, encoding: str) -> None:
    """Raise HardwareConfigError unless the template renders a sample number."""
    allowed = ", ".join("{" + name + "}" for name in TEMPLATE_FIELDS)
    problem = f"LED sign template {template!r}"
    if not isinstance(template, str) or not template:
        raise HardwareConfigError(f"{problem} is empty; it may use {allowed}")
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as error:
        raise HardwareConfigError(
            f"{problem} is not valid: {error}; it may use {allowed}"
        ) from error
    for _, field, format_spec, conversion in parts:
        if field is None:
            continue
        # Exact names only: "{number.__class__}" or "{0}" would reach beyond the four fields.
        if field not in TEMPLATE_FIELDS:
            raise HardwareConfigError(
                f"{problem} uses unknown field {{{field}}}; it may use {allowed}"
            )
        if conversion is not None or (format_spec and "{" in format_spec):
            raise HardwareConfigError(
                f"{problem}: {{{field}}} may carry a format such as :03d, but no !conversion"
                f" or nested field; it may use {allowed}"
            )
    for counter in (3, _Blank()):
        sample = _Fields(number="A-012", prefix="A", sequence=12, counter=counter)
        try:
            template.format(**sample.as_dict()).encode(encoding)
        except (ValueError, TypeError, KeyError, IndexError) as error:
            raise HardwareConfigError(
                f"{problem} does not render: {error}; it may use {allowed}"
                " ({sequence} and {counter} are integers)"
            ) from error


class LedSign:
    """Shows the number a counter has called. Not a Qt object: the panel calls it directly.

    The port opens on first use and stays open. A failed write closes it and returns False;
    the outage is logged once and its end once. Calls are serialised by a lock, so any
    thread may call; each call blocks for at most about `write_timeout_s`.
    """

    def __init__(
        self,
        device: str,
        *,
        baud: int = 9600,
        parity: str = "N",
        bytesize: int = 8,
        stopbits: float = 1,
        template: str = DEFAULT_TEMPLATE,
        encoding: str = "ascii",
        clear_text: str = "",
        write_timeout_s: float = 1.0,
    ) -> None:
        self.settings = serial_settings(
            device, baud=baud, parity=parity, bytesize=bytesize, stopbits=stopbits
        )
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise HardwareConfigError(
                f"LED sign on {device}: unknown encoding {encoding!r}"
            ) from error
        check_template(template, encoding)
        try:
            self._clear_bytes = clear_text.encode(encoding)
        except UnicodeEncodeError as error:
            raise HardwareConfigError(
                f"LED sign on {device}: clear_text {clear_text!r} is not {encoding}: {error}"
            ) from error
        if write_timeout_s <= 0:
            raise HardwareConfigError(f"LED sign on {device}: write_timeout_s must be positive")
        self.template = template
        self.encoding = encoding
        self.write_timeout_s = write_timeout_s
        self._port: serial.Serial | None = None
        self._lock = threading.Lock()
        self._outage = OutageLog(log, f"LED sign {device}")

    @property
    def device(self) -> str:
        return self.settings.device

    @property
    def connected(self) -> bool:
        """True while the port is open and the last write went through."""
        return self._port is not None

    def render(self, number: str, counter: int | None = None) -> bytes | None:
        """The bytes `show` would send, or None when the number is not PREFIX-NNN."""
        fields = _fields(number, counter)
        if fields is None:
            return None
        # A stray character from the hub must not cost the call: replace it, send the rest.
        return self.template.format(**fields.as_dict()).encode(self.encoding, errors="replace")

    def show(self, number: str, counter: int | None = None) -> bool:
        """Send `number` (e.g. "A-012") to the sign; False when it could not be sent."""
        data = self.render(number, counter)
        if data is None:
            log.warning(
                "LED sign %s: cannot show %r, expected a number like A-012", self.device, number
            )
            return False
        return self._send(data)

    def clear(self) -> bool:
        """Blank the sign with the configured clear_text; nothing to send counts as done."""
        if not self._clear_bytes:
            return True
        return self._send(self._clear_bytes)

    def close(self) -> None:
        """Release the port (the panel is closing); a later `show` opens it again."""
        with self._lock:
            self._close_port()

    def _send(self, data: bytes) -> bool:
        with self._lock:
            try:
                port = self._open()
                # No flush(): it is tcdrain() and has no timeout; write() already waits,
                # bounded by write_timeout, until the kernel has taken every byte.
                port.write(data)
            except DeviceUnavailable as error:
                self._outage.failed(str(error))
                return False
            except (serial.SerialException, OSError) as error:
                # SerialTimeoutException (a sign holding the line) is a SerialException too.
                self._close_port()
                self._outage.failed(f"lost while writing: {describe(error)}")
                return False
            self._outage.succeeded()
            return True

    def _open(self) -> serial.Serial:
        if self._port is None:
            self._port = open_port(
                self.settings, read_timeout_s=0, write_timeout_s=self.write_timeout_s
            )
            log.debug("LED sign %s: port opened", self.device)
        return self._port

    def _close_port(self) -> None:
        port, self._port = self._port, None
        if port is None:
            return
        try:
            port.close()
        except (serial.SerialException, OSError) as error:
            # An unplugged adapter can refuse even the close; the port is gone either way.
            log.debug("LED sign %s: closing the port failed: %s", self.device, describe(error))
