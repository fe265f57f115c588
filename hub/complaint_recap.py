"""The monthly complaint recap (issue #14), folded from each complaint's own events.

The complaints received in the month, as they stood at the end of it (or today while
it runs): a recap printed in March for February reads as one printed on 28 February.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import orjson

from hub.config import Office
from hub.engine.complaints import Complaint, ComplaintDesk
from hub.engine.events import ComplaintClosed, Event, event_from_dict
from hub.periods import Period
from hub.store import Store
from protocol.complaints import ComplaintRecap
from protocol.kinds import ComplaintChannel


def monthly(store: Store, office: Office, month: Period, today: dt.date) -> ComplaintRecap:
    as_of = min(month.last, today)
    tz = office.office.tz
    rows = store.conn.execute(
        "SELECT events FROM complaints WHERE received_date BETWEEN ? AND ? ORDER BY received_at",
        (month.first.isoformat(), month.last.isoformat()),
    )
    desk = ComplaintDesk(office)
    for (events,) in rows:
        history = [event_from_dict(data) for data in orjson.loads(events)]
        # Only what had happened by the end of `as_of`, office time.
        desk.reopen([[e for e in history if e.at.astimezone(tz).date() <= as_of]])
    complaints = list(desk.complaints.values())
    answered = [c for c in complaints if c.answered_at is not None]

    def answered_on(complaint: Complaint) -> dt.date:
        assert complaint.answered_at is not None  # noqa: S101 - filtered above
        return complaint.answered_at.astimezone(tz).date()

    def received_on(complaint: Complaint) -> dt.date:
        return complaint.received_at.astimezone(tz).date()

    statements = [_last_statement(c.history) for c in complaints]
    days = [desk.calendar.between(received_on(c), answered_on(c)) for c in answered]
    by_channel = {str(channel): 0 for channel in ComplaintChannel}
    by_service: dict[str, int] = {}
    for complaint in complaints:
        by_channel[complaint.channel] = by_channel.get(complaint.channel, 0) + 1
        service = complaint.service or "-"
        by_service[service] = by_service.get(service, 0) + 1
    return ComplaintRecap(
        month=month.label, as_of=as_of.isoformat(), received=len(complaints),
        answered=len(answered),
        answered_on_time=sum(answered_on(c) <= c.due_date for c in answered),
        overdue_open=sum(c.answered_at is None and as_of > c.due_date for c in complaints),
        by_channel=by_channel, by_service=dict(sorted(by_service.items())),
        satisfied=statements.count(True), not_satisfied=statements.count(False),
        avg_working_days_to_answer=round(sum(days) / len(days), 2) if days else None,
    )  # fmt: skip


def first_month(store: Store) -> str | None:
    """The month (YYYY-MM) of the first complaint kept, if any: where the desk's
    choice of months begins."""
    row = store.conn.execute("SELECT min(received_date) FROM complaints").fetchone()
    return str(row[0])[:7] if row and row[0] else None


def _last_statement(history: Sequence[Event]) -> bool | None:
    closed = [event for event in history if isinstance(event, ComplaintClosed)]
    return closed[-1].satisfied if closed else None
