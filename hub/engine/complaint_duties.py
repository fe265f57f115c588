"""Which steps of a complaint each duty takes (issue #14: the actions per duty).

The SOPs (seeds 001, 003, 004) give each level its part. The desk (*meja pengaduan*)
records and verifies a complaint, answers what it can and sends the rest up; each stage
of `[complaints].stages` (complaint team / head of section, head of department, head
of office) acts on what is at its own stage: answers it, sends it further up, or back
down; the citizen states satisfied or not at the desk, where the citizen is. An
officer's duty is the desk (`DESK`) or one stage's code; FO and admin tokens act for
the whole office and are not checked here (`duty=None`). The complaint's state still
decides first (`open_actions`): a duty only narrows what the state allows.
"""

from __future__ import annotations

from collections.abc import Sequence

from hub.engine import errors
from hub.engine.complaints import Complaint, open_actions
from protocol.kinds import ComplaintAction, ComplaintState

DESK = ""  # the duty of the complaint desk itself: no stage
DESK_NAME = "Meja pengaduan"
_AT_THE_DESK = {ComplaintAction.VERIFY, ComplaintAction.ESCALATE, ComplaintAction.ANSWER}
_AT_A_STAGE = {ComplaintAction.ESCALATE, ComplaintAction.RETURN, ComplaintAction.ANSWER}


def holder(complaint_stage: str | None) -> str:
    """The duty that must act on a complaint at this stage (None: at the desk)."""
    return complaint_stage or DESK


def actions_for(
    duty: str | None, state: ComplaintState, complaint_stage: str | None, stages: Sequence[str]
) -> set[ComplaintAction]:
    """The steps `duty` may take on a complaint in `state` at `complaint_stage`."""
    allowed = open_actions(state)
    if duty is None:
        return allowed
    mine = set(_AT_THE_DESK if duty == DESK else _AT_A_STAGE)
    if holder(complaint_stage) != duty:
        mine = set()
    if duty == DESK:
        mine.add(ComplaintAction.CLOSE)  # the citizen's statement, whoever answered
    if not escalate_targets(duty, complaint_stage, stages):
        mine.discard(ComplaintAction.ESCALATE)
    return allowed & mine


def escalate_targets(
    duty: str | None, complaint_stage: str | None, stages: Sequence[str]
) -> list[str]:
    """The stages `duty` may send the complaint up to: any but its own for FO and admin,
    only those above the complaint's stage for an officer (the desk is below all)."""
    if duty is None:
        return [code for code in stages if code != complaint_stage]
    if holder(complaint_stage) != duty:
        return []
    if complaint_stage is None:
        return list(stages)
    if complaint_stage not in stages:
        return []
    return list(stages[stages.index(complaint_stage) + 1 :])


def check(
    duty: str | None,
    complaint: Complaint,
    action: ComplaintAction,
    stages: Sequence[str],
    names: dict[str, str],
    to: str | None = None,
) -> None:
    """Refuse a step that is not `duty`'s (403). What the state forbids, or a stage
    that does not exist, is left for the engine to refuse (409, 422)."""
    if duty is None or action not in open_actions(complaint.state):
        return
    if action is ComplaintAction.ESCALATE and to not in stages:
        return
    targets = escalate_targets(duty, complaint.stage, stages)
    if action in actions_for(duty, complaint.state, complaint.stage, stages):
        if action is not ComplaintAction.ESCALATE or to in targets:
            return
        above = ", ".join(names.get(code, code) for code in targets)
        raise errors.NotYourStep(
            f"Dari tahap ini pengaduan hanya dapat diteruskan ke tahap di atasnya: {above}.",
            f"From here the complaint goes up only: {', '.join(targets)}.",
        )
    at = name_of(holder(complaint.stage), names)
    if action is ComplaintAction.CLOSE:
        said, said_en = "Pernyataan pengadu dicatat oleh meja pengaduan.", "the desk's"
    elif holder(complaint.stage) == duty:  # escalating from the top stage
        said, said_en = f"{at} adalah tahap tertinggi.", "no one's (no stage is above)"
    else:
        said, said_en = f"Pengaduan ini berada di tahap {at}.", f"{at}'s"
    raise errors.NotYourStep(
        f"Langkah ini bukan tugas Anda. {said}",
        f"This step is {said_en}, not yours.",
        action=str(action),
        stage=complaint.stage,
    )


def name_of(duty: str, names: dict[str, str]) -> str:
    """The duty as the desk's pages name it."""
    return DESK_NAME if duty == DESK else names.get(duty, duty)
