"""Start the display (`antrian display`) or the caller alone (`antrian caller`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt

from common.clock import Clock
from common.qt.app import application
from display.app import CallerApp, DisplayApp
from display.board import Board
from display.settings import CallerOffice, DisplayOffice
from display.speaking import build_announcer
from display.window import DisplayWindow
from hub_client.qt import HubConnection
from voice import Announcer, CallerError

log = logging.getLogger(__name__)


def _announcer(office: CallerOffice, clock: Clock, save_dir: Path | None) -> Announcer | None:
    try:
        return build_announcer(office, clock, save_dir)
    except CallerError as error:
        # No voice is no reason to leave the TV dark.
        log.error("the caller cannot speak (%s); the display carries on silently", error)
        return None


def run_display(
    office: DisplayOffice, token: str, hub_url: str | None, fullscreen: bool, speak: bool,
    save_dir: Path | None,
) -> int:  # fmt: skip
    app = application("antrian-display")
    settings = office.display
    board = Board(settings.services, settings.counters, settings.recent_calls)
    if settings.media and not Path(settings.media).is_dir():
        # Looked for again every half minute: a USB stick plugged in later still plays.
        log.error("display.media: folder %s not found; no media until it appears", settings.media)
    window = DisplayWindow(board, settings.running_text, settings.background, settings.accent,
                           settings.logo, settings.flash_seconds, settings.media)  # fmt: skip
    connection = HubConnection(hub_url, token, office=office.office.short_name)
    # The caller judges a call's age on the hub's clock, which the connection keeps.
    speaking = speak and settings.speak
    announcer = _announcer(office, connection.clock, save_dir) if speaking else None
    display = DisplayApp(connection, window, announcer)
    if fullscreen:
        window.setCursor(Qt.CursorShape.BlankCursor)
        window.showFullScreen()
    else:
        window.resize(1920, 1080)
        window.show()
    display.start()
    try:
        return app.exec()
    finally:
        display.stop()


def run_caller(office: CallerOffice, token: str, hub_url: str | None, save_dir: Path | None) -> int:
    application("antrian-caller")
    connection = HubConnection(hub_url, token, office=office.office.short_name)
    announcer = build_announcer(office, connection.clock, save_dir)
    caller = CallerApp(connection, announcer)
    caller.start()
    try:
        return QCoreApplication.exec()
    finally:
        caller.stop()
