"""The compensation ledger (SK 108/2024): every case from opening until it is settled.

An aggregate whose records outlive the business day: a drink owed on Monday is still
owed on Thursday, through midnights and restarts, until the counter gives it or FO
waives it. Late calls open a case through `ticket.called` (the queue decides, the ledger
records); the other decree cases are recorded by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from hub.engine import errors
from hub.engine.desk import MANUAL_CASES
from hub.engine.events import (
    CompensationRecorded,
    CompensationSettled,
    ComplaintLate,
    Event,
    TicketCalled,
)
from hub.engine.model import CompensationCase, Ticket
from protocol.kinds import CompensationKind, CompensationState


class Ledger:
    def __init__(self, service_of: Callable[[str], str | None]) -> None:
        self.cases: dict[str, CompensationCase] = {}
        self._service_of = service_of  # a ticket's service, while the queue knows it

    # ---- commands ---------------------------------------------------------------------

    def record(
        self,
        now: dt.datetime,
        case_id: str,
        kind: str,
        ticket: Ticket | None,
        note: str,
        counter_number: int | None = None,
        officer: str | None = None,
        last_counter: int | None = None,
    ) -> CompensationRecorded:
        """Record a decree case; a counter only for its own citizen. `last_counter`: the
        counter that last handled the ticket (from the log: a closed ticket keeps none)."""
        if kind not in MANUAL_CASES:
            allowed = ", ".join(MANUAL_CASES)
            raise errors.InvalidCompensation(
                f"Jenis kompensasi '{kind}' tidak dikenal.",
                f"Unknown compensation kind '{kind}'; allowed: {allowed}.",
            )
        if ticket is not None:
            # FO (no counter) records for anyone; a counter not for a citizen another
            # counter serves or served. A ticket nobody has called yet belongs to no one.
            where = ticket.counter if ticket.counter is not None else last_counter
            if counter_number is not None and where not in (None, counter_number):
                raise errors.WrongCounter(
                    f"{ticket.number} ditangani Loket {where}, bukan Loket {counter_number}.",
                    f"{ticket.number} is handled by counter {where}, not {counter_number}.",
                )
        return CompensationRecorded(
            at=now, case_id=case_id, kind=kind, ticket_id=ticket.id if ticket else None,
            number=ticket.number if ticket else None, counter=counter_number, officer=officer,
            note=note,
        )  # fmt: skip

    def settle(
        self,
        now: dt.datetime,
        case_id: str,
        state: str,
        note: str = "",
        counter_number: int | None = None,
        officer: str | None = None,
        held_by: int | None = None,
    ) -> CompensationSettled:
        """Mark a case given or waived. `held_by`: the counter that has (or last had)
        the citizen, since a transfer sends them on with what they are owed."""
        case = self.cases.get(case_id)
        if case is None:
            raise errors.UnknownCase(
                "Kasus kompensasi tidak ditemukan.", f"No open compensation case '{case_id}'."
            )
        # Settled with the citizen: at the counter that opened the case, or the one that
        # has (or last had) the citizen after a transfer. FO (no counter) settles any.
        if counter_number is not None and counter_number not in (case.counter, held_by):
            owner = f"Loket {case.counter}" if case.counter else "FO"
            raise errors.WrongCounter(
                f"Kompensasi {case.number or 'ini'} milik {owner}, bukan Loket {counter_number}.",
                f"This compensation case belongs to {owner}, not counter {counter_number}.",
            )
        if case.state != CompensationState.OWED:
            raise errors.InvalidCompensation(
                f"Kompensasi untuk {case.number or 'kasus ini'} sudah dicatat ({case.state}).",
                f"This compensation case is already {case.state}.",
            )
        if state == CompensationState.WAIVED and not note.strip():
            raise errors.InvalidCompensation(
                "Alasan pembatalan kompensasi wajib diisi.", "Waiving a case needs a reason."
            )
        return CompensationSettled(
            at=now, case_id=case_id, state=state, counter=counter_number, officer=officer,
            note=note,
        )  # fmt: skip

    # ---- folding ----------------------------------------------------------------------

    def apply(self, event: Event) -> None:
        match event:
            case TicketCalled(compensation=dict() as owed):
                case_id = str(owed["case_id"])
                self.cases[case_id] = CompensationCase(
                    id=case_id, kind=CompensationKind.LATE_SERVICE, ticket_id=event.ticket_id,
                    number=event.number, counter=event.counter, officer=event.officer,
                    opened_at=event.at, service=event.service, waited_s=event.waited_s,
                )  # fmt: skip
            case CompensationRecorded():
                self.cases[event.case_id] = CompensationCase(
                    id=event.case_id, kind=event.kind, ticket_id=event.ticket_id,
                    number=event.number, counter=event.counter, officer=event.officer,
                    opened_at=event.at, note=event.note,
                    service=self._service_of(event.ticket_id) if event.ticket_id else None,
                )  # fmt: skip
            case ComplaintLate():
                self.cases[event.case_id] = CompensationCase(
                    id=event.case_id, kind=CompensationKind.COMPLAINT_LATE, ticket_id=None,
                    number=None, counter=None, officer=None, opened_at=event.at,
                    note=event.note, complaint_id=event.complaint_id,
                )  # fmt: skip
            case CompensationSettled():
                case = self.cases.get(event.case_id)
                if case is not None:
                    case.state, case.settled_at = event.state, event.at
                    case.note = event.note or case.note

    def reopen(self, cases: Iterable[CompensationCase]) -> None:
        """Take the cases the store kept (every open one, whatever its day)."""
        for case in cases:
            self.cases[case.id] = case

    def roll(self, previous: dt.date, day_of: Callable[[dt.datetime], dt.date]) -> None:
        """A new business day: keep what is still owed, and the last two days' cases."""
        self.cases = {
            case_id: case
            for case_id, case in self.cases.items()
            if case.state == CompensationState.OWED or day_of(case.opened_at) >= previous
        }
