"""The TV's pieces: the flashing current call, a counter tile, the running text."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from common.qt.widgets import INK, label
from display.board import CallEntry, CounterTile

PANEL = "#13315c"
PRIORITY = "#e4572e"
MUTED = "#c9d6ea"
IDLE = "Mohon menunggu panggilan"  # the big box when no call is live


class FitLabel(QLabel):
    """One line at the size `scale_fonts` gives it, shrunk only when it would not fit
    the width its cell has: a long number or name never clips, and never pushes the
    layout wider than the screen."""

    def __init__(self, text: str, size: float, color: str, bold: bool = True) -> None:
        super().__init__(text)
        self.setProperty("scale", size)
        weight = "700" if bold else "400"
        self.setStyleSheet(f"color: {color}; font-weight: {weight}; background: transparent;")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_color(self, color: str, bold: bool = True) -> None:
        weight = "700" if bold else "400"
        self.setStyleSheet(f"color: {color}; font-weight: {weight}; background: transparent;")

    def shown_font(self) -> QFont:
        """The font the text is drawn in: the scaled one, or smaller to fit."""
        font = QFont(self.font())
        metrics = QFontMetrics(font)
        room = self.contentsRect()
        needed_width = metrics.horizontalAdvance(self.text())
        shrink = min(
            room.width() / needed_width if needed_width else 1.0,
            room.height() / metrics.height() if metrics.height() else 1.0,
            1.0,
        )
        if shrink < 1.0 and room.width() > 0 and room.height() > 0:
            font.setPixelSize(max(6, int(font.pixelSize() * shrink)))
        return font

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(1, QFontMetrics(self.font()).height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Half its height at the least: a crowded column of counters shrinks, not clips.
        return QSize(1, QFontMetrics(self.font()).height() // 2)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setFont(self.shown_font())
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(self.contentsRect(), int(self.alignment()), self.text())
        painter.end()


class CallPanel(QFrame):
    """The number being called now and where to go, flashing briefly when it arrives;
    when no call is live (served, closed, counter on a break) it says to wait."""

    def __init__(self, accent: str) -> None:
        super().__init__()
        self.accent = accent
        self.setObjectName("call")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        self.caption = FitLabel("NOMOR ANTREAN", 1.0, INK)
        self.number = FitLabel("", 6.0, accent)
        self.go_to = FitLabel("silakan menuju", 1.0, INK)
        self.counter = FitLabel("", 2.4, INK)
        self.badge = label("", 0.9, bold=True)
        self.badge.setStyleSheet(
            f"background: {PRIORITY}; color: {INK}; border-radius: 10px; padding: 6px 18px;"
            " font-weight: 700;"
        )
        self.badge.setWordWrap(False)
        layout.addStretch(1)
        for widget in (self.caption, self.number, self.go_to, self.counter):
            layout.addWidget(widget)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.entry: CallEntry | None = None  # the call on show
        self._flashes_left = 0
        self._lit = False
        self._timer = QTimer(self, interval=400)
        self._timer.timeout.connect(self._toggle)
        self._paint(lit=False)

    def show_call(self, entry: CallEntry | None, flash_seconds: int = 0) -> None:
        if entry != self.entry and not flash_seconds:
            # Another call, unannounced (the one before it ended): shown calmly.
            self._timer.stop()
            self._paint(lit=False)
        self.entry = entry
        self.number.setVisible(entry is not None)
        self.go_to.setVisible(entry is not None)
        if entry is None:
            self.number.setText("")
            self.counter.setText(IDLE)
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
        self.number.set_color(number)
        for widget in (self.caption, self.go_to, self.counter):
            widget.set_color(text)


class CounterBox(QFrame):
    """One counter: its name and the number it holds now (or that it is on a break)."""

    def __init__(self, tile: CounterTile, accent: str) -> None:
        super().__init__()
        self.accent = accent
        self.setObjectName("counter")
        self.setStyleSheet(f"#counter {{ background: {PANEL}; border-radius: 14px; }}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        self.name = FitLabel(tile.name, 0.8, MUTED, bold=False)
        self.ticket = FitLabel("", 1.7, accent)
        layout.addStretch(1)
        layout.addWidget(self.name)
        layout.addWidget(self.ticket)
        layout.addStretch(1)
        self.show_tile(tile)

    def show_tile(self, tile: CounterTile) -> None:
        self.name.setText(tile.name)
        self.ticket.setText("Istirahat" if tile.paused else (tile.ticket or "—"))
        self.ticket.set_color(MUTED if tile.paused else self.accent)


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
