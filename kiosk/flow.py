"""What the kiosk shows and does, as a plain state machine (no Qt, no I/O).

The window renders `KioskFlow.state`; taps, hub replies and printer outcomes are fed in
as method calls, and the flow answers with what to do next (send a request, print).
One Idempotency-Key per tap: a retry after a network hiccup, or a second tap while the
first is in flight, can never make a second ticket.

A priority choice belongs to the citizen who made it: it lives only on the
PRIORITY_SERVICE screen and is dropped by every way out of it (a ticket, a refusal,
"Batal", the idle timeout, the hub going away), so the next citizen starts plain.
"""

from __future__ import annotations

import collections
import dataclasses
import enum
import uuid
from collections.abc import Callable
from typing import Any

from hub_client.client import wire
from hub_client.replies import Reply
from protocol.views import TicketView


class Screen(enum.Enum):
    START = "start"
    PRIORITY = "priority"  # choosing a priority category
    PRIORITY_SERVICE = "priority_service"  # a category chosen, choosing the service
    ISSUING = "issuing"
    TICKET = "ticket"
    PRINTER_FAULT = "printer_fault"
    CLOSED = "closed"
    OFFLINE = "offline"


# Screens where a citizen has started something and may have walked away: the app sends
# them back to the start after the configured idle time, so nobody inherits the choice.
HALF_FINISHED = frozenset({Screen.PRIORITY, Screen.PRIORITY_SERVICE})
# Screens that lose nothing when the hub goes away: they show "offline" instead.
IDLE_SCREENS = frozenset({Screen.START, Screen.CLOSED}) | HALF_FINISHED


@dataclasses.dataclass(frozen=True)
class IssueRequest:
    key: str
    service: str
    priority: bool
    category: str | None
    attempt: int = 1


@dataclasses.dataclass
class KioskState:
    screen: Screen = Screen.OFFLINE
    services: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    categories: list[dict[str, str]] = dataclasses.field(default_factory=list)
    category: str | None = None  # chosen priority category, None for a normal ticket
    ticket: dict[str, Any] | None = None
    message: str = ""
    printing: bool = False  # the ticket on screen is still on its way to the printer
    printer_down: bool = False
    online: bool = False


MAX_ATTEMPTS = 3


class KioskFlow:
    def __init__(self, new_key: Callable[[], str] = lambda: uuid.uuid4().hex) -> None:
        self.state = KioskState()
        self._new_key = new_key
        self._pending: IssueRequest | None = None
        # Tickets handed to the printer, oldest first. The printer works through them in
        # order and reports each once, so the oldest is the one each outcome is about,
        # even after its citizen left the screen and the next one took a ticket.
        self._in_printer: collections.deque[dict[str, Any]] = collections.deque()

    @property
    def waiting_for_hub(self) -> bool:
        return self._pending is not None

    # ---- what the hub says ------------------------------------------------------------

    def hub_online(self, online: bool) -> None:
        self.state.online = online
        if not online and self.state.screen in IDLE_SCREENS:
            self.state.category = None
            self.state.screen = Screen.OFFLINE
        elif online and self.state.screen is Screen.OFFLINE:
            self.state.screen = Screen.START

    def services_changed(self, services: list[dict[str, Any]]) -> None:
        self.state.services = services

    def categories_changed(self, categories: list[dict[str, str]]) -> None:
        self.state.categories = categories

    # ---- what the citizen does --------------------------------------------------------

    def tap_service(self, index: int) -> IssueRequest | None:
        """The citizen chose service `index` (0-based); returns the request to send."""
        state = self.state
        if state.screen not in (Screen.START, Screen.PRIORITY_SERVICE):
            return None  # a tap on a screen without service buttons
        if self._pending is not None or not 0 <= index < len(state.services):
            return None  # a double tap, or a key without a service
        category = state.category if state.screen is Screen.PRIORITY_SERVICE else None
        state.category = None  # the choice is spent on this tap, whatever the outcome
        service = state.services[index]
        if not service.get("open", False):
            state.screen = Screen.CLOSED
            state.message = f"Layanan {service['name']} sedang tutup."
            return None
        self._pending = IssueRequest(
            key=self._new_key(),
            service=service["code"],
            priority=category is not None,
            category=category,
        )
        state.screen = Screen.ISSUING
        return self._pending

    def ask_priority(self) -> None:
        if self.state.screen is Screen.START:
            self.state.screen = Screen.PRIORITY

    def choose_category(self, code: str | None) -> None:
        """A priority category chosen (None: back without one)."""
        if self.state.screen is Screen.PRIORITY:
            self.state.category = code
            self.state.screen = Screen.START if code is None else Screen.PRIORITY_SERVICE

    def back_to_start(self) -> None:
        """The citizen is done ("Selesai", a tap on the ticket, "Batal", "Kembali"), or
        the screen timed out: the kiosk is the next citizen's, with nothing carried over."""
        if self.state.screen is Screen.ISSUING:
            return
        self.state.category = None
        self.state.ticket = None
        self.state.printing = False
        self.state.message = ""
        self.state.screen = Screen.START if self.state.online else Screen.OFFLINE

    # ---- replies ----------------------------------------------------------------------

    def issue_answered(self, reply: Reply[TicketView]) -> IssueRequest | None:
        """The hub's reply to the pending request; returns a retry to send, if any."""
        pending = self._pending
        if pending is None:
            return None
        status = reply.status
        if status == 201 and reply.view is not None:
            body = wire(reply.view)  # the screens read the ticket as the hub sent it
            self._pending = None
            self._in_printer.append(body)
            self.state.ticket = body
            self.state.screen = Screen.TICKET
            self.state.printing = True
            return None
        if status == 0 and pending.attempt < MAX_ATTEMPTS:
            # The hub did not answer: send the same key again, so at most one ticket exists.
            self._pending = dataclasses.replace(pending, attempt=pending.attempt + 1)
            return self._pending
        self._pending = None
        if status == 0:
            self.state.screen = Screen.OFFLINE
            self.state.message = ""
        else:
            self.state.screen = Screen.CLOSED
            self.state.message = reply.message or "Nomor antrean tidak dapat diambil."
        return None

    def printed(self) -> None:
        self._printer_finished()
        self.state.printer_down = False

    def print_failed(self, message: str) -> None:
        """The printer failed; the ticket stays valid, so show it large instead."""
        failed = self._printer_finished()
        state = self.state
        state.printer_down = True
        state.message = message
        shown = state.ticket is not None and failed is not None and _same(state.ticket, failed)
        if state.screen is Screen.TICKET and shown:
            state.screen = Screen.PRINTER_FAULT
        elif state.screen is Screen.START and failed is not None:
            # Its citizen tapped "Selesai" before the paper came out and may still be at
            # the printer; nobody else has started, so bring their number back.
            state.ticket = failed
            state.screen = Screen.PRINTER_FAULT

    def _printer_finished(self) -> dict[str, Any] | None:
        finished = self._in_printer.popleft() if self._in_printer else None
        ticket = self.state.ticket
        self.state.printing = ticket is not None and any(_same(ticket, t) for t in self._in_printer)
        return finished


def _same(ticket: dict[str, Any], other: dict[str, Any]) -> bool:
    return bool(ticket.get("id") == other.get("id"))
