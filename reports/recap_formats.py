"""The recap as FO reads it: plain text (Bahasa Indonesia) and CSV for spreadsheets."""

from __future__ import annotations

import csv
import datetime as dt
import io
import textwrap
import zoneinfo
from typing import Any

from common.indonesian import MONTHS, clock, long_date
from protocol.recap import Figures, Recap, is_month

COLUMNS = ("issued", "served", "no_show", "transferred", "unserved", "avg_wait_s",
           "max_wait_s", "avg_service_s", "called_within_threshold")  # fmt: skip


STATES = {"owed": "belum diberikan", "given": "diberikan", "waived": "dibatalkan"}
INCIDENTS = {
    "paper_out": "kertas habis", "printer_offline": "printer mati/terputus",
    "printer_error": "printer bermasalah", "printer_recovered": "printer normal kembali",
    "audio_unavailable": "suara tidak tersedia",
}  # fmt: skip


def minutes(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds // 60}:{seconds % 60:02d}"


def share(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def local_clock(stamp: str, zone: str) -> str:
    """'2026-11-23T01:05:00.000Z' -> '09.05' in the office's zone."""
    return clock(dt.datetime.fromisoformat(stamp).astimezone(zoneinfo.ZoneInfo(zone)))


ESTIMATE_LEGEND = (
    "Perkiraan waktu tunggu yang diberikan saat ambil nomor, dibandingkan dengan tunggu "
    "sampai panggilan pertama; dalam rentang: selisih paling banyak 5 menit atau 25 % dari "
    "waktu tunggu."
)


def estimate_accuracy_text(recap: Recap) -> str | None:
    """'Ketepatan perkiraan waktu tunggu: 83 % dalam rentang, selisih rata-rata 3,8 menit
    (412 antrean)'; None from a hub that does not report it."""
    accuracy = recap.estimate_accuracy
    if accuracy is None:
        return None
    title = "Ketepatan perkiraan waktu tunggu"
    if not accuracy.tickets or accuracy.within_band is None or accuracy.mae_minutes is None:
        return f"{title}: belum ada antrean dengan perkiraan."
    within = round(accuracy.within_band * 100)
    error = f"{accuracy.mae_minutes:.1f}".replace(".", ",")
    return (
        f"{title}: {within} % dalam rentang, selisih rata-rata {error} menit "
        f"({accuracy.tickets} antrean)"
    )


def survey_text(recap: Recap) -> str | None:
    """'Survei kepuasan: 12 responden, IKM 3,06 (konversi 76,39), mutu C (Kurang Baik);
    penilaian di loket 20 kali, rata-rata 3,30 dari 4'; None from a hub that does not
    report it."""
    survey = recap.survey
    if survey is None:
        return None
    ratings = survey.ratings
    rated = (
        f"penilaian di loket {ratings.count} kali, rata-rata {_decimal(ratings.mean)} dari 4"
        if ratings.count
        else "belum ada penilaian di loket"
    )
    if survey.mutu is None:
        return f"Survei kepuasan: belum ada responden; {rated}"
    return (
        f"Survei kepuasan: {survey.respondents} responden, IKM {_decimal(survey.ikm)} "
        f"(konversi {_decimal(survey.konversi)}), mutu {survey.mutu} ({survey.kinerja}); "
        f"{rated}"
    )


def _decimal(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}".replace(".", ",")


def period_title(period: str) -> str:
    if is_month(period):
        year, month = period.split("-")
        return f"Bulan {MONTHS[int(month) - 1]} {year}"
    return long_date(dt.date.fromisoformat(period))


def as_text(recap: Recap) -> str:
    threshold = recap.threshold_minutes
    lines = [
        f"REKAPITULASI LAYANAN — {recap.office}",
        period_title(recap.period),
        "",
        f"{'Layanan':30} {'Ambil':>5} {'Layani':>6} {'Tdk hdr':>7} {'Alih':>4} {'Sisa':>4} "
        f"{'Tunggu':>6} {'Maks':>6} {'Layan':>6} {f'<{threshold}m':>5}",
    ]
    rows: list[tuple[str, Figures, int]] = [(s.name, s, s.unserved) for s in recap.services]
    rows.append(("JUMLAH", recap.totals, recap.totals.unserved))
    for name, row, unserved in rows:
        lines.append(
            f"{name[:30]:30} {row.issued:5} {row.served:6} {row.no_show:7} "
            f"{row.transferred:4} {unserved:4} {minutes(row.avg_wait_s):>6} "
            f"{minutes(row.max_wait_s):>6} {minutes(row.avg_service_s):>6} "
            f"{share(row.called_within_threshold):>5}"
        )
    lines += ["", f"{'Loket':24} {'Panggil':>7} {'Layani':>6} {'Tdk hdr':>7} {'Layan':>6}  Petugas"]
    for counter in recap.counters:
        lines.append(
            f"{counter.name[:24]:24} {counter.calls:7} {counter.served:6} {counter.no_show:7} "
            f"{minutes(counter.avg_service_s):>6}  {', '.join(counter.officers)}"
        )
    estimates = estimate_accuracy_text(recap)
    if estimates is not None:
        lines += ["", estimates]
    survey = survey_text(recap)
    if survey is not None:
        lines += ["", *textwrap.wrap(survey, 80)]
    compensation = recap.compensation
    lines += ["", f"KOMPENSASI: {compensation.total} kasus — diberikan {compensation.given}, "
                  f"belum {compensation.owed}, dibatalkan {compensation.waived}"]  # fmt: skip
    for kind in compensation.by_kind.values():
        if kind.owed or kind.given or kind.waived:
            lines.append(f"  {kind.title}: diberikan {kind.given}, belum {kind.owed}, "
                         f"dibatalkan {kind.waived}")  # fmt: skip
    zone = recap.timezone
    for case in compensation.cases:
        when = local_clock(case.opened_at, zone)
        lines.append(f"  {when}  {case.number or '-':8} Loket {case.counter or '-'}  "
                     f"{case.title}  [{STATES.get(case.state, case.state)}]")  # fmt: skip
    lines += ["", f"GANGGUAN PERANGKAT: {len(recap.incidents)}"]
    for incident in recap.incidents:
        when = local_clock(incident.at, zone)
        kind_text = INCIDENTS.get(incident.kind, incident.kind)
        lines.append(f"  {when}  {incident.device}: {kind_text}. {incident.message}")
    lines += ["", "Waktu dalam menit:detik. Tunggu = dipanggil - ambil nomor (atau dialihkan);",
              "Layan = selesai - mulai dilayani."]  # fmt: skip
    if estimates is not None:
        lines += textwrap.wrap(ESTIMATE_LEGEND, 80)
    return "\n".join(lines) + "\n"


def as_csv(recap: Recap) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["period", "section", "key", "name", *COLUMNS])

    def figures(row: Figures) -> list[Any]:
        # Counters and officers have no queue of their own: their "unserved" is blank.
        values = row.model_dump()
        return [values.get(column, "") for column in COLUMNS]

    for service in recap.services:
        writer.writerow([recap.period, "service", service.code, service.name, *figures(service)])
    for counter in recap.counters:
        writer.writerow([recap.period, "counter", counter.number, counter.name, *figures(counter)])
    for officer in recap.officers:
        writer.writerow([recap.period, "officer", officer.nip, officer.name, *figures(officer)])
    writer.writerow([])
    writer.writerow(["period", "case", "kind", "title", "state", "number", "counter", "officer",
                     "opened_at", "settled_at", "waited_s", "note"])  # fmt: skip
    for case in recap.compensation.cases:
        writer.writerow([recap.period, case.id, case.kind, case.title, case.state, case.number,
                         case.counter, case.officer, case.opened_at, case.settled_at,
                         case.waited_s, case.note])  # fmt: skip
    accuracy = recap.estimate_accuracy
    if accuracy is not None:
        writer.writerow([])
        writer.writerow(["period", "estimate_tickets", "estimate_mae_minutes",
                         "estimate_within_band"])  # fmt: skip
        writer.writerow([recap.period, accuracy.tickets, accuracy.mae_minutes,
                         accuracy.within_band])  # fmt: skip
    survey = recap.survey
    if survey is not None:
        writer.writerow([])
        writer.writerow(["period", "survey_respondents", "survey_ikm", "survey_konversi",
                         "survey_mutu", "ratings_count", "ratings_mean"])  # fmt: skip
        writer.writerow([recap.period, survey.respondents, survey.ikm, survey.konversi,
                         survey.mutu, survey.ratings.count, survey.ratings.mean])  # fmt: skip
    return out.getvalue()
