"""Who is signed in at which counter: an aggregate that outlives the business day (an
officer signed in before midnight is still at the counter after it)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hub.engine.events import Event, OfficerSignedIn, OfficerSignedOut


@dataclasses.dataclass(frozen=True)
class OnDuty:
    nip: str
    name: str


class Staff:
    def __init__(self) -> None:
        self.at_counter: dict[int, OnDuty] = {}

    def nip_at(self, counter: int) -> str | None:
        on_duty = self.at_counter.get(counter)
        return on_duty.nip if on_duty else None

    def sign_in(self, now: dt.datetime, counter: int, nip: str, name: str) -> OfficerSignedIn:
        return OfficerSignedIn(at=now, counter=counter, officer=nip, officer_name=name)

    def sign_out(self, now: dt.datetime, counter: int, nip: str) -> OfficerSignedOut | None:
        if self.nip_at(counter) != nip:
            return None  # someone else took the counter since; nothing to record
        return OfficerSignedOut(at=now, counter=counter, officer=nip)

    def apply(self, event: Event) -> None:
        match event:
            case OfficerSignedIn():
                self.at_counter[event.counter] = OnDuty(event.officer, event.officer_name)
            case OfficerSignedOut() if self.nip_at(event.counter) == event.officer:
                del self.at_counter[event.counter]
