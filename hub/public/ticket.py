"""One ticket as the public sees it: the `/t/{id}.json` contract and the page's wording.

Built from the hub's own ticket view, keeping only what the citizen holding the ticket
may read: no officer, no category (it can name a disability), nothing of another ticket.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from common import indonesian
from hub.config import Office
from hub.engine import Engine, Ticket
from hub.engine.errors import UnknownTicket
from hub.engine.events import to_wire_time
from hub.service import Hub
from protocol.kinds import TicketState
from protocol.views import TicketView

PublicState = Literal["waiting", "called", "serving", "closed", "no_show"]

# A ticket left open at midnight expired: for its holder, the day's service is over.
_STATES: dict[TicketState, PublicState] = {
    TicketState.WAITING: "waiting",
    TicketState.CALLED: "called",
    TicketState.SERVING: "serving",
    TicketState.CLOSED: "closed",
    TicketState.NO_SHOW: "no_show",
    TicketState.EXPIRED: "closed",
}
# The window around an estimate: ± max(5 min, 25 % of it), the band the estimate is
# measured against (#13, scripts/bench/eta.py), as clock times rounded out to 5 minutes.
BAND_MIN_MINUTES = 5
BAND_SHARE = 0.25
ROUND_TO_MINUTES = 5


class PublicTicket(BaseModel):
    """`GET /t/{ticket_id}.json` (contract): exactly these keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: str
    service: str
    service_name: str
    state: PublicState
    ahead: int
    eta_minutes: int | None
    counter: int | None
    counter_name: str | None
    called_at: str | None


class PublicText(BaseModel):
    """What the page writes for a ticket, in the words of common.indonesian."""

    model_config = ConfigDict(frozen=True)

    state: str
    ahead: str
    estimate: str


def public_ticket(view: TicketView, office: Office) -> PublicTicket:
    return _public(
        office, view.number, view.service, view.service_name, _STATES[view.state],
        view.counter, view.called_at, lambda: (view.ahead, view.estimated_wait_min),
    )  # fmt: skip


def _public(
    office: Office,
    number: str,
    service: str,
    service_name: str,
    state: PublicState,
    counter: int | None,
    called_at: str | None,
    line: Callable[[], tuple[int, int | None]],
) -> PublicTicket:
    """The public view; `line` (how many ahead, the estimate) is asked only of a ticket
    still waiting."""
    at_counter = state in ("called", "serving")
    counter = counter if at_counter else None
    config = office.counter(counter) if counter is not None else None
    ahead, eta = line() if state == "waiting" else (0, None)
    return PublicTicket(
        number=number,
        service=service,
        service_name=service_name,
        state=state,
        ahead=ahead,
        eta_minutes=eta,
        counter=counter,
        counter_name=(config.label if config else f"Loket {counter}") if counter else None,
        called_at=called_at if at_counter else None,
    )


def find(hub: Hub, ticket_id: str) -> PublicTicket | None:
    """The public view of a ticket, or None for an id the hub never issued. A ticket of
    today is read from the engine's memory directly (hundreds of phones ask after each
    call); an earlier day's from the hub's full view of its stored row."""

    def look() -> PublicTicket | None:
        engine = hub.engine
        engine.refresh()
        ticket = engine.tickets.get(ticket_id)
        if ticket is not None:
            return _live(engine, ticket, hub.office)
        try:
            return public_ticket(hub.ticket(ticket_id), hub.office)
        except UnknownTicket:
            return None

    return hub.read(look)


def _live(engine: Engine, ticket: Ticket, office: Office) -> PublicTicket:
    """As public_ticket(ticket_view(...)) says, working out only what the public sees."""
    service = office.service(ticket.service)
    return _public(
        office, ticket.number, ticket.service, service.name if service else ticket.service,
        _STATES[ticket.state], ticket.counter,
        to_wire_time(ticket.called_at) if ticket.called_at else None,
        lambda: (engine.ahead_of(ticket), engine.estimated_wait_minutes(ticket)),
    )  # fmt: skip


def _rounded(moment: dt.datetime, up: bool) -> dt.datetime:
    moment = moment.replace(second=0, microsecond=0)
    step = ROUND_TO_MINUTES
    extra = (-moment.minute) % step if up else -(moment.minute % step)
    return moment + dt.timedelta(minutes=extra)


@functools.lru_cache(maxsize=1024)  # the phones of a line ask in the same minute
def estimate_text(eta_minutes: int | None, now: dt.datetime) -> str:
    """'sekitar 10.40–10.55 WITA' from now (in the office's zone), or why there is none."""
    if eta_minutes is None:
        return "Belum dapat diperkirakan: belum ada loket yang buka untuk layanan ini"
    if eta_minutes <= 0:
        return "Sebentar lagi"
    band = max(BAND_MIN_MINUTES, math.ceil(eta_minutes * BAND_SHARE))
    start = now + dt.timedelta(minutes=max(0, eta_minutes - band))
    end = now + dt.timedelta(minutes=eta_minutes + band)
    return indonesian.time_window(_rounded(start, up=False), _rounded(end, up=True))


def text_of(ticket: PublicTicket, now: dt.datetime) -> PublicText:
    waiting = ticket.state == "waiting"
    return PublicText(
        state=indonesian.TICKET_STATES[ticket.state],
        ahead=indonesian.ahead_text(ticket.ahead) if waiting else "",
        estimate=estimate_text(ticket.eta_minutes, now) if waiting else "",
    )
