"""The complaint's receipt on the desk's thermal printer (issue #14).

Printed by the hub once a filed complaint is committed (whoever filed it: the API, the
staff pages), on a thread of its own so the writer never waits for a printer, and again
on demand (`print_receipt`, `POST /complaints/{id}/receipt`). A printer that is off
loses a receipt, never a complaint: the complaint was committed before it printed.

`[complaints] printer` takes the kiosk's printer URLs (tcp://HOST:9100, serial://...,
usb://VID:PID, file://, preview://); empty, the desk has no printer. python-escpos is
imported only when a receipt prints, so the hub starts as fast as before.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
from typing import TYPE_CHECKING

from common.errors import ConfigError
from hub.config import Office
from hub.engine.events import ComplaintReceived
from hub.errors import HubError
from hub.store import StoredEvent

if TYPE_CHECKING:
    from hub.service import Hub
    from printer import ReceiptPrint

log = logging.getLogger(__name__)


class ReceiptError(HubError):
    """A receipt was not printed (the complaint itself is kept)."""


class NoReceiptPrinter(ReceiptError):
    """`[complaints] printer` is not set."""


class ReceiptNotPrinted(ReceiptError):
    """The desk's printer could not be reached, is out of paper, or broke off."""


def next_steps(office: Office) -> tuple[str, ...]:
    """What happens next, in the words of the office's own stages."""
    stages = [stage.name for stage in office.complaints.stages]
    steps = ["Petugas pengaduan memeriksa pengaduan Anda dan menjawab langsung bila bisa."]
    if stages:
        steps.append(f"Bila perlu, pengaduan diteruskan ke {', lalu '.join(stages)}.")
    steps.append("Jawaban disampaikan paling lambat pada batas waktu di atas.")
    steps.append("Setelah dijawab, nyatakan puas atau tidak puas di meja pengaduan.")
    # SK 108/2024: a complaint followed up late is a compensation case (an apology).
    steps.append("Bila jawaban terlambat, Anda berhak atas kompensasi pelayanan.")
    return tuple(steps)


def receipt_of(
    tracking_code: str, received_at: dt.datetime, due_date: dt.date, hub: Hub
) -> ReceiptPrint:
    from printer import ReceiptPrint

    return ReceiptPrint(
        tracking_code=tracking_code,
        received_at=received_at,
        due_date=due_date,
        tracking_url=f"{hub.public_url}/c/{tracking_code}",
        next_steps=next_steps(hub.office),
    )


def check_printer(office: Office, source: str) -> None:
    """A wrong `[complaints] printer` stops the hub at start, as the kiosk's would, naming
    the file, the key and the URLs allowed (nothing is opened yet)."""
    url = office.complaints.printer
    if not url:
        return
    from printer import PrinterConfigError, open_printer, paper_profile

    try:
        open_printer(url, paper_profile(office.complaints.paper)).close()
    except PrinterConfigError as error:
        raise ConfigError(f"{source}: complaints.printer: {error}") from None


class Receipts:
    """`hub.receipts`: prints complaint receipts, one at a time, beside the writer."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self._worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="receipt")
        hub.listeners.append(self._committed)

    def print_receipt(self, complaint_id: str) -> str:
        """Print a complaint's receipt now and wait (the staff pages' call): the printer's
        URL. Raises UnknownComplaint, NoReceiptPrinter or ReceiptNotPrinted."""
        return self.submit(complaint_id).result()

    def submit(self, complaint_id: str) -> concurrent.futures.Future[str]:
        """The same, handed to the receipt thread (the API's: it must not block)."""
        if not self.hub.office.complaints.printer:
            raise NoReceiptPrinter("[complaints] printer is not set")

        def look() -> ReceiptPrint:
            complaint = self.hub.engine.complaint(complaint_id)
            return receipt_of(
                complaint.tracking_code, complaint.received_at, complaint.due_date, self.hub
            )

        return self._worker.submit(self._send, self.hub.read(look))

    def close(self) -> None:
        if self._committed in self.hub.listeners:
            self.hub.listeners.remove(self._committed)
        self._worker.shutdown(wait=True)

    def _committed(self, stored: list[StoredEvent]) -> None:
        # On the writer thread after commit: only hand the job over.
        if not self.hub.office.complaints.printer:
            return
        for item in stored:
            event = item.event
            if isinstance(event, ComplaintReceived):
                due = dt.date.fromisoformat(event.due_date)
                receipt = receipt_of(event.tracking_code, event.at, due, self.hub)
                self._worker.submit(self._send_quietly, receipt)

    def _send_quietly(self, receipt: ReceiptPrint) -> None:
        try:
            self._send(receipt)
        except ReceiptError as error:
            log.warning("receipt of complaint %s not printed: %s", receipt.tracking_code, error)

    def _send(self, receipt: ReceiptPrint) -> str:
        from printer import OfficeHeader, PrinterError, open_printer, paper_profile, render_receipt

        settings = self.hub.office.complaints
        info = self.hub.office.office
        header = OfficeHeader(info.name, info.address or None, info.timezone)
        try:
            profile = paper_profile(settings.paper)
            data = render_receipt(receipt, header, profile)
            connection = open_printer(settings.printer, profile)
            try:
                connection.send(data, label=f"pengaduan-{receipt.tracking_code}")
            finally:
                connection.close()
        except PrinterError as error:
            raise ReceiptNotPrinted(str(error)) from error
        return settings.printer
