"""The real kiosk widget and app against a real hub process, for the kiosk's tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from hub_client.qt import HubConnection
from kiosk.app import KioskApp
from kiosk.flow import Screen
from kiosk.printing import Printer
from kiosk.window import KioskWindow
from printer.escpos_parse import Text, parse
from tests.hubproc import HubProcess
from tests.printer.conftest import PAPER_QUERY


@dataclass
class Kiosk:
    app: KioskApp
    window: KioskWindow
    hub: HubProcess
    admin: dict[str, str]


def start_kiosk(  # type: ignore[no-untyped-def]
    qtbot, hub: HubProcess, printer_url: str, *, tap_grace_ms: int = 0, **app_options: Any
) -> Kiosk:
    window = KioskWindow(tap_grace_ms=tap_grace_ms)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    connection = HubConnection(hub.url, hub.kiosk_token)  # type: ignore[attr-defined]
    app = KioskApp(connection, window, Printer(printer_url, "80mm"), **app_options)
    app.start()
    qtbot.waitUntil(
        lambda: app.flow.state.screen is Screen.START and bool(window.tiles), timeout=10000
    )
    qtbot.waitUntil(lambda: all(tile.isVisible() for tile in window.tiles), timeout=5000)
    return Kiosk(app, window, hub, {"Authorization": f"Bearer {hub.admin_token}"})  # type: ignore[attr-defined]


def touch(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """A finger on the widget: a touchscreen reaches Qt widgets as mouse clicks."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def tap(qtbot, kiosk: Kiosk, index: int) -> None:  # type: ignore[no-untyped-def]
    touch(qtbot, kiosk.window.tiles[index])


def printed_text(data: bytes) -> str:
    """What a citizen reads on the paper: the text of the job, without the status query."""
    job = data.replace(PAPER_QUERY, b"")
    return "".join(c.data.decode("cp437") for c in parse(job) if isinstance(c, Text))


def printed_tickets(folder: Path) -> list[str]:
    """The text of every ticket a preview:// printer wrote to `folder`, oldest first."""
    jobs = sorted(folder.glob("*.bin"), key=lambda path: path.stat().st_mtime_ns)
    return [printed_text(job.read_bytes()) for job in jobs]


def stop(kiosk: Kiosk) -> None:
    kiosk.app.stop()
