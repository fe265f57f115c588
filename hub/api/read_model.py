"""The hot GETs (snapshot, counters, services, a ticket), answered beside the writer.

A hall of TVs, panels and phones refreshing at once sends hundreds of GETs, and every one
of them runs on the one event loop that a kiosk's ticket issue also needs. Two things
keep the issue quick however many reads are waiting:

- each view is computed and serialised once per change (the last `seq`), per second of
  the hub's clock (waits and opening hours move with it) and per audience (staff see
  officers, the public part of the office does not), then answered as bytes: FastAPI's
  encoder, ~0.4 ms of a ~0.6 ms request, runs once instead of once per request;
- a ReadGate lets only a few reads start per turn of the event loop, and none while a
  command is on the writer thread (for 10 ms at most); the rest wait, not runnable, so
  a command waits behind a handful of reads, never behind hundreds. Commands never pass
  the gate: writes go first. (Measured: 500 GETs in flight took ticket issue to p50
  752 ms without it, ~6 ms with it; tests/test_reads_beside_writer.py.)
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import orjson
from fastapi import Response
from pydantic import BaseModel

from hub.engine.events import to_wire_time
from hub.tokens import Permission, TokenInfo
from hub.views import counters_view, services_view, state_view, without_officers
from protocol.views import CounterView, ServiceView

if TYPE_CHECKING:
    from hub.api.access import Access

# Reads let through per turn of the loop. Each costs ~0.1-0.3 ms once its view is cached,
# so a command that arrives waits a millisecond or so, not the hundreds of reads queued.
READS_PER_TURN = 4
# While commands run, reads wait; but never longer than this: a steady stream of commands
# slows reads down, it never stops them.
MAX_DEFER_S = 0.010
JSON = "application/json"


class ReadGate:
    """Where reads wait, not runnable, so that commands go first.

    At most `per_turn` reads start per turn of the event loop, in arrival order, and none
    while a command is on the writer thread (the loop then leaves the writer the CPU and
    the GIL), unless they have waited `max_defer_s`."""

    def __init__(self, per_turn: int = READS_PER_TURN, max_defer_s: float = MAX_DEFER_S) -> None:
        self.per_turn = per_turn
        self.max_defer_s = max_defer_s
        self.started = 0  # reads let through this turn
        self.commands = 0  # commands on the writer thread now
        self.waiting: collections.deque[asyncio.Future[None]] = collections.deque()
        self.next_turn: asyncio.Handle | None = None
        self.deadline: asyncio.TimerHandle | None = None  # for reads deferred by commands
        self.loop: asyncio.AbstractEventLoop | None = None

    async def enter(self) -> None:
        loop = self._on_running_loop()
        if self.started < self.per_turn and not self.waiting and not self.commands:
            self.started += 1
            self._plan()
            return
        ticket: asyncio.Future[None] = loop.create_future()
        self.waiting.append(ticket)
        self._plan()
        try:
            await ticket
        except asyncio.CancelledError:
            if not ticket.done():
                self.waiting.remove(ticket)
            raise

    @contextlib.contextmanager
    def command(self) -> Iterator[None]:
        """Around a command on the writer thread: reads wait till it is done."""
        self._on_running_loop()
        self.commands += 1
        try:
            yield
        finally:
            self.commands -= 1
            self._plan()

    def _on_running_loop(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        if loop is not self.loop:  # a new loop (tests restart the app): start afresh
            self.loop, self.started, self.commands = loop, 0, 0
            self.next_turn = self.deadline = None
            self.waiting.clear()
        return loop

    def _plan(self) -> None:
        """Schedule the next turn: on the loop's next pass (call_soon runs after whatever
        is ready now), or, while commands run, once the waiting reads' deadline is up."""
        if self.loop is None:
            return
        if not self.commands:
            if self.next_turn is None and (self.started or self.waiting):
                self.next_turn = self.loop.call_soon(self._turn)
        elif self.waiting and self.deadline is None:
            self.deadline = self.loop.call_later(self.max_defer_s, self._turn, True)

    def _turn(self, overdue: bool = False) -> None:
        if overdue:
            self.deadline = None
        else:
            self.next_turn = None
            if self.commands:  # a command came first
                self._plan()
                return
        self.started = 0
        while self.waiting and self.started < self.per_turn:
            ticket = self.waiting.popleft()
            if not ticket.done():
                ticket.set_result(None)
                self.started += 1
        if self.deadline is not None and not self.commands:
            self.deadline.cancel()
            self.deadline = None
        self._plan()


class ReadModel:
    """Serialised views of the engine, kept until the next change or second."""

    def __init__(self, access: Access) -> None:
        self.access = access
        self.hub = access.hub
        self.gate = ReadGate()
        self._stamp: tuple[int, int, int] | None = None
        self._bodies: dict[tuple[str, bool], bytes] = {}

    async def state(self, authorization: str | None) -> Response:
        """GET /state: the snapshot, its `now` read at the moment of the request."""
        token = await self._admit(authorization)
        body = self._body("state", token, self._state_without_now)
        now = orjson.dumps(to_wire_time(self.hub.engine.now()))
        return Response(b'{"now":' + now + b"," + body[1:], media_type=JSON)

    async def counters(self, authorization: str | None) -> Response:
        token = await self._admit(authorization)
        return Response(self._body("counters", token, self._counters), media_type=JSON)

    async def services(self, authorization: str | None) -> Response:
        token = await self._admit(authorization)
        return Response(self._body("services", token, self._services), media_type=JSON)

    async def ticket(self, authorization: str | None, ticket_id: str) -> Response:
        token = await self._admit(authorization)
        body = self._body("ticket:" + ticket_id, token, lambda: self.hub.ticket(ticket_id))
        return Response(body, media_type=JSON)

    async def _admit(self, authorization: str | None) -> TokenInfo:
        await self.gate.enter()
        return self.access.check(authorization, Permission.READ)

    def _body(self, name: str, token: TokenInfo, view: Callable[[], Any]) -> bytes:
        """The serialised view `name` for the token's audience, computed (beside the
        writer) when stale."""
        key = (name, _staff(token))
        if self._current() != self._stamp:
            self._bodies.clear()
        cached = self._bodies.get(key)
        if cached is not None:
            return cached
        stamp, value = self.hub.read(lambda: (self._current(), view()))
        body = orjson.dumps(_plain(value) if _staff(token) else without_officers(value))
        if stamp != self._stamp:  # the first view since a change or a new second
            self._stamp = stamp
            self._bodies.clear()
        self._bodies[key] = body
        return body

    def _current(self) -> tuple[int, int, int]:
        """What every cached view depends on: the engine (replaced when reloaded after a
        store error), the last event it holds and the second on the hub's clock."""
        hub = self.hub
        return id(hub.engine), hub.seq, int(hub.engine.now().timestamp())

    def _state_without_now(self) -> dict[str, Any]:
        view = _plain(state_view(self.hub.engine, self.hub.seq, self.hub.public_url))
        del view["now"]
        return view  # type: ignore[no-any-return]

    def _counters(self) -> list[CounterView]:
        return counters_view(self.hub.engine)

    def _services(self) -> list[ServiceView]:
        return services_view(self.hub.engine)


def json_reply(view: Any, status_code: int = 200) -> Response:
    """A reply model (already without officers where the token may not see them) as the
    bytes its route's response model would send, without FastAPI validating it again:
    the hot commands (a ticket issued) answer this way."""
    return Response(orjson.dumps(_plain(view)), status_code=status_code, media_type=JSON)


def _plain(view: Any) -> Any:
    """A reply model (or a list of them) as the JSON the route's response model sends:
    the fields set, nothing else (`response_model_exclude_unset`)."""
    if isinstance(view, BaseModel):
        return view.model_dump(mode="json", exclude_unset=True)
    if isinstance(view, list):
        return [_plain(item) for item in view]
    return view


def _staff(token: TokenInfo) -> bool:
    return token.may(Permission.READ_OFFICERS)
