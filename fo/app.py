"""The FO desk appliance: recap from the hub, printed, saved, and the ledger settled."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QDate, QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog

from fo.recap_tables import has_tickets, with_current_cases
from fo.reminder_strip import ComplaintReminders
from fo.window import FoWindow
from hub_client.events import HubEvent
from hub_client.qt import HubConnection
from hub_client.replies import Reply
from printer import PrinterError, open_printer, paper_profile
from protocol.events import CompensationRecorded, CompensationSettled, TicketCalled, TicketIssued
from protocol.recap import Recap
from reports.recap_formats import as_csv, period_title

log = logging.getLogger(__name__)
AskPath = Callable[[str, str], Path | None]
AskText = Callable[[str], str | None]
OnRecap = Callable[[Reply[Recap]], None]
SEARCHING = "Mencari hub di jaringan…"
# How far back the desk looks for the last day with tickets when it opens (a month covers
# Lebaran's cuti bersama); past that it shows today, empty.
LOOKBACK_DAYS = 31


class DeskPrinter(Protocol):
    """The office config's [fo] section as the desk reads it."""

    @property
    def printer(self) -> str: ...  # a printer URL: tcp://, serial://, usb://, file://, preview://

    @property
    def paper(self) -> str: ...  # "80mm" or "58mm"


class DeskOffice(Protocol):
    @property
    def fo(self) -> DeskPrinter: ...


class FoApp(QObject):
    finished = Signal(str)  # a message from the worker thread, shown on the UI thread
    shown = Signal()  # a recap reached the screen (first load, a reload, another day)

    def __init__(
        self,
        connection: HubConnection,
        window: FoWindow,
        office: DeskOffice,
        ask_path: AskPath | None = None,
        ask_reason: AskText | None = None,
    ) -> None:
        super().__init__(window)
        self.connection, self.window, self.office = connection, window, office
        self.ask_path = ask_path or self._ask_path
        self.ask_reason = ask_reason or self._ask_reason
        self.recap: Recap | None = None
        self._query = ""
        self._load_failed = False
        # While the desk chose the day itself (the last one with tickets), a new ticket
        # today moves it on to today; a day FO picked stays put.
        self._chosen_by_desk = True
        self._today: dt.date | None = None
        self._stopped = False
        self._new_day = False
        self._worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="fo")
        self._debounce = QTimer(self, singleShot=True, interval=500)
        self._debounce.timeout.connect(self._follow)
        window.show_recap.connect(self.load)
        window.print_recap.connect(self.print_recap)
        window.save_pdf.connect(self.save_pdf)
        window.save_csv.connect(self.save_csv)
        window.settle.connect(self.settle)
        self.finished.connect(window.say)
        connection.hub_event.connect(self._event)
        connection.searching_changed.connect(self._searching)
        connection.online_changed.connect(self._online)
        self.reminders = ComplaintReminders(connection, window.reminders, lambda: self._stopped)

    def start(self) -> None:
        self.connection.start()
        self.reminders.start()
        self.open_last_day()  # waits for the hub while it is looked for

    def open_last_day(self) -> None:
        """Ask the hub for today's recap (its today, by its clock); on a day without
        tickets step back a day at a time to the last one that had some."""
        self._chosen_by_desk = True
        self._ask_recap("/recap", lambda reply: self._looked(reply, None))

    def _looked(self, reply: Reply[Recap], today_recap: Recap | None) -> None:
        recap = reply.view
        if recap is None:
            self._loaded(reply)
            return
        today_recap = today_recap or recap
        today = dt.date.fromisoformat(today_recap.period)
        self._today = today
        day = dt.date.fromisoformat(recap.period)
        days_back = (today - day).days
        if has_tickets(recap):
            self._open(recap, " Hari ini belum ada antrean." if days_back else "")
        elif days_back >= LOOKBACK_DAYS:
            self._open(today_recap, f" Belum ada antrean dalam {LOOKBACK_DAYS} hari terakhir.")
        else:
            earlier = (day - dt.timedelta(days=1)).isoformat()
            self._ask_recap(
                f"/recap?date={earlier}", lambda reply: self._looked(reply, today_recap)
            )

    def _open(self, recap: Recap, note: str) -> None:
        day = dt.date.fromisoformat(recap.period)
        self._query = f"date={day.isoformat()}"
        self.window.set_day(QDate(day.year, day.month, day.day))
        self._show(recap, note)

    def _searching(self, searching: bool) -> None:
        if searching:
            self.window.say(SEARCHING)

    def _online(self, online: bool) -> None:
        if online and self._load_failed:
            # e.g. it gave up waiting before the hub was found
            if self.recap is None and self._chosen_by_desk:
                self.open_last_day()
            else:
                self.reload()

    def stop(self) -> None:
        self._stopped = True
        self.reminders.stop()
        self.connection.stop()
        self._worker.shutdown(wait=True)

    def _ask(
        self, method: str, path: str, on_reply: Callable[[int, Any], None], body: Any = None
    ) -> None:
        """A request whose answer is dropped once the desk has stopped (its window may be
        gone by the time a reply still on its way arrives)."""

        def answered(status: int, reply: Any) -> None:
            if not self._stopped:
                on_reply(status, reply)

        self.connection.request(method, path, body=body, on_reply=answered)

    def _ask_recap(self, path: str, on_reply: OnRecap) -> None:
        """GET a recap, read as the model; dropped, as `_ask`, once the desk has stopped."""

        def answered(reply: Reply[Recap]) -> None:
            if not self._stopped:
                on_reply(reply)

        self.connection.fetch("GET", path, Recap, answered)

    # ---- the recap --------------------------------------------------------------------

    def load(self, date: QDate, whole_month: bool) -> None:
        self._chosen_by_desk = False
        self._query = (
            f"month={date.toString('yyyy-MM')}"
            if whole_month
            else f"date={date.toString('yyyy-MM-dd')}"
        )
        self.reload()

    def reload(self, note: str = "", quiet: bool = False) -> None:
        """Ask for the shown period again; `quiet` leaves the status line as it is (what
        the last action said) unless the recap cannot be had."""

        self._ask_recap(f"/recap?{self._query}", lambda reply: self._loaded(reply, note, quiet))

    def _loaded(self, reply: Reply[Recap], note: str = "", quiet: bool = False) -> None:
        self._load_failed = reply.status == 0  # not reached: load again once online
        if reply.view is None:
            message = reply.message
            if reply.status == 0 and not self.connection.url:
                message = "Rekap tidak dapat diambil: hub tidak ditemukan di jaringan."
            self.window.say(message or "Rekap tidak dapat diambil: server tidak terhubung.")
            return
        self._show(reply.view, note, quiet)

    def _show(self, recap: Recap, note: str = "", quiet: bool = False) -> None:
        def with_cases(cases_status: int, cases: Any) -> None:
            # A past day's recap keeps its cases as they stood at its close; the ledger
            # shows where they stand now (given or waived since), from the hub's ledger.
            self.recap = recap
            shown = recap if cases_status != 200 else with_current_cases(recap, cases)
            self.window.show_figures(shown)
            self.shown.emit()
            if not quiet:
                self.window.say(f"Rekap {period_title(recap.period)} dimuat.{note}")

        self._ask("GET", "/compensations", with_cases)

    def _event(self, message: HubEvent) -> None:
        event = message.event
        # A confirmation at a counter, a new late call: the ledger follows along.
        late_call = isinstance(event, TicketCalled) and event.compensation is not None
        if isinstance(event, (CompensationRecorded, CompensationSettled)) or late_call:
            self._debounce.start()
        elif isinstance(event, TicketIssued) and self._chosen_by_desk and self._shows_past():
            self._new_day = True  # the first ticket of today: open today instead
            self._debounce.start()

    def _follow(self) -> None:
        if self._new_day:
            self._new_day = False
            self.open_last_day()
        else:
            self.reload(quiet=True)  # news from the counters: figures change, words stay

    def _shows_past(self) -> bool:
        return (
            self.recap is not None
            and self._today is not None
            and (self.recap.period != self._today.isoformat())
        )

    # ---- paper and files --------------------------------------------------------------

    def print_recap(self) -> None:
        recap = self.recap
        if recap is None:
            return
        self.window.say("Mencetak rekap…")
        self._worker.submit(self._print, recap)

    def _print(self, recap: Recap) -> None:
        from fo.thermal import render_recap

        profile = paper_profile(self.office.fo.paper)
        try:
            connection = open_printer(self.office.fo.printer, profile)
            try:
                connection.send(render_recap(recap, profile), label="rekap")
            finally:
                connection.close()
        except PrinterError as error:
            log.warning("recap not printed: %s", error)
            self.finished.emit(f"Rekap tidak tercetak: printer bermasalah ({error}).")
            return
        self.finished.emit("Rekap tercetak.")

    def save_pdf(self) -> None:
        recap = self.recap
        path = self.ask_path("PDF (*.pdf)", f"rekap-{recap.period}.pdf") if recap else None
        if recap is None or path is None:
            return
        self.window.say("Menyimpan PDF…")
        self._worker.submit(self._pdf, recap, path)

    def _pdf(self, recap: Recap, path: Path) -> None:
        from fo.pdf import render_recap_pdf

        try:
            render_recap_pdf(recap, path)
        except OSError as error:
            self.finished.emit(f"PDF tidak tersimpan: {error.strerror}.")
            return
        self.finished.emit(f"PDF tersimpan: {path}")

    def save_csv(self) -> None:
        recap = self.recap
        path = self.ask_path("CSV (*.csv)", f"rekap-{recap.period}.csv") if recap else None
        if recap is None or path is None:
            return
        try:
            path.write_text(as_csv(recap), encoding="utf-8")
        except OSError as error:
            self.window.say(f"CSV tidak tersimpan: {error.strerror}.")
            return
        self.window.say(f"CSV tersimpan: {path}")

    # ---- the ledger -------------------------------------------------------------------

    def settle(self, case_id: str, action: str) -> None:
        body = None
        if action == "waive":
            reason = self.ask_reason("Alasan pembatalan kompensasi:")
            if not reason:
                return
            body = {"note": reason}

        cases = self.recap.compensation.cases if self.recap else []
        number = next((c.number for c in cases if c.id == case_id and c.number), "")
        which = f"Kompensasi {number}" if number else "Kompensasi"
        done = "diberikan" if action == "given" else "dibatalkan"

        def answered(reply: Reply[object]) -> None:
            if self._stopped:
                return
            if not reply.ok:
                self.window.say(reply.message or "Tidak terhubung ke server: tidak dicatat.")
            else:
                self.window.say(f"{which} dicatat: {done}.")
            self.reload(quiet=True)

        path = f"/compensations/{case_id}/{action}"
        self.connection.fetch("POST", path, object, answered, body=body)

    # ---- dialogs (tests answer them directly) -----------------------------------------

    def _ask_path(self, kinds: str, suggested: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Simpan rekap", suggested, kinds)
        return Path(chosen) if chosen else None

    def _ask_reason(self, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self.window, "Batalkan kompensasi", prompt)
        return text.strip() if ok else None
