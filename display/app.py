"""The display appliance: hub events move the board, the TV shows it, the caller speaks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer

from display.caller import Announcer
from display.speaking import HubAlignedClock
from display.window import DisplayWindow
from hub_client.qt import HubConnection


class DisplayApp(QObject):
    def __init__(
        self,
        connection: HubConnection,
        window: DisplayWindow,
        announcer: Announcer | None = None,
        clock: HubAlignedClock | None = None,
    ) -> None:
        super().__init__(window)  # lives and dies with its window
        self.connection, self.window, self.board = connection, window, window.board
        self.announcer = announcer
        self.clock = clock or connection.clock
        window.header.hub_clock = self.clock
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self._refresh_waiting)
        connection.snapshot.connect(self._snapshot)
        connection.online_changed.connect(self._online)
        connection.hub_event.connect(self._event)

    def start(self) -> None:
        self.window.refresh()
        self.connection.start()

    def stop(self) -> None:
        self._debounce.stop()
        self.connection.stop()
        if self.announcer:
            self.announcer.stop()

    def _snapshot(self, snapshot: dict[str, Any]) -> None:
        self.clock.learn(snapshot["now"])
        self.board.load(snapshot)
        self.window.refresh()

    def _online(self, online: bool) -> None:
        self.board.online = online
        self.window.refresh()

    def _event(self, event: dict[str, Any]) -> None:
        entry = self.board.apply(event)
        if entry is not None:
            if event.get("replayed"):
                # Already on the board from the snapshot; the caller decides by its age
                # whether it is still worth saying.
                self.window.refresh()
            else:
                self.window.show_call(entry, flash=True)
            if self.announcer:
                self.announcer.submit(event)
        elif event["type"].startswith("counter."):
            self.window.refresh()
        elif event["type"] == "config.reloaded":
            self.connection.request("GET", "/state", on_reply=self._reloaded)
        self._debounce.start()

    def _reloaded(self, status: int, body: Any) -> None:
        if status == 200 and isinstance(body, dict):
            self._snapshot(body)

    def _refresh_waiting(self) -> None:
        def answered(status: int, body: Any) -> None:
            if status == 200 and isinstance(body, list):
                self.board.update_services(body)
                self.window.refresh()

        self.connection.request("GET", "/services", on_reply=answered)


class CallerApp(QObject):
    """The caller alone (`antrian caller`): every call the hub makes is spoken, no window."""

    def __init__(
        self, connection: HubConnection, announcer: Announcer, clock: HubAlignedClock
    ) -> None:
        super().__init__()
        self.connection, self.announcer, self.clock = connection, announcer, clock
        connection.snapshot.connect(lambda snapshot: clock.learn(snapshot["now"]))
        connection.hub_event.connect(announcer.submit)

    def start(self) -> None:
        self.connection.start()

    def stop(self) -> None:
        self.connection.stop()
        self.announcer.stop()
