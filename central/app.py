"""The central service's API: the hubs' ingest (each with its office's token) and the
province's reads (the central admin token).

Refusals are JSON `{"error": {"code", "message", "message_en"}}`, as the hub's.
"""

from __future__ import annotations

from typing import Annotated, Any

import psycopg
from fastapi import FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from central import dashboard
from central.store import Central, GapError
from common.office import OpeningHours
from protocol.recap import Recap, RecapOffice

PREFIX = "/api/v1"
MAX_BATCH = 5000
MAX_BODY = 64 * 1024 * 1024


class ForwardedEvent(BaseModel):
    seq: int = Field(ge=1)
    business_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    data: str = Field(min_length=2, max_length=65536)  # the event's JSON as stored


class OfficeSettings(RecapOffice):
    """What the hub sends of its config: what its recap reads, and its opening hours
    (weekday -> "HH:MM-HH:MM" or "closed": whether it is open, and whether its waiting
    line carries past midnight). A hub that sends no hours has the default ones."""

    hours: OpeningHours | None = None


class IngestBatch(BaseModel):
    after: int = Field(ge=0)  # the last seq the hub believes central holds
    head: int = Field(default=0, ge=0)  # the hub's own last seq
    office: OfficeSettings | None = None  # sent once per forwarder start
    events: list[ForwardedEvent] = Field(max_length=MAX_BATCH)


INGEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": IngestBatch.model_json_schema()}}}}  # fmt: skip


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, message_en: str, **details: Any):
        super().__init__(message_en)
        self.status, self.code, self.message, self.message_en = status, code, message, message_en
        self.details = details or None


async def read_body(request: Request) -> bytes:
    """The request's body, refused (413) past MAX_BODY before it is all in memory."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise ApiError(413, "too_large", "Kiriman terlalu besar.",
                           f"A batch is at most {MAX_BODY} bytes.")  # fmt: skip
        chunks.append(chunk)
    return b"".join(chunks)


def parse_batch(body: bytes) -> IngestBatch:
    """The batch, parsed and checked in one pass (pydantic-core reads the JSON itself:
    no dict of a thousand events built first)."""
    try:
        return IngestBatch.model_validate_json(body)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        message = f"{where}: {first['msg']}"
        raise ApiError(422, "invalid_batch", "Kiriman tidak sah.", message,
                       errors=error.error_count()) from None  # fmt: skip


def create_app(central: Central) -> FastAPI:
    app = FastAPI(title="Antrian central", docs_url=None, redoc_url=None)

    @app.exception_handler(ApiError)
    async def refused(_request: Request, error: ApiError) -> JSONResponse:
        body = {"code": error.code, "message": error.message, "message_en": error.message_en,
                "details": error.details}  # fmt: skip
        return JSONResponse({"error": body}, status_code=error.status)

    def bearer(authorization: str | None) -> str:
        if not authorization or not authorization.startswith("Bearer "):
            raise ApiError(401, "unauthorized", "Token diperlukan.", "A bearer token is needed.")
        return authorization.removeprefix("Bearer ").strip()

    async def admin(authorization: str | None) -> None:
        if not await run_in_threadpool(central.is_admin, bearer(authorization)):
            raise ApiError(401, "unauthorized", "Token tidak dikenal.", "Unknown token.")

    @app.get(PREFIX + "/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    def take(office: str, body: bytes) -> tuple[int, int]:
        batch = parse_batch(body)
        seqs = [event.seq for event in batch.events]
        if any(b <= a for a, b in zip(seqs, seqs[1:], strict=False)) or (
            seqs and seqs[0] <= batch.after
        ):
            raise ApiError(422, "not_in_order", "Urutan peristiwa salah.",
                           "Events must follow `after` in ascending seq.")  # fmt: skip
        settings = batch.office.model_dump() if batch.office else None
        return central.ingest(office, batch.after, batch.events, settings)

    @app.post(PREFIX + "/ingest", openapi_extra=INGEST_BODY)
    async def ingest(
        request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, int]:
        office = await run_in_threadpool(central.office_of, bearer(authorization))
        if office is None:
            raise ApiError(401, "unauthorized", "Token kantor tidak dikenal.",
                           "Unknown office token.")  # fmt: skip
        body = await read_body(request)
        try:
            # Parsing a thousand events takes milliseconds: off the event loop, with the
            # ingest, in one hop to the thread pool.
            last_seq, stored = await run_in_threadpool(take, office, body)
        except GapError as gap:
            raise ApiError(409, "gap", "Ada peristiwa yang belum terkirim.",
                           "Central misses events before this batch.",
                           last_seq=gap.last_seq) from None  # fmt: skip
        except (ValueError, psycopg.DataError) as bad:  # not JSON, or not a calendar date
            raise ApiError(422, "invalid_event", "Peristiwa tidak sah.", str(bad)) from None
        return {"last_seq": last_seq, "stored": stored}

    @app.get(PREFIX + "/offices")
    async def offices(authorization: Annotated[str | None, Header()] = None) -> Any:
        await admin(authorization)
        return await run_in_threadpool(central.offices)

    @app.get(PREFIX + "/offices/{code}/recap", response_model=Recap)
    async def recap(
        code: str,
        date: Annotated[str, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")],
        authorization: Annotated[str | None, Header()] = None,
    ) -> Recap:
        await admin(authorization)
        found = await run_in_threadpool(central.recap, code, date)
        if found is None:
            raise ApiError(404, "not_found", "Kantor tidak dikenal atau belum mengirim.",
                           "Unknown office, or none of its log has come yet.")  # fmt: skip
        return found

    dashboard.mount(app, central)
    return app


def serve(dsn: str, host: str, port: int) -> None:
    import uvicorn

    central = Central(dsn)
    central.migrate()
    try:
        uvicorn.run(create_app(central), host=host, port=port, log_level="warning")
    finally:
        central.close()
