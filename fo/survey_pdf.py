"""The survey report (SKM/IKM, Permenpan RB 14/2017) as A4 pages for the head of office.

Page 1: the heading, the index and its mutu in words, the rule's table of NRR per unsur
and the mutu table; page 2: a bar chart per unsur (how many gave each answer); then the
tables per service, counter, officer, month and day, the respondents' profile, the
suggestions, and room to sign. The same report gives the same file (no timestamp).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.ticker import MaxNLocator

from protocol.survey import UNSUR, SurveyReport
from reports.ikm import MUTU_TABLE
from reports.pdf_layout import (
    INK,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    Flow,
    RowStyle,
    signature,
)
from reports.pdf_text import CELL_PAD, TABLE_SIZE, PdfColumn, line_height
from reports.survey_formats import (
    GROUP_TITLES,
    PROFILE_TITLES,
    decimal,
    group_label,
    mutu_text,
    period_text,
)
from reports.survey_formats import (
    RULE as REGULATION,
)

BAR = "#3c6e9f"
MUTU_RANGES = {"A": "88,31 – 100,00", "B": "76,61 – 88,30", "C": "65,00 – 76,60",
               "D": "25,00 – 64,99"}  # fmt: skip
IKM_RANGES = {"A": "3,5324 – 4,00", "B": "3,0644 – 3,532", "C": "2,60 – 3,064",
              "D": "1,00 – 2,5996"}  # fmt: skip


def render_survey_pdf(report: SurveyReport, office: str, path: Path) -> Path:
    """Write the report's PDF to path (overwriting it) and return path."""
    period = period_text(report)
    with rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}):
        flow = Flow()
        _summary(flow, report, office, period)
        _charts(flow, report, period)
        _groups(flow, report)
        _profile(flow, report)
        _suggestions(flow, report)
        signature(flow)
        flow.footers(f"Antrian · Survei Kepuasan Masyarakat · {office} · {period}")
        metadata = {
            "Title": f"Survei Kepuasan Masyarakat - {office} - {period}",
            "Author": "Antrian",
            "Subject": f"Indeks Kepuasan Masyarakat menurut {REGULATION}",
            "Creator": "Antrian",
            "CreationDate": None,
        }
        with PdfPages(path, metadata=metadata) as pdf:
            for page in flow.pages:
                pdf.savefig(page)
    return path


def mutu_sentence(report: SurveyReport) -> str:
    if report.mutu is None or report.kinerja is None:
        return "Belum ada responden pada periode ini: indeks belum dapat dihitung."
    return (
        f"Mutu pelayanan {report.mutu}: kinerja unit pelayanan {report.kinerja.upper()} "
        f"(nilai konversi {decimal(report.konversi)} dari {report.respondents} responden)."
    )


def _summary(flow: Flow, report: SurveyReport, office: str, period: str) -> None:
    flow.new_page()
    flow.paragraph("Survei Kepuasan Masyarakat", size=16, bold=True, after=0.04)
    flow.paragraph(office, size=12.5, bold=True, after=0.02)
    scope = f" · layanan {report.service}" if report.service else ""
    flow.paragraph(f"{period}{scope} · menurut {REGULATION}", size=10, color=MUTED, after=0.16)
    big = [
        ("Responden", str(report.respondents)),
        ("IKM", decimal(report.ikm, 3)),
        ("Konversi (IKM × 25)", decimal(report.konversi)),
        ("Mutu pelayanan", mutu_text(report)),
    ]
    top = flow.y
    for index, (label, value) in enumerate(big):
        x = MARGIN + index * 1.72
        flow.put(x, top, label, 8.5, color=MUTED)
        flow.put(x, top + 0.17, value, 13 if index < 3 else 11.5, weight="bold")
    flow.y = top + 0.62
    flow.paragraph(mutu_sentence(report), size=10.5, bold=True, after=0.04)
    ratings = report.ratings
    flow.paragraph(
        f"Penilaian satu tombol di loket: {ratings.count} kali, rata-rata "
        f"{decimal(ratings.mean)} dari 4 (dicatat terpisah, tidak dihitung dalam IKM).",
        size=9, color=MUTED, after=0.1,
    )  # fmt: skip
    flow.heading("Nilai rata-rata per unsur pelayanan")
    flow.table(
        [
            PdfColumn("Unsur", flex=0),
            PdfColumn("Unsur pelayanan", flex=1),
            *(PdfColumn(f"Nilai {n}", "right") for n in range(1, 5)),
            PdfColumn("Jawaban", "right"),
            PdfColumn("NRR", "right"),
        ],
        [
            [u.code, u.name, *(str(n) for n in u.counts), str(u.answered), decimal(u.nrr, 3)]
            for u in report.unsur
        ],
    )
    flow.paragraph(
        "NRR = jumlah nilai jawaban unsur ÷ jumlah yang menjawab unsur itu; IKM = rata-rata "
        "kesembilan NRR (bobot masing-masing 1/9); konversi = IKM × 25, dibulatkan dua "
        "desimal.",
        size=7.5, color=MUTED,
    )  # fmt: skip
    flow.heading("Nilai persepsi, interval dan mutu pelayanan")
    flow.table(
        [PdfColumn("Nilai persepsi", "center"), PdfColumn("Interval IKM", "center"),
         PdfColumn("Interval konversi", "center"), PdfColumn("Mutu", "center"),
         PdfColumn("Kinerja unit pelayanan", flex=1)],
        [[str(4 - index), IKM_RANGES[mutu], MUTU_RANGES[mutu], mutu, words]
         for index, (_, mutu, words) in enumerate(MUTU_TABLE)],
        [RowStyle(bold=mutu == report.mutu) for _, mutu, _ in MUTU_TABLE],
    )  # fmt: skip


def _charts(flow: Flow, report: SurveyReport, period: str) -> None:
    """One bar chart per unsur: how many respondents gave each of its four answers."""
    page = flow.new_page()
    flow.paragraph("Jawaban per unsur", size=14, bold=True, after=0.02)
    flow.paragraph(f"{period} · banyaknya responden yang memberi nilai 1, 2, 3 atau 4",
                   size=10, color=MUTED)  # fmt: skip
    width, height, gap_x, gap_y = 1.7, 1.95, 0.72, 1.2
    for index, (unsur, result) in enumerate(zip(UNSUR, report.unsur, strict=True)):
        column, row = index % 3, index // 3
        left = MARGIN + 0.35 + column * (width + gap_x)
        top = 1.75 + row * (height + gap_y)
        axes = page.add_axes((left / PAGE_WIDTH, 1 - (top + height) / PAGE_HEIGHT,
                              width / PAGE_WIDTH, height / PAGE_HEIGHT))  # fmt: skip
        axes.bar(range(4), result.counts, color=BAR, width=0.65)
        axes.set_xticks(range(4), [f"{n}" for n in range(1, 5)], fontsize=8)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        axes.tick_params(colors=MUTED, labelcolor=INK, labelsize=7.5)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            axes.spines[side].set_color(RULE)
        if not any(result.counts):
            axes.set_ylim(0, 1)
        title = _wrap(f"{unsur.code} {unsur.name}", 30)[:2]
        for number, line in enumerate(title):
            flow.put(left - 0.3, top - 0.62 + number * 0.15, line, 8.5, weight="bold")
        flow.put(left - 0.3, top - 0.62 + len(title) * 0.15, f"NRR {decimal(result.nrr)}", 8,
                 color=MUTED)  # fmt: skip
        legend = "  ".join(f"{n} {word}" for n, word in enumerate(unsur.choices, start=1))
        for number, line in enumerate(_wrap(legend, 40)):
            flow.put(left - 0.3, top + height + 0.22 + number * 0.13, line, 6.5, color=MUTED)
    flow.y = PAGE_HEIGHT


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width)[:3]


def _groups(flow: Flow, report: SurveyReport) -> None:
    flow.new_page()
    flow.paragraph("Indeks per kelompok", size=14, bold=True, after=0.08)
    for kind, title in GROUP_TITLES.items():
        groups = getattr(report, kind)
        flow.heading(title)
        if not groups:
            flow.paragraph("Belum ada responden.", size=9, color=MUTED)
            continue
        flow.table(
            [PdfColumn(title.removeprefix("Per ").capitalize(), flex=1),
             PdfColumn("Responden", "right"), PdfColumn("IKM", "right"),
             PdfColumn("Konversi", "right"), PdfColumn("Mutu"), PdfColumn("Kinerja")],
            [[group_label(kind, g), str(g.respondents), decimal(g.ikm, 3), decimal(g.konversi),
              g.mutu or "-", g.kinerja or "-"] for g in groups],
        )  # fmt: skip


def _profile(flow: Flow, report: SurveyReport) -> None:
    flow.heading("Profil responden", keep_with=1.5)
    total = report.respondents or 1
    for field, rows in report.profile.items():
        # A profile table is short: kept on one page rather than two rows left over.
        flow.ensure((len(rows) + 1) * (line_height(TABLE_SIZE) + 2 * CELL_PAD))
        flow.table(
            [PdfColumn(PROFILE_TITLES.get(field, field), flex=1), PdfColumn("Jumlah", "right"),
             PdfColumn("Persen", "right")],
            [[row.label, str(row.count), f"{decimal(100 * row.count / total, 1)} %"]
             for row in rows],
        )  # fmt: skip


def _suggestions(flow: Flow, report: SurveyReport) -> None:
    flow.heading(f"Saran dan masukan ({len(report.suggestions)})")
    if not report.suggestions:
        flow.paragraph("Tidak ada saran pada periode ini.", size=9, color=MUTED)
        return
    flow.table(
        [PdfColumn("No.", "right"), PdfColumn("Layanan"), PdfColumn("Saran", flex=1)],
        [[str(n), s.service, s.text] for n, s in enumerate(report.suggestions, start=1)],
    )
