"""What the kiosk shows and does, as a plain state machine (no Qt, no I/O).

The window renders `KioskFlow.state`; taps, hub replies and printer outcomes are fed in
as method calls, and the flow answers with what to do next (send a request, print).
One Idempotency-Key per tap: a retry after a network hiccup, or a second tap while the
first is in flight, can never make a second ticket.
"""

from __future__ import annotations

import dataclasses
import enum
import uuid
from collections.abc import Callable
from typing import Any


class Screen(enum.Enum):
    START = "start"
    PRIORITY = "priority"
    ISSUING = "issuing"
    TICKET = "ticket"
    PRINTER_FAULT = "printer_fault"
    CLOSED = "closed"
    OFFLINE = "offline"


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
    printing: bool = False
    printer_down: bool = False
    online: bool = False


MAX_ATTEMPTS = 3


class KioskFlow:
    def __init__(self, new_key: Callable[[], str] = lambda: uuid.uuid4().hex) -> None:
        self.state = KioskState()
        self._new_key = new_key
        self._pending: IssueRequest | None = None

    @property
    def waiting_for_hub(self) -> bool:
        return self._pending is not None

    # ---- what the hub says ------------------------------------------------------------

    def hub_online(self, online: bool) -> None:
        self.state.online = online
        if not online and self.state.screen in (Screen.START, Screen.PRIORITY, Screen.CLOSED):
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
        if state.screen is not Screen.START or self._pending is not None:
            return None  # a double tap, or a tap on a screen without service buttons
        if not 0 <= index < len(state.services):
            return None
        service = state.services[index]
        if not service.get("open", False):
            state.screen = Screen.CLOSED
            state.message = f"Layanan {service['name']} sedang tutup."
            return None
        self._pending = IssueRequest(
            key=self._new_key(),
            service=service["code"],
            priority=state.category is not None,
            category=state.category,
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
            self.state.screen = Screen.START

    def back_to_start(self) -> None:
        """Timeout on a result screen, or the citizen pressed "Kembali"."""
        if self.state.screen is Screen.ISSUING:
            return
        self.state.category = None
        self.state.ticket = None
        self.state.message = ""
        self.state.screen = Screen.START if self.state.online else Screen.OFFLINE

    # ---- replies ----------------------------------------------------------------------

    def issue_answered(self, status: int, body: dict[str, Any] | None) -> IssueRequest | None:
        """The hub's reply to the pending request; returns a retry to send, if any."""
        pending = self._pending
        if pending is None:
            return None
        if status == 201 and body is not None:
            self._pending = None
            self.state.ticket = body
            self.state.category = None
            self.state.screen = Screen.TICKET
            self.state.printing = True
            return None
        if status == 0 and pending.attempt < MAX_ATTEMPTS:
            # The hub did not answer: send the same key again, so at most one ticket exists.
            self._pending = dataclasses.replace(pending, attempt=pending.attempt + 1)
            return self._pending
        self._pending = None
        self.state.category = None
        if status == 0:
            self.state.screen = Screen.OFFLINE
            self.state.message = ""
        else:
            error = (body or {}).get("error", {})
            self.state.screen = Screen.CLOSED
            self.state.message = error.get("message") or "Nomor antrean tidak dapat diambil."
        return None

    def printed(self) -> None:
        self.state.printing = False
        self.state.printer_down = False

    def print_failed(self, message: str) -> None:
        """The printer failed; the ticket stays valid, so show it large instead."""
        self.state.printing = False
        self.state.printer_down = True
        self.state.message = message
        if self.state.screen is Screen.TICKET:
            self.state.screen = Screen.PRINTER_FAULT
