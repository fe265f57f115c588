"""The display appliance: hub events move the board, the TV shows it, the caller speaks."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from display.board import RELEASE_EVENTS
from display.window import DisplayWindow
from hub_client.events import HubEvent
from hub_client.qt import HubConnection
from hub_client.replies import Reply
from protocol.events import ConfigReloaded
from protocol.views import ServiceView, StateView
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

    def _snapshot(self, snapshot: StateView) -> None:
        self.board.load(snapshot)
        self.window.refresh()

    def _online(self, online: bool) -> None:
        self.board.online = online
        self.window.refresh()

    def _event(self, message: HubEvent) -> None:
        entry = self.board.apply(message)
        event = message.event
        if entry is not None:
            if message.replayed:
                # Already on the board from the snapshot; the caller decides by its age
                # whether it is still worth saying.
                self.window.refresh()
            else:
                self.window.show_call(entry, flash=True)
            if self.announcer:
                self.announcer.submit(message.wire)
            if not message.replayed:
                self._begin_quiet()
        elif message.type.startswith("counter.") or isinstance(event, RELEASE_EVENTS):
            self.window.refresh()  # the big box may fall back to an older live call
        elif isinstance(event, ConfigReloaded):
            self.connection.fetch("GET", "/state", StateView, self._reloaded)
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

    def _reloaded(self, reply: Reply[StateView]) -> None:
        if reply.view is not None:
            self._snapshot(reply.view)

    def _refresh_waiting(self) -> None:
        def answered(reply: Reply[list[ServiceView]]) -> None:
            if reply.view is not None:
                self.board.update_services(reply.view)
                self.window.refresh()

        self.connection.fetch("GET", "/services", list[ServiceView], answered)


class CallerApp(QObject):
    """The caller alone (`antrian caller`): every call the hub makes is spoken, no window."""

    def __init__(self, connection: HubConnection, announcer: Announcer) -> None:
        """`announcer` judges a call's age on `connection.clock` (build_announcer)."""
        super().__init__()
        self.connection, self.announcer = connection, announcer
        connection.hub_event.connect(lambda message: announcer.submit(message.wire))

    def start(self) -> None:
        self.connection.start()

    def stop(self) -> None:
        self.connection.stop()
        self.announcer.stop()
