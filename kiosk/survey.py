"""The kiosk's *Survei* button: the satisfaction survey for a citizen without a phone.

The citizen types the number printed on today's ticket, then answers the nine *unsur*
one per screen with their four answer words (`protocol.survey.UNSUR`, the same words as
the phone page), and the kiosk posts them to `POST /api/v1/survey/{number}`. Left alone,
it goes back to the start; so does the result screen after a while.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from common.qt.widgets import INK, label
from hub_client.qt import HubConnection
from kiosk.pages import NEUTRAL, big_button
from kiosk.widgets import ACCENT, TILE
from protocol.survey import UNSUR

IDLE_SECONDS = 60  # a survey left alone this long is abandoned
RESULT_SECONDS = 10
MAX_DIGITS = 4

# What the hub's refusal means, said to the citizen.
REFUSALS = {
    "survey_not_open": "Nomor {number} belum selesai dilayani. Silakan isi survei setelah "
    "pelayanan Anda selesai.",
    "survey_answered": "Survei untuk nomor {number} sudah diisi. Terima kasih.",
    "not_found": "Nomor {number} tidak ditemukan di antrean hari ini. Periksa nomor pada "
    "tiket Anda.",
}
THANKS = "Terima kasih! Penilaian Anda membantu kami memperbaiki pelayanan."
OFFLINE = "Survei belum dapat dikirim: server tidak terjangkau. Silakan coba lagi nanti."


class SurveyPage(QStackedWidget):
    """Number entry, the nine questions, then the result; says `submitted(number,
    answers)` when the ninth is answered and `finished` when it is done with."""

    submitted = Signal(str, dict)
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.active = False
        self.number = ""
        self.answers: dict[str, int] = {}
        self.letters: list[str] = []
        self._build_entry()
        self._build_question()
        self._build_result()
        self._idle = QTimer(self, singleShot=True, interval=IDLE_SECONDS * 1000)
        self._idle.timeout.connect(self.finish)

    # ---- pages ------------------------------------------------------------------------

    def _build_entry(self) -> None:
        # Portrait: one column, the keypad under the number. Landscape: the keypad on the
        # right, so the page fits a 1080-high screen; see set_portrait.
        self.entry = QWidget()
        self.entry_body = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.entry)
        self.entry_body.setContentsMargins(48, 16, 48, 32)
        self.entry_body.setSpacing(16)
        column = QWidget()
        self.entry_column = QVBoxLayout(column)
        self.entry_column.setContentsMargins(0, 0, 0, 0)
        self.entry_column.setSpacing(16)
        self.entry_column.addWidget(label("Survei kepuasan", 1.6, bold=True))
        self.entry_column.addWidget(
            label("Ketik nomor pada tiket Anda hari ini, misalnya A-012.", 1.0)
        )
        self.typed = label("", 2.4, bold=True)
        self.typed.setStyleSheet(
            f"background: {TILE}; color: {INK}; font-weight: 700; border-radius: 14px;"
            " padding: 12px;"
        )
        self.typed.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry_column.addWidget(self.typed)
        self.letter_row = QHBoxLayout()
        self.letter_row.setSpacing(16)
        self.entry_column.addLayout(self.letter_row)
        self.entry_gap = QSpacerItem(0, 0)  # landscape: pushes Batal to the bottom
        self.entry_column.addItem(self.entry_gap)
        self.keypad = QWidget()
        keys = QGridLayout(self.keypad)
        keys.setContentsMargins(0, 0, 0, 0)
        keys.setSpacing(16)
        for index, digit in enumerate("1234567890"):
            button = big_button(digit, TILE, scale=1.6, padding=8)
            button.clicked.connect(lambda _=False, d=digit: self.type_digit(d))
            keys.addWidget(button, index // 3, index % 3 if digit != "0" else 1)
        erase = big_button("Hapus", NEUTRAL, scale=1.1)
        erase.clicked.connect(self.erase)
        keys.addWidget(erase, 3, 0)
        self.go = big_button("Lanjut", ACCENT, "#000", scale=1.1)
        self.go.clicked.connect(self.begin)
        keys.addWidget(self.go, 3, 2)
        for key in self.keypad.findChildren(QPushButton):
            # As tall as the screen allows, never under big_button's touch height.
            key.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.entry_cancel = big_button("Batal", NEUTRAL, scale=1.1)
        self.entry_cancel.clicked.connect(self.finish)
        self.entry_body.addWidget(column)
        self.entry_body.addWidget(self.keypad, 1)
        self.entry_body.addWidget(self.entry_cancel)
        self.portrait = True
        self.addWidget(self.entry)

    def set_portrait(self, portrait: bool) -> None:
        """Lay the number entry out for the screen's shape (the kiosk window calls this on
        every resize): in landscape the keypad stands beside the number and Batal closes
        the left column, so the page is about half as tall."""
        if portrait == self.portrait:
            return
        self.portrait = portrait
        if portrait:
            self.entry_body.setDirection(QBoxLayout.Direction.TopToBottom)
            self.entry_column.removeWidget(self.entry_cancel)
            self.entry_body.addWidget(self.entry_cancel)
            self.entry_gap.changeSize(0, 0)
        else:
            self.entry_body.setDirection(QBoxLayout.Direction.LeftToRight)
            self.entry_body.removeWidget(self.entry_cancel)
            self.entry_column.addWidget(self.entry_cancel)
            self.entry_gap.changeSize(0, 0, QSizePolicy.Policy.Minimum,
                                      QSizePolicy.Policy.Expanding)  # fmt: skip
        # Portrait: the number column as tall as it needs, the keys take the rest;
        # landscape: two halves.
        self.entry_body.setStretch(0, 0 if portrait else 1)
        self.entry_column.invalidate()
        self.entry_body.invalidate()

    def _build_question(self) -> None:
        self.question_page = QWidget()
        layout = QVBoxLayout(self.question_page)
        layout.setContentsMargins(48, 16, 48, 32)
        layout.setSpacing(20)
        self.progress = label("", 1.0, bold=True)
        self.element = label("", 1.2, bold=True)
        self.question = label("", 1.3)
        self.question.setWordWrap(True)
        for widget in (self.progress, self.element, self.question):
            layout.addWidget(widget)
        layout.addSpacing(16)
        self.choices = []
        for score in range(1, 5):
            button = big_button("", TILE, scale=1.3)
            # At least a touch target on a 1080-high screen, taller where there is room.
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            button.setMaximumHeight(240)
            button.clicked.connect(lambda _=False, s=score: self.answer(s))
            layout.addWidget(button, 1)
            self.choices.append(button)
        cancel = big_button("Batal", NEUTRAL, scale=1.1)
        cancel.clicked.connect(self.finish)
        layout.addWidget(cancel)
        self.addWidget(self.question_page)

    def _build_result(self) -> None:
        self.result_page = QWidget()
        layout = QVBoxLayout(self.result_page)
        layout.setContentsMargins(64, 64, 64, 64)
        self.result = label("", 1.5, bold=True)
        # The whole page's height, centred: a longer reply is never cut to the last one's.
        self.result.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.result, 1)
        back = big_button("Kembali", NEUTRAL, scale=1.2)
        back.clicked.connect(self.finish)
        layout.addWidget(back)
        self.addWidget(self.result_page)

    # ---- the citizen's steps ----------------------------------------------------------

    def set_letters(self, letters: list[str]) -> None:
        """The services' ticket letters, the first key of a number."""
        if letters == self.letters:
            return
        self.letters = letters
        while self.letter_row.count():
            item = self.letter_row.takeAt(0)
            widget = item.widget() if item else None
            if widget:
                widget.deleteLater()
        digit_font = self.keypad.findChildren(QPushButton)[0].font()
        for letter in letters:
            button = big_button(letter, ACCENT, "#000", scale=1.6, padding=8)
            button.setFont(digit_font)  # the digits' scale, already sized to the screen
            button.clicked.connect(lambda _=False, x=letter: self.type_letter(x))
            self.letter_row.addWidget(button)

    def open(self) -> None:
        self.active = True
        self.number, self.answers = "", {}
        self._show_number()
        self.setCurrentWidget(self.entry)
        self._idle.start()

    def type_letter(self, letter: str) -> None:
        self._idle.start()
        self.number = letter
        self._show_number()

    def type_digit(self, digit: str) -> None:
        self._idle.start()
        digits = self.number.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if self.number and len(digits) < MAX_DIGITS:
            self.number += digit
            self._show_number()

    def erase(self) -> None:
        self._idle.start()
        self.number = self.number[:-1]
        self._show_number()

    def _show_number(self) -> None:
        shown = self.number[:1] + ("-" + self.number[1:] if len(self.number) > 1 else "")
        self.typed.setText(shown or "—")
        self.go.setEnabled(len(self.number) > 1)

    def begin(self) -> None:
        if len(self.number) > 1:
            self._ask(0)

    def _ask(self, index: int) -> None:
        self._idle.start()
        unsur = UNSUR[index]
        self.progress.setText(f"Pertanyaan {index + 1} dari {len(UNSUR)}")
        self.element.setText(unsur.name)
        self.question.setText(unsur.question)
        for button, word in zip(self.choices, unsur.choices, strict=True):
            button.setText(word)
        self.setCurrentWidget(self.question_page)

    def answer(self, score: int) -> None:
        if self.currentWidget() is not self.question_page:
            return
        self.answers[UNSUR[len(self.answers)].code] = score
        if len(self.answers) < len(UNSUR):
            self._ask(len(self.answers))
            return
        self._idle.stop()
        self.show_result("Mengirim survei…")
        self.submitted.emit(self.shown_number(), dict(self.answers))

    def shown_number(self) -> str:
        return self.number[:1] + "-" + self.number[1:].zfill(3)

    def show_result(self, text: str) -> None:
        self.result.setText(text)
        self.setCurrentWidget(self.result_page)

    def finish(self) -> None:
        self._idle.stop()
        if self.active:
            self.active = False
            self.finished.emit()


class KioskSurvey(QObject):
    """Sends the page's answers to the hub and shows what it said."""

    def __init__(self, connection: HubConnection, page: SurveyPage) -> None:
        super().__init__(page)
        self.connection, self.page = connection, page
        self._done = QTimer(self, singleShot=True, interval=RESULT_SECONDS * 1000)
        self._done.timeout.connect(page.finish)
        page.submitted.connect(self.send)

    def send(self, number: str, answers: dict[str, int]) -> None:
        def replied(status: int, body: dict[str, Any] | None) -> None:
            self.page.show_result(self.message(number, status, body))
            self._done.start()

        path = f"/survey/{number}"
        self.connection.request("POST", path, body={"answers": answers}, on_reply=replied)

    @staticmethod
    def message(number: str, status: int, body: dict[str, Any] | None) -> str:
        if status == 201:
            return THANKS
        if status == 0:
            return OFFLINE
        error = (body or {}).get("error", {})
        known = REFUSALS.get(error.get("code", ""))
        if known:
            return known.format(number=number)
        if status == 404:
            return REFUSALS["not_found"].format(number=number)
        return str(error.get("message") or "Survei tidak dapat disimpan. Hubungi petugas FO.")
