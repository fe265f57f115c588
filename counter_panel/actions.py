"""What an officer may press, and when (no Qt): the panel enables exactly these buttons."""

from __future__ import annotations

import dataclasses

from protocol.kinds import CompensationState, TicketState
from protocol.views import CompensationCaseView, TicketView


@dataclasses.dataclass(frozen=True)
class Action:
    key: str  # also the keypad's action name
    label: str
    shortcut: str


ACTIONS = (
    Action("call_next", "Panggil Berikutnya", "F1"),
    Action("recall", "Panggil Ulang", "F2"),
    Action("serve", "Mulai Layani", "F3"),
    Action("close", "Selesai", "F4"),
    Action("no_show", "Tidak Hadir", "F5"),
    Action("transfer", "Alihkan", "F6"),
    Action("pause", "Istirahat", "F7"),
    Action("case", "Kompensasi Lain", "F8"),
)
BY_KEY = {action.key: action for action in ACTIONS}
HUB_ACTION = {"recall": "recall", "serve": "serve", "close": "close", "no_show": "no-show"}
STATE_LABELS = {"called": "Dipanggil", "serving": "Sedang dilayani"}


def allowed(current: TicketView | None, paused: bool, online: bool) -> set[str]:
    """The actions the hub would accept now; everything else is greyed out."""
    if not online:
        return set()
    if paused:
        return {"pause"}  # the same button reads "Lanjutkan" and resumes
    state = current.state if current else None
    if state is None:
        return {"call_next", "pause", "case"}
    if state == TicketState.CALLED:
        return {"recall", "serve", "close", "no_show", "transfer", "pause", "case"}
    if state == TicketState.SERVING:
        return {"close", "transfer", "pause", "case"}
    return {"call_next", "pause", "case"}


def owed_compensation(current: TicketView | None) -> CompensationCaseView | None:
    """The compensation case the officer must settle with the citizen in front of them."""
    case = current.compensation if current else None
    return case if case and case.state == CompensationState.OWED else None
