"""The citizen's satisfaction survey on the public listener (issue #15).

- `GET /s/{id}`: the survey (HTML, `lang="id"`, one page, a plain form that works
  without script): the rule's question for each unsur with its four answer words, then
  the optional profile and a suggestion; a friendly 409 page before the ticket is closed
  or once it was answered;
- `POST /s/{id}`: JSON `{"answers", "profile"?, "suggestion"?}` → 201 `{"ticket_id",
  "answered_at"}` (409 / 422 as JSON errors), or the form's fields → a thank-you page.
The service, counter and officer are never asked and never shown: the hub knows them
from the ticket's log.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment
from pydantic import ValidationError

from hub.engine.errors import EngineError
from hub.errors import StoreError
from hub.service import Hub
from protocol.kinds import SurveyVia
from protocol.survey import EDUCATIONS, OCCUPATIONS, SEXES, UNSUR, UNSUR_CODES, SurveyRequest

MAX_BODY_BYTES = 8 * 1024  # nine answers, a profile and 1,000 characters of suggestion
PROFILE_KEYS = ("age", "sex", "education", "occupation")


class BodyTooLarge(Exception):
    """The request's body is larger than a survey can be."""


async def _body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _from_form(body: bytes) -> dict[str, Any]:
    """The form's fields as the JSON body would carry them (blank ones left out)."""
    fields = {k: v[-1].strip() for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    answers = {code: int(fields[code]) for code in UNSUR_CODES if fields.get(code, "").isdigit()}
    profile: dict[str, Any] = {k: fields[k] for k in PROFILE_KEYS if fields.get(k)}
    if "age" in profile:
        profile["age"] = int(profile["age"]) if profile["age"].isdigit() else -1
    data: dict[str, Any] = {"answers": answers}
    if profile:
        data["profile"] = profile
    if fields.get("suggestion"):
        data["suggestion"] = fields["suggestion"]
    return data


def _problem(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in problem['loc']) or 'body'}: {problem['msg']}"
        for problem in error.errors()
    )


def _error(code: str, message: str, message_en: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "message_en": message_en}}


def install(
    app: FastAPI,
    hub: Hub,
    templates: Environment,
    headers: dict[str, str],
    valid_id: Callable[[str], bool],
    missing_page: Callable[[], HTMLResponse],
) -> None:
    """Add the survey's routes to the public app (`headers`: its page headers)."""
    page_headers = {  # the form posts back to this page
        **headers,
        "Content-Security-Policy": headers["Content-Security-Policy"].replace(
            "form-action 'none'", "form-action 'self'"
        ),
    }

    def page(name: str, status: int, **context: Any) -> HTMLResponse:
        html = templates.get_template(name).render(office=hub.office.office, **context)
        return HTMLResponse(html, status_code=status, headers=page_headers)

    def form(ticket_id: str, status: int = 200, error: str = "", sent: Any = None) -> Response:
        return page(
            "survey.html", status, ticket_id=ticket_id, unsur=UNSUR, sexes=SEXES,
            educations=EDUCATIONS, occupations=OCCUPATIONS, error=error, sent=sent or {},
        )  # fmt: skip

    def closed_page(ticket_id: str, refusal: EngineError) -> Response:
        return page("survey_closed.html", refusal.status, code=refusal.code,
                    message=refusal.message, ticket_id=ticket_id)  # fmt: skip

    @app.get("/s/{ticket_id}")
    async def survey_page(ticket_id: str) -> Response:
        if not valid_id(ticket_id):
            return missing_page()
        try:
            hub.survey.check_open(ticket_id)
        except EngineError as refusal:
            return missing_page() if refusal.status == 404 else closed_page(ticket_id, refusal)
        return form(ticket_id)

    @app.post("/s/{ticket_id}")
    async def answer(ticket_id: str, request: Request) -> Response:
        as_json = request.headers.get("content-type", "").startswith("application/json")
        if not valid_id(ticket_id):
            if not as_json:
                return missing_page()
            body = _error("not_found", "Nomor antrean tidak ditemukan.", "No such ticket.")
            return JSONResponse(body, 404)
        try:
            raw = await _body(request)
        except BodyTooLarge:
            body = _error("body_too_large", "Isi survei terlalu besar.",
                          f"Body too large: at most {MAX_BODY_BYTES} bytes.")  # fmt: skip
            return JSONResponse(body, 413, headers={"Connection": "close"})
        try:
            data = json.loads(raw) if as_json else _from_form(raw)
            survey = SurveyRequest.model_validate(data)
        except ValueError as error:  # ValidationError is one; json.JSONDecodeError too
            detail = _problem(error) if isinstance(error, ValidationError) else str(error)
            if not as_json:
                message = "Mohon jawab kesembilan pertanyaan (dan periksa isian lainnya)."
                return form(ticket_id, 422, message, data if isinstance(data, dict) else {})
            code = "invalid_request" if isinstance(error, ValidationError) else "malformed_json"
            return JSONResponse(_error(code, f"Survei tidak sah: {detail}", detail),
                                422 if code == "invalid_request" else 400)  # fmt: skip
        try:
            receipt = await hub.submit(
                lambda: hub.survey.answer(ticket_id, survey, SurveyVia.PHONE)
            )
        except EngineError as refusal:
            if as_json:
                body = _error(refusal.code, refusal.message, refusal.message_en)
                return JSONResponse(body, refusal.status, headers=headers)
            return missing_page() if refusal.status == 404 else closed_page(ticket_id, refusal)
        except StoreError as error:
            body = _error("store_unavailable", "Survei belum dapat disimpan. Coba lagi.",
                          str(error))  # fmt: skip
            return JSONResponse(body, 503)
        if as_json:
            return JSONResponse(receipt.model_dump(), 201, headers=headers)
        return page("survey_thanks.html", 201, ticket_id=ticket_id)
