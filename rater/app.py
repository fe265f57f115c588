"""The rater appliance: closes at its counter ask the citizen, presses go to the hub."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer

from hub_client.events import HubEvent
from hub_client.qt import HubConnection
from protocol.events import TicketClosed
from protocol.views import StateView
from rater.flow import RaterFlow, Rating, Screen
from rater.window import RaterWindow

log = logging.getLogger(__name__)
RETRY_MS = 2000  # a rating the hub did not take is sent again this often


class RaterApp(QObject):
    def __init__(
        self,
        connection: HubConnection,
        window: RaterWindow,
        question_seconds: float = 60,
        thanks_seconds: float = 5,
    ) -> None:
        super().__init__(window)  # lives and dies with its window, timers included
        self.connection, self.window = connection, window
        self.flow = RaterFlow(window.counter)
        self.question_s = question_seconds
        self._timeout_ms = {Screen.ASK: int(question_seconds * 1000),
                            Screen.THANKS: int(thanks_seconds * 1000)}  # fmt: skip
        self._back = QTimer(self, singleShot=True)
        self._back.timeout.connect(self._timed_out)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self._send)
        connection.snapshot.connect(self._snapshot)
        connection.online_changed.connect(self._online)
        connection.hub_event.connect(self._event)
        window.rated.connect(self.press)

    def start(self) -> None:
        self.render()
        self.connection.start()

    def stop(self) -> None:
        self._back.stop()
        self._retry.stop()
        self.connection.stop()

    # ---- hub --------------------------------------------------------------------------

    def _snapshot(self, state: StateView) -> None:
        self.window.set_office(state.office.name)
        here = [c.name for c in state.counters if c.number == self.window.counter]
        self.window.set_booth(here[0] if here else "")

    def _online(self, online: bool) -> None:
        self.flow.hub_online(online)
        self.render()
        if online:
            self._send()  # what was pressed while the hub was away

    def _event(self, message: HubEvent) -> None:
        event = message.event
        if not isinstance(event, TicketClosed):
            return
        if message.replayed and self._too_old(event.at):
            return  # closed while this screen was away, and its citizen has left the desk
        if self.flow.closed(event.ticket_id, event.number, event.counter):
            self._show(restart=True)

    def _too_old(self, closed_at: dt.datetime) -> bool:
        return (self.connection.clock.now() - closed_at).total_seconds() > self.question_s

    # ---- citizen ----------------------------------------------------------------------

    def press(self, score: int) -> None:
        if self.flow.press(score) is None:
            return
        self._show(restart=True)
        self._send()

    def _timed_out(self) -> None:
        self.flow.timed_out()
        self._show(restart=False)

    # ---- sending: one at a time, oldest first, until the hub has answered each ----------

    def _send(self) -> None:
        rating = self.flow.next_to_send()
        if rating is None:
            return
        self.connection.request(
            "POST", f"/tickets/{rating.ticket_id}/rating", body={"score": rating.score},
            on_reply=lambda status, body: self._answered(rating, status, body),
        )  # fmt: skip

    def _answered(self, rating: Rating, status: int, body: dict[str, Any] | None) -> None:
        settled = self.flow.answered(status)
        if status not in (0, 201):
            reason = ((body or {}).get("error") or {}).get("message_en", "")
            log.warning("rating of %s: the hub answered %s %s", rating.number, status, reason)
        self.render()
        if settled:
            self._send()
        else:
            self._retry.start()

    # ---- rendering --------------------------------------------------------------------

    def _show(self, restart: bool) -> None:
        self.render()
        timeout = self._timeout_ms.get(self.flow.state.screen)
        if timeout is None:
            self._back.stop()
        elif restart or not self._back.isActive():
            self._back.start(timeout)

    def render(self) -> None:
        self.window.show_state(self.flow.state)
