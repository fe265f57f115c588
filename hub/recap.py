"""The hub's recap: reports.recap_fold's fold of the log, on the hub's office config.

The fold is pure and lives in `reports`, so the central service computes an office's
recap from its forwarded log with the very same code (`recap_office` is what a hub
forwards of its config).
"""

from __future__ import annotations

from collections.abc import Iterable

from hub.config import Office
from protocol.recap import Recap, RecapCounter, RecapOffice, RecapService
from reports import recap_fold
from reports.recap_figures import DayFigures

LATE_TITLE = recap_fold.LATE_TITLE
__all__ = ["LATE_TITLE", "DayFold", "fold_day", "recap_of_days", "recap_office"]


def recap_office(office: Office) -> RecapOffice:
    """What the recap reads of the office config."""
    return RecapOffice(
        name=office.office.name,
        timezone=office.office.timezone,
        threshold_minutes=office.compensation.threshold_minutes,
        services=[RecapService(code=s.code, name=s.name) for s in office.services],
        counters=[RecapCounter(number=c.number, name=c.label) for c in office.counters],
    )


class DayFold(recap_fold.DayFold):
    """Folds one business day's events, in log order, into its figures."""

    def __init__(self, office: Office) -> None:
        super().__init__(recap_office(office))


def fold_day(rows: Iterable[tuple[str | bytes]], office: Office) -> DayFigures:
    """One business day's figures from its events: rows of their wire JSON, in log order
    (a log without recap rows, as forwarded elsewhere; the hub sums its recap rows,
    hub.recap_columns, to the same figures)."""
    return recap_fold.fold_day(rows, recap_office(office))


def recap_of_days(days: Iterable[DayFigures], office: Office, period: str) -> Recap:
    """The recap of consecutive days, merged in order."""
    return recap_fold.recap_of_days(days, recap_office(office), period)
