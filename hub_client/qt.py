"""The hub as Qt sees it: non-blocking requests and an events stream that never misses a call.

On every (re)connect the connection fetches `/state` and emits `snapshot` (a
`protocol.views.StateView`), then opens the WebSocket with `?after=` the last event it saw,
so the hub replays what was missed before streaming live. Each event is emitted once as a
`hub_client.events.HubEvent`: its `seq`, `replayed` (the snapshot already held it) and the
protocol's event, or an `UnknownEvent` for a type this version cannot read. Appliances keep
showing their last known state while `online` is false. `fetch` sends a request and reads
the reply as a model (`hub_client.replies.Reply`). The wire stays JSON; the resume protocol
(`hub_client.resume`) works on it, and the values are typed at the signal.

With no URL configured the hub is found by mDNS, off the UI thread. A request made before
it is found waits for it (and starts the search) instead of failing; `searching` tells the
screen to say so. A found hub that stops answering is looked for again: it may have moved.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import pydantic
from PySide6.QtCore import QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWebSockets import QWebSocket
from zeroconf import InterfaceChoice

from hub_client.clock import HubClock
from hub_client.discovery import discover, normalise_url
from hub_client.errors import DiscoveryStopped, HubClientError
from hub_client.events import HubEvent, parse_message
from hub_client.replies import Reply, read_reply
from hub_client.resume import RETRY_S, NeedsSnapshot, Resume, retry_delay_s
from protocol.views import StateView

log = logging.getLogger(__name__)
ReplyHandler = Callable[[int, dict[str, Any] | None], None]
T = TypeVar("T")
# Quick at first: a hub restarted after a crash answers within about a second, and every
# TV should be back on the call board within two (hub_client/resume.py).
RETRY_MS = tuple(int(1000 * s) for s in RETRY_S)
REQUEST_TIMEOUT_MS = 4000
DISCOVERY_TIMEOUT_S = 5.0  # one browse; then again, after RETRY_MS, for as long as wanted
PENDING_WAIT_S = 15.0  # a request waits this long for the hub to be found, then fails (0)
REDISCOVER_AFTER = 6  # (~4.5 s of) failed (re)connects to a found hub before looking for it again


@dataclasses.dataclass
class _Pending:
    """A request made before the hub was found."""

    method: str
    path: str
    body: dict[str, Any] | None
    headers: dict[str, str] | None
    on_reply: ReplyHandler | None
    give_up_at: float


class HubConnection(QObject):
    snapshot = Signal(StateView)  # on every (re)connect: the whole picture
    hub_event = Signal(HubEvent)  # each event once, in seq order (an unknown type too)
    online_changed = Signal(bool)
    located = Signal(str)  # the URL found by mDNS
    searching_changed = Signal(bool)  # looking for the hub on the LAN
    _found = Signal(int, str)  # from the discovery thread: its generation, the URL or ""

    def __init__(
        self,
        url: str | None,
        token: str,
        parent: QObject | None = None,
        *,
        office: str | None = None,
        interfaces: InterfaceChoice | list[str] | None = None,
        clock: HubClock | None = None,
    ) -> None:
        """`url` None: find the hub by mDNS, only the one of `office` ([office].short_name)
        if given, on `interfaces` (default: every LAN interface; tests: ["127.0.0.1"]).
        `clock` (default: a new one) is kept on the hub's time by every snapshot and event."""
        super().__init__(parent)
        self.clock = clock or HubClock()
        self.url = normalise_url(url) if url else None
        self.token = token
        self.online = False
        self.searching = False
        self.resume = Resume()  # the resume protocol (hub_client/resume.py), on Qt's loop
        self._office, self._interfaces = office, interfaces
        self._found_by_mdns = False
        self._attempt = 0
        self._stopped = True  # the events stream runs between start() and stop()
        self._locating = False  # locate(): find the hub now, before anything needs it
        self._pending: list[_Pending] = []
        self._search: tuple[threading.Thread, threading.Event] | None = None
        self._generation = 0
        self._search_attempt = 0
        self._http = QNetworkAccessManager(self)
        self._socket = QWebSocket(parent=self)
        self._socket.textMessageReceived.connect(self._on_message)
        self._socket.connected.connect(self._on_socket_open)
        self._socket.disconnected.connect(self._on_socket_closed)
        self._socket.errorOccurred.connect(lambda _error: self._schedule_retry())
        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(self._connect)
        self._search_again = QTimer(self, singleShot=True)
        self._search_again.timeout.connect(self._search_for_hub)
        self._expire = QTimer(self, interval=250)
        self._expire.timeout.connect(self._expire_pending)
        self._found.connect(self._on_found)

    # ---- lifecycle --------------------------------------------------------------------

    def start(self) -> None:
        self._stopped = False
        self._connect()

    def locate(self) -> None:
        """Find the hub now (when no URL is known) without opening the events stream, so
        that the first request, a sign-in, need not wait for the search."""
        self._locating = True
        if not self.url:
            self._search_for_hub()

    def stop(self) -> None:
        """Stop the events stream and any search; requests still waiting for the hub get
        status 0. Returns once the discovery thread has ended."""
        self._stopped, self._locating = True, False
        self._retry.stop()
        self._search_again.stop()
        self._end_search()
        self._socket.abort()
        self._set_online(False)
        self._set_searching(False)
        self._fail_pending(lambda pending: True)

    def _connect(self) -> None:
        if self._stopped:
            return
        if not self.url:
            self._search_for_hub()
            return
        self.request("GET", "/state", on_reply=self._on_state)

    # ---- discovery --------------------------------------------------------------------

    def _search_for_hub(self) -> None:
        if self.url or self._search is not None:
            return
        if not self._wants_hub():
            self._set_searching(False)
            return
        self._search_again.stop()
        self._generation += 1
        stop = threading.Event()
        thread = threading.Thread(
            target=self._discover, args=(self._generation, stop), name="hub-discovery",
            daemon=True,
        )  # fmt: skip
        self._search = (thread, stop)
        self._set_searching(True)
        thread.start()

    def _discover(self, generation: int, stop: threading.Event) -> None:
        # Off the UI thread: browsing mDNS takes up to a few seconds.
        url = ""
        try:
            url = discover(DISCOVERY_TIMEOUT_S, self._interfaces, self._office, stop).url
        except DiscoveryStopped:
            return
        except HubClientError as exc:
            log.warning("%s", exc)
        self._found.emit(generation, url)

    def _end_search(self) -> None:
        if self._search is None:
            return
        thread, stop = self._search
        self._search = None
        self._generation += 1  # whatever it still reports is stale
        stop.set()
        thread.join(timeout=5)

    @Slot(int, str)
    def _on_found(self, generation: int, url: str) -> None:
        if generation != self._generation:
            return
        self._search = None
        if not url:
            delay = RETRY_MS[min(self._search_attempt, len(RETRY_MS) - 1)]
            self._search_attempt += 1
            if self._wants_hub():
                self._search_again.start(delay)
            else:
                self._set_searching(False)
            return
        log.info("found the hub at %s", url)
        self.url, self._found_by_mdns = url, True
        self._search_attempt = self._attempt = 0
        self._set_searching(False)
        self.located.emit(url)
        waiting, self._pending = self._pending, []
        for pending in waiting:
            self._send(pending.method, pending.path, pending.body, pending.headers,
                       pending.on_reply)  # fmt: skip
        self._connect()

    def _wants_hub(self) -> bool:
        return not self._stopped or self._locating or bool(self._pending)

    def _set_searching(self, searching: bool) -> None:
        if searching != self.searching:
            self.searching = searching
            self.searching_changed.emit(searching)

    def _expire_pending(self) -> None:
        now = time.monotonic()
        self._fail_pending(lambda pending: pending.give_up_at <= now)

    def _fail_pending(self, expired: Callable[[_Pending], bool]) -> None:
        failed = [pending for pending in self._pending if expired(pending)]
        self._pending = [pending for pending in self._pending if not expired(pending)]
        if not self._pending:
            self._expire.stop()
        for pending in failed:
            if pending.on_reply:
                pending.on_reply(0, None)

    # ---- the events stream ------------------------------------------------------------

    def _on_state(self, status: int, body: dict[str, Any] | None) -> None:
        if status != 200 or body is None:
            self._schedule_retry()
            return
        try:
            state = StateView.model_validate(body)
        except pydantic.ValidationError as exc:
            log.error("the hub's /state is not a snapshot this version reads: %s", exc)
            self._schedule_retry()
            return
        # Resume after the last event seen, or, before any, after the first snapshot:
        # everything since then is replayed, even if no event arrived before a drop.
        after = self.resume.after_snapshot(state.seq)
        self.clock.learn(state.now)
        self.snapshot.emit(state)
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

    def _schedule_retry(self) -> None:
        if self._stopped or self._retry.isActive():
            return
        self._set_online(False)
        delay = int(1000 * retry_delay_s(self._attempt))
        self._attempt += 1
        if self._found_by_mdns and self._attempt >= REDISCOVER_AFTER:
            # A DHCP lease changed, the hub PC was swapped: look for it again.
            log.info("the hub at %s does not answer; looking for it on the LAN", self.url)
            self.url, self._found_by_mdns = None, False
        self._retry.start(delay)

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)

    @Slot(str)
    def _on_message(self, text: str) -> None:
        try:
            event = self.resume.accept(json.loads(text))
        except NeedsSnapshot:
            self._socket.close()  # too far behind: start again from a fresh snapshot
            return
        if event is None:
            return  # seen already
        if not event["replayed"] and "at" in event:
            self.clock.follow(event["at"])  # the hub's clock may have jumped (a simulation)
        self.hub_event.emit(parse_message(event))

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
        hub could not be reached (timeout, refused), so the caller can say it did not happen.
        Before the hub is found the request waits for it, up to PENDING_WAIT_S."""
        if not self.url:
            give_up_at = time.monotonic() + PENDING_WAIT_S
            self._pending.append(_Pending(method, path, body, headers, on_reply, give_up_at))
            self._expire.start()
            self._search_for_hub()
            return
        self._send(method, path, body, headers, on_reply)

    def fetch(
        self,
        method: str,
        path: str,
        shape: type[T],
        on_reply: Callable[[Reply[T]], None],
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """`request`, with the reply read as `shape` (a `protocol.views` model, or e.g.
        `list[ServiceView]`): `on_reply` gets a `Reply` (hub_client/replies.py)."""
        self.request(
            method, path, body, headers,
            on_reply=lambda status, parsed: on_reply(read_reply(shape, status, parsed)),
        )  # fmt: skip

    def _send(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        headers: dict[str, str] | None,
        on_reply: ReplyHandler | None,
    ) -> None:
        assert self.url is not None  # noqa: S101
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
