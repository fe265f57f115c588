"""Printing off the UI thread: a job per ticket on a thread pool, the outcome as a signal."""

from __future__ import annotations

import concurrent.futures
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from printer import (
    OfficeHeader,
    PaperOut,
    PrinterConnectionLost,
    PrinterError,
    PrinterOffline,
    TicketPrint,
    open_printer,
    paper_profile,
    render_ticket,
)

# The printout is the hub's ticket mapped by the one function every ticket printer shares.
from printer.hub_ticket import office_header as office_header
from printer.hub_ticket import ticket_print as ticket_print
from protocol.kinds import IncidentKind

log = logging.getLogger(__name__)

# What the kiosk screen says and what the hub records, per kind of fault.
FAULTS: dict[type[PrinterError], tuple[str, str]] = {
    PaperOut: (IncidentKind.PAPER_OUT, "Kertas printer habis."),
    PrinterOffline: (IncidentKind.PRINTER_OFFLINE, "Printer tidak menyala atau tidak terhubung."),
    PrinterConnectionLost: (
        IncidentKind.PRINTER_OFFLINE,
        "Sambungan ke printer terputus saat mencetak.",
    ),
}


def fault_of(error: PrinterError) -> tuple[str, str]:
    for kind, answer in FAULTS.items():
        if isinstance(error, kind):
            return answer
    return IncidentKind.PRINTER_ERROR, "Printer bermasalah."


class PrintResult(QObject):
    done = Signal(str)  # ticket id
    failed = Signal(str, str, str)  # ticket id, fault kind, message


class Printer:
    """Renders and sends tickets on one worker thread: one printer, one job at a time, and
    the UI thread never waits for a slow or dead printer. Outcomes arrive as signals,
    delivered on the UI thread."""

    def __init__(self, url: str, paper: str, logo: str = "") -> None:
        self.url = url
        self.paper = paper_profile(paper)
        self.logo = Path(logo) if logo else None
        self.result = PrintResult()
        self._worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="printer")
        self._jobs: list[concurrent.futures.Future[None]] = []

    def print_ticket(self, ticket: TicketPrint, office: OfficeHeader, ticket_id: str) -> None:
        self._jobs = [job for job in self._jobs if not job.done()]
        self._jobs.append(self._worker.submit(self._print, ticket, office, ticket_id))

    def wait(self, seconds: float = 10.0) -> None:
        concurrent.futures.wait(self._jobs, timeout=seconds)

    def close(self) -> None:
        self._worker.shutdown(wait=True)

    def _print(self, ticket: TicketPrint, office: OfficeHeader, ticket_id: str) -> None:
        try:
            data = render_ticket(ticket, office, self.paper)
            connection = open_printer(self.url, self.paper)
            try:
                connection.send(data, label=ticket.number)
            finally:
                connection.close()
        except PrinterError as error:
            kind, message = fault_of(error)
            log.warning("ticket %s not printed: %s", ticket.number, error)
            self.result.failed.emit(ticket_id, kind, message)
            return
        self.result.done.emit(ticket_id)
