"""Building blocks of the kiosk screen: service tiles and a QR code."""

from __future__ import annotations

from typing import Any

import qrcode
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QWidget

from common.qt.widgets import label

BACKGROUND = "#0d2240"
TILE = "#1f5fa8"
TILE_CLOSED = "#4a5563"
ACCENT = "#ffd23f"
ALERT = "#c0392b"


class ServiceTile(QPushButton):
    """One large touch target: key number, service name, waiting count (in Bahasa
    Indonesia only, like everything else a citizen reads)."""

    def __init__(self, key: int, service: dict[str, Any]) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(110)
        self.setMaximumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        self.key = label(str(key), 1.6, bold=True, color=ACCENT)
        self.key.setFixedWidth(70)
        self.name = label(service["name"], 1.2, bold=True)
        self.status = label("", 0.8, color="#d5e3f5")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.key)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.status)
        for child in (self.key, self.name, self.status):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.update_service(service)

    def update_service(self, service: dict[str, Any]) -> None:
        is_open = bool(service.get("open"))
        waiting = int(service.get("waiting", 0))
        self.status.setText(f"{waiting} menunggu" if is_open else "TUTUP")
        colour = TILE if is_open else TILE_CLOSED
        self.setStyleSheet(
            f"QPushButton {{ background: {colour}; border: none; border-radius: 18px; }}"
            f"QPushButton:pressed {{ background: {ACCENT}; }}"
        )


class QrCode(QWidget):
    """A QR code drawn as crisp squares, with the quiet zone a scanner needs."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._matrix: list[list[bool]] = []
        self.set_text(text)

    def set_text(self, text: str) -> None:
        if text:
            code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
            code.add_data(text)
            self._matrix = code.get_matrix()
        else:
            self._matrix = []
        self.update()

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt's name
        if not self._matrix:
            return
        side = min(self.width(), self.height())
        cell = side / len(self._matrix)
        painter = QPainter(self)
        painter.fillRect(QRectF(0, 0, side, side), QColor("white"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for row, line in enumerate(self._matrix):
            for column, dark in enumerate(line):
                if dark:
                    painter.drawRect(QRectF(column * cell, row * cell, cell + 0.5, cell + 0.5))
        painter.end()
