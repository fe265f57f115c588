"""The real kiosk widget against a real hub process, printing to real sockets and ptys."""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx
import pytest

from display.caller import FakePlayer, FakeSynthesizer
from hub.store import Store
from hub_client.qt import HubConnection
from kiosk.app import KioskApp
from kiosk.flow import Screen
from kiosk.greeting import Greeter
from kiosk.printing import Printer
from kiosk.window import KioskWindow
from printer.escpos_parse import Text, parse
from tests.hubproc import HubProcess, free_port
from tests.printer.conftest import PAPER_QUERY, FakeNetworkPrinter, FakeSerialPrinter

pytestmark = pytest.mark.slow


@dataclass
class Kiosk:
    app: KioskApp
    window: KioskWindow
    hub: HubProcess
    admin: dict[str, str]


@pytest.fixture
def running_hub(hub_process: HubProcess) -> HubProcess:
    hub_process.kiosk_token = hub_process.token("kiosk", "kiosk-lobby")  # type: ignore[attr-defined]
    hub_process.admin_token = hub_process.token("admin", "admin")  # type: ignore[attr-defined]
    return hub_process.start()


def start_kiosk(qtbot, hub: HubProcess, printer_url: str, greeter=None) -> Kiosk:  # type: ignore[no-untyped-def]
    window = KioskWindow()
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    connection = HubConnection(hub.url, hub.kiosk_token)  # type: ignore[attr-defined]
    app = KioskApp(connection, window, Printer(printer_url, "80mm"), greeter=greeter)
    app.start()
    qtbot.waitUntil(
        lambda: app.flow.state.screen is Screen.START and bool(window.tiles), timeout=10000
    )
    return Kiosk(app, window, hub, {"Authorization": f"Bearer {hub.admin_token}"})  # type: ignore[attr-defined]


def tap(qtbot, kiosk: Kiosk, index: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    qtbot.mouseClick(kiosk.window.tiles[index], Qt.MouseButton.LeftButton)


def printed_text(data: bytes) -> str:
    """What a citizen reads on the paper: the text of the job, without the status query."""
    job = data.replace(PAPER_QUERY, b"")
    return "".join(c.data.decode("cp437") for c in parse(job) if isinstance(c, Text))


def stop(kiosk: Kiosk) -> None:
    kiosk.app.stop()


def test_a_tap_prints_the_ticket_on_a_network_printer(qtbot, running_hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    fake = FakeNetworkPrinter()
    voice, speaker = FakeSynthesizer(), FakePlayer()
    kiosk = start_kiosk(qtbot, running_hub, fake.url, Greeter(voice, speaker))
    try:
        tap(qtbot, kiosk, 2)  # Kependudukan (Dukcapil)
        qtbot.waitUntil(fake.done.is_set, timeout=10000)
        qtbot.waitUntil(lambda: not kiosk.app.flow.state.printing, timeout=5000)
    finally:
        stop(kiosk)
        fake.stop()
    text = printed_text(bytes(fake.received))
    assert "C-001" in text
    assert "Kependudukan (Dukcapil)" in text
    assert kiosk.window.ticket_page.number.text() == "C-001"
    assert kiosk.app.flow.state.screen is Screen.TICKET
    # The optional spoken confirmation said the same number.
    assert voice.texts == ["Nomor antrean Anda C satu. Silakan menunggu panggilan."]
    assert len(speaker.played) == 1


def test_a_key_press_prints_on_a_serial_printer(qtbot, running_hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    fake = FakeSerialPrinter()
    kiosk = start_kiosk(qtbot, running_hub, f"serial://{fake.device}?baud=9600")
    try:
        qtbot.keyClick(kiosk.window, Qt.Key.Key_5)  # keypad kiosks: 5 = Samsat
        qtbot.waitUntil(lambda: kiosk.app.flow.state.ticket is not None, timeout=5000)
        qtbot.waitUntil(lambda: not kiosk.app.flow.state.printing, timeout=10000)
        received = fake.wait_for(200)
    finally:
        stop(kiosk)
        fake.stop()
    text = printed_text(received)
    assert "E-001" in text
    assert "Samsat (Pajak Kendaraan)" in text


@pytest.mark.parametrize("fault", ["refused", "hang_up"])
def test_a_printer_fault_keeps_the_citizens_place(
    qtbot, running_hub: HubProcess, fault: str
) -> None:  # type: ignore[no-untyped-def]
    fake = FakeNetworkPrinter(hang_up_after=40) if fault == "hang_up" else None
    url = fake.url if fake else f"tcp://127.0.0.1:{free_port()}"
    kiosk = start_kiosk(qtbot, running_hub, url)
    try:
        tap(qtbot, kiosk, 0)
        qtbot.waitUntil(lambda: kiosk.app.flow.state.screen is Screen.PRINTER_FAULT, timeout=15000)
        ticket = kiosk.app.flow.state.ticket
        assert ticket is not None
        assert kiosk.window.fault_page.number.text() == "A-001"
        assert kiosk.window.fault_page.isVisible()
        assert kiosk.window.fault_page.banner.text() == "Printer bermasalah: tiket tidak tercetak"
        # The hub keeps the ticket, and FO can see why it was not printed.
        found = httpx.get(f"{running_hub.url}/tickets/{ticket['id']}", headers=kiosk.admin)
        assert found.json()["state"] == "waiting"

        def incident() -> dict | None:
            store = Store.in_data_dir(running_hub.data_dir)
            rows = list(store.db.query("SELECT data FROM events WHERE type = 'device.incident'"))
            store.close()
            return json.loads(rows[0]["data"]) if rows else None

        qtbot.waitUntil(lambda: incident() is not None, timeout=5000)
        recorded = incident()
        assert recorded is not None
        assert recorded["device"] == "kiosk-lobby"
        assert recorded["kind"] == "printer_offline"
        assert recorded["ticket_id"] == ticket["id"]
        kiosk.window.back_requested.emit()
        assert kiosk.window.printer_notice.isVisible()
    finally:
        stop(kiosk)
        if fake:
            fake.stop()


def test_hub_unreachable_is_said_plainly(qtbot, running_hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    kiosk = start_kiosk(qtbot, running_hub, "file:///dev/null")
    try:
        running_hub.stop()
        qtbot.waitUntil(lambda: kiosk.app.flow.state.screen is Screen.OFFLINE, timeout=15000)
        assert kiosk.window.pages.currentWidget() is kiosk.window.offline
        running_hub.start()
        qtbot.waitUntil(lambda: kiosk.app.flow.state.screen is Screen.START, timeout=15000)
    finally:
        stop(kiosk)
