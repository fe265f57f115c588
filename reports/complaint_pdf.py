"""The monthly complaint recap as an A4 page for the head of office (issue #14): the
figures as a table, the complaints by channel as a chart, a table by service, room to
sign. Drawn with matplotlib (no pyplot); the same recap gives the same bytes (no
timestamp), so the desk's download and `antrian complaints recap --format pdf` agree.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Mapping
from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.ticker import MaxNLocator

from common.indonesian import long_date
from protocol.complaints import ComplaintRecap
from protocol.kinds import ComplaintChannel
from reports.complaint_formats import month_name
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
    signature,
)
from reports.pdf_text import PdfColumn

BAR = "#3c6e9f"
CHART_HEIGHT = 2.9  # inches, the ten channels' bars with their labels
NO_SERVICE = "(tanpa layanan)"
# rc_context sets matplotlib's process-wide settings: the hub renders one at a time.
_RENDERING = threading.Lock()


def complaint_recap_pdf(
    recap: ComplaintRecap, office: str, service_names: Mapping[str, str] | None = None
) -> bytes:
    """The recap's PDF as bytes; `service_names` turns the services' codes into names."""
    title = f"Rekap Pengaduan {month_name(recap.month)}"
    with _RENDERING, rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}):
        flow = Flow()
        flow.new_page()
        flow.paragraph(title, size=16, bold=True, after=0.04)
        flow.paragraph(office, size=12.5, bold=True, after=0.02)
        as_of = long_date(dt.date.fromisoformat(recap.as_of))
        flow.paragraph(f"Pengaduan yang diterima pada bulan ini, keadaan per {as_of}.",
                       size=9, color=MUTED, after=0.1)  # fmt: skip
        _figures(flow, recap)
        _by_channel(flow, recap)
        _by_service(flow, recap, service_names or {})
        signature(flow)
        flow.footers(f"Antrian · Rekap Pengaduan · {office} · {month_name(recap.month)}")
        metadata = {
            "Title": f"{title} - {office}",
            "Author": "Antrian",
            "Subject": "Rekapitulasi pengaduan untuk kepala kantor",
            "Creator": "Antrian",
            "CreationDate": None,
        }
        out = io.BytesIO()
        with PdfPages(out, metadata=metadata) as pdf:
            for page in flow.pages:
                pdf.savefig(page)
    return out.getvalue()


def render_complaint_recap_pdf(
    recap: ComplaintRecap, office: str, path: Path, service_names: Mapping[str, str] | None = None
) -> Path:
    """Write the recap's PDF to path (overwriting it) and return path."""
    path.write_bytes(complaint_recap_pdf(recap, office, service_names))
    return path


def _figures(flow: Flow, recap: ComplaintRecap) -> None:
    average = recap.avg_working_days_to_answer
    late = RowStyle(bold=True, color=WARN) if recap.overdue_open else RowStyle()
    rows = [
        (["Pengaduan diterima", str(recap.received)], RowStyle(bold=True)),
        (["Dijawab", str(recap.answered)], RowStyle()),
        (["Dijawab tepat waktu", str(recap.answered_on_time)], RowStyle()),
        (["Belum dijawab, lewat batas waktu", str(recap.overdue_open)], late),
        (["Pelapor menyatakan puas", str(recap.satisfied)], RowStyle()),
        (["Pelapor menyatakan tidak puas", str(recap.not_satisfied)], RowStyle()),
        (["Rata-rata waktu sampai dijawab (hari kerja)",
          "-" if average is None else f"{average:.2f}".replace(".", ",")], RowStyle()),
    ]  # fmt: skip
    flow.heading("Ringkasan", size=11)
    flow.table(
        [PdfColumn("Uraian", flex=1), PdfColumn("Jumlah", "right")],
        [cells for cells, _ in rows],
        [style for _, style in rows],
    )


def _by_channel(flow: Flow, recap: ComplaintRecap) -> None:
    flow.heading("Menurut saluran", size=11, keep_with=CHART_HEIGHT)
    flow.ensure(CHART_HEIGHT)
    codes = list(recap.by_channel)
    labels = [ComplaintChannel(c).label if c in set(ComplaintChannel) else c for c in codes]
    counts = [recap.by_channel[c] for c in codes]
    left, width = MARGIN + 1.45, CONTENT_WIDTH - 1.45 - 0.35
    bottom = PAGE_HEIGHT - flow.y - CHART_HEIGHT + 0.3
    axes = flow.page.add_axes(
        (left / PAGE_WIDTH, bottom / PAGE_HEIGHT, width / PAGE_WIDTH,
         (CHART_HEIGHT - 0.4) / PAGE_HEIGHT),
    )  # fmt: skip
    bars = axes.barh(range(len(codes)), counts, color=BAR, height=0.65)
    axes.bar_label(bars, labels=[str(n) if n else "" for n in counts], padding=3,
                   fontsize=8, color=INK)  # fmt: skip
    axes.set_yticks(range(len(codes)), labels, fontsize=8.5, color=INK)
    axes.invert_yaxis()
    axes.set_xlim(0, max([*counts, 1]) * 1.12)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="x", labelsize=8, colors=MUTED)
    axes.set_xlabel("Jumlah pengaduan", fontsize=8.5, color=INK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(RULE)
    flow.y += CHART_HEIGHT + 0.15


def _by_service(flow: Flow, recap: ComplaintRecap, names: Mapping[str, str]) -> None:
    flow.heading("Menurut layanan", size=11)
    rows = [
        [NO_SERVICE if code == "-" else names.get(code, code), str(count)]
        for code, count in recap.by_service.items()
    ]
    if not rows:
        flow.paragraph("Tidak ada pengaduan pada bulan ini.", size=9, color=MUTED)
        return
    rows.append(["Jumlah", str(sum(recap.by_service.values()))])
    styles = [RowStyle()] * (len(rows) - 1) + [RowStyle(bold=True)]
    flow.table([PdfColumn("Layanan", flex=1), PdfColumn("Jumlah", "right")], rows, styles)
