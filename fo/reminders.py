"""The complaint reminders at the top of the FO desk (issue #14), Qt-free: which
complaints are overdue or due today, and how the desk words them.

From the hub's own lists: `GET /complaints?overdue=true` (the hub judges lateness by
its clock) and `GET /complaints` for those whose due date is the hub's today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from common.indonesian import long_date
from protocol.complaints import ComplaintView

SUMMARY_CHARS = 70  # one line of the strip; the whole text is in the complaint itself
SHOWN = 5  # lines at most; the rest are counted


@dataclass(frozen=True, slots=True)
class Reminder:
    tracking_code: str
    overdue: bool
    text: str  # one line: code, state, due date, the start of the summary


def reminders(
    overdue: list[ComplaintView], listed: list[ComplaintView], today: dt.date
) -> list[Reminder]:
    """The overdue first (oldest due date first), then those due today unanswered."""
    late = sorted((c for c in overdue if c.overdue), key=lambda c: (c.due_date, c.received_at))
    late_ids = {c.id for c in late}
    due_today = [
        c for c in listed
        if c.id not in late_ids and c.answered_at is None and c.state != "closed"
        and c.due_date == today.isoformat()
    ]  # fmt: skip
    return [_reminder(c, True) for c in late] + [_reminder(c, False) for c in due_today]


def headline(shown: list[Reminder]) -> str:
    late = sum(1 for reminder in shown if reminder.overdue)
    today = len(shown) - late
    parts = ([f"{late} terlambat dijawab"] if late else []) + (
        [f"{today} harus dijawab hari ini"] if today else []
    )
    return "Pengaduan: " + ", ".join(parts) if parts else ""


def more_text(shown: list[Reminder]) -> str:
    rest = len(shown) - SHOWN
    return f"… dan {rest} pengaduan lainnya" if rest > 0 else ""


def _reminder(complaint: ComplaintView, overdue: bool) -> Reminder:
    state = complaint.state_label + (f" ({complaint.stage})" if complaint.stage else "")
    due = dt.date.fromisoformat(complaint.due_date)
    when = f"TERLAMBAT, batas {long_date(due)}" if overdue else "batas hari ini"
    summary = " ".join(complaint.summary.split())
    if len(summary) > SUMMARY_CHARS:
        summary = summary[: SUMMARY_CHARS - 1].rstrip() + "…"
    return Reminder(
        tracking_code=complaint.tracking_code,
        overdue=overdue,
        text=f"{complaint.tracking_code} · {when} · {state} · {summary}",
    )
