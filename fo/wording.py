"""Bahasa Indonesia wording shared by the thermal printout and the PDF of the recap.

The recap is the protocol's typed model (protocol.recap; tests/fo/sample_recap.json is
one); the phrases of the text export (states, incident kinds, period titles) are reused
from reports.recap_formats so FO reads the same words on screen, on paper and in the PDF.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from common import indonesian
from protocol.recap import Incident, Recap, is_month
from reports.recap_formats import INCIDENTS, STATES, minutes, period_title, share

__all__ = [
    "INCIDENTS",
    "STATES",
    "duration",
    "incident_text",
    "is_month",
    "local_moment",
    "local_time",
    "minutes",
    "period_title",
    "recap_title",
    "share",
    "share_with_count",
    "state_text",
    "threshold_label",
    "totals_rows",
    "zone_abbreviation",
]

# The legend printed under every table that shows times as minutes:seconds.
TIME_LEGEND = "Waktu dalam menit:detik."
# Who signs the recap, in the usual Indonesian form: the maker, then who acknowledges it.
SIGNATORIES = (("Dibuat oleh,", "Petugas FO"), ("Mengetahui,", "Manager On Duty"))
NO_CASES = "Tidak ada kasus kompensasi."
ALL_SETTLED = "Semua kompensasi sudah diberikan."
NO_INCIDENTS = "Tidak ada gangguan perangkat."


def recap_title(period: str) -> str:
    return "REKAPITULASI BULANAN" if is_month(period) else "REKAPITULASI HARIAN"


duration = indonesian.duration  # shared: one way of writing a measured time


def threshold_label(threshold_minutes: int) -> str:
    # Decree 108/2024 (or the office's own): waiting this long or more earns compensation.
    return f"Dipanggil < {threshold_minutes} menit"


def share_with_count(value: float | None, count: int | None) -> str:
    """'83% (198)': the share and how many tickets it stands for."""
    if value is None:
        return "-"
    return f"{share(value)} ({count})" if count is not None else share(value)


def totals_rows(recap: Recap) -> list[tuple[str, str]]:
    """The headline figures as (label, value), in the order the MOD reports them."""
    totals = recap.totals
    return [
        ("Nomor antrean diambil", str(totals.issued)),
        ("Dilayani", str(totals.served)),
        ("Tidak hadir", str(totals.no_show)),
        ("Dialihkan", str(totals.transferred)),
        ("Belum dilayani", str(totals.unserved)),
        ("Rata-rata tunggu", duration(totals.avg_wait_s)),
        ("Tunggu terlama", duration(totals.max_wait_s)),
        ("Rata-rata layanan", duration(totals.avg_service_s)),
        (
            threshold_label(recap.threshold_minutes),
            share_with_count(totals.called_within_threshold, totals.called_within_threshold_count),
        ),
    ]


def local_moment(stamp: str, zone: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp).astimezone(zoneinfo.ZoneInfo(zone))


def local_time(stamp: str, zone: str, with_date: bool = False) -> str:
    """'09.48', or '23/11 09.48' in a month's recap where the day matters too."""
    moment = local_moment(stamp, zone)
    return f"{moment:%d/%m %H.%M}" if with_date else f"{moment:%H.%M}"


def zone_abbreviation(recap: Recap) -> str:
    """'WITA' for Asia/Makassar: the name printed once instead of after every time."""
    first_day = f"{recap.period}-01" if recap.is_month else recap.period
    noon = dt.datetime.fromisoformat(f"{first_day}T12:00").replace(
        tzinfo=zoneinfo.ZoneInfo(recap.timezone)
    )
    name = noon.tzname() or ""
    return name if name.isalpha() else recap.timezone


def state_text(state: str) -> str:
    return STATES.get(state, state)


def incident_text(incident: Incident) -> str:
    """The kind and the device's message ('kertas habis: ...'), or the message alone."""
    kind = INCIDENTS.get(incident.kind, incident.kind)
    message = incident.message.strip()
    if not message:
        return kind
    # "kertas habis" + "Kertas habis, diganti petugas FO": the message already says it.
    if set(kind.lower().split()) <= set(message.lower().replace(",", " ").split()):
        return message
    return f"{kind}: {message}"
