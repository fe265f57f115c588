"""The in-memory FakePrinter, and usb:// without a USB library installed."""

from __future__ import annotations

import importlib.util

import pytest

from printer import PaperOut, PrinterConnection, PrinterDriverMissing, PrinterOffline, open_printer
from printer.fake import FakePrinter


def print_twice(connection: PrinterConnection, data: bytes) -> None:
    connection.send(data, label="A-001")
    connection.send(data, label="A-002")


def test_fake_printer_keeps_jobs_and_can_fail() -> None:
    fake = FakePrinter()
    print_twice(fake, b"\x1b@")  # type-checks as a PrinterConnection
    assert fake.jobs == [("A-001", b"\x1b@"), ("A-002", b"\x1b@")]
    fake.fail_with = PaperOut("printer fake://: paper roll is empty")
    with pytest.raises(PaperOut):
        fake.send(b"x")
    fake.close()
    with pytest.raises(PrinterOffline):
        fake.send(b"x")


@pytest.mark.skipif(importlib.util.find_spec("usb") is not None, reason="pyusb is installed here")
def test_usb_without_pyusb_says_what_to_install() -> None:
    connection = open_printer("usb://04b8:0e15")  # parsing needs no USB library
    with pytest.raises(PrinterDriverMissing, match=r"python-escpos\[usb\]"):
        connection.send(b"\x1b@")
