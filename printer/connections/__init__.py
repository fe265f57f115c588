"""Printer connections, chosen by URL: one module per backend behind PrinterConnection."""

from __future__ import annotations

import urllib.parse

from printer.connections.base import PrinterConnection, config_error
from printer.connections.file import FilePrinter
from printer.connections.preview_dir import PreviewPrinter
from printer.connections.serial_port import SerialPrinter
from printer.connections.tcp import TcpPrinter
from printer.connections.usb import UsbPrinter
from printer.models import PAPER_80MM, PaperProfile

SCHEMES = ("tcp", "serial", "usb", "file", "preview")


def open_printer(url: str, paper: PaperProfile = PAPER_80MM) -> PrinterConnection:
    """The connection a printer URL names; PrinterConfigError says what is wrong with it.

    paper matters to usb:// (the escpos profile) and preview:// (the image width).
    Nothing is opened yet: each backend connects when it sends, so a printer that is off
    at start-up does not stop the kiosk from starting.
    """
    try:
        parts = urllib.parse.urlsplit(url.strip())
    except ValueError as error:
        raise config_error(url, str(error)) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        problem = f"unknown kind {scheme!r}" if scheme else "no kind of printer given"
        raise config_error(url, problem)
    if parts.fragment:
        raise config_error(url, "a '#' part is not allowed")
    path = urllib.parse.unquote(parts.path)
    if scheme == "tcp":
        if parts.path not in ("", "/"):
            raise config_error(url, f"a network printer URL has no path ({parts.path!r})")
        return TcpPrinter.from_url(url, parts.netloc, parts.query)
    if scheme == "serial":
        return SerialPrinter.from_url(url, parts.netloc, path, parts.query)
    if scheme == "usb":
        if parts.path not in ("", "/"):
            raise config_error(url, f"a USB printer URL has no path ({parts.path!r})")
        return UsbPrinter.from_url(url, parts.netloc, parts.query, paper)
    if scheme == "file":
        return FilePrinter.from_url(url, parts.netloc, path, parts.query)
    return PreviewPrinter.from_url(url, parts.netloc, path, parts.query, paper)


__all__ = [
    "SCHEMES",
    "FilePrinter",
    "PreviewPrinter",
    "PrinterConnection",
    "SerialPrinter",
    "TcpPrinter",
    "UsbPrinter",
    "open_printer",
]
