"""A4 pages that fill from the top: headings, paragraphs and tables that wrap and break.

Drawn with plain matplotlib Figure objects (no pyplot, so no GUI backend is ever chosen).
Positions are inches from the top left of the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from reports.pdf_text import (
    CELL_PAD,
    HEADING_SIZE,
    TABLE_SIZE,
    PdfColumn,
    column_widths,
    line_height,
    text_width,
    wrap_to,
)

PAGE_WIDTH, PAGE_HEIGHT = 8.27, 11.69  # A4 in inches
MARGIN, TOP, BOTTOM = 0.7, 0.6, 0.75
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
INK, MUTED, RULE, STRIPE, HEAD = "#1a1a1a", "#5f6368", "#9aa0a6", "#f1f3f4", "#dde3ea"
WARN = "#b3261e"


@dataclass(frozen=True, slots=True)
class RowStyle:
    bold: bool = False
    color: str = INK
    size: float = TABLE_SIZE


HEADING_STYLE = RowStyle(bold=True, size=HEADING_SIZE)


class Flow:
    """Pages filled top to bottom; content that does not fit starts a new page."""

    def __init__(self) -> None:
        self.pages: list[Figure] = []
        self.y = 0.0

    @property
    def page(self) -> Figure:
        return self.pages[-1]

    def new_page(self) -> Figure:
        self.pages.append(Figure(figsize=(PAGE_WIDTH, PAGE_HEIGHT)))
        self.y = TOP
        return self.page

    def room(self) -> float:
        return PAGE_HEIGHT - BOTTOM - self.y

    def ensure(self, height: float) -> None:
        if not self.pages or height > self.room():
            self.new_page()

    def put(self, x: float, y: float, text: str, size: float, **style: Any) -> None:
        """Text with its top at (x, y) inches; parse_math off so '$' in a name stays a '$'."""
        style.setdefault("color", INK)
        self.page.text(
            x / PAGE_WIDTH,
            1 - y / PAGE_HEIGHT,
            text,
            fontsize=size,
            va="top",
            parse_math=False,
            **style,
        )

    def paragraph(
        self,
        text: str,
        size: float = 9.0,
        bold: bool = False,
        color: str = INK,
        after: float = 0.08,
    ) -> None:
        lines = wrap_to(text, CONTENT_WIDTH, size, bold)
        self.ensure(len(lines) * line_height(size))
        for line in lines:
            self.put(MARGIN, self.y, line, size, weight="bold" if bold else "normal", color=color)
            self.y += line_height(size)
        self.y += after

    def heading(self, text: str, size: float = 12.0, keep_with: float = 0.8) -> None:
        """A section heading, moved to the next page with the content it introduces."""
        self.ensure(line_height(size) + 0.1 + keep_with)
        self.y += 0.1
        self.paragraph(text, size=size, bold=True, after=0.06)

    def table(
        self,
        columns: Sequence[PdfColumn],
        rows: Sequence[Sequence[str]],
        styles: Sequence[RowStyle] | None = None,
    ) -> None:
        """Rows with wrapped cells, striped; the heading row repeats after a page break."""
        bold_rows = [style.bold for style in styles or ()]
        widths = column_widths(columns, rows, CONTENT_WIDTH, bold_rows)
        heading = _cells([c.heading for c in columns], widths, HEADING_STYLE)
        self.ensure(_height(heading, HEADING_SIZE) + line_height(TABLE_SIZE) + 2 * CELL_PAD)
        self._row(heading, columns, widths, HEADING_STYLE, fill=HEAD)
        for index, row in enumerate(rows):
            style = styles[index] if styles else RowStyle()
            cells = _cells(row, widths, style)
            if _height(cells, style.size) > self.room():
                self.new_page()
                self._row(heading, columns, widths, HEADING_STYLE, fill=HEAD)
            self._row(cells, columns, widths, style, fill=STRIPE if index % 2 else None)
        self.page.add_artist(self._rule(self.y))
        self.y += 0.12

    def _row(
        self,
        cells: list[list[str]],
        columns: Sequence[PdfColumn],
        widths: list[float],
        style: RowStyle,
        fill: str | None,
    ) -> None:
        height = _height(cells, style.size)
        if fill:
            self.page.add_artist(
                Rectangle(
                    (MARGIN / PAGE_WIDTH, 1 - (self.y + height) / PAGE_HEIGHT),
                    CONTENT_WIDTH / PAGE_WIDTH,
                    height / PAGE_HEIGHT,
                    transform=self.page.transFigure,
                    facecolor=fill,
                    edgecolor="none",
                )
            )
        x = MARGIN
        for lines, column, width in zip(cells, columns, widths, strict=True):
            anchor = {"left": x + CELL_PAD, "right": x + width - CELL_PAD, "center": x + width / 2}[
                column.align
            ]
            for number, line in enumerate(lines):
                self.put(
                    anchor,
                    self.y + CELL_PAD + number * line_height(style.size),
                    line,
                    style.size,
                    ha=column.align,
                    color=style.color,
                    weight="bold" if style.bold else "normal",
                )
            x += width
        self.y += height

    def _rule(self, y: float) -> Rectangle:
        return Rectangle(
            (MARGIN / PAGE_WIDTH, 1 - y / PAGE_HEIGHT),
            CONTENT_WIDTH / PAGE_WIDTH,
            0.8 / 72 / PAGE_HEIGHT,
            transform=self.page.transFigure,
            facecolor=RULE,
            edgecolor="none",
        )

    def footers(self, left: str) -> None:
        """'left' and 'Halaman i dari n' at the foot of every page, once the count is known."""
        # A long office name is shortened rather than run into the page number.
        while len(left) > 20 and text_width(left, 7.5) > CONTENT_WIDTH - 1.3:
            left = left[:-2].rstrip() + "\u2026"
        for number, page in enumerate(self.pages, start=1):
            y = 1 - (PAGE_HEIGHT - BOTTOM + 0.3) / PAGE_HEIGHT
            page.text(MARGIN / PAGE_WIDTH, y, left, fontsize=7.5, color=MUTED, parse_math=False)
            page.text(
                1 - MARGIN / PAGE_WIDTH,
                y,
                f"Halaman {number} dari {len(self.pages)}",
                fontsize=7.5,
                color=MUTED,
                ha="right",
            )


def signature(flow: Flow) -> None:
    """The head of office's "Mengetahui" with room to sign, at the foot of a report."""
    flow.ensure(1.5)
    flow.y += 0.3
    centre = MARGIN + 5.0
    flow.put(centre, flow.y, "Mengetahui,", 9, ha="center", color=MUTED)
    flow.put(centre, flow.y + 0.18, "Kepala Kantor", 10, ha="center", weight="bold")
    flow.put(centre, flow.y + 1.1, "(.............................................)", 9,
             ha="center")  # fmt: skip
    flow.y += 1.3


def _cells(texts: Sequence[str], widths: Sequence[float], style: RowStyle) -> list[list[str]]:
    return [
        wrap_to(text, width - 2 * CELL_PAD, style.size, style.bold)
        for text, width in zip(texts, widths, strict=True)
    ]


def _height(cells: list[list[str]], size: float) -> float:
    return max(len(lines) for lines in cells) * line_height(size) + 2 * CELL_PAD
