"""Every refusal is JSON `{"error": {"code", "message", "message_en"}}` with a 4xx status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from hub.api.ratelimit import INCIDENTS
from hub.engine.errors import EngineError
from hub.errors import StoreError
from protocol.views import ErrorView

# What each refusal means, as /openapi.json documents it beside each route.
_MEANINGS = {
    400: "Malformed JSON body.",
    401: "Missing or invalid token (send 'Authorization: Bearer TOKEN'), or a wrong PIN.",
    403: "The token's role, or the counter it acts for, may not do this.",
    404: "No such ticket, service, counter or case.",
    409: "The state forbids it (the ticket's, the counter's, the service's hours or quota).",
    413: "The body is larger than the hub takes.",
    422: "The request's body, path or query is not valid.",
    429: "Too many attempts: try again after Retry-After seconds.",
    503: "The hub's store refused the write; nothing changed.",
}


def refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route: each refusal it can give, with the error model."""
    return {status: {"model": ErrorView, "description": _MEANINGS[status]} for status in statuses}


class ApiError(Exception):
    """A refusal decided in the API layer (auth, role, request shape)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        message_en: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message_en)
        self.status, self.code, self.message, self.message_en = status, code, message, message_en
        self.headers = headers or {}


def error_body(code: str, message: str, message_en: str, **details: Any) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message, "message_en": message_en}
    if details:
        error["details"] = details
    return {"error": error}


def unauthorized() -> ApiError:
    return ApiError(
        401,
        "unauthorized",
        "Token tidak ada atau tidak berlaku.",
        "Missing or invalid token: send 'Authorization: Bearer TOKEN'.",
    )


def forbidden(role: str, what: str, what_en: str) -> ApiError:
    return ApiError(
        403,
        "forbidden",
        f"Perangkat dengan peran '{role}' tidak boleh {what}.",
        f"A token with role '{role}' may not {what_en}.",
    )


def unbound_counter_token(name: str) -> ApiError:
    return ApiError(
        403,
        "unbound_counter_token",
        f"Token loket '{name}' tidak terikat ke loket mana pun. Buat token baru dengan "
        "--counter N (atau --counter all).",
        f"Counter token '{name}' is bound to no counter: create one with --counter N "
        "(or --counter all) and revoke this one.",
    )


def too_many_pins(retry_after_s: int) -> ApiError:
    """Every sign-in refusal for too many tries reads the same, whatever the cause."""
    return ApiError(
        429,
        "too_many_attempts",
        f"Terlalu banyak PIN salah. Coba lagi dalam {retry_after_s} detik.",
        f"Too many wrong PINs. Try again in {retry_after_s} s.",
        headers={"Retry-After": str(retry_after_s)},
    )


def too_many_incidents(retry_after_s: int) -> ApiError:
    return ApiError(
        429,
        "too_many_incidents",
        f"Perangkat ini terlalu sering melaporkan gangguan. Coba lagi dalam {retry_after_s} detik.",
        f"This device reports too many incidents (at most {INCIDENTS} a minute). Try again "
        f"in {retry_after_s} s.",
        headers={"Retry-After": str(retry_after_s)},
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
        return JSONResponse(
            error_body(exc.code, exc.message, exc.message_en),
            exc.status,
            headers={**headers, **exc.headers},
        )

    @app.exception_handler(EngineError)
    async def _engine_error(_: Request, exc: EngineError) -> JSONResponse:
        body = error_body(exc.code, exc.message, exc.message_en, **exc.details)
        return JSONResponse(body, exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = exc.errors()
        if any(p["type"] == "json_invalid" for p in problems):
            return JSONResponse(
                error_body(
                    "malformed_json", "Isi permintaan bukan JSON yang sah.", "Malformed JSON body."
                ),
                400,
            )
        detail = "; ".join(
            f"{'.'.join(str(part) for part in p['loc'][1:]) or 'body'}: {p['msg']}"
            for p in problems
        )
        return JSONResponse(
            error_body("invalid_request", f"Permintaan tidak sah: {detail}", detail), 422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = str(exc.detail)
        return JSONResponse(error_body(code, message, message), exc.status_code)

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse(
            error_body(
                "store_unavailable",
                "Penyimpanan data hub bermasalah; tidak ada yang berubah. Hubungi teknisi.",
                str(exc),
            ),
            503,
        )
