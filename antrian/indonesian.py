"""Indonesian dates and times as citizens read them: "Senin, 23 November 2026", "09.41 WITA"."""

from __future__ import annotations

import datetime as dt

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")  # fmt: skip


def long_date(moment: dt.datetime | dt.date) -> str:
    return f"{DAYS[moment.weekday()]}, {moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def clock(moment: dt.datetime, seconds: bool = False) -> str:
    """Indonesian style uses a dot: 09.41 (KBBI / PUEBI), with the zone name (WIB/WITA/WIT)."""
    text = f"{moment:%H.%M.%S}" if seconds else f"{moment:%H.%M}"
    zone = moment.tzname() or ""
    return f"{text} {zone}".strip() if zone.isalpha() else text
