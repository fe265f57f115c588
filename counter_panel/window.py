"""The officer's compact panel: login, the ticket at hand, waiting counts, big buttons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from antrian.qtwidgets import INK, label, scale_fonts
from counter_panel.actions import ACTIONS, STATE_LABELS

BACKGROUND = "#10243f"
CARD = "#173a63"
OWED = "#f4a300"
REFUSED = "#c0392b"
BUTTON = (
    "QPushButton {{ background: {bg}; color: {fg}; border: none; border-radius: 10px;"
    " padding: 10px; font-weight: 700; font-size: 15px; }}"
    "QPushButton:disabled {{ background: #3a4656; color: #8593a6; }}"
    "QPushButton:pressed {{ background: #ffd23f; color: #000; }}"
)


class LoginPage(QWidget):
    submitted = Signal(str, str, int)

    def __init__(self, counter: int) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 28, 28, 28)
        layout.addWidget(label("Masuk Petugas Loket", 1.5, bold=True))
        form = QFormLayout()
        self.nip = QLineEdit(placeholderText="NIP")
        self.pin = QLineEdit(placeholderText="PIN", echoMode=QLineEdit.EchoMode.Password)
        self.counter = QSpinBox(minimum=1, maximum=999, value=counter)
        for field in (self.nip, self.pin, self.counter):
            field.setStyleSheet("background: white; color: black; padding: 6px; font-size: 16px;")
        form.addRow(label("NIP", 0.9), self.nip)
        form.addRow(label("PIN", 0.9), self.pin)
        form.addRow(label("Loket", 0.9), self.counter)
        layout.addLayout(form)
        self.button = QPushButton("Masuk")
        self.button.setStyleSheet(BUTTON.format(bg="#2e7d32", fg=INK))
        self.button.clicked.connect(self._submit)
        self.pin.returnPressed.connect(self._submit)
        self.message = label("", 0.9, bold=True, color="#ffb4a8")
        layout.addWidget(self.button)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _submit(self) -> None:
        self.submitted.emit(self.nip.text().strip(), self.pin.text(), self.counter.value())


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
        logout = QPushButton("Keluar")
        logout.setStyleSheet(BUTTON.format(bg="#3d4b5c", fg=INK))
        logout.clicked.connect(self.sign_out)
        top.addWidget(self.who, 1)
        top.addWidget(logout)
        layout.addLayout(top)

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
        layout.addWidget(self.card)

        self.owed = QWidget()
        self.owed.setObjectName("owed")
        self.owed.setStyleSheet(f"#owed {{ background: {OWED}; border-radius: 10px; }}")
        owed = QVBoxLayout(self.owed)
        self.owed_text = label("", 0.95, bold=True, color="#000000")
        self.owed_button = QPushButton("Sudah diberikan")
        self.owed_button.setStyleSheet(BUTTON.format(bg="#000000", fg=INK))
        self.owed_button.clicked.connect(self.compensation_given)
        owed.addWidget(self.owed_text)
        owed.addWidget(self.owed_button)
        layout.addWidget(self.owed)

        self.waiting = label("", 0.85)
        layout.addWidget(self.waiting)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        for index, item in enumerate(ACTIONS):
            button = QPushButton(f"{item.label}\n{item.shortcut}")
            colour = "#2e7d32" if item.key == "call_next" else "#1f5fa8"
            button.setStyleSheet(BUTTON.format(bg=colour, fg=INK))
            button.setMinimumHeight(64)
            button.clicked.connect(lambda _=False, key=item.key: self.action.emit(key))
            shortcut = QShortcut(QKeySequence(item.shortcut), self)
            shortcut.activated.connect(lambda key=item.key: self._shortcut(key))
            grid.addWidget(button, index // 2, index % 2)
            self.buttons[item.key] = button
        layout.addLayout(grid)
        self.message = label("", 0.85, bold=True)
        layout.addWidget(self.message)

    def _shortcut(self, key: str) -> None:
        if self.buttons[key].isEnabled():
            self.action.emit(key)

    def show_counter(self, counter: int, officer: str, paused: bool) -> None:
        self.who.setText(f"Loket {counter} — {officer}" + ("  (istirahat)" if paused else ""))
        pause = self.buttons["pause"]
        pause.setText("Lanjutkan\nF7" if paused else "Istirahat\nF7")

    def show_ticket(self, ticket: dict[str, Any] | None, elapsed: str) -> None:
        if ticket is None:
            self.number.setText("—")
            self.detail.setText("Belum ada pemohon dipanggil")
            return
        self.number.setText(ticket["number"])
        state = STATE_LABELS.get(ticket["state"], ticket["state"])
        priority = "  •  PRIORITAS" if ticket.get("priority") else ""
        self.detail.setText(f"{ticket['service_name']}{priority}\n{state} · {elapsed}")

    def show_owed(self, case: dict[str, Any] | None) -> None:
        self.owed.setVisible(case is not None)
        if case:
            minutes = (case.get("waited_s") or 0) // 60
            waited = f"Pemohon {case['number']} menunggu {minutes} menit. " if minutes else ""
            self.owed_text.setText(
                f"{waited}Mohon sampaikan permohonan maaf dan berikan minuman gratis."
                if case["kind"] == "late_service"
                else f"{case['title']}: {case['remedy']}."
            )

    def enable(self, allowed: set[str]) -> None:
        for key, button in self.buttons.items():
            button.setEnabled(key in allowed)

    def say(self, text: str, refused: bool = False) -> None:
        self.message.setText(text)
        colour = REFUSED if refused else "transparent"
        self.message.setStyleSheet(
            f"color: {INK}; background: {colour}; padding: 6px; border-radius: 6px;"
            " font-weight: 700;"
        )


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
        self.resize(520, 720)
        scale_fonts(self, 18)  # a compact window beside the licensing apps, read at 50 cm
