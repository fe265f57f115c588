"""The monthly complaint recap as the head of office reads it: plain text (Bahasa
Indonesia) and CSV for spreadsheets (one `figure,value` row each)."""

from __future__ import annotations

import csv
import io

from common.indonesian import MONTHS
from protocol.complaints import ComplaintRecap
from protocol.kinds import ComplaintChannel


def month_name(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def as_text(recap: ComplaintRecap, office_name: str = "") -> str:
    average = recap.avg_working_days_to_answer
    lines = [
        f"REKAP PENGADUAN {month_name(recap.month).upper()}",
        *([office_name] if office_name else []),
        f"Keadaan per {recap.as_of}",
        "",
        f"Pengaduan diterima          : {recap.received}",
        f"Dijawab                     : {recap.answered}",
        f"Dijawab tepat waktu         : {recap.answered_on_time}",
        f"Belum dijawab, lewat batas  : {recap.overdue_open}",
        f"Pelapor puas                : {recap.satisfied}",
        f"Pelapor tidak puas          : {recap.not_satisfied}",
        "Rata-rata waktu menjawab    : "
        + ("-" if average is None else f"{average:.2f} hari kerja".replace(".", ",")),
        "",
        "Menurut saluran:",
    ]
    for code, count in recap.by_channel.items():
        label = ComplaintChannel(code).label if code in set(ComplaintChannel) else code
        lines.append(f"  {label:<26}: {count}")
    lines += ["", "Menurut layanan:"]
    if not recap.by_service:
        lines.append("  -")
    for service, count in recap.by_service.items():
        lines.append(f"  {'(tanpa layanan)' if service == '-' else service:<26}: {count}")
    return "\n".join(lines) + "\n"


def as_csv(recap: ComplaintRecap) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figure", "value"])
    for key in ("month", "as_of", "received", "answered", "answered_on_time", "overdue_open",
                "satisfied", "not_satisfied", "avg_working_days_to_answer"):  # fmt: skip
        value = getattr(recap, key)
        writer.writerow([key, "" if value is None else value])
    for code, count in recap.by_channel.items():
        writer.writerow([f"by_channel.{code}", count])
    for service, count in recap.by_service.items():
        writer.writerow([f"by_service.{service}", count])
    return out.getvalue()
