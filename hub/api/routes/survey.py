"""The satisfaction survey (issue #15): the kiosk's survey for citizens without a phone,
the booth's one-press rating, and the report for FO and the head of office."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from hub import survey_report, survey_service
from hub.api import errors
from hub.api.access import PREFIX, Access, Auth, TicketId, own_counter
from hub.tokens import Permission, TokenInfo
from protocol.survey import (
    RatingReply,
    RatingRequest,
    SurveyReceipt,
    SurveyReport,
    SurveyRequest,
)

ACT = errors.refusals(400, 401, 403, 404, 409, 413, 422, 503)


def router(access: Access) -> APIRouter:
    """Registered before the queue's `/tickets/{id}/{action}`, which would take
    `/rating` for an action it does not know."""
    hub = access.hub
    api = APIRouter(prefix=PREFIX)

    @api.post(
        "/tickets/{ticket_id}/rating", status_code=201, response_model=RatingReply, responses=ACT
    )
    async def rate(ticket_id: TicketId, body: RatingRequest, authorization: Auth = None) -> Any:
        """The booth's rater: 1..4 for a closed ticket, once (counted apart from the IKM)."""

        def work(token: TokenInfo) -> RatingReply:
            # A rater rates only the citizens served at its own booth.
            closed = survey_service.facts(hub.store.conn, ticket_id) if token.counter else None
            if closed is not None and closed.counter is not None:
                own_counter(token, closed.counter)
            return hub.survey.rate(ticket_id, body.score)

        return await access.command(authorization, Permission.RATE, work)

    @api.post("/survey/{ticket_id}", status_code=201, response_model=SurveyReceipt, responses=ACT)
    async def answer_at_kiosk(
        ticket_id: TicketId, body: SurveyRequest, authorization: Auth = None
    ) -> Any:
        """The kiosk's Survei button: the same survey as `POST /s/{id}` on a phone.
        `ticket_id` may also be the number printed on a ticket of today ("A-012")."""
        return await access.command(
            authorization, Permission.ISSUE, lambda _: hub.survey.answer_at_kiosk(ticket_id, body)
        )

    @api.get(
        "/survey",
        response_model=SurveyReport,
        responses=errors.refusals(401, 403, 422),
    )
    async def report(
        date_from: Annotated[str, Query(alias="from", pattern=r"^\d{4}-\d{2}-\d{2}$")],
        date_to: Annotated[str, Query(alias="to", pattern=r"^\d{4}-\d{2}-\d{2}$")],
        service: Annotated[str | None, Query(max_length=32)] = None,
        authorization: Auth = None,
    ) -> Any:
        """The IKM of the answers received in the office days from..to, by the rule."""

        def period(_token: TokenInfo) -> tuple[dt.date, dt.date]:
            try:
                first, last = dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)
            except ValueError as error:
                raise errors.ApiError(422, "invalid_period", f"Tanggal tidak sah: {error}",
                                      str(error)) from None  # fmt: skip
            if last < first:
                raise errors.ApiError(
                    422, "invalid_period", "Tanggal akhir sebelum tanggal awal.",
                    "'to' is before 'from'.",
                )  # fmt: skip
            if service is not None and hub.office.service(service) is None:
                allowed = ", ".join(s.code for s in hub.office.services)
                raise errors.ApiError(
                    404, "unknown_service", f"Layanan '{service}' tidak dikenal.",
                    f"Unknown service '{service}'; allowed: {allowed}.",
                )  # fmt: skip
            return first, last

        first, last = access.view(authorization, Permission.REPORTS, period)
        if hub.store.path is None:
            return await hub.submit(
                lambda: survey_report.build(hub.store, hub.office, first, last, service)
            )
        return await run_in_threadpool(
            survey_report.read, hub.store, hub.office, first, last, service
        )

    return api
