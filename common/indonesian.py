"""The one home of how Antrian writes Bahasa Indonesia: dates, times, durations, waits.

Citizens read these on the kiosk, the ticket and their phone; officers and FO on the
panel, the desk and the recap. One function per way of saying a thing, so the kiosk and
the ticket never give the same wait in two wordings.
"""

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


def minutes_text(minutes: int) -> str:
    """'45 menit', '1 jam', '1 jam 15 menit'."""
    hours, rest = divmod(int(minutes), 60)
    if hours == 0:
        return f"{rest} menit"
    return f"{hours} jam" if rest == 0 else f"{hours} jam {rest} menit"


def wait_span(minutes: int) -> str:
    """A wait estimate as a citizen reads it: '± 25 menit', '± 1 jam 10 menit' (± is
    CP437 0xF1, so it prints on every ticket printer here)."""
    if minutes < 1:
        return "kurang dari 1 menit"
    return f"\u00b1 {minutes_text(minutes)}"


def duration(seconds: int | None) -> str:
    """'7 mnt 43 dtk': a measured time where a figure stands alone (recaps, the desk)."""
    if seconds is None:
        return "-"
    whole_minutes, rest = divmod(int(seconds), 60)
    if whole_minutes == 0:
        return f"{rest} dtk"
    return f"{whole_minutes} mnt {rest} dtk" if rest else f"{whole_minutes} mnt"


def wait_window(now: dt.datetime, minutes: int) -> str:
    """When a citizen will be called, as a span of clock times: 'sekitar 10.40-10.55
    WITA'. It is as wide as the estimate's measured accuracy: +-max(5 min, 25 %)
    (scripts/bench/eta.py). `now` in the office's zone."""
    spread = max(5, round(minutes * 0.25))
    earliest = now + dt.timedelta(minutes=max(0, minutes - spread))
    latest = now + dt.timedelta(minutes=minutes + spread)
    zone = now.tzname() or ""
    zone = f" {zone}" if zone.isalpha() else ""
    return f"sekitar {earliest:%H.%M}\u2013{latest:%H.%M}{zone}"


def tile_wait(minutes: int | None) -> str:
    """The TV's line under a service's waiting count, for a ticket taken now:
    'Tunggu \u00b1 25 menit' (the ticket's words); empty without an estimate."""
    return "" if minutes is None else f"Tunggu {wait_span(minutes)}"


AHEAD_LABEL = "Antrean di depan Anda:"
WAIT_LABEL = "Perkiraan waktu tunggu:"


# ---- the citizen's phone page (hub/public) ---------------------------------------------

# A ticket's state as the citizen reads it on the phone.
TICKET_STATES = {
    "waiting": "Menunggu dipanggil",
    "called": "Nomor Anda dipanggil",
    "serving": "Sedang dilayani",
    "closed": "Layanan selesai",
    "no_show": "Nomor Anda terlewat",
}


def ahead_text(ahead: int) -> str:
    """'3 orang di depan Anda', 'Anda berikutnya'."""
    return "Anda berikutnya" if ahead <= 0 else f"{ahead} orang di depan Anda"


def time_window(start: dt.datetime, end: dt.datetime) -> str:
    """An estimate as a span of clock times: 'sekitar 10.40–10.55 WITA' (the zone of
    `start`, which the caller gives in the office's time zone)."""
    zone = start.tzname() or ""
    text = f"sekitar {start:%H.%M}\u2013{end:%H.%M}"
    return f"{text} {zone}" if zone.isalpha() else text
