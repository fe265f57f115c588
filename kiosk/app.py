"""The kiosk appliance: wires the hub connection, the flow, the window and the printer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer

from hub_client.client import wire
from hub_client.qt import HubConnection
from hub_client.replies import Reply
from kiosk.flow import HALF_FINISHED, IssueRequest, KioskFlow, Screen
from kiosk.greeting import Greeter
from kiosk.printing import Printer, office_header, ticket_print
from kiosk.survey import KioskSurvey
from kiosk.window import KioskWindow
from protocol.kinds import IncidentKind
from protocol.views import ServiceView, StateView, TicketView

SERVICES_REFRESH_MS = 30_000  # opening hours and quotas change without an event


class KioskApp(QObject):
    def __init__(
        self,
        connection: HubConnection,
        window: KioskWindow,
        printer: Printer,
        return_seconds: int = 8,
        fault_return_seconds: int = 25,
        greeter: Greeter | None = None,
        idle_seconds: float = 30,
    ) -> None:
        super().__init__(window)  # lives and dies with its window, timers included
        self.connection, self.window, self.printer = connection, window, printer
        self.greeter = greeter
        self.flow = KioskFlow()
        self.survey = KioskSurvey(connection, window.survey)
        self.snapshot: dict[str, Any] = {}
        window.header.hub_clock = connection.clock  # the hub's time, not this PC's
        self._return_ms = {
            Screen.TICKET: return_seconds * 1000,
            Screen.CLOSED: return_seconds * 1000,
            Screen.PRINTER_FAULT: fault_return_seconds * 1000,
            # A half-finished choice left alone goes too: priority is for one citizen.
            **dict.fromkeys(HALF_FINISHED, int(idle_seconds * 1000)),
        }
        self._timed_screen: Screen | None = None
        self._back = QTimer(self, singleShot=True)
        self._back.timeout.connect(self._back_to_start)
        self._refresh = QTimer(self, interval=SERVICES_REFRESH_MS)
        self._refresh.timeout.connect(self._refresh_services)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._refresh_services)

        connection.online_changed.connect(self._online)
        connection.snapshot.connect(self._snapshot)
        connection.hub_event.connect(lambda _event: self._debounce.start())
        window.service_tapped.connect(self._tap)
        window.priority_asked.connect(lambda: self._do(self.flow.ask_priority))
        window.category_chosen.connect(lambda code: self._do(self.flow.choose_category, code))
        window.back_requested.connect(self._back_to_start)
        printer.result.done.connect(self._printed)
        printer.result.failed.connect(self._print_failed)

    def start(self) -> None:
        self.render()
        self.connection.start()
        self._refresh.start()

    def stop(self) -> None:
        for timer in (self._back, self._refresh, self._debounce):
            timer.stop()
        self.connection.stop()
        self.printer.close()
        if self.greeter:
            self.greeter.close()

    # ---- hub --------------------------------------------------------------------------

    def _online(self, online: bool) -> None:
        self._do(self.flow.hub_online, online)

    def _snapshot(self, state: StateView) -> None:
        # The screens, the flow and the printout read the hub's JSON: its wire form.
        self.snapshot = snapshot = wire(state)
        office = state.office
        self.window.header.set_office(office.name, office.timezone)
        # The hub knows where phones reach its public pages ([public] url, or its LAN
        # address and public port); a hub of before that answers with none.
        self.window.status_base = office.public_url or (
            self.connection.url.removesuffix("/api/v1") if self.connection.url else ""
        )
        self.flow.categories_changed(snapshot["office"].get("priority_categories", []))
        self.flow.services_changed(snapshot["services"])
        self.render()

    def _refresh_services(self) -> None:
        def answered(reply: Reply[list[ServiceView]]) -> None:
            if reply.view is not None:
                self._do(self.flow.services_changed, [wire(s) for s in reply.view])

        self.connection.fetch("GET", "/services", list[ServiceView], answered)

    # ---- citizen ----------------------------------------------------------------------

    def _tap(self, index: int) -> None:
        request = self.flow.tap_service(index)
        self.render()
        if request:
            self._send(request)

    def _send(self, request: IssueRequest) -> None:
        body = {"service": request.service, "priority": request.priority,
                "category": request.category}  # fmt: skip
        self.connection.fetch(
            "POST", "/tickets", TicketView, self._issued, body=body,
            headers={"Idempotency-Key": request.key},
        )  # fmt: skip

    def _issued(self, reply: Reply[TicketView]) -> None:
        if not self.flow.waiting_for_hub:
            return  # a late reply to a request already answered: print nothing twice
        retry = self.flow.issue_answered(reply)
        if retry:
            QTimer.singleShot(300 * retry.attempt, lambda: self._send(retry))
            return
        ticket = self.flow.state.ticket
        if self.flow.state.screen is Screen.TICKET and ticket:
            url = self.window.status_base + ticket["status_path"]
            self.printer.print_ticket(
                ticket_print(ticket, self.snapshot, url),
                office_header(self.snapshot, self.printer.logo),
                ticket["id"],
            )
            if self.greeter:
                self.greeter.say_ticket(ticket["number"])
        self.render()

    def _printed(self, ticket_id: str) -> None:
        was_down = self.flow.state.printer_down
        self.flow.printed()
        if was_down:
            self._report(IncidentKind.PRINTER_RECOVERED, "Printer kembali normal.", ticket_id)
        self.render()

    def _print_failed(self, ticket_id: str, kind: str, message: str) -> None:
        self.flow.print_failed(message)
        # The hub keeps the ticket whatever happens here; this tells FO to help.
        self._report(kind, message, ticket_id)
        self.render()

    def _report(self, kind: str, message: str, ticket_id: str) -> None:
        body = {"kind": kind, "message": message, "ticket_id": ticket_id}
        self.connection.request("POST", "/incidents", body=body)

    def _back_to_start(self) -> None:
        self._do(self.flow.back_to_start)

    # ---- rendering --------------------------------------------------------------------

    def _do(self, action: Any, *args: Any) -> None:
        action(*args)
        self.render()

    def render(self) -> None:
        state = self.flow.state
        self.window.show_state(state)
        # Result screens go back to the start by themselves; the clock restarts only when
        # the screen changes, so a refresh of the waiting counts does not extend it.
        if state.screen is not self._timed_screen:
            self._timed_screen = state.screen
            timeout = self._return_ms.get(state.screen)
            if timeout:
                self._back.start(timeout)
            else:
                self._back.stop()
