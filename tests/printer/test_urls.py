"""open_printer: every URL form it accepts, and a clear error for the rest."""

from __future__ import annotations

import pytest

from printer import PAPER_58MM, PrinterConfigError, PrinterError, open_printer
from printer.connections import FilePrinter, PreviewPrinter, SerialPrinter, TcpPrinter, UsbPrinter


def test_tcp_url() -> None:
    connection = open_printer("tcp://192.0.2.10:9100?timeout=2.5&status_timeout=0.5")
    assert isinstance(connection, TcpPrinter)
    assert (connection.host, connection.port) == ("192.0.2.10", 9100)
    assert (connection.timeout, connection.status_timeout) == (2.5, 0.5)
    assert connection.url == "tcp://192.0.2.10:9100?timeout=2.5&status_timeout=0.5"


def test_tcp_port_defaults_to_9100() -> None:
    connection = open_printer("tcp://printer.local")
    assert isinstance(connection, TcpPrinter)
    assert (connection.host, connection.port) == ("printer.local", 9100)


@pytest.mark.parametrize(
    ("url", "host", "port"),
    [("tcp://[::1]:9101", "::1", 9101), ("tcp://[fe80::1]", "fe80::1", 9100)],
)
def test_tcp_ipv6_literal(url: str, host: str, port: int) -> None:
    connection = open_printer(url)
    assert isinstance(connection, TcpPrinter)
    assert (connection.host, connection.port) == (host, port)


def test_serial_url() -> None:
    connection = open_printer("serial:///dev/ttyUSB0?baud=19200&flow=xonxoff")
    assert isinstance(connection, SerialPrinter)
    assert (connection.device, connection.baud, connection.flow) == (
        "/dev/ttyUSB0",
        19200,
        "xonxoff",
    )


def test_usb_url_is_parsed_without_touching_usb() -> None:
    connection = open_printer("usb://04b8:0E15", PAPER_58MM)
    assert isinstance(connection, UsbPrinter)
    assert (connection.vendor_id, connection.product_id) == (0x04B8, 0x0E15)
    assert connection.paper is PAPER_58MM


def test_file_and_preview_urls() -> None:
    file_printer = open_printer("file:///dev/usb/lp0")
    assert isinstance(file_printer, FilePrinter)
    assert file_printer.path == "/dev/usb/lp0"
    preview = open_printer("preview:///srv/antrian/tiket%20hari%20ini")
    assert isinstance(preview, PreviewPrinter)
    assert str(preview.folder) == "/srv/antrian/tiket hari ini"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://192.0.2.10:9100", "unknown kind 'http'"),
        ("192.0.2.10:9100", "no kind of printer"),
        ("", "no kind of printer"),
        ("tcp://:9100", "host is missing"),
        ("tcp://192.0.2.10:99999", "not a TCP port"),
        ("tcp://192.0.2.10:lp", "not a TCP port"),
        ("tcp://192.0.2.10:9100/queue", "no path"),
        ("tcp://192.0.2.10?timeout=soon", "timeout='soon' must be seconds"),
        ("tcp://192.0.2.10?timeout=0", "must be seconds"),
        ("tcp://192.0.2.10?speed=fast", "unknown option 'speed'"),
        ("tcp://192.0.2.10?timeout=1&timeout=2", "given twice"),
        ("serial://", "serial device is missing"),
        ("serial:///dev/ttyS0?baud=1234", "baud='1234' must be 2400, 4800, 9600"),
        ("serial:///dev/ttyS0?flow=magic", "flow='magic' must be one of"),
        ("usb://04b8", "hex VID:PID"),
        ("usb://zz:0e15", "hex VID:PID"),
        ("usb://0000:0e15", "between 0001 and ffff"),
        ("file://relative/path", "three slashes"),
        ("file://", "path is missing"),
        ("preview://docs", "three slashes"),
        ("tcp://[::1", "Invalid IPv6"),
    ],
)
def test_bad_url_names_the_url_and_what_is_allowed(url: str, problem: str) -> None:
    with pytest.raises(PrinterConfigError) as caught:
        open_printer(url)
    message = str(caught.value)
    assert repr(url) in message
    assert problem in message
    assert "tcp://HOST:PORT" in message  # says what is allowed
    assert isinstance(caught.value, PrinterError)
