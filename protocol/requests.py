"""The JSON bodies the hub's API accepts, checked strictly before anything else runs."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from protocol.kinds import IncidentKind, ManualCompensationKind


class Body(BaseModel):
    # Strict: `"priority": "yes"` or `"counter": "3"` is a mistake to report, not to guess.
    model_config = ConfigDict(extra="forbid", strict=True)


class IssueRequest(Body):
    service: str = Field(min_length=1, max_length=32)
    priority: bool | None = None  # left out: a priority category implies it
    category: str | None = Field(default=None, max_length=32)

    @model_validator(mode="after")
    def _category_means_priority(self) -> IssueRequest:
        if self.category is not None and self.priority is False:
            raise ValueError("a priority category needs priority true (or no priority key)")
        return self


class TransferRequest(Body):
    service: str = Field(min_length=1, max_length=32)
    counter: int | None = Field(default=None, ge=1, le=999)


class PauseRequest(Body):
    reason: str = Field(default="", max_length=200)


class IncidentRequest(Body):
    # An enum's JSON form is its string: strict mode would take only the member itself.
    kind: Annotated[IncidentKind, Field(strict=False)]
    message: str = Field(default="", max_length=500)
    ticket_id: str | None = Field(default=None, max_length=64)


class SessionRequest(Body):
    nip: str = Field(min_length=1, max_length=20)
    pin: str = Field(min_length=1, max_length=8)
    counter: int = Field(ge=1, le=999)


class CompensationRequest(Body):
    kind: Annotated[ManualCompensationKind, Field(strict=False)]
    ticket_id: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=500)


class SettleRequest(Body):
    note: str = Field(default="", max_length=500)


class ClockRequest(Body):
    advance_s: float = Field(default=0, ge=0, le=366 * 86400)
    freeze: bool | None = None
    # False: only the clock moves; the hub's periodic chores find the change on their
    # next run, as they would at a real midnight (the test of the chore itself).
    chores: bool = True
