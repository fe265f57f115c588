"""Qt pieces every appliance screen shares: scaled labels and the office/clock header."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from common.clock import Clock, SystemClock
from common.indonesian import clock, long_date

INK = "#ffffff"


def label(text: str = "", size: float = 1.0, bold: bool = False, color: str = INK) -> QLabel:
    """A label whose font size is `size` times the window's base unit (set on resize)."""
    widget = QLabel(text)
    widget.setProperty("scale", size)
    widget.setWordWrap(True)
    # Labels take the height their text needs; the buttons get the rest of the screen.
    widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    weight = "700" if bold else "400"
    widget.setStyleSheet(f"color: {color}; font-weight: {weight}; background: transparent;")
    return widget


class Header(QWidget):
    """Office name on the left, Indonesian date and time on the right, ticking."""

    def __init__(self, zone: str = "Asia/Jakarta") -> None:
        super().__init__()
        self.zone = zoneinfo.ZoneInfo(zone)
        layout = QHBoxLayout(self)
        self.row = layout
        layout.setContentsMargins(32, 16, 32, 16)
        self.office = label("Antrian", 1.1, bold=True)
        self.clock = label("", 0.9)
        self.clock.setWordWrap(False)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.office, 1)
        layout.addWidget(self.clock)
        # The hub's clock is the one shown: an app hands over its connection's clock
        # (hub_client.HubClock); until then, this PC's.
        self.hub_clock: Clock = SystemClock()
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.tick()

    def set_logo(self, path: str, height: int = 64) -> None:
        picture = QLabel()
        pixmap = QPixmap(path)
        if not pixmap.isNull():
            picture.setPixmap(
                pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
            )
            self.row.insertWidget(0, picture)

    def set_office(self, name: str, zone: str) -> None:
        self.office.setText(name)
        self.zone = zoneinfo.ZoneInfo(zone)
        self.tick()

    def tick(self, now: dt.datetime | None = None) -> None:
        local = (now or self.hub_clock.now()).astimezone(self.zone)
        self.clock.setText(f"{long_date(local)}   {clock(local)}")


def scale_fonts(root: QWidget, unit: int) -> None:
    """Set every label's and button's pixel size to its `scale` property times `unit`."""
    for widget in root.findChildren(QLabel) + root.findChildren(QPushButton):
        scale = widget.property("scale")
        if scale:
            font = QFont(widget.font())
            font.setPixelSize(max(8, int(unit * float(scale))))
            widget.setFont(font)
