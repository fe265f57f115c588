"""FastAPI application: routes of the contract, bearer-token auth, the events WebSocket."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import FastAPI, Header, Path, Query, Request, Response, WebSocket
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocketDisconnect, WebSocketState

from antrian import __version__
from hub import officers, periods
from hub.api import errors
from hub.api.bodies import (
    ClockRequest,
    CompensationRequest,
    IncidentRequest,
    IssueRequest,
    PauseRequest,
    SessionRequest,
    SettleRequest,
    TransferRequest,
)
from hub.api.broadcast import Broadcaster, Subscriber
from hub.api.ratelimit import PerTokenLimit, SignInGuard, TooMany
from hub.engine import OffsetClock
from hub.engine.errors import EngineError
from hub.errors import HubError
from hub.periods import Period
from hub.service import Hub
from hub.store import StoredEvent
from hub.tokens import Permission, TokenInfo, authenticate
from hub.views import (
    cases_view,
    counters_view,
    services_view,
    state_view,
    wire_without_officers,
    without_officers,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
PREFIX = "/api/v1"
MAX_REPLAY = 20_000

_WHAT = {
    Permission.READ: ("membaca data antrean", "read queue data"),
    Permission.ISSUE: ("mengambil nomor antrean", "issue tickets"),
    Permission.OPERATE_COUNTER: ("menjalankan loket", "operate a counter"),
    Permission.REPORTS: ("membaca rekap", "read reports"),
    Permission.ADMINISTER: ("mengatur hub", "administer the hub"),
    Permission.READ_OFFICERS: ("membaca data petugas", "read officers' data"),
    Permission.TRANSFER: ("mengalihkan pemohon", "transfer citizens"),
}


Action = Literal["recall", "serve", "close", "no-show", "transfer"]
CounterNumber = Annotated[int, Path(ge=1, le=999)]
TicketId = Annotated[str, Path(min_length=1, max_length=64)]
Auth = Annotated[str | None, Header()]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


def create_app(
    hub: Hub,
    *,
    on_startup: Callable[[], Awaitable[None]] | None = None,
    on_shutdown: Callable[[], Awaitable[None]] | None = None,
) -> FastAPI:
    staff_feed, public_feed = Broadcaster(), Broadcaster()  # public: kiosks and TVs
    sign_ins = SignInGuard()  # used on the event loop only
    incident_reports = PerTokenLimit()  # used on the writer thread only

    def fan_out(stored: list[StoredEvent]) -> None:
        staff_feed.publish(stored)
        if public_feed.subscribers:
            public_feed.publish(
                [dataclasses.replace(s, wire=wire_without_officers(s.wire)) for s in stored]
            )

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()

        def listener(stored: list[StoredEvent]) -> None:
            # Called on the writer thread after commit; the fan-out runs on the loop.
            loop.call_soon_threadsafe(fan_out, stored)

        hub.listeners.append(listener)
        if on_startup:
            await on_startup()
        try:
            yield
        finally:
            hub.listeners.remove(listener)
            staff_feed.close_all()
            public_feed.close_all()
            if on_shutdown:
                await on_shutdown()

    app = FastAPI(
        title="Antrian hub",
        version=__version__,
        lifespan=lifespan,
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
    )

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi_alias() -> dict[str, Any]:
        return app.openapi()

    errors.install(app)
    app.state.hub = hub

    async def as_token(
        authorization: str | None,
        permission: Permission | tuple[Permission, ...],
        work: Callable[[TokenInfo], T],
    ) -> T:
        """Run `work` on the writer thread for a token holding one of `permission`; what
        it returns reaches a kiosk or display token without officers' NIPs and names."""
        secret = _bearer(authorization)
        wanted = permission if isinstance(permission, tuple) else (permission,)

        def job() -> tuple[TokenInfo, T]:
            token = authenticate(hub.store.conn, secret) if secret else None
            if token is None:
                raise errors.unauthorized()
            held = [p for p in wanted if token.may(p)]
            if not held:
                raise errors.forbidden(token.role, *_WHAT[wanted[0]])
            if held == [Permission.OPERATE_COUNTER] and token.unbound:
                raise errors.unbound_counter_token(token.name)
            return token, work(token)

        token, result = await hub.submit(job)
        if token.may(Permission.READ_OFFICERS):
            return result
        return without_officers(result)  # type: ignore[no-any-return]

    @app.get(f"{PREFIX}/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "office": hub.office.office.short_name}

    @app.get(f"{PREFIX}/services")
    async def services(authorization: Auth = None) -> Any:
        return await as_token(authorization, Permission.READ, lambda _: services_view(hub.engine))

    @app.get(f"{PREFIX}/counters")
    async def counters(authorization: Auth = None) -> Any:
        return await as_token(authorization, Permission.READ, lambda _: counters_view(hub.engine))

    @app.get(f"{PREFIX}/state")
    async def state(authorization: Auth = None) -> Any:
        return await as_token(
            authorization,
            Permission.READ,
            lambda _: state_view(hub.engine, hub.store.last_seq()),
        )

    @app.get(f"{PREFIX}/tickets/{{ticket_id}}")
    async def get_ticket(ticket_id: TicketId, authorization: Auth = None) -> Any:
        return await as_token(authorization, Permission.READ, lambda _: hub.ticket(ticket_id))

    @app.post(f"{PREFIX}/tickets", status_code=201)
    async def issue(
        body: IssueRequest,
        response: Response,
        authorization: Auth = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Any:
        ticket, replayed = await as_token(
            authorization,
            Permission.ISSUE,
            lambda token: hub.issue(
                body.service,
                bool(body.priority),
                body.category,
                token_id=token.id,
                idempotency_key=idempotency_key,
            ),
        )
        if replayed:
            response.headers["Idempotent-Replayed"] = "true"
        return ticket

    @app.post(f"{PREFIX}/counters/{{counter}}/call-next")
    async def call_next(counter: CounterNumber, authorization: Auth = None) -> Any:
        def work(token: TokenInfo) -> Any:
            _own_counter(token, counter)
            return hub.call_next(counter)

        called = await as_token(authorization, Permission.OPERATE_COUNTER, work)
        return Response(status_code=204) if called is None else called

    @app.post(f"{PREFIX}/counters/{{counter}}/pause", status_code=204)
    async def pause(
        counter: CounterNumber, body: PauseRequest | None = None, authorization: Auth = None
    ) -> None:
        def work(token: TokenInfo) -> None:
            _own_counter(token, counter)
            hub.pause(counter, body.reason if body else "")

        await as_token(authorization, Permission.OPERATE_COUNTER, work)

    @app.post(f"{PREFIX}/counters/{{counter}}/resume", status_code=204)
    async def resume(counter: CounterNumber, authorization: Auth = None) -> None:
        def work(token: TokenInfo) -> None:
            _own_counter(token, counter)
            hub.resume(counter)

        await as_token(authorization, Permission.OPERATE_COUNTER, work)

    @app.post(f"{PREFIX}/tickets/{{ticket_id}}/{{action}}")
    async def act(
        ticket_id: TicketId,
        action: Action,
        body: TransferRequest | None = None,
        authorization: Auth = None,
    ) -> Any:
        options: dict[str, Any] = {}
        if action == "transfer":
            if body is None:
                raise errors.ApiError(
                    422,
                    "invalid_request",
                    "Pengalihan memerlukan layanan tujuan.",
                    'A transfer needs a body: {"service": CODE, "counter": N (optional)}.',
                )
            options = {"to_service": body.service, "to_counter": body.counter}

        def work(token: TokenInfo) -> Any:
            # A counter acts on what it holds; FO (TRANSFER alone) moves any ticket, a
            # waiting one too, as the engine allows with no counter.
            counter = token.counter if token.may(Permission.OPERATE_COUNTER) else None
            return hub.act(ticket_id, action, counter, **options)

        needs = Permission.OPERATE_COUNTER
        return await as_token(
            authorization, (needs, Permission.TRANSFER) if action == "transfer" else needs, work
        )

    @app.post(f"{PREFIX}/incidents", status_code=201)
    async def report_incident(body: IncidentRequest, authorization: Auth = None) -> Any:
        """An appliance reports a fault of its own (the device is the token's name)."""

        def work(token: TokenInfo) -> Any:
            try:
                incident_reports.take(token.id, time.monotonic())
            except TooMany as limited:
                raise errors.too_many_incidents(limited.retry_after_s) from None
            return hub.incident(token.name, body.kind, body.message, body.ticket_id)

        return await as_token(authorization, Permission.READ, work)

    @app.post(f"{PREFIX}/sessions", status_code=201)
    async def sign_in(body: SessionRequest, request: Request) -> Any:
        """An officer signs in at a counter with NIP and PIN; the reply holds the token.

        Every refusal reads the same for a known NIP and an unknown one."""
        address = request.client.host if request.client else "unknown"
        try:
            attempt = sign_ins.admit(address, time.monotonic())
        except TooMany as limited:
            raise errors.too_many_pins(limited.retry_after_s) from None
        try:
            session = await hub.sign_in(body.nip, body.pin, body.counter, address)
        except officers.WrongPin:
            raise errors.ApiError(  # the attempt stays counted
                401, "wrong_pin", "NIP atau PIN salah.", "Wrong NIP or PIN."
            ) from None
        except officers.LockedOut as locked:
            sign_ins.forget(attempt)  # refused before any PIN was checked
            raise errors.too_many_pins(locked.retry_after_s) from None
        except (EngineError, HubError):
            sign_ins.forget(attempt)  # an unknown counter, a store fault: no PIN was wrong
            raise
        sign_ins.signed_in(attempt)
        return session

    @app.delete(f"{PREFIX}/sessions/current", status_code=204)
    async def sign_out(authorization: Auth = None) -> None:
        def work(token: TokenInfo) -> None:
            if token.officer is None or token.counter is None:
                raise errors.ApiError(
                    409, "not_a_session", "Ini bukan sesi petugas.", "Not an officer session."
                )
            hub.sign_out(token.id, token.counter, token.officer)

        await as_token(authorization, Permission.OPERATE_COUNTER, work)

    desk = (Permission.OPERATE_COUNTER, Permission.REPORTS)

    @app.get(f"{PREFIX}/compensations")
    async def compensations(
        authorization: Auth = None, state: Literal["owed", "given", "waived"] | None = None
    ) -> Any:
        return await as_token(authorization, desk, lambda _: cases_view(hub.engine, state))

    @app.post(f"{PREFIX}/compensations", status_code=201)
    async def record_compensation(body: CompensationRequest, authorization: Auth = None) -> Any:
        return await as_token(
            authorization, desk,
            lambda token: hub.record_compensation(
                body.kind, body.ticket_id, body.note, token.counter, token.officer
            ),
        )  # fmt: skip

    @app.post(f"{PREFIX}/compensations/{{case_id}}/given")
    async def compensation_given(
        case_id: TicketId, body: SettleRequest | None = None, authorization: Auth = None
    ) -> Any:
        note = body.note if body else ""
        return await as_token(
            authorization, desk,
            lambda token: hub.settle_compensation(
                case_id, "given", note, token.counter, token.officer
            ),
        )  # fmt: skip

    @app.post(f"{PREFIX}/compensations/{{case_id}}/waive")
    async def compensation_waived(
        case_id: TicketId, body: SettleRequest, authorization: Auth = None
    ) -> Any:
        return await as_token(
            authorization, Permission.REPORTS,
            lambda token: hub.settle_compensation(case_id, "waived", body.note, None, None),
        )  # fmt: skip

    @app.get(f"{PREFIX}/config")
    async def office_config(authorization: Auth = None) -> Response:
        """The office config the hub runs on (TOML), for an appliance being installed."""
        await as_token(authorization, Permission.READ, lambda _: None)
        if hub.config_path is None:
            raise errors.ApiError(404, "not_found", "Konfigurasi tidak tersedia.",
                                  "This hub has no config file to share.")  # fmt: skip
        text = hub.config_path.read_text(encoding="utf-8")
        return Response(text, media_type="application/toml; charset=utf-8")

    @app.get(f"{PREFIX}/recap")
    async def recap(
        authorization: Auth = None,
        date: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
        month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
    ) -> Any:
        """The daily (or monthly) recap for FO and the head of office."""

        def which(_token: TokenInfo) -> Period:
            if month:
                return periods.month(month)
            today = hub.engine.business_date or hub.engine.business_date_of(hub.engine.now())
            return periods.day(date or today.isoformat())

        try:
            period = await as_token(authorization, Permission.REPORTS, which)
        except periods.PeriodError as error:
            raise errors.ApiError(422, "invalid_period", f"Periode tidak sah: {error}",
                                  str(error)) from None  # fmt: skip
        if hub.store.path is None:
            return await hub.submit(lambda: hub.recap(period))
        return await run_in_threadpool(hub.recap, period)

    if isinstance(hub.clock, OffsetClock):
        # Only on a hub started with --test-clock: moves its time forward for tests.
        @app.post(f"{PREFIX}/test/clock", include_in_schema=False)
        async def advance_clock(body: ClockRequest, authorization: Auth = None) -> Any:
            now = await as_token(
                authorization,
                Permission.ADMINISTER,
                lambda _: hub.advance_clock(body.advance_s, body.freeze),
            )
            return {"now": now}

    @app.websocket(f"{PREFIX}/events")
    async def events(
        websocket: WebSocket, after: Annotated[int | None, Query(ge=0)] = None
    ) -> None:
        await websocket.accept()
        secret = _bearer(websocket.headers.get("authorization"))
        token = await hub.submit(lambda: authenticate(hub.store.conn, secret) if secret else None)
        if token is None or not token.may(Permission.READ):
            await websocket.close(code=4401, reason="missing or invalid token")
            return
        staff = token.may(Permission.READ_OFFICERS)
        feed = staff_feed if staff else public_feed
        subscriber = feed.subscribe()
        watcher = asyncio.create_task(_watch_disconnect(websocket, subscriber))
        try:
            await _stream(websocket, subscriber, hub, after, staff)
        except (WebSocketDisconnect, RuntimeError):
            pass  # the client went away mid-send
        finally:
            feed.unsubscribe(subscriber)
            watcher.cancel()

    return app


async def _stream(
    websocket: WebSocket, subscriber: Subscriber, hub: Hub, after: int | None, staff: bool
) -> None:
    last = -1
    if after is not None:
        backlog = await hub.submit(lambda: hub.store.events_after(after, MAX_REPLAY + 1))
        if len(backlog) > MAX_REPLAY:
            await websocket.send_text(json.dumps({"type": "resync", "reason": "too far behind"}))
            await websocket.close(code=1000)
            return
        for wire in backlog:
            await websocket.send_text(wire if staff else wire_without_officers(wire))
        last = json.loads(backlog[-1])["seq"] if backlog else after
    while True:
        item = await subscriber.queue.get()
        if item is None:
            if websocket.client_state is WebSocketState.CONNECTED:
                reason = "too slow; reconnect with ?after=" if subscriber.overflowed else "bye"
                await websocket.close(code=1013 if subscriber.overflowed else 1001, reason=reason)
            return
        seq, wire = item
        if seq > last:
            await websocket.send_text(wire)
            last = seq


async def _watch_disconnect(websocket: WebSocket, subscriber: Subscriber) -> None:
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
    except (WebSocketDisconnect, RuntimeError):
        pass
    subscriber.stop()


def _bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, secret = authorization.partition(" ")
    return secret.strip() or None if scheme.lower() == "bearer" else None


def _own_counter(token: TokenInfo, counter: int) -> None:
    if token.counter is not None and token.counter != counter:
        raise errors.ApiError(
            403,
            "wrong_counter",
            f"Perangkat ini untuk Loket {token.counter}, bukan Loket {counter}.",
            f"This token acts for counter {token.counter}, not counter {counter}.",
        )
