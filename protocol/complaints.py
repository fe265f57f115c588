"""The complaint desk on the wire (issue #14): what staff send, what the hub answers.

A complaint's view carries the citizen's name and contact and the text: staff only.
The public tracking page shows `ComplaintTracking`, which holds none of them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from protocol.kinds import ComplaintChannel, ComplaintState
from protocol.requests import Body
from protocol.views import View, WireDate, WireTime

Note = Annotated[str, Field(default="", max_length=2000)]


class ComplaintRequest(Body):
    """`POST /complaints`: a complaint recorded at the desk."""

    channel: Annotated[ComplaintChannel, Field(strict=False)]
    summary: str = Field(min_length=1, max_length=4000)
    name: str = Field(default="", max_length=200)
    contact: str = Field(default="", max_length=200)
    service: str | None = Field(default=None, min_length=1, max_length=32)
    ticket_id: str | None = Field(default=None, min_length=1, max_length=64)


class VerifyRequest(Body):
    note: Note = ""


class EscalateRequest(Body):
    to: str = Field(min_length=1, max_length=32)  # a stage code of [complaints].stages
    note: Note = ""


class ReturnRequest(Body):
    note: str = Field(min_length=1, max_length=2000)  # what is missing, for the one below


class AnswerRequest(Body):
    answer: str = Field(min_length=1, max_length=4000)


class CloseRequest(Body):
    satisfied: bool
    note: Note = ""


class ComplaintStep(View):
    """One step of a complaint's history, as the log keeps it."""

    type: str  # the event type: complaint.received, complaint.escalated, ...
    at: WireTime
    by: str  # an officer's NIP, or the name of the FO or admin token
    note: str
    to: str | None = None  # escalated: the stage code
    satisfied: bool | None = None  # closed: the citizen's statement
    case_id: str | None = None  # late: the compensation case opened


class ComplaintView(View):
    id: str
    tracking_code: str
    state: ComplaintState
    state_label: str
    channel: ComplaintChannel
    summary: str
    name: str
    contact: str
    service: str | None
    ticket_id: str | None
    received_at: WireTime
    due_date: WireDate
    stage: str | None  # the stage holding it, once escalated
    stage_due_date: WireDate | None = None  # when that stage must have acted (its limit)
    answer: str | None
    answered_at: WireTime | None
    closed_at: WireTime | None
    satisfied: bool | None
    overdue: bool  # the due date has passed without an answer
    late_case_id: str | None  # the compensation case its lateness opened
    history: list[ComplaintStep]


class ComplaintTracking(View):
    """What the public tracking page may show: nothing of who complained or about what."""

    tracking_code: str
    state: ComplaintState
    received_at: WireTime
    due_date: WireDate
    answered_at: WireTime | None


class ReceiptPrinted(View):
    """`POST /complaints/{id}/receipt`: the receipt came out of this printer."""

    tracking_code: str
    printer: str  # the printer's URL, [complaints] printer


class ComplaintRecap(View):
    """The month's complaints for the head of office (`antrian complaints recap`): the
    complaints received in `month`, as they stood at `as_of` (the month's last day, or
    today while the month runs)."""

    month: str  # YYYY-MM
    as_of: WireDate
    received: int
    answered: int
    answered_on_time: int  # answered on or before the due date
    overdue_open: int  # unanswered past the due date
    by_channel: dict[str, int]  # every channel, 0 included
    by_service: dict[str, int]  # service code; "-" for none given
    satisfied: int  # the citizen's last statement
    not_satisfied: int
    avg_working_days_to_answer: float | None  # None when none was answered
