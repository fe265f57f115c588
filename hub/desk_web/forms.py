"""The desk's forms: reading a posted form, and turning its fields into the API's
request models (protocol.complaints), with each problem said in Indonesian beside
its field. The engine still decides what a state allows; `allowed` only picks which
forms a page shows."""

from __future__ import annotations

import re
import urllib.parse

from fastapi import Request
from pydantic import ValidationError

from hub.complaint_service import ActionBody
from hub.engine.complaint_duties import actions_for
from hub.engine.errors import EngineError
from hub.engine.model import Ticket
from hub.service import Hub
from protocol.complaints import (
    AnswerRequest,
    CloseRequest,
    ComplaintRequest,
    ComplaintView,
    EscalateRequest,
    ReturnRequest,
    VerifyRequest,
)
from protocol.kinds import ComplaintAction, ComplaintChannel
from reports.complaint_formats import month_name

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MAX_FORM = 64 * 1024
# A ticket's QR holds the public page's address (…/t/{id}): a scan types it whole.
TICKET_URL = re.compile(r"/t/([A-Za-z0-9_-]{1,64})/?$")
DONE = {
    "verify": "Pengaduan diverifikasi.",
    "escalate": "Pengaduan diteruskan.",
    "return": "Pengaduan dikembalikan.",
    "answer": "Jawaban tercatat.",
    "close": "Pengaduan ditutup.",
}


async def read(request: Request) -> dict[str, str]:
    """The urlencoded form of a POST (the first value of each field)."""
    raw = await request.body()
    if len(raw) > MAX_FORM:
        return {}
    pairs = urllib.parse.parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
    fields: dict[str, str] = {}
    for key, value in pairs:
        fields.setdefault(key, value)
    return fields


def allowed(view: ComplaintView, duty: str | None, stages: list[str]) -> set[str]:
    """Which action forms the complaint's page shows: what its state allows, narrowed
    to the officer's duty (the desk, or the stage holding it)."""
    return {str(step) for step in actions_for(duty, view.state, view.stage, stages)}


def months(first: str, last: str, *also: str) -> list[tuple[str, str]]:
    """The months from `first` to `last` (YYYY-MM), and any of `also`, newest first,
    each with its Indonesian name (a <select>: Chromium's month input shows its own
    locale's words, or dashes when empty)."""
    chosen = set(also)
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        chosen.add(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [(value, month_name(value)) for value in sorted(chosen, reverse=True)]


def ticket_id_of(typed: str) -> str:
    typed = typed.strip()
    scanned = TICKET_URL.search(typed)
    return scanned.group(1) if scanned else typed


def complaint(fields: dict[str, str], hub: Hub) -> tuple[ComplaintRequest | None, dict[str, str]]:
    problems: dict[str, str] = {}
    channel = fields.get("channel", "")
    if channel not in set(ComplaintChannel):
        problems["channel"] = "Pilih saluran pengaduan."
    if not fields.get("summary", "").strip():
        problems["summary"] = "Tuliskan isi pengaduan."
    service = fields.get("service", "").strip() or None
    if service and hub.office.service(service) is None:
        problems["service"] = f"Layanan '{service}' tidak dikenal."
    ticket_id = ticket_id_of(fields.get("ticket", "")) or None
    if ticket_id is not None:
        typed = ticket_id
        ticket = hub.read(lambda: _ticket(hub, typed))
        if ticket is not None:
            ticket_id, service = ticket.id, service or ticket.service
        else:
            problems["ticket"] = f"Tiket '{ticket_id}' tidak ditemukan. Periksa atau kosongkan."
    if problems:
        return None, problems
    try:
        body = ComplaintRequest(
            channel=ComplaintChannel(channel), summary=fields["summary"].strip(),
            name=fields.get("name", "").strip(), contact=fields.get("contact", "").strip(),
            service=service, ticket_id=ticket_id,
        )  # fmt: skip
    except ValidationError:
        return None, {"form": "Isian terlalu panjang."}
    return body, {}


def action(name: str, fields: dict[str, str]) -> ActionBody | str:
    """The request model of an action, or the message saying what is missing."""
    note = fields.get("note", "").strip()
    try:
        match name:
            case ComplaintAction.VERIFY:
                return VerifyRequest(note=note)
            case ComplaintAction.ESCALATE:
                if not fields.get("to"):
                    return "Pilih tahap tujuan."
                return EscalateRequest(to=fields["to"], note=note)
            case ComplaintAction.RETURN:
                return ReturnRequest(note=note) if note else "Tuliskan apa yang kurang."
            case ComplaintAction.ANSWER:
                answer = fields.get("answer", "").strip()
                return AnswerRequest(answer=answer) if answer else "Tuliskan jawabannya."
            case ComplaintAction.CLOSE:
                if fields.get("satisfied") not in {"ya", "tidak"}:
                    return "Pilih puas atau tidak puas."
                return CloseRequest(satisfied=fields["satisfied"] == "ya", note=note)
    except ValidationError:
        return "Isian terlalu panjang."
    return "Tindakan tidak dikenal."


def _ticket(hub: Hub, typed: str) -> Ticket | None:
    """The ticket by its id (scanned) or by today's number (typed: `A-012`)."""
    try:
        return hub.engine.ticket(typed)
    except EngineError:
        number = typed.upper()
        return next((t for t in hub.engine.tickets.values() if t.number == number), None)
