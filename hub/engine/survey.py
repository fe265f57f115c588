"""The satisfaction survey's rules (issue #15): who may answer, and once.

A citizen judges a service received: a ticket's survey opens when it is closed (not on
a no-show, nor for a ticket left open at midnight), and takes one answer, ever; the
booth's one-press rating likewise takes one per ticket. The facts come from the store's
log (a ticket may be judged days after its service), read on the writer thread, so two
answers sent at the same instant are taken in turn and the second is refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from hub.engine import errors
from hub.engine.events import SurveyAnswered, SurveyRated
from protocol.kinds import TicketState


@dataclasses.dataclass(frozen=True)
class SurveyTarget:
    """What the log says of a ticket, as the survey's rules need it."""

    ticket_id: str
    state: str
    answered: bool = False
    rated: bool = False


def _closed(target: SurveyTarget | None, ticket_id: str) -> SurveyTarget:
    if target is None:
        raise errors.UnknownTicket("Nomor antrean tidak ditemukan.", f"No ticket '{ticket_id}'.")
    if target.state != TicketState.CLOSED:
        raise errors.SurveyNotOpen(
            "Survei dapat diisi setelah pelayanan Anda selesai.",
            f"The ticket is {target.state}: its survey opens once it is closed.",
            state=target.state,
        )
    return target


def check_open(target: SurveyTarget | None, ticket_id: str) -> None:
    """Refuse (404 / 409) unless the ticket's survey may be answered now."""
    if _closed(target, ticket_id).answered:
        raise errors.SurveyAnswered(
            "Survei untuk nomor antrean ini sudah diisi. Terima kasih.",
            "This ticket's survey was answered already.",
        )


def answer(
    now: dt.datetime,
    target: SurveyTarget | None,
    ticket_id: str,
    answers: dict[str, int],
    via: str,
    profile: dict[str, Any] | None,
    suggestion: str | None,
) -> SurveyAnswered:
    check_open(target, ticket_id)
    return SurveyAnswered(
        at=now, ticket_id=ticket_id, answers=answers, via=via,
        profile=profile or None, suggestion=suggestion,
    )  # fmt: skip


def rate(now: dt.datetime, target: SurveyTarget | None, ticket_id: str, score: int) -> SurveyRated:
    if _closed(target, ticket_id).rated:
        raise errors.AlreadyRated(
            "Pelayanan untuk nomor antrean ini sudah dinilai. Terima kasih.",
            "This ticket was rated already.",
        )
    return SurveyRated(at=now, ticket_id=ticket_id, score=score)
