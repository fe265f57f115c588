"""The monthly complaint recap as one A4 page for the head of office (issue #14):
heading, the figures, a chart by channel, a table by service, room to sign. Drawn
with matplotlib; the same recap gives the same file (no timestamp)."""

from __future__ import annotations

from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from fo.pdf_layout import INK, MUTED, PAGE_HEIGHT, PAGE_WIDTH, WARN
from protocol.complaints import ComplaintRecap
from protocol.kinds import ComplaintChannel
from reports.complaint_formats import month_name


def render_complaint_recap_pdf(recap: ComplaintRecap, office: str, path: Path) -> Path:
    """Write the recap's PDF to path (overwriting it) and return path."""
    title = f"Rekap Pengaduan {month_name(recap.month)}"
    with rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}):
        page = Figure(figsize=(PAGE_WIDTH, PAGE_HEIGHT))
        _heading(page, recap, title, office)
        _figures(page, recap)
        _by_channel(page, recap)
        _by_service(page, recap)
        page.text(0.62, 0.07, "Kepala Kantor,\n\n\n\n(.............................)",
                  fontsize=9, color=INK, va="bottom")  # fmt: skip
        metadata = {
            "Title": f"{title} - {office}",
            "Author": "Antrian",
            "Subject": "Rekapitulasi pengaduan untuk kepala kantor",
            "Creator": "Antrian",
            "CreationDate": None,
        }
        with PdfPages(path, metadata=metadata) as pdf:
            pdf.savefig(page)
    return path


def _heading(page: Figure, recap: ComplaintRecap, title: str, office: str) -> None:
    page.text(0.08, 0.95, title, fontsize=16, weight="bold", color=INK, va="top")
    page.text(0.08, 0.925, office, fontsize=12, weight="bold", color=INK, va="top")
    page.text(0.08, 0.905, f"Pengaduan yang diterima pada bulan ini, keadaan per {recap.as_of}",
              fontsize=9, color=MUTED, va="top")  # fmt: skip


def _figures(page: Figure, recap: ComplaintRecap) -> None:
    average = recap.avg_working_days_to_answer
    rows = [
        ("Pengaduan diterima", str(recap.received), INK),
        ("Dijawab", str(recap.answered), INK),
        ("Dijawab tepat waktu", str(recap.answered_on_time), INK),
        ("Belum dijawab, lewat batas waktu", str(recap.overdue_open),
         WARN if recap.overdue_open else INK),
        ("Pelapor puas", str(recap.satisfied), INK),
        ("Pelapor tidak puas", str(recap.not_satisfied), INK),
        ("Rata-rata waktu menjawab (hari kerja)",
         "-" if average is None else f"{average:.2f}".replace(".", ","), INK),
    ]  # fmt: skip
    top = 0.86
    for index, (label, value, color) in enumerate(rows):
        y = top - index * 0.022
        page.text(0.08, y, label, fontsize=10, color=INK, va="top")
        page.text(0.55, y, value, fontsize=10, color=color, va="top", ha="right", weight="bold")


def _by_channel(page: Figure, recap: ComplaintRecap) -> None:
    axes = page.add_axes((0.3, 0.40, 0.6, 0.27))
    codes = list(recap.by_channel)
    labels = [ComplaintChannel(c).label if c in set(ComplaintChannel) else c for c in codes]
    counts = [recap.by_channel[c] for c in codes]
    axes.barh(range(len(codes)), counts, color="#4a6fa5")
    axes.set_yticks(range(len(codes)), labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_title("Menurut saluran", fontsize=10, loc="left", color=INK)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _by_service(page: Figure, recap: ComplaintRecap) -> None:
    page.text(0.08, 0.34, "Menurut layanan", fontsize=10, weight="bold", color=INK, va="top")
    rows = list(recap.by_service.items()) or [("-", 0)]
    for index, (service, count) in enumerate(rows[:12]):
        y = 0.315 - index * 0.02
        name = "(tanpa layanan)" if service == "-" else service
        page.text(0.08, y, name, fontsize=9, color=INK, va="top")
        page.text(0.55, y, str(count), fontsize=9, color=INK, va="top", ha="right")
