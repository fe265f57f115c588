"""The JSON bodies the API accepts: defined in `protocol.requests`, the shared wire."""

from __future__ import annotations

from protocol.requests import (
    Body,
    ClockRequest,
    CompensationRequest,
    IncidentRequest,
    IssueRequest,
    PauseRequest,
    SessionRequest,
    SettleRequest,
    TransferRequest,
)

__all__ = [
    "Body",
    "ClockRequest",
    "CompensationRequest",
    "IncidentRequest",
    "IssueRequest",
    "PauseRequest",
    "SessionRequest",
    "SettleRequest",
    "TransferRequest",
]
