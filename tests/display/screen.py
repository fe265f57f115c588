"""Reading the TV as a viewer would: what is drawn, and how tall, in pixels."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from display.board import Board
from display.window import DisplayWindow


def settle(window: QWidget) -> None:
    """Let the layout take its final shape: pending layout requests, then fonts."""
    for _ in range(3):
        window.layout().activate()
        QCoreApplication.processEvents()


def tv(qtbot, size: tuple[int, int], board: Board | None = None, **options) -> DisplayWindow:  # type: ignore[no-untyped-def]
    window = DisplayWindow(board or Board(recent_limit=6), "Selamat datang", **options)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    settle(window)
    return window


def ink_height(image: QImage, colour: str, tolerance: int = 60) -> int:
    """Rows from the first to the last that hold a pixel of `colour`: the height of the
    drawn glyphs (for digits, their cap height)."""
    target = QColor(colour)
    rows = []
    for y in range(image.height()):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            distance = (abs(pixel.red() - target.red()) + abs(pixel.green() - target.green())
                        + abs(pixel.blue() - target.blue()))  # fmt: skip
            if distance < tolerance:
                rows.append(y)
                break
    return rows[-1] - rows[0] + 1 if rows else 0
