"""Ticket printing: ESC/POS layouts (pure functions), printer connections and a PNG preview.

Qt-free on purpose: the kiosk app wraps it, tests and scripts use it directly.
"""

from __future__ import annotations

from printer.connections import PrinterConnection, open_printer
from printer.errors import (
    PaperOut,
    PreviewError,
    PrinterConfigError,
    PrinterConnectionLost,
    PrinterDriverMissing,
    PrinterError,
    PrinterOffline,
)
from printer.layout import render_ticket
from printer.models import (
    PAPER_58MM,
    PAPER_80MM,
    OfficeHeader,
    PaperProfile,
    ReceiptPrint,
    TicketPrint,
    paper_profile,
)
from printer.receipt import render_receipt
from printer.status import PaperStatus

__all__ = [
    "PAPER_58MM",
    "PAPER_80MM",
    "OfficeHeader",
    "PaperOut",
    "PaperProfile",
    "PaperStatus",
    "PreviewError",
    "PrinterConfigError",
    "PrinterConnection",
    "PrinterConnectionLost",
    "PrinterDriverMissing",
    "PrinterError",
    "PrinterOffline",
    "ReceiptPrint",
    "TicketPrint",
    "open_printer",
    "paper_profile",
    "render_receipt",
    "render_ticket",
]
