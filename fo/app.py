"""The FO desk appliance: recap from the hub, printed, saved, and the ledger settled."""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog

from fo.window import FoWindow
from hub.config import Office
from hub.recap_formats import as_csv, as_text, local_clock, period_title
from hub_client.qt import HubConnection
from printer import PrinterError, open_printer, paper_profile

log = logging.getLogger(__name__)
AskPath = Callable[[str, str], Path | None]
AskText = Callable[[str], str | None]
SEARCHING = "Mencari hub di jaringan…"


class FoApp(QObject):
    finished = Signal(str)  # a message from the worker thread, shown on the UI thread

    def __init__(
        self,
        connection: HubConnection,
        window: FoWindow,
        office: Office,
        ask_path: AskPath | None = None,
        ask_reason: AskText | None = None,
    ) -> None:
        super().__init__(window)
        self.connection, self.window, self.office = connection, window, office
        self.ask_path = ask_path or self._ask_path
        self.ask_reason = ask_reason or self._ask_reason
        self.recap: dict[str, Any] | None = None
        self._query = ""
        self._load_failed = False
        self._worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="fo")
        self._debounce = QTimer(self, singleShot=True, interval=500)
        self._debounce.timeout.connect(self.reload)
        window.show_recap.connect(self.load)
        window.print_recap.connect(self.print_recap)
        window.save_pdf.connect(self.save_pdf)
        window.save_csv.connect(self.save_csv)
        window.settle.connect(self.settle)
        self.finished.connect(window.say)
        connection.hub_event.connect(self._event)
        connection.searching_changed.connect(self._searching)
        connection.online_changed.connect(self._online)

    def start(self) -> None:
        self.connection.start()
        self.load(QDate.currentDate(), False)  # waits for the hub while it is looked for

    def _searching(self, searching: bool) -> None:
        if searching:
            self.window.say(SEARCHING)

    def _online(self, online: bool) -> None:
        if online and self._load_failed:
            self.reload()  # e.g. it gave up waiting before the hub was found

    def stop(self) -> None:
        self.connection.stop()
        self._worker.shutdown(wait=True)

    # ---- the recap --------------------------------------------------------------------

    def load(self, date: QDate, whole_month: bool) -> None:
        self._query = (
            f"month={date.toString('yyyy-MM')}"
            if whole_month
            else f"date={date.toString('yyyy-MM-dd')}"
        )
        self.reload()

    def reload(self) -> None:
        self.connection.request("GET", f"/recap?{self._query}", on_reply=self._loaded)

    def _loaded(self, status: int, body: Any) -> None:
        self._load_failed = status == 0  # not reached: load again once online
        if status != 200:
            message = ((body or {}).get("error") or {}).get("message")
            if status == 0 and not self.connection.url:
                message = "Rekap tidak dapat diambil: hub tidak ditemukan di jaringan."
            self.window.say(message or "Rekap tidak dapat diambil: server tidak terhubung.")
            return
        self.recap = body
        zone = body["timezone"]
        self.window.show_figures(
            as_text(body), body["compensation"]["cases"], lambda at: local_clock(at, zone)
        )
        self.window.say(f"Rekap {period_title(body['period'])} dimuat.")

    def _event(self, event: dict[str, Any]) -> None:
        # A confirmation at a counter, a new late call: the ledger follows along.
        if event["type"].startswith("compensation.") or event.get("compensation"):
            self._debounce.start()

    # ---- paper and files --------------------------------------------------------------

    def print_recap(self) -> None:
        recap = self.recap
        if recap is None:
            return
        self.window.say("Mencetak rekap…")
        self._worker.submit(self._print, recap)

    def _print(self, recap: dict[str, Any]) -> None:
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
        path = self.ask_path("PDF (*.pdf)", f"rekap-{recap['period']}.pdf") if recap else None
        if recap is None or path is None:
            return
        self.window.say("Menyimpan PDF…")
        self._worker.submit(self._pdf, recap, path)

    def _pdf(self, recap: dict[str, Any], path: Path) -> None:
        from fo.pdf import render_recap_pdf

        try:
            render_recap_pdf(recap, path)
        except OSError as error:
            self.finished.emit(f"PDF tidak tersimpan: {error.strerror}.")
            return
        self.finished.emit(f"PDF tersimpan: {path}")

    def save_csv(self) -> None:
        recap = self.recap
        path = self.ask_path("CSV (*.csv)", f"rekap-{recap['period']}.csv") if recap else None
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

        def answered(status: int, reply: Any) -> None:
            if status >= 400 or status == 0:
                message = ((reply or {}).get("error") or {}).get("message")
                self.window.say(message or "Tidak terhubung ke server: tidak dicatat.")
            self.reload()

        path = f"/compensations/{case_id}/{action}"
        self.connection.request("POST", path, body=body, on_reply=answered)

    # ---- dialogs (tests answer them directly) -----------------------------------------

    def _ask_path(self, kinds: str, suggested: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Simpan rekap", suggested, kinds)
        return Path(chosen) if chosen else None

    def _ask_reason(self, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self.window, "Batalkan kompensasi", prompt)
        return text.strip() if ok else None
