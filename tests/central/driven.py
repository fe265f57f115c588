"""An office's hub in process (a real SQLite file, a fixed clock) driven through busy
days at random: numbers taken, calls, closes, no-shows, transfers (from the line and
from a counter), recalls, late calls, manual compensation cases and their settling,
complaints (some left unanswered past their due date), survey answers and ratings.
Its log is what a forwarder would send; its own engine and recap are the truth central's
figures are held to."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common.paths import CONFIG_DIR
from hub import periods
from hub.config import Office
from hub.config_file import load_office
from hub.engine import FixedClock
from hub.engine.errors import EngineError
from hub.forwarder import central_settings
from hub.service import Hub
from hub.store import Store
from protocol.complaints import AnswerRequest, CloseRequest, ComplaintRequest, VerifyRequest
from protocol.kinds import TicketState
from protocol.survey import SurveyRequest
from tests.conftest import SequentialIds

WITA = dt.timezone(dt.timedelta(hours=8))


def office_of(config: str, answer_working_days: int = 1) -> Office:
    """The office of config/NAME.toml, its complaints due after `answer_working_days`."""
    office = load_office(CONFIG_DIR / config)
    complaints = office.complaints.model_copy(update={"answer_working_days": answer_working_days})
    return office.model_copy(update={"complaints": complaints})


class DrivenOffice:
    def __init__(self, path: Path, office: Office, start: dt.datetime, seed: int) -> None:
        self.office = office
        self.clock = FixedClock(start)
        self.hub = Hub(office, Store(path), self.clock, SequentialIds())
        self.rng = random.Random(seed)
        self.complaints: list[str] = []
        self.settings = central_settings(office)

    def close(self) -> None:
        self.hub.close()

    # ---- driving ----------------------------------------------------------------------

    def at(self, local: dt.datetime) -> None:
        self.clock.set(local)
        self.hub.run(self.hub.engine.refresh)
        self.run(self.hub.complaints.open_late)  # the hub's chore, as each minute

    def play(self, steps: int, step_s: tuple[int, int] = (20, 240)) -> None:
        """`steps` random actions, each after a random while."""
        actions: list[tuple[float, Callable[[], Any]]] = [
            (0.18, self.issue), (0.25, self.call), (0.4, self.at_counter),
            (0.03, self.move_waiting), (0.04, self.record_case), (0.08, self.settle_case),
            (0.04, self.complaint), (0.05, self.complaint_step), (0.07, self.survey),
        ]  # fmt: skip
        for _ in range(steps):
            self.clock.advance(self.rng.randint(*step_s))
            action = self.rng.choices([a for _, a in actions], [w for w, _ in actions])[0]
            try:
                action()
            except EngineError:
                pass  # refused by the engine (closed, nobody waits, a wrong state): no change

    def drain(self, step_s: int = 120) -> None:
        """The day's end: every counter calls and closes until nobody waits."""
        for _ in range(500):
            held = self.tickets(TicketState.CALLED, TicketState.SERVING)
            for ticket in held:
                self.run(lambda t=ticket: self.hub.act(t.id, "close", t.counter))
            if not self.tickets(TicketState.WAITING):
                return
            for counter in self.office.counters:
                self.clock.advance(self.rng.randint(step_s // 4, step_s))
                try:
                    self.run(lambda c=counter.number: self.hub.call_next(c))
                except EngineError:
                    pass  # the counter is paused
            self.clock.advance(self.rng.randint(step_s // 2, step_s))

    def surveys(self, count: int) -> None:
        """`count` tries at a survey answer or a rating of a closed ticket."""
        for _ in range(count):
            try:
                self.survey()
            except EngineError:
                pass  # answered or rated already

    def run(self, work: Callable[[], Any]) -> Any:
        return self.hub.run(work)

    def tickets(self, *states: TicketState) -> list[Any]:
        return self.run(lambda: [t for t in self.hub.engine.tickets.values() if t.state in states])

    def issue(self) -> None:
        service = self.rng.choice(self.office.services).code
        self.run(lambda: self.hub.issue(service, priority=self.rng.random() < 0.1))

    def call(self) -> None:
        counter = self.rng.choice(self.office.counters).number
        self.run(lambda: self.hub.call_next(counter))

    def at_counter(self) -> None:
        """What the officer does with the citizen at a counter."""
        held = self.tickets(TicketState.CALLED, TicketState.SERVING)
        if not held:
            return
        ticket = self.rng.choice(held)
        pick = self.rng.random()
        if pick < 0.6:  # Mulai Layani first at times: the close comes a step later
            serve = ticket.state is TicketState.CALLED and self.rng.random() < 0.3
            action = "serve" if serve else "close"
            self.run(lambda: self.hub.act(ticket.id, action, ticket.counter))
        elif pick < 0.72:
            self.run(lambda: self.hub.act(ticket.id, "no-show", ticket.counter))
        elif pick < 0.86:
            other = self.rng.choice(
                [s.code for s in self.office.services if s.code != ticket.service]
            )
            self.run(lambda: self.hub.act(ticket.id, "transfer", ticket.counter, to_service=other))
        else:
            self.run(lambda: self.hub.act(ticket.id, "recall", ticket.counter))

    def move_waiting(self) -> None:
        """FO moves a citizen who chose the wrong service, still in the line."""
        waiting = self.tickets(TicketState.WAITING)
        if waiting:
            ticket = self.rng.choice(waiting)
            other = self.rng.choice(
                [s.code for s in self.office.services if s.code != ticket.service]
            )
            self.run(lambda: self.hub.act(ticket.id, "transfer", None, to_service=other))

    def record_case(self) -> None:
        closed = self.tickets(TicketState.CLOSED)
        if closed:
            ticket = self.rng.choice(closed)
            kind = self.rng.choice(["fee_differs", "officer_incompetent", "procedure_nonstandard"])
            self.run(
                lambda: self.hub.record_compensation(kind, ticket.id, "dicatat FO", None, None)
            )

    def settle_case(self) -> None:
        owed = self.run(lambda: [c.id for c in self.hub.engine.cases.values() if c.state == "owed"])
        if owed:
            case = self.rng.choice(owed)
            given = self.rng.random() < 0.8
            self.run(lambda: self.hub.settle_compensation(
                case, "given" if given else "waived", "" if given else "warga menolak", None, None))  # fmt: skip

    def complaint(self, followed_up: bool = True) -> None:
        """A complaint filed; one not `followed_up` is never answered (overdue later)."""
        channel = self.rng.choice(["loket", "whatsapp", "surat", "email"])
        request = ComplaintRequest(channel=channel, summary="Antrean lama", name="Warga")  # type: ignore[arg-type]
        filed = self.run(lambda: self.hub.complaints.file(request, "fo-1"))
        if followed_up:
            self.complaints.append(filed.id)

    def complaint_step(self) -> None:
        if not self.complaints:
            return
        complaint = self.rng.choice(self.complaints)
        desk = self.hub.complaints
        state = self.run(lambda: desk.one(complaint).state)
        body: Any = None
        if state == "received":
            action, body = "verify", VerifyRequest()
        elif state in ("verified", "escalated", "returned"):
            action, body = "answer", AnswerRequest(answer="Sudah ditangani")
        elif state == "answered":
            action, body = "close", CloseRequest(satisfied=self.rng.random() < 0.7)
        if body is not None:
            self.run(lambda: desk.act(complaint, action, body, "fo-1"))

    def survey(self) -> None:
        closed = self.tickets(TicketState.CLOSED)
        if not closed:
            return
        ticket = self.rng.choice(closed)
        if self.rng.random() < 0.7:
            answers = {f"U{n}": self.rng.choice([2, 3, 3, 4, 4]) for n in range(1, 10)}
            request = SurveyRequest(answers=answers)
            self.run(lambda: self.hub.survey.answer(ticket.id, request, "phone"))
        else:
            score = self.rng.randint(1, 4)
            self.run(lambda: self.hub.survey.rate(ticket.id, score))

    # ---- what the hub itself says ------------------------------------------------------

    def log(self) -> list[tuple[int, str, str]]:
        """The hub's log as its forwarder reads it: (seq, business_date, data)."""
        return self.run(lambda: self.hub.store.conn.execute(
            "SELECT seq, business_date, data FROM events ORDER BY seq").fetchall())  # fmt: skip

    def today(self) -> dt.date:
        return self.hub.engine.business_date_of(self.clock.now())

    def recap(self, day: dt.date) -> dict[str, Any]:
        return self.hub.recap(periods.day(day.isoformat())).model_dump()

    def truth(self) -> dict[str, Any]:
        """The hub's own figures now, as the board shows them."""
        self.run(self.hub.engine.refresh)
        totals = self.recap(self.today())["totals"]
        survey = self.recap(self.today())["survey"]
        return {
            "waiting": len(self.tickets(TicketState.WAITING)),
            "compensation_owed": self.run(
                lambda: sum(c.state == "owed" for c in self.hub.engine.cases.values())),
            "complaints_overdue": len(
                self.run(lambda: self.hub.complaints.listed(None, True, None))),
            "issued": totals["issued"], "called": totals["calls"], "served": totals["served"],
            "max_wait_s": totals["max_wait_s"] or 0,
            "survey": {key: survey[key] for key in ("respondents", "ikm", "konversi", "mutu",
                                                     "kinerja")},
        }  # fmt: skip
