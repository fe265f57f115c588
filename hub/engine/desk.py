"""The counter desk beyond the queue: who is signed in, compensation cases, incidents,
and a new office config. Part of the Engine (a mixin), kept apart to keep modules small."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from hub.config import Office
from hub.engine import errors
from hub.engine.events import (
    CompensationRecorded,
    CompensationSettled,
    ConfigReloaded,
    DeviceIncident,
    Event,
    OfficerSignedIn,
    OfficerSignedOut,
)
from hub.engine.model import CompensationCase, CounterState, Ticket
from hub.engine.rules import OpeningRules

# SK 108/2024: the cases an officer or FO records by hand, with what the citizen receives.
MANUAL_CASES: dict[str, tuple[str, str]] = {
    "fee_differs": ("Biaya/tarif tidak sesuai", "Permohonan maaf"),
    "complaint_late": ("Terlambat menindaklanjuti pengaduan", "Permohonan maaf"),
    "officer_incompetent": (
        "Kompetensi petugas tidak layak",
        "Permohonan maaf dan dilayani langsung oleh petugas yang kompeten",
    ),
    "procedure_nonstandard": ("SOP tidak sesuai standar pelayanan", "Permohonan maaf"),
}
CASE_TITLES = {"late_service": "Terlambat melayani (≥ 15 menit)"} | {
    kind: title for kind, (title, _) in MANUAL_CASES.items()
}


def remedy_for(kind: str, office: Office) -> str:
    """What the citizen receives for a case of this kind (the office sets the late one)."""
    if kind == "late_service":
        return office.compensation.remedy
    return MANUAL_CASES.get(kind, ("", "Permohonan maaf"))[1]


class DeskMixin:
    if TYPE_CHECKING:  # provided by Engine
        office: Office
        rules: OpeningRules
        tz: dt.tzinfo
        counters: dict[int, CounterState]
        tickets: dict[str, Ticket]
        cases: dict[str, CompensationCase]
        _waiting: dict[str, dict[str, Ticket]]
        _new_id: Callable[[], str]

        def _begin(self) -> dt.datetime: ...
        def _counter(self, number: int) -> CounterState: ...
        def _counter_state(self, number: int) -> CounterState: ...
        def ticket(self, ticket_id: str) -> Ticket: ...
        def apply(self, event: Event) -> None: ...

    # ---- officers ---------------------------------------------------------------------

    def sign_in(self, counter_number: int, officer: str, officer_name: str) -> OfficerSignedIn:
        now = self._begin()
        self._counter(counter_number)
        event = OfficerSignedIn(
            at=now, counter=counter_number, officer=officer, officer_name=officer_name
        )
        self.apply(event)
        return event

    def sign_out(self, counter_number: int, officer: str) -> OfficerSignedOut | None:
        counter = self._counter(counter_number)
        if counter.officer != officer:
            return None  # someone else took the counter since; nothing to record
        event = OfficerSignedOut(at=self._begin(), counter=counter_number, officer=officer)
        self.apply(event)
        return event

    # ---- compensation (SK 108/2024) ---------------------------------------------------

    def record_compensation(
        self,
        kind: str,
        ticket_id: str | None,
        note: str,
        counter_number: int | None = None,
        officer: str | None = None,
        last_counter: int | None = None,
    ) -> CompensationRecorded:
        """Record a decree case; a counter only for its own citizen. `last_counter`: the
        counter that last handled the ticket (from the log: a closed ticket keeps none)."""
        now = self._begin()
        if kind not in MANUAL_CASES:
            allowed = ", ".join(MANUAL_CASES)
            raise errors.InvalidCompensation(
                f"Jenis kompensasi '{kind}' tidak dikenal.",
                f"Unknown compensation kind '{kind}'; allowed: {allowed}.",
            )
        number = None
        if ticket_id:
            ticket = self.ticket(ticket_id)
            # FO (no counter) records for anyone; a counter not for a citizen another
            # counter serves or served. A ticket nobody has called yet belongs to no one.
            where = ticket.counter if ticket.counter is not None else last_counter
            if counter_number is not None and where not in (None, counter_number):
                raise errors.WrongCounter(
                    f"{ticket.number} ditangani Loket {where}, bukan Loket {counter_number}.",
                    f"{ticket.number} is handled by counter {where}, not {counter_number}.",
                )
            number = ticket.number
        event = CompensationRecorded(
            at=now, case_id=self._new_id(), kind=kind, ticket_id=ticket_id, number=number,
            counter=counter_number, officer=officer, note=note,
        )  # fmt: skip
        self.apply(event)
        return event

    def settle_compensation(
        self,
        case_id: str,
        state: str,
        note: str = "",
        counter_number: int | None = None,
        officer: str | None = None,
        last_counter: int | None = None,
    ) -> CompensationSettled:
        """Mark a case given or waived; `last_counter` as for record_compensation."""
        now = self._begin()
        case = self.cases.get(case_id)
        if case is None:
            raise errors.UnknownCase(
                "Kasus kompensasi tidak ditemukan.", f"No open compensation case '{case_id}'."
            )
        # Settled with the citizen: at the counter that opened the case, or the one that
        # has (or last had) the citizen after a transfer. FO (no counter) settles any.
        ticket = self.tickets.get(case.ticket_id or "")
        held = ticket.counter if ticket is not None else None
        with_citizen = held if held is not None else last_counter
        if counter_number is not None and counter_number not in (case.counter, with_citizen):
            owner = f"Loket {case.counter}" if case.counter else "FO"
            raise errors.WrongCounter(
                f"Kompensasi {case.number or 'ini'} milik {owner}, bukan Loket {counter_number}.",
                f"This compensation case belongs to {owner}, not counter {counter_number}.",
            )
        if case.state != "owed":
            raise errors.InvalidCompensation(
                f"Kompensasi untuk {case.number or 'kasus ini'} sudah dicatat ({case.state}).",
                f"This compensation case is already {case.state}.",
            )
        if state == "waived" and not note.strip():
            raise errors.InvalidCompensation(
                "Alasan pembatalan kompensasi wajib diisi.", "Waiving a case needs a reason."
            )
        event = CompensationSettled(
            at=now, case_id=case_id, state=state, counter=counter_number, officer=officer,
            note=note,
        )  # fmt: skip
        self.apply(event)
        return event

    # ---- the office -------------------------------------------------------------------

    def incident(
        self, device: str, kind: str, message: str, ticket_id: str | None = None
    ) -> DeviceIncident:
        event = DeviceIncident(
            at=self._begin(), device=device, kind=kind, message=message, ticket_id=ticket_id
        )
        self.apply(event)
        return event

    def reconfigure(self, office: Office) -> ConfigReloaded:
        """Take a new office config without losing anyone's place: tickets keep their
        numbers; new services and counters appear, changed counters serve their new list."""
        self.office = office
        self.rules = OpeningRules(office)
        self.tz = office.office.tz
        for config in office.counters:
            state = self.counters.setdefault(config.number, CounterState(config.number, ()))
            state.services = tuple(config.services)
        for service in office.services:
            self._waiting.setdefault(service.code, {})
        event = ConfigReloaded(
            at=self._begin(),
            services=[s.code for s in office.services],
            counters=[c.number for c in office.counters],
        )
        self.apply(event)
        return event

    # ---- folding ----------------------------------------------------------------------

    def _apply_desk(self, event: Event) -> None:
        match event:
            case OfficerSignedIn():
                counter = self._counter_state(event.counter)
                counter.officer, counter.officer_name = event.officer, event.officer_name
            case OfficerSignedOut():
                counter = self._counter_state(event.counter)
                if counter.officer == event.officer:
                    counter.officer, counter.officer_name = None, ""
            case CompensationRecorded():
                self.cases[event.case_id] = CompensationCase(
                    id=event.case_id, kind=event.kind, ticket_id=event.ticket_id,
                    number=event.number, counter=event.counter, officer=event.officer,
                    opened_at=event.at, note=event.note,
                    service=self.tickets[event.ticket_id].service
                    if event.ticket_id in self.tickets else None,
                )  # fmt: skip
            case CompensationSettled():
                case = self.cases.get(event.case_id)
                if case is not None:
                    case.state, case.settled_at = event.state, event.at
                    case.note = event.note or case.note
