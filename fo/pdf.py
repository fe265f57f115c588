"""The recap as an A4 PDF for the Manager On Duty's report, drawn with matplotlib.

Page 1: heading, headline figures, per service and per counter; then a page of charts;
then the compensation ledger and the device incidents, with room to sign. Long tables
continue on further pages. Output is byte-for-byte repeatable for the same recap.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.patches import FancyBboxPatch

from fo import wording
from fo.pdf_charts import draw_charts
from protocol.recap import CompensationCase, Figures, Recap
from reports.pdf_layout import (
    CONTENT_WIDTH,
    INK,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    WARN,
    Flow,
    RowStyle,
)
from reports.pdf_text import PdfColumn
from reports.recap_formats import ESTIMATE_LEGEND, estimate_accuracy_text, survey_text

TIME_HEADINGS = ("Rata-rata tunggu", "Tunggu terlama", "Rata-rata layanan")
TIME_NOTE = (
    "Waktu dalam menit:detik. Tunggu = dipanggil dikurangi ambil nomor (atau dialihkan); "
    "layan = selesai dikurangi mulai dilayani."
)


def render_recap_pdf(recap: Recap, path: Path) -> Path:
    """Write the recap's PDF to path (overwriting it) and return path."""
    title = wording.recap_title(recap.period).capitalize()
    period = wording.period_title(recap.period)
    # TrueType (Type 42) fonts keep the text searchable and copyable, unlike Type 3 glyphs.
    with rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}):
        flow = Flow()
        _summary(flow, recap)
        _charts(flow, recap)
        _ledger(flow, recap)
        _incidents(flow, recap)
        _signatures(flow)
        flow.footers(f"Antrian \u00b7 {title} \u00b7 {recap.office} \u00b7 {period}")
        metadata = {
            "Title": f"{title} - {recap.office} - {period}",
            "Author": "Antrian",
            "Subject": "Rekapitulasi layanan antrean untuk Manager On Duty",
            "Creator": "Antrian",
            "CreationDate": None,  # no timestamp: the same recap gives the same file
        }
        with PdfPages(path, metadata=metadata) as pdf:
            for page in flow.pages:
                pdf.savefig(page)
    return path


def _summary(flow: Flow, recap: Recap) -> None:
    flow.new_page()
    flow.paragraph(wording.recap_title(recap.period), size=16, bold=True, after=0.04)
    flow.paragraph(recap.office, size=12.5, bold=True, after=0.02)
    flow.paragraph(
        f"{wording.period_title(recap.period)} \u00b7 waktu setempat "
        f"({wording.zone_abbreviation(recap)})",
        size=10,
        color=MUTED,
        after=0.18,
    )
    _totals_box(flow, recap)
    estimates = estimate_accuracy_text(recap)
    if estimates is not None:
        flow.paragraph(estimates, size=9.5, after=0.02)
        flow.paragraph(ESTIMATE_LEGEND, size=7.5, color=MUTED, after=0.1)
    survey = survey_text(recap)
    if survey is not None:
        flow.paragraph(survey, size=9.5, after=0.1)
    threshold = recap.threshold_minutes
    flow.heading("Per layanan")
    services: list[tuple[str, Figures, int]] = [(s.name, s, s.unserved) for s in recap.services]
    services.append(("Jumlah", recap.totals, recap.totals.unserved))
    flow.table(
        [
            PdfColumn("Layanan", flex=1),
            *_count_columns("Diambil", "Dilayani", "Tidak hadir", "Dialihkan", "Belum dilayani"),
            *_count_columns(*TIME_HEADINGS, f"< {threshold} menit"),
        ],
        [
            [
                name,
                str(row.issued),
                str(row.served),
                str(row.no_show),
                str(row.transferred),
                str(unserved),
                *_times(row),
            ]
            for name, row, unserved in services
        ],
        [RowStyle() for _ in recap.services] + [RowStyle(bold=True)],
    )
    flow.heading("Per loket")
    flow.table(
        [
            PdfColumn("Loket", flex=1),
            PdfColumn("Petugas", flex=1.2),
            *_count_columns("Dipanggil", "Dilayani", "Tidak hadir"),
            *_count_columns(*TIME_HEADINGS, f"< {threshold} menit"),
        ],
        [
            [
                row.name,
                ", ".join(row.officers) or "-",
                str(row.calls),
                str(row.served),
                str(row.no_show),
                *_times(row),
            ]
            for row in recap.counters
        ],
    )
    flow.paragraph(TIME_NOTE, size=7.5, color=MUTED)


def _count_columns(*headings: str) -> list[PdfColumn]:
    return [PdfColumn(heading, "right") for heading in headings]


def _times(row: Figures) -> list[str]:
    return [
        wording.minutes(row.avg_wait_s),
        wording.minutes(row.max_wait_s),
        wording.minutes(row.avg_service_s),
        wording.share(row.called_within_threshold),
    ]


def _totals_box(flow: Flow, recap: Recap) -> None:
    """The nine headline figures in a framed 3 x 3 grid."""
    cells = wording.totals_rows(recap)
    columns, cell_height = 3, 0.5
    height = cell_height * ((len(cells) + columns - 1) // columns) + 0.2
    flow.ensure(height)
    top = flow.y
    flow.page.add_artist(
        FancyBboxPatch(
            (MARGIN / PAGE_WIDTH, 1 - (top + height) / PAGE_HEIGHT),
            CONTENT_WIDTH / PAGE_WIDTH,
            height / PAGE_HEIGHT,
            boxstyle="round,pad=0,rounding_size=0.008",
            transform=flow.page.transFigure,
            facecolor="#f8f9fa",
            edgecolor=RULE,
            linewidth=0.8,
        )
    )
    cell_width = CONTENT_WIDTH / columns
    for index, (label, value) in enumerate(cells):
        x = MARGIN + 0.15 + (index % columns) * cell_width
        y = top + 0.12 + (index // columns) * cell_height
        flow.put(x, y, label, 8, color=MUTED)
        flow.put(x, y + 0.15, value, 12.5, weight="bold")
    flow.y = top + height + 0.1


def _charts(flow: Flow, recap: Recap) -> None:
    flow.new_page()
    flow.paragraph("Grafik", size=14, bold=True, after=0.02)
    flow.paragraph(
        f"{recap.office} \u00b7 {wording.period_title(recap.period)}", size=10, color=MUTED
    )
    draw_charts(flow.page, recap)


def _ledger(flow: Flow, recap: Recap) -> None:
    compensation = recap.compensation
    flow.new_page()
    flow.paragraph("Buku kompensasi pelayanan", size=14, bold=True, after=0.04)
    flow.paragraph(
        f"{compensation.total} kasus: {compensation.given} diberikan, "
        f"{compensation.owed} belum diberikan, {compensation.waived} dibatalkan.",
        size=10,
        after=0.12,
    )
    kinds = list(compensation.by_kind.values())
    flow.table(
        [
            PdfColumn("Jenis kompensasi", flex=1),
            *_count_columns("Diberikan", "Belum diberikan", "Dibatalkan", "Jumlah"),
        ],
        [
            [k.title, str(k.given), str(k.owed), str(k.waived), str(k.given + k.owed + k.waived)]
            for k in kinds
        ],
    )
    flow.heading("Daftar kasus")
    cases = compensation.cases
    if not cases:
        flow.paragraph(wording.NO_CASES)
        return
    flow.table(
        [
            PdfColumn("No.", "right"),
            PdfColumn("Waktu"),
            PdfColumn("Nomor"),
            PdfColumn("Loket", "right"),
            PdfColumn("Jenis dan keterangan", flex=1),
            PdfColumn("Tunggu", "right"),
            PdfColumn("Status"),
        ],
        [
            [
                str(index),
                wording.local_time(case.opened_at, recap.timezone, recap.is_month),
                case.number or "-",
                str(case.counter or "-"),
                _case_text(case),
                wording.minutes(case.waited_s),
                wording.state_text(case.state),
            ]
            for index, case in enumerate(cases, start=1)
        ],
        [RowStyle(color=WARN) if case.state == "owed" else RowStyle() for case in cases],
    )
    flow.paragraph("Baris merah: kompensasi belum diberikan.", size=7.5, color=MUTED)


def _case_text(case: CompensationCase) -> str:
    """The kind, then on a line of its own who served and what was noted, if anything."""
    details = []
    if case.officer_name:
        details.append(f"Petugas: {case.officer_name}")
    if case.note:
        details.append(f"Ket.: {case.note}")
    return "\n".join([case.title, "; ".join(details)] if details else [case.title])


def _incidents(flow: Flow, recap: Recap) -> None:
    incidents = recap.incidents
    flow.heading(f"Gangguan perangkat ({len(incidents)})")
    if not incidents:
        flow.paragraph(wording.NO_INCIDENTS)
        return
    flow.table(
        [
            PdfColumn("Waktu"),
            PdfColumn("Perangkat", flex=1),
            PdfColumn("Jenis", flex=1),
            PdfColumn("Keterangan", flex=2),
        ],
        [
            [
                wording.local_time(i.at, recap.timezone, recap.is_month),
                i.device,
                wording.INCIDENTS.get(i.kind, i.kind),
                i.message or "-",
            ]
            for i in incidents
        ],
    )


def _signatures(flow: Flow) -> None:
    """Room to sign for the FO clerk and the MOD, side by side."""
    flow.ensure(1.75)
    flow.y += 0.3
    half = CONTENT_WIDTH / 2
    for index, (role, title) in enumerate(wording.SIGNATORIES):
        centre = MARGIN + half * index + half / 2
        flow.put(centre, flow.y, role, 9, ha="center", color=MUTED)
        flow.put(centre, flow.y + 0.18, title, 10, ha="center", weight="bold")
        line_y = 1 - (flow.y + 1.15) / PAGE_HEIGHT
        flow.page.add_artist(
            FancyBboxPatch(
                ((centre - 1.1) / PAGE_WIDTH, line_y),
                2.2 / PAGE_WIDTH,
                0,
                boxstyle="square,pad=0",
                transform=flow.page.transFigure,
                edgecolor=INK,
                linewidth=0.8,
            )
        )
        flow.put(centre, flow.y + 1.22, "Nama dan tanda tangan", 8, ha="center", color=MUTED)
    flow.y += 1.45
