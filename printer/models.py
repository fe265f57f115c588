"""What a ticket printout needs to know: the ticket, the office header and the paper."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from printer.errors import PrinterConfigError


@dataclass(frozen=True, slots=True)
class TicketPrint:
    """One ticket as the kiosk prints it, taken from the hub's reply to POST /tickets."""

    number: str
    service_name: str
    issued_at: dt.datetime
    priority: bool
    category_name: str | None
    ahead: int
    estimated_wait_minutes: int | None
    status_url: str
    # The product asks for a ticket that names the booth, so FO staff can point the way.
    booth_name: str | None = None

    def __post_init__(self) -> None:
        # A naive time would be printed in whatever zone the kiosk PC happens to use.
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("TicketPrint.issued_at must be timezone-aware")
        if self.ahead < 0:
            raise ValueError("TicketPrint.ahead cannot be negative")


@dataclass(frozen=True, slots=True)
class ReceiptPrint:
    """A complaint's receipt: what the citizen keeps to follow it (issue #14)."""

    tracking_code: str
    received_at: dt.datetime
    due_date: dt.date
    tracking_url: str  # the public tracking page, in the QR code
    next_steps: tuple[str, ...]  # what happens next, one sentence each

    def __post_init__(self) -> None:
        if self.received_at.tzinfo is None or self.received_at.utcoffset() is None:
            raise ValueError("ReceiptPrint.received_at must be timezone-aware")


@dataclass(frozen=True, slots=True)
class OfficeHeader:
    """The office's name, address, time zone (IANA name) and optional logo file."""

    name: str
    address: str | None
    timezone: str
    logo: Path | None = None


@dataclass(frozen=True, slots=True)
class PaperProfile:
    """One paper width and the printer model whose capabilities we assume for it."""

    name: str
    width_mm: int
    dots: int
    columns: int
    escpos_profile: str
    qr_native: bool
    qr_module_dots: int

    @property
    def font_a_dots(self) -> int:
        """Width of one font A character cell in dots (12 on every 203 dpi printer here)."""
        return self.dots // self.columns


# Epson TM-T20II class printers: 72 mm printable, font A 12x24 dots, hardware QR (GS ( k).
PAPER_80MM = PaperProfile(
    name="80mm",
    width_mm=80,
    dots=576,
    columns=48,
    escpos_profile="TM-T20II",
    qr_native=True,
    qr_module_dots=6,
)

# Cheap 58 mm printers (NT-5890K and clones): no hardware QR and no cutter.
PAPER_58MM = PaperProfile(
    name="58mm",
    width_mm=58,
    dots=384,
    columns=32,
    escpos_profile="NT-5890K",
    qr_native=False,
    qr_module_dots=6,
)

PAPER_PROFILES: dict[str, PaperProfile] = {
    PAPER_80MM.name: PAPER_80MM,
    PAPER_58MM.name: PAPER_58MM,
}


def paper_profile(name: str) -> PaperProfile:
    """Look up a paper profile by name ("80mm" or "58mm"), as written in the office config."""
    try:
        return PAPER_PROFILES[name]
    except KeyError:
        allowed = ", ".join(sorted(PAPER_PROFILES))
        raise PrinterConfigError(f"unknown paper profile {name!r}; use one of: {allowed}") from None
