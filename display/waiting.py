"""How many wait for each service: one tile a service, its count readable across the hall.

The count is 2.5 units tall (90 px at 1080p, ~66 px cap height): on a 43-inch TV that is
~33 mm, about 22 arc minutes at 5 m, four times what 6/6 eyes need to tell digits apart
and twice what 6/12 eyes (the driving standard) need.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from common import indonesian
from display.board import ServiceCount
from display.widgets import MUTED, PANEL, FitLabel

COUNT_SCALE = 2.5
WAIT_SCALE = 0.62
MAX_NAME_LINES = 3
CLOSED = "#8796ad"


class ServiceTile(QFrame):
    def __init__(self, service: ServiceCount, accent: str) -> None:
        super().__init__()
        self.accent = accent
        self.code = service.code
        self.setObjectName("service")
        self.setStyleSheet(f"#service {{ background: {PANEL}; border-radius: 14px; }}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 4)
        layout.setSpacing(0)
        self.name = QLabel(service.name)
        self.name.setProperty("scale", 0.68)
        self.name.setWordWrap(True)
        self.name.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.name.setStyleSheet(f"color: {MUTED}; background: transparent;")
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.count = FitLabel("", COUNT_SCALE, accent)
        self.wait = FitLabel("", WAIT_SCALE, MUTED, bold=False)
        layout.addWidget(self.name)
        layout.addWidget(self.count)
        layout.addWidget(self.wait)
        self.show_service(service)

    def show_service(self, service: ServiceCount) -> None:
        self.name.setText(service.name)
        self.count.setText(str(service.waiting) if service.open else "Tutup")
        self.count.set_color(self.accent if service.open else CLOSED)
        # The wait a ticket taken now would have, in the words the ticket prints.
        self.wait.setText(indonesian.tile_wait(service.eta_minutes) if service.open else "")

    def name_lines(self, width: int) -> int:
        """How many lines the name takes at this width, three at the most."""
        metrics = self.name.fontMetrics()
        flags = int(Qt.TextFlag.TextWordWrap)
        height = metrics.boundingRect(0, 0, max(1, width), 10_000, flags, self.name.text()).height()
        return min(MAX_NAME_LINES, max(1, -(-height // metrics.lineSpacing())))


class WaitingBoard(QWidget):
    """The tiles in a grid: one row in landscape while they fit, more in portrait."""

    def __init__(self, accent: str) -> None:
        super().__init__()
        self.accent = accent
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.caption = QLabel("JUMLAH ANTREAN MENUNGGU")
        self.caption.setProperty("scale", 0.6)
        self.caption.setStyleSheet(f"color: {MUTED}; font-weight: 700; background: transparent;")
        layout.addWidget(self.caption)
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        layout.addLayout(self.grid)
        self.tiles: dict[str, ServiceTile] = {}
        self.columns = 0

    def show_services(self, services: list[ServiceCount], columns_hint: int) -> bool:
        """Update the tiles; True when tiles were made anew (fonts need scaling)."""
        rebuilt = [s.code for s in services] != list(self.tiles)
        if rebuilt:
            for tile in self.tiles.values():
                tile.deleteLater()
            self.tiles = {s.code: ServiceTile(s, self.accent) for s in services}
            self.columns = 0
        for service in services:
            self.tiles[service.code].show_service(service)
        self.arrange(columns_hint)
        self.setVisible(bool(services))
        return rebuilt

    def arrange(self, max_columns: int) -> None:
        count = len(self.tiles)
        if not count:
            return
        rows = math.ceil(count / max_columns)
        columns = math.ceil(count / rows)  # balanced rows: 7 in portrait are 4 + 3
        if columns == self.columns:
            return
        self.columns = columns
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 0)
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, index // columns, index % columns)
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)

    def fit(self) -> None:
        """Every name the same height, as many lines as the longest needs, so the counts
        stand on one line across the row."""
        if not self.tiles or not self.columns:
            return
        margins = 20  # the tile's left and right contents margins
        spacing = self.grid.horizontalSpacing() * (self.columns - 1)
        width = (self.width() - spacing) // self.columns - margins
        lines = max(tile.name_lines(width) for tile in self.tiles.values())
        for tile in self.tiles.values():
            tile.name.setFixedHeight(tile.name.fontMetrics().lineSpacing() * lines + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit()
