"""Network printers: raw ESC/POS on a TCP socket, port 9100 by convention (JetDirect)."""

from __future__ import annotations

import logging
import socket
import time

from printer.connections.base import (
    DEFAULT_STATUS_TIMEOUT_S,
    DEFAULT_TIMEOUT_S,
    UrlOptions,
    check_paper,
    config_error,
)
from printer.errors import PaperOut, PrinterConnectionLost, PrinterOffline
from printer.status import PAPER_STATUS_QUERY, PaperStatus, parse_paper_status

log = logging.getLogger(__name__)

DEFAULT_PORT = 9100
OPTIONS = ("timeout", "status_timeout", "status")


class TcpPrinter:
    """One connection per job: a printer that rebooted since the last ticket still works,
    and other machines (the FO desk) may print between two tickets."""

    def __init__(
        self,
        url: str,
        host: str,
        port: int,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT_S,
        check_status: bool = True,
    ) -> None:
        self._url = url
        self.host = host
        self.port = port
        self.timeout = timeout
        self.status_timeout = status_timeout
        self.check_status = check_status
        self._closed = False

    @classmethod
    def from_url(cls, url: str, netloc: str, query: str) -> TcpPrinter:
        host, separator, port_text = netloc.rpartition(":")
        if not separator or netloc.endswith("]"):  # no port, or a bare [IPv6] literal
            host, port_text = netloc, str(DEFAULT_PORT)
        host = host.strip("[]")  # IPv6 literals come bracketed: tcp://[fe80::1]:9100
        if not host:
            raise config_error(url, "the host is missing")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise config_error(url, f"port {port_text!r} is not a TCP port number")
        options = UrlOptions(url, query, OPTIONS)
        return cls(
            url,
            host,
            int(port_text),
            timeout=options.seconds("timeout", DEFAULT_TIMEOUT_S),
            status_timeout=options.seconds("status_timeout", DEFAULT_STATUS_TIMEOUT_S),
            check_status=options.switch("status", True),
        )

    @property
    def url(self) -> str:
        return self._url

    def send(self, data: bytes, *, label: str | None = None) -> None:
        with self._connect() as sock:
            if self.check_status:
                check_paper(self._query_paper(sock), self._url)
            started = time.monotonic()
            try:
                # Since Python 3.5 the socket timeout bounds the whole sendall, not each chunk.
                sock.sendall(data)
            except (TimeoutError, OSError) as error:
                raise PrinterConnectionLost(
                    f"printer {self._url}: sending {label or 'job'} broke off after "
                    f"{time.monotonic() - started:.1f} s: {error}"
                ) from error
            if self.check_status:
                self._confirm_alive(sock, label)
            _close_gently(sock, self._url)

    def _confirm_alive(self, sock: socket.socket, label: str | None) -> None:
        """Ask for the paper status once more after the job. A small ticket fits in the
        kernel's send buffer, so sendall succeeds even if the printer hangs up mid-job;
        its reset shows up here instead of passing for a printed ticket."""
        try:
            status = self._query_paper(sock)
        except PrinterOffline as error:
            raise PrinterConnectionLost(
                f"printer {self._url} hung up during {label or 'the job'}: {error}"
            ) from error
        if status is PaperStatus.OUT:
            raise PaperOut(f"printer {self._url}: paper ran out during {label or 'the job'}")

    def paper_status(self) -> PaperStatus:
        with self._connect() as sock:
            return self._query_paper(sock)

    def close(self) -> None:
        self._closed = True

    def _connect(self) -> socket.socket:
        if self._closed:
            raise PrinterOffline(f"printer {self._url}: connection was closed")
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except (TimeoutError, OSError) as error:
            raise PrinterOffline(f"printer {self._url} unreachable: {error}") from error
        return sock

    def _query_paper(self, sock: socket.socket) -> PaperStatus:
        try:
            sock.sendall(PAPER_STATUS_QUERY)
            sock.settimeout(self.status_timeout)
            try:
                answer = sock.recv(16)
            except TimeoutError:
                return PaperStatus.UNKNOWN  # many printers simply do not answer
            finally:
                sock.settimeout(self.timeout)
        except OSError as error:
            raise PrinterOffline(f"printer {self._url} dropped the connection: {error}") from error
        if not answer:
            raise PrinterOffline(f"printer {self._url} closed the connection at once")
        return parse_paper_status(answer)


def _close_gently(sock: socket.socket, url: str) -> None:
    """Close so queued ticket bytes are still delivered, or say that they were not.

    Closing a socket with unread input (a late status byte) makes Linux send a reset that
    throws away whatever output is still queued, so signal end of job, then drain input.
    A reset from the printer here means it hung up before reading the whole job.
    """
    try:
        sock.shutdown(socket.SHUT_WR)
        sock.setblocking(False)
        while sock.recv(4096):
            pass
    except BlockingIOError:
        return  # nothing more to read: the job is handed over
    except OSError as error:
        raise PrinterConnectionLost(
            f"printer {url} hung up before the job ended: {error}"
        ) from error
