"""The FO desk window: the recap of a day (or month) as tables, printed in one press, and the
compensation ledger with its actions."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fo import recap_tables
from fo.tables import LedgerTable, RecapTable
from fo.wording import period_title, recap_title
from protocol.recap import Recap

PRIMARY = (
    "QPushButton { background: #2e7d32; color: white; border: 3px solid transparent;"
    " border-radius: 8px; padding: 8px 18px; font-weight: 700; }"
    "QPushButton:disabled { background: #9aa5b1; }"
    "QPushButton:focus { border-color: #ffb300; }"
)
SECONDARY = PRIMARY.replace("#2e7d32", "#1f5fa8")
DESK = (
    "QWidget { font-size: 16px; }"  # read at arm's length on a 1080p office screen
    "QWidget#fo { background: #f4f6f9; }"
    "QTableView { background: white; alternate-background-color: #eef2f7; color: #111;"
    " gridline-color: #d0d7e2; selection-background-color: #cfe3ff;"
    " selection-color: #111; }"
    "QHeaderView { background: #dde6f2; }"
    "QHeaderView::section { background: #dde6f2; color: #10243f; padding: 6px 8px;"
    " border: none; border-right: 1px solid #c4cfdd; border-bottom: 2px solid #173a63;"
    " font-weight: 700; }"
    "QTabBar::tab { padding: 8px 16px; }"
    "QTabBar::tab:selected { font-weight: 700; }"
    "QFrame#tile { background: white; border: 1px solid #d0d7e2; border-radius: 8px; }"
)
TABS = ("Per layanan", "Per loket", "Per petugas", "Buku Kompensasi", "Gangguan perangkat")


class FoWindow(QWidget):
    show_recap = Signal(object, bool)  # QDate, whole month
    print_recap = Signal()
    save_pdf = Signal()
    save_csv = Signal()
    settle = Signal(str, str)  # case id, "given" | "waive"

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Antrian — Meja FO: Rekapitulasi")
        self.setObjectName("fo")
        self.setStyleSheet(DESK)
        self.resize(1280, 800)
        top = QHBoxLayout()
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.month = QCheckBox("Satu bulan penuh")
        self.refresh = QPushButton("Tampilkan")
        self.print_button = QPushButton("Cetak Rekap")
        self.pdf_button = QPushButton("Simpan PDF")
        self.csv_button = QPushButton("Simpan CSV")
        self.print_button.setStyleSheet(PRIMARY)
        self.print_button.setDefault(True)
        self.print_button.setAutoDefault(True)
        for button in (self.refresh, self.pdf_button, self.csv_button):
            button.setStyleSheet(SECONDARY)
        top.addWidget(QLabel("Tanggal:"))
        top.addWidget(self.date)
        top.addWidget(self.month)
        top.addWidget(self.refresh)
        top.addStretch(1)
        top.addWidget(self.print_button)
        top.addWidget(self.pdf_button)
        top.addWidget(self.csv_button)

        self.title = QLabel("")
        self.title.setStyleSheet("font-size: 24px; font-weight: 700; color: #10243f;")
        self.office = QLabel("")
        self.office.setStyleSheet("color: #3a4656;")
        self.tiles = QGridLayout()
        self.tiles.setHorizontalSpacing(10)
        self.tile_labels: list[tuple[QLabel, QLabel]] = []

        self.services = RecapTable()
        self.counters = RecapTable()
        self.officers = RecapTable()
        self.ledger = LedgerTable()
        self.incidents = RecapTable()
        self.tabs = QTabWidget()
        for table, name in zip(
            (self.services, self.counters, self.officers, self.ledger, self.incidents),
            TABS,
            strict=True,
        ):
            self.tabs.addTab(table, name)
        self.status = QLabel("")
        self.status.setStyleSheet("font-weight: 700; color: #10243f; padding: 4px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.office)
        layout.addLayout(self.tiles)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        # Picking a date shows it; a short pause lets FO type a whole date first.
        self._picked = QTimer(self, singleShot=True, interval=400)
        self._picked.timeout.connect(self._ask)
        self.date.dateChanged.connect(lambda _date: self._picked.start())
        self.month.toggled.connect(lambda _checked: self._ask())
        self.refresh.clicked.connect(self._ask)
        self.print_button.clicked.connect(self.print_recap)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.csv_button.clicked.connect(self.save_csv)
        self.ledger.settle.connect(self.settle)
        self.print_button.setFocus()  # Enter prints: the one action FO does every day

    def _ask(self) -> None:
        self._picked.stop()
        self.show_recap.emit(self.date.date(), self.month.isChecked())

    def set_day(self, date: QDate) -> None:
        """Show this day in the picker without asking for it again (the desk chose it)."""
        for widget in (self.date, self.month):
            widget.blockSignals(True)
        self.date.setDate(date)
        self.month.setChecked(False)
        for widget in (self.date, self.month):
            widget.blockSignals(False)

    def show_figures(self, recap: Recap) -> None:
        self.title.setText(f"{recap_title(recap.period).title()} — "
                           f"{period_title(recap.period)}")  # fmt: skip
        self.office.setText(recap.office)
        self._show_tiles(recap_tables.totals(recap))
        self.services.show_table(recap_tables.services_table(recap))
        self.counters.show_table(recap_tables.counters_table(recap))
        self.officers.show_table(recap_tables.officers_table(recap))
        self.incidents.show_table(recap_tables.incidents_table(recap))
        cases = recap.compensation.cases
        owed = {case.id for case in cases if case.state == "owed"}
        self.ledger.show_cases(recap_tables.ledger_table(recap), owed)
        self.tabs.setTabText(3, f"Buku Kompensasi ({len(owed)} belum diberikan)")
        self.tabs.setTabText(4, f"Gangguan perangkat ({len(recap.incidents)})")

    def _show_tiles(self, figures: list[tuple[str, str]]) -> None:
        if len(self.tile_labels) != len(figures):
            for index in range(len(figures)):
                tile = QFrame()
                tile.setObjectName("tile")
                box = QVBoxLayout(tile)
                box.setContentsMargins(10, 6, 10, 6)
                heading, value = QLabel(""), QLabel("")
                heading.setStyleSheet("color: #3a4656; font-size: 15px;")
                value.setStyleSheet("color: #10243f; font-size: 24px; font-weight: 700;")
                heading.setWordWrap(True)
                box.addWidget(heading)
                box.addWidget(value, 0, Qt.AlignmentFlag.AlignBottom)
                # Up to ten in a row; more (the survey's two) in two even rows.
                per_row = len(figures) if len(figures) <= 10 else (len(figures) + 1) // 2
                self.tiles.addWidget(tile, index // per_row, index % per_row)
                self.tile_labels.append((heading, value))
        for (heading, value), (text, figure) in zip(self.tile_labels, figures, strict=True):
            heading.setText(text)
            value.setText(figure)

    def tiles_shown(self) -> dict[str, str]:
        return {heading.text(): value.text() for heading, value in self.tile_labels}

    def say(self, text: str) -> None:
        self.status.setText(text)
