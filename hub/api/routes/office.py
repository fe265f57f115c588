"""The office: health, the config for installers, recaps, and the test clock."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from common import __version__
from hub import periods
from hub.api import errors
from hub.api.access import PREFIX, Access, Auth
from hub.api.bodies import ClockRequest
from hub.engine import OffsetClock
from hub.periods import Period
from hub.tokens import Permission, TokenInfo
from protocol.recap import Recap
from protocol.views import HealthView


def router(access: Access) -> APIRouter:
    hub = access.hub
    api = APIRouter(prefix=PREFIX)

    @api.get("/health", response_model=HealthView)
    async def health() -> HealthView:
        central = hub.forwarder.health(hub.seq) if hub.forwarder is not None else None
        return HealthView.model_validate(
            {"status": "ok", "version": __version__, "office": hub.office.office.short_name,
             "central": central}
        )  # fmt: skip

    @api.get(
        "/config",
        response_class=Response,
        responses={
            200: {
                "description": "The office config (TOML).",
                "content": {"application/toml": {"schema": {"type": "string"}}},
            },
            **errors.refusals(401, 403, 404),
        },
    )
    async def office_config(authorization: Auth = None) -> Response:
        """The office config the hub runs on (TOML), for an appliance being installed."""
        access.check(authorization, Permission.READ)
        if hub.config_path is None:
            raise errors.ApiError(404, "not_found", "Konfigurasi tidak tersedia.",
                                  "This hub has no config file to share.")  # fmt: skip
        text = hub.config_path.read_text(encoding="utf-8")
        return Response(text, media_type="application/toml; charset=utf-8")

    @api.get("/recap", response_model=Recap)
    async def recap(
        authorization: Auth = None,
        date: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
        month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
    ) -> Recap:
        """The daily (or monthly) recap for FO and the head of office."""

        def which(_token: TokenInfo) -> Period:
            if month:
                return periods.month(month)
            today = hub.engine.business_date or hub.engine.business_date_of(hub.engine.now())
            return periods.day(date or today.isoformat())

        try:
            period = access.view(authorization, Permission.REPORTS, which)
        except periods.PeriodError as error:
            raise errors.ApiError(422, "invalid_period", f"Periode tidak sah: {error}",
                                  str(error)) from None  # fmt: skip
        if hub.store.path is None:
            return await hub.submit(lambda: hub.recap(period))
        return await run_in_threadpool(hub.recap, period)

    if isinstance(hub.clock, OffsetClock):
        # Only on a hub started with --test-clock: moves its time forward for tests.
        @api.post("/test/clock", include_in_schema=False)
        async def advance_clock(body: ClockRequest, authorization: Auth = None) -> Any:
            now = await access.command(
                authorization,
                Permission.ADMINISTER,
                lambda _: hub.advance_clock(body.advance_s, body.freeze, chores=body.chores),
            )
            return {"now": now}

    return api
