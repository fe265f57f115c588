"""The kiosk window: renders `KioskFlow.state`, turns taps and keys into signals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from antrian.qtwidgets import INK, Header, label, scale_fonts
from kiosk.flow import KioskState, Screen
from kiosk.widgets import ACCENT, ALERT, BACKGROUND, QrCode, ServiceTile

PRIORITY_TEXT = "Prioritas: lansia / disabilitas / ibu hamil"


def big_button(text: str, background: str, color: str = INK) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("scale", 1.0)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumHeight(100)
    button.setStyleSheet(
        f"QPushButton {{ background: {background}; color: {color}; border: none;"
        f" border-radius: 18px; font-weight: 700; padding: 12px 32px; }}"
        f"QPushButton:pressed {{ background: {ACCENT}; color: #000; }}"
    )
    return button


class TicketPage(QWidget):
    """The number, large, with where it stands in the queue and its QR code."""

    def __init__(self, fault: bool) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        self.banner = label("", 1.0, bold=True, color=INK if fault else ACCENT)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if fault:
            self.banner.setStyleSheet(
                f"color: {INK}; background: {ALERT}; border-radius: 12px; padding: 12px;"
                " font-weight: 700;"
            )
        self.caption = label("Nomor antrean Anda", 1.0)
        self.number = label("", 5.0, bold=True, color=ACCENT)
        self.service = label("", 1.1, bold=True)
        self.details = label("", 0.9)
        self.hint = label("", 0.9)
        self.qr = QrCode()
        self.qr.setMinimumSize(220, 220)
        body = QHBoxLayout()
        text = QVBoxLayout()
        for widget in (self.caption, self.number, self.service, self.details):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text.addWidget(widget)
        body.addLayout(text, 3)
        body.addWidget(self.qr, 1, Qt.AlignmentFlag.AlignVCenter)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        layout.addWidget(self.hint)

    def show_ticket(self, ticket: dict[str, Any], status_url: str) -> None:
        self.number.setText(ticket["number"])
        self.service.setText(ticket.get("service_name", ""))
        parts = [f"Antrean di depan Anda: {ticket.get('ahead', 0)}"]
        estimate = ticket.get("estimated_wait_min")
        if estimate:
            parts.append(f"Perkiraan waktu tunggu: ± {estimate} menit")
        if ticket.get("priority"):
            parts.insert(0, "PRIORITAS")
        self.details.setText("\n".join(parts))
        self.qr.set_text(status_url)


class KioskWindow(QWidget):
    service_tapped = Signal(int)
    priority_asked = Signal()
    category_chosen = Signal(object)
    back_requested = Signal()

    def __init__(self) -> None:
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
        self._columns = 0
        self._build_start()
        self._build_priority()
        self.issuing = self._message_page("Mohon tunggu, nomor antrean sedang dibuat…")
        self.ticket_page = TicketPage(fault=False)
        self.fault_page = TicketPage(fault=True)
        self.closed = self._message_page("", back=True)
        self.offline = self._message_page(
            "Mesin antrean sedang menyambung ke server…\n\n"
            "Silakan hubungi petugas FO untuk mendapatkan nomor antrean."
        )
        for page in (self.ticket_page, self.fault_page):
            self.pages.addWidget(page)
        self._pages = {
            Screen.START: self.start, Screen.PRIORITY: self.priority,
            Screen.ISSUING: self.issuing, Screen.TICKET: self.ticket_page,
            Screen.PRINTER_FAULT: self.fault_page, Screen.CLOSED: self.closed,
            Screen.OFFLINE: self.offline,
        }  # fmt: skip
        self.status_base = ""

    # ---- pages ------------------------------------------------------------------------

    def _build_start(self) -> None:
        self.start = QWidget()
        layout = QVBoxLayout(self.start)
        layout.setContentsMargins(48, 8, 48, 32)
        self.prompt = label("Silakan pilih layanan", 1.6, bold=True)
        self.prompt_en = label(
            "Please choose a service (or press its number)", 0.8, color="#c9d6ea"
        )
        self.mode = label("", 0.9, bold=True, color="#000")
        self.mode.setStyleSheet(f"background: {ACCENT}; color: #000; padding: 10px;"
                                " border-radius: 10px; font-weight: 700;")  # fmt: skip
        self.printer_notice = label(
            "Printer tiket sedang bermasalah: nomor tampil di layar. Silakan minta bantuan "
            "petugas FO.", 0.8, bold=True)  # fmt: skip
        self.printer_notice.setStyleSheet(f"background: {ALERT}; color: {INK}; padding: 10px;"
                                          " border-radius: 10px; font-weight: 700;")  # fmt: skip
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.priority_button = big_button(PRIORITY_TEXT, ACCENT, "#000")
        self.priority_button.clicked.connect(self.priority_asked)
        for widget in (self.prompt, self.prompt_en, self.mode, self.printer_notice):
            layout.addWidget(widget)
        layout.addLayout(self.grid, 1)
        layout.addWidget(self.priority_button)
        self.pages.addWidget(self.start)

    def _build_priority(self) -> None:
        self.priority = QWidget()
        layout = QVBoxLayout(self.priority)
        layout.setContentsMargins(96, 24, 96, 48)
        layout.addWidget(label("Layanan prioritas", 1.6, bold=True))
        layout.addWidget(label("Pilih kategori Anda. Petugas dapat meminta bukti.", 0.9))
        layout.addSpacing(24)
        self.category_box = QVBoxLayout()
        self.category_box.setSpacing(20)
        layout.addLayout(self.category_box)
        layout.addStretch(1)
        back = big_button("Kembali", "#3d4b5c")
        back.clicked.connect(lambda: self.category_chosen.emit(None))
        layout.addWidget(back)
        self.pages.addWidget(self.priority)

    def _message_page(self, text: str, back: bool = False) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(96, 48, 96, 48)
        message = label(text, 1.4, bold=True)
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        page.setProperty("message", message)
        layout.addWidget(message, 1)
        if back:
            button = big_button("Kembali", "#3d4b5c")
            button.clicked.connect(self.back_requested)
            layout.addWidget(button)
        self.pages.addWidget(page)
        return page

    # ---- rendering --------------------------------------------------------------------

    def show_state(self, state: KioskState) -> None:
        self._render_services(state.services)
        self._render_categories(state.categories)
        chosen = next((c["name"] for c in state.categories if c["code"] == state.category), None)
        self.mode.setVisible(chosen is not None)
        self.mode.setText(f"Mode prioritas: {chosen} — pilih layanan" if chosen else "")
        self.priority_button.setVisible(chosen is None and bool(state.categories))
        self.printer_notice.setVisible(state.printer_down)
        if state.ticket:
            url = self.status_base + state.ticket.get("status_path", "")
            self.ticket_page.show_ticket(state.ticket, url)
            self.fault_page.show_ticket(state.ticket, url)
            self.ticket_page.banner.setText(
                "Tiket sedang dicetak…" if state.printing else "Silakan ambil tiket Anda"
            )
            self.ticket_page.hint.setText("Mohon menunggu panggilan di layar dan pengeras suara.")
            self.fault_page.banner.setText("Printer bermasalah: tiket tidak tercetak")
            self.fault_page.hint.setText(
                "Nomor Anda tetap berlaku. Foto layar ini atau pindai kode QR, lalu tunggu "
                "panggilan. Petugas FO siap membantu."
            )
        message = self.closed.property("message")
        message.setText(state.message or "Layanan sedang tutup.")
        self.pages.setCurrentWidget(self._pages[state.screen])

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
        if self.category_box.count() == len(categories):
            return
        for category in categories:
            button = big_button(category["name"], "#1f5fa8")
            button.clicked.connect(lambda _=False, c=category["code"]: self.category_chosen.emit(c))
            self.category_box.addWidget(button)
        self._scale_fonts()

    # ---- input and scaling ------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
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
        scale_fonts(self, unit)
        for page in (self.ticket_page, self.fault_page):
            page.qr.setFixedSize(unit * 8, unit * 8)
