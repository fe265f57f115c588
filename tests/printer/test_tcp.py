"""tcp:// against real sockets on 127.0.0.1: a fake printer that listens, refuses, hangs up."""

from __future__ import annotations

import socket
import time

import pytest

from printer import (
    PAPER_80MM,
    OfficeHeader,
    PaperOut,
    PaperStatus,
    PrinterConnectionLost,
    PrinterOffline,
    TicketPrint,
    open_printer,
    render_ticket,
)
from tests.printer.conftest import IO_TIMEOUT_S, PAPER_QUERY, FakeNetworkPrinter


def test_ticket_arrives_at_the_network_printer(
    network_printer: FakeNetworkPrinter, ticket: TicketPrint, office: OfficeHeader
) -> None:
    data = render_ticket(ticket, office, PAPER_80MM)
    connection = open_printer(network_printer.url)
    connection.send(data, label=ticket.number)
    connection.close()

    assert network_printer.done.wait(IO_TIMEOUT_S)
    received = bytes(network_printer.received)
    # The paper status query goes first, then the ticket exactly as rendered, then a
    # second query that proves the printer took the whole job.
    assert received == PAPER_QUERY + data + PAPER_QUERY
    assert b"A-012" in received
    assert b"Perizinan" in received


def test_paper_out_is_reported_before_anything_is_printed(
    ticket: TicketPrint, office: OfficeHeader
) -> None:
    fake = FakeNetworkPrinter(status_reply=b"\x72")  # DLE EOT 4: paper end sensor set
    try:
        connection = open_printer(fake.url)
        with pytest.raises(PaperOut, match="paper"):
            connection.send(render_ticket(ticket, office, PAPER_80MM))
        assert fake.done.wait(IO_TIMEOUT_S)
        assert bytes(fake.received) == PAPER_QUERY
    finally:
        fake.stop()


@pytest.mark.parametrize(
    ("reply", "status"),
    [(b"\x12", PaperStatus.OK), (b"\x1e", PaperStatus.NEAR_END), (b"\x72", PaperStatus.OUT)],
)
def test_paper_status_query(reply: bytes, status: PaperStatus) -> None:
    fake = FakeNetworkPrinter(status_reply=reply)
    try:
        assert open_printer(fake.url).paper_status() is status
    finally:
        fake.stop()


def test_silent_printer_is_unknown_not_a_fault(ticket: TicketPrint, office: OfficeHeader) -> None:
    # Many printers never answer DLE EOT; that must cost a short wait, not the ticket.
    fake = FakeNetworkPrinter(status_reply=None)
    try:
        connection = open_printer(f"{fake.url}?status_timeout=0.2")
        data = render_ticket(ticket, office, PAPER_80MM)
        started = time.monotonic()
        connection.send(data)
        assert time.monotonic() - started < 2.0
        assert fake.done.wait(IO_TIMEOUT_S)
        assert bytes(fake.received) == PAPER_QUERY + data + PAPER_QUERY
    finally:
        fake.stop()


def test_status_query_can_be_switched_off(ticket: TicketPrint, office: OfficeHeader) -> None:
    fake = FakeNetworkPrinter(status_reply=None)
    try:
        data = render_ticket(ticket, office, PAPER_80MM)
        open_printer(f"{fake.url}?status=off").send(data)
        assert fake.done.wait(IO_TIMEOUT_S)
        assert bytes(fake.received) == data
    finally:
        fake.stop()


def test_closed_port_is_offline_at_once(ticket: TicketPrint, office: OfficeHeader) -> None:
    # Bind then close: the port is free again, so connecting is refused.
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    url = f"tcp://127.0.0.1:{port}?timeout=2"
    started = time.monotonic()
    with pytest.raises(PrinterOffline, match=f"127.0.0.1:{port}"):
        open_printer(url).send(render_ticket(ticket, office, PAPER_80MM))
    assert time.monotonic() - started < 1.0


def test_printer_hanging_up_mid_job_is_connection_lost(
    ticket: TicketPrint, office: OfficeHeader
) -> None:
    # A long job (the ticket many times over) so the reset lands while we still send.
    job = render_ticket(ticket, office, PAPER_80MM) * 20_000
    fake = FakeNetworkPrinter(hang_up_after=4096)
    try:
        started = time.monotonic()
        with pytest.raises(PrinterConnectionLost, match="broke off|hung up"):
            open_printer(f"{fake.url}?timeout=3").send(job, label="A-012")
        assert time.monotonic() - started < 5.0
        assert fake.done.wait(IO_TIMEOUT_S)
        assert 4096 <= len(fake.received) < len(job)
    finally:
        fake.stop()


def test_printer_that_stops_reading_times_out(ticket: TicketPrint, office: OfficeHeader) -> None:
    # Accepts the connection, never reads: sending must end by the timeout, not hang.
    job = render_ticket(ticket, office, PAPER_80MM) * 50_000
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        url = f"tcp://127.0.0.1:{port}?timeout=0.5&status=off"
        started = time.monotonic()
        with pytest.raises(PrinterConnectionLost, match="broke off"):
            open_printer(url).send(job)
        assert time.monotonic() - started < 3.0


def test_a_printer_hanging_up_mid_job_is_not_taken_for_a_printed_ticket(
    ticket: TicketPrint, office: OfficeHeader
) -> None:
    # The whole ticket fits in the kernel's send buffer, so only the check after the job
    # can notice the printer reset the connection after 40 bytes.
    fake = FakeNetworkPrinter(hang_up_after=40)
    try:
        with pytest.raises(PrinterConnectionLost):
            open_printer(fake.url).send(render_ticket(ticket, office, PAPER_80MM))
    finally:
        fake.stop()
