"""The FO desk window against a real hub: the recap as tables, print, files, the ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication

from fo.app import FoApp
from fo.tables import RecapTable
from fo.window import FoWindow
from hub.config import Office
from hub_client.qt import HubConnection
from printer.escpos_parse import Text, parse
from tests.hubproc import HubProcess
from tests.printer.conftest import PAPER_QUERY, FakeNetworkPrinter

pytestmark = pytest.mark.slow
DAY_S = 24 * 3600
SERVICE_HEADINGS = [
    "Layanan", "Antrean diambil", "Dilayani", "Tidak hadir", "Dialihkan", "Belum dilayani",
    "Rata-rata tunggu", "Tunggu terlama", "Rata-rata layanan", "Dipanggil < 15 menit",
]  # fmt: skip
COUNTER_HEADINGS = [
    "Loket", "Petugas", "Dipanggil", "Dilayani", "Tidak hadir", "Dialihkan",
    "Rata-rata tunggu", "Rata-rata layanan", "Dipanggil < 15 menit",
]  # fmt: skip
LEDGER_HEADINGS = ["Waktu", "Nomor", "Loket", "Petugas", "Jenis", "Lama menunggu", "Status",
                   "Catatan", "Tindakan"]  # fmt: skip


@pytest.fixture
def hub(hub_process: HubProcess) -> HubProcess:
    hub_process.fo_token = hub_process.token("fo", "fo-desk")  # type: ignore[attr-defined]
    hub_process.admin = {"Authorization": f"Bearer {hub_process.token('admin', 'admin')}"}  # type: ignore[attr-defined]
    return hub_process.start()


def post(hub: HubProcess, path: str, body: object = None) -> httpx.Response:
    return httpx.post(f"{hub.url}{path}", json=body, headers=hub.admin, timeout=5)  # type: ignore[attr-defined]


def a_morning(hub: HubProcess) -> None:
    for service in ("dukcapil", "dukcapil", "samsat"):
        post(hub, "/tickets", {"service": service})
    post(hub, "/test/clock", {"advance_s": 16 * 60})
    called = post(hub, "/counters/4/call-next").json()
    post(hub, f"/tickets/{called['id']}/close")
    post(hub, "/counters/8/call-next")


def hub_today(hub: HubProcess) -> dt.date:
    state = httpx.get(f"{hub.url}/state", headers=hub.admin, timeout=5).json()  # type: ignore[attr-defined]
    return dt.date.fromisoformat(state["business_date"])


def open_desk(
    qtbot, hub: HubProcess, office: Office, tmp_path: Path, printer: str = "file:///dev/null"
):  # type: ignore[no-untyped-def]
    office = office.model_copy(update={"fo": office.fo.model_copy(update={"printer": printer})})
    window = FoWindow()
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    reasons: list[str] = ["salah input, pemohon datang terlambat"]
    desk = FoApp(HubConnection(hub.url, hub.fo_token), window, office,  # type: ignore[attr-defined]
                 ask_path=lambda kinds, name: tmp_path / name,
                 ask_reason=lambda prompt: reasons.pop())  # fmt: skip
    desk.start()
    qtbot.waitUntil(lambda: desk.recap is not None, timeout=15000)
    return desk


def row_of(table: RecapTable, first_cell: str) -> list[str]:
    (row,) = [row for row in table.cells() if row[0] == first_cell]
    return row


def click_heading(qtbot, table: RecapTable, heading: str) -> None:  # type: ignore[no-untyped-def]
    header = table.horizontalHeader()
    column = table.headings().index(heading)
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_enter_prints_the_days_recap(
    qtbot, hub: HubProcess, demo_office: Office, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a_morning(hub)
    fake = FakeNetworkPrinter()
    desk = open_desk(qtbot, hub, demo_office, tmp_path, fake.url)
    window = desk.window
    try:
        assert window.print_button.isDefault()
        assert QApplication.focusWidget() is window.print_button
        qtbot.keyClick(window.print_button, Qt.Key.Key_Return)
        qtbot.waitUntil(fake.done.is_set, timeout=10000)
        qtbot.waitUntil(lambda: window.status.text() == "Rekap tercetak.", timeout=5000)
    finally:
        desk.stop()
        fake.stop()
    printed = "".join(c.data.decode("cp437") for c in parse(bytes(fake.received).replace(PAPER_QUERY, b""))
                      if isinstance(c, Text))  # fmt: skip
    assert "REKAPITULASI HARIAN" in printed
    assert "Kependudukan (Dukcapil)" in printed


def test_the_recap_is_sortable_tables_with_full_names_and_plain_headings(
    qtbot, hub: HubProcess, demo_office: Office, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a_morning(hub)
    post(hub, "/tickets", {"service": "perizinan"})
    desk = open_desk(qtbot, hub, demo_office, tmp_path)
    window = desk.window
    try:
        assert [window.tabs.tabText(i) for i in range(3)] == [
            "Per layanan", "Per loket", "Per petugas"]  # fmt: skip
        services = window.services
        assert services.headings() == SERVICE_HEADINGS
        assert row_of(services, "Kependudukan (Dukcapil)")[:6] == [
            "Kependudukan (Dukcapil)", "2", "1", "0", "0", "1"]  # fmt: skip
        assert row_of(services, "Samsat (Pajak Kendaraan)")[1:3] == ["1", "0"]
        # The longest name shows whole: its column is as wide as the name.
        name = "Perizinan & Non Perizinan (DPMPTSP)"
        assert row_of(services, name)[1] == "1"
        assert services.columnWidth(0) >= services.fontMetrics().horizontalAdvance(name)
        for table in (services, window.counters, window.officers, window.ledger):
            window.tabs.setCurrentWidget(table)
            QApplication.processEvents()
            # Every column on a 1080p screen at once: nothing hides behind a scroll bar.
            assert table.horizontalScrollBar().maximum() == 0, table.headings()
        assert window.counters.headings() == COUNTER_HEADINGS
        assert row_of(window.counters, "Loket 4")[2:4] == ["1", "1"]
        assert row_of(window.counters, "Loket 5 (Pengaduan)")[2] == "0"
        assert window.tiles_shown()["Antrean diambil"] == "4"

        click_heading(qtbot, services, "Antrean diambil")  # ascending, then descending
        click_heading(qtbot, services, "Antrean diambil")
        assert services.cells()[0][0] == "Kependudukan (Dukcapil)"
        counts = [int(row[1]) for row in services.cells()]
        assert counts == sorted(counts, reverse=True)
        click_heading(qtbot, window.counters, "Loket")  # by number: 9 before "Loket 10" would go
        numbers = [row[0] for row in window.counters.cells()]
        assert numbers[:2] == ["Loket 1", "Loket 2"]
        assert numbers[-1] == "Loket 9"
    finally:
        desk.stop()


def test_the_desk_opens_on_the_last_day_with_tickets(
    qtbot, hub: HubProcess, demo_office: Office, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a_morning(hub)
    busy_day = hub_today(hub)
    post(hub, "/test/clock", {"advance_s": 2 * DAY_S})  # two quiet days later, early
    today = hub_today(hub)
    assert (today - busy_day).days == 2
    desk = open_desk(qtbot, hub, demo_office, tmp_path)
    window = desk.window
    try:
        assert window.date.date().toPython() == busy_day
        assert window.status.text().endswith("Hari ini belum ada antrean.")
        assert row_of(window.services, "Kependudukan (Dukcapil)")[1] == "2"

        # FO looks at today (nothing yet), then back at the busy day: two recaps in a row.
        window.date.setDate(QDate(today.year, today.month, today.day))
        qtbot.mouseClick(window.refresh, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: desk.recap.period == today.isoformat(), timeout=5000)  # type: ignore[union-attr]
        assert row_of(window.services, "Kependudukan (Dukcapil)")[1] == "0"
        assert window.tiles_shown()["Antrean diambil"] == "0"
        assert window.ledger.cells() == []
        window.date.setDate(QDate(busy_day.year, busy_day.month, busy_day.day))
        qtbot.mouseClick(window.refresh, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: desk.recap.period == busy_day.isoformat(), timeout=5000)  # type: ignore[union-attr]
        assert row_of(window.services, "Kependudukan (Dukcapil)")[1] == "2"
        assert len(window.ledger.cells()) == 2
    finally:
        desk.stop()


def test_a_desk_that_chose_yesterday_moves_on_with_todays_first_ticket(
    qtbot, hub: HubProcess, demo_office: Office, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a_morning(hub)
    post(hub, "/test/clock", {"advance_s": DAY_S})
    today = hub_today(hub)
    desk = open_desk(qtbot, hub, demo_office, tmp_path)
    window = desk.window
    try:
        assert window.date.date().toPython() != today
        post(hub, "/tickets", {"service": "bpjs"})
        qtbot.waitUntil(lambda: window.date.date().toPython() == today, timeout=5000)
        qtbot.waitUntil(lambda: row_of(window.services, "BPJS Kesehatan")[1] == "1", timeout=5000)
    finally:
        desk.stop()


def test_files_and_the_ledger_with_its_buttons(
    qtbot, hub: HubProcess, demo_office: Office, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a_morning(hub)
    desk = open_desk(qtbot, hub, demo_office, tmp_path)
    window = desk.window
    ledger = window.ledger
    try:
        # C-001 and E-001 both waited 16 minutes.
        assert window.tabs.tabText(3) == "Buku Kompensasi (2 belum diberikan)"
        assert ledger.headings() == LEDGER_HEADINGS
        assert [(row[1], row[2], row[5], row[6]) for row in ledger.cells()] == [
            ("C-001", "Loket 4", "16 mnt", "belum diberikan"),
            ("E-001", "Loket 8", "16 mnt", "belum diberikan"),
        ]
        assert sorted(ledger.buttons_at(0)) == ["Batalkan…", "Sudah diberikan"]
        desk.save_csv()
        (csv_file,) = tmp_path.glob("rekap-*.csv")
        assert "service,dukcapil,Kependudukan (Dukcapil),2,1," in csv_file.read_text()
        desk.save_pdf()
        qtbot.waitUntil(lambda: window.status.text().startswith("PDF tersimpan"), timeout=30000)
        (pdf,) = tmp_path.glob("rekap-*.pdf")
        assert pdf.read_bytes().startswith(b"%PDF")

        # Sorted by number, newest first: the buttons move with their rows.
        click_heading(qtbot, ledger, "Nomor")
        click_heading(qtbot, ledger, "Nomor")
        assert [row[1] for row in ledger.cells()] == ["E-001", "C-001"]
        qtbot.mouseClick(ledger.buttons_at(0)["Sudah diberikan"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.tabs.tabText(3) == "Buku Kompensasi (1 belum diberikan)",
                        timeout=5000)  # fmt: skip
        given = row_of_number(ledger, "E-001")
        assert given[6] == "diberikan"
        assert window.status.text() == "Kompensasi E-001 dicatat: diberikan."
        # The ledger came back from the hub: FO's sort, and the buttons' rows, are kept.
        assert [row[1] for row in ledger.cells()] == ["E-001", "C-001"]
        assert sorted(ledger.buttons_at(1)) == ["Batalkan…", "Sudah diberikan"]
        assert ledger.buttons_at(number_row(ledger, "E-001")) == {}
        qtbot.mouseClick(ledger.buttons_at(number_row(ledger, "C-001"))["Batalkan…"],
                         Qt.MouseButton.LeftButton)  # fmt: skip
        qtbot.waitUntil(lambda: window.tabs.tabText(3) == "Buku Kompensasi (0 belum diberikan)",
                        timeout=5000)  # fmt: skip
        waived = row_of_number(ledger, "C-001")
        assert (waived[6], waived[7]) == ("dibatalkan", "salah input, pemohon datang terlambat")
        assert window.status.text() == "Kompensasi C-001 dicatat: dibatalkan."
        assert window.tiles_shown()["Kompensasi belum diberikan"] == "0"
    finally:
        desk.stop()


def number_row(ledger: RecapTable, number: str) -> int:
    return [row[1] for row in ledger.cells()].index(number)


def row_of_number(ledger: RecapTable, number: str) -> list[str]:
    return ledger.cells()[number_row(ledger, number)]


def test_a_case_of_yesterday_settled_this_morning_shows_as_settled(
    qtbot, hub: HubProcess, demo_office: Office, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a_morning(hub)
    post(hub, "/test/clock", {"advance_s": DAY_S})  # FO reviews yesterday's cases today
    desk = open_desk(qtbot, hub, demo_office, tmp_path)
    window, ledger = desk.window, desk.window.ledger
    try:
        assert window.tabs.tabText(3) == "Buku Kompensasi (2 belum diberikan)"
        shown: list[None] = []
        desk.shown.connect(lambda: shown.append(None))
        qtbot.mouseClick(ledger.buttons_at(number_row(ledger, "E-001"))["Sudah diberikan"],
                         Qt.MouseButton.LeftButton)  # fmt: skip
        # Fetched again after the answer, and once more after the hub's event about it.
        qtbot.waitUntil(lambda: len(shown) >= 2, timeout=5000)
        assert window.tabs.tabText(3) == "Buku Kompensasi (1 belum diberikan)"
        assert window.status.text() == "Kompensasi E-001 dicatat: diberikan."
        assert window.date.date().toPython() != hub_today(hub)  # still yesterday's recap
        assert row_of_number(ledger, "E-001")[6] == "diberikan"
        assert ledger.buttons_at(number_row(ledger, "E-001")) == {}
        # Settled twice (another desk was quicker): the hub's refusal stays on the status
        # line after the ledger has been fetched again.
        (case,) = [c for c in desk.recap.compensation.cases if c.number == "E-001"]  # type: ignore[union-attr]
        before = desk.recap
        desk.settle(case.id, "given")
        qtbot.waitUntil(lambda: desk.recap is not before, timeout=5000)
        assert window.status.text().startswith("Kompensasi untuk E-001 sudah dicatat")
    finally:
        desk.stop()
