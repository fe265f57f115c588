"""The complaint reminders on the FO window (issue #14): a strip at the top, red while a
complaint is past its due date, kept fresh as complaint events arrive from the hub."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from fo.reminders import SHOWN, Reminder, headline, more_text, reminders
from hub_client.events import HubEvent
from hub_client.qt import HubConnection
from hub_client.replies import Reply
from protocol.complaints import ComplaintView
from protocol.events import COMPLAINT_TYPES
from protocol.views import StateView

LATE = "QFrame#reminders { background: #fdecea; border: 2px solid #c62828; border-radius: 8px; }"
TODAY = "QFrame#reminders { background: #fff4d6; border: 2px solid #e0a800; border-radius: 8px; }"
# Midnight turns "due today" into "late" with no event of its own before the hub's
# chore runs (it does within a minute, and its event refreshes the strip): a slow poll
# besides, for a desk left open overnight.
POLL_MS = 5 * 60 * 1000


class ReminderStrip(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reminders")
        self.title = QLabel("")
        self.title.setStyleSheet("font-size: 18px; font-weight: 700; color: #10243f;")
        self.lines = [QLabel("") for _ in range(SHOWN)]
        self.more = QLabel("")
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 8, 12, 8)
        box.setSpacing(2)
        box.addWidget(self.title)
        for line in (*self.lines, self.more):
            line.setStyleSheet("color: #10243f;")
            box.addWidget(line)
        self.hide()

    def show_reminders(self, shown: list[Reminder]) -> None:
        self.title.setText(headline(shown))
        for line, reminder in zip(self.lines, [*shown, *[None] * SHOWN], strict=False):
            line.setText(reminder.text if reminder else "")
            line.setVisible(reminder is not None)
            if reminder is not None:
                color = "#8a1c10" if reminder.overdue else "#5c4300"
                line.setStyleSheet(
                    f"color: {color}; font-weight: {700 if reminder.overdue else 400};"
                )
        self.more.setText(more_text(shown))
        self.more.setVisible(bool(self.more.text()))
        self.setStyleSheet(LATE if any(r.overdue for r in shown) else TODAY)
        self.setVisible(bool(shown))

    def texts(self) -> list[str]:
        return [line.text() for line in self.lines if line.isVisibleTo(self)]


class ComplaintReminders(QObject):
    """Asks the hub for the lists and shows them; a complaint event asks again."""

    def __init__(
        self, connection: HubConnection, strip: ReminderStrip, stopped: Callable[[], bool]
    ) -> None:
        super().__init__(strip)
        self.connection, self.strip, self.stopped = connection, strip, stopped
        self.zone = zoneinfo.ZoneInfo("Asia/Jakarta")
        self.shown: list[Reminder] = []
        self.refreshes = 0  # lists shown so far (tests wait on it)
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.refresh)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.refresh)
        connection.hub_event.connect(self._event)
        connection.snapshot.connect(self._snapshot)

    def start(self) -> None:
        self._poll.start()
        self.refresh()

    def stop(self) -> None:
        self._poll.stop()
        self._debounce.stop()

    def refresh(self) -> None:
        def late(reply: Reply[list[ComplaintView]]) -> None:
            if self.stopped() or reply.view is None:
                return  # not reached, or a token that may not read them: nothing shown
            overdue = reply.view
            self.connection.fetch(
                "GET", "/complaints", list[ComplaintView],
                lambda listed: self._show(overdue, listed),
            )  # fmt: skip

        self.connection.fetch("GET", "/complaints?overdue=true", list[ComplaintView], late)

    def _show(self, overdue: list[ComplaintView], listed: Reply[list[ComplaintView]]) -> None:
        if self.stopped() or listed.view is None:
            return
        today = self.connection.clock.now().astimezone(self.zone).date()
        self.shown = reminders(overdue, listed.view, today)
        self.strip.show_reminders(self.shown)
        self.refreshes += 1

    def _snapshot(self, state: StateView) -> None:
        self.zone = zoneinfo.ZoneInfo(state.office.timezone)
        self._debounce.start()  # (re)connected: what happened meanwhile

    def _event(self, message: HubEvent) -> None:
        # The feed says only that a complaint moved (protocol.events.ON_FEEDS): the lists
        # are fetched again for what it says.
        if message.type in COMPLAINT_TYPES:
            self._debounce.start()
