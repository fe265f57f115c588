"""The four faces, drawn with QPainter (no image files): a frown to a broad smile."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from rater.flow import ANSWERS

# Worst to best; colour is a second cue beside the mouth for those who read neither.
COLOURS = ("#d64541", "#f08a24", "#8cc63f", "#1e9e5a")
# The mouth's bend, as a share of the face's radius: negative frowns, positive smiles.
BENDS = (-0.30, -0.12, 0.16, 0.34)
INK = "#1b1b1b"
CARD = "#16324f"
CARD_PRESSED = "#ffd23f"


class Face(QWidget):
    """One answer: a face, its word below and its key number; a large touch target."""

    pressed = Signal(int)

    def __init__(self, score: int) -> None:
        super().__init__()
        self.score = score
        self.word = ANSWERS[score - 1]
        self.down = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 200)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(f"{score}: {self.word}")

    def mousePressEvent(self, _event: object) -> None:  # noqa: N802 - Qt's name
        self.down = True
        self.update()

    def mouseReleaseEvent(self, _event: object) -> None:  # noqa: N802 - Qt's name
        self.down = False
        self.update()
        self.pressed.emit(self.score)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.width(), self.height()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(CARD_PRESSED if self.down else CARD))
        painter.drawRoundedRect(QRectF(0, 0, width, height), 24, 24)
        # The face and its word as one block, centred: a tall card does not part them.
        word_px = max(12, int(min(width * 0.12, height * 0.09)))
        radius = min(width * 0.42, (height - 3 * word_px) * 0.42)
        top = (height - (2 * radius + 2.2 * word_px)) / 2
        centre = QPointF(width / 2, top + radius)
        self._draw_face(painter, centre, radius)
        font = QFont(self.font())
        font.setPixelSize(word_px)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(INK if self.down else "#ffffff"))
        words = QRectF(4, top + 2 * radius + 0.4 * word_px, width - 8, 1.6 * word_px)
        painter.drawText(words, Qt.AlignmentFlag.AlignCenter, self.word)
        font.setPixelSize(max(10, int(radius * 0.32)))
        painter.setFont(font)
        painter.setPen(QColor("#9fb7d1" if not self.down else INK))
        key = QRectF(12, 8, radius, radius * 0.45)
        painter.drawText(
            key, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(self.score)
        )
        painter.end()

    def _draw_face(self, painter: QPainter, centre: QPointF, radius: float) -> None:
        painter.setPen(QPen(QColor(INK), max(2.0, radius * 0.05)))
        painter.setBrush(QColor(COLOURS[self.score - 1]))
        painter.drawEllipse(centre, radius, radius)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(INK))
        eye = radius * 0.11
        for side in (-1, 1):
            painter.drawEllipse(
                QPointF(centre.x() + side * radius * 0.36, centre.y() - radius * 0.25),
                eye,
                eye * 1.3,
            )
        bend = BENDS[self.score - 1] * radius
        left = QPointF(centre.x() - radius * 0.48, centre.y() + radius * 0.38 - bend / 2)
        right = QPointF(centre.x() + radius * 0.48, left.y())
        mouth = QPainterPath(left)
        # A quadratic curve through a control point twice the bend away gives that bend.
        mouth.quadTo(QPointF(centre.x(), left.y() + 2 * bend), right)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(QColor(INK), max(3.0, radius * 0.09))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawPath(mouth)
