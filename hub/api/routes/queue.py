"""The queue: services and counters, tickets issued at the kiosk, a counter's actions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Response

from hub.api import errors
from hub.api.access import PREFIX, Access, Auth, CounterNumber, TicketId, own_counter
from hub.api.bodies import IssueRequest, PauseRequest, TransferRequest
from hub.api.read_model import json_reply
from hub.tokens import Permission, TokenInfo
from protocol.views import CounterView, ServiceView, StateView, TicketView

Action = Literal["recall", "serve", "close", "no-show", "transfer"]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
READ = errors.refusals(401, 403)
COMMAND = errors.refusals(400, 401, 403, 404, 409, 413, 422, 503)
NOBODY_WAITS: dict[int | str, dict[str, Any]] = {
    204: {"description": "Nobody waits for this counter's services."}
}


def router(access: Access) -> APIRouter:
    """Each reply holds the fields its view set (`response_model_exclude_unset`): one to a
    kiosk or a TV leaves out the officers' fields (hub.views.without_officers)."""
    hub = access.hub
    api = APIRouter(prefix=PREFIX)

    @api.post(
        "/tickets",
        status_code=201,
        response_model=TicketView,
        responses=COMMAND,
        response_model_exclude_unset=True,
    )
    async def issue(
        body: IssueRequest,
        authorization: Auth = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Any:
        ticket, replayed = await access.command(
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
        reply = json_reply(ticket, status_code=201)
        if replayed:
            reply.headers["Idempotent-Replayed"] = "true"
        return reply

    @api.post(
        "/counters/{counter}/call-next",
        response_model=TicketView,
        responses={**NOBODY_WAITS, **errors.refusals(401, 403, 404, 409, 422, 503)},
        response_model_exclude_unset=True,
    )
    async def call_next(counter: CounterNumber, authorization: Auth = None) -> Any:
        def work(token: TokenInfo) -> Any:
            own_counter(token, counter)
            return hub.call_next(counter)

        called = await access.command(authorization, Permission.OPERATE_COUNTER, work)
        return Response(status_code=204) if called is None else called

    @api.get(
        "/tickets/{ticket_id}",
        response_model=TicketView,
        responses=errors.refusals(401, 403, 404, 422),
        response_model_exclude_unset=True,
    )
    async def get_ticket(ticket_id: TicketId, authorization: Auth = None) -> Any:
        return await access.reads.ticket(authorization, ticket_id)

    @api.get("/state", response_model=StateView, responses=READ, response_model_exclude_unset=True)
    async def state(authorization: Auth = None) -> Any:
        return await access.reads.state(authorization)

    @api.get(
        "/services",
        response_model=list[ServiceView],
        responses=READ,
        response_model_exclude_unset=True,
    )
    async def services(authorization: Auth = None) -> Any:
        return await access.reads.services(authorization)

    @api.get(
        "/counters",
        response_model=list[CounterView],
        responses=READ,
        response_model_exclude_unset=True,
    )
    async def counters(authorization: Auth = None) -> Any:
        return await access.reads.counters(authorization)

    @api.post("/counters/{counter}/pause", status_code=204, responses=COMMAND)
    async def pause(
        counter: CounterNumber, body: PauseRequest | None = None, authorization: Auth = None
    ) -> None:
        def work(token: TokenInfo) -> None:
            own_counter(token, counter)
            hub.pause(counter, body.reason if body else "")

        await access.command(authorization, Permission.OPERATE_COUNTER, work)

    @api.post(
        "/counters/{counter}/resume",
        status_code=204,
        responses=errors.refusals(401, 403, 404, 409, 422, 503),
    )
    async def resume(counter: CounterNumber, authorization: Auth = None) -> None:
        def work(token: TokenInfo) -> None:
            own_counter(token, counter)
            hub.resume(counter)

        await access.command(authorization, Permission.OPERATE_COUNTER, work)

    return api


def ticket_actions(access: Access) -> APIRouter:
    """A counter's actions on a ticket it holds: included after the survey's
    /tickets/{id}/rating, which `{action}` would otherwise take."""
    hub = access.hub
    api = APIRouter(prefix=PREFIX)

    @api.post(
        "/tickets/{ticket_id}/{action}",
        response_model=TicketView,
        responses=COMMAND,
        response_model_exclude_unset=True,
    )
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
        wanted = (needs, Permission.TRANSFER) if action == "transfer" else needs
        return await access.command(authorization, wanted, work)

    return api
