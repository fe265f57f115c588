"""Measuring and wrapping text for the PDF, and sharing a table's width among its columns.

Text is measured from the same DejaVu outlines the PDF embeds, so a wrapped cell never
runs into the next column. Sizes are points, widths inches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

TABLE_SIZE = 8.0
# Table headings are a little smaller: the figure columns are as wide as their headings.
HEADING_SIZE = 7.2
LINE_FACTOR = 1.3  # line height as a multiple of the font size
CELL_PAD = 0.04  # inches left and right of a cell's text, and above and below it

_MEASURE = TextToPath()


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of text in inches as DejaVu Sans is laid out in the PDF (unhinted outlines)."""
    weight = "bold" if bold else "normal"
    width, _, _ = _MEASURE.get_text_width_height_descent(
        text, FontProperties(size=size, weight=weight), ismath=False
    )
    return width / 72  # points to inches


def wrap_to(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap by measured width, keeping explicit line breaks; a word longer
    than the width is split."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while text_width(current, size, bold) > width and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and text_width(current[:cut], size, bold) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines


def line_height(size: float) -> float:
    return size * LINE_FACTOR / 72


@dataclass(frozen=True, slots=True)
class PdfColumn:
    """A table column: figures (flex 0) are as wide as their widest entry, text columns
    share what is left in proportion to flex."""

    heading: str
    align: str = "left"  # "left", "right" or "center"
    flex: float = 0.0


def column_widths(
    columns: Sequence[PdfColumn],
    rows: Sequence[Sequence[str]],
    total: float,
    bold_rows: Sequence[bool] = (),
) -> list[float]:
    """Inches per column, adding up to total (unless the figures alone are wider)."""
    # The heading row is bold, and so are rows such as the totals: measure them in bold.
    texts: list[tuple[Sequence[str], bool, float]] = [
        ([c.heading for c in columns], True, HEADING_SIZE)
    ]
    texts += [
        (row, index < len(bold_rows) and bold_rows[index], TABLE_SIZE)
        for index, row in enumerate(rows)
    ]

    def widest_word(index: int) -> float:
        return max(
            (
                text_width(word, size, bold)
                for row, bold, size in texts
                for word in row[index].split()
            ),
            default=0.0,
        )

    def widest_value(index: int) -> float:
        values = [
            text_width(line, size, bold)
            for row, bold, size in texts[1:]
            for line in row[index].split("\n")
        ]
        # A hair of slack: (w + 2p) - 2p can round below w and wrap a word that fits.
        return max([widest_word(index), *values]) + 2 * CELL_PAD + 0.02

    widths = [0.0 if c.flex else widest_value(i) for i, c in enumerate(columns)]
    # Water-filling: a text column that needs less than its share keeps its natural width
    # and leaves the rest to the others; whatever no one needs is shared out at the end.
    open_columns = {i: c.flex for i, c in enumerate(columns) if c.flex}
    spare = total - sum(widths)
    while open_columns:
        total_flex = sum(open_columns.values())
        shares = {i: spare * flex / total_flex for i, flex in open_columns.items()}
        settled = [i for i in open_columns if widest_value(i) <= shares[i]]
        if not settled:
            for index, share in shares.items():
                widths[index] = max(share, widest_word(index) + 2 * CELL_PAD)
            return widths
        for index in settled:
            widths[index] = widest_value(index)
            spare -= widths[index]
            del open_columns[index]
    flexible = [i for i, c in enumerate(columns) if c.flex]
    total_flex = sum(columns[i].flex for i in flexible)
    for index in flexible:
        widths[index] += spare * columns[index].flex / total_flex
    return widths
