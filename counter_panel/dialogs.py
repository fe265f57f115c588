"""Small dialogs of the panel: where to transfer a citizen, which decree case to record."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from protocol.kinds import CompensationKind
from protocol.views import CounterView, ServiceView

MANUAL_KINDS = {kind: kind.label for kind in CompensationKind.manual_kinds()}


class TransferDialog(QDialog):
    """Another service, and optionally a counter that serves it; the number stays."""

    def __init__(
        self, services: list[ServiceView], counters: list[CounterView], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Alihkan pemohon")
        self.counters_data = counters
        self.service = QComboBox()
        for service in services:
            self.service.addItem(service.name, service.code)
        self.counter = QComboBox()
        self.service.currentIndexChanged.connect(self._fill_counters)
        form = QFormLayout(self)
        form.addRow("Layanan tujuan", self.service)
        form.addRow("Loket (opsional)", self.counter)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        _name_ok(buttons, "Alihkan")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._fill_counters()

    def _fill_counters(self) -> None:
        code = self.service.currentData()
        self.counter.clear()
        self.counter.addItem("Loket mana saja", None)
        for counter in self.counters_data:
            if code in counter.services:
                self.counter.addItem(counter.name, counter.number)

    def choice(self) -> dict[str, Any]:
        return {"service": self.service.currentData(), "counter": self.counter.currentData()}


class CaseDialog(QDialog):
    """One of the four decree cases an officer records by hand, with a short note."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Catat kompensasi")
        self.kind = QComboBox()
        for kind, title in MANUAL_KINDS.items():
            self.kind.addItem(title, kind)
        self.note = QLineEdit(placeholderText="Catatan singkat")
        form = QFormLayout(self)
        form.addRow("Jenis", self.kind)
        form.addRow("Catatan", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        _name_ok(buttons, "Catat")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> dict[str, Any]:
        return {"kind": self.kind.currentData(), "note": self.note.text().strip()}


def _name_ok(buttons: QDialogButtonBox, verb: str) -> None:
    """The confirming button says what it does; Cancel reads "Batal" (common.qt.app)."""
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    if ok is not None:
        ok.setText(verb)
