"""FastAPI application: routes of the contract, bearer-token auth, the events WebSocket."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import FastAPI, Header, Path, Query, Response, WebSocket
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocketDisconnect, WebSocketState

from antrian import __version__
from hub import officers, periods
from hub.api import errors
from hub.api.broadcast import Broadcaster, Subscriber
from hub.api.limits import BodyLimit
from hub.engine import OffsetClock
from hub.periods import Period
from hub.service import Hub
from hub.store import StoredEvent
from hub.tokens import Permission, TokenInfo, authenticate
from hub.views import cases_view, counters_view, services_view, state_view

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
}


class IssueRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service: str = Field(min_length=1, max_length=32)
    priority: bool = False
    category: str | None = Field(default=None, max_length=32)


class TransferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service: str = Field(min_length=1, max_length=32)
    counter: int | None = Field(default=None, ge=1, le=999)


class PauseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(default="", max_length=200)


class IncidentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal[
        "printer_offline", "paper_out", "printer_error", "printer_recovered", "audio_unavailable"
    ]
    message: str = Field(default="", max_length=500)
    ticket_id: str | None = Field(default=None, max_length=64)


class SessionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nip: str = Field(min_length=1, max_length=20)
    pin: str = Field(min_length=1, max_length=8)
    counter: int = Field(ge=1, le=999)


class CompensationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["fee_differs", "complaint_late", "officer_incompetent", "procedure_nonstandard"]
    ticket_id: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=500)


class SettleRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(default="", max_length=500)


class ClockRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    advance_s: float = Field(default=0, ge=0, le=366 * 86400)
    freeze: bool | None = None


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
    broadcaster = Broadcaster()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()

        def listener(stored: list[StoredEvent]) -> None:
            # Called on the writer thread after commit; the fan-out runs on the loop.
            loop.call_soon_threadsafe(broadcaster.publish, stored)

        hub.listeners.append(listener)
        if on_startup:
            await on_startup()
        try:
            yield
        finally:
            hub.listeners.remove(listener)
            broadcaster.close_all()
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
    app.add_middleware(BodyLimit)
    app.state.hub = hub
    app.state.broadcaster = broadcaster

    async def as_token(
        authorization: str | None,
        permission: Permission | tuple[Permission, ...],
        work: Callable[[TokenInfo], T],
    ) -> T:
        secret = _bearer(authorization)
        wanted = permission if isinstance(permission, tuple) else (permission,)

        def job() -> T:
            token = authenticate(hub.store.conn, secret) if secret else None
            if token is None:
                raise errors.unauthorized()
            if not any(token.may(p) for p in wanted):
                raise errors.forbidden(token.role, *_WHAT[wanted[0]])
            return work(token)

        return await hub.submit(job)

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
                body.priority,
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
        return await as_token(
            authorization,
            Permission.OPERATE_COUNTER,
            lambda token: hub.act(ticket_id, action, token.counter, **options),
        )

    @app.post(f"{PREFIX}/incidents", status_code=201)
    async def report_incident(body: IncidentRequest, authorization: Auth = None) -> Any:
        """An appliance reports a fault of its own (the device is the token's name)."""
        return await as_token(
            authorization,
            Permission.READ,
            lambda token: hub.incident(token.name, body.kind, body.message, body.ticket_id),
        )

    @app.post(f"{PREFIX}/sessions", status_code=201)
    async def sign_in(body: SessionRequest) -> Any:
        """An officer signs in at a counter with NIP and PIN; the reply holds the token."""
        try:
            return await hub.submit(lambda: hub.sign_in(body.nip, body.pin, body.counter))
        except officers.LockedOut as locked:
            raise errors.ApiError(
                429, "too_many_attempts",
                f"Terlalu banyak PIN salah. Coba lagi dalam {locked.retry_after_s} detik.",
                f"Too many wrong PINs. Try again in {locked.retry_after_s} s.",
                headers={"Retry-After": str(locked.retry_after_s)},
            ) from None  # fmt: skip
        except officers.WrongPin:
            raise errors.ApiError(
                401, "wrong_pin", "NIP atau PIN salah.", "Wrong NIP or PIN."
            ) from None

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
        subscriber = broadcaster.subscribe()
        watcher = asyncio.create_task(_watch_disconnect(websocket, subscriber))
        try:
            await _stream(websocket, subscriber, hub, after)
        except (WebSocketDisconnect, RuntimeError):
            pass  # the client went away mid-send
        finally:
            broadcaster.unsubscribe(subscriber)
            watcher.cancel()

    return app


async def _stream(
    websocket: WebSocket, subscriber: Subscriber, hub: Hub, after: int | None
) -> None:
    last = -1
    if after is not None:
        backlog = await hub.submit(lambda: hub.store.events_after(after, MAX_REPLAY + 1))
        if len(backlog) > MAX_REPLAY:
            await websocket.send_text(json.dumps({"type": "resync", "reason": "too far behind"}))
            await websocket.close(code=1000)
            return
        for wire in backlog:
            await websocket.send_text(wire)
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
