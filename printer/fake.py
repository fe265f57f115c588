"""An honest in-memory printer for tests of code that prints (the kiosk), no I/O at all."""

from __future__ import annotations

from dataclasses import dataclass, field

from printer.errors import PrinterError, PrinterOffline
from printer.status import PaperStatus


@dataclass
class FakePrinter:
    """Keeps every job; set fail_with to make the next sends raise that error instead.

    Satisfies PrinterConnection, so it can stand wherever open_printer's result does.
    """

    url: str = "fake://"
    jobs: list[tuple[str | None, bytes]] = field(default_factory=list)
    fail_with: PrinterError | None = None
    status: PaperStatus = PaperStatus.OK
    closed: bool = False

    def send(self, data: bytes, *, label: str | None = None) -> None:
        if self.closed:
            raise PrinterOffline(f"printer {self.url}: connection was closed")
        if self.fail_with is not None:
            raise self.fail_with
        self.jobs.append((label, bytes(data)))

    def paper_status(self) -> PaperStatus:
        return self.status

    def close(self) -> None:
        self.closed = True
