"""Kiosk pages a citizen leaves with a tap: the ticket, the printer fault, a refusal.

The kiosk serves a line of people: the citizen holding a ticket taps the screen (or
"Selesai") and the next one can start at once, instead of waiting out a timer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtGui import QMouseEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QPushButton, QVBoxLayout, QWidget

from common import indonesian
from common.qt.widgets import INK, label
from kiosk.widgets import ACCENT, ALERT, QrCode

# A double tap on a service tile must not dismiss the ticket its first tap made: the hub
# answers within the second tap's reach, so taps this soon after the page appeared are
# taken for the same gesture.
TAP_GRACE_MS = 1000
NEUTRAL = "#3d4b5c"


def big_button(
    text: str, background: str, color: str = INK, scale: float = 1.0, padding: int = 32
) -> QPushButton:
    """A touch button; `padding` is the room left and right of its text, in pixels."""
    button = QPushButton(text)
    button.setProperty("scale", scale)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumHeight(110)
    button.setStyleSheet(
        f"QPushButton {{ background: {background}; color: {color}; border: none;"
        f" border-radius: 18px; font-weight: 700; padding: 12px {padding}px; }}"
        f"QPushButton:pressed {{ background: {ACCENT}; color: #000; }}"
    )
    return button


class TapPage(QWidget):
    """A page that says `tapped` when its button is pressed or, with `anywhere`, when
    the screen is touched anywhere; never within `grace_ms` of appearing."""

    tapped = Signal()

    def __init__(self, anywhere: bool, grace_ms: int = TAP_GRACE_MS) -> None:
        super().__init__()
        self.anywhere = anywhere
        self.grace_ms = grace_ms
        self._shown = QElapsedTimer()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._shown.start()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        # Labels and the QR code let touches through to here; buttons keep their own.
        if self.anywhere:
            self.tap()
        super().mouseReleaseEvent(event)

    def tap(self) -> None:
        if not self._shown.isValid() or self._shown.elapsed() >= self.grace_ms:
            self.tapped.emit()


class MessagePage(TapPage):
    """One large message, optionally with a button that ends it."""

    def __init__(self, text: str, button: str | None = None) -> None:
        super().__init__(anywhere=button is not None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(96, 48, 96, 48)
        self.message = label(text, 1.4, bold=True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.button: QPushButton | None = None
        if button:
            self.button = big_button(button, NEUTRAL, scale=1.1)
            self.button.clicked.connect(self.tap)
            layout.addWidget(self.button)


class TicketPage(TapPage):
    """The number, large, with where it stands in the queue, its QR code and "Selesai".

    Landscape: the number beside the QR code. Portrait: the number above a large QR
    code, so a tall screen is filled rather than left half empty.
    """

    def __init__(self, fault: bool) -> None:
        # A fault screen is the citizen's only record of the number: it stays until they
        # press "Selesai", so a stray touch while photographing it does not lose it.
        super().__init__(anywhere=not fault)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 32)
        layout.setSpacing(16)
        self.banner = label("", 1.1, bold=True, color=INK if fault else ACCENT)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if fault:
            self.banner.setStyleSheet(
                f"color: {INK}; background: {ALERT}; border-radius: 12px; padding: 12px;"
                " font-weight: 700;"
            )
        self.caption = label("Nomor antrean Anda", 1.1)
        self.number = label("", 6.0, bold=True, color=ACCENT)
        self.service = label("", 1.3, bold=True)
        self.details = label("", 1.0)
        self.hint = label("", 0.9)
        self.qr = QrCode()
        self.qr_caption = label("Pindai kode QR untuk melihat antrean Anda di ponsel", 0.9)
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done = big_button("Selesai", NEUTRAL, scale=1.2)
        self.done.clicked.connect(self.tap)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(32)
        text = QVBoxLayout()
        text.setSpacing(8)
        text.addStretch(1)
        for widget in (self.caption, self.number, self.service, self.details):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text.addWidget(widget)
        text.addStretch(1)
        code = QVBoxLayout()
        code.setSpacing(12)
        code.addStretch(1)
        code.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        code.addWidget(self.qr_caption, 0, Qt.AlignmentFlag.AlignHCenter)
        code.addStretch(1)
        self.body.addLayout(text, 1)
        self.body.addLayout(code, 0)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.banner)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.done)

    def set_portrait(self, portrait: bool, unit: int) -> None:
        """Lay out for the screen's shape; `unit` is the window's font unit in pixels."""
        self.body.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # Portrait: the spare height is shared above and below the number and the code.
        self.body.setStretch(1, 1 if portrait else 0)
        self.number.setProperty("scale", 8.0 if portrait else 7.0)
        side = unit * (19 if portrait else 12)
        self.qr.setFixedSize(side, side)
        self.qr_caption.setFixedWidth(unit * 30 if portrait else side)

    def show_ticket(self, ticket: dict[str, Any], status_url: str) -> None:
        self.number.setText(ticket["number"])
        self.service.setText(ticket.get("service_name", ""))
        parts = [f"{indonesian.AHEAD_LABEL} {ticket.get('ahead', 0)}"]
        estimate = ticket.get("estimated_wait_min")
        if estimate is not None:  # worded as the ticket words it
            parts.append(f"{indonesian.WAIT_LABEL} {indonesian.wait_span(estimate)}")
        if ticket.get("priority"):
            parts.insert(0, "PRIORITAS")
        self.details.setText("\n".join(parts))
        self.qr.set_text(status_url)
