"""The counter panel appliance: login, every button, the compensation prompt, hardware."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from counter_panel.actions import BY_KEY, HUB_ACTION, allowed, owed_compensation
from counter_panel.dialogs import CaseDialog, TransferDialog
from counter_panel.hardware import LedSign
from counter_panel.window import PanelWindow
from hub_client.qt import HubConnection
from hub_client.replies import Reply
from protocol.views import CounterView, ServiceView, SessionView, StateView, TicketView

RECONNECTING = "Tidak terhubung ke server. Menyambung ulang…"
RECONNECTED = "Tersambung kembali ke server."
CONNECTING = "Menghubungkan ke server…"
SEARCHING = "Mencari hub di jaringan…"
NOT_FOUND = "Hub tidak ditemukan di jaringan: Masuk tidak dijalankan. Periksa hub menyala."


class PanelApp(QObject):
    # Keypad callbacks arrive on its reader thread; a signal carries them to the UI thread.
    hardware_action = Signal(str)

    def __init__(
        self,
        connection: HubConnection,
        window: PanelWindow,
        led_sign: LedSign | None = None,
        ask: Callable[[str], dict[str, Any] | None] | None = None,
    ) -> None:
        super().__init__(window)
        self.connection, self.window, self.led_sign = connection, window, led_sign
        self.ask = ask or self._ask_with_dialog
        self.counter = 0
        self.officer = ""
        self.current: TicketView | None = None
        self.paused = False
        # Online at least once since sign-in: only then is a lost link a *re*connection.
        self._been_online = False
        self.services: list[ServiceView] = []
        self.counters: list[CounterView] = []
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self.render)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refresh)
        window.login.submitted.connect(self.sign_in)
        window.work.action.connect(self.press)
        window.work.compensation_given.connect(self.compensation_given)
        window.work.sign_out.connect(self.sign_out)
        self.hardware_action.connect(self.press)
        connection.snapshot.connect(self._snapshot)
        connection.searching_changed.connect(self._searching)
        connection.online_changed.connect(self._online)
        connection.hub_event.connect(lambda _event: self._debounce.start())

    # ---- session ----------------------------------------------------------------------

    def sign_in(self, nip: str, pin: str, counter: int) -> None:
        body = {"nip": nip, "pin": pin, "counter": counter}
        if not self.connection.url:
            # The request waits for the hub to be found; say so rather than look dead.
            self.window.login.message.setText(SEARCHING)
        self.window.login.set_busy(True)
        self.connection.fetch("POST", "/sessions", SessionView, self._signed_in, body=body)

    def _searching(self, searching: bool) -> None:
        message = self.window.login.message
        if searching:
            message.setText(SEARCHING)
        elif message.text() == SEARCHING:
            message.setText("")

    def _signed_in(self, reply: Reply[SessionView]) -> None:
        login = self.window.login
        login.set_busy(False)
        if reply.status == 0 and not self.connection.url:
            login.message.setText(NOT_FOUND)
            return
        session = reply.view
        if reply.status != 201 or session is None:
            login.message.setText(_refusal(reply, "Masuk"))
            return
        login.pin.clear()
        login.message.setText("")
        self.counter, self.officer = session.counter, session.officer.name
        self._been_online = False
        self.window.work.say("")
        self.connection.token = session.token
        self.connection.start()
        self._tick.start()
        self.window.pages.setCurrentWidget(self.window.work)
        self.window.setFocus()  # off the hidden login fields; the F-keys work window-wide
        self.render()

    def sign_out(self) -> None:
        def done(_reply: Reply[object]) -> None:
            self.connection.stop()
            self.connection.token = ""
            # Nothing of this officer's session may show for the next one.
            self.current, self.counter, self.officer, self.paused = None, 0, "", False
            self.services, self.counters = [], []
            self._been_online = False
            self._tick.stop()
            self.window.work.say("")
            self.window.pages.setCurrentWidget(self.window.login)
            self.window.login.clear()

        self.connection.fetch("DELETE", "/sessions/current", object, done)

    def _online(self, online: bool) -> None:
        if online and self.counter:
            self._been_online = True
        self.render()

    # ---- the hub's picture ------------------------------------------------------------

    def _snapshot(self, snapshot: StateView) -> None:
        self._take(snapshot)

    def refresh(self) -> None:
        self.connection.fetch("GET", "/state", StateView, self._refreshed)

    def _refreshed(self, reply: Reply[StateView]) -> None:
        if reply.view is not None:
            self._take(reply.view)

    def _take(self, state: StateView) -> None:
        self.counters, self.services = state.counters, state.services
        mine = next((c for c in state.counters if c.number == self.counter), None)
        if mine is not None:
            previous = self.current.number if self.current else None
            self.current, self.paused = mine.current, mine.paused
            if self.current and self.current.number != previous:
                self._sign(self.current.number)
        self.render()

    # ---- buttons ----------------------------------------------------------------------

    def press(self, key: str) -> None:
        online = self.connection.online
        if key not in allowed(self.current, self.paused, online):
            if not online:
                self._say(f"Tidak terhubung ke server: {BY_KEY[key].label} tidak dijalankan.")
            return
        label = BY_KEY[key].label
        if key == "call_next":
            self._send("POST", f"/counters/{self.counter}/call-next", None, label)
        elif key == "pause":
            path = "resume" if self.paused else "pause"
            self._send("POST", f"/counters/{self.counter}/{path}", None, label)
        elif key == "transfer" and self.current:
            choice = self.ask("transfer")
            if choice:
                self._send("POST", f"/tickets/{self.current.id}/transfer", choice, label)
        elif key == "case":
            choice = self.ask("case")
            if choice:
                body = {**choice, "ticket_id": self.current.id if self.current else None}
                self._send("POST", "/compensations", body, "Catat kompensasi")
        elif self.current:
            action = HUB_ACTION[key]
            self._send("POST", f"/tickets/{self.current.id}/{action}", None, label)
            if key == "recall":
                self._sign(self.current.number)

    def compensation_given(self) -> None:
        case = owed_compensation(self.current)
        if case:
            self._send("POST", f"/compensations/{case.id}/given", None, "Kompensasi")

    def _send(self, method: str, path: str, body: dict[str, Any] | None, label: str) -> None:
        def answered(reply: Reply[object]) -> None:
            # What the hub answered with is on the next /state: only yes or no counts here.
            if reply.status == 0:
                self._say(f"Tidak terhubung ke server: {label} tidak dijalankan.")
            elif reply.status >= 400:
                self._say(_refusal(reply, label))
            else:
                self._say(f"{label}: OK", "ok")
                if reply.status == 204 and path.endswith("call-next"):
                    self._say("Tidak ada pemohon yang menunggu.", "info")
            self.refresh()

        self.connection.fetch(method, path, object, answered, body=body)

    def _ask_with_dialog(self, what: str) -> dict[str, Any] | None:
        dialog: TransferDialog | CaseDialog
        if what == "transfer":
            dialog = TransferDialog(self.services, self.counters, self.window)
        else:
            dialog = CaseDialog(self.window)
        return dialog.choice() if dialog.exec() else None

    # ---- output -----------------------------------------------------------------------

    def _sign(self, number: str) -> None:
        if self.led_sign is not None:
            self.led_sign.show(number, self.counter)

    def _say(self, text: str, kind: str = "refused") -> None:
        self.window.work.say(text, kind)

    def render(self) -> None:
        work = self.window.work
        work.show_counter(self.counter, self.officer, self.paused)
        work.show_ticket(self.current, self._elapsed())
        work.show_owed(owed_compensation(self.current))
        work.enable(allowed(self.current, self.paused, self.connection.online))
        work.owed_button.setEnabled(self.connection.online)
        mine = next((c for c in self.counters if c.number == self.counter), None)
        codes = mine.services if mine else []
        lines = [
            f"{s.name}: {s.waiting} menunggu"
            + (f" (terlama {s.longest_wait_s // 60} mnt)" if s.waiting else "")
            for s in self.services
            if s.code in codes
        ]
        work.waiting.setText("\n".join(lines))
        shown = work.message.text()
        if not self.connection.online and self.counter:
            # Right after sign-in the events stream is still opening: that is no outage.
            if self._been_online:
                work.say(RECONNECTING, "refused")
            elif shown in ("", CONNECTING):
                work.say(CONNECTING, "info")
        elif shown == RECONNECTING:
            work.say(RECONNECTED, "ok")
        elif shown == CONNECTING:
            work.say("")

    def _elapsed(self) -> str:
        if not self.current:
            return ""
        since = self.current.serving_at or self.current.called_at
        if not since:
            return ""
        now = self.connection.clock.now()  # the hub's time, also in a simulated day
        seconds = max(0, int((now - dt.datetime.fromisoformat(since)).total_seconds()))
        return f"sejak {seconds // 60:02d}:{seconds % 60:02d}"


def _refusal(reply: Reply[Any], label: str) -> str:
    if reply.status == 0:
        return f"Tidak terhubung ke server: {label} tidak dijalankan."
    return reply.message or f"{label} ditolak server (kode {reply.status})."
