"""The counter desk: officers' sessions, the compensation ledger, appliances' incidents."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request

from hub import officers
from hub.api import errors
from hub.api.access import PREFIX, Access, Auth, TicketId
from hub.api.bodies import CompensationRequest, IncidentRequest, SessionRequest, SettleRequest
from hub.api.ratelimit import PerTokenLimit, TooMany
from hub.engine.errors import EngineError
from hub.errors import HubError
from hub.tokens import Permission, TokenInfo
from hub.views import cases_view
from protocol.kinds import CompensationState
from protocol.views import CompensationCaseView, IncidentView, SessionView

SETTLE = errors.refusals(400, 401, 403, 404, 409, 413, 422, 503)


def router(access: Access) -> APIRouter:
    hub = access.hub
    api = APIRouter(prefix=PREFIX)
    sign_ins = access.sign_ins  # shared with the desk's pages (hub/desk_web)
    incident_reports = PerTokenLimit()  # used on the writer thread only
    desk = (Permission.OPERATE_COUNTER, Permission.REPORTS)

    @api.post(
        "/incidents",
        status_code=201,
        response_model=IncidentView,
        responses=errors.refusals(400, 401, 403, 413, 422, 429, 503),
        response_model_exclude_unset=True,
    )
    async def report_incident(body: IncidentRequest, authorization: Auth = None) -> Any:
        """An appliance reports a fault of its own (the device is the token's name)."""

        def work(token: TokenInfo) -> Any:
            try:
                incident_reports.take(token.id, time.monotonic())
            except TooMany as limited:
                raise errors.too_many_incidents(limited.retry_after_s) from None
            return hub.incident(token.name, body.kind, body.message, body.ticket_id)

        return await access.command(authorization, Permission.READ, work)

    @api.post(
        "/sessions",
        status_code=201,
        response_model=SessionView,
        responses=errors.refusals(400, 401, 404, 413, 422, 429, 503),
    )
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

    @api.delete("/sessions/current", status_code=204, responses=errors.refusals(401, 403, 409, 503))
    async def sign_out(authorization: Auth = None) -> None:
        def work(token: TokenInfo) -> None:
            if token.officer is None or token.counter is None:
                raise errors.ApiError(
                    409, "not_a_session", "Ini bukan sesi petugas.", "Not an officer session."
                )
            hub.sign_out(token.id, token.counter, token.officer)

        await access.command(authorization, Permission.OPERATE_COUNTER, work)

    @api.get(
        "/compensations",
        response_model=list[CompensationCaseView],
        responses=errors.refusals(401, 403, 422),
        response_model_exclude_unset=True,
    )
    async def compensations(
        authorization: Auth = None, state: CompensationState | None = None
    ) -> Any:
        return access.view(authorization, desk, lambda _: cases_view(hub.engine, state))

    @api.post(
        "/compensations",
        status_code=201,
        response_model=CompensationCaseView,
        responses=SETTLE,
        response_model_exclude_unset=True,
    )
    async def record_compensation(body: CompensationRequest, authorization: Auth = None) -> Any:
        return await access.command(
            authorization, desk,
            lambda token: hub.record_compensation(
                body.kind, body.ticket_id, body.note, token.counter, token.officer
            ),
        )  # fmt: skip

    @api.post(
        "/compensations/{case_id}/given",
        response_model=CompensationCaseView,
        responses=SETTLE,
        response_model_exclude_unset=True,
    )
    async def compensation_given(
        case_id: TicketId, body: SettleRequest | None = None, authorization: Auth = None
    ) -> Any:
        note = body.note if body else ""
        return await access.command(
            authorization, desk,
            lambda token: hub.settle_compensation(
                case_id, CompensationState.GIVEN, note, token.counter, token.officer
            ),
        )  # fmt: skip

    @api.post(
        "/compensations/{case_id}/waive",
        response_model=CompensationCaseView,
        responses=SETTLE,
        response_model_exclude_unset=True,
    )
    async def compensation_waived(
        case_id: TicketId, body: SettleRequest, authorization: Auth = None
    ) -> Any:
        return await access.command(
            authorization, Permission.REPORTS,
            lambda token: hub.settle_compensation(
                case_id, CompensationState.WAIVED, body.note, None, None
            ),
        )  # fmt: skip

    return api
