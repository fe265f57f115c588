"""Play a seeded office day against the real hub, faster than life (`antrian simulate`).

The hub must run with --test-clock: the simulator freezes its clock and moves it
forward step by step, so every wait is exact and the same seed gives the same day.
Counters call, serve and close as officers would; late calls are compensated.

People may use the office while it plays: a citizen at the kiosk, an officer at a panel.
What an officer did to a ticket or a counter stands; the simulator lets go of it and
goes on. A second run on the same hub starts a fresh day: it first finishes what the
last one left (tickets held at counters, citizens still waiting), then opens the next
morning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from antrian.config import OfficeConfig
from common.indonesian import clock, long_date
from hub.simulation import Arrival, plan_day
from hub_client import HubClient, HubRefused
from hub_client.client import wire
from protocol.kinds import TicketState
from protocol.views import StateView, TicketView

STEP_S = 30  # simulated seconds between two looks at the counters
WALK_S = 60  # a called citizen needs about a minute to reach the counter
OPENING = dt.time(8, 0)
CONFLICT = 409  # the hub's answer when the state forbids it: somebody else acted first
# A hub restarted after a simulated day has its clock behind that day's last event; it
# then shows that instant until its clock catches up: the simulator steps it forward,
# by at least SHORT_STEP each time, until it reports the next morning itself.
CLOCK_TRIES = 60
SHORT_STEP = dt.timedelta(hours=6)
# The progress table: an hour's row every simulated hour.
COLUMNS = (("jam", 6), ("tiket", 6), ("panggilan", 11), ("selesai", 9),
           ("tidak hadir", 13), ("tunggu rata-rata", 18), ("kompensasi", 12))  # fmt: skip


@dataclasses.dataclass
class Desk:
    number: int
    ticket: TicketView | None = None
    busy_until: float = 0.0  # simulated seconds
    arrival: Arrival | None = None
    officer_working: bool = False  # an officer holds this counter: the simulator waits


@dataclasses.dataclass
class DayResult:
    day: dt.date | None = None
    issued: int = 0
    calls: list[tuple[str, int]] = dataclasses.field(default_factory=list)
    served: int = 0
    no_show: int = 0
    compensation: int = 0
    waits_s: list[int] = dataclasses.field(default_factory=list)
    left_to_officers: int = 0  # tickets an officer acted on first

    def mean_wait_text(self) -> str:
        mean = sum(self.waits_s) / len(self.waits_s) / 60 if self.waits_s else 0
        return f"{mean:.1f} menit".replace(".", ",")

    def row(self, hour: str) -> str:
        return _columns(hour, self.issued, len(self.calls), self.served, self.no_show,
                        self.mean_wait_text(), self.compensation)  # fmt: skip

    def summary(self) -> str:
        return (f"{self.issued} tiket, {len(self.calls)} panggilan, {self.served} selesai, "
                f"{self.no_show} tidak hadir, rata-rata tunggu {self.mean_wait_text()}, "
                f"{self.compensation} kasus kompensasi")  # fmt: skip


def simulate(
    client: HubClient,
    office: OfficeConfig,
    seed: int = 1,
    speed: float = 600.0,
    hours: int = 8,
    say: Callable[[str], None] = print,
    printer_url: str | None = None,
) -> DayResult:
    """Play the day; `speed` is simulated seconds per real second (0: as fast as possible).
    With `printer_url`, each ticket is printed there, as the kiosk would."""
    arrivals = plan_day(office, seed, hours=hours)
    opening = _open_the_day(client, office, say)
    snapshot = client.state()  # what a kiosk knows when it prints: the office, the booths
    by_ticket: dict[str, Arrival] = {}
    desks = [Desk(c.number) for c in office.counters]
    result = DayResult(day=opening.date())
    pace = f"{speed:g}x" if speed else "secepatnya"
    say(f"Simulasi {long_date(opening)}, buka {clock(opening)} (seed {seed}, {pace}): "
        f"{office.office.name}")  # fmt: skip
    say(_columns(*(name for name, _width in COLUMNS)))
    now_s = 0.0
    pending = list(arrivals)
    closing = hours * 3600
    while pending or any(d.ticket for d in desks) or (now_s < closing and now_s < 36000):
        at = clock(opening + dt.timedelta(seconds=now_s))
        while pending and pending[0].at_s <= now_s:
            arrival = pending.pop(0)
            ticket = client.issue(arrival.service, arrival.category is not None, arrival.category)
            by_ticket[ticket.id] = arrival
            if printer_url:
                _print(printer_url, ticket, snapshot, office, client.url, say)
            result.issued += 1
        for desk in desks:
            _work(client, desk, now_s, by_ticket, result, _Stamped(say, at))
        if not pending and now_s >= closing and not any(d.ticket for d in desks):
            break
        _advance(client, STEP_S)
        now_s += STEP_S
        if speed:
            time.sleep(STEP_S / speed)
        if int(now_s) % 3600 == 0:
            say(result.row(f"{8 + int(now_s) // 3600:02d}.00"))
    say(f"Hari selesai (seed {seed}): {result.summary()}")
    return result


class SimulationError(Exception):
    """The simulated day cannot be played on this hub."""


class ClockBehind(SimulationError):
    """The hub's test clock does not reach the next morning."""


@dataclasses.dataclass(frozen=True)
class _Stamped:
    """A progress line with the simulated time in front."""

    say: Callable[[str], None]
    at: str

    def __call__(self, line: str) -> None:
        self.say(f"{self.at}  {line}")


# ---- opening the day -------------------------------------------------------------------


def _open_the_day(
    client: HubClient, office: OfficeConfig, say: Callable[[str], None]
) -> dt.datetime:
    """Freeze the hub's clock, finish what an earlier day left, move to the next 08.00."""
    now = _advance(client, 0, freeze=True)
    _finish_the_last_day(client, now.astimezone(office.office.tz), say)
    target = _next_opening(now, office.office.tz)
    for _ in range(CLOCK_TRIES):
        step = target - now
        reported = _advance(client, step.total_seconds())
        if reported == target:
            return target
        if reported == now and step < SHORT_STEP:
            target = _next_opening(target, office.office.tz)  # still behind: longer steps
        now = reported
    raise ClockBehind(f"jam hub tertahan di {clock(now.astimezone(office.office.tz))}, "
                      "tidak mencapai pagi berikutnya")  # fmt: skip


def _finish_the_last_day(client: HubClient, now: dt.datetime, say: Callable[[str], None]) -> None:
    """An interrupted run leaves tickets at counters and citizens waiting; an office open
    until midnight carries both into the next day. Finish them now, on the old day."""
    state = client.state()
    finished = 0
    for counter in state.counters:
        ticket = counter.current
        if ticket:
            action = "close" if ticket.state == TicketState.SERVING else "no-show"
            finished += _tolerating_conflict(client.act, ticket.id, action)
    waiting = sum(service.waiting for service in state.services)
    sent_home = 0
    for counter in state.counters:
        while sent_home < waiting and not counter.paused:
            try:
                called = client.call_next(counter.number)
            except HubRefused as refusal:
                if refusal.status != CONFLICT:
                    raise
                break  # an officer holds this counter
            if called is None:
                break
            client.act(called.id, "no-show")  # they went home long ago
            sent_home += 1
            case = called.compensation
            if case:
                note = "Tidak hadir: antrean hari sebelumnya ditutup oleh simulasi."
                client.request("POST", f"/compensations/{case.id}/waive", json={"note": note})
    if finished or sent_home:
        say(f"Sisa hari {long_date(now)}: {finished} nomor di loket diselesaikan, "
            f"{sent_home} nomor yang masih menunggu ditandai tidak hadir.")  # fmt: skip


def _next_opening(instant: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    local = instant.astimezone(zone)
    opening = dt.datetime.combine(local.date(), OPENING, zone)
    if opening <= local:
        opening = dt.datetime.combine(local.date() + dt.timedelta(days=1), OPENING, zone)
    return opening


def _advance(client: HubClient, seconds: float, freeze: bool | None = None) -> dt.datetime:
    body: dict[str, Any] = {"advance_s": max(0.0, seconds)}
    if freeze is not None:
        body["freeze"] = freeze
    now = client.request("POST", "/test/clock", json=body).json()["now"]
    return dt.datetime.fromisoformat(now)


# ---- the counters ----------------------------------------------------------------------


def _work(
    client: HubClient,
    desk: Desk,
    now_s: float,
    by_ticket: dict[str, Arrival],
    result: DayResult,
    say: Callable[[str], None],
) -> None:
    """One look at one counter. A refusal because somebody else acted first (an officer
    pressed a button on the panel) is not the end of the day: that stands, we go on."""
    held = desk.ticket
    try:
        if held is None:
            _call(client, desk, now_s, by_ticket, result, say)
        else:
            _serve(client, desk, held, now_s, result)
    except HubRefused as refusal:
        if refusal.status != CONFLICT:
            raise
        if held is None:
            if not desk.officer_working:
                say(f"Loket {desk.number}: {refusal.message} Simulasi melewati loket ini.")
            desk.officer_working = True
            return
        say(f"{held.number} sudah ditangani petugas ({refusal.message}); simulasi lanjut.")
        desk.ticket, desk.arrival = None, None
        result.left_to_officers += 1


def _call(
    client: HubClient,
    desk: Desk,
    now_s: float,
    by_ticket: dict[str, Arrival],
    result: DayResult,
    say: Callable[[str], None],
) -> None:
    called = client.call_next(desk.number)
    if desk.officer_working:
        say(f"Loket {desk.number} kembali disimulasikan.")
        desk.officer_working = False
    if called is None:
        return
    # A ticket from the real kiosk has no plan: an ordinary citizen, ten minutes' business.
    desk.ticket, desk.arrival = called, by_ticket.get(called.id)
    desk.busy_until = now_s + WALK_S
    result.calls.append((called.number, desk.number))
    result.waits_s.append(called.waited_s or 0)
    case = called.compensation
    if case:
        result.compensation += 1
        # The officer apologises and hands over the drink (decree 108/2024); an officer
        # who confirmed it first from the panel did the same.
        _tolerating_conflict(client.request, "POST", f"/compensations/{case.id}/given")


def _serve(
    client: HubClient, desk: Desk, ticket: TicketView, now_s: float, result: DayResult
) -> None:
    if now_s < desk.busy_until:
        return
    arrival = desk.arrival
    if ticket.state == TicketState.CALLED:
        if arrival is not None and not arrival.shows_up:
            client.act(ticket.id, "no-show")
            result.no_show += 1
            desk.ticket = None
            return
        desk.ticket = client.act(ticket.id, "serve")
        desk.busy_until = now_s + (arrival.service_s if arrival else 600)
        return
    client.act(ticket.id, "close")
    result.served += 1
    desk.ticket = None


def _tolerating_conflict(action: Callable[..., object], *args: object) -> int:
    """1 when done, 0 when somebody else already did it (409)."""
    try:
        action(*args)
    except HubRefused as refusal:
        if refusal.status != CONFLICT:
            raise
        return 0
    return 1


# ---- paper -----------------------------------------------------------------------------


def _print(
    url: str,
    ticket: TicketView,
    snapshot: StateView,
    office: OfficeConfig,
    hub_url: str,
    say: Callable[[str], None],
) -> None:
    """The kiosk's ticket: the same mapping from the hub's reply and snapshot, the same
    layout, the same paper and logo."""
    from printer import PrinterError, open_printer, paper_profile, render_ticket
    from printer.hub_ticket import office_header, ticket_print

    paper = paper_profile(office.kiosk.paper)
    status_url = hub_url.removesuffix("/api/v1") + ticket.status_path
    logo = Path(office.kiosk.logo) if office.kiosk.logo else None
    reply, state = wire(ticket), wire(snapshot)  # the kiosk prints from the JSON as sent
    try:
        data = render_ticket(ticket_print(reply, state, status_url),
                             office_header(state, logo), paper)  # fmt: skip
        connection = open_printer(url, paper)
        try:
            connection.send(data, label=ticket.number)
        finally:
            connection.close()
    except PrinterError as error:
        say(f"tiket {ticket.number} tidak tercetak: {error}")


def _columns(*cells: object) -> str:
    """One row of the progress table: the hour left-aligned, the figures right-aligned."""
    first, *rest = (str(cell) for cell in cells)
    widths = [width for _name, width in COLUMNS]
    figures = "".join(cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True))
    return (first.ljust(widths[0]) + figures).rstrip()
