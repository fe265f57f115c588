"""Refusals of the engine. Each carries a stable code and a message in Indonesian and English.

The API turns them into 4xx replies; the kiosk and counter panel show `message` as it is.
"""

from __future__ import annotations

from typing import Any, ClassVar


class EngineError(Exception):
    """Base class: the engine refused a command; nothing changed."""

    code: ClassVar[str] = "refused"
    status: ClassVar[int] = 409

    def __init__(self, message: str, message_en: str, **details: Any) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en
        self.details = details


class UnknownService(EngineError):
    """No service has this code."""

    code = "unknown_service"
    status = 404


class UnknownCounter(EngineError):
    """No counter has this number."""

    code = "unknown_counter"
    status = 404


class UnknownTicket(EngineError):
    """No ticket of today has this id."""

    code = "unknown_ticket"
    status = 404


class UnknownCategory(EngineError):
    """No priority category has this code."""

    code = "unknown_category"
    status = 422


class ServiceClosed(EngineError):
    """The service does not take tickets now (hours, holiday, disabled)."""

    code = "service_closed"


class QuotaReached(EngineError):
    """Today's quota of tickets for this service is used up."""

    code = "quota_reached"


class InvalidTransition(EngineError):
    """The ticket's state does not allow this action."""

    code = "invalid_state"


class CounterBusy(EngineError):
    """The counter still holds a ticket it must finish first."""

    code = "counter_busy"


class CounterPaused(EngineError):
    """The counter is on a break and calls nobody."""

    code = "counter_paused"


class WrongCounter(EngineError):
    """The ticket or compensation case belongs to another counter."""

    code = "wrong_counter"
    status = 403


class UnknownCase(EngineError):
    """No open compensation case has this id."""

    code = "unknown_case"
    status = 404


class InvalidCompensation(EngineError):
    """The compensation request does not fit the case or the decree."""

    code = "invalid_compensation"
    status = 409


class UnknownComplaint(EngineError):
    """No complaint has this id."""

    code = "unknown_complaint"
    status = 404


class UnknownStage(EngineError):
    """No stage of `[complaints].stages` has this code."""

    code = "unknown_stage"
    status = 422


class InvalidComplaintStep(EngineError):
    """The complaint's state does not allow this action."""

    code = "invalid_complaint_state"
    status = 409


class NotYourStep(EngineError):
    """The complaint's step belongs to another duty (the desk, or another stage)."""

    code = "not_your_duty"
    status = 403


class SurveyNotOpen(EngineError):
    """The ticket is not closed: there is no service to judge yet."""

    code = "survey_not_open"


class SurveyAnswered(EngineError):
    """The survey of this ticket was answered already (one answer per ticket)."""

    code = "survey_answered"


class AlreadyRated(EngineError):
    """The ticket was rated at the booth already (one rating per ticket)."""

    code = "already_rated"
