"""Start the kiosk appliance (`antrian kiosk`)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from common.qt.app import application
from hub_client.qt import HubConnection
from kiosk.app import KioskApp
from kiosk.greeting import Greeter
from kiosk.printing import Printer
from kiosk.settings import KioskOffice
from kiosk.window import KioskWindow


def run(
    office: KioskOffice, token: str, hub_url: str | None, printer_url: str | None, fullscreen: bool
) -> int:
    app = application("antrian-kiosk")
    settings = office.kiosk
    window = KioskWindow()
    kiosk = KioskApp(
        HubConnection(hub_url, token, office=office.office.short_name),
        window,
        Printer(printer_url or settings.printer, settings.paper, settings.logo),
        settings.return_seconds,
        settings.fault_return_seconds,
        Greeter() if settings.greeting else None,
        idle_seconds=settings.idle_seconds,
    )
    if fullscreen:
        window.setCursor(Qt.CursorShape.BlankCursor)  # a touchscreen needs no pointer
        window.showFullScreen()
    else:
        window.resize(1920, 1080)
        window.show()
    kiosk.start()
    try:
        return app.exec()
    finally:
        kiosk.stop()
