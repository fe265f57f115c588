"""An honest fake of the rater's hub connection: the same signals, requests kept for the
test to answer as the hub would (`POST /tickets/{id}/rating`: 201, 409, ...)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from hub_client.clock import HubClock
from hub_client.events import HubEvent, parse_message
from protocol.events import to_wire_time
from protocol.views import StateView


@dataclasses.dataclass
class Sent:
    method: str
    path: str
    body: dict[str, Any] | None
    on_reply: Callable[[int, dict[str, Any] | None], None] | None


class FakeConnection(QObject):
    snapshot = Signal(StateView)
    hub_event = Signal(HubEvent)
    online_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.clock = HubClock()
        self.url = "http://hub.test:8470/api/v1"
        self.online = False
        self.sent: list[Sent] = []
        self._seq = 0

    def start(self) -> None:
        self.go_online(True)

    def stop(self) -> None:
        self.go_online(False)

    def go_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)

    def request(self, method: str, path: str, body: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None,
                on_reply: Callable[[int, dict[str, Any] | None], None] | None = None) -> None:  # fmt: skip
        self.sent.append(Sent(method, path, body, on_reply))

    def answer(self, status: int, body: dict[str, Any] | None = None) -> Sent:
        """Answer the oldest request not yet answered, as the hub would."""
        request = self.sent.pop(0)
        if request.on_reply:
            request.on_reply(status, body)
        return request

    def close(self, ticket_id: str, number: str, counter: int, *, replayed: bool = False,
              ago_s: float = 0) -> None:  # fmt: skip
        """The hub's `ticket.closed` as the events stream brings it."""
        self._seq += 1
        at = self.clock.now() - dt.timedelta(seconds=ago_s)
        wire = {"seq": self._seq, "type": "ticket.closed", "v": 1, "at": to_wire_time(at),
                "ticket_id": ticket_id, "number": number, "service": "dukcapil",
                "counter": counter, "service_s": 300, "replayed": replayed}  # fmt: skip
        self.hub_event.emit(parse_message(wire))
