"""What a counter's action on a ticket must pass: the counter holds it, its state allows
it; and the event such an action records. Kept apart from the day's queue (queue.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from hub.engine import errors
from hub.engine.events import AtCounter
from hub.engine.model import Ticket, TicketState

E = TypeVar("E", bound=AtCounter)


def check_held(
    ticket: Ticket, counter_number: int | None, allowed: set[TicketState], verb: str
) -> None:
    """Refuse unless `counter_number` holds the ticket (None: FO) and its state allows
    `verb` (Indonesian, as the officer reads it)."""
    if counter_number is not None and ticket.counter != counter_number:
        raise errors.WrongCounter(
            f"{ticket.number} tidak sedang ditangani Loket {counter_number}.",
            f"{ticket.number} is not held by counter {counter_number}.",
        )
    if ticket.state not in allowed:
        raise errors.InvalidTransition(
            f"{ticket.number} tidak dapat {verb}: statusnya {_STATE_ID[ticket.state]}.",
            f"{ticket.number} cannot be {_VERB_EN.get(verb, verb)}: it is {ticket.state}.",
            state=str(ticket.state),
        )


def at_counter(kind: type[E], now: dt.datetime, ticket: Ticket, **fields: Any) -> E:
    """An event about a ticket held at its counter (recall, serve, close...)."""
    assert ticket.counter is not None  # noqa: S101 - a held ticket has a counter
    return kind(
        at=now, ticket_id=ticket.id, number=ticket.number,
        service=ticket.service, counter=ticket.counter, **fields,
    )  # fmt: skip


_STATE_ID = {
    TicketState.WAITING: "menunggu",
    TicketState.CALLED: "dipanggil",
    TicketState.SERVING: "sedang dilayani",
    TicketState.CLOSED: "selesai",
    TicketState.NO_SHOW: "tidak hadir",
}
_VERB_EN = {
    "dipanggil ulang": "recalled",
    "mulai dilayani": "served",
    "diselesaikan": "closed",
    "ditandai tidak hadir": "marked no-show",
    "dialihkan": "transferred",
}
