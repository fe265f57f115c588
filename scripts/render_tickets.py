#!/usr/bin/env python3
"""Render sample tickets to PNG (one pixel per printer dot) for the docs and for eyeballing.

    .venv/bin/python scripts/render_tickets.py [--out docs] [--logo office-logo.png]
    .venv/bin/python scripts/render_tickets.py --every-service config/office.toml --out /tmp/t

The PNGs come from the very bytes a printer would receive: render_ticket, then the
ESC/POS preview renderer. --every-service prints one ticket per service of an office
config, on 80 and 58 mm, with the booths the kiosk would name: long names, checked by eye.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from antrian.config import load_office_config  # noqa: E402
from printer import PAPER_58MM, PAPER_80MM, OfficeHeader, TicketPrint, render_ticket  # noqa: E402
from printer.preview import save_preview  # noqa: E402

# Monday 23 November 2026, 19:41 WITA.
ISSUED_AT = dt.datetime(2026, 11, 23, 11, 41, tzinfo=dt.UTC)

SAMPLES = [
    (
        PAPER_80MM,
        TicketPrint(
            number="A-012",
            service_name="Perizinan & Non Perizinan (DPMPTSP)",
            issued_at=ISSUED_AT,
            priority=False,
            category_name=None,
            ahead=5,
            estimated_wait_minutes=25,
            status_url="https://antrian.mpp-samarinda.go.id/t/01JD5XQ7A012",
            booth_name="Gerai 2",
        ),
    ),
    (
        PAPER_58MM,
        TicketPrint(
            number="C-007",
            service_name="Kependudukan (Dukcapil)",
            issued_at=ISSUED_AT,
            priority=True,
            category_name="Penyandang disabilitas",
            ahead=1,
            estimated_wait_minutes=70,
            status_url="https://antrian.mpp-samarinda.go.id/t/01JD5XQ7C007",
            booth_name="Gerai 4",
        ),
    ),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    parser.add_argument("--logo", type=Path, default=None, help="office logo PNG to print")
    parser.add_argument("--every-service", type=Path, metavar="CONFIG",
                        help="one ticket per service of this office config")  # fmt: skip
    args = parser.parse_args()
    if args.every_service:
        return every_service(args.every_service, args.out, args.logo)
    office = OfficeHeader(
        name="Mal Pelayanan Publik Kota Samarinda",
        address="Jl. Basuki Rahmat No. 1, Samarinda",
        timezone="Asia/Makassar",
        logo=args.logo,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for paper, ticket in SAMPLES:
        data = render_ticket(ticket, office, paper)
        path = save_preview(data, paper.dots, args.out / f"ticket-{paper.name}.png")
        print(f"{path}  ({len(data)} bytes of ESC/POS)")
    return 0


def every_service(config: Path, out: Path, logo: Path | None) -> int:
    office = load_office_config(config)
    header = OfficeHeader(office.office.name, office.office.address, office.office.timezone, logo)
    out.mkdir(parents=True, exist_ok=True)
    for service in office.services:
        booths = ", ".join(c.label for c in office.counters if service.code in c.services)
        ticket = TicketPrint(
            number=f"{service.prefix}-001", service_name=service.name, issued_at=ISSUED_AT,
            priority=False, category_name=None, ahead=0, estimated_wait_minutes=0,
            status_url=f"http://192.168.1.10:8470/t/{service.code}", booth_name=booths or None,
        )  # fmt: skip
        for paper in (PAPER_80MM, PAPER_58MM):
            data = render_ticket(ticket, header, paper)
            path = save_preview(data, paper.dots, out / f"ticket-{service.code}-{paper.name}.png")
            print(f"{path}  ({len(data)} bytes of ESC/POS)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
