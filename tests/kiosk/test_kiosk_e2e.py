"""The real kiosk widget against a real hub process, printing to real sockets and ptys."""

from __future__ import annotations

import json

import httpx
import pytest

from hub.store import Store
from kiosk.flow import Screen
from kiosk.greeting import Greeter
from tests.hubproc import HubProcess, free_port
from tests.kiosk.harness import printed_text, start_kiosk, stop, tap
from tests.printer.conftest import FakeNetworkPrinter, FakeSerialPrinter
from voice import FakePlayer, FakeSynthesizer

pytestmark = pytest.mark.slow


def test_a_tap_prints_the_ticket_on_a_network_printer(qtbot, running_hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    fake = FakeNetworkPrinter()
    voice, speaker = FakeSynthesizer(), FakePlayer()
    kiosk = start_kiosk(qtbot, running_hub, fake.url, greeter=Greeter(voice, speaker))
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
    # Double width, wrapped at a word to keep clear of the paper's edges.
    assert "Samsat (Pajak" in text
    assert "Kendaraan)" in text


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
