"""One language: what citizens and staff read says the same thing the same way, in
Bahasa Indonesia, including Qt's own buttons."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QInputDialog, QPushButton

from common import indonesian
from common.qt.app import application
from counter_panel.dialogs import CaseDialog, TransferDialog
from counter_panel.window import owed_text
from kiosk.pages import TicketPage
from printer.escpos_parse import Text, parse
from printer.layout import render_ticket
from printer.models import PAPER_80MM
from protocol.views import CompensationCaseView
from tests.views import counter, service


def test_the_kiosk_screen_and_the_ticket_give_one_wait_in_one_wording(
    qtbot, ticket, office
) -> None:  # type: ignore[no-untyped-def]
    """The kiosk said '± 75 menit' while the ticket said '± 1 jam 15 menit'."""
    page = TicketPage(fault=False)
    qtbot.addWidget(page)
    page.show_ticket({"number": "C-076", "service_name": "Kependudukan (Dukcapil)",
                      "ahead": 15, "estimated_wait_min": 75}, "http://hub/t/x")  # fmt: skip
    on_screen = page.details.text()
    printed = "".join(
        command.data.decode("cp437")
        for command in parse(
            render_ticket(
                dataclasses.replace(ticket, estimated_wait_minutes=75), office, PAPER_80MM
            )  # fmt: skip
        )
        if isinstance(command, Text)
    )
    assert "Perkiraan waktu tunggu: ± 1 jam 15 menit" in on_screen
    assert "± 1 jam 15 menit" in printed
    assert "75 menit" not in on_screen + printed


def test_the_wording_home_says_durations_one_way() -> None:
    assert indonesian.minutes_text(45) == "45 menit"
    assert indonesian.minutes_text(60) == "1 jam"
    assert indonesian.minutes_text(75) == "1 jam 15 menit"
    assert indonesian.wait_span(0) == "kurang dari 1 menit"
    assert indonesian.wait_span(130) == "± 2 jam 10 menit"
    assert indonesian.duration(463) == "7 mnt 43 dtk"


def test_the_amber_box_names_the_offices_remedy_and_a_readable_wait() -> None:
    case = CompensationCaseView.model_validate({
        "id": "k-1", "kind": "late_service", "title": "", "state": "owed", "ticket_id": "t-1",
        "number": "C-001", "service": "dukcapil", "counter": 4, "waited_s": 75 * 60,
        "remedy": "Permohonan maaf dan air mineral dingin", "note": "",
        "opened_at": "2026-11-23T01:06:00.000Z", "settled_at": None,
    })  # fmt: skip
    text = owed_text(case)
    assert "menunggu 1 jam 15 menit" in text
    assert "air mineral dingin" in text
    assert "minuman gratis" not in text


def _texts(buttons: QDialogButtonBox) -> set[str]:
    return {button.text().replace("&", "") for button in buttons.buttons()}


def test_qts_own_buttons_speak_indonesian(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The transfer and compensation dialogs showed English 'OK/Cancel'."""
    application("antrian-test")  # what every appliance starts with
    services = [service({"code": "dukcapil", "name": "Kependudukan (Dukcapil)"})]
    counters = [counter({"number": 4, "name": "Loket 4", "services": ["dukcapil"]})]
    for dialog, verb in ((TransferDialog(services, counters, None), "Alihkan"),
                         (CaseDialog(None), "Catat")):  # fmt: skip
        qtbot.addWidget(dialog)
        assert _texts(dialog.findChild(QDialogButtonBox)) == {verb, "Batal"}
    asking = QInputDialog()  # the FO desk's "reason for waiving" prompt
    qtbot.addWidget(asking)
    asking.show()
    assert _texts(asking.findChild(QDialogButtonBox)) == {"Oke", "Batal"}
    saving = QFileDialog(None, "Simpan rekap")  # the FO desk's PDF/CSV
    saving.setOption(QFileDialog.Option.DontUseNativeDialog)
    saving.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(saving)
    labels = {button.text().replace("&", "") for button in saving.findChildren(QPushButton)}
    assert {"Simpan", "Batal"} <= labels
