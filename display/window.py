"""The waiting-room TV window: renders a Board, from 720p to 4K, landscape or portrait."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from antrian.qtwidgets import INK, Header, label, scale_fonts
from display.board import Board, CallEntry
from display.widgets import PANEL, CallPanel, CounterBox, RunningText

OFFLINE = "#c0392b"


class DisplayWindow(QWidget):
    def __init__(
        self,
        board: Board,
        running_text: str,
        background: str = "#0b1f3a",
        accent: str = "#ffd23f",
        logo: str = "",
        flash_seconds: int = 6,
    ) -> None:
        super().__init__()
        self.board = board
        self.flash_seconds = flash_seconds
        self.setWindowTitle("Antrian — Display")
        self.setObjectName("display")
        self.setStyleSheet(f"#display {{ background: {background}; }}")
        self.header = Header()
        if logo:
            self.header.set_logo(logo)
        self.status = label("Menyambung ulang ke server… tampilan menunjukkan data terakhir.",
                            0.7, bold=True)  # fmt: skip
        self.status.setStyleSheet(f"background: {OFFLINE}; color: {INK}; padding: 6px 16px;"
                                  " font-weight: 700;")  # fmt: skip
        self.call = CallPanel(accent)
        self.counters_area = QWidget()
        self.counter_grid = QGridLayout(self.counters_area)
        self.counter_grid.setSpacing(12)
        self.counter_boxes: dict[int, CounterBox] = {}
        self.recent = label("", 0.85)
        self.recent.setStyleSheet(f"color: {INK}; background: {PANEL}; padding: 8px 16px;")
        self.waiting = label("", 0.8, color="#c9d6ea")
        self.running = RunningText(running_text, accent)
        self.accent = accent

        self.main = QGridLayout()
        self.main.setSpacing(20)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.header)
        outer.addWidget(self.status)
        body = QVBoxLayout()
        body.setContentsMargins(24, 12, 24, 12)
        body.setSpacing(14)
        body.addLayout(self.main, 1)
        body.addWidget(self.recent)
        row = QHBoxLayout()
        row.addWidget(self.waiting, 1)
        body.addLayout(row)
        outer.addLayout(body, 1)
        outer.addWidget(self.running)
        self._landscape: bool | None = None
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self._refresh_rest)
        self.refresh()

    # ---- rendering --------------------------------------------------------------------

    def show_call(self, entry: CallEntry, flash: bool) -> None:
        """A new call: the number and its counter first, everything else a moment later."""
        self.call.show_call(entry, self.flash_seconds if flash else 0)
        box = self.counter_boxes.get(entry.counter)
        tile = self.board.counters.get(entry.counter)
        if box is not None and tile is not None:
            box.show_tile(tile)
        if not self._pending.isActive():
            self._pending.start()

    def refresh(self, flash: CallEntry | None = None) -> None:
        board = self.board
        self.header.set_office(board.office_name or "Antrian", board.timezone)
        self.status.setVisible(not board.online)
        self.call.show_call(board.current, self.flash_seconds if flash else 0)
        self._refresh_rest()

    def _refresh_rest(self) -> None:
        board = self.board
        self._render_counters()
        calls = [e for e in board.recent if board.current is None or e.seq != board.current.seq]
        self.recent.setText(
            "Panggilan sebelumnya:   "
            + "     ".join(f"{e.number} → {e.counter_name}" for e in calls)
            if calls
            else "Panggilan sebelumnya: —"
        )
        counts = [f"{s.name}: {s.waiting}" if s.open else f"{s.name}: tutup"
                  for s in board.services]  # fmt: skip
        self.waiting.setText("Menunggu —  " + "   ·   ".join(counts))

    def _render_counters(self) -> None:
        tiles = self.board.counters
        if set(tiles) != set(self.counter_boxes):
            for box in self.counter_boxes.values():
                box.deleteLater()
            self.counter_boxes = {n: CounterBox(t, self.accent) for n, t in sorted(tiles.items())}
            self._landscape = None
            self._arrange()
            self._scale()
        for number, box in self.counter_boxes.items():
            box.show_tile(tiles[number])

    def _arrange(self) -> None:
        landscape = self.width() >= self.height()
        if landscape == self._landscape:
            return
        self._landscape = landscape
        # Landscape: the call on the left, counters on the right; portrait: stacked.
        self.main.addWidget(self.call, 0, 0)
        self.main.addWidget(self.counters_area, *((0, 1) if landscape else (1, 0)))
        self.main.setColumnStretch(0, 11 if landscape else 1)
        self.main.setColumnStretch(1, 9 if landscape else 0)
        self.main.setRowStretch(0, 1)
        self.main.setRowStretch(1, 0 if landscape else 1)
        columns = 2 if landscape else 3
        for index, box in enumerate(self.counter_boxes.values()):
            self.counter_grid.addWidget(box, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange()
        self._scale()

    def _scale(self) -> None:
        # 1/30 of the shorter side: the called number is ~200 px tall on a 1080p TV,
        # about 17 cm on a 43-inch screen, readable from the back of the hall (8 m).
        unit = max(10, min(self.width(), self.height()) // 30)
        scale_fonts(self, unit)
        self.running.setFixedHeight(int(unit * 1.6))
