"""The ESC/POS reader and the PNG preview: what render_ticket sends can be read back and drawn."""

from __future__ import annotations

import dataclasses
import re

import pytest
from PIL import Image

from printer import PAPER_58MM, PAPER_80MM, OfficeHeader, PaperProfile, PreviewError, TicketPrint
from printer import escpos_parse as cmd
from printer.layout import render_ticket
from printer.preview import render_preview


def text_lines(data: bytes) -> list[str]:
    """The printed text, line by line, as a reader of the ticket would see it."""
    lines, current = [], ""
    for command in cmd.parse(data):
        if isinstance(command, cmd.Text):
            current += command.data.decode("cp437")
        elif isinstance(command, cmd.LineFeed):
            lines.append(current)
            current = ""
    return lines


def test_ticket_reads_back_as_indonesian_text(ticket: TicketPrint, office: OfficeHeader) -> None:
    lines = text_lines(render_ticket(ticket, office, PAPER_80MM))
    assert "A-012" in lines
    assert "Senin, 23 November 2026  19.41 WITA" in lines
    assert "Perkiraan waktu tunggu: \u00b1 25 menit" in lines
    assert lines[-1] == "Terima kasih."


def test_number_is_the_largest_text(ticket: TicketPrint, office: OfficeHeader) -> None:
    size, largest = cmd.CharSize(1, 1), (0, "")
    for command in cmd.parse(render_ticket(ticket, office, PAPER_58MM)):
        if isinstance(command, cmd.CharSize):
            size = command
        elif isinstance(command, cmd.Text) and size.height > largest[0]:
            largest = (size.height, command.data.decode())
    assert largest == (6, "A-012")


def test_native_qr_carries_the_status_url(ticket: TicketPrint, office: OfficeHeader) -> None:
    commands = cmd.parse(render_ticket(ticket, office, PAPER_80MM))
    stored = [command for command in commands if isinstance(command, cmd.QrStore)]
    assert stored == [cmd.QrStore(b"https://mpp.test/t/A012")]
    assert cmd.QrPrint() in commands


def black_dots(image: Image.Image) -> int:
    return image.convert("L").histogram()[0]


def ink_rows(image: Image.Image) -> list[int]:
    """Indexes of image rows with at least one black dot."""
    grey = image.convert("L")
    return [
        y for y in range(grey.height) if grey.crop((0, y, grey.width, y + 1)).getextrema()[0] == 0
    ]


@pytest.mark.parametrize("paper", [PAPER_80MM, PAPER_58MM], ids=lambda paper: paper.name)
def test_preview_is_paper_wide_and_inked(
    ticket: TicketPrint, office: OfficeHeader, paper: PaperProfile
) -> None:
    image = render_preview(render_ticket(ticket, office, paper), paper.dots)
    assert image.width == paper.dots
    assert image.mode == "1"
    rows = ink_rows(image)
    assert rows[0] < 30  # the office name starts at the top


def test_number_block_is_tall_enough_to_read_at_arms_length(
    ticket: TicketPrint, office: OfficeHeader
) -> None:
    # Only the number: an otherwise empty ticket is the number line and nothing else.
    data = render_ticket(ticket, office, PAPER_80MM)
    start = data.index(b"\x1d!\x66")  # GS ! 7x7
    end = data.index(b"\n", start) + 1
    image = render_preview(data[start:end], PAPER_80MM.dots)
    rows = ink_rows(image)
    height_mm = (rows[-1] - rows[0] + 1) / 8  # 203 dpi = 8 dots per mm
    # Signage rule of thumb: 1 mm of letter height per 80 mm of distance; 12 mm digits
    # read from about a metre, more than arm's length.
    assert height_mm >= 12


def test_priority_mark_is_inverted_in_the_preview(
    ticket: TicketPrint, office: OfficeHeader
) -> None:
    priority = dataclasses.replace(ticket, priority=True, category_name="Lansia")
    plain = render_preview(render_ticket(ticket, office, PAPER_80MM), PAPER_80MM.dots)
    marked = render_preview(render_ticket(priority, office, PAPER_80MM), PAPER_80MM.dots)
    # " PRIORITAS " at 2x2 white on black is 264x48 dots of mostly black.
    assert black_dots(marked) - black_dots(plain) > 264 * 48 // 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x1b@\x1bZ\x00", "ESC 0x5a"),
        (b"\x1d(L\x02\x000p", "GS ( other than GS ( k"),
        (b"\x07", "control byte 0x07"),
        (b"\x1dv0\x00\x01\x00\x05\x00\xff", "ends inside a command"),
        (b"\x1d(k\x03\x001Q0", "QR print command without stored QR data"),
    ],
)
def test_unknown_or_broken_commands_are_errors(data: bytes, message: str) -> None:
    with pytest.raises(PreviewError, match=re.escape(message)):
        render_preview(data, PAPER_58MM.dots)
