"""Play a seeded office day against the real hub, faster than life (`antrian simulate`).

The hub must run with --test-clock: the simulator freezes its clock and moves it
forward step by step, so every wait is exact and the same seed gives the same day.
Counters call, serve and close as officers would; late calls are compensated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from hub.config import Office
from hub.simulation import Arrival, plan_day
from hub_client import HubClient

STEP_S = 30  # simulated seconds between two looks at the counters
WALK_S = 60  # a called citizen needs about a minute to reach the counter


@dataclasses.dataclass
class Desk:
    number: int
    ticket: dict[str, Any] | None = None
    busy_until: float = 0.0  # simulated seconds
    arrival: Arrival | None = None


@dataclasses.dataclass
class DayResult:
    issued: int = 0
    calls: list[tuple[str, int]] = dataclasses.field(default_factory=list)
    served: int = 0
    no_show: int = 0
    compensation: int = 0
    waits_s: list[int] = dataclasses.field(default_factory=list)

    def summary(self) -> str:
        mean = sum(self.waits_s) / len(self.waits_s) / 60 if self.waits_s else 0
        return (f"{self.issued} tickets, {len(self.calls)} calls, {self.served} served, "
                f"{self.no_show} no-show, average wait {mean:.1f} min, "
                f"{self.compensation} compensation case(s)")  # fmt: skip


def simulate(
    client: HubClient,
    office: Office,
    seed: int = 1,
    speed: float = 600.0,
    hours: int = 8,
    say: Callable[[str], None] = print,
    printer_url: str | None = None,
) -> DayResult:
    """Play the day; `speed` is simulated seconds per real second (0: as fast as possible).
    With `printer_url`, each ticket is printed there, as the kiosk would."""
    arrivals = plan_day(office, seed, hours=hours)
    by_ticket: dict[str, Arrival] = {}
    desks = [Desk(c.number) for c in office.counters]
    result = DayResult()
    _open_the_day(client, office)
    now_s = 0.0
    pending = list(arrivals)
    closing = hours * 3600
    while pending or any(d.ticket for d in desks) or (now_s < closing and now_s < 36000):
        while pending and pending[0].at_s <= now_s:
            arrival = pending.pop(0)
            ticket = client.issue(arrival.service, arrival.category is not None, arrival.category)
            by_ticket[ticket["id"]] = arrival
            if printer_url:
                _print(printer_url, ticket, office, client.url)
            result.issued += 1
        for desk in desks:
            _work(client, desk, now_s, by_ticket, result)
        if not pending and now_s >= closing and not any(d.ticket for d in desks):
            break
        client.request("POST", "/test/clock", json={"advance_s": STEP_S})
        now_s += STEP_S
        if speed:
            time.sleep(STEP_S / speed)
        if int(now_s) % 3600 == 0:
            say(f"{8 + int(now_s) // 3600:02d}.00  {result.summary()}")
    return result


def _open_the_day(client: HubClient, office: Office) -> None:
    """Freeze the hub's clock and move it to the next 08.00, office time."""
    state = client.request("POST", "/test/clock", json={"freeze": True}).json()
    now = dt.datetime.fromisoformat(state["now"]).astimezone(office.office.tz)
    opening = now.replace(hour=8, minute=0, second=0, microsecond=0)
    if opening <= now:
        opening += dt.timedelta(days=1)
    client.request("POST", "/test/clock", json={"advance_s": (opening - now).total_seconds()})


def _work(
    client: HubClient, desk: Desk, now_s: float, by_ticket: dict[str, Arrival], result: DayResult
) -> None:
    ticket = desk.ticket
    if ticket is None:
        called = client.call_next(desk.number)
        if called is None:
            return
        desk.ticket, desk.arrival = called, by_ticket.get(called["id"])
        desk.busy_until = now_s + WALK_S
        result.calls.append((called["number"], desk.number))
        result.waits_s.append(called["waited_s"])
        case = called.get("compensation")
        if case:
            result.compensation += 1
            # The officer apologises and hands over the drink (decree 108/2024).
            client.request("POST", f"/compensations/{case['id']}/given")
        return
    if now_s < desk.busy_until:
        return
    arrival = desk.arrival
    if ticket["state"] == "called":
        if arrival is not None and not arrival.shows_up:
            client.act(ticket["id"], "no-show")
            result.no_show += 1
            desk.ticket = None
            return
        desk.ticket = client.act(ticket["id"], "serve")
        desk.busy_until = now_s + (arrival.service_s if arrival else 600)
        return
    client.act(ticket["id"], "close")
    result.served += 1
    desk.ticket = None


def _print(url: str, ticket: dict[str, Any], office: Office, hub_url: str) -> None:
    from printer import (
        OfficeHeader,
        PrinterError,
        TicketPrint,
        open_printer,
        paper_profile,
        render_ticket,
    )

    paper = paper_profile(office.kiosk.paper)
    printout = TicketPrint(
        number=ticket["number"],
        service_name=ticket["service_name"],
        issued_at=dt.datetime.fromisoformat(ticket["issued_at"]),
        priority=ticket["priority"],
        category_name=None,
        ahead=ticket["ahead"],
        estimated_wait_minutes=ticket.get("estimated_wait_min"),
        status_url=hub_url.removesuffix("/api/v1") + ticket["status_path"],
    )
    header = OfficeHeader(office.office.name, office.office.address, office.office.timezone)
    try:
        connection = open_printer(url, paper)
        try:
            connection.send(render_ticket(printout, header, paper), label=ticket["number"])
        finally:
            connection.close()
    except PrinterError as error:
        print(f"ticket {ticket['number']} not printed: {error}")  # noqa: T201
