"""Every service name of the shipped offices prints clear of the paper's edges, on 80 and
58 mm: asserted on the parsed ESC/POS commands and on the preview image of the paper."""

from __future__ import annotations

import dataclasses

import pytest
from PIL import Image

from antrian.config import OfficeConfig, load_office_config
from common.paths import CONFIG_DIR
from printer import PAPER_58MM, PAPER_80MM, OfficeHeader, PaperProfile, TicketPrint, render_ticket
from printer.escpos_parse import CharSize, Init, LineFeed, Text, parse
from printer.layout import SERVICE_SCALE
from printer.preview import render_preview

PAPERS = [PAPER_80MM, PAPER_58MM]
FULL_CUT = b"\x1dV\x00"  # GS V 0
OFFICES = {name: load_office_config(CONFIG_DIR / name) for name in ("office.toml", "demo.toml")}


def longest_service(office: OfficeConfig) -> str:
    return max((s.name for s in office.services), key=len)


def printed_lines(data: bytes, profile: PaperProfile) -> list[tuple[str, int, int]]:
    """Each printed line of text, its width in dots and its character width multiplier,
    from the commands themselves."""
    lines: list[tuple[str, int, int]] = []
    text, dots, scale = "", 0, 1
    for command in parse(data):
        if isinstance(command, Init):
            scale = 1
        elif isinstance(command, CharSize):
            scale = command.width
        elif isinstance(command, Text):
            chunk = command.data.decode("cp437")
            text += chunk
            dots += len(chunk) * profile.font_a_dots * scale
        elif isinstance(command, LineFeed):
            if text:
                lines.append((text, dots, scale))
            text, dots = "", 0
    return lines


def ink_columns(picture: Image.Image) -> tuple[int, int]:
    """The leftmost and rightmost columns with a black dot."""
    inverted = Image.eval(picture.convert("L"), lambda value: 255 - value)
    box = inverted.getbbox()
    assert box is not None, "nothing printed"
    return box[0], box[2] - 1


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.name)
@pytest.mark.parametrize("config", sorted(OFFICES))
def test_the_longest_service_name_keeps_a_margin_on_paper(
    config: str, paper: PaperProfile, ticket: TicketPrint
) -> None:
    office = OFFICES[config]
    name = longest_service(office)
    service = next(s for s in office.services if s.name == name)
    booths = ", ".join(c.label for c in office.counters if service.code in c.services)
    printout = dataclasses.replace(ticket, service_name=name, booth_name=booths)
    header = OfficeHeader(office.office.name, office.office.address, office.office.timezone)
    data = render_ticket(printout, header, paper)

    margin = paper.font_a_dots  # one character cell, 1.5 mm, on each side
    lines = printed_lines(data, paper)
    for text, dots, _scale in lines:
        assert dots <= paper.dots - 2 * margin, f"{text!r} runs to the edge of {paper.name}"
    # Wrapped at words: the name is all there, in order, no word cut in two.
    service_lines = [text for text, _dots, scale in lines if scale == SERVICE_SCALE]
    assert " ".join(service_lines) == name

    # The preview marks the cut with a dashed line across the paper: that is no ink.
    left, right = ink_columns(render_preview(data.removesuffix(FULL_CUT), paper.dots))
    assert left >= margin, f"ink {left} dots from the left edge"
    assert right < paper.dots - margin, f"ink {paper.dots - 1 - right} dots from the right edge"


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.name)
def test_samsat_no_longer_prints_edge_to_edge(paper: PaperProfile, ticket: TicketPrint) -> None:
    # 24 characters at double width filled all 48 columns of the 80 mm paper.
    office = OFFICES["office.toml"]
    printout = dataclasses.replace(ticket, service_name="Samsat (Pajak Kendaraan)")
    header = OfficeHeader(office.office.name, office.office.address, office.office.timezone)
    lines = printed_lines(render_ticket(printout, header, paper), paper)
    service_lines = [text for text, _dots, scale in lines if scale == SERVICE_SCALE]
    assert service_lines == ["Samsat (Pajak", "Kendaraan)"]
