"""A complaint's receipt as ESC/POS bytes (issue #14): a pure function of the receipt,
office and paper, laid out like the queue ticket (printer.layout) so the desk's printer
speaks the same subset of commands."""

from __future__ import annotations

import textwrap

from common import indonesian
from printer import wording
from printer._escpos import Dummy, new_dummy
from printer.layout import (
    ESC_T_CP437,
    MARGIN_COLUMNS,
    _header,
    _label_value,
    _separator,
    _status_qr,
    _wrapped,
    text_columns,
)
from printer.models import OfficeHeader, PaperProfile, ReceiptPrint

# The code is what the citizen types or reads out: large, yet on one line.
CODE_MAX_SCALE = 4


def code_scale(code: str, profile: PaperProfile) -> int:
    return max(1, min(CODE_MAX_SCALE, text_columns(profile) // max(1, len(code))))


def render_receipt(receipt: ReceiptPrint, office: OfficeHeader, profile: PaperProfile) -> bytes:
    """ESC/POS bytes for one complaint receipt on the given paper, ending with a cut."""
    zone = wording.office_zone(office.timezone)
    columns = text_columns(profile)
    printer = new_dummy(profile.escpos_profile)
    printer.hw("INIT")
    printer._raw(ESC_T_CP437)
    printer.set(align="center")
    _header(printer, office, profile)
    _separator(printer, profile)
    printer.set(bold=True)
    _wrapped(printer, wording.RECEIPT_HEADING, columns)
    printer.set(bold=False)
    printer.ln()
    printer.textln(wording.TRACKING_LABEL)
    scale = code_scale(receipt.tracking_code, profile)
    printer.set(bold=True, custom_size=True, width=scale, height=scale)
    printer.textln(wording.printable(receipt.tracking_code))
    printer.set(bold=False, custom_size=True, width=1, height=1)
    printer.ln()
    _separator(printer, profile)

    received = receipt.received_at.astimezone(zone)
    _label_value(
        printer, f"{wording.RECEIVED_LABEL}:", wording.issued_date_text(received, zone), columns
    )
    printer.textln(wording.issued_time_text(received, zone))
    printer.ln()
    printer.textln(f"{wording.DUE_LABEL}:")
    printer.set(bold=True)
    _wrapped(printer, indonesian.long_date(receipt.due_date), columns)
    printer.set(bold=False)
    printer.ln()

    printer.set(align="left")
    printer.set(bold=True)
    _steps(printer, wording.NEXT_HEADING, columns, indent="")
    printer.set(bold=False)
    for number, step in enumerate(receipt.next_steps, start=1):
        _steps(printer, f"{number}. {step}", columns, indent="   ")
    printer.set(align="center")
    printer.ln()

    _status_qr(printer, receipt.tracking_url, profile)
    _wrapped(printer, wording.TRACKING_QR_CAPTION, columns)
    printer.ln()
    for line in wording.RECEIPT_CLOSING:
        _wrapped(printer, line, columns)
    printer.cut()
    return bytes(printer.output)


def _steps(printer: Dummy, text: str, columns: int, indent: str) -> None:
    """Left-aligned, one column clear of the paper's edge, wrapped lines hanging."""
    margin = " " * MARGIN_COLUMNS
    lines = textwrap.wrap(wording.printable(text), width=columns, subsequent_indent=indent)
    for line in lines or [""]:
        printer.textln(margin + line)
