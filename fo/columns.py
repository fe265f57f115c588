"""Fixed-width text layout for the thermal recap: wrapped text, label/value pairs, tables.

Pure string functions: every line they return is at most `width` characters, which is
what keeps the printer from breaking a line in the middle of a figure by itself.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from printer.wording import printable


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """Word-wrapped lines, each indented; an over-long word is split rather than overflow."""
    prefix = " " * indent
    return textwrap.wrap(
        printable(text),
        width=max(1, width),
        initial_indent=prefix,
        subsequent_indent=prefix,
        break_long_words=True,
    ) or [prefix]


def pair(label: str, value: str, width: int) -> list[str]:
    """'Label        value' with the value flush right; the label wraps, the value never does."""
    label, value = printable(label), printable(value)
    if len(label) + 1 + len(value) <= width:
        return [label + " " * (width - len(label) - len(value)) + value]
    return [*wrap(label, width), value.rjust(width)[-width:]]


@dataclass(frozen=True, slots=True)
class Column:
    """A figure column's heading at 80 mm (wide) and where columns are scarce (narrow)."""

    wide: str
    narrow: str


@dataclass(frozen=True, slots=True)
class Table:
    """Figures laid out to a width: heading lines, then per row its title and figure lines.

    When `inline`, each row's single title line and single figure line belong on one
    printed line (title first), and the heading's first line starts with the title heading.
    """

    heading: list[str]
    titles: list[list[str]]
    figures: list[list[str]]
    inline: bool
    narrow: bool


def table(
    groups: Sequence[Sequence[Column]],
    titles: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    title_heading: str = "",
) -> Table:
    """Right-aligned figure columns packed into as few lines as the width allows.

    Each group starts a new line (counts on one, times on the next); a group too wide
    for one line is split. Wide headings win unless the narrow ones save a line.
    """
    columns = [column for group in groups for column in group]
    if any(len(row) != len(columns) for row in rows):
        raise ValueError("every row needs one value per column")
    values = [[printable(value) for value in row] for row in rows]
    printable_titles = [printable(title) for title in titles]
    title_width = max([len(title_heading), *(len(t) for t in printable_titles)])
    options = []
    for use_narrow in (False, True):
        labels = [c.narrow if use_narrow else c.wide for c in columns]
        lines = _pack(groups, labels, values, width)
        heading = [_line(labels, indices, widths) for indices, widths in lines]
        inline = len(lines) == 1 and title_width + len(heading[0]) <= width
        # Printed lines per row: title and figures share one when inline.
        options.append((1 if inline else 1 + len(lines), use_narrow, lines, heading, inline))
    _, use_narrow, lines, heading, inline = min(options, key=lambda option: option[:2])
    figures = [[_line(row, indices, widths) for indices, widths in lines] for row in values]
    if inline:
        title_width = width - len(heading[0])
        heading = [title_heading.ljust(title_width) + heading[0]]
        title_lines = [[title.ljust(title_width)] for title in printable_titles]
    else:
        title_lines = [wrap(title, width) for title in printable_titles]
    return Table(heading, title_lines, figures, inline, use_narrow)


def _pack(
    groups: Sequence[Sequence[Column]],
    labels: Sequence[str],
    values: Sequence[Sequence[str]],
    width: int,
) -> list[tuple[list[int], list[int]]]:
    """(column indices, column widths) per printed line; each column gets one space before."""
    lines: list[tuple[list[int], list[int]]] = []
    index = 0
    for group in groups:
        current: tuple[list[int], list[int]] = ([], [])
        used = 0
        for _ in group:
            column_width = max([len(labels[index]), *(len(row[index]) for row in values)])
            column_width = min(column_width, width - 1)  # a freak value must not overflow
            if current[0] and used + 1 + column_width > width:
                lines.append(current)
                current, used = ([], []), 0
            current[0].append(index)
            current[1].append(column_width)
            used += 1 + column_width
            index += 1
        if current[0]:
            lines.append(current)
    return lines


def _line(cells: Sequence[str], indices: list[int], widths: list[int]) -> str:
    return "".join(" " + cells[i].rjust(w)[-w:] for i, w in zip(indices, widths, strict=True))


def side_by_side(left: list[str], right: list[str], width: int) -> list[str]:
    """Two blocks of text as two centred columns with a gap between them."""
    half = (width - 2) // 2
    lines = []
    for index in range(max(len(left), len(right))):
        left_text = left[index] if index < len(left) else ""
        right_text = right[index] if index < len(right) else ""
        row = (
            left_text[:half].center(half)
            + " " * (width - 2 * half)
            + right_text[:half].center(half)
        )
        lines.append(row.rstrip())
    return lines


def signature_block(
    left_title: Sequence[str], right_title: Sequence[str], width: int, blank_lines: int = 4
) -> list[str]:
    """Two titles side by side, room to sign under each and '(.....)' for the name."""
    half = (width - 2) // 2
    left = [line for text in left_title for line in wrap(text, half)]
    right = [line for text in right_title for line in wrap(text, half)]
    title_height = max(len(left), len(right))
    # Pad the shorter title so both signature lines end up on the same printed line.
    left += [""] * (title_height - len(left))
    right += [""] * (title_height - len(right))
    room = [""] * blank_lines
    name_line = "(" + "." * (half - 2) + ")"
    return side_by_side([*left, *room, name_line], [*right, *room, name_line], width)
