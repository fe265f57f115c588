"""The resume protocol, Qt-free: how a client follows the hub's events and misses none.

1. GET /state gives a snapshot and the `seq` of the last event it includes.
2. WS /events?after=SEQ replays what came since, then streams live: after the last event
   this client saw, or, before any, after its first snapshot.
3. Events at or below the last seen `seq` are dropped (a replay overlapping the stream).
4. A `resync` message (the client fell too far behind) means: a fresh snapshot.
5. Reconnects back off quickly at first (a restarted hub answers within a second), with
   jitter, so twenty TVs do not knock at the same instant.

`Resume` is the state of that protocol with no I/O; `EventStream` runs it on a thread
with httpx and websockets, for any consumer without Qt (a forwarder, a web page's
server side, a test). `hub_client.qt.HubConnection` runs the same `Resume` on Qt's loop.
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Callable
from typing import Any

import httpx
from websockets.exceptions import WebSocketException
from websockets.sync.client import connect

from hub_client.discovery import normalise_url

log = logging.getLogger(__name__)
RETRY_S = (0.25, 0.25, 0.5, 0.5, 1.0, 2.0, 4.0, 5.0)


def retry_delay_s(attempt: int) -> float:
    """The wait before reconnect number `attempt` (0-based), with ±20 % jitter."""
    base = RETRY_S[min(attempt, len(RETRY_S) - 1)]
    return base * random.uniform(0.8, 1.2)  # noqa: S311 - spacing, not secrecy


class Resume:
    def __init__(self) -> None:
        self.last_seq: int | None = None
        self.snapshot_seq = 0

    def after_snapshot(self, snapshot_seq: int) -> int:
        """A snapshot was taken: the `after=` to open the stream with."""
        self.snapshot_seq = snapshot_seq
        if self.last_seq is None:
            self.last_seq = snapshot_seq
        return self.last_seq

    def accept(self, message: dict[str, Any]) -> dict[str, Any] | None:
        """The event to hand on (marked `replayed` if the snapshot already held it), or
        None for one seen before. Raises NeedsSnapshot on a `resync`."""
        if message.get("type") == "resync":
            self.last_seq = None
            raise NeedsSnapshot(str(message.get("reason", "")))
        seq = int(message["seq"])
        if self.last_seq is not None and seq <= self.last_seq:
            return None
        self.last_seq = seq
        return {**message, "replayed": seq <= self.snapshot_seq}


class NeedsSnapshot(Exception):  # noqa: N818 - a signal in the protocol, not a fault
    """The hub asked for a fresh snapshot: this client fell too far behind."""


class EventStream:
    """Follows the hub on a thread of its own until `stop()`: `on_snapshot(body)` on each
    (re)connect, `on_event(event)` for each event exactly once, in `seq` order."""

    def __init__(
        self,
        url: str,
        token: str,
        on_snapshot: Callable[[dict[str, Any]], None],
        on_event: Callable[[dict[str, Any]], None],
    ) -> None:
        self.url = normalise_url(url)
        self._headers = {"Authorization": f"Bearer {token}"}
        self.on_snapshot, self.on_event = on_snapshot, on_event
        self.resume = Resume()
        self.online = threading.Event()
        self._stopped = threading.Event()
        self._socket: Any = None
        self._thread = threading.Thread(target=self._run, name="hub-events", daemon=True)

    def start(self) -> EventStream:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stopped.set()
        socket = self._socket
        if socket is not None:
            socket.close()
        self._thread.join(timeout)

    def _run(self) -> None:
        attempt = 0
        while not self._stopped.is_set():
            try:
                self._follow_once()
                attempt = 0  # a clean end (resync, hub going away): again at once
            except NeedsSnapshot:
                attempt = 0
            except (httpx.HTTPError, OSError, WebSocketException, ValueError) as exc:
                log.info("hub events at %s: %s; reconnecting", self.url, exc)
                self._stopped.wait(retry_delay_s(attempt))
                attempt += 1
            finally:
                self.online.clear()

    def _follow_once(self) -> None:
        state = httpx.get(f"{self.url}/state", headers=self._headers, timeout=5)
        state.raise_for_status()
        body = state.json()
        after = self.resume.after_snapshot(int(body["seq"]))
        self.on_snapshot(body)
        ws_url = self.url.replace("http", "ws", 1) + f"/events?after={after}"
        with connect(ws_url, additional_headers=self._headers, open_timeout=5) as socket:
            self._socket = socket
            self.online.set()
            try:
                for text in socket:
                    event = self.resume.accept(json.loads(text))
                    if event is not None:
                        self.on_event(event)
            finally:
                self._socket = None
