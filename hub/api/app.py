"""The hub's FastAPI application: one router per area, bearer-token access, errors.

See hub/api/access.py for who may do what, hub/api/routes/ for the routes of the
contract (DESIGN.md), hub/api/errors.py for how every refusal reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import FastAPI

from common import __version__
from hub.api import errors, openapi
from hub.api.access import PREFIX, Access
from hub.api.limits import BodyLimit
from hub.api.routes import complaints, desk, events, office, queue, survey
from hub.desk_web import app as desk_web
from hub.service import Hub
from hub.store import StoredEvent


def create_app(
    hub: Hub,
    *,
    on_startup: Callable[[], Awaitable[None]] | None = None,
    on_shutdown: Callable[[], Awaitable[None]] | None = None,
) -> FastAPI:
    access = Access(hub)
    feeds = events.Feeds()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()

        def listener(stored: list[StoredEvent]) -> None:
            # Called on the writer thread after commit; the fan-out runs on the loop.
            loop.call_soon_threadsafe(feeds.fan_out, stored)

        hub.listeners.append(listener)
        if on_startup:
            await on_startup()
        stop_warm_up = threading.Event()
        warm_up = document.warm_up(stop_warm_up)
        try:
            yield
        finally:
            stop_warm_up.set()
            warm_up.join()
            hub.listeners.remove(listener)
            feeds.close_all()
            if on_shutdown:
                await on_shutdown()

    app = FastAPI(
        title="Antrian hub",
        version=__version__,
        lifespan=lifespan,
        openapi_url=None,  # served by hub.api.openapi, as bytes built once
        docs_url=None,
        redoc_url=None,
    )
    errors.install(app)
    app.add_middleware(BodyLimit)
    app.state.hub = hub
    # Each request walks the routes in this order: the kiosks' and counters' commands
    # first; the survey's /tickets/{id}/rating before a counter's /tickets/{id}/{action}.
    areas = (queue.router, survey.router, queue.ticket_actions, office.router, desk.router,
             complaints.router)  # fmt: skip
    for area in areas:
        app.include_router(area(access))
    app.include_router(events.router(access, feeds))
    json_paths = (f"{PREFIX}/openapi.json", "/openapi.json")
    document = openapi.install(app, json_paths, docs_path=f"{PREFIX}/docs")
    desk_web.install(app, hub, access.sign_ins)  # the complaint desk's pages, /desk/ (#14)
    return app
