"""Serial printers (RS-232 or USB-serial adapters) through pyserial."""

from __future__ import annotations

import logging

import serial

from printer.connections.base import (
    DEFAULT_STATUS_TIMEOUT_S,
    DEFAULT_TIMEOUT_S,
    UrlOptions,
    check_paper,
    config_error,
)
from printer.errors import PrinterConnectionLost, PrinterOffline
from printer.status import PAPER_STATUS_QUERY, PaperStatus, parse_paper_status

log = logging.getLogger(__name__)

OPTIONS = ("baud", "flow", "timeout", "status_timeout", "status")
BAUD_RATES = (2400, 4800, 9600, 19200, 38400, 57600, 115200)
FLOW_CONTROLS = ("none", "rtscts", "dsrdtr", "xonxoff")


class SerialPrinter:
    """The port is opened per job, so an adapter unplugged and replugged is picked up again."""

    def __init__(
        self,
        url: str,
        device: str,
        *,
        baud: int = 9600,
        flow: str = "none",
        timeout: float = DEFAULT_TIMEOUT_S,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT_S,
        check_status: bool = True,
    ) -> None:
        self._url = url
        self.device = device
        self.baud = baud
        self.flow = flow
        self.timeout = timeout
        self.status_timeout = status_timeout
        self.check_status = check_status
        self._closed = False

    @classmethod
    def from_url(cls, url: str, netloc: str, path: str, query: str) -> SerialPrinter:
        # serial:///dev/ttyUSB0 has the device in the path; serial://COM3 in the netloc.
        device = netloc + path if netloc else path
        if not device:
            raise config_error(url, "the serial device is missing")
        options = UrlOptions(url, query, OPTIONS)
        return cls(
            url,
            device,
            baud=options.integer("baud", 9600, BAUD_RATES),
            flow=options.choice("flow", "none", FLOW_CONTROLS),
            timeout=options.seconds("timeout", DEFAULT_TIMEOUT_S),
            status_timeout=options.seconds("status_timeout", DEFAULT_STATUS_TIMEOUT_S),
            check_status=options.switch("status", True),
        )

    @property
    def url(self) -> str:
        return self._url

    def send(self, data: bytes, *, label: str | None = None) -> None:
        with self._open() as port:
            if self.check_status:
                check_paper(self._query_paper(port), self._url)
            try:
                # write_timeout bounds the whole write: a printer holding flow control
                # (paper out, cover open) must not freeze the kiosk.
                port.write(data)
                port.flush()
            except serial.SerialTimeoutException as error:
                raise PrinterConnectionLost(
                    f"printer {self._url} stopped accepting {label or 'the job'} "
                    f"for {self.timeout:g} s"
                ) from error
            except (serial.SerialException, OSError) as error:
                raise PrinterConnectionLost(
                    f"printer {self._url}: sending {label or 'job'} failed: {error}"
                ) from error

    def paper_status(self) -> PaperStatus:
        with self._open() as port:
            return self._query_paper(port)

    def close(self) -> None:
        self._closed = True

    def _open(self) -> serial.Serial:
        if self._closed:
            raise PrinterOffline(f"printer {self._url}: connection was closed")
        try:
            return serial.Serial(
                self.device,
                baudrate=self.baud,
                timeout=self.status_timeout,
                write_timeout=self.timeout,
                rtscts=self.flow == "rtscts",
                dsrdtr=self.flow == "dsrdtr",
                xonxoff=self.flow == "xonxoff",
            )
        except (serial.SerialException, OSError, ValueError) as error:
            raise PrinterOffline(f"printer {self._url} unreachable: {error}") from error

    def _query_paper(self, port: serial.Serial) -> PaperStatus:
        try:
            # Stale bytes (automatic status sent earlier) would be read as the answer.
            port.reset_input_buffer()
            port.write(PAPER_STATUS_QUERY)
            answer = port.read(1)  # bounded by status_timeout; silence means unknown
        except (serial.SerialException, OSError) as error:
            raise PrinterOffline(f"printer {self._url} does not respond: {error}") from error
        return parse_paper_status(bytes(answer))
