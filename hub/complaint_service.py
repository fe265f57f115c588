"""The complaint desk's commands and views on the hub (issue #14): the engine decides
(`hub.engine.complaints`), this runs it on the writer thread and keeps each complaint's
projection, with its whole history, in the store beside the events."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from typing import TYPE_CHECKING

from hub.engine import Engine, Event
from hub.engine import complaint_duties as duties
from hub.engine.complaints import Complaint
from hub.engine.events import (
    ComplaintClosed,
    ComplaintEscalated,
    ComplaintEvent,
    ComplaintLate,
    to_wire_time,
)
from hub.errors import HubError
from hub.store import Store
from protocol.complaints import (
    AnswerRequest,
    CloseRequest,
    ComplaintRequest,
    ComplaintStep,
    ComplaintTracking,
    ComplaintView,
    EscalateRequest,
    ReturnRequest,
    VerifyRequest,
)
from protocol.kinds import ComplaintAction, ComplaintChannel, ComplaintState

if TYPE_CHECKING:
    from hub.service import Hub

log = logging.getLogger(__name__)

# Closed complaints of this many days back stay in the engine (the list, the yearly
# recap); open ones stay whatever their age.
KEEP_CLOSED_DAYS = 400
# How often the hub looks for complaints past their due date: a due date passes at the
# office's midnight, so a case opens within a minute of it.
LATE_CHECK_S = 60.0
ActionBody = VerifyRequest | EscalateRequest | ReturnRequest | AnswerRequest | CloseRequest


class UnknownAction(HubError):
    """Not one of the complaint actions."""


def complaint_view(
    complaint: Complaint, today: dt.date, stage_due: dt.date | None = None
) -> ComplaintView:
    return ComplaintView(
        id=complaint.id, tracking_code=complaint.tracking_code, state=complaint.state,
        state_label=complaint.state.label, channel=ComplaintChannel(complaint.channel),
        summary=complaint.summary, name=complaint.name, contact=complaint.contact,
        service=complaint.service, ticket_id=complaint.ticket_id,
        received_at=to_wire_time(complaint.received_at),
        due_date=complaint.due_date.isoformat(), stage=complaint.stage,
        stage_due_date=stage_due.isoformat() if stage_due else None, answer=complaint.answer,
        answered_at=_time(complaint.answered_at),
        closed_at=_time(complaint.closed_at), satisfied=complaint.satisfied,
        overdue=complaint.overdue_on(today), late_case_id=complaint.late_case_id,
        history=[_step(event) for event in complaint.history],
    )  # fmt: skip


def tracking_view(complaint: Complaint) -> ComplaintTracking:
    """What a citizen may see of their complaint: no name, contact or text."""
    return ComplaintTracking(
        tracking_code=complaint.tracking_code, state=complaint.state,
        received_at=to_wire_time(complaint.received_at),
        due_date=complaint.due_date.isoformat(), answered_at=_time(complaint.answered_at),
    )  # fmt: skip


def persist(store: Store, engine: Engine, events: list[Event], seq: int) -> None:
    """Keep the projection of every complaint the events touched (inside the write)."""
    touched = {event.complaint_id for event in events if isinstance(event, ComplaintEvent)}
    for complaint_id in touched:
        complaint = engine.complaints.complaints.get(complaint_id)
        if complaint is None:
            continue
        row = {
            "id": complaint.id,
            "tracking_code": complaint.tracking_code,
            "state": str(complaint.state),
            "received_at": to_wire_time(complaint.received_at),
            "received_date": engine.business_date_of(complaint.received_at).isoformat(),
            "due_date": complaint.due_date.isoformat(),
            "answered_at": _time(complaint.answered_at),
            "closed_at": _time(complaint.closed_at),
        }
        store.save_complaint(row, list(complaint.history), seq)


def to_reopen(store: Store, today: dt.date) -> list[list[Event]]:
    return store.complaints_to_reopen(today - dt.timedelta(days=KEEP_CLOSED_DAYS))


class ComplaintCommands:
    """`hub.complaints`: commands run on the writer thread, views beside it."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    # ---- commands (on the writer thread) ----------------------------------------------

    def file(self, request: ComplaintRequest, by: str) -> ComplaintView:
        def command() -> tuple[ComplaintView, list[Event]]:
            event = self.hub.engine.receive_complaint(
                request.channel, request.summary, by, request.name, request.contact,
                request.service, request.ticket_id,
            )  # fmt: skip
            return self._view(event.complaint_id), [event]

        return self.hub._transaction(command)

    def act(
        self,
        complaint_id: str,
        action: str,
        body: ActionBody,
        by: str,
        duty: str | None = None,
    ) -> ComplaintView:
        """Take a step; `duty` (the desk, a stage's code) when an officer takes it, None
        for FO and admin tokens, who act for the whole office."""
        engine = self.hub.engine
        config = self.hub.office.complaints
        stages = [stage.code for stage in config.stages]
        names = {stage.code: stage.name for stage in config.stages}

        def command() -> tuple[ComplaintView, list[Event]]:
            event: Event
            if action in set(ComplaintAction):
                to = body.to if isinstance(body, EscalateRequest) else None
                complaint = engine.complaint(complaint_id)
                duties.check(duty, complaint, ComplaintAction(action), stages, names, to)
            desk = engine.complaints
            match action, body:
                case ComplaintAction.VERIFY, VerifyRequest(note=note):
                    event = engine.decide(lambda now: desk.verify(now, complaint_id, by, note))
                case ComplaintAction.ESCALATE, EscalateRequest(to=stage, note=note):
                    event = engine.decide(
                        lambda now: desk.escalate(now, complaint_id, by, stage, note)
                    )
                case ComplaintAction.RETURN, ReturnRequest(note=note):
                    event = engine.decide(lambda now: desk.send_back(now, complaint_id, by, note))
                case ComplaintAction.ANSWER, AnswerRequest(answer=answer):
                    event = engine.decide(lambda now: desk.answer(now, complaint_id, by, answer))
                case ComplaintAction.CLOSE, CloseRequest(satisfied=satisfied, note=note):
                    event = engine.decide(
                        lambda now: desk.close(now, complaint_id, by, satisfied, note)
                    )
                case _:
                    raise UnknownAction(f"{action} with {type(body).__name__}")
            return self._view(complaint_id), [event]

        return self.hub._transaction(command)

    def open_late(self) -> list[ComplaintLate]:
        """The hub's chore: a complaint_late case for each complaint past its due date
        unanswered, once each (the engine remembers, the store keeps it)."""
        return self.hub._transaction(lambda: _both(self.hub.engine.late_complaints()))

    # ---- views (beside the writer) -----------------------------------------------------

    def one(self, complaint_id: str) -> ComplaintView:
        self.hub.engine.refresh()
        return self._view(complaint_id)

    def listed(
        self, state: ComplaintState | None, overdue: bool | None, month: str | None
    ) -> list[ComplaintView]:
        """By due date, then by receipt; `month` (YYYY-MM) the month received."""
        engine = self.hub.engine
        engine.refresh()
        today = engine.business_date_of(engine.now())
        chosen = [
            complaint
            for complaint in engine.complaints.complaints.values()
            if (state is None or complaint.state is state)
            and (overdue is None or complaint.overdue_on(today) is overdue)
            and (month is None or engine.business_date_of(complaint.received_at)
                 .isoformat().startswith(month))
        ]  # fmt: skip
        chosen.sort(key=lambda c: (c.due_date, c.received_at))
        due = engine.complaints.stage_due_date
        return [complaint_view(complaint, today, due(complaint)) for complaint in chosen]

    def _view(self, complaint_id: str) -> ComplaintView:
        engine = self.hub.engine
        complaint = engine.complaint(complaint_id)
        today = engine.business_date_of(engine.now())
        return complaint_view(complaint, today, engine.complaints.stage_due_date(complaint))


async def open_late_cases(hub: Hub, every_s: float = LATE_CHECK_S) -> None:
    """The hub's periodic chore: at start, then every minute, open the complaint_late
    cases due (a due date passes at the office's midnight)."""
    while True:
        try:
            opened = await hub.submit(hub.complaints.open_late)
            if opened:
                log.info("%d complaint(s) past their due date: compensation opened", len(opened))
        except (sqlite3.Error, HubError) as error:
            log.warning("opening late complaint cases failed, will retry: %s", error)
        await asyncio.sleep(every_s)


class NoSuchOfficer(HubError):
    """No officer has this NIP."""


def set_complaint_duty(store: Store, nip: str, on: bool, stage: str | None = None) -> None:
    """Give an officer the complaint duty (or take it away): at the desk (`stage` None)
    or at one stage of `[complaints].stages`; they then take that duty's steps
    (hub.engine.complaint_duties), at the desk's pages and through their counter
    sessions. Takes effect on their next request."""
    with store.write():
        cursor = store.conn.execute(
            "UPDATE officers SET complaint_duty = ?, complaint_stage = ? WHERE nip = ?",
            (int(on), stage if on else None, nip),
        )
    if cursor.rowcount == 0:
        raise NoSuchOfficer(f"no officer with NIP {nip}; add one with `antrian officer add`")


def _both(events: list[ComplaintLate]) -> tuple[list[ComplaintLate], list[Event]]:
    return events, list(events)


def _step(event: ComplaintEvent) -> ComplaintStep:
    step = ComplaintStep(type=event.type, at=to_wire_time(event.at), by=event.by, note=event.note)
    if isinstance(event, ComplaintEscalated):
        step.to = event.to
    elif isinstance(event, ComplaintClosed):
        step.satisfied, step.to = event.satisfied, event.escalated_to
    elif isinstance(event, ComplaintLate):
        step.case_id = event.case_id
    return step


def _time(instant: dt.datetime | None) -> str | None:
    return to_wire_time(instant) if instant else None
