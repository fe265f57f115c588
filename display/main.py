"""Start the display (`antrian display`) or the caller alone (`antrian caller`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt

from antrian.qtapp import application
from display.app import CallerApp, DisplayApp
from display.board import Board
from display.caller import Announcer, CallerError
from display.speaking import HubAlignedClock, build_announcer
from display.window import DisplayWindow
from hub.config import Office
from hub_client.qt import HubConnection

log = logging.getLogger(__name__)


def _announcer(office: Office, clock: HubAlignedClock, save_dir: Path | None) -> Announcer | None:
    try:
        return build_announcer(office, clock, save_dir)
    except CallerError as error:
        # No voice is no reason to leave the TV dark.
        log.error("the caller cannot speak (%s); the display carries on silently", error)
        return None


def run_display(
    office: Office, token: str, hub_url: str | None, fullscreen: bool, speak: bool,
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
    clock = HubAlignedClock()
    announcer = _announcer(office, clock, save_dir) if speak and settings.speak else None
    connection = HubConnection(hub_url, token, office=office.office.short_name, clock=clock)
    display = DisplayApp(connection, window, announcer, clock)
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


def run_caller(office: Office, token: str, hub_url: str | None, save_dir: Path | None) -> int:
    application("antrian-caller")
    clock = HubAlignedClock()
    announcer = build_announcer(office, clock, save_dir)
    connection = HubConnection(hub_url, token, office=office.office.short_name, clock=clock)
    caller = CallerApp(connection, announcer, clock)
    caller.start()
    try:
        return QCoreApplication.exec()
    finally:
        caller.stop()
