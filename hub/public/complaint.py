"""A complaint as its citizen follows it on the public listener (issue #14).

- `GET /c/{tracking_code}`: the page (HTML, `lang="id"`, for a phone);
- `GET /c/{tracking_code}.json`: exactly `protocol.complaints.ComplaintTracking`.

Nothing of who complained, how to reach them or what about: only where the complaint
stands, when it must be answered and whether it was. The code is 10 characters of a
31-letter alphabet drawn by `secrets` (about 50 bits, hub.engine.complaints), and every
try counts against the listener's per-client limit: guessing one is hopeless.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment

from common import indonesian
from hub.complaint_service import tracking_view
from hub.engine.complaints import TRACKING_ALPHABET, TRACKING_LENGTH, Complaint
from hub.service import Hub
from protocol.complaints import ComplaintTracking
from protocol.kinds import ComplaintState

TRACKING_CODE = re.compile(rf"^[{TRACKING_ALPHABET}]{{{TRACKING_LENGTH}}}$")
NOT_FOUND = {
    "error": {
        "code": "not_found",
        "message": "Kode pengaduan tidak ditemukan.",
        "message_en": "No complaint with this tracking code.",
    }
}
DESK = "petugas pengaduan"


@dataclass(frozen=True, slots=True)
class TrackingText:
    """What the page writes, in plain Indonesian."""

    state: str  # the badge: Diterima, Diverifikasi, ...
    where: str  # where it stands, one sentence
    next_step: str  # what the citizen does or waits for
    received: str
    due: str
    answered: str  # "" while unanswered
    overdue: str  # "" unless the due date has passed without an answer


def tracking_code_of(raw: str) -> str | None:
    """The code as the hub keeps it (typed in lower case too), or None for no code."""
    code = raw.strip().upper()
    return code if TRACKING_CODE.match(code) else None


def find(hub: Hub, raw_code: str) -> tuple[ComplaintTracking, TrackingText] | None:
    """The public view of a complaint and its wording, or None for an unknown code."""
    code = tracking_code_of(raw_code)
    if code is None:
        return None

    def look() -> tuple[ComplaintTracking, TrackingText] | None:
        engine = hub.engine
        complaint_id = engine.complaints.by_code.get(code)
        complaint = engine.complaints.complaints.get(complaint_id or "")
        if complaint is None:
            return None
        return tracking_view(complaint), text_of(complaint, hub, engine.now())

    return hub.read(look)


def stage_name(hub: Hub, complaint: Complaint) -> str:
    """Who holds it: a stage's name from `[complaints].stages`, else the desk."""
    stage = hub.office.complaints.stage(complaint.stage or "")
    return stage.name if stage else DESK


def text_of(complaint: Complaint, hub: Hub, now: dt.datetime) -> TrackingText:
    tz = hub.office.office.tz
    today = now.astimezone(tz).date()
    holder = stage_name(hub, complaint)
    state = complaint.state
    where, next_step = {
        ComplaintState.RECEIVED: (
            "Pengaduan Anda sudah diterima dan akan diperiksa petugas pengaduan.",
            "Anda tidak perlu melakukan apa pun: kami akan menindaklanjutinya.",
        ),
        ComplaintState.VERIFIED: (
            "Pengaduan Anda sudah diperiksa dan sedang ditindaklanjuti petugas pengaduan.",
            "Jawaban akan kami sampaikan paling lambat pada batas waktu di bawah.",
        ),
        ComplaintState.ESCALATED: (
            f"Pengaduan Anda sedang ditangani oleh {holder}.",
            "Jawaban akan kami sampaikan paling lambat pada batas waktu di bawah.",
        ),
        ComplaintState.RETURNED: (
            f"Pengaduan Anda sedang dilengkapi oleh {holder}.",
            "Jawaban akan kami sampaikan paling lambat pada batas waktu di bawah.",
        ),
        ComplaintState.ANSWERED: (
            "Pengaduan Anda sudah dijawab.",
            "Mohon sampaikan kepada petugas pengaduan apakah Anda puas atau tidak puas "
            "dengan jawaban itu: datang ke meja pengaduan atau hubungi kami lewat saluran "
            "yang Anda pakai saat mengadu.",
        ),
        ComplaintState.CLOSED: (
            "Pengaduan Anda sudah selesai ditangani.",
            "Terima kasih atas pengaduan Anda: masukan Anda membantu kami memperbaiki layanan.",
        ),
    }[state]
    answered_at = complaint.answered_at
    answered = ""
    if answered_at is not None:
        local = answered_at.astimezone(tz)
        answered = f"{indonesian.long_date(local)}, {indonesian.clock(local)}"
        if local.date() > complaint.due_date:
            answered += " (melewati batas waktu)"
    overdue = ""
    if complaint.overdue_on(today):
        next_step = "Jawaban akan kami sampaikan secepatnya."
        overdue = (
            "Batas waktu jawaban sudah lewat dan pengaduan Anda belum dijawab. Kami mohon "
            "maaf atas keterlambatan ini; keterlambatan ini dicatat sebagai kasus kompensasi."
        )
    received = complaint.received_at.astimezone(tz)
    return TrackingText(
        state=state.label,
        where=where,
        next_step=next_step,
        received=f"{indonesian.long_date(received)}, {indonesian.clock(received)}",
        due=indonesian.long_date(complaint.due_date),
        answered=answered,
        overdue=overdue,
    )


def not_found(path: str, hub: Hub, templates: Environment, headers: dict[str, str]) -> Response:
    """The 404 of a tracking address: JSON for `.json`, else the friendly page."""
    if path.endswith(".json"):
        return JSONResponse(NOT_FOUND, status_code=404, headers=headers)
    html = templates.get_template("complaint_missing.html").render(office=hub.office.office)
    return HTMLResponse(html, status_code=404, headers=headers)


def add_routes(app: FastAPI, hub: Hub, templates: Environment, headers: dict[str, str]) -> None:
    """The tracking page and its JSON twin, on the public listener's app."""

    def missing() -> Response:
        return not_found("", hub, templates, headers)

    @app.get("/c/{tracking_code}.json")
    async def complaint_json(tracking_code: str) -> Response:
        found = find(hub, tracking_code)
        if found is None:
            return not_found(".json", hub, templates, headers)
        body: dict[str, Any] = found[0].model_dump()
        return JSONResponse(body, headers=headers)

    @app.get("/c/{tracking_code}")
    async def complaint_page(tracking_code: str) -> Response:
        found = find(hub, tracking_code)
        if found is None:
            return missing()
        tracking, text = found
        html = templates.get_template("complaint.html").render(
            tracking=tracking, text=text, office=hub.office.office
        )
        return HTMLResponse(html, headers=headers)
