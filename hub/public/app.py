"""The public listener's application: the citizen's ticket page, its JSON twin, and its
live updates. No token, read-only, nothing under `/api/` (that is the API's listener).

- `GET /t/{id}`: the page (HTML, `lang="id"`, for a phone), server-rendered;
- `GET /t/{id}.json`: the same ticket as JSON (hub.public.ticket.PublicTicket);
- `GET /t/{id}/events`: Server-Sent Events, one message per change of the ticket's view;
- `GET /c/{code}` and `/c/{code}.json`: a complaint's tracking page (hub.public.complaint);
- `GET /s/{id}`, `POST /s/{id}`: the satisfaction survey, once served (hub.public.survey);
- `GET /assets/...`: the page's vendored script.
Anything else, an unknown ticket too, is a 404: a friendly page, or JSON for `.json`
and `/api/`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
from collections.abc import AsyncIterator
from pathlib import Path

import orjson
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from hub.public import complaint, survey
from hub.public.changes import Changes, Watch, service_key, touched
from hub.public.limits import PerClientLimit
from hub.public.ticket import PublicTicket, find, text_of
from hub.service import Hub
from hub.store import StoredEvent

HERE = Path(__file__).parent
ASSETS = {"ticket.js": ("application/javascript; charset=utf-8", HERE / "assets" / "ticket.js")}
# Ids are secrets.token_urlsafe (hub.engine.queue.new_ticket_id); anything else is no id.
TICKET_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
KEEPALIVE_S = 15.0  # a comment line this often: proxies keep the stream, dead phones show
RETRY_MS = 1000  # EventSource reconnects after this long
FINAL_STATES = frozenset({"closed", "no_show"})
# The page is the ticket holder's alone: no caching by a proxy, no id sent on as Referer.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
        "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
}
NOT_FOUND = {
    "error": {
        "code": "not_found",
        "message": "Nomor antrean tidak ditemukan.",
        "message_en": "No such ticket or page.",
    }
}


def create_public_app(hub: Hub) -> FastAPI:
    templates = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    assets = {name: (kind, path.read_bytes()) for name, (kind, path) in ASSETS.items()}
    changes = Changes(hub.seq)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()

        def listener(stored: list[StoredEvent]) -> None:
            # On the writer thread after commit; the pages wake on the loop.
            if stored:
                changes.seq = stored[-1].seq
                keys = touched([s.event for s in stored], hub.office)
                if changes.wanted(keys):
                    loop.call_soon_threadsafe(changes.committed, keys)

        hub.listeners.append(listener)
        try:
            yield
        finally:
            hub.listeners.remove(listener)
            changes.close()

    app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)
    app.state.changes = changes

    def now_local() -> dt.datetime:
        return hub.engine.local(hub.engine.now())

    def ticket_of(ticket_id: str) -> PublicTicket | None:
        return find(hub, ticket_id) if TICKET_ID.match(ticket_id) else None

    def message(ticket: PublicTicket, now: dt.datetime) -> str:
        text = text_of(ticket, now)
        return orjson.dumps({"ticket": ticket.model_dump(), "text": text.model_dump()}).decode()

    def missing_page() -> HTMLResponse:
        html = templates.get_template("missing.html").render(office=hub.office.office)
        return HTMLResponse(html, status_code=404, headers=PAGE_HEADERS)

    @app.exception_handler(StarletteHTTPException)
    async def refused(request: Request, exc: StarletteHTTPException) -> Response:
        path = request.url.path
        if exc.status_code == 404 and path.startswith("/c/"):
            return complaint.not_found(path, hub, templates, PAGE_HEADERS)
        if exc.status_code == 404 and not (path.startswith("/api/") or path.endswith(".json")):
            return missing_page()
        if exc.status_code == 404:
            return JSONResponse(NOT_FOUND, status_code=404, headers=PAGE_HEADERS)
        body = {"error": {"code": "not_allowed", "message": "Halaman ini hanya untuk dibaca.",
                          "message_en": str(exc.detail)}}  # fmt: skip
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.get("/t/{ticket_id}.json")
    async def ticket_json(ticket_id: str) -> Response:
        ticket = ticket_of(ticket_id)
        if ticket is None:
            return JSONResponse(NOT_FOUND, status_code=404, headers=PAGE_HEADERS)
        return JSONResponse(ticket.model_dump(), headers=PAGE_HEADERS)

    @app.get("/t/{ticket_id}/events")
    async def ticket_events(ticket_id: str, request: Request) -> Response:
        ticket = ticket_of(ticket_id)
        if ticket is None:
            return JSONResponse(NOT_FOUND, status_code=404, headers=PAGE_HEADERS)
        last_seen = request.headers.get("last-event-id", "")
        resume_at = int(last_seen) if last_seen.isdigit() else None
        stream = _stream(ticket_id, resume_at)
        headers = {**PAGE_HEADERS, "X-Accel-Buffering": "no"}  # nginx: pass each message on
        return StreamingResponse(stream, media_type="text/event-stream", headers=headers)

    async def _stream(ticket_id: str, resume_at: int | None) -> AsyncIterator[str]:
        yield f"retry: {RETRY_MS}\n\n"
        loop = asyncio.get_running_loop()
        sent: str | None = None
        shown: tuple[PublicTicket, dt.datetime] | None = None  # what `sent` was made of
        watch: Watch | None = None
        changes.starting += 1  # until its first watch: every commit wakes the pages
        try:
            while not changes.closed:
                seq = changes.seq
                if watch is not None:
                    if not watch.own.is_set():  # only its line moved: commands go first
                        await changes.after_commands(hub.busy)
                    watch.clear()  # before reading: a change from here on marks it again
                ticket = find(hub, ticket_id)
                if ticket is None:
                    return
                computed_at = loop.time()
                if watch is None or watch.service != service_key(ticket.service):
                    # The new watch first, then the old one goes (transferred to another
                    # service): the ticket is watched throughout, as the writer reads it.
                    old, watch = watch, Watch(ticket_id, ticket.service)
                    changes.watch(watch)
                    if old is None:
                        changes.starting -= 1
                    else:
                        changes.unwatch(old)
                # The page's words change with the ticket or the minute (its time window).
                minute = now_local().replace(second=0, microsecond=0)
                if shown != (ticket, minute):
                    data, shown = message(ticket, minute), (ticket, minute)
                # A page resuming at the current seq already shows this view.
                if data != sent and not (sent is None and resume_at == seq):
                    yield f"id: {seq}\nevent: ticket\ndata: {data}\n\n"
                sent = data
                if ticket.state in FINAL_STATES:
                    return  # the page closes its EventSource on a final state
                if not await changes.wait(watch, KEEPALIVE_S, computed_at):
                    yield ": tetap tersambung\n\n"
        finally:
            if watch is not None:
                changes.unwatch(watch)
            else:
                changes.starting -= 1  # it ended before it watched

    @app.get("/t/{ticket_id}")
    async def ticket_page(ticket_id: str) -> Response:
        ticket = ticket_of(ticket_id)
        if ticket is None:
            return missing_page()
        html = templates.get_template("ticket.html").render(
            ticket=ticket,
            text=text_of(ticket, now_local()),
            ticket_id=ticket_id,
            seq=changes.seq,
            near_ahead=hub.office.public.near_ahead,
            office=hub.office.office,
        )
        return HTMLResponse(html, headers=PAGE_HEADERS)

    survey.install(app, hub, templates, PAGE_HEADERS, lambda i: bool(TICKET_ID.match(i)),
                   missing_page)  # fmt: skip

    @app.get("/assets/{name}")
    async def asset(name: str) -> Response:
        if name not in assets:
            return missing_page()
        kind, body = assets[name]
        headers = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
        return Response(body, media_type=kind, headers=headers)

    complaint.add_routes(app, hub, templates, PAGE_HEADERS)
    app.add_middleware(
        PerClientLimit,
        per_minute=lambda: hub.office.public.requests_per_minute,
        proxies=lambda: hub.office.public.proxies,
    )
    return app
