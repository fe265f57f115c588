"""The queue ticket as ESC/POS bytes: a pure function of ticket, office and paper.

The only outside input is the office logo file, when one is configured.
"""

from __future__ import annotations

import textwrap

import qrcode
from PIL import Image

from printer import wording
from printer._escpos import Dummy, new_dummy
from printer.logo import load_logo
from printer.models import OfficeHeader, PaperProfile, TicketPrint

ESC_T_CP437 = b"\x1bt\x00"  # ESC t 0: select code page 0 (CP437)

# The printer multiplies its 12x24-dot font by at most 8 (GS !); at 7 a character cell
# is 168 dots (21 mm) tall, digits about 15 mm: readable from arm's length.
NUMBER_MAX_SCALE = 7
SERVICE_SCALE = 2
# Text stays at least one character cell (1.5 mm) clear of each edge of the paper: a line
# that fills the whole width reads as cut off, and its first and last letters land where
# the print head is weakest.
MARGIN_COLUMNS = 1
# The QR code takes at most this share of the paper width, so long URLs still fit.
QR_MAX_WIDTH_SHARE = 0.6
# python-escpos QR_ECLEVEL_M: level M survives a crease or a smudge on thermal paper.
QR_EC_LEVEL_M = 1


def render_ticket(ticket: TicketPrint, office: OfficeHeader, profile: PaperProfile) -> bytes:
    """ESC/POS bytes for one queue ticket on the given paper, ending with a cut."""
    zone = wording.office_zone(office.timezone)
    printer = new_dummy(profile.escpos_profile)
    printer.hw("INIT")
    # ESC @ restores the code page stored in the printer's settings, which need not be 0.
    printer._raw(ESC_T_CP437)
    printer.set(align="center")

    _header(printer, office, profile)
    _separator(printer, profile)
    _service(printer, ticket, profile)
    _number(printer, ticket, profile)
    if ticket.priority:
        _priority(printer, ticket, profile)
    _separator(printer, profile)

    columns = text_columns(profile)
    date_text = wording.issued_date_text(ticket.issued_at, zone)
    time_text = wording.issued_time_text(ticket.issued_at, zone)
    one_line = f"{date_text}  {time_text}"
    if len(one_line) <= columns:
        printer.textln(one_line)
    else:
        printer.textln(date_text)
        printer.textln(time_text)
    printer.ln()
    _label_value(printer, wording.AHEAD_LABEL, str(ticket.ahead), columns)
    if ticket.estimated_wait_minutes is not None:
        wait = wording.wait_span(ticket.estimated_wait_minutes)
        _label_value(printer, wording.WAIT_LABEL, wait, columns)
    printer.ln()

    _status_qr(printer, ticket.status_url, profile)
    _wrapped(printer, wording.QR_CAPTION, columns)
    printer.ln()
    for line in wording.CLOSING_LINES:
        _wrapped(printer, line, columns)
    # Feeds past the cutter (or the tear bar on 58 mm printers, which have no cutter).
    printer.cut()
    return bytes(printer.output)


def text_columns(profile: PaperProfile) -> int:
    """Characters of the normal font on one line, margins kept."""
    return profile.columns - 2 * MARGIN_COLUMNS


def number_scale(number: str, profile: PaperProfile) -> int:
    """The largest GS ! multiplier at which the ticket number still fits on one line,
    margins kept."""
    fitting = text_columns(profile) // max(1, len(number))
    return max(1, min(NUMBER_MAX_SCALE, fitting))


def _header(printer: Dummy, office: OfficeHeader, profile: PaperProfile) -> None:
    if office.logo is not None:
        logo = load_logo(office.logo, profile.dots // 2)
        if logo is not None:
            printer.image(logo, center=True)
    printer.set(bold=True)
    _wrapped(printer, office.name, text_columns(profile))
    printer.set(bold=False)
    if office.address:
        _wrapped(printer, office.address, text_columns(profile))


def _service(printer: Dummy, ticket: TicketPrint, profile: PaperProfile) -> None:
    printer.set(bold=True, custom_size=True, width=SERVICE_SCALE, height=SERVICE_SCALE)
    # Long names wrap at a word, never running to the paper's edge.
    _wrapped(printer, ticket.service_name, text_columns(profile) // SERVICE_SCALE)
    printer.set(bold=False, custom_size=True, width=1, height=1)
    if ticket.booth_name:
        printer.set(bold=True)
        _wrapped(printer, ticket.booth_name, text_columns(profile))
        printer.set(bold=False)
    printer.ln()


def _number(printer: Dummy, ticket: TicketPrint, profile: PaperProfile) -> None:
    printer.textln(wording.NUMBER_HEADING)
    scale = number_scale(ticket.number, profile)
    # Printed as text in the printer's own font, scaled by GS !, not as a picture:
    # it stays sharp and costs a few bytes instead of kilobytes of raster.
    printer.set(bold=True, custom_size=True, width=scale, height=scale)
    printer.textln(wording.printable(ticket.number))
    printer.set(bold=False, custom_size=True, width=1, height=1)
    printer.ln()


def _priority(printer: Dummy, ticket: TicketPrint, profile: PaperProfile) -> None:
    # White on black so FO staff spot a priority ticket (UU 25/2009 Pasal 29) at a glance.
    printer.set(bold=True, invert=True, custom_size=True, width=2, height=2)
    printer.text(f" {wording.PRIORITY_MARK} ")
    printer.set(bold=False, invert=False, custom_size=True, width=1, height=1)
    printer.ln()
    if ticket.category_name:
        printer.set(bold=True)
        _wrapped(printer, ticket.category_name, text_columns(profile))
        printer.set(bold=False)
    printer.ln()


def _status_qr(printer: Dummy, url: str, profile: PaperProfile) -> None:
    module_dots = _qr_module_dots(url, profile)
    if profile.qr_native:
        # GS ( k: the printer draws the code itself, a few dozen bytes on the wire.
        printer.qr(url, ec=QR_EC_LEVEL_M, size=module_dots, native=True)
    else:
        # No hardware QR: send it as a GS v 0 raster, padded to the paper width to centre it.
        # (escpos' own qr(native=False) does this too but wraps it in extra blank lines.)
        printer.image(_qr_picture(url, module_dots), center=True)
    printer.ln()


def _qr_picture(url: str, module_dots: int) -> Image.Image:
    code = _qr_code(url)
    matrix = code.get_matrix()
    side = len(matrix)
    picture = Image.new("L", (side, side), 255)
    picture.putdata([0 if dark else 255 for row in matrix for dark in row])
    return picture.resize((side * module_dots,) * 2, Image.Resampling.NEAREST)


def _qr_code(url: str) -> qrcode.QRCode:
    # border=0 like the printer's own QR: the blank lines around it are the quiet zone.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    return code


def _qr_module_dots(url: str, profile: PaperProfile) -> int:
    modules: int = _qr_code(url).modules_count
    widest = int(profile.dots * QR_MAX_WIDTH_SHARE) // modules
    return max(1, min(profile.qr_module_dots, widest))


def _label_value(printer: Dummy, label: str, value: str, columns: int) -> None:
    """'Label: value' on one line when it fits, else the value on its own line, never split."""
    printer.text(label)
    printer.text(" " if len(label) + 1 + len(value) <= columns else "\n")
    printer.set(bold=True)
    printer.textln(value)
    printer.set(bold=False)


def _separator(printer: Dummy, profile: PaperProfile) -> None:
    printer.textln("-" * text_columns(profile))


def _wrapped(printer: Dummy, text: str, columns: int) -> None:
    """Word-wrap ourselves: the printer would break lines in the middle of a word."""
    for line in textwrap.wrap(wording.printable(text), width=max(1, columns)) or [""]:
        printer.textln(line)
