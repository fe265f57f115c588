"""Start the FO desk (`antrian fo`)."""

from __future__ import annotations

from antrian.qtapp import application
from fo.app import FoApp
from fo.window import FoWindow
from hub.config import Office
from hub_client.qt import HubConnection


def run(office: Office, token: str, hub_url: str | None) -> int:
    app = application("antrian-fo")
    window = FoWindow()
    desk = FoApp(HubConnection(hub_url, token, office=office.office.short_name), window, office)
    window.show()
    desk.start()
    try:
        return app.exec()
    finally:
        desk.stop()
