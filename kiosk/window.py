"""The kiosk window: renders `KioskFlow.state`, turns taps and keys into signals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from common.qt.widgets import INK, Header, label, scale_fonts
from kiosk.flow import KioskState, Screen
from kiosk.pages import NEUTRAL, TAP_GRACE_MS, MessagePage, TapPage, TicketPage, big_button
from kiosk.survey import SurveyPage
from kiosk.widgets import ACCENT, ALERT, BACKGROUND, TILE, ServiceTile

PRIORITY_TEXT = "Prioritas: lansia / disabilitas / ibu hamil"
BANNER = "padding: 12px; border-radius: 10px; font-weight: 700;"


class KioskWindow(QWidget):
    service_tapped = Signal(int)
    priority_asked = Signal()
    category_chosen = Signal(object)
    back_requested = Signal()

    def __init__(self, tap_grace_ms: int = TAP_GRACE_MS) -> None:
        super().__init__()
        self.setWindowTitle("Antrian — Kiosk")
        self.setObjectName("kiosk")
        self.setStyleSheet(f"#kiosk {{ background: {BACKGROUND}; }}")
        self.header = Header()
        self.pages = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.header)
        outer.addWidget(self.pages, 1)
        self.tiles: list[ServiceTile] = []
        self.category_buttons: list[QWidget] = []
        self._columns = 0
        self._build_start()
        self._build_priority()
        self.issuing = self._add(MessagePage("Mohon tunggu, nomor antrean sedang dibuat…"))
        self.ticket_page = self._add(TicketPage(fault=False))
        self.fault_page = self._add(TicketPage(fault=True))
        self.closed = self._add(MessagePage("", button="Kembali"))
        self.offline = self._add(MessagePage(
            "Mesin antrean sedang menyambung ke server…\n\n"
            "Silakan hubungi petugas FO untuk mendapatkan nomor antrean."
        ))  # fmt: skip
        self.survey = self._add(SurveyPage())
        self.survey.finished.connect(self.back_requested)
        for page in (self.ticket_page, self.fault_page, self.closed):
            page.grace_ms = tap_grace_ms
            page.tapped.connect(self.back_requested)
        self._pages: dict[Screen, QWidget] = {
            Screen.START: self.start, Screen.PRIORITY_SERVICE: self.start,
            Screen.PRIORITY: self.priority, Screen.ISSUING: self.issuing,
            Screen.TICKET: self.ticket_page, Screen.PRINTER_FAULT: self.fault_page,
            Screen.CLOSED: self.closed, Screen.OFFLINE: self.offline,
        }  # fmt: skip
        self.status_base = ""

    # ---- pages ------------------------------------------------------------------------

    def _add(self, page: Any) -> Any:
        self.pages.addWidget(page)
        return page

    def _build_start(self) -> None:
        self.start = QWidget()
        layout = QVBoxLayout(self.start)
        layout.setContentsMargins(48, 8, 48, 32)
        layout.setSpacing(16)
        self.prompt = label("Silakan pilih layanan", 1.6, bold=True)
        self.mode = label("", 1.1, bold=True, color="#000")
        self.mode.setStyleSheet(f"background: {ACCENT}; color: #000; {BANNER}")
        self.printer_notice = label(
            "Printer tiket sedang bermasalah: nomor tampil di layar. Silakan minta bantuan "
            "petugas FO.", 0.8, bold=True)  # fmt: skip
        self.printer_notice.setStyleSheet(f"background: {ALERT}; color: {INK}; {BANNER}")
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.priority_button = big_button(PRIORITY_TEXT, ACCENT, "#000")
        self.priority_button.clicked.connect(self.priority_asked)
        # Priority mode must be easy to leave: a citizen who chose it by mistake, or
        # walked away, must not hand it to the next one.
        self.cancel_button = big_button("Batal", NEUTRAL, scale=1.2)
        self.cancel_button.clicked.connect(self.back_requested)
        for widget in (self.prompt, self.mode, self.printer_notice):
            layout.addWidget(widget)
        layout.addLayout(self.grid, 1)
        layout.addWidget(self.priority_button)
        # For a citizen without a phone: the satisfaction survey of today's ticket.
        self.survey_button = big_button("Survei kepuasan", NEUTRAL, scale=1.0)
        self.survey_button.clicked.connect(self.open_survey)
        layout.addWidget(self.survey_button)
        layout.addWidget(self.cancel_button)
        self.pages.addWidget(self.start)

    def _build_priority(self) -> None:
        self.priority = QWidget()
        layout = QVBoxLayout(self.priority)
        layout.setContentsMargins(96, 24, 96, 48)
        layout.addWidget(label("Layanan prioritas", 1.6, bold=True))
        layout.addWidget(label("Pilih kategori Anda. Petugas dapat meminta bukti.", 1.0))
        layout.addSpacing(24)
        self.category_box = QVBoxLayout()
        self.category_box.setSpacing(24)
        layout.addLayout(self.category_box, 1)
        layout.addStretch(0)  # what the buttons, at their tallest, leave over
        layout.addSpacing(32)  # "Kembali" apart from the categories: no tap on both
        back = big_button("Kembali", NEUTRAL, scale=1.1)
        back.clicked.connect(lambda: self.category_chosen.emit(None))
        layout.addWidget(back)
        self.pages.addWidget(self.priority)

    # ---- rendering --------------------------------------------------------------------

    def show_state(self, state: KioskState) -> None:
        self._render_services(state.services)
        self._render_categories(state.categories)
        chosen = next((c["name"] for c in state.categories if c["code"] == state.category), None)
        priority_mode = state.screen is Screen.PRIORITY_SERVICE
        self.mode.setVisible(priority_mode)
        self.mode.setText(f"Nomor prioritas: {chosen or 'prioritas'}. Pilih layanan Anda.")
        self.cancel_button.setVisible(priority_mode)
        self.priority_button.setVisible(not priority_mode and bool(state.categories))
        self.survey_button.setVisible(state.screen is Screen.START)
        self.survey.set_letters(sorted({s["prefix"] for s in state.services if s.get("prefix")}))
        self.printer_notice.setVisible(state.printer_down)
        if state.ticket:
            url = self.status_base + state.ticket.get("status_path", "")
            self.ticket_page.show_ticket(state.ticket, url)
            self.fault_page.show_ticket(state.ticket, url)
            self.ticket_page.banner.setText(
                "Tiket sedang dicetak…" if state.printing else "Silakan ambil tiket Anda"
            )
            self.ticket_page.hint.setText(
                "Mohon menunggu panggilan di layar dan pengeras suara. "
                "Sentuh layar bila sudah selesai."
            )
            self.fault_page.banner.setText("Printer bermasalah: tiket tidak tercetak")
            self.fault_page.hint.setText(
                "Nomor Anda tetap berlaku. Foto layar ini atau pindai kode QR, lalu tunggu "
                "panggilan. Petugas FO siap membantu."
            )
        self.closed.message.setText(state.message or "Layanan sedang tutup.")
        if self.survey.active and state.screen is Screen.START:
            return  # a refresh of the services does not end a survey being answered
        self.survey.finish()
        self.pages.setCurrentWidget(self._pages[state.screen])

    def open_survey(self) -> None:
        self.survey.open()
        self.pages.setCurrentWidget(self.survey)

    def _render_services(self, services: list[dict[str, Any]]) -> None:
        if [t.property("code") for t in self.tiles] != [s["code"] for s in services]:
            for tile in self.tiles:
                tile.deleteLater()
            self.tiles = []
            for index, service in enumerate(services[:9]):
                tile = ServiceTile(index + 1, service)
                tile.setProperty("code", service["code"])
                tile.clicked.connect(lambda _=False, i=index: self.service_tapped.emit(i))
                self.tiles.append(tile)
            self._columns = 0
            self._place_tiles()
            self._scale_fonts()
        for tile, service in zip(self.tiles, services, strict=False):
            tile.update_service(service)

    def _place_tiles(self) -> None:
        # Two columns on a landscape screen with many services; one on a portrait one,
        # where two columns would leave no room for the names.
        columns = 2 if len(self.tiles) > 4 and self.width() > self.height() else 1
        if columns == self._columns:
            return
        self._columns = columns
        for index, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, index // columns, index % columns)

    def _render_categories(self, categories: list[dict[str, str]]) -> None:
        if len(self.category_buttons) == len(categories):
            return
        for category in categories:
            button = big_button(category["name"], TILE, scale=1.2)
            # Tall enough to hit without aiming, however few the categories (capped in
            # _scale_fonts, so that a portrait screen does not get one-metre buttons).
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _=False, c=category["code"]: self.category_chosen.emit(c))
            self.category_box.addWidget(button)
            self.category_buttons.append(button)
        self._scale_fonts()

    # ---- input and scaling ------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        page = self.pages.currentWidget()
        if isinstance(page, SurveyPage):
            if key in (Qt.Key.Key_Escape, Qt.Key.Key_Backspace):
                page.finish()
            elif Qt.Key.Key_1 <= key <= Qt.Key.Key_4:
                page.answer(key - Qt.Key.Key_0)
            return
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9 and isinstance(page, TapPage) and page.anywhere:
            page.tap()  # keypad kiosks: the next citizen's key ends the last ticket's screen
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.service_tapped.emit(key - Qt.Key.Key_1)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_P):
            self.priority_asked.emit()
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_Backspace):
            self.back_requested.emit()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_tiles()
        self._scale_fonts()

    def _scale_fonts(self) -> None:
        # One unit = 1/36 of the shorter side: 30 px on a 1080p screen, readable from 1 m.
        unit = max(12, min(self.width(), self.height()) // 36)
        portrait = self.height() > self.width()
        for page in (self.ticket_page, self.fault_page):
            page.set_portrait(portrait, unit)
        self.survey.set_portrait(portrait)
        for button in self.category_buttons:
            button.setMaximumHeight(unit * 15)
        scale_fonts(self, unit)
