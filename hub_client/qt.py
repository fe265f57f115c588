"""The hub as Qt sees it: non-blocking requests and an events stream that never misses a call.

On every (re)connect the connection fetches `/state` and emits `snapshot`, then opens the
WebSocket with `?after=` the last event it saw, so the hub replays what was missed (each
such event carries `"replayed": true`) before streaming live. Appliances keep showing their
last known state while `online` is false.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWebSockets import QWebSocket

from hub_client.discovery import normalise_url, resolve_hub_url
from hub_client.errors import HubClientError

log = logging.getLogger(__name__)
ReplyHandler = Callable[[int, dict[str, Any] | None], None]
RETRY_MS = (500, 1000, 2000, 4000, 5000)
REQUEST_TIMEOUT_MS = 4000


class HubConnection(QObject):
    snapshot = Signal(dict)
    hub_event = Signal(dict)
    online_changed = Signal(bool)
    located = Signal(str)

    def __init__(self, url: str | None, token: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = normalise_url(url) if url else None
        self.token = token
        self.online = False
        self.last_seq: int | None = None
        self._snapshot_seq = 0
        self._attempt = 0
        self._stopped = False
        self._http = QNetworkAccessManager(self)
        self._socket = QWebSocket(parent=self)
        self._socket.textMessageReceived.connect(self._on_message)
        self._socket.connected.connect(self._on_socket_open)
        self._socket.disconnected.connect(self._on_socket_closed)
        self._socket.errorOccurred.connect(lambda _error: self._schedule_retry())
        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(self._connect)
        self.located.connect(self._on_located)

    # ---- lifecycle --------------------------------------------------------------------

    def start(self) -> None:
        self._stopped = False
        if self.url:
            self._connect()
        else:
            threading.Thread(target=self._discover, name="hub-discovery", daemon=True).start()

    def stop(self) -> None:
        self._stopped = True
        self._retry.stop()
        self._socket.abort()
        self._set_online(False)

    def _discover(self) -> None:
        # Off the UI thread: browsing mDNS takes up to a few seconds.
        try:
            self.located.emit(resolve_hub_url(None, timeout=5.0))
        except HubClientError as exc:
            log.warning("%s", exc)
            self.located.emit("")

    @Slot(str)
    def _on_located(self, url: str) -> None:
        if url:
            self.url = url
            self._connect()
        else:
            self._schedule_retry(discover=True)

    def _connect(self) -> None:
        if self._stopped:
            return
        if not self.url:
            threading.Thread(target=self._discover, name="hub-discovery", daemon=True).start()
            return
        self.request("GET", "/state", on_reply=self._on_state)

    def _on_state(self, status: int, body: dict[str, Any] | None) -> None:
        if status != 200 or body is None:
            self._schedule_retry()
            return
        self._snapshot_seq = int(body["seq"])
        # Resume after the last event seen, or, before any, after the first snapshot:
        # everything since then is replayed, even if no event arrived before a drop.
        after = self.last_seq if self.last_seq is not None else self._snapshot_seq
        self.last_seq = after
        self.snapshot.emit(body)
        request = QNetworkRequest(QUrl(self._ws_url(after)))
        request.setRawHeader(b"Authorization", f"Bearer {self.token}".encode())
        self._socket.open(request)

    def _on_socket_open(self) -> None:
        self._attempt = 0
        self._set_online(True)

    def _on_socket_closed(self) -> None:
        self._set_online(False)
        if self._socket.closeCode().value == 4401:
            log.error("the hub refused this device's token; check the token file")
        self._schedule_retry()

    def _schedule_retry(self, discover: bool = False) -> None:
        if self._stopped or self._retry.isActive():
            return
        self._set_online(False)
        delay = RETRY_MS[min(self._attempt, len(RETRY_MS) - 1)]
        self._attempt += 1
        self._retry.start(delay)

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)

    @Slot(str)
    def _on_message(self, text: str) -> None:
        message = json.loads(text)
        if message.get("type") == "resync":
            self.last_seq = None  # too far behind: start again from a fresh snapshot
            self._socket.close()
            return
        seq = int(message["seq"])
        if self.last_seq is not None and seq <= self.last_seq:
            return
        self.last_seq = seq
        message["replayed"] = seq <= self._snapshot_seq
        self.hub_event.emit(message)

    def _ws_url(self, after: int) -> str:
        assert self.url is not None  # noqa: S101
        return self.url.replace("http", "ws", 1) + f"/events?after={after}"

    # ---- requests ---------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        on_reply: ReplyHandler | None = None,
    ) -> None:
        """Send a request without blocking; `on_reply(status, json)` gets status 0 when the
        hub could not be reached (timeout, refused), so the caller can say it did not happen."""
        if not self.url:
            if on_reply:
                on_reply(0, None)
            return
        request = QNetworkRequest(QUrl(self.url + path))
        request.setRawHeader(b"Authorization", f"Bearer {self.token}".encode())
        request.setTransferTimeout(REQUEST_TIMEOUT_MS)
        for name, value in (headers or {}).items():
            request.setRawHeader(name.encode(), value.encode())
        payload = b""
        if body is not None:
            request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/json")
            payload = json.dumps(body).encode()
        reply = self._http.sendCustomRequest(request, method.encode(), payload)
        reply.finished.connect(lambda: self._finish(reply, on_reply))

    def _finish(self, reply: QNetworkReply, on_reply: ReplyHandler | None) -> None:
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute) or 0
        data = bytes(reply.readAll().data())
        reply.deleteLater()
        if status == 0:
            self._set_online(False)
        parsed: dict[str, Any] | None = None
        if data:
            try:
                parsed = json.loads(data)
            except ValueError:
                parsed = None
        if on_reply:
            on_reply(int(status), parsed)
