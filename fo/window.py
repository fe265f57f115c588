"""The FO desk window: the day's recap in one press, and the compensation ledger."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hub.recap_formats import STATES

PRIMARY = (
    "QPushButton { background: #2e7d32; color: white; border: none; border-radius: 8px;"
    " padding: 10px 18px; font-weight: 700; font-size: 15px; }"
    "QPushButton:disabled { background: #9aa5b1; }"
)
SECONDARY = PRIMARY.replace("#2e7d32", "#1f5fa8")


class FoWindow(QWidget):
    show_recap = Signal(object, bool)  # QDate, whole month
    print_recap = Signal()
    save_pdf = Signal()
    save_csv = Signal()
    settle = Signal(str, str)  # case id, "given" | "waive"

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Antrian — Meja FO: Rekapitulasi")
        self.resize(1100, 760)
        top = QHBoxLayout()
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.month = QCheckBox("Satu bulan penuh")
        self.refresh = QPushButton("Tampilkan")
        self.print_button = QPushButton("Cetak Rekap Hari Ini")
        self.pdf_button = QPushButton("Simpan PDF")
        self.csv_button = QPushButton("Simpan CSV")
        self.print_button.setStyleSheet(PRIMARY)
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

        self.summary = QPlainTextEdit(readOnly=True)
        self.summary.setFont(QFont("DejaVu Sans Mono", 10))
        self.ledger = QTableWidget(0, 7)
        self.ledger.setHorizontalHeaderLabels(
            ["Waktu", "Nomor", "Loket", "Jenis", "Status", "Catatan", ""]
        )
        self.ledger.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.summary, "Rekapitulasi")
        self.tabs.addTab(self.ledger, "Buku Kompensasi")
        self.status = QLabel("")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        self.refresh.clicked.connect(
            lambda: self.show_recap.emit(self.date.date(), self.month.isChecked())
        )
        self.print_button.clicked.connect(self.print_recap)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.csv_button.clicked.connect(self.save_csv)

    def show_figures(self, text: str, cases: list[dict[str, Any]], local_time: Any) -> None:
        self.summary.setPlainText(text)
        owed_first = sorted(cases, key=lambda c: (c["state"] != "owed", c["opened_at"]))
        self.ledger.setRowCount(len(owed_first))
        for row, case in enumerate(owed_first):
            cells = [
                local_time(case["opened_at"]),
                case["number"] or "-",
                str(case["counter"] or "-"),
                case["title"],
                STATES.get(case["state"], case["state"]),
                case["note"] or "",
            ]
            for column, text_ in enumerate(cells):
                self.ledger.setItem(row, column, QTableWidgetItem(text_))
            if case["state"] == "owed":
                buttons = QWidget()
                box = QHBoxLayout(buttons)
                box.setContentsMargins(0, 0, 0, 0)
                for label, action in (("Sudah diberikan", "given"), ("Batalkan…", "waive")):
                    button = QPushButton(label)
                    button.clicked.connect(
                        lambda _=False, i=case["id"], a=action: self.settle.emit(i, a)
                    )
                    box.addWidget(button)
                self.ledger.setCellWidget(row, 6, buttons)
            else:
                self.ledger.removeCellWidget(row, 6)
        owed = sum(c["state"] == "owed" for c in cases)
        self.tabs.setTabText(1, f"Buku Kompensasi ({owed} belum diberikan)")

    def say(self, text: str) -> None:
        self.status.setText(text)
