"""Sortable Qt tables over fo.recap_tables: a click on a heading sorts by that column's
values (numbers as numbers), and the ledger's rows carry their given / waive buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QWidget,
)

from fo.recap_tables import ACTIONS_COLUMN, Table

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_BUTTON = (
    "QPushButton {{ background: {bg}; color: white; border: none; border-radius: 6px;"
    " padding: 4px 12px; font-weight: 700; }}"
)


def two_lines(heading: str) -> str:
    """'Rata-rata\\ntunggu': a long heading on two lines, so ten columns fit a 1080p screen
    with every name whole."""
    words = heading.split(" ")
    if len(words) < 2 or len(heading) <= 10:
        return heading
    # Break where the two lines come out most even.
    best = min(
        range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:])))
    )
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


class RecapTable(QTableView):
    """One table of the recap; shown in the hub's order until FO sorts it by a column."""

    def __init__(self) -> None:
        super().__init__()
        self.table_model = QStandardItemModel(self)
        self.table_model.setSortRole(SORT_ROLE)
        self.setModel(self.table_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(36)
        header = self.horizontalHeader()
        # Every column as wide as its longest name or heading: nothing is cut short.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(90)
        self._headings: list[str] = []
        header.setSortIndicatorShown(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def show_table(self, table: Table) -> None:
        header = self.horizontalHeader()
        # The same table again (a counter called someone): FO's sort stays as it was.
        section, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        if table.headings != self._headings or not 0 <= section < len(table.headings):
            section, order = -1, Qt.SortOrder.AscendingOrder
        self.setSortingEnabled(False)  # rows go in as the hub ordered them
        self.table_model.clear()
        self._headings = table.headings
        self.table_model.setHorizontalHeaderLabels([two_lines(h) for h in table.headings])
        for index, row in enumerate(table.rows):
            items = []
            for cell in row:
                item = QStandardItem(cell.text)
                item.setData(cell.sort, SORT_ROLE)
                if table.keys:
                    item.setData(table.keys[index], KEY_ROLE)
                if cell.figure:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                items.append(item)
            self.table_model.appendRow(items)
        header.setSortIndicator(section, order)
        self.setSortingEnabled(True)  # sorts by that column, or keeps the hub's order

    def headings(self) -> list[str]:
        """The headings as FO reads them (each shown on up to two lines)."""
        model = self.table_model
        shown = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        return [" ".join(str(heading).split("\n")) for heading in shown]

    def cells(self) -> list[list[str]]:
        """The table as FO sees it now, row by row (in the order it is sorted)."""
        model = self.table_model
        return [
            [model.item(row, column).text() for column in range(model.columnCount())]
            for row in range(model.rowCount())
        ]


class LedgerTable(RecapTable):
    """The compensation ledger: a case still owed has 'Sudah diberikan' and 'Batalkan…'."""

    settle = Signal(str, str)  # case id, "given" | "waive"

    def __init__(self) -> None:
        super().__init__()
        self.row_buttons: dict[str, dict[str, QPushButton]] = {}

    def show_cases(self, table: Table, owed: set[str]) -> None:
        self.show_table(table)
        self.row_buttons = {}
        for row in range(self.table_model.rowCount()):
            case_id = self.case_at(row)  # rows may be sorted already: found by their key
            if case_id not in owed:
                continue
            box = QWidget()
            layout = QHBoxLayout(box)
            layout.setContentsMargins(4, 2, 4, 2)
            buttons = {}
            for text, action, colour in (("Sudah diberikan", "given", "#2e7d32"),
                                         ("Batalkan…", "waive", "#8a4b08")):  # fmt: skip
                button = QPushButton(text)
                button.setStyleSheet(ROW_BUTTON.format(bg=colour))
                button.clicked.connect(lambda _=False, i=case_id, a=action: self.settle.emit(i, a))
                layout.addWidget(button)
                buttons[action] = button
            layout.addStretch(1)
            # The buttons sit on the row's index, so they move with it when FO sorts.
            self.setIndexWidget(self.table_model.index(row, ACTIONS_COLUMN), box)
            self.row_buttons[case_id] = buttons
        self.resizeRowsToContents()

    def case_at(self, row: int) -> str:
        return str(self.table_model.item(row, 0).data(KEY_ROLE))

    def buttons_at(self, row: int) -> dict[str, QPushButton]:
        """The buttons FO sees on this row now (none when the case is settled)."""
        box = self.indexWidget(self.table_model.index(row, ACTIONS_COLUMN))
        if box is None:
            return {}
        return {b.text(): b for b in box.findChildren(QPushButton)}
