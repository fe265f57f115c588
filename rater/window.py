"""The rater's window: renders `RaterFlow.state`; faces and keys 1-4 become `rated`.

Made for a small touch screen at the booth (1024x600, a 7-inch panel; it scales to
800x480 and up): the booth's name with an invitation to rate after the service, the
question with four faces, the thanks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from common.qt.widgets import label, scale_fonts
from rater.faces import Face
from rater.flow import QUESTION, RaterState, Screen

BACKGROUND = "#0d2240"
SOFT = "#c9d8ea"
WAITING = "Menunggu sambungan ke server… Penilaian Anda tetap tersimpan."
INVITATION = "Selamat datang. Setelah selesai dilayani, mohon berikan penilaian Anda di layar ini."
KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4}


class RaterWindow(QWidget):
    rated = Signal(int)  # the score pressed, 1..4

    def __init__(self, counter: int) -> None:
        super().__init__()
        self.counter = counter
        self.setWindowTitle(f"Antrian — Penilaian Loket {counter}")
        self.setObjectName("rater")
        self.setStyleSheet(f"#rater {{ background: {BACKGROUND}; }}")
        self.pages = QStackedWidget()
        self.banner = label(WAITING, 0.55, bold=True, color="#000")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(
            "background: #ffd23f; color: #000; font-weight: 700; padding: 6px;"
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.pages, 1)
        outer.addWidget(self.banner)
        self._build_idle()
        self._build_ask()
        self._build_thanks()
        self._pages = {Screen.IDLE: self.idle, Screen.ASK: self.ask, Screen.THANKS: self.thanks}

    def _build_idle(self) -> None:
        # Before the service: which booth this is, and what the screen will ask after it.
        self.idle = QWidget()
        layout = QVBoxLayout(self.idle)
        layout.setContentsMargins(32, 24, 32, 24)
        self.office = label("", 0.8, color=SOFT)
        self.booth = label(f"Loket {self.counter}", 2.0, bold=True)
        self.greeting = label(INVITATION, 0.9)
        layout.addStretch(1)
        for widget in (self.office, self.booth, self.greeting):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
            layout.addSpacing(12)
        layout.addStretch(1)
        self.pages.addWidget(self.idle)

    def _build_ask(self) -> None:
        self.ask = QWidget()
        layout = QVBoxLayout(self.ask)
        layout.setContentsMargins(24, 16, 24, 20)
        layout.setSpacing(10)
        self.question = label(QUESTION, 1.35, bold=True)
        self.ticket = label("", 0.7, color=SOFT)
        for widget in (self.question, self.ticket):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.faces = [Face(score) for score in (1, 2, 3, 4)]
        for face in self.faces:
            face.pressed.connect(self.rated)
            row.addWidget(face)
        layout.addLayout(row, 1)
        self.pages.addWidget(self.ask)

    def _build_thanks(self) -> None:
        self.thanks = QWidget()
        layout = QVBoxLayout(self.thanks)
        layout.setContentsMargins(32, 24, 32, 24)
        self.thanks_text = label("", 1.6, bold=True, color="#ffd23f")
        self.thanks_hint = label("Masukan Anda membantu kami melayani lebih baik.", 0.8)
        layout.addStretch(1)
        for widget in (self.thanks_text, self.thanks_hint):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
            layout.addSpacing(16)
        layout.addStretch(1)
        self.pages.addWidget(self.thanks)

    # ---- rendering --------------------------------------------------------------------

    def set_office(self, name: str) -> None:
        self.office.setText(name)

    def set_booth(self, name: str) -> None:
        """The counter's name as the office calls it ("Loket 5 (Pengaduan)")."""
        self.booth.setText(name or f"Loket {self.counter}")

    def show_state(self, state: RaterState) -> None:
        self.ticket.setText(f"Nomor {state.number} · Loket {self.counter}" if state.number else "")
        self.thanks_text.setText(state.message)
        self.banner.setVisible(not state.online)
        self.pages.setCurrentWidget(self._pages[state.screen])

    # ---- input and scaling ------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        score = KEYS.get(Qt.Key(event.key()))
        if score is not None:
            self.rated.emit(score)
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # One unit = 1/16 of the shorter side: 37 px on a 1024x600 panel, 30 px on 800x480.
        scale_fonts(self, max(12, min(self.width(), self.height()) // 16))
