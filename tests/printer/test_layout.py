"""render_ticket asserted byte for byte, from ESC/POS commands spelled out here (not taken
from the code under test), like python-escpos' own test_function_cut.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import qrcode
from PIL import Image

from printer import PAPER_58MM, PAPER_80MM, OfficeHeader, TicketPrint, render_ticket
from printer.layout import number_scale

ESC, GS = b"\x1b", b"\x1d"
INIT = ESC + b"@"
CODEPAGE_CP437 = ESC + b"t\x00"
CENTER = ESC + b"a\x01"
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
INVERT_ON, INVERT_OFF = GS + b"B\x01", GS + b"B\x00"
FEED_6_LINES = ESC + b"d\x06"
FULL_CUT = GS + b"V\x00"
PLUS_MINUS_CP437 = b"\xf1"


def char_size(width: int, height: int) -> bytes:
    """GS ! n: high nibble is width-1, low nibble height-1."""
    return GS + b"!" + bytes([(width - 1) << 4 | (height - 1)])


NORMAL_SIZE = char_size(1, 1)


def qr_function(function: bytes, argument: bytes) -> bytes:
    """GS ( k pL pH cn fn ...: cn 49 ('1') is the QR code."""
    body = b"1" + function + argument
    return GS + b"(k" + len(body).to_bytes(2, "little") + body


def native_qr(url: str, module_dots: int) -> bytes:
    return (
        qr_function(b"A", b"2\x00")  # model 2
        + qr_function(b"C", bytes([module_dots]))  # module size in dots
        + qr_function(b"E", b"1")  # error correction M
        + qr_function(b"P", b"0" + url.encode())  # store the data
        + qr_function(b"Q", b"0")  # print it
    )


def raster_qr(url: str, module_dots: int, paper_dots: int) -> bytes:
    """GS v 0: the QR matrix drawn dot by dot, centred on the paper, 1 = black."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    left = (paper_dots - len(matrix) * module_dots) // 2
    rows = bytearray()
    for matrix_row in matrix:
        dots = [0] * paper_dots
        for column, dark in enumerate(matrix_row):
            for dot in range(module_dots):
                dots[left + column * module_dots + dot] = int(dark)
        packed = bytes(
            int("".join(map(str, dots[start : start + 8])), 2) for start in range(0, paper_dots, 8)
        )
        rows += packed * module_dots
    width_bytes, height = paper_dots // 8, len(matrix) * module_dots
    header = GS + b"v0\x00" + width_bytes.to_bytes(2, "little") + height.to_bytes(2, "little")
    return header + bytes(rows)


def test_80mm_ticket_bytes(ticket: TicketPrint, office: OfficeHeader) -> None:
    expected = (
        INIT
        + CODEPAGE_CP437
        + CENTER
        + BOLD_ON
        + b"MPP Kota Samarinda\n"
        + BOLD_OFF
        + b"Jl. Basuki Rahmat No. 1\n"
        + b"-" * 46  # 48 columns, one kept clear at each edge
        + b"\n"
        + char_size(2, 2)
        + BOLD_ON
        + b"Perizinan\n"
        + NORMAL_SIZE
        + BOLD_OFF
        + BOLD_ON
        + b"Gerai 2\n"
        + BOLD_OFF
        + b"\n"
        + b"NOMOR ANTREAN\n"
        # The number as text, 7 times the 12x24 font: 5 x 84 = 420 of 576 dots.
        + char_size(7, 7)
        + BOLD_ON
        + b"A-012\n"
        + NORMAL_SIZE
        + BOLD_OFF
        + b"\n"
        + b"-" * 46  # 48 columns, one kept clear at each edge
        + b"\n"
        + b"Senin, 23 November 2026  19.41 WITA\n"
        + b"\n"
        + b"Antrean di depan Anda: "
        + BOLD_ON
        + b"5\n"
        + BOLD_OFF
        + b"Perkiraan waktu tunggu: "
        + BOLD_ON
        + PLUS_MINUS_CP437
        + b" 25 menit\n"
        + BOLD_OFF
        + b"\n"
        + native_qr("https://mpp.test/t/A012", module_dots=6)
        + b"\n"
        + b"Pindai untuk cek status antrean\n"
        + b"\n"
        + b"Mohon menunggu panggilan.\n"
        + b"Terima kasih.\n"
        + FEED_6_LINES
        + FULL_CUT
    )
    assert render_ticket(ticket, office, PAPER_80MM) == expected


def test_58mm_ticket_bytes(ticket: TicketPrint, office: OfficeHeader) -> None:
    expected = (
        INIT
        + CODEPAGE_CP437
        + CENTER
        + BOLD_ON
        + b"MPP Kota Samarinda\n"
        + BOLD_OFF
        + b"Jl. Basuki Rahmat No. 1\n"
        + b"-" * 30  # 32 columns, one kept clear at each edge
        + b"\n"
        + char_size(2, 2)
        + BOLD_ON
        + b"Perizinan\n"
        + NORMAL_SIZE
        + BOLD_OFF
        + BOLD_ON
        + b"Gerai 2\n"
        + BOLD_OFF
        + b"\n"
        + b"NOMOR ANTREAN\n"
        # 6 times the font: 5 x 72 = 360 of 384 dots.
        + char_size(6, 6)
        + BOLD_ON
        + b"A-012\n"
        + NORMAL_SIZE
        + BOLD_OFF
        + b"\n"
        + b"-" * 30  # 32 columns, one kept clear at each edge
        + b"\n"
        # 30 columns: date and time on two lines, the wait value kept whole.
        + b"Senin, 23 November 2026\n"
        + b"19.41 WITA\n"
        + b"\n"
        + b"Antrean di depan Anda: "
        + BOLD_ON
        + b"5\n"
        + BOLD_OFF
        + b"Perkiraan waktu tunggu:\n"
        + BOLD_ON
        + PLUS_MINUS_CP437
        + b" 25 menit\n"
        + BOLD_OFF
        + b"\n"
        # NT-5890K has no hardware QR: the code arrives as a raster image.
        + raster_qr("https://mpp.test/t/A012", module_dots=6, paper_dots=384)
        + b"\n"
        # 31 characters do not fit in 30: wrapped at a word.
        + b"Pindai untuk cek status\n"
        + b"antrean\n"
        + b"\n"
        + b"Mohon menunggu panggilan.\n"
        + b"Terima kasih.\n"
        # No cutter on this model: feed past the tear bar, no GS V.
        + FEED_6_LINES
    )
    assert render_ticket(ticket, office, PAPER_58MM) == expected


def test_priority_ticket_is_marked_white_on_black_with_its_category(
    ticket: TicketPrint, office: OfficeHeader
) -> None:
    priority = dataclasses.replace(ticket, priority=True, category_name="Lansia")
    data = render_ticket(priority, office, PAPER_80MM)
    mark = (
        char_size(2, 2)
        + BOLD_ON
        + INVERT_ON
        + b" PRIORITAS "
        + NORMAL_SIZE
        + BOLD_OFF
        + INVERT_OFF
        + b"\n"
        + BOLD_ON
        + b"Lansia\n"
        + BOLD_OFF
    )
    assert b"A-012\n" + NORMAL_SIZE + BOLD_OFF + b"\n" + mark in data
    assert b"PRIORITAS" not in render_ticket(ticket, office, PAPER_80MM)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", b"Senin, 23 November 2026  18.41 WIB"),
        ("Asia/Makassar", b"Senin, 23 November 2026  19.41 WITA"),
        ("Asia/Jayapura", b"Senin, 23 November 2026  20.41 WIT"),
    ],
)
def test_time_is_printed_in_the_office_zone(
    ticket: TicketPrint, office: OfficeHeader, zone: str, expected: bytes
) -> None:
    data = render_ticket(ticket, dataclasses.replace(office, timezone=zone), PAPER_80MM)
    assert expected + b"\n" in data


def test_day_and_month_names_are_indonesian(ticket: TicketPrint, office: OfficeHeader) -> None:
    # 1 a.m. Sunday 2 August 2026 in WITA is still Saturday 1 August in UTC.
    saturday_utc = dt.datetime(2026, 8, 1, 17, 0, tzinfo=dt.UTC)
    data = render_ticket(dataclasses.replace(ticket, issued_at=saturday_utc), office, PAPER_80MM)
    assert b"Minggu, 2 Agustus 2026  01.00 WITA\n" in data


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, b"kurang dari 1 menit"),
        (60, PLUS_MINUS_CP437 + b" 1 jam"),
        (75, PLUS_MINUS_CP437 + b" 1 jam 15 menit"),
    ],
)
def test_wait_estimate_wording(
    ticket: TicketPrint, office: OfficeHeader, minutes: int, expected: bytes
) -> None:
    data = render_ticket(
        dataclasses.replace(ticket, estimated_wait_minutes=minutes), office, PAPER_80MM
    )
    assert b"Perkiraan waktu tunggu: " + BOLD_ON + expected + b"\n" in data


def test_unknown_wait_is_left_out(ticket: TicketPrint, office: OfficeHeader) -> None:
    data = render_ticket(
        dataclasses.replace(ticket, estimated_wait_minutes=None), office, PAPER_80MM
    )
    assert b"Perkiraan" not in data
    assert b"Antrean di depan Anda: " in data


def test_office_text_cannot_inject_printer_commands(
    ticket: TicketPrint, office: OfficeHeader
) -> None:
    # An ESC in a config string would otherwise reach the printer as a command.
    hostile = dataclasses.replace(office, name="MPP\x1bd\x40 Caf\u00e9 \u201cBaru\u201d")
    data = render_ticket(ticket, hostile, PAPER_80MM)
    assert b'MPP d@ Cafe "Baru"\n' in data
    assert data.count(ESC + b"d") == 1  # only the feed before the cut


def test_long_number_shrinks_to_fit_the_paper() -> None:
    assert number_scale("A-012", PAPER_80MM) == 7
    assert number_scale("A-012", PAPER_58MM) == 6
    assert number_scale("BPJS-0012", PAPER_58MM) == 3  # 9 x 36 = 324 of 384 dots
    for number in ("A-1", "CS-012", "BPJS-0012", "LOKET-A-0123"):
        for paper in (PAPER_80MM, PAPER_58MM):
            scale = number_scale(number, paper)
            assert 1 <= scale <= 8
            assert len(number) * 12 * scale <= paper.dots


def test_naive_issue_time_is_refused(ticket: TicketPrint) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        dataclasses.replace(ticket, issued_at=dt.datetime(2026, 11, 23, 19, 41))


def test_logo_is_printed_as_centred_raster(
    ticket: TicketPrint, office: OfficeHeader, tmp_path: Path
) -> None:
    logo_path = tmp_path / "logo.png"
    Image.new("RGB", (400, 200), "black").save(logo_path)
    data = render_ticket(ticket, dataclasses.replace(office, logo=logo_path), PAPER_80MM)
    # Scaled to 240x120 (header height cap), padded to the full 576 dots = 72 bytes a row.
    header = GS + b"v0\x00" + (72).to_bytes(2, "little") + (120).to_bytes(2, "little")
    assert data.startswith(INIT + CODEPAGE_CP437 + CENTER + header)
    first_row = data[len(INIT + CODEPAGE_CP437 + CENTER + header) :][:72]
    assert first_row == bytes(21) + b"\xff" * 30 + bytes(21)  # 168 blank, 240 black, 168 blank


def test_unreadable_logo_still_prints_the_ticket(
    ticket: TicketPrint, office: OfficeHeader, tmp_path: Path
) -> None:
    broken = tmp_path / "logo.png"
    broken.write_bytes(b"not a png")
    with_broken_logo = dataclasses.replace(office, logo=broken)
    assert render_ticket(ticket, with_broken_logo, PAPER_80MM) == render_ticket(
        ticket, office, PAPER_80MM
    )
