"""The complaint desk (issue #14): record a complaint, list and read them, take a step.

FO and admin tokens act for the whole office; an officer given the complaint duty acts
through their session as that duty allows (the desk, or one stage: 403 for another's
step; hub.engine.complaint_duties). Kiosk and display tokens stand in the public part
of the office and get 403.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from hub.api import errors
from hub.api.access import PREFIX, Access, Auth
from hub.complaint_receipt import NoReceiptPrinter, ReceiptNotPrinted
from hub.complaint_service import ActionBody
from hub.tokens import Permission, TokenInfo
from protocol.complaints import (
    AnswerRequest,
    CloseRequest,
    ComplaintRequest,
    ComplaintView,
    EscalateRequest,
    ReceiptPrinted,
    ReturnRequest,
    VerifyRequest,
)
from protocol.kinds import ComplaintAction, ComplaintState

ComplaintId = Annotated[str, Path(min_length=1, max_length=64)]
Month = Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
READ = errors.refusals(401, 403, 404, 422)
ACT = errors.refusals(400, 401, 403, 404, 409, 413, 422, 503)
RECEIPT = errors.refusals(401, 403, 404, 409, 503)


def by(token: TokenInfo) -> str:
    """Who took the step, as the complaint's history keeps it."""
    return token.officer or token.name


def router(access: Access) -> APIRouter:
    hub = access.hub
    api = APIRouter(prefix=f"{PREFIX}/complaints")
    duty = Permission.COMPLAINTS

    @api.post("", status_code=201, response_model=ComplaintView, responses=ACT)
    async def file_complaint(body: ComplaintRequest, authorization: Auth = None) -> Any:
        """Record a complaint; the reply holds its tracking code and due date."""
        return await access.command(
            authorization, duty, lambda token: hub.complaints.file(body, by(token))
        )

    @api.get("", response_model=list[ComplaintView], responses=READ)
    async def list_complaints(
        authorization: Auth = None,
        state: ComplaintState | None = None,
        overdue: bool | None = None,
        month: Month = None,
    ) -> Any:
        """By due date; `month` (YYYY-MM) the month received, `overdue=true` the late."""
        return access.view(
            authorization, duty, lambda _: hub.complaints.listed(state, overdue, month)
        )

    @api.get("/{complaint_id}", response_model=ComplaintView, responses=READ)
    async def get_complaint(complaint_id: ComplaintId, authorization: Auth = None) -> Any:
        return access.view(authorization, duty, lambda _: hub.complaints.one(complaint_id))

    async def act(
        complaint_id: str, action: ComplaintAction, body: ActionBody, authorization: str | None
    ) -> Any:
        return await access.command(
            authorization, duty,
            lambda token: hub.complaints.act(
                complaint_id, action, body, by(token), token.complaint_role
            ),
        )  # fmt: skip

    @api.post("/{complaint_id}/verify", response_model=ComplaintView, responses=ACT)
    async def verify(
        complaint_id: ComplaintId, body: VerifyRequest | None = None, authorization: Auth = None
    ) -> Any:
        """The desk checked the complaint (a note optional)."""
        body = body or VerifyRequest()
        return await act(complaint_id, ComplaintAction.VERIFY, body, authorization)

    @api.post("/{complaint_id}/escalate", response_model=ComplaintView, responses=ACT)
    async def escalate(
        complaint_id: ComplaintId, body: EscalateRequest, authorization: Auth = None
    ) -> Any:
        """Send it up to a stage of `[complaints].stages`."""
        return await act(complaint_id, ComplaintAction.ESCALATE, body, authorization)

    @api.post("/{complaint_id}/return", response_model=ComplaintView, responses=ACT)
    async def send_back(
        complaint_id: ComplaintId, body: ReturnRequest, authorization: Auth = None
    ) -> Any:
        """Send it back down, saying what is missing."""
        return await act(complaint_id, ComplaintAction.RETURN, body, authorization)

    @api.post("/{complaint_id}/answer", response_model=ComplaintView, responses=ACT)
    async def answer(
        complaint_id: ComplaintId, body: AnswerRequest, authorization: Auth = None
    ) -> Any:
        return await act(complaint_id, ComplaintAction.ANSWER, body, authorization)

    @api.post("/{complaint_id}/close", response_model=ComplaintView, responses=ACT)
    async def close(
        complaint_id: ComplaintId, body: CloseRequest, authorization: Auth = None
    ) -> Any:
        """The citizen's statement: not satisfied sends it up again."""
        return await act(complaint_id, ComplaintAction.CLOSE, body, authorization)

    @api.post("/{complaint_id}/receipt", response_model=ReceiptPrinted, responses=RECEIPT)
    async def print_receipt(complaint_id: ComplaintId, authorization: Auth = None) -> Any:
        """Print the complaint's receipt again on `[complaints] printer` (409: none is
        set; 503: it cannot be reached; the complaint is kept either way)."""
        complaint = access.view(authorization, duty, lambda _: hub.complaints.one(complaint_id))
        try:
            printed_on = await asyncio.wrap_future(hub.receipts.submit(complaint_id))
        except NoReceiptPrinter:
            raise errors.ApiError(
                409, "no_receipt_printer",
                "Printer meja pengaduan belum diatur ([complaints] printer di office.toml).",
                "No receipt printer: set [complaints] printer in the office config.",
            ) from None  # fmt: skip
        except ReceiptNotPrinted as error:
            raise errors.ApiError(
                503, "printer_offline",
                f"Tanda terima tidak tercetak: printer tidak dapat dihubungi ({error}). "
                "Pengaduan tetap tersimpan; coba lagi.",
                f"The receipt was not printed: {error}. The complaint is kept; try again.",
            ) from None  # fmt: skip
        return ReceiptPrinted(tracking_code=complaint.tracking_code, printer=printed_on)

    return api
