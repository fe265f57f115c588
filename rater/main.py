"""Start the rater (`antrian rater --counter N`)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from common.qt.app import application
from hub_client.qt import HubConnection
from rater.app import RaterApp
from rater.settings import RaterOffice
from rater.window import RaterWindow

SIZE = (1024, 600)  # a 7-inch booth panel; full screen it takes whatever the panel is


def run(
    office: RaterOffice, token: str, hub_url: str | None, counter: int, fullscreen: bool
) -> int:
    app = application(f"antrian-rater-{counter}")
    window = RaterWindow(counter)
    window.set_office(office.office.name)
    settings = office.rater
    rater = RaterApp(
        HubConnection(hub_url, token, office=office.office.short_name),
        window,
        settings.question_seconds,
        settings.thanks_seconds,
    )
    if fullscreen:
        window.setCursor(Qt.CursorShape.BlankCursor)  # a touchscreen needs no pointer
        window.showFullScreen()
    else:
        window.resize(*SIZE)
        window.show()
    rater.start()
    try:
        return app.exec()
    finally:
        rater.stop()
