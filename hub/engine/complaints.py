"""The complaint desk (pengaduan, issue #14): each complaint from its receipt until the
citizen's statement on the answer, for weeks, through midnights and restarts.

An aggregate of its own, folded from the `complaint.*` events: a command checks the
complaint's state and returns the event, `apply` changes the complaint. The steps follow
the office SOPs (seeds 001, 003, 004): the desk records and verifies a complaint and
answers it when it can, otherwise sends it up the stages of `[complaints].stages`
(each of which may send it back); an answer the citizen is not satisfied with goes up
again. A complaint not answered by its due date opens one compensation case (SK
108/2024, `complaint_late`); the ledger folds the same event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Callable, Iterable

from hub.config import Office
from hub.engine import errors
from hub.engine.events import (
    ComplaintAnswered,
    ComplaintClosed,
    ComplaintEscalated,
    ComplaintEvent,
    ComplaintLate,
    ComplaintReceived,
    ComplaintReturned,
    ComplaintVerified,
    Event,
)
from hub.engine.working_days import WorkingDays
from protocol.kinds import ComplaintAction, ComplaintState

# No 0/O, 1/I/L: read aloud or typed from a receipt without a mistake. 31^10 codes.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 10

_OPEN_TO = {
    ComplaintAction.VERIFY: {ComplaintState.RECEIVED},
    ComplaintAction.ESCALATE: {
        ComplaintState.VERIFIED, ComplaintState.ESCALATED, ComplaintState.RETURNED,
    },
    ComplaintAction.RETURN: {ComplaintState.ESCALATED},
    ComplaintAction.ANSWER: {
        ComplaintState.VERIFIED, ComplaintState.ESCALATED, ComplaintState.RETURNED,
    },
    ComplaintAction.CLOSE: {ComplaintState.ANSWERED},
}  # fmt: skip


def open_actions(state: ComplaintState) -> set[ComplaintAction]:
    """The steps a complaint in `state` may take (the desk's pages show only these)."""
    return {action for action, states in _OPEN_TO.items() if state in states}


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


@dataclasses.dataclass
class Complaint:
    id: str
    tracking_code: str
    channel: str
    summary: str
    name: str
    contact: str
    service: str | None
    ticket_id: str | None
    received_at: dt.datetime
    due_date: dt.date
    state: ComplaintState = ComplaintState.RECEIVED
    trail: list[str] = dataclasses.field(default_factory=list)  # the stages it went up
    stage_since: dt.date | None = None  # the day (office time) its stage took it
    answer: str | None = None
    answered_at: dt.datetime | None = None  # the first answer: what the deadline asks
    closed_at: dt.datetime | None = None
    satisfied: bool | None = None
    late_case_id: str | None = None
    history: list[ComplaintEvent] = dataclasses.field(default_factory=list)

    @property
    def stage(self) -> str | None:
        return self.trail[-1] if self.trail else None

    def overdue_on(self, today: dt.date) -> bool:
        """Unanswered on a day after its due date (the office's next day has begun)."""
        return self.answered_at is None and self.state.open and today > self.due_date


class ComplaintDesk:
    def __init__(self, office: Office) -> None:
        self.complaints: dict[str, Complaint] = {}
        self.by_code: dict[str, str] = {}
        self.reconfigure(office)

    def reconfigure(self, office: Office) -> None:
        self.office = office
        self.calendar = WorkingDays(office)

    # ---- commands ---------------------------------------------------------------------

    def receive(
        self,
        now: dt.datetime,
        day: dt.date,
        complaint_id: str,
        tracking_code: str,
        *,
        channel: str,
        summary: str,
        name: str,
        contact: str,
        service: str | None,
        ticket_id: str | None,
        by: str,
    ) -> ComplaintReceived:
        """Record a complaint received on `day` (office time)."""
        if service is not None and self.office.service(service) is None:
            allowed = ", ".join(s.code for s in self.office.services)
            raise errors.UnknownService(
                f"Layanan '{service}' tidak dikenal.",
                f"Unknown service '{service}'; allowed: {allowed}.",
            )
        due = self.calendar.add(day, self.office.complaints.answer_working_days)
        return ComplaintReceived(
            at=now, complaint_id=complaint_id, by=by, tracking_code=tracking_code,
            channel=channel, summary=summary, name=name, contact=contact, service=service,
            ticket_id=ticket_id, due_date=due.isoformat(),
        )  # fmt: skip

    def verify(
        self, now: dt.datetime, complaint_id: str, by: str, note: str = ""
    ) -> ComplaintVerified:
        self._may(complaint_id, ComplaintAction.VERIFY)
        return ComplaintVerified(at=now, complaint_id=complaint_id, by=by, note=note)

    def escalate(
        self, now: dt.datetime, complaint_id: str, by: str, to: str, note: str = ""
    ) -> ComplaintEscalated:
        complaint = self._may(complaint_id, ComplaintAction.ESCALATE)
        if self.office.complaints.stage(to) is None:
            allowed = ", ".join(stage.code for stage in self.office.complaints.stages)
            raise errors.UnknownStage(
                f"Tahap pengaduan '{to}' tidak dikenal.",
                f"Unknown complaint stage '{to}'; allowed: {allowed or '(none configured)'}.",
            )
        if to == complaint.stage:
            raise errors.InvalidComplaintStep(
                f"Pengaduan sudah berada di tahap '{to}'.",
                f"The complaint is already at stage '{to}'.",
            )
        return ComplaintEscalated(at=now, complaint_id=complaint_id, by=by, to=to, note=note)

    def send_back(
        self, now: dt.datetime, complaint_id: str, by: str, note: str
    ) -> ComplaintReturned:
        self._may(complaint_id, ComplaintAction.RETURN)
        return ComplaintReturned(at=now, complaint_id=complaint_id, by=by, note=note)

    def answer(
        self, now: dt.datetime, complaint_id: str, by: str, answer: str
    ) -> ComplaintAnswered:
        self._may(complaint_id, ComplaintAction.ANSWER)
        return ComplaintAnswered(at=now, complaint_id=complaint_id, by=by, answer=answer)

    def close(
        self, now: dt.datetime, complaint_id: str, by: str, satisfied: bool, note: str = ""
    ) -> ComplaintClosed:
        """The citizen's statement; not satisfied sends it up to the next stage."""
        complaint = self._may(complaint_id, ComplaintAction.CLOSE)
        up = None if satisfied else self._next_stage(complaint.stage)
        return ComplaintClosed(
            at=now, complaint_id=complaint_id, by=by, satisfied=satisfied, note=note,
            escalated_to=up,
        )  # fmt: skip

    def late(
        self, now: dt.datetime, today: dt.date, new_id: Callable[[], str]
    ) -> list[ComplaintLate]:
        """A compensation case for each complaint unanswered past its due date that has
        none yet: at most one per complaint, ever."""
        return [
            ComplaintLate(
                at=now,
                complaint_id=complaint.id,
                by="hub",
                case_id=new_id(),
                due_date=complaint.due_date.isoformat(),
                note=f"Belum dijawab sampai batas waktu {complaint.due_date:%d-%m-%Y}.",
            )  # fmt: skip
            for complaint in self.complaints.values()
            if complaint.late_case_id is None and complaint.overdue_on(today)
        ]

    def complaint(self, complaint_id: str) -> Complaint:
        complaint = self.complaints.get(complaint_id)
        if complaint is None:
            raise errors.UnknownComplaint(
                "Pengaduan tidak ditemukan.", f"No complaint '{complaint_id}'."
            )
        return complaint

    def stage_due_date(self, complaint: Complaint) -> dt.date | None:
        """When the stage holding it must have acted: its `working_days` on from the day
        it took the complaint (None at the desk, or for a stage no longer configured)."""
        stage = self.office.complaints.stage(complaint.stage or "")
        if stage is None or complaint.stage_since is None:
            return None
        return self.calendar.add(complaint.stage_since, stage.working_days)

    # ---- folding ----------------------------------------------------------------------

    def apply(self, event: Event) -> None:
        if isinstance(event, ComplaintReceived):
            self.complaints[event.complaint_id] = Complaint(
                id=event.complaint_id, tracking_code=event.tracking_code,
                channel=event.channel, summary=event.summary, name=event.name,
                contact=event.contact, service=event.service, ticket_id=event.ticket_id,
                received_at=event.at, due_date=dt.date.fromisoformat(event.due_date),
            )  # fmt: skip
            self.by_code[event.tracking_code] = event.complaint_id
        if not isinstance(event, ComplaintEvent):
            return
        complaint = self.complaints.get(event.complaint_id)
        if complaint is None:
            return  # a step of a complaint this hub no longer keeps
        complaint.history.append(event)
        day = event.at.astimezone(self.office.office.tz).date()
        match event:
            case ComplaintVerified():
                complaint.state = ComplaintState.VERIFIED
            case ComplaintEscalated():
                complaint.state = ComplaintState.ESCALATED
                complaint.trail.append(event.to)
                complaint.stage_since = day
            case ComplaintReturned():
                complaint.state = ComplaintState.RETURNED
                complaint.trail = complaint.trail[:-1]
                complaint.stage_since = day if complaint.trail else None
            case ComplaintAnswered():
                complaint.state = ComplaintState.ANSWERED
                complaint.answer = event.answer
                complaint.answered_at = complaint.answered_at or event.at
            case ComplaintClosed(satisfied=True):
                complaint.state, complaint.satisfied = ComplaintState.CLOSED, True
                complaint.closed_at = event.at
            case ComplaintClosed():
                complaint.satisfied = False
                if event.escalated_to is None:  # no stage configured: back to the desk
                    complaint.state = ComplaintState.VERIFIED
                else:
                    complaint.state = ComplaintState.ESCALATED
                    complaint.trail.append(event.escalated_to)
                    complaint.stage_since = day
            case ComplaintLate():
                complaint.late_case_id = event.case_id

    def reopen(self, histories: Iterable[list[Event]]) -> None:
        """Fold the kept complaints, each from its own events (the store's projection)."""
        for events in histories:
            for event in events:
                self.apply(event)

    # ---- helpers ----------------------------------------------------------------------

    def _may(self, complaint_id: str, action: ComplaintAction) -> Complaint:
        complaint = self.complaint(complaint_id)
        if complaint.state not in _OPEN_TO[action]:
            raise errors.InvalidComplaintStep(
                f"Pengaduan berstatus '{complaint.state.label}': tidak dapat {_VERBS[action]}.",
                f"A complaint that is {complaint.state} cannot be {_VERBS_EN[action]}.",
                state=str(complaint.state),
                action=str(action),
            )
        return complaint

    def _next_stage(self, current: str | None) -> str | None:
        codes = [stage.code for stage in self.office.complaints.stages]
        if not codes:
            return None
        if current not in codes:
            return codes[0]
        return codes[min(codes.index(current) + 1, len(codes) - 1)]


_VERBS = {
    ComplaintAction.VERIFY: "diverifikasi",
    ComplaintAction.ESCALATE: "diteruskan",
    ComplaintAction.RETURN: "dikembalikan",
    ComplaintAction.ANSWER: "dijawab",
    ComplaintAction.CLOSE: "ditutup",
}
_VERBS_EN = {
    ComplaintAction.VERIFY: "verified",
    ComplaintAction.ESCALATE: "escalated",
    ComplaintAction.RETURN: "returned",
    ComplaintAction.ANSWER: "answered",
    ComplaintAction.CLOSE: "closed",
}
