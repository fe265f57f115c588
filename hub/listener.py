"""The hub's listening socket: uvicorn, with the limits a hostile LAN calls for.

Anyone on the office LAN (the public Wi-Fi too, in some offices) can open connections to
the hub before any token is checked. uvicorn by itself (h11 and httptools alike) never
drops a connection that has not finished its request head: its keep-alive timeout starts
only after a response. It takes header lines without end, and accepts connections until
the process runs out of files, after which every request fails. So each connection here:

- takes a slot (hub.connection_slots): at most `per_address` per client address, so one
  attacking PC cannot take them all, and `connections` in all, well below the open-file
  limit. When all are taken, the oldest connection that is only waiting for its client
  gives way: an appliance sends its request the moment it connects, a silent socket not;
- must send its whole request (head and body) within `receive_timeout_s` of connecting or
  of its first byte after a response (an idle keep-alive is closed by uvicorn, after 5 s),
  with a head of at most `head_bytes` and at most `pipelined` requests sent ahead;
- is dropped when it leaves the hub's answers unread for `write_stall_timeout_s`.

A WebSocket (displays, panels) keeps its slot and is otherwise governed by its pings.
Request bodies are capped in the app (hub.api.limits).

The public listener (citizens' phones, hub.public) runs beside the API on an event loop
and thread of its own, with slots of its own: a crowd of phones never takes a slot, nor
a turn of the loop, that an appliance needs.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import json
import logging
import resource
import socket
import threading
from collections.abc import Callable, Generator
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from uvicorn.server import ServerState

from hub.api.limits import MAX_BODY_BYTES
from hub.connection_slots import RESERVED_FILES, Limits, Refusal, Slots, reset

log = logging.getLogger(__name__)


def _answer(status: str, code: str, message: str, message_en: str) -> bytes:
    body = json.dumps({"error": {"code": code, "message": message, "message_en": message_en}})
    return (
        f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n{body}"
    ).encode()


REFUSALS = {
    Refusal.ADDRESS_FULL: _answer(
        "429 Too Many Requests",
        "too_many_connections",
        "Terlalu banyak sambungan dari alamat ini ke hub.",
        "Too many connections from this address.",
    ),
    Refusal.ALL_BUSY: _answer(
        "503 Service Unavailable",
        "hub_busy",
        "Hub sedang menerima terlalu banyak sambungan; coba lagi sebentar lagi.",
        "Every connection the hub holds is busy; try again shortly.",
    ),
}
HEAD_TOO_LARGE = _answer(
    "431 Request Header Fields Too Large",
    "head_too_large",
    "Kepala permintaan terlalu besar.",
    "Request line and headers too large.",
)


# The cycle collector's youngest generation is collected after this many new objects
# (Python's default is 700). Under a flood of GETs the default ran ~120 young and ~11
# middle passes a second, and a full pass every second or two (each 25-50 ms on this
# 2-core box), since the hundreds of requests in flight survive the young passes: 500 GETs
# in flight took ticket issue p99 to 40-80 ms. At 10,000, a few young passes and no full
# one in the same run, issue p99 11-13 ms (tests/test_reads_beside_writer.py). Garbage
# in cycles (rare: most is freed by reference counting) waits a little longer.
YOUNG_THRESHOLD = 10_000
# Full passes stay rare: after 100 middle ones (the default is 10).
OLD_THRESHOLD = 100


def tune_collector() -> None:
    """Set the collector for a long-running server, once its start-up is done.

    Everything made so far (the app, its schemas, the config) lives as long as the process:
    it leaves the collector's passes altogether (gc.freeze)."""
    gc.freeze()
    _, middle = gc.get_threshold()[:2]
    gc.set_threshold(YOUNG_THRESHOLD, middle, OLD_THRESHOLD)


class HubConfig(uvicorn.Config):
    """uvicorn's Config with our protocols and the slots they share."""

    def __init__(self, app: Any, limits: Limits, **options: Any) -> None:
        super().__init__(
            app,
            http=GuardedHttp,
            ws=GuardedWebSocket,
            backlog=limits.connections,
            ws_max_size=MAX_BODY_BYTES,  # appliances send no messages; a close frame at most
            **options,
        )
        self.limits = limits
        self.slots = Slots(limits)


def _slots(config: uvicorn.Config) -> Slots:
    if not isinstance(config, HubConfig):
        raise TypeError("the hub's protocols run only with a HubConfig")
    return config.slots


class GuardedHttp(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol with a slot, a receive deadline and a head size cap."""

    def __init__(
        self,
        config: uvicorn.Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.slots = _slots(config)
        self.limits = self.slots.limits
        self.head_bytes = 0  # received since the last complete head
        self.receive_deadline: asyncio.TimerHandle | None = None
        # The request being answered; with pipelining, uvicorn's `cycle` is the newest.
        self.answering: RequestResponseCycle | None = None

    def connection_made(  # type: ignore[override]
        self, transport: asyncio.Transport
    ) -> None:
        super().connection_made(transport)
        address = self.client[0] if self.client else ""
        refusal = self.slots.take(transport, self, address)
        if refusal is not None:
            transport.write(REFUSALS[refusal])
            transport.close()
            return
        self._expect_request()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.receive_deadline is not None:
            self.receive_deadline.cancel()
        self.slots.give_back(self.transport)
        if self.answering is not None and not self.answering.response_complete:
            # uvicorn tells only its newest request of the loss; the one being answered
            # would write on to a closed transport (uvloop raises, logging a traceback).
            self.answering.disconnected = True
            self.answering.message_event.set()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return  # refused or dropped: nothing more is read from it
        if self._waiting_for_head():
            self.head_bytes += len(data)
        super().data_received(data)
        if self.transport.get_protocol() is not self:
            self._stop_deadline()  # now a WebSocket: its slot stays, its pings govern it
            return
        if self.transport.is_closing():
            return
        if len(self.pipeline) > self.limits.pipelined:
            # Appliances send one request at a time; a burst of pipelined ones would have
            # uvicorn hold a request object for each.
            self._drop("dropped: too many requests sent ahead")
            return
        if not self._waiting_for_head():
            self.head_bytes = 0
        elif self.head_bytes > self.limits.head_bytes:
            self.slots.note("dropped: request head too large")
            self.transport.write(HEAD_TOO_LARGE)
            self.transport.close()
            return
        if self.waiting_for_client():
            self._expect_request()
        else:
            self._stop_deadline()

    def on_headers_complete(self) -> None:
        busy = self.cycle is not None and not self.cycle.response_complete
        super().on_headers_complete()
        if not busy:
            self.answering = self.cycle  # uvicorn starts it at once, else it queues it

    def on_response_complete(self) -> None:
        queued = self.pipeline[-1][0] if self.pipeline else None
        super().on_response_complete()
        if queued is not None:
            self.answering = queued  # uvicorn starts the next queued request

    def waiting_for_client(self) -> bool:
        """True while the hub waits for the client to send: a request head, or the rest of
        a body (uvicorn's cycle is the latest request; its body is in once more_body ends).
        Never for a WebSocket, whose upgrade request leaves no cycle behind."""
        if self.transport.get_protocol() is not self:
            return False
        return self._waiting_for_head() or self.cycle.more_body

    def sent_no_request(self) -> bool:
        return self.cycle is None

    def _waiting_for_head(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _expect_request(self) -> None:
        if self.receive_deadline is None:
            self.receive_deadline = self.loop.call_later(
                self.limits.receive_timeout_s, self._on_receive_deadline
            )

    def _stop_deadline(self) -> None:
        if self.receive_deadline is not None:
            self.receive_deadline.cancel()
            self.receive_deadline = None

    def _on_receive_deadline(self) -> None:
        self.receive_deadline = None
        if self.waiting_for_client():
            self._drop("dropped: request not received in time")

    def _drop(self, reason: str) -> None:
        if not self.transport.is_closing():
            self.slots.note(reason)
            reset(self.transport)


class GuardedWebSocket(WebSocketsSansIOProtocol):
    """uvicorn's WebSocket protocol, which hands back the slot its HTTP upgrade took."""

    def connection_lost(self, exc: Exception | None) -> None:
        _slots(self.config).give_back(self.transport)
        super().connection_lost(exc)


@dataclasses.dataclass(frozen=True)
class SecondListener:
    """Another app on another port of the same host (the public pages)."""

    app: Any
    port: int
    per_address: int | None = None  # None: as the API's
    # Called on the loop as the hub stops: ends the app's open streams, which uvicorn
    # would otherwise wait for (timeout_graceful_shutdown) before cutting them off.
    stopping: Callable[[], None] | None = None


class FollowingServer(uvicorn.Server):
    """A uvicorn server that stops when its leader does; the leader has the signals."""

    def __init__(self, config: uvicorn.Config, stopping: Callable[[], None] | None) -> None:
        super().__init__(config)
        self.leader: uvicorn.Server | None = None
        self.stopping = stopping

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield

    async def on_tick(self, counter: int) -> bool:
        if self.leader is not None and self.leader.should_exit:
            self.should_exit = True
        if self.should_exit and self.stopping is not None:
            self.stopping()
            self.stopping = None
        return await super().on_tick(counter)


class LeadingServer(uvicorn.Server):
    """The API's server, which starts its follower before itself and waits for it on
    shutdown, before uvicorn hands a caught signal back to the process.

    The follower runs on an event loop of its own, in its own thread: a crowd of phones
    costs the API's loop nothing but the GIL, and its socket writes (most of its work:
    one per page update) run beside the API's requests, not before them."""

    def __init__(self, config: uvicorn.Config, follower: FollowingServer) -> None:
        super().__init__(config)
        self.follower = follower
        follower.leader = self
        self.following = threading.Thread(
            target=lambda: asyncio.run(follower.serve()), name="public-listener", daemon=True
        )

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        # The follower's socket first: when its port is taken the hub stops (uvicorn
        # exits) before the API ever answers, so nobody takes it for a running hub.
        self.following.start()
        while not self.follower.started and self.following.is_alive():
            await asyncio.sleep(0.005)
        if not self.follower.started:
            raise SystemExit(1)  # uvicorn logged why (the port is taken, most likely)
        await super().startup(sockets)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.follower.should_exit = True
        await super().shutdown(sockets)
        await asyncio.to_thread(self.following.join)


def serve_http(
    app: Any, host: str, port: int, *, access_log: bool, second: SecondListener | None = None
) -> None:
    """Run the API (and `second`) on uvicorn until it is stopped (SIGTERM, SIGINT)."""
    open_files, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if open_files == resource.RLIM_INFINITY:
        open_files = 1 << 20
    if second is not None:  # the files left beside the reserve, shared by two listeners
        open_files = RESERVED_FILES + (open_files - RESERVED_FILES) // 2
    limits = Limits.for_open_files(open_files)
    log.info(
        "limits: %d connections (%d per address) with %d open files; a request must "
        "arrive within %.0f s",
        limits.connections,
        limits.per_address,
        open_files,
        limits.receive_timeout_s,
    )
    config = HubConfig(
        app,
        limits,
        host=host,
        port=port,
        access_log=access_log,
        log_level="info",
        timeout_graceful_shutdown=3,
        ws_ping_interval=10,
        ws_ping_timeout=10,
    )
    config.load()
    follower = None
    if second is not None:
        per_address = min(second.per_address or limits.per_address, limits.connections)
        public = HubConfig(
            second.app,
            dataclasses.replace(limits, per_address=per_address),
            host=host,
            port=second.port,
            access_log=access_log,
            log_level="info",
            timeout_graceful_shutdown=3,
        )
        public.load()
        follower = FollowingServer(public, second.stopping)
    tune_collector()
    server = uvicorn.Server(config) if follower is None else LeadingServer(config, follower)
    server.run()
