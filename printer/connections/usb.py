"""USB printers spoken to directly through libusb (python-escpos Usb, extra [usb]).

Where the kernel's usblp driver already exposes the printer, file:///dev/usb/lp0 works
without any USB library; this backend is for printers without that device node.
"""

from __future__ import annotations

import importlib
from typing import Any

from printer._escpos import DeviceNotFoundError, Usb
from printer.connections.base import DEFAULT_TIMEOUT_S, UrlOptions, config_error
from printer.errors import PrinterConnectionLost, PrinterDriverMissing, PrinterOffline
from printer.models import PAPER_80MM, PaperProfile
from printer.status import PaperStatus

OPTIONS = ("timeout",)


class UsbPrinter:
    """Nothing USB is imported until the first job, so other backends need no libusb."""

    def __init__(
        self,
        url: str,
        vendor_id: int,
        product_id: int,
        *,
        paper: PaperProfile = PAPER_80MM,
        timeout: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._url = url
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.paper = paper
        self.timeout = timeout
        self._device: Any = None

    @classmethod
    def from_url(cls, url: str, netloc: str, query: str, paper: PaperProfile) -> UsbPrinter:
        vendor_text, separator, product_text = netloc.partition(":")
        try:
            if not separator:
                raise ValueError(netloc)
            vendor_id, product_id = int(vendor_text, 16), int(product_text, 16)
        except ValueError:
            raise config_error(url, "USB ids must be hex VID:PID such as 04b8:0e15") from None
        if not (0 < vendor_id <= 0xFFFF and 0 < product_id <= 0xFFFF):
            raise config_error(url, "USB ids must be between 0001 and ffff")
        options = UrlOptions(url, query, OPTIONS)
        return cls(
            url,
            vendor_id,
            product_id,
            paper=paper,
            timeout=options.seconds("timeout", DEFAULT_TIMEOUT_S),
        )

    @property
    def url(self) -> str:
        return self._url

    def send(self, data: bytes, *, label: str | None = None) -> None:
        device = self._open()
        usb_core = importlib.import_module("usb.core")
        try:
            device._raw(data)
        except usb_core.USBError as error:
            self.close()  # reopen on the next job: the printer may have been replugged
            raise PrinterConnectionLost(
                f"printer {self._url}: sending {label or 'job'} failed: {error}"
            ) from error

    def paper_status(self) -> PaperStatus:
        # Reading back over USB needs the printer's IN endpoint, which varies per model.
        return PaperStatus.UNKNOWN

    def close(self) -> None:
        if self._device is not None:
            self._device.close()
            self._device = None

    def _open(self) -> Any:
        if self._device is not None:
            return self._device
        if not Usb.is_usable():
            raise PrinterDriverMissing(
                f"printer {self._url} needs pyusb: pip install 'python-escpos[usb]' "
                "(and the libusb-1.0-0 system package)"
            )
        usb_core = importlib.import_module("usb.core")
        device = Usb(
            self.vendor_id,
            self.product_id,
            timeout=int(self.timeout * 1000),  # milliseconds, per pyusb
            profile=self.paper.escpos_profile,
        )
        try:
            device.open()
        except usb_core.NoBackendError as error:
            raise PrinterDriverMissing(
                f"printer {self._url} needs the libusb-1.0-0 system package: {error}"
            ) from error
        except DeviceNotFoundError as error:
            raise PrinterOffline(f"printer {self._url} not found: {error}") from error
        self._device = device
        return device
