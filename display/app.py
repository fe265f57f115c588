"""The display appliance: hub events move the board, the TV shows it, the caller speaks."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, QTimer

from display.board import RELEASE_TYPES
from display.window import DisplayWindow
from hub_client.qt import HubConnection
from protocol.kinds import EventType
from voice import Announcer

# With no caller on this PC (another one speaks in the hall), the media stays quiet this
# long after a call: a chime and the call said twice take about 8 s.
CALL_QUIET_S = 8.0


class DisplayApp(QObject):
    def __init__(
        self,
        connection: HubConnection,
        window: DisplayWindow,
        announcer: Announcer | None = None,
    ) -> None:
        super().__init__(window)  # lives and dies with its window
        self.connection, self.window, self.board = connection, window, window.board
        self.announcer = announcer
        # The connection keeps its clock on the hub's (every snapshot and live event):
        # the header, and the caller given the same clock, judge time by it.
        window.header.hub_clock = connection.clock
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self._refresh_waiting)
        self._quiet_until = 0.0
        self._quiet = QTimer(self, interval=250)
        self._quiet.timeout.connect(self._end_quiet)
        connection.snapshot.connect(self._snapshot)
        connection.online_changed.connect(self._online)
        connection.hub_event.connect(self._event)

    def start(self) -> None:
        self.window.refresh()
        self.connection.start()

    def stop(self) -> None:
        self._debounce.stop()
        self._quiet.stop()
        if self.window.media is not None:
            self.window.media.stop()
        self.connection.stop()
        if self.announcer:
            self.announcer.stop()

    def _snapshot(self, snapshot: dict[str, Any]) -> None:
        self.board.load(snapshot)
        self.window.refresh()

    def _online(self, online: bool) -> None:
        self.board.online = online
        self.window.refresh()

    def _event(self, event: dict[str, Any]) -> None:
        entry = self.board.apply(event)
        kind = event["type"]
        if entry is not None:
            if event.get("replayed"):
                # Already on the board from the snapshot; the caller decides by its age
                # whether it is still worth saying.
                self.window.refresh()
            else:
                self.window.show_call(entry, flash=True)
            if self.announcer:
                self.announcer.submit(event)
            if not event.get("replayed"):
                self._begin_quiet()
        elif kind.startswith("counter.") or kind in RELEASE_TYPES:
            self.window.refresh()  # the big box may fall back to an older live call
        elif kind == EventType.CONFIG_RELOADED:
            self.connection.request("GET", "/state", on_reply=self._reloaded)
        self._debounce.start()

    # ---- the media's sound gives way to the call ------------------------------------

    def _begin_quiet(self) -> None:
        if self.window.media is None:
            return
        self.window.media.set_muted(True)
        wait = 1.0 if self.announcer else CALL_QUIET_S  # the announcer says when it is done
        self._quiet_until = time.monotonic() + wait
        self._quiet.start()

    def _end_quiet(self) -> None:
        if time.monotonic() < self._quiet_until:
            return
        if self.announcer is not None and not self.announcer.wait_idle(0):
            return  # still saying a call (or one queued behind it)
        self._quiet.stop()
        if self.window.media is not None:
            self.window.media.set_muted(False)

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

    def __init__(self, connection: HubConnection, announcer: Announcer) -> None:
        """`announcer` judges a call's age on `connection.clock` (build_announcer)."""
        super().__init__()
        self.connection, self.announcer = connection, announcer
        connection.hub_event.connect(announcer.submit)

    def start(self) -> None:
        self.connection.start()

    def stop(self) -> None:
        self.connection.stop()
        self.announcer.stop()
