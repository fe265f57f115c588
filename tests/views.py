"""Models from the few fields a test cares about: the rest as a quiet hub would send it."""

from __future__ import annotations

from typing import Any

from hub_client.events import HubEvent, parse_message
from protocol.views import CounterView, ServiceView, StateView, TicketView

NOW = "2026-11-23T01:06:00.000Z"


def ticket(fields: dict[str, Any]) -> TicketView:
    number = fields.get("number", "A-001")
    return TicketView.model_validate({
        "id": f"t-{number}", "number": number, "service": "informasi",
        "service_name": "Informasi", "priority": False, "category": None, "state": "called",
        "counter": None, "target_counter": None, "business_date": "2026-11-23",
        "issued_at": NOW, "called_at": None, "serving_at": None, "closed_at": None,
        "ahead": 0, "estimated_wait_min": None, "status_path": f"/t/{number}",
        "recall_count": 0, "transfer_count": 0, "compensation_case": None,
        "compensation": None, **fields,
    })  # fmt: skip


def service(fields: dict[str, Any]) -> ServiceView:
    code = fields.get("code", "informasi")
    return ServiceView.model_validate({
        "code": code, "prefix": "A", "name": code, "name_en": code, "description": "",
        "open": True, "quota": 200, "issued_today": 0, "waiting": 0, "priority_waiting": 0,
        "longest_wait_s": 0, "standard_minutes": 10, **fields,
    })  # fmt: skip


def counter(fields: dict[str, Any]) -> CounterView:
    current = fields.get("current")
    return CounterView.model_validate({
        "name": f"Loket {fields['number']}", "services": [], "paused": False,
        "pause_reason": "", **fields,
        "current": ticket(current).model_dump() if current else None,
    })  # fmt: skip


def state(fields: dict[str, Any]) -> StateView:
    """A snapshot: `services`, `counters` and `recent_calls` as partial dicts."""
    office = {"name": "MPP", "short_name": "mpp", "timezone": "Asia/Makassar", "address": "",
              "priority_categories": [], **fields.get("office", {})}  # fmt: skip
    return StateView.model_validate({
        "seq": 0, "now": NOW, "business_date": "2026-11-23", **fields, "office": office,
        "services": [service(s).model_dump() for s in fields.get("services", [])],
        "counters": [counter(c).model_dump() for c in fields.get("counters", [])],
        "recent_calls": [
            {"recall": c.get("type") == "ticket.recalled", **c}
            for c in fields.get("recent_calls", [])
        ],
    })  # fmt: skip


def message(fields: dict[str, Any]) -> HubEvent:
    """An event of the stream, as HubConnection hands it on."""
    return parse_message({"replayed": False, **fields})
