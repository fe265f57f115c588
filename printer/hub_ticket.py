"""The printout of a ticket from what the hub says: its reply to POST /tickets and its
GET /state snapshot. One mapping for every printer of tickets (the kiosk, the simulator),
so a ticket looks the same wherever it was printed: booth line, category, wait and all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from printer.models import OfficeHeader, TicketPrint


def ticket_print(ticket: dict[str, Any], snapshot: dict[str, Any], status_url: str) -> TicketPrint:
    """The printout of a ticket, from the hub's reply and its last /state snapshot."""
    office = snapshot.get("office", {})
    categories = {c["code"]: c["name"] for c in office.get("priority_categories", [])}
    booths = [c["name"] for c in snapshot.get("counters", []) if ticket["service"] in c["services"]]
    return TicketPrint(
        number=ticket["number"],
        service_name=ticket.get("service_name", ticket["service"]),
        issued_at=dt.datetime.fromisoformat(ticket["issued_at"]),
        priority=bool(ticket.get("priority")),
        category_name=categories.get(ticket.get("category") or ""),
        ahead=int(ticket.get("ahead", 0)),
        estimated_wait_minutes=ticket.get("estimated_wait_min"),
        status_url=status_url,
        booth_name=", ".join(booths) or None,
    )


def office_header(snapshot: dict[str, Any], logo: Path | None) -> OfficeHeader:
    office = snapshot.get("office", {})
    return OfficeHeader(
        name=office.get("name", "Mal Pelayanan Publik"),
        address=office.get("address") or None,
        timezone=office.get("timezone", "Asia/Jakarta"),
        logo=logo,
    )
