"""The actions per duty (issue #14), as a pure function: the desk, each stage of the
shipped config (tim, kabid, kepala), and FO/admin (None) who act for the whole office."""

from __future__ import annotations

import pytest

from hub.engine.complaint_duties import DESK, actions_for, escalate_targets
from protocol.kinds import ComplaintAction as A
from protocol.kinds import ComplaintState as S

STAGES = ["tim", "kabid", "kepala"]


@pytest.mark.parametrize(
    ("duty", "state", "at", "expected"),
    [
        # At the desk: the desk records, verifies, answers or sends up; no stage acts.
        (DESK, S.RECEIVED, None, {A.VERIFY}),
        (DESK, S.VERIFIED, None, {A.ESCALATE, A.ANSWER}),
        ("tim", S.VERIFIED, None, set()),
        (DESK, S.RETURNED, None, {A.ESCALATE, A.ANSWER}),  # sent back to the desk
        # At a stage: its holder answers, sends up or back; the others wait.
        ("tim", S.ESCALATED, "tim", {A.ESCALATE, A.RETURN, A.ANSWER}),
        (DESK, S.ESCALATED, "tim", set()),
        ("kabid", S.ESCALATED, "tim", set()),
        ("kepala", S.ESCALATED, "kepala", {A.RETURN, A.ANSWER}),  # nothing above the top
        ("tim", S.RETURNED, "tim", {A.ESCALATE, A.ANSWER}),  # back from kabid
        # Answered: the citizen's statement is taken at the desk, whoever answered.
        (DESK, S.ANSWERED, "kabid", {A.CLOSE}),
        ("kabid", S.ANSWERED, "kabid", set()),
        (DESK, S.CLOSED, None, set()),
        # FO and admin: whatever the state allows.
        (None, S.ESCALATED, "tim", {A.ESCALATE, A.RETURN, A.ANSWER}),
        (None, S.ANSWERED, "kabid", {A.CLOSE}),
    ],
)
def test_each_duty_takes_its_own_steps(
    duty: str | None, state: S, at: str | None, expected: set[A]
) -> None:
    assert actions_for(duty, state, at, STAGES) == expected


def test_officers_send_up_only_and_fo_anywhere() -> None:
    assert escalate_targets(DESK, None, STAGES) == STAGES
    assert escalate_targets("tim", "tim", STAGES) == ["kabid", "kepala"]
    assert escalate_targets("kabid", "kabid", STAGES) == ["kepala"]
    assert escalate_targets("kepala", "kepala", STAGES) == []
    assert escalate_targets("kabid", "tim", STAGES) == []  # not at their stage
    assert escalate_targets(None, "kabid", STAGES) == ["tim", "kepala"]


def test_a_stage_no_longer_configured_is_still_its_holders_but_leads_nowhere() -> None:
    assert actions_for("lama", S.ESCALATED, "lama", STAGES) == {A.RETURN, A.ANSWER}
    assert escalate_targets("lama", "lama", STAGES) == []


def test_with_no_stages_configured_the_desk_does_it_all() -> None:
    assert actions_for(DESK, S.VERIFIED, None, []) == {A.ANSWER}
    assert actions_for(DESK, S.ANSWERED, None, []) == {A.CLOSE}
