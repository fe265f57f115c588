"""The FO desk window against a real hub: recap, print, files, and the ledger."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt

from fo.app import FoApp
from fo.window import FoWindow
from hub.config import Office
from hub_client.qt import HubConnection
from printer.escpos_parse import Text, parse
from tests.hubproc import HubProcess
from tests.printer.conftest import PAPER_QUERY, FakeNetworkPrinter

pytestmark = pytest.mark.slow


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


def open_desk(qtbot, hub: HubProcess, office: Office, tmp_path: Path, printer: str):  # type: ignore[no-untyped-def]
    office = office.model_copy(update={"fo": office.fo.model_copy(update={"printer": printer})})
    window = FoWindow()
    qtbot.addWidget(window)
    window.show()
    reasons: list[str] = ["salah input, pemohon datang terlambat"]
    desk = FoApp(HubConnection(hub.url, hub.fo_token), window, office,  # type: ignore[attr-defined]
                 ask_path=lambda kinds, name: tmp_path / name,
                 ask_reason=lambda prompt: reasons.pop())  # fmt: skip
    desk.start()
    qtbot.waitUntil(lambda: desk.recap is not None, timeout=10000)
    return desk


def test_one_press_prints_the_days_recap(
    qtbot, hub: HubProcess, demo_office: Office, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a_morning(hub)
    fake = FakeNetworkPrinter()
    desk = open_desk(qtbot, hub, demo_office, tmp_path, fake.url)
    try:
        summary = desk.window.summary.toPlainText()
        assert "REKAPITULASI LAYANAN" in summary
        assert "Kependudukan (Dukcapil)            2      1" in summary
        qtbot.mouseClick(desk.window.print_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(fake.done.is_set, timeout=10000)
        qtbot.waitUntil(lambda: desk.window.status.text() == "Rekap tercetak.", timeout=5000)
    finally:
        desk.stop()
        fake.stop()
    printed = "".join(c.data.decode("cp437") for c in parse(bytes(fake.received).replace(PAPER_QUERY, b""))
                      if isinstance(c, Text))  # fmt: skip
    assert "REKAPITULASI HARIAN" in printed
    assert "Kependudukan (Dukcapil)" in printed


def test_files_and_the_ledger(qtbot, hub: HubProcess, demo_office: Office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a_morning(hub)
    desk = open_desk(qtbot, hub, demo_office, tmp_path, "file:///dev/null")
    window = desk.window
    try:
        # C-001 and E-001 both waited 16 minutes.
        assert window.tabs.tabText(1) == "Buku Kompensasi (2 belum diberikan)"
        assert [window.ledger.item(r, 1).text() for r in range(2)] == ["C-001", "E-001"]
        desk.save_csv()
        (csv_file,) = tmp_path.glob("rekap-*.csv")
        assert "service,dukcapil,Kependudukan (Dukcapil),2,1," in csv_file.read_text()
        desk.save_pdf()
        qtbot.waitUntil(lambda: window.status.text().startswith("PDF tersimpan"), timeout=30000)
        (pdf,) = tmp_path.glob("rekap-*.pdf")
        assert pdf.read_bytes().startswith(b"%PDF")
        case_id = desk.recap["compensation"]["cases"][0]["id"]  # type: ignore[index]
        desk.settle(case_id, "waive")
        qtbot.waitUntil(lambda: window.tabs.tabText(1) == "Buku Kompensasi (1 belum diberikan)",
                        timeout=5000)  # fmt: skip
        # Still owed first: E-001, then the waived C-001 with its reason.
        assert [window.ledger.item(1, c).text() for c in (1, 4, 5)] == [
            "C-001", "dibatalkan", "salah input, pemohon datang terlambat"]  # fmt: skip
    finally:
        desk.stop()
