"""Start the FO desk (`antrian fo`)."""

from __future__ import annotations

from common.qt.app import application
from fo.app import FoApp
from fo.settings import FoOffice
from fo.window import FoWindow
from hub_client.qt import HubConnection


def run(office: FoOffice, token: str, hub_url: str | None) -> int:
    app = application("antrian-fo")
    window = FoWindow()
    desk = FoApp(HubConnection(hub_url, token, office=office.office.short_name), window, office)
    window.show()
    desk.start()
    try:
        return app.exec()
    finally:
        desk.stop()
