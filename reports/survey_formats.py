"""The survey report (SKM/IKM) as FO and the head of office read it: plain text (Bahasa
Indonesia) and CSV for spreadsheets; the words shared with the PDF and the recap."""

from __future__ import annotations

import csv
import datetime as dt
import io

from common.indonesian import MONTHS, long_date
from protocol.survey import SurveyFigures, SurveyGroup, SurveyReport
from reports.ikm import MUTU_TABLE

PROFILE_TITLES = {
    "sex": "Jenis kelamin",
    "age": "Umur",
    "education": "Pendidikan",
    "occupation": "Pekerjaan",
}
GROUP_TITLES = {
    "by_service": "Per layanan",
    "by_counter": "Per loket",
    "by_officer": "Per petugas",
    "by_semester": "Per semester",
    "by_month": "Per bulan",
    "by_day": "Per hari",
}
RULE = "Permenpan RB Nomor 14 Tahun 2017"


def decimal(value: float | None, places: int = 2) -> str:
    """3,06 (the Indonesian decimal comma); '-' for none."""
    return "-" if value is None else f"{value:.{places}f}".replace(".", ",")


def mutu_text(figures: SurveyFigures) -> str:
    """'B (Baik)', or why there is none."""
    if figures.mutu is None:
        return "belum ada responden" if figures.respondents == 0 else "-"
    return f"{figures.mutu} ({figures.kinerja})"


def period_text(report: SurveyReport) -> str:
    first, last = dt.date.fromisoformat(report.date_from), dt.date.fromisoformat(report.date_to)
    semester = _semester(first, last)
    if semester:
        return semester
    if first == last:
        return long_date(first)
    return f"{long_date(first)} s.d. {long_date(last)}"


def _semester(first: dt.date, last: dt.date) -> str | None:
    for half, (start, end) in enumerate((((1, 1), (6, 30)), ((7, 1), (12, 31))), start=1):
        if (first.month, first.day) == start and (last.month, last.day) == end:
            if first.year == last.year:
                return f"Semester {'I' * half} {first.year}"
    return None


def month_text(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def group_label(kind: str, group: SurveyGroup) -> str:
    if kind == "by_semester":
        year, half = group.key.split("-")
        return f"Semester {'I' * int(half)} {year}"
    if kind == "by_month":
        return month_text(group.key)
    if kind == "by_day":
        return long_date(dt.date.fromisoformat(group.key))
    if kind == "by_officer":
        return f"{group.name} ({group.key})" if group.key != "—" else "(tidak tercatat)"
    return group.name or group.key


def as_text(report: SurveyReport, office_name: str = "") -> str:
    lines = [
        "SURVEI KEPUASAN MASYARAKAT (SKM)",
        *([office_name] if office_name else []),
        f"Periode: {period_text(report)}"
        + (f" · layanan {report.service}" if report.service else ""),
        f"Menurut {RULE}",
        "",
        f"Responden          : {report.respondents}",
        f"IKM (nilai indeks) : {decimal(report.ikm, 3)}",
        f"Konversi (IKM x 25): {decimal(report.konversi)}",
        f"Mutu pelayanan     : {mutu_text(report)}",
        f"Penilaian di loket : {report.ratings.count} kali, rata-rata "
        f"{decimal(report.ratings.mean)} dari 4 (tidak dihitung dalam IKM)",
        "",
        "Nilai rata-rata per unsur (NRR):",
    ]
    for unsur in report.unsur:
        counts = " ".join(f"{n:>3}" for n in unsur.counts)
        lines.append(f"  {unsur.code} {unsur.name:<40} {decimal(unsur.nrr):>5}   [1-4: {counts}]")
    for kind, title in GROUP_TITLES.items():
        groups: list[SurveyGroup] = getattr(report, kind)
        if not groups:
            continue
        lines += ["", f"{title}:"]
        for group in groups:
            lines.append(
                f"  {group_label(kind, group):<40} {group.respondents:>4} responden  "
                f"{decimal(group.konversi):>6}  {mutu_text(group)}"
            )
    lines += ["", "Profil responden:"]
    for field, rows in report.profile.items():
        cells = ", ".join(f"{row.label} {row.count}" for row in rows)
        lines.append(f"  {PROFILE_TITLES.get(field, field)}: {cells}")
    lines += ["", f"Saran dan masukan ({len(report.suggestions)}):"]
    for suggestion in report.suggestions:
        lines.append(f"  - [{suggestion.service}] {suggestion.text}")
    lines += ["", "Tabel mutu: " + "; ".join(
        f"{mutu} {lowest}–{_upper(mutu)} {words}" for lowest, mutu, words in MUTU_TABLE
    )]  # fmt: skip
    return "\n".join(lines) + "\n"


def _upper(mutu: str) -> str:
    return {"A": "100,00", "B": "88,30", "C": "76,60", "D": "64,99"}[mutu]


def as_csv(report: SurveyReport) -> str:
    """One row per figure: the whole period, each unsur, then each group."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "key", "name", "respondents", "nrr", "ikm", "konversi",
                     "mutu", "kinerja", *(f"answered_{n}" for n in range(1, 5))])  # fmt: skip

    def figures(table: str, key: str, name: str, row: SurveyFigures) -> list[object]:
        return [table, key, name, row.respondents, "", _num(row.ikm), _num(row.konversi),
                row.mutu or "", row.kinerja or "", "", "", "", ""]  # fmt: skip

    writer.writerow(figures("period", f"{report.date_from}..{report.date_to}",
                            report.service or "", report))  # fmt: skip
    for unsur in report.unsur:
        writer.writerow(["unsur", unsur.code, unsur.name, unsur.answered, _num(unsur.nrr),
                         "", "", "", "", *unsur.counts])  # fmt: skip
    for kind in GROUP_TITLES:
        for group in getattr(report, kind):
            writer.writerow(figures(kind, group.key, group.name, group))
    for field, rows in report.profile.items():
        for row in rows:
            writer.writerow([f"profile.{field}", row.key, row.label, row.count,
                             "", "", "", "", "", "", "", "", ""])  # fmt: skip
    writer.writerow(["ratings", "", "", report.ratings.count, _num(report.ratings.mean),
                     "", "", "", "", "", "", "", ""])  # fmt: skip
    return out.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")
