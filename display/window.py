"""The waiting-room TV window: renders a Board, from 720p to 4K, landscape or portrait.

Landscape: the call on the left, the counters beside it (and the media between them when
there is any); portrait: stacked. Under them the previous calls, then one tile a service
with how many wait, then the running text.
"""

from __future__ import annotations

import html
import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QImageReader, QPixmap, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from common.qt.widgets import INK, Header, label, scale_fonts
from display.board import Board, CallEntry
from display.waiting import WaitingBoard
from display.widgets import PANEL, CallPanel, CounterBox, RunningText

if TYPE_CHECKING:
    from display.media import MediaArea

log = logging.getLogger(__name__)

OFFLINE = "#c0392b"
LOGO_SCALE = 1.9  # the logo's height in units: a little taller than the office name


class DisplayWindow(QWidget):
    def __init__(
        self,
        board: Board,
        running_text: str,
        background: str = "#0b1f3a",
        accent: str = "#ffd23f",
        logo: str = "",
        flash_seconds: int = 6,
        media: str = "",
    ) -> None:
        super().__init__()
        self.board = board
        self.flash_seconds = flash_seconds
        self.accent = accent
        self.setWindowTitle("Antrian — Display")
        self.setObjectName("display")
        self.setStyleSheet(f"#display {{ background: {background}; }}")
        self.header = Header()
        self.logo = QLabel()
        self.logo_image = _read_logo(logo) if logo else QPixmap()
        if not self.logo_image.isNull():
            self.header.row.insertWidget(0, self.logo)
            self.header.row.insertSpacing(1, 16)
        self.status = label("Menyambung ulang ke server… tampilan menunjukkan data terakhir.",
                            0.7, bold=True)  # fmt: skip
        self.status.setStyleSheet(f"background: {OFFLINE}; color: {INK}; padding: 6px 16px;"
                                  " font-weight: 700;")  # fmt: skip
        self.call = CallPanel(accent)
        self.counters_area = QWidget()
        self.counter_grid = QGridLayout(self.counters_area)
        self.counter_grid.setContentsMargins(0, 0, 0, 0)
        self.counter_grid.setSpacing(12)
        self.counter_boxes: dict[int, CounterBox] = {}
        self.media: MediaArea | None = None
        if media:
            from display.media import MediaArea  # QtMultimedia only where media is wanted

            self.media = MediaArea(Path(media))
            self.media.available_changed.connect(lambda _available: self._arrange(force=True))
        self.recent = label("", 0.85)
        self.recent.setTextFormat(Qt.TextFormat.RichText)
        self.recent.setStyleSheet(f"color: {INK}; background: {PANEL}; padding: 8px 16px;"
                                  " border-radius: 10px;")  # fmt: skip
        self.waiting = WaitingBoard(accent)
        self.running = RunningText(running_text, accent)

        self.main = QGridLayout()
        self.main.setSpacing(20)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.header)
        # Portrait: the date and time under the office name; beside it, the name wraps.
        self.clock_row = QHBoxLayout()
        self.clock_row.setContentsMargins(32, 0, 32, 8)
        outer.addLayout(self.clock_row)
        outer.addWidget(self.status)
        body = QVBoxLayout()
        body.setContentsMargins(24, 8, 24, 12)
        body.setSpacing(12)
        body.addLayout(self.main, 1)
        body.addWidget(self.recent)
        body.addWidget(self.waiting)
        outer.addLayout(body, 1)
        outer.addWidget(self.running)
        self._shape: tuple[bool, bool] | None = None  # (landscape, with media) laid out
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self._refresh_rest)
        if self.media is not None:
            self.media.start()
        self.refresh()

    # ---- rendering --------------------------------------------------------------------

    def show_call(self, entry: CallEntry, flash: bool) -> None:
        """A new call: the number and its counter first, everything else a moment later."""
        if entry != self.board.current:
            self.refresh()  # not live (its counter closed it already): not worth a flash
            return
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
        self._render_previous()
        columns = 8 if self._landscape() else 4
        if self.waiting.show_services(board.services, columns):
            self._scale()

    def _render_previous(self) -> None:
        """One line, newest first, as many calls as fit: a second line would take the
        room of the counts, and the oldest matter least."""
        caption = "Panggilan sebelumnya:"
        plain = QFontMetrics(self.recent.font())
        font = QFont(self.recent.font())
        font.setBold(True)
        bold = QFontMetrics(font)
        room = self.recent.contentsRect().width() - 8  # a little to spare
        used = plain.horizontalAdvance(caption + "   ")
        shown: list[str] = []
        for entry in self.board.previous():
            used += bold.horizontalAdvance(entry.number)
            used += plain.horizontalAdvance(f" → {entry.counter_name}   ")
            if room > 0 and shown and used > room:
                break
            shown.append(
                f"<b style='color:{self.accent}'>{html.escape(entry.number)}</b>"
                f"&nbsp;→&nbsp;{html.escape(entry.counter_name)}"
            )
        self.recent.setText(f"{caption}&nbsp;&nbsp; {'&nbsp;&nbsp; '.join(shown) or '—'}")

    def _render_counters(self) -> None:
        tiles = self.board.counters
        if set(tiles) != set(self.counter_boxes):
            for box in self.counter_boxes.values():
                box.deleteLater()
            self.counter_boxes = {n: CounterBox(t, self.accent) for n, t in sorted(tiles.items())}
            self._arrange(force=True)
            self._scale()
        for number, box in self.counter_boxes.items():
            box.show_tile(tiles[number])

    # ---- layout -----------------------------------------------------------------------

    def _landscape(self) -> bool:
        return self.width() >= self.height()

    def _arrange(self, force: bool = False) -> None:
        landscape = self._landscape()
        with_media = self.media is not None and self.media.available
        if (landscape, with_media) == self._shape and not force:
            return
        self._shape = (landscape, with_media)
        for widget in (self.call, self.counters_area, self.media):
            if widget is not None:
                self.main.removeWidget(widget)
        for index in range(3):
            self.main.setColumnStretch(index, 0)
            self.main.setRowStretch(index, 0)
        if self.media is not None:
            self.media.setVisible(with_media)
        count = len(self.counter_boxes)
        if landscape:
            # Left to right: the call, the media if any, the counters.
            cells = [self.call, self.media, self.counters_area] if with_media else [
                self.call, self.counters_area]  # fmt: skip
            stretches = (34, 40, 26) if with_media else (11, 9)
            for column, (widget, stretch) in enumerate(zip(cells, stretches, strict=True)):
                assert widget is not None  # noqa: S101 - media is in cells only when set
                self.main.addWidget(widget, 0, column)
                self.main.setColumnStretch(column, stretch)
            self.main.setRowStretch(0, 1)
            columns = 2 if count <= 10 else math.ceil(count / 5)
        else:
            # Top to bottom: the call, the media if any, the counters.
            rows = [self.call, self.media, self.counters_area] if with_media else [
                self.call, self.counters_area]  # fmt: skip
            # With media, the call and the counters take what they need, the media the rest.
            stretches = (0, 1, 0) if with_media else (5, 4)
            for row, (widget, stretch) in enumerate(zip(rows, stretches, strict=True)):
                assert widget is not None  # noqa: S101 - media is in rows only when set
                self.main.addWidget(widget, row, 0)
                self.main.setRowStretch(row, stretch)
            self.main.setColumnStretch(0, 1)
            # With media, the counters in two rows leave the media room to be seen.
            columns = math.ceil(count / 2) if with_media else (3 if count <= 9 else 4)
        for box in self.counter_boxes.values():
            self.counter_grid.removeWidget(box)
        for index, box in enumerate(self.counter_boxes.values()):
            self.counter_grid.addWidget(box, index // columns, index % columns)
        clock = self.header.clock
        (self.clock_row if landscape else self.header.row).removeWidget(clock)
        (self.header.row if landscape else self.clock_row).addWidget(clock)
        clock.setAlignment(
            (Qt.AlignmentFlag.AlignRight if landscape else Qt.AlignmentFlag.AlignLeft)
            | Qt.AlignmentFlag.AlignVCenter
        )
        self.waiting.arrange(8 if landscape else 4)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange()
        self._scale()
        self._render_previous()

    def _scale(self) -> None:
        # 1/30 of the shorter side: the called number is ~200 px tall on a 1080p TV,
        # about 17 cm on a 43-inch screen, readable from the back of the hall (8 m).
        unit = max(10, min(self.width(), self.height()) // 30)
        scale_fonts(self, unit)
        self.running.setFixedHeight(int(unit * 1.6))
        self.waiting.fit()
        if not self.logo_image.isNull():
            self.logo.setPixmap(
                self.logo_image.scaledToHeight(
                    int(unit * LOGO_SCALE), Qt.TransformationMode.SmoothTransformation
                )
            )


def _read_logo(path: str) -> QPixmap:
    """The logo, or an empty picture (logged) when it cannot be read: no logo is no
    reason to leave the TV dark."""
    reader = QImageReader(path)
    image = reader.read()
    if image.isNull():
        log.error("display.logo: cannot show %s (%s); the TV runs without a logo",
                  path, reader.errorString())  # fmt: skip
        return QPixmap()
    return QPixmap.fromImage(image)
