"""Exceptions of the printer package; each becomes a user-facing message only at the edge.

The split between PrinterOffline and PrinterConnectionLost tells the kiosk whether any part
of a ticket may have come out of the printer: offline means nothing was sent, lost means
the ticket may be half printed.
"""

from __future__ import annotations


class PrinterError(Exception):
    """Base class of every error the printer package raises on purpose."""


class PrinterConfigError(PrinterError):
    """The printer URL, one of its options or the paper profile name is not valid."""


class PrinterDriverMissing(PrinterError):
    """A library that this kind of printer connection needs is not installed."""


class PrinterOffline(PrinterError):
    """The printer cannot be reached (refused, timed out, device missing); nothing was sent."""


class PaperOut(PrinterError):
    """The printer reports that its paper roll is empty; nothing was sent."""


class PrinterConnectionLost(PrinterError):
    """The connection broke or stalled while a ticket was being sent; it may be half printed."""


class PreviewError(PrinterError):
    """The preview renderer met ESC/POS bytes outside the subset it understands."""
