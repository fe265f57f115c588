"""One office's day, as the province reads it (`/kantor/{code}?tanggal=`): the recap
its hub would print (the same code as GET /api/v1/offices/{code}/recap), the day's
complaints and the survey by unsur. Scanning one office-day's events is fine here; the
board never does.
"""

from __future__ import annotations

import collections
import datetime as dt
import zoneinfo
from typing import Any

import orjson

from central.store import Central, recap_of
from common.indonesian import MONTHS, duration, long_date
from protocol.kinds import ComplaintChannel
from reports import ikm
from reports.recap_formats import share
from reports.survey_formats import decimal

ZONES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
STATES = {"owed": "terutang", "given": "diberikan", "waived": "dibatalkan"}


def view(
    central: Central, code: str, day: dt.date | None, now: dt.datetime
) -> dict[str, Any] | None:
    """What the page shows of office `code` on `day` (None: today in the office's zone);
    None for an unknown office or one that has sent nothing yet."""
    office = central.office(code)
    if office is None or office["settings"] is None:
        return None
    settings = office["settings"]
    today = now.astimezone(zoneinfo.ZoneInfo(settings.timezone)).date()
    day = day or today
    rows = central.day_events(code, day.isoformat())
    recap = recap_of(settings, rows, day.isoformat())
    events = [orjson.loads(data) for (data,) in rows if '"complaint.' in data or '"survey.' in data]
    return {
        "code": code,
        "name": office["name"],
        "office": settings.name,
        "day": day,
        "day_text": long_date(day),
        "zone": ZONES.get(settings.timezone, settings.timezone),
        "previous": (day - dt.timedelta(days=1)).isoformat(),
        "next": (day + dt.timedelta(days=1)).isoformat() if day < today else None,
        "is_today": day == today,
        "totals": _figures(recap.totals.model_dump()),
        "services": [{"name": s.name, **_figures(s.model_dump())} for s in recap.services],
        "hours": [
            {"hour": f"{h.hour:02d}.00", "arrivals": h.arrivals, "avg_wait": duration(h.avg_wait_s)}
            for h in recap.hours
        ],  # fmt: skip
        "compensation": recap.compensation,
        "states": STATES,
        "owed_now": office["cases_owed"],
        "complaints": _complaints(central, code, day, events),
        "survey": recap.survey,
        "survey_ikm": decimal(recap.survey.ikm) if recap.survey else "-",
        "survey_konversi": decimal(recap.survey.konversi) if recap.survey else "-",
        "ratings_mean": decimal(recap.survey.ratings.mean) if recap.survey else "-",
        "unsur": _unsur(events),
    }


def _figures(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        **figures,
        "avg_wait": duration(figures["avg_wait_s"]),
        "max_wait": duration(figures["max_wait_s"]),
        "avg_service": duration(figures["avg_service_s"]),
        "within": share(figures["called_within_threshold"]),
    }


def _complaints(
    central: Central, code: str, day: dt.date, events: list[dict[str, Any]]
) -> dict[str, Any]:
    """The day's complaint steps, and those unanswered at its end (no citizen's words or
    tracking code: the office's desk holds those)."""
    kinds = [event["type"] for event in events]
    closed = [event for event in events if event["type"] == "complaint.closed"]
    unanswered = central.complaints(code, day)
    channels = {str(channel): channel.label for channel in ComplaintChannel}
    received = [event for event in events if event["type"] == "complaint.received"]
    return {
        "received": len(received),
        "by_channel": sorted(
            collections.Counter(channels.get(e["channel"], e["channel"]) for e in received).items()
        ),  # fmt: skip
        "answered": kinds.count("complaint.answered"),
        "satisfied": sum(bool(e.get("satisfied")) for e in closed),
        "not_satisfied": sum(not e.get("satisfied") for e in closed),
        "late_opened": kinds.count("complaint.late"),
        "unanswered": [
            {
                **c,
                "received_text": _date(c["received_on"]),
                "due_text": _date(c["due_date"]),
            }
            for c in unanswered
        ],  # fmt: skip
        "overdue": sum(c["overdue"] for c in unanswered),
    }


def _date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _unsur(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    tally = ikm.tally_of(e["answers"] for e in events if e["type"] == "survey.answered")
    return [{"code": u.code, "name": u.name, "nrr": decimal(u.nrr), "answered": u.answered}
            for u in ikm.unsur_results(tally)]  # fmt: skip
