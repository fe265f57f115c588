"""The complaint desk as an aggregate of the engine (issue #14): each step an event with
who and a note, the states and the actions they allow, the due date in working days,
the late case opened exactly once, and a complaint rebuilt from its own events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from hub.engine import Engine
from hub.engine.complaints import TRACKING_ALPHABET, TRACKING_LENGTH
from hub.engine.errors import (
    InvalidComplaintStep,
    UnknownComplaint,
    UnknownService,
    UnknownStage,
)
from hub.engine.events import ComplaintLate, event_from_dict
from protocol.kinds import CompensationKind, ComplaintState

DAY = 86400


def step(engine: Engine, name: str, *args: Any, **fields: Any) -> Any:
    """One step of the complaint desk (`ComplaintDesk.<name>`) through the engine's door."""
    return engine.decide(lambda now: getattr(engine.complaints, name)(now, *args, **fields))


def received(engine: Engine) -> str:
    event = engine.receive_complaint("loket", "Antrean lama, petugas tidak ada", by="fo-1")
    return event.complaint_id


def test_a_complaint_gets_a_due_date_seven_working_days_on(engine: Engine) -> None:
    event = engine.receive_complaint(
        "whatsapp", "Izin belum terbit", by="fo-1", name="Budi", service="perizinan"
    )
    # Received Monday 23 Nov 2026: 7 working days on is Wednesday 2 Dec.
    assert event.due_date == "2026-12-02"
    assert len(event.tracking_code) == TRACKING_LENGTH
    assert set(event.tracking_code) <= set(TRACKING_ALPHABET)
    complaint = engine.complaint(event.complaint_id)
    assert complaint.state is ComplaintState.RECEIVED
    assert [step.by for step in complaint.history] == ["fo-1"]


def test_an_unknown_service_is_refused(engine: Engine) -> None:
    with pytest.raises(UnknownService, match="allowed: informasi, perizinan") as refused:
        engine.receive_complaint("surat", "x", by="fo", service="nope")
    assert refused.value.message == "Layanan 'nope' tidak dikenal."


def test_the_whole_way_up_and_back_with_every_step_kept(engine: Engine) -> None:
    complaint_id = received(engine)
    step(engine, "verify", complaint_id, "199001012020011001", "Benar terjadi")
    step(engine, "escalate", complaint_id, "199001012020011001", "tim", "Perlu cek lapangan")
    step(engine, "escalate", complaint_id, "198001012010011001", "kabid", "Perlu keputusan")
    step(engine, "send_back", complaint_id, "197001012000011001", "Lengkapi foto lapangan")
    complaint = engine.complaint(complaint_id)
    assert complaint.state is ComplaintState.RETURNED
    assert complaint.stage == "tim"
    step(engine, "answer", complaint_id, "198001012010011001", "Petugas ditambah")
    step(engine, "close", complaint_id, "fo-1", satisfied=True, note="Puas")
    complaint = engine.complaint(complaint_id)
    assert complaint.state is ComplaintState.CLOSED
    assert complaint.satisfied is True
    assert [step.type for step in complaint.history] == [
        "complaint.received", "complaint.verified", "complaint.escalated",
        "complaint.escalated", "complaint.returned", "complaint.answered",
        "complaint.closed",
    ]  # fmt: skip
    assert complaint.history[4].note == "Lengkapi foto lapangan"


def test_not_satisfied_goes_up_to_the_next_stage(engine: Engine) -> None:
    complaint_id = received(engine)
    step(engine, "verify", complaint_id, "fo-1")
    step(engine, "answer", complaint_id, "fo-1", "Sudah diproses")
    event = step(engine, "close", complaint_id, "fo-1", satisfied=False, note="Belum jelas")
    assert event.escalated_to == "tim"
    complaint = engine.complaint(complaint_id)
    assert (complaint.state, complaint.stage) == (ComplaintState.ESCALATED, "tim")
    step(engine, "answer", complaint_id, "kasi", "Jawaban kedua")
    step(engine, "close", complaint_id, "fo-1", satisfied=False)
    assert engine.complaint(complaint_id).stage == "kabid"


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        ([], "answer"),  # received: verify first
        ([], "return"),
        ([], "close"),
        (["verify"], "verify"),
        (["verify"], "return"),  # nobody above holds it
        (["verify", "answer"], "escalate"),
        (["verify", "answer", "close"], "answer"),
    ],
)
def test_a_step_the_state_forbids_is_refused(
    engine: Engine, steps: list[str], refused: str
) -> None:
    complaint_id = received(engine)
    act: dict[str, Callable[[], object]] = {
        "verify": lambda: step(engine, "verify", complaint_id, "fo"),
        "escalate": lambda: step(engine, "escalate", complaint_id, "fo", "tim"),
        "return": lambda: step(engine, "send_back", complaint_id, "fo", "kurang"),
        "answer": lambda: step(engine, "answer", complaint_id, "fo", "jawab"),
        "close": lambda: step(engine, "close", complaint_id, "fo", satisfied=True),
    }
    for done in steps:
        act[done]()
    before = engine.complaint(complaint_id).state
    with pytest.raises(InvalidComplaintStep) as error:
        act[refused]()
    assert error.value.status == 409
    assert engine.complaint(complaint_id).state is before


def test_an_unknown_stage_and_complaint_are_refused(engine: Engine) -> None:
    complaint_id = received(engine)
    step(engine, "verify", complaint_id, "fo")
    with pytest.raises(UnknownStage, match="allowed: tim, kabid, kepala"):
        step(engine, "escalate", complaint_id, "fo", "bupati")
    with pytest.raises(UnknownComplaint):
        step(engine, "verify", "nope", "fo")


def test_the_late_case_opens_once_the_next_day_after_the_due_date(engine: Engine) -> None:
    clock = engine.clock
    complaint_id = received(engine)  # due Wednesday 2 Dec
    clock.advance(9 * DAY)  # type: ignore[attr-defined]  # Wednesday 2 Dec: still on time
    assert engine.late_complaints() == []
    clock.advance(DAY)  # type: ignore[attr-defined]  # Thursday 3 Dec: late
    late = engine.late_complaints()
    assert [event.complaint_id for event in late] == [complaint_id]
    assert engine.late_complaints() == []  # once
    case = engine.cases[late[0].case_id]
    assert case.kind == CompensationKind.COMPLAINT_LATE
    assert case.complaint_id == complaint_id
    assert engine.complaint(complaint_id).late_case_id == case.id


def test_an_answered_complaint_never_opens_a_late_case(engine: Engine) -> None:
    complaint_id = received(engine)
    step(engine, "verify", complaint_id, "fo")
    step(engine, "answer", complaint_id, "fo", "Sudah")
    engine.clock.advance(30 * DAY)  # type: ignore[attr-defined]
    assert engine.late_complaints() == []


def test_a_complaint_folds_back_from_its_own_events(engine: Engine) -> None:
    complaint_id = received(engine)
    step(engine, "verify", complaint_id, "fo", "ok")
    step(engine, "escalate", complaint_id, "fo", "tim", "naik")
    engine.clock.advance(20 * DAY)  # type: ignore[attr-defined]
    [late] = engine.late_complaints()
    wire = [event.to_dict() for event in engine.complaint(complaint_id).history]
    again = Engine(engine.office, engine.clock)
    again.reopen_complaints([[event_from_dict(data) for data in wire]])
    complaint = again.complaint(complaint_id)
    assert (complaint.state, complaint.stage) == (ComplaintState.ESCALATED, "tim")
    assert complaint.late_case_id == late.case_id
    assert again.late_complaints() == []
    assert isinstance(complaint.history[-1], ComplaintLate)
    assert complaint.received_at < complaint.history[-1].at
    assert complaint.due_date == dt.date(2026, 12, 2)
