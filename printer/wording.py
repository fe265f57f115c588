"""Bahasa Indonesia wording for the ticket, and text made safe for the printer's code page."""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from common import indonesian
from common.indonesian import clock, long_date
from printer.errors import PrinterConfigError

NUMBER_HEADING = "NOMOR ANTREAN"
PRIORITY_MARK = "PRIORITAS"
QR_CAPTION = "Pindai untuk cek status antrean"
CLOSING_LINES = ("Mohon menunggu panggilan.", "Terima kasih.")

# Typographic characters that office names pasted from a word processor tend to carry.
_ASCII_LOOKALIKES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def office_zone(timezone_name: str) -> ZoneInfo:
    """The office's time zone, or a config error naming the bad zone."""
    try:
        return ZoneInfo(timezone_name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise PrinterConfigError(
            f"unknown time zone {timezone_name!r}; use an IANA name such as Asia/Makassar"
        ) from error


def issued_date_text(issued_at: dt.datetime, zone: ZoneInfo) -> str:
    """'Senin, 23 November 2026' in the office's zone."""
    return long_date(issued_at.astimezone(zone))


def issued_time_text(issued_at: dt.datetime, zone: ZoneInfo) -> str:
    """'19.41 WITA': tzdata names Indonesia's zones WIB, WITA and WIT, as citizens know them."""
    return clock(issued_at.astimezone(zone))


# The wording itself lives in common.indonesian, shared with the kiosk's screen.
AHEAD_LABEL, WAIT_LABEL, wait_span = (
    indonesian.AHEAD_LABEL,
    indonesian.WAIT_LABEL,
    indonesian.wait_span,
)


def printable(text: str) -> str:
    """Text that cannot smuggle printer commands and survives the CP437 code page.

    Control characters would be read by the printer as commands (an ESC in an office name
    could switch modes), so they become spaces; accents are stripped (é -> e) because
    CP437 lacks many of them; anything still outside CP437 is printed as '?' by escpos.
    """
    text = text.translate(_ASCII_LOOKALIKES)
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in kept)


# The complaint receipt (issue #14).
RECEIPT_HEADING = "TANDA TERIMA PENGADUAN"
TRACKING_LABEL = "Kode lacak"
RECEIVED_LABEL = "Diterima"
DUE_LABEL = "Batas waktu jawaban"
NEXT_HEADING = "Langkah selanjutnya:"
TRACKING_QR_CAPTION = "Pindai untuk melacak pengaduan Anda"
RECEIPT_CLOSING = ("Simpan tanda terima ini.", "Terima kasih atas pengaduan Anda.")
