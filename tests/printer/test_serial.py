"""serial:// over a real pty from os.openpty(): pyserial writes, the fake printer reads."""

from __future__ import annotations

import os

import pytest

from printer import (
    PAPER_58MM,
    OfficeHeader,
    PaperOut,
    PaperStatus,
    PrinterOffline,
    TicketPrint,
    open_printer,
    render_ticket,
)
from tests.printer.conftest import PAPER_QUERY, FakeSerialPrinter


def test_ticket_arrives_over_serial(
    serial_printer: FakeSerialPrinter, ticket: TicketPrint, office: OfficeHeader
) -> None:
    data = render_ticket(ticket, office, PAPER_58MM)
    connection = open_printer(f"serial://{serial_printer.device}?baud=9600", PAPER_58MM)
    connection.send(data, label=ticket.number)
    connection.close()

    received = serial_printer.wait_for(len(PAPER_QUERY) + len(data))
    # Byte for byte: no newline translation on the way (pyserial puts the tty in raw mode).
    assert received == PAPER_QUERY + data
    assert b"A-012" in received
    assert b"Perizinan" in received


def test_serial_paper_out(ticket: TicketPrint, office: OfficeHeader) -> None:
    fake = FakeSerialPrinter(status_reply=b"\x72")
    try:
        connection = open_printer(f"serial://{fake.device}")
        assert connection.paper_status() is PaperStatus.OUT
        with pytest.raises(PaperOut):
            connection.send(render_ticket(ticket, office, PAPER_58MM))
    finally:
        fake.stop()


def test_serial_printer_that_does_not_answer_still_prints(
    ticket: TicketPrint, office: OfficeHeader
) -> None:
    fake = FakeSerialPrinter(status_reply=None)
    try:
        data = render_ticket(ticket, office, PAPER_58MM)
        open_printer(f"serial://{fake.device}?status_timeout=0.1").send(data)
        assert fake.wait_for(len(PAPER_QUERY) + len(data)) == PAPER_QUERY + data
    finally:
        fake.stop()


def test_missing_serial_device_is_offline(tmp_path: os.PathLike[str]) -> None:
    url = f"serial://{tmp_path}/ttyUSB9"
    with pytest.raises(PrinterOffline, match="ttyUSB9"):
        open_printer(url).send(b"x")
