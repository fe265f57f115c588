"""The satisfaction survey on the hub (issue #15): answers and booth ratings, each an
event tied to its ticket, taken on the writer thread; their projection rows for the
reports (`survey_answers`, `survey_ratings`, migration 9).

The rules are the engine's (`hub.engine.survey`); the facts they need (is the ticket
closed, answered or rated already) are read here from the store on the writer thread,
so of two answers sent at the same instant the second sees the first and is refused.
What the projection adds (the ticket's service, its closing counter and officer) comes
from the ticket's own log, never from what the citizen sent.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from typing import TYPE_CHECKING

from hub.engine import survey
from hub.engine.events import Event, SurveyAnswered, SurveyRated, to_wire_time
from hub.engine.survey import SurveyTarget, check_open
from hub.store import Store, StoredEvent
from protocol.kinds import EventType, SurveyVia
from protocol.survey import UNSUR_CODES, RatingReply, SurveyReceipt, SurveyRequest

if TYPE_CHECKING:
    from hub.service import Hub


@dataclasses.dataclass(frozen=True)
class TicketFacts:
    """What the log knows of a ticket that the reports group by."""

    state: str
    service: str
    service_date: str
    counter: int | None  # where it was closed
    officer: str | None  # the NIP on the call that led to the close


def facts(conn: sqlite3.Connection, ticket_id: str) -> TicketFacts | None:
    row = conn.execute(
        "SELECT state, service, business_date FROM tickets WHERE id = ?", (ticket_id,)
    ).fetchone()
    if row is None:
        return None
    counter = officer = None
    for kind, data in conn.execute(
        "SELECT type, data FROM events WHERE ticket_id = ? AND type IN (?, ?) ORDER BY seq",
        (ticket_id, EventType.TICKET_CALLED, EventType.TICKET_CLOSED),
    ):
        wire = json.loads(data)
        if kind == EventType.TICKET_CALLED:
            officer = wire.get("officer")
        else:
            counter = wire.get("counter")
    return TicketFacts(str(row[0]), str(row[1]), str(row[2]), counter, officer)


def target(conn: sqlite3.Connection, ticket_id: str) -> SurveyTarget | None:
    known = facts(conn, ticket_id)
    if known is None:
        return None
    answered = conn.execute("SELECT 1 FROM survey_answers WHERE ticket_id = ?", (ticket_id,))
    rated = conn.execute("SELECT 1 FROM survey_ratings WHERE ticket_id = ?", (ticket_id,))
    return SurveyTarget(
        ticket_id, known.state, answered.fetchone() is not None, rated.fetchone() is not None
    )


def persist(store: Store, stored: list[StoredEvent], business_date: str) -> None:
    """The projection row of each survey event (inside its write transaction)."""
    for item in stored:
        event = item.event
        if not isinstance(event, SurveyAnswered | SurveyRated):
            continue
        known = facts(store.conn, event.ticket_id)
        assert known is not None  # noqa: S101 - the command checked it
        common = {
            "ticket_id": event.ticket_id, "seq": item.seq, "at": to_wire_time(event.at),
            "business_date": business_date, "service": known.service,
            "counter": known.counter, "officer": known.officer,
        }  # fmt: skip
        if isinstance(event, SurveyRated):
            store.conn.execute(
                "INSERT INTO survey_ratings (ticket_id, seq, rated_at, business_date, service, "
                "counter, officer, score) VALUES (:ticket_id, :seq, :at, :business_date, "
                ":service, :counter, :officer, :score)",
                {**common, "score": event.score},
            )
            continue
        profile = event.profile or {}
        answers = {code.lower(): event.answers[code] for code in UNSUR_CODES}
        store.conn.execute(
            "INSERT INTO survey_answers (ticket_id, seq, answered_at, business_date, "
            "service_date, service, counter, officer, via, u1, u2, u3, u4, u5, u6, u7, u8, u9, "
            "age, sex, education, occupation, suggestion) VALUES (:ticket_id, :seq, :at, "
            ":business_date, :service_date, :service, :counter, :officer, :via, :u1, :u2, "
            ":u3, :u4, :u5, :u6, :u7, :u8, :u9, :age, :sex, :education, :occupation, "
            ":suggestion)",
            {
                **common, **answers, "service_date": known.service_date, "via": event.via,
                "age": profile.get("age"), "sex": profile.get("sex"),
                "education": profile.get("education"), "occupation": profile.get("occupation"),
                "suggestion": event.suggestion,
            },
        )  # fmt: skip


def resolve(conn: sqlite3.Connection, ticket: str, today: str) -> str:
    """A ticket's id from its id, or from the number printed on it ("A-012", "a012") for a
    ticket of `today`: the kiosk's Survei button asks a citizen without a phone for it."""
    if conn.execute("SELECT 1 FROM tickets WHERE id = ?", (ticket,)).fetchone():
        return ticket
    match = _NUMBER.match(ticket.strip().upper())
    if match is None:
        return ticket
    number = f"{match[1]}-{int(match[2]):03d}"
    row = conn.execute(
        "SELECT id FROM tickets WHERE number = ? AND business_date = ? ORDER BY issued_at DESC",
        (number, today),
    ).fetchone()
    return str(row[0]) if row else ticket


_NUMBER = re.compile(r"^([A-Z]{1,3})-?(\d{1,4})$")


class SurveyCommands:
    """`hub.survey`: the commands, run on the writer thread, and the page's check."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def check_open(self, ticket_id: str) -> None:
        """Refuse (404 / 409) unless the ticket's survey may be answered now; read on the
        reader connection, beside the writer (the answer itself is checked again there)."""
        check_open(self.hub.on_reader(lambda store: target(store.conn, ticket_id)), ticket_id)

    def answer_at_kiosk(self, ticket: str, request: SurveyRequest) -> SurveyReceipt:
        """The kiosk's survey: `ticket` is the id or today's printed number."""
        today = self.hub.engine.business_date_of(self.hub.engine.now()).isoformat()
        ticket_id = resolve(self.hub.store.conn, ticket, today)
        return self.answer(ticket_id, request, SurveyVia.KIOSK)

    def answer(self, ticket_id: str, request: SurveyRequest, via: str) -> SurveyReceipt:
        def command() -> tuple[SurveyReceipt, list[Event]]:
            profile = request.profile.model_dump(exclude_none=True) if request.profile else None
            found = target(self.hub.store.conn, ticket_id)
            event = self.hub.engine.decide(lambda now: survey.answer(
                now, found, ticket_id, dict(request.answers), via, profile, request.suggestion
            ))  # fmt: skip
            receipt = SurveyReceipt(ticket_id=ticket_id, answered_at=event.to_dict()["at"])
            return receipt, [event]

        return self.hub._transaction(command)

    def rate(self, ticket_id: str, score: int) -> RatingReply:
        def command() -> tuple[RatingReply, list[Event]]:
            found = target(self.hub.store.conn, ticket_id)
            event = self.hub.engine.decide(lambda now: survey.rate(now, found, ticket_id, score))
            return RatingReply(ticket_id=ticket_id, score=event.score), [event]

        return self.hub._transaction(command)
