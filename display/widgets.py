"""The TV's pieces: the flashing current call, a counter tile, the running text."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget

from antrian.qtwidgets import INK, label
from display.board import CallEntry, CounterTile

PANEL = "#13315c"
PRIORITY = "#e4572e"


class CallPanel(QFrame):
    """The number being called now and where to go, flashing briefly when it arrives."""

    def __init__(self, accent: str) -> None:
        super().__init__()
        self.accent = accent
        self.setObjectName("call")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        self.caption = label("NOMOR ANTREAN", 1.0, bold=True)
        self.number = label("—", 6.0, bold=True, color=accent)
        self.go_to = label("silakan menuju", 1.0)
        self.counter = label("", 2.4, bold=True)
        self.badge = label("", 0.9, bold=True)
        self.badge.setStyleSheet(
            f"background: {PRIORITY}; color: {INK}; border-radius: 10px; padding: 6px 18px;"
            " font-weight: 700;"
        )
        for widget in (self.caption, self.number, self.go_to, self.counter, self.badge):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            widget.setWordWrap(False)
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        self._flashes_left = 0
        self._lit = False
        self._timer = QTimer(self, interval=400)
        self._timer.timeout.connect(self._toggle)
        self._paint(lit=False)

    def show_call(self, entry: CallEntry | None, flash_seconds: int = 0) -> None:
        if entry is None:
            self.number.setText("—")
            self.counter.setText("")
            self.badge.hide()
            return
        self.number.setText(entry.number)
        self.counter.setText(entry.counter_name.upper())
        badges = []
        if entry.priority:
            badges.append("PRIORITAS")
        if entry.recall:
            badges.append("PANGGILAN ULANG")
        self.badge.setText("  •  ".join(badges))
        self.badge.setVisible(bool(badges))
        if flash_seconds:
            self._flashes_left = flash_seconds * 1000 // self._timer.interval()
            self._timer.start()
            self._paint(lit=True)

    @property
    def flashing(self) -> bool:
        return self._timer.isActive()

    @property
    def lit(self) -> bool:
        return self._lit

    def _toggle(self) -> None:
        self._flashes_left -= 1
        if self._flashes_left <= 0:
            self._timer.stop()
            self._paint(lit=False)
            return
        self._paint(lit=not self._lit)

    def _paint(self, lit: bool) -> None:
        self._lit = lit
        background = self.accent if lit else PANEL
        number = "#000000" if lit else self.accent
        text = "#000000" if lit else INK
        self.setStyleSheet(f"#call {{ background: {background}; border-radius: 24px; }}")
        self.number.setStyleSheet(f"color: {number}; font-weight: 700; background: transparent;")
        for widget in (self.caption, self.go_to, self.counter):
            widget.setStyleSheet(f"color: {text}; background: transparent; font-weight: 700;")


class CounterBox(QFrame):
    """One counter: its name and the number it called last (or that it is on a break)."""

    def __init__(self, tile: CounterTile, accent: str) -> None:
        super().__init__()
        self.setObjectName("counter")
        self.setStyleSheet(f"#counter {{ background: {PANEL}; border-radius: 14px; }}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        self.name = label(tile.name, 0.8, color="#c9d6ea")
        self.ticket = label("", 1.7, bold=True, color=accent)
        for widget in (self.name, self.ticket):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            widget.setWordWrap(False)
            layout.addWidget(widget)
        self.show_tile(tile)

    def show_tile(self, tile: CounterTile) -> None:
        self.name.setText(tile.name)
        self.ticket.setText("Istirahat" if tile.paused else (tile.ticket or "—"))


class RunningText(QWidget):
    """The announcement line, scrolling right to left, smoothly and forever."""

    def __init__(self, text: str, accent: str) -> None:
        super().__init__()
        self.text = text
        self.accent = accent
        self.offset = 0.0
        self._timer = QTimer(self, interval=33)
        self._timer.timeout.connect(self._step)
        self._timer.start()

    def _step(self) -> None:
        self.offset += max(1.0, self.height() / 30)  # about one screen width in 15 s at 1080p
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self.accent))
        font = QFont(self.font())
        font.setPixelSize(max(10, int(self.height() * 0.55)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#000000"))
        spaced = self.text + "     •     "
        width = painter.fontMetrics().horizontalAdvance(spaced)
        x = self.width() - (self.offset % (width + self.width()))
        while x < self.width():
            painter.drawText(int(x), 0, width, self.height(), Qt.AlignmentFlag.AlignVCenter, spaced)
            x += width
        painter.end()
