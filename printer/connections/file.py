"""A file or a device node: /dev/usb/lp0 (kernel usblp driver), /dev/ttyS0 as is, or a log."""

from __future__ import annotations

import os
import select
import time

from printer.connections.base import DEFAULT_TIMEOUT_S, UrlOptions, config_error
from printer.errors import PrinterConnectionLost, PrinterOffline
from printer.status import PaperStatus

OPTIONS = ("timeout",)
_CHUNK = 4096


class FilePrinter:
    """Appends each job; a stalled device (printer off, buffer full) cannot block forever
    because the file is written non-blocking against a deadline."""

    def __init__(self, url: str, path: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self._url = url
        self.path = path
        self.timeout = timeout
        self._closed = False

    @classmethod
    def from_url(cls, url: str, netloc: str, path: str, query: str) -> FilePrinter:
        if netloc not in ("", "localhost"):
            raise config_error(url, "a file URL needs three slashes: file:///path")
        if not path:
            raise config_error(url, "the file path is missing")
        options = UrlOptions(url, query, OPTIONS)
        return cls(url, path, timeout=options.seconds("timeout", DEFAULT_TIMEOUT_S))

    @property
    def url(self) -> str:
        return self._url

    def send(self, data: bytes, *, label: str | None = None) -> None:
        if self._closed:
            raise PrinterOffline(f"printer {self._url}: connection was closed")
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError as error:
            # ENXIO: a FIFO nobody reads, or a device node whose printer is unplugged.
            raise PrinterOffline(f"printer {self._url} unavailable: {error}") from error
        try:
            _write_all(fd, data, time.monotonic() + self.timeout, self._url, label)
        finally:
            os.close(fd)

    def paper_status(self) -> PaperStatus:
        return PaperStatus.UNKNOWN  # a file cannot be asked

    def close(self) -> None:
        self._closed = True


def _write_all(fd: int, data: bytes, deadline: float, url: str, label: str | None) -> None:
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    view = memoryview(data)
    while view:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PrinterConnectionLost(
                f"printer {url} stopped accepting {label or 'the job'}: "
                f"{len(view)} of {len(data)} bytes not written"
            )
        if not poller.poll(remaining * 1000):
            continue
        try:
            written = os.write(fd, view[:_CHUNK])
        except BlockingIOError:
            continue
        except OSError as error:
            raise PrinterConnectionLost(f"printer {url}: writing failed: {error}") from error
        view = view[written:]
