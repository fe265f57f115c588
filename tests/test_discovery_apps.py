"""Every appliance works with discovery alone: no hub URL, the hub found by mDNS.

One real hub process advertises `_antrian._tcp.local.` on 127.0.0.1 (real zeroconf,
loopback only); each app's real object is made with no URL and must reach a state that
proves it talks to that hub. The hub's office gets a name of its own, and the apps look
only for that office, so another hub advertising on this machine's loopback (another
test run) is passed over rather than found.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt

from antrian.config import OfficeConfig, load_office_config
from common.paths import CONFIG_DIR
from counter_panel.app import NOT_FOUND, SEARCHING, PanelApp
from counter_panel.window import PanelWindow
from display.app import CallerApp, DisplayApp
from display.board import Board
from display.speaking import build_announcer
from display.window import DisplayWindow
from fo.app import FoApp
from fo.window import FoWindow
from hub.officers import add_officer
from hub.store import Store
from hub_client import HubNotFound, discover
from hub_client.qt import HubConnection
from kiosk.app import KioskApp
from kiosk.flow import Screen
from kiosk.printing import Printer
from kiosk.window import KioskWindow
from tests.hubproc import HubProcess
from voice import FakePlayer, FakeSynthesizer, Status

pytestmark = pytest.mark.slow
LOOPBACK = ["127.0.0.1"]  # never the LAN: tests send mDNS only on loopback
NIP, PIN = "198001012005011001", "246810"


@dataclass
class AdvertisedHub:
    process: HubProcess
    office: OfficeConfig
    tokens: dict[str, str]

    @property
    def name(self) -> str:
        return self.office.office.short_name

    def connection(self, role: str) -> HubConnection:
        """What each app's main makes when hub.url is empty: no URL, this office only."""
        token = self.tokens.get(role, "")
        return HubConnection(None, token, office=self.name, interfaces=LOOPBACK)

    def post(self, path: str, body: object = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens['admin']}"}
        response = httpx.post(f"{self.process.url}{path}", json=body, headers=headers, timeout=5)
        response.raise_for_status()
        return response


def office_of_its_own(folder: Path) -> Path:
    """config/demo.toml with a short name no other hub on this machine announces."""
    text = (CONFIG_DIR / "demo.toml").read_text(encoding="utf-8")
    unique = f"MPP Uji {uuid.uuid4().hex[:8]}"
    assert 'short_name = "MPP Samarinda"' in text
    path = folder / "office.toml"
    path.write_text(text.replace('short_name = "MPP Samarinda"', f'short_name = "{unique}"'))
    return path


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AdvertisedHub]:
    folder = tmp_path_factory.mktemp("advertised")
    data = folder / "data"
    data.mkdir()
    config = office_of_its_own(folder)
    process = HubProcess(data, config, advertise=True)
    tokens = {role: process.token(role, f"{role}-mdns") for role in
              ("kiosk", "display", "fo", "admin")}  # fmt: skip
    store = Store.in_data_dir(data)
    add_officer(store, NIP, "Siti Rahmawati", PIN)
    store.close()
    process.start()
    try:
        yield AdvertisedHub(process, load_office_config(config), tokens)
    finally:
        process.stop()


def test_kiosk_finds_the_hub_and_shows_the_services(qtbot, hub: AdvertisedHub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = KioskWindow()
    qtbot.addWidget(window)
    window.show()
    kiosk = KioskApp(hub.connection("kiosk"), window, Printer(f"preview://{tmp_path}", "80mm"))
    kiosk.start()
    try:
        qtbot.waitUntil(
            lambda: kiosk.flow.state.screen is Screen.START and bool(window.tiles), timeout=15000
        )
        assert kiosk.connection.url == hub.process.url
        assert len(window.tiles) == len(hub.office.services)
    finally:
        kiosk.stop()


def test_display_finds_the_hub_and_shows_a_call(qtbot, hub: AdvertisedHub) -> None:  # type: ignore[no-untyped-def]
    board = Board()
    window = DisplayWindow(board, "Selamat datang")
    qtbot.addWidget(window)
    window.show()
    display = DisplayApp(hub.connection("display"), window)
    display.start()
    try:
        qtbot.waitUntil(lambda: board.online, timeout=15000)
        assert not window.status.isVisible()
        hub.post("/tickets", {"service": "perizinan"})
        called = hub.post("/counters/2/call-next").json()
        qtbot.waitUntil(lambda: window.call.number.text() == called["number"], timeout=5000)
        assert window.counter_boxes[2].ticket.text() == called["number"]
    finally:
        display.stop()


def test_caller_finds_the_hub_and_speaks_a_call(qtbot, hub: AdvertisedHub) -> None:  # type: ignore[no-untyped-def]
    connection = hub.connection("display")
    voice = FakeSynthesizer()
    announcer = build_announcer(hub.office, connection.clock, voice=voice, player=FakePlayer())
    caller = CallerApp(connection, announcer)
    caller.start()
    try:
        qtbot.waitUntil(lambda: caller.connection.online, timeout=15000)
        hub.post("/tickets", {"service": "bpjs"})
        called = hub.post("/counters/7/call-next").json()
        qtbot.waitUntil(lambda: bool(announcer.outcomes), timeout=10000)
        announcer.wait_idle(10)
        assert [(o.number, o.status) for o in announcer.outcomes] == [
            (called["number"], Status.SPOKEN)
        ]
        assert len(voice.texts) == 1
    finally:
        caller.stop()


def test_counter_panel_signs_in_before_the_hub_is_found(qtbot, hub: AdvertisedHub) -> None:  # type: ignore[no-untyped-def]
    window = PanelWindow(4)
    qtbot.addWidget(window)
    window.show()
    panel = PanelApp(hub.connection("counter"), window)
    try:
        window.login.nip.setText(NIP)
        window.login.pin.setText(PIN)
        qtbot.mouseClick(window.login.button, Qt.MouseButton.LeftButton)
        # The sign-in waits for the search instead of failing at once (it used to: status 0).
        assert window.login.message.text() == SEARCHING
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.work, timeout=15000)
        qtbot.waitUntil(lambda: panel.connection.online, timeout=10000)
        assert window.work.who.text() == "Loket 4 — Siti Rahmawati"
        ticket = hub.post("/tickets", {"service": "dukcapil"}).json()
        qtbot.waitUntil(lambda: window.work.buttons["call_next"].isEnabled(), timeout=5000)
        qtbot.mouseClick(window.work.buttons["call_next"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.work.number.text() == ticket["number"], timeout=5000)
    finally:
        panel.connection.stop()


def test_fo_desk_finds_the_hub_and_loads_the_recap(qtbot, hub: AdvertisedHub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = FoWindow()
    qtbot.addWidget(window)
    window.show()
    desk = FoApp(hub.connection("fo"), window, hub.office,
                 ask_path=lambda kinds, name: tmp_path / name, ask_reason=lambda prompt: None)  # fmt: skip
    desk.start()
    try:
        assert window.status.text() == "Mencari hub di jaringan…"
        qtbot.waitUntil(lambda: desk.recap is not None, timeout=15000)
        assert window.status.text().startswith("Rekap ")
        assert window.services.headings()[0] == "Layanan"
    finally:
        desk.stop()


def test_a_hub_of_another_office_is_passed_over(hub: AdvertisedHub) -> None:
    with pytest.raises(HubNotFound, match=f"only hubs of .*'{hub.name}'"):
        discover(timeout=3, interfaces=LOOPBACK, office="MPP Kota Lain")
    assert discover(timeout=5, interfaces=LOOPBACK, office=hub.name).url == hub.process.url


def test_sign_in_with_no_hub_on_the_lan_says_it_was_not_found(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("hub_client.qt.PENDING_WAIT_S", 1.0)
    window = PanelWindow(4)
    qtbot.addWidget(window)
    connection = HubConnection(None, "", office="MPP Tidak Ada", interfaces=LOOPBACK)
    panel = PanelApp(connection, window)
    try:
        panel.sign_in(NIP, PIN, 4)
        assert window.login.message.text() == SEARCHING
        qtbot.waitUntil(lambda: window.login.message.text() == NOT_FOUND, timeout=5000)
        assert window.pages.currentWidget() is window.login
    finally:
        connection.stop()


def test_a_found_hub_that_moves_is_found_again(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A DHCP lease ran out, the hub PC was swapped: same office, another address.
    data = tmp_path / "data"
    data.mkdir()
    config = office_of_its_own(tmp_path)
    first = HubProcess(data, config, advertise=True)
    token = first.token("display", "tv-moves")
    name = load_office_config(config).office.short_name
    connection = HubConnection(None, token, office=name, interfaces=LOOPBACK)
    moved = HubProcess(data, config, advertise=True)
    try:
        first.start()
        with qtbot.waitSignal(connection.located, timeout=15000):
            connection.start()
        qtbot.waitUntil(lambda: connection.online, timeout=5000)
        assert connection.url == first.url
        first.stop()
        qtbot.waitUntil(lambda: not connection.online, timeout=5000)
        moved.start()
        qtbot.waitUntil(lambda: connection.online, timeout=30000)
        assert connection.url == moved.url != first.url
    finally:
        connection.stop()
        first.stop()
        moved.stop()
