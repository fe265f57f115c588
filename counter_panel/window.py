"""The officer's panel: login, the ticket at hand, waiting counts, big buttons, a status line.

The same window runs as a compact window beside the licensing apps and full screen under
the appliance's window manager (1366×768 counter PCs, 1080p screens): fonts follow the
window's size, and a landscape window puts the buttons beside the ticket.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator, QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from common.indonesian import minutes_text
from common.qt.widgets import INK, label, scale_fonts
from counter_panel.actions import ACTIONS, STATE_LABELS
from protocol.kinds import CompensationKind
from protocol.views import CompensationCaseView, TicketView

BACKGROUND = "#10243f"
CARD = "#173a63"
OWED = "#f4a300"
BUTTON = (
    "QPushButton {{ background: {bg}; color: {fg}; border: none; border-radius: 10px;"
    " padding: 8px; font-weight: 700; }}"
    "QPushButton:disabled {{ background: #3a4656; color: #a3afbf; }}"
    "QPushButton:pressed {{ background: #ffd23f; color: #000; }}"
    "QPushButton:focus {{ border: 3px solid #ffd23f; }}"
)
# The status line's (text, background) per kind of message; each pair keeps at least the
# 4.5:1 contrast WCAG asks of body text (tests/panel check it), read at a glance in a hurry.
STATUS_COLOURS = {
    "info": ("#ffffff", "#0b1a2e"),
    "ok": ("#ffffff", "#1e6b34"),
    "refused": ("#ffffff", "#b03a2e"),
}
FIELD = "background: white; color: black; padding: 6px; border-radius: 4px;"


def status_style(kind: str) -> str:
    text, background = STATUS_COLOURS[kind]
    return (
        f"color: {text}; background: {background}; padding: 8px 12px; border-radius: 8px;"
        " font-weight: 700;"
    )


class CounterField(QLineEdit):
    """The counter number, typed (1-999); an empty or unfinished field keeps the last one."""

    def __init__(self, counter: int) -> None:
        super().__init__(str(counter))
        self._last = counter
        self.setValidator(QIntValidator(1, 999, self))

    def value(self) -> int:
        text = self.text().strip()
        if text.isdigit() and 1 <= int(text) <= 999:
            self._last = int(text)
        return self._last


class LoginPage(QWidget):
    submitted = Signal(str, str, int)

    def __init__(self, counter: int) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 28, 28, 28)
        self.box = QWidget()
        layout = QVBoxLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label("Masuk Petugas Loket", 1.5, bold=True))
        form = QFormLayout()
        self.nip = QLineEdit(placeholderText="NIP")
        self.pin = QLineEdit(placeholderText="PIN", echoMode=QLineEdit.EchoMode.Password)
        self.counter = CounterField(counter)
        self.fields: tuple[QWidget, ...] = (self.nip, self.pin, self.counter)
        for caption, field in (("NIP", self.nip), ("PIN", self.pin), ("Loket", self.counter)):
            row_label = label(caption, 0.9)
            row_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            row_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            form.addRow(row_label, field)
        layout.addLayout(form)
        self.button = QPushButton("Masuk")
        self.button.setProperty("scale", 1.0)
        self.button.setStyleSheet(BUTTON.format(bg="#2e7d32", fg=INK))
        # Enter signs in from any field (keyPressEvent) and on the focused button.
        self.button.setDefault(True)
        self.button.setAutoDefault(True)
        self.button.clicked.connect(self.submit)
        self.message = label("", 0.9, bold=True, color="#ffb4a8")
        layout.addWidget(self.button)
        layout.addWidget(self.message)
        outer.addStretch(1)
        outer.addWidget(self.box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.setFocusProxy(self.nip)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # The fields pass Enter on (they ignore it), as they would to a dialog's default.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        else:
            super().keyPressEvent(event)

    def submit(self) -> None:
        if not self.button.isEnabled():
            return  # a sign-in is on its way: a second Enter must not send another
        if not self.nip.text().strip():
            self.nip.setFocus()
            self.message.setText("Isi NIP Anda.")
            return
        if not self.pin.text():
            self.pin.setFocus()
            self.message.setText("Isi PIN Anda.")
            return
        self.submitted.emit(self.nip.text().strip(), self.pin.text(), self.counter.value())

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.button.setText("Masuk…" if busy else "Masuk")

    def clear(self) -> None:
        """Ready for the next officer: nothing of the last one left, the NIP field focused."""
        self.nip.clear()
        self.pin.clear()
        self.set_busy(False)
        self.nip.setFocus()


class WorkPage(QWidget):
    action = Signal(str)
    compensation_given = Signal()
    sign_out = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        top = QHBoxLayout()
        self.who = label("", 0.9, bold=True)
        self.logout = QPushButton("Keluar")
        self.logout.setProperty("scale", 0.8)
        self.logout.setStyleSheet(BUTTON.format(bg="#3d4b5c", fg=INK))
        # Only the F-keys and the mouse work this page: a focused button would take Space.
        self.logout.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.logout.clicked.connect(self.sign_out)
        top.addWidget(self.who, 1)
        top.addWidget(self.logout)
        layout.addLayout(top)

        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(12)
        layout.addLayout(self.body, 1)
        ticket_side = QVBoxLayout()
        self.body.addLayout(ticket_side, 1)
        self.card = QWidget()
        self.card.setObjectName("card")
        self.card.setStyleSheet(f"#card {{ background: {CARD}; border-radius: 12px; }}")
        card = QVBoxLayout(self.card)
        self.number = label("—", 3.0, bold=True, color="#ffd23f")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = label("Belum ada pemohon dipanggil", 0.9)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card.addWidget(self.number)
        card.addWidget(self.detail)
        ticket_side.addWidget(self.card)

        self.owed = QWidget()
        self.owed.setObjectName("owed")
        self.owed.setStyleSheet(f"#owed {{ background: {OWED}; border-radius: 10px; }}")
        owed = QVBoxLayout(self.owed)
        self.owed_text = label("", 0.95, bold=True, color="#000000")
        self.owed_button = QPushButton("Sudah diberikan")
        self.owed_button.setProperty("scale", 0.9)
        self.owed_button.setStyleSheet(BUTTON.format(bg="#000000", fg=INK))
        self.owed_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.owed_button.clicked.connect(self.compensation_given)
        owed.addWidget(self.owed_text)
        owed.addWidget(self.owed_button)
        ticket_side.addWidget(self.owed)

        self.waiting = label("", 0.9)
        self.waiting.setStyleSheet(
            f"color: {INK}; background: {CARD}; border-radius: 10px; padding: 10px;"
        )
        ticket_side.addWidget(self.waiting)
        ticket_side.addStretch(1)

        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        for index, item in enumerate(ACTIONS):
            button = QPushButton(f"{item.label}\n{item.shortcut}")
            button.setProperty("scale", 0.95)
            colour = "#2e7d32" if item.key == "call_next" else "#1f5fa8"
            button.setStyleSheet(BUTTON.format(bg=colour, fg=INK))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _=False, key=item.key: self.action.emit(key))
            shortcut = QShortcut(QKeySequence(item.shortcut), self)
            shortcut.activated.connect(lambda key=item.key: self._shortcut(key))
            self.grid.addWidget(button, index // 2, index % 2)
            self.buttons[item.key] = button
        self.body.addLayout(self.grid, 1)

        # The status line: what the last press did, or why the hub did not do it.
        # It always keeps its room, so the buttons never move under the officer's hand.
        self.message = label("", 1.0, bold=True)
        self.message_kind = "info"
        layout.addWidget(self.message)
        self.say("")

    def _shortcut(self, key: str) -> None:
        if self.buttons[key].isEnabled():
            self.action.emit(key)

    def arrange(self, landscape: bool, unit: int) -> None:
        """Buttons beside the ticket on a landscape screen, under it on a tall window."""
        self.body.setDirection(
            QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        )
        for button in self.buttons.values():
            button.setMinimumHeight(int(unit * 3.2))
            button.setMaximumHeight(int(unit * 5.5))
        self.owed_button.setMinimumHeight(int(unit * 2.2))
        self.message.setMinimumHeight(int(unit * 1.25) + 16)  # one line and its padding
        self.logout.setMinimumWidth(unit * 6)

    def show_counter(self, counter: int, officer: str, paused: bool) -> None:
        self.who.setText(f"Loket {counter} — {officer}" + ("  (istirahat)" if paused else ""))
        pause = self.buttons["pause"]
        pause.setText("Lanjutkan\nF7" if paused else "Istirahat\nF7")

    def show_ticket(self, ticket: TicketView | None, elapsed: str) -> None:
        if ticket is None:
            self.number.setText("—")
            self.detail.setText("Belum ada pemohon dipanggil")
            return
        self.number.setText(ticket.number)
        state = STATE_LABELS.get(ticket.state, ticket.state)
        priority = "  •  PRIORITAS" if ticket.priority else ""
        self.detail.setText(f"{ticket.service_name}{priority}\n{state} · {elapsed}")

    def show_owed(self, case: CompensationCaseView | None) -> None:
        self.owed.setVisible(case is not None)
        if case:
            self.owed_text.setText(owed_text(case))

    def enable(self, allowed: set[str]) -> None:
        for key, button in self.buttons.items():
            button.setEnabled(key in allowed)

    def say(self, text: str, kind: str = "info") -> None:
        self.message.setText(text)
        self.message_kind = kind
        self.message.setStyleSheet(status_style(kind))


def owed_text(case: CompensationCaseView) -> str:
    """What the amber box tells the officer: who waited how long, and what the office's
    decree says the citizen receives (the hub sends it: [compensation].remedy)."""
    remedy = case.remedy.strip().rstrip(".")
    if case.kind != CompensationKind.LATE_SERVICE:
        return f"{case.title}: {remedy}."
    minutes = (case.waited_s or 0) // 60
    waited = f"Pemohon {case.number} menunggu {minutes_text(minutes)}." if minutes else ""
    return f"{waited}\nBerikan kompensasi: {remedy}.".strip()


class PanelWindow(QWidget):
    def __init__(self, counter: int = 1) -> None:
        super().__init__()
        self.setWindowTitle("Antrian — Panel Loket")
        self.setObjectName("panel")
        self.setStyleSheet(f"#panel {{ background: {BACKGROUND}; }}")
        self.login = LoginPage(counter)
        self.work = WorkPage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.login)
        self.pages.addWidget(self.work)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.unit = 0
        self.resize(520, 720)
        self._scale()
        self.login.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        # 18 px in the compact window (read at 50 cm); full screen, 1/34 of the shorter
        # side: 22 px on a 1366×768 counter PC, 31 px on a 1080p screen.
        unit = max(18, min(self.width(), self.height()) // 34)
        landscape = self.width() >= 900 and self.width() > self.height()
        self.unit = unit
        scale_fonts(self, unit)
        for field in self.login.fields:
            field.setStyleSheet(f"{FIELD} font-size: {unit}px;")
        self.login.box.setFixedWidth(min(max(self.width() - 56, 200), unit * 26))
        self.work.arrange(landscape, unit)
