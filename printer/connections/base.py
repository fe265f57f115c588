"""The interface every printer connection offers, and the URL option parsing they share."""

from __future__ import annotations

import logging
import urllib.parse
from typing import Protocol

from printer.errors import PaperOut, PrinterConfigError
from printer.status import PaperStatus

ALLOWED_FORMS = (
    "use one of tcp://HOST:PORT, serial:///dev/ttyX?baud=9600, usb://VID:PID (hex), "
    "file:///path, preview:///dir"
)

# Every wait is bounded: a kiosk must show "printer offline" rather than freeze.
DEFAULT_TIMEOUT_S = 5.0
# Short, because a printer that never answers DLE EOT would add this to every ticket.
DEFAULT_STATUS_TIMEOUT_S = 0.3
MAX_TIMEOUT_S = 120.0


class PrinterConnection(Protocol):
    """Where ticket bytes go. Implementations open what they need per send."""

    @property
    def url(self) -> str:
        """The URL this connection was opened from, for messages and logs."""
        ...

    def send(self, data: bytes, *, label: str | None = None) -> None:
        """Deliver one print job; label (e.g. the ticket number) names it in previews/logs.

        Raises PrinterOffline or PaperOut when nothing was sent, PrinterConnectionLost when
        the job broke off part way.
        """
        ...

    def paper_status(self) -> PaperStatus:
        """Ask the paper sensors, where the connection can read back; else UNKNOWN."""
        ...

    def close(self) -> None:
        """Release whatever the connection still holds; sending after close is an error."""
        ...


def config_error(url: str, problem: str) -> PrinterConfigError:
    return PrinterConfigError(f"printer URL {url!r}: {problem}; {ALLOWED_FORMS}")


class UrlOptions:
    """The ?name=value options of a printer URL, refusing unknown and repeated names."""

    def __init__(self, url: str, query: str, allowed: tuple[str, ...]) -> None:
        self._url = url
        self._values: dict[str, str] = {}
        for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
            if name not in allowed:
                choices = ", ".join(allowed) or "none"
                raise config_error(url, f"unknown option {name!r} (options here: {choices})")
            if name in self._values:
                raise config_error(url, f"option {name!r} given twice")
            self._values[name] = value

    def seconds(self, name: str, default: float) -> float:
        raw = self._values.get(name)
        if raw is None:
            return default
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not 0 < value <= MAX_TIMEOUT_S:
            raise config_error(
                self._url, f"option {name}={raw!r} must be seconds between 0 and {MAX_TIMEOUT_S:g}"
            )
        return value

    def integer(self, name: str, default: int, allowed: tuple[int, ...] = ()) -> int:
        raw = self._values.get(name)
        if raw is None:
            return default
        if not raw.isdigit() or (allowed and int(raw) not in allowed):
            expected = ", ".join(map(str, allowed)) if allowed else "a whole number"
            raise config_error(self._url, f"option {name}={raw!r} must be {expected}")
        return int(raw)

    def switch(self, name: str, default: bool) -> bool:
        raw = self._values.get(name)
        if raw is None:
            return default
        if raw.lower() in ("1", "on", "yes", "true"):
            return True
        if raw.lower() in ("0", "off", "no", "false"):
            return False
        raise config_error(self._url, f"option {name}={raw!r} must be on or off")

    def choice(self, name: str, default: str, allowed: tuple[str, ...]) -> str:
        raw = self._values.get(name, default)
        if raw not in allowed:
            raise config_error(self._url, f"option {name}={raw!r} must be one of {allowed}")
        return raw


def check_paper(status: PaperStatus, url: str) -> None:
    """Refuse a job when the printer reports an empty roll (nothing is sent, so the
    ticket is not half printed); only warn when the roll is nearly out."""
    if status is PaperStatus.OUT:
        raise PaperOut(f"printer {url}: paper roll is empty")
    if status is PaperStatus.NEAR_END:
        logging.getLogger(__name__).warning("printer %s: paper roll nearly empty", url)
