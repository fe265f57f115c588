"""The kiosk, walked as citizens use it: a priority ticket then a plain one (the script
fails if the second printout says PRIORITAS), a closed service, the printer down, the
survey at the kiosk, the hub gone. Landscape or portrait by the size; "-xvfb" when
grabbed from an X screen."""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from hub_client.qt import HubConnection
from kiosk.app import KioskApp
from kiosk.flow import Screen
from kiosk.pages import TAP_GRACE_MS
from kiosk.printing import Printer
from kiosk.window import KioskWindow
from printer.escpos_parse import Text, parse
from shots.common import pause, settle
from tests.hubproc import HubProcess, free_port


def printed_text(folder: Path) -> list[str]:
    """What each ticket printed so far says, oldest first (the preview printer's .bin)."""
    jobs = sorted(folder.glob("*.bin"), key=lambda path: path.stat().st_mtime_ns)
    return [
        "".join(c.data.decode("cp437") for c in parse(job.read_bytes()) if isinstance(c, Text))
        for job in jobs
    ]


def kiosk_shots(out: Path, width: int, height: int, suffix: str) -> None:
    on_x = QApplication.platformName() == "xcb"
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp))
        kiosk_token = hub.token("kiosk", "kiosk-lobby")
        admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
        hub.start()
        try:
            for service, count in (("dukcapil", 7), ("samsat", 4), ("informasi", 2)):
                for _ in range(count):
                    httpx.post(f"{hub.url}/tickets", json={"service": service}, headers=admin)
            window = KioskWindow()
            tickets = Path(tmp) / "tickets"
            printer = Printer(f"preview://{tickets}", "80mm")
            kiosk = KioskApp(HubConnection(hub.url, kiosk_token), window, printer, 600, 600)
            if on_x:
                window.showFullScreen()  # as `antrian kiosk` does on an appliance
                settle(lambda: (window.width(), window.height()) == (width, height))
            else:
                window.resize(width, height)
                window.show()
            kiosk.start()
            settle(lambda: kiosk.flow.state.screen is Screen.START and kiosk.flow.state.services)

            def shot(name: str) -> None:
                QCoreApplication.processEvents()
                path = str(out / f"kiosk-{name}{suffix}.png")
                screen = window.screen()
                picture: QPixmap = screen.grabWindow(0) if on_x else window.grab()
                picture.save(path)

            def touch(widget: QWidget) -> None:
                QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

            shot("start")
            # The first citizen: priority, a category, a service, then "Selesai".
            touch(window.priority_button)
            settle(lambda: kiosk.flow.state.screen is Screen.PRIORITY)
            shot("priority")
            touch(window.category_buttons[2])  # Ibu hamil / membawa balita
            settle(lambda: kiosk.flow.state.screen is Screen.PRIORITY_SERVICE)
            shot("priority-service")
            touch(window.tiles[2])
            settle(lambda: kiosk.flow.state.screen is Screen.TICKET)
            shot("printing")
            printer.wait()
            settle(lambda: not kiosk.flow.state.printing)
            shot("ticket")
            pause(TAP_GRACE_MS + 100)
            touch(window.ticket_page.done)
            settle(lambda: kiosk.flow.state.screen is Screen.START)
            # The next citizen, right behind: a plain ticket.
            touch(window.tiles[2])
            settle(lambda: kiosk.flow.state.screen is Screen.TICKET)
            printer.wait()
            settle(lambda: not kiosk.flow.state.printing)
            shot("ticket-next")
            first, second = printed_text(tickets)
            if "PRIORITAS" not in first or "PRIORITAS" in second:
                raise SystemExit("priority did not stay with the first citizen's ticket")
            pause(TAP_GRACE_MS + 100)
            touch(window.ticket_page.number)  # a tap anywhere on the ticket ends it
            settle(lambda: kiosk.flow.state.screen is Screen.START)
            kiosk.flow.services_changed(
                [dict(s, open=s["code"] != "dukcapil") for s in kiosk.flow.state.services]
            )
            touch(window.tiles[2])
            settle(lambda: kiosk.flow.state.screen is Screen.CLOSED)
            kiosk.flow.state.message = "Di luar jam pelayanan. Buka kembali besok pukul 08.00 WITA."
            kiosk.render()
            shot("closed")
            window.back_requested.emit()
            printer.url = f"tcp://127.0.0.1:{free_port()}"
            kiosk.flow.services_changed([dict(s, open=True) for s in kiosk.flow.state.services])
            touch(window.tiles[4])
            settle(lambda: kiosk.flow.state.screen is Screen.PRINTER_FAULT)
            shot("printer-fault")
            pause(TAP_GRACE_MS + 100)
            touch(window.fault_page.done)
            settle(lambda: kiosk.flow.state.screen is Screen.START)
            shot("start-printer-down")
            survey_walk(kiosk, window, hub.url, admin, shot, touch)
            hub.stop()
            settle(lambda: kiosk.flow.state.screen is Screen.OFFLINE, 15000)
            shot("hub-unreachable")
            kiosk.stop()
        finally:
            hub.stop()


def survey_walk(kiosk, window, url: str, admin: dict[str, str], shot, touch) -> None:  # type: ignore[no-untyped-def]
    """A citizen without a phone, served at Loket 1, fills the survey at the kiosk: the
    number typed, the seventh of the nine questions, the thanks; then back to the start."""
    from kiosk.survey import THANKS
    from protocol.survey import UNSUR

    called = httpx.post(f"{url}/counters/1/call-next", headers=admin).json()
    httpx.post(f"{url}/tickets/{called['id']}/close", headers=admin).raise_for_status()
    page = window.survey
    touch(window.survey_button)
    settle(lambda: window.pages.currentWidget() is page)
    keys = {button.text(): button for button in page.entry.findChildren(QPushButton)}
    letter, digits = called["number"].split("-")
    for key in letter + digits.lstrip("0"):
        touch(keys[key])
    shot("survey-number")
    touch(page.go)
    for index in range(len(UNSUR)):
        asked = f"Pertanyaan {index + 1} dari {len(UNSUR)}"
        settle(lambda asked=asked: page.progress.text() == asked)
        if index == 6:
            shot("survey")
        touch(page.choices[2 if index % 3 == 0 else 3])  # "baik" now and then, else "sangat"
    settle(lambda: page.result.text() == THANKS)
    shot("survey-thanks")
    touch(page.result_page.findChildren(QPushButton)[0])  # "Kembali"
    settle(lambda: window.pages.currentWidget() is window.start)
    settle(lambda: kiosk.flow.state.screen is Screen.START)
