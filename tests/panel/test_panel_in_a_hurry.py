"""The counter panel as an officer in a hurry meets it: Enter signs in, no false
"reconnected" notice, a status line readable on the counter PCs' screens, and the
compensation box naming what the office's own decree gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from common.paths import CONFIG_DIR
from counter_panel.app import CONNECTING, RECONNECTED, RECONNECTING, PanelApp
from counter_panel.window import STATUS_COLOURS, PanelWindow
from hub.officers import add_officer
from hub.store import Store
from hub_client.qt import HubConnection
from protocol.views import CompensationCaseView
from tests.hubproc import HubProcess
from tests.panel.conftest import NIP
from tests.panel.test_panel_e2e import post, press

pytestmark = pytest.mark.slow
SECOND_NIP = "198502022010012002"
# An office whose decree gives something other than the default drink.
REMEDY = "Permohonan maaf dan air mineral dingin"
SCREENS = [(1366, 768), (1920, 1080)]


def open_window(qtbot, width: int = 520, height: int = 720) -> PanelWindow:  # type: ignore[no-untyped-def]
    window = PanelWindow(4)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window


def test_enter_signs_in_and_two_officers_in_a_row_see_no_false_reconnect(
    qtbot, hub: HubProcess
) -> None:  # type: ignore[no-untyped-def]
    store = Store.in_data_dir(hub.data_dir)
    add_officer(store, SECOND_NIP, "Budi Santoso", "135790")
    store.close()
    window = open_window(qtbot)
    panel = PanelApp(HubConnection(hub.url, ""), window)
    login, work = window.login, window.work
    try:
        assert QApplication.focusWidget() is login.nip
        assert login.button.isDefault()
        qtbot.keyClicks(login.nip, NIP)
        qtbot.keyClick(login.nip, Qt.Key.Key_Return)  # no PIN yet: Enter goes on to it
        assert QApplication.focusWidget() is login.pin
        assert login.message.text() == "Isi PIN Anda."
        qtbot.keyClicks(login.pin, "246810")
        qtbot.keyClick(login.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.pages.currentWidget() is work, timeout=5000)
        qtbot.waitUntil(lambda: panel.connection.online and bool(panel.services), timeout=10000)
        assert work.who.text() == "Loket 4 — Siti Rahmawati"
        # The first connection after sign-in is no *re*connection.
        assert work.message.text() not in (RECONNECTED, RECONNECTING, CONNECTING)
        assert work.message.text() == ""

        qtbot.mouseClick(work.logout, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.pages.currentWidget() is login, timeout=5000)
        assert login.nip.text() == login.pin.text() == ""
        assert QApplication.focusWidget() is login.nip

        # The next officer, at another counter, signs in with Enter on the counter field.
        qtbot.keyClicks(login.nip, SECOND_NIP)
        qtbot.keyClicks(login.pin, "135790")
        login.counter.clear()
        qtbot.keyClicks(login.counter, "6")
        qtbot.keyClick(login.counter, Qt.Key.Key_Enter)
        qtbot.waitUntil(lambda: window.pages.currentWidget() is work, timeout=5000)
        qtbot.waitUntil(lambda: panel.connection.online and bool(panel.services), timeout=10000)
        assert work.who.text() == "Loket 6 — Budi Santoso"
        assert work.message.text() not in (RECONNECTED, RECONNECTING, CONNECTING)
        assert work.number.text() == "—"
    finally:
        panel.connection.stop()


def test_enter_with_no_nip_asks_for_it_and_sends_nothing(qtbot, hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot)
    panel = PanelApp(HubConnection(hub.url, ""), window)
    try:
        qtbot.keyClick(window.login.pin, Qt.Key.Key_Return)
        assert window.login.message.text() == "Isi NIP Anda."
        assert QApplication.focusWidget() is window.login.nip
        assert window.login.button.isEnabled()  # no sign-in on its way
    finally:
        panel.connection.stop()


def test_a_real_reconnection_says_reconnected(qtbot, hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot)
    panel = PanelApp(HubConnection(hub.url, ""), window)
    work = window.work
    try:
        post(hub, "/tickets", {"service": "dukcapil"})
        post(hub, "/test/clock", {"advance_s": 960})
        panel.sign_in(NIP, "246810", 4)
        qtbot.waitUntil(lambda: panel.connection.online and bool(panel.services), timeout=10000)
        assert work.message.text() == ""
        press(qtbot, panel, "call_next")
        qtbot.waitUntil(work.owed.isVisible, timeout=5000)
        hub.stop()
        qtbot.waitUntil(lambda: work.message.text() == RECONNECTING, timeout=10000)
        assert work.message_kind == "refused"
        assert not work.owed_button.isEnabled()  # it could not be recorded now
        hub.start()
        qtbot.waitUntil(lambda: work.message.text() == RECONNECTED, timeout=15000)
        assert work.message_kind == "ok"
        assert work.owed_button.isEnabled()
    finally:
        panel.connection.stop()


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


LONG_MESSAGES = [
    RECONNECTING,
    "Tidak terhubung ke server: Panggil Berikutnya tidak dijalankan.",
    "Loket 4 masih menangani C-001. Selesaikan, alihkan atau tandai tidak hadir dulu.",
]


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_status_line_is_legible_on_counter_screens(qtbot, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, width, height)
    window.pages.setCurrentWidget(window.work)
    work = window.work
    work.show_owed(CompensationCaseView.model_validate({
        "id": "k-1", "kind": "late_service", "title": "", "remedy": REMEDY, "state": "owed",
        "ticket_id": "t-1", "number": "C-001", "service": "dukcapil", "counter": 1,
        "waited_s": 1000, "note": "", "opened_at": "2026-11-23T01:06:00.000Z",
        "settled_at": None,
    }))  # fmt: skip
    work.waiting.setText("Kependudukan (Dukcapil): 6 menunggu (terlama 17 mnt)")
    for kind, (text_colour, background) in STATUS_COLOURS.items():
        assert contrast(text_colour, background) >= 4.5, kind
    for text in LONG_MESSAGES:
        work.say(text, "refused")
        QApplication.processEvents()
        message = work.message
        assert message.isVisible()
        assert message.font().pixelSize() >= 20  # about 5 mm tall at 50 cm on these screens
        # The whole text shows: the label is as tall as its wrapped text needs, inside the window.
        assert message.height() >= message.heightForWidth(message.width())
        bottom = message.mapTo(window, message.rect().bottomLeft()).y()
        assert bottom <= window.height()
    for button in [*work.buttons.values(), work.owed_button]:
        metrics = button.fontMetrics()
        widest = max(metrics.horizontalAdvance(line) for line in button.text().split("\n"))
        assert button.width() >= widest, button.text()
        assert button.height() >= metrics.lineSpacing() * button.text().count("\n") + 1


@pytest.fixture
def remedy_hub(data_dir: Path):  # type: ignore[no-untyped-def]
    config = data_dir.parent / "office.toml"
    text = (CONFIG_DIR / "demo.toml").read_text(encoding="utf-8")
    config.write_text(text.replace("Permohonan maaf dan minuman gratis", REMEDY), "utf-8")
    process = HubProcess(data_dir, config)
    store = Store.in_data_dir(data_dir)
    add_officer(store, NIP, "Siti Rahmawati", "246810")
    store.close()
    process.admin = {"Authorization": f"Bearer {process.token('admin', 'admin')}"}  # type: ignore[attr-defined]
    yield process.start()
    process.stop()


def test_the_amber_box_names_the_offices_remedy_after_a_long_wait(
    qtbot, remedy_hub: HubProcess
) -> None:  # type: ignore[no-untyped-def]
    post(remedy_hub, "/tickets", {"service": "dukcapil"})
    post(remedy_hub, "/test/clock", {"advance_s": 960})  # 16 minutes on the hub's clock
    window = open_window(qtbot, 1366, 768)
    panel = PanelApp(HubConnection(remedy_hub.url, ""), window)
    work = window.work
    try:
        panel.sign_in(NIP, "246810", 4)
        qtbot.waitUntil(lambda: panel.connection.online and bool(panel.services), timeout=10000)
        assert not work.owed.isVisible()
        press(qtbot, panel, "call_next")
        qtbot.waitUntil(work.owed.isVisible, timeout=5000)
        assert work.owed_text.text() == (
            f"Pemohon C-001 menunggu 16 menit.\nBerikan kompensasi: {REMEDY}."
        )
        assert "minuman gratis" not in work.owed_text.text()
        qtbot.mouseClick(work.owed_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not work.owed.isVisible(), timeout=5000)
        assert work.message.text() == "Kompensasi: OK"
    finally:
        panel.connection.stop()
