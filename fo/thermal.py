"""The day's (or month's) recap as ESC/POS bytes for the FO desk's thermal printer.

A pure function of the typed recap (protocol.recap) and the paper: 48 columns on 80 mm,
32 on 58 mm. Every line is laid out here to fit the width, because a printer that
wraps by itself splits figures from their labels.
"""

from __future__ import annotations

from fo import columns, wording
from fo.columns import Column
from printer._escpos import Dummy, new_dummy
from printer.layout import ESC_T_CP437
from printer.models import PaperProfile
from printer.wording import printable
from protocol.recap import Recap
from reports.recap_formats import estimate_accuracy_text, survey_text

SERVICE_COLUMNS = (
    (
        Column("Diambil", "Ambil"),
        Column("Dilayani", "Layani"),
        Column("Tdk hadir", "Tdk hdr"),
        Column("Dialihkan", "Alih"),
        Column("Sisa", "Sisa"),
    ),
    (
        Column("Rata tunggu", "Tunggu"),
        Column("Terlama", "Maks"),
        Column("Rata layan", "Layan"),
    ),
)
COUNTER_COLUMNS = ((Column("Dilayani", "Layani"), Column("Rata layan", "Layan")),)
COMPENSATION_COLUMNS = (
    (Column("Diberikan", "Beri"), Column("Belum", "Belum"), Column("Dibatalkan", "Batal")),
)
NARROW_LEGEND = "Tunggu, Layan: rata-rata; Maks: tunggu terlama."


class _Printout:
    """A python-escpos Dummy with the few text styles the recap uses."""

    def __init__(self, profile: PaperProfile) -> None:
        self.width = profile.columns
        # Details under an entry are indented, by one column only on 58 mm paper where a
        # second would push "Terlambat melayani (≥ 15 menit)" onto two lines.
        self.indent = 2 if profile.columns > 40 else 1
        self.printer: Dummy = new_dummy(profile.escpos_profile)
        self.printer.hw("INIT")
        # ESC @ restores the code page stored in the printer, which need not be CP437.
        self.printer._raw(ESC_T_CP437)
        self.printer.set(align="left", bold=False, normal_textsize=True)

    def line(self, text: str = "", bold: bool = False) -> None:
        if bold:
            self.printer.set(bold=True)
        self.printer.textln(printable(text))
        if bold:
            self.printer.set(bold=False)

    def lines(self, texts: list[str], bold: bool = False) -> None:
        for text in texts:
            self.line(text, bold)

    def centred(self, text: str, bold: bool = False, large: bool = False) -> None:
        """Centred and wrapped; large is double height, and double width where it fits."""
        scale = 2 if large and len(text) * 2 <= self.width else 1
        height = 2 if large else 1
        self.printer.set(align="center", bold=bold, custom_size=True, width=scale, height=height)
        for part in columns.wrap(text, self.width // scale):
            self.printer.textln(part)
        self.printer.set(align="left", bold=False, custom_size=True, width=1, height=1)

    def section(self, title: str) -> None:
        self.line("-" * self.width)
        self.line(title, bold=True)

    def table(self, table: columns.Table, extra: list[list[str]] | None = None) -> None:
        """A laid-out table; extra[i] are lines printed under row i (officers, notes)."""
        self.lines(table.heading, bold=True)
        for index, (title, figures) in enumerate(zip(table.titles, table.figures, strict=True)):
            if table.inline:
                self.printer.set(bold=True)
                self.printer.text(title[0])
                self.printer.set(bold=False)
                self.printer.textln(figures[0])
            else:
                self.lines(title, bold=True)
                self.lines(figures)
            self.lines(extra[index] if extra else [])


def render_recap(recap: Recap, profile: PaperProfile) -> bytes:
    """ESC/POS bytes for the recap on the given paper, ending with a cut (feed on 58 mm)."""
    out = _Printout(profile)
    _heading(out, recap)
    _totals(out, recap)
    _services(out, recap)
    _counters(out, recap)
    _compensation(out, recap)
    _incidents(out, recap)
    _signatures(out)
    # python-escpos knows the 58 mm model has no cutter and only feeds past the tear bar.
    out.printer.cut()
    return bytes(out.printer.output)


def _heading(out: _Printout, recap: Recap) -> None:
    out.centred(wording.recap_title(recap.period), bold=True, large=True)
    out.centred(recap.office, bold=True)
    out.centred(wording.period_title(recap.period))
    out.centred(f"Waktu setempat: {wording.zone_abbreviation(recap)}")


def _totals(out: _Printout, recap: Recap) -> None:
    out.section("RINGKASAN")
    for label, value in wording.totals_rows(recap):
        out.lines(columns.pair(label, value, out.width))
    estimates = estimate_accuracy_text(recap)
    if estimates is not None:
        out.line()
        out.lines(columns.wrap(estimates, out.width))
    survey = survey_text(recap)
    if survey is not None:
        out.line()
        out.lines(columns.wrap(survey, out.width))


def _services(out: _Printout, recap: Recap) -> None:
    out.section("PER LAYANAN")
    services = recap.services
    if not services:
        out.line("Tidak ada layanan.")
        return
    threshold = recap.threshold_minutes
    groups = (
        SERVICE_COLUMNS[0],
        (*SERVICE_COLUMNS[1], Column(f"<{threshold} mnt", f"<{threshold}m")),
    )
    rows = [
        [
            str(service.issued),
            str(service.served),
            str(service.no_show),
            str(service.transferred),
            str(service.unserved),
            wording.minutes(service.avg_wait_s),
            wording.minutes(service.max_wait_s),
            wording.minutes(service.avg_service_s),
            wording.share(service.called_within_threshold),
        ]
        for service in services
    ]
    table = columns.table(groups, [s.name for s in services], rows, out.width)
    out.table(table)
    legend = f"{NARROW_LEGEND} " if table.narrow else ""
    out.lines(columns.wrap(legend + wording.TIME_LEGEND, out.width))


def _counters(out: _Printout, recap: Recap) -> None:
    out.section("PER LOKET")
    counters = recap.counters
    if not counters:
        out.line("Tidak ada loket.")
        return
    rows = [[str(c.served), wording.minutes(c.avg_service_s)] for c in counters]
    titles = [c.name for c in counters]
    table = columns.table(COUNTER_COLUMNS, titles, rows, out.width, title_heading="Loket")
    officers = [
        columns.wrap("Petugas: " + ", ".join(c.officers), out.width, out.indent)
        if c.officers
        else []
        for c in counters
    ]
    out.table(table, officers)


def _compensation(out: _Printout, recap: Recap) -> None:
    out.section("KOMPENSASI PELAYANAN")
    compensation = recap.compensation
    if not compensation.total:
        out.line(wording.NO_CASES)
        return
    for label, value in (
        ("Jumlah kasus", compensation.total),
        ("Diberikan", compensation.given),
        ("Belum diberikan", compensation.owed),
        ("Dibatalkan", compensation.waived),
    ):
        out.lines(columns.pair(label, str(value), out.width))
    kinds = [k for k in compensation.by_kind.values() if k.owed or k.given or k.waived]
    rows = [[str(k.given), str(k.owed), str(k.waived)] for k in kinds]
    out.line()
    out.table(columns.table(COMPENSATION_COLUMNS, [k.title for k in kinds], rows, out.width))
    _owed_cases(out, recap)


def _owed_cases(out: _Printout, recap: Recap) -> None:
    owed = [case for case in recap.compensation.cases if case.state == "owed"]
    out.line()
    if not owed:
        out.line(wording.ALL_SETTLED)
        return
    out.line(f"BELUM DIBERIKAN ({len(owed)})", bold=True)
    for case in owed:
        when = wording.local_time(case.opened_at, recap.timezone, recap.is_month)
        counter = f"Loket {case.counter}" if case.counter is not None else "Loket -"
        out.lines(columns.wrap(f"{when}  {case.number or '-'}  {counter}", out.width), bold=True)
        out.lines(columns.wrap(case.title, out.width, out.indent))
        if case.officer_name:
            out.lines(columns.wrap(f"Petugas: {case.officer_name}", out.width, out.indent))
        if case.note:
            out.lines(columns.wrap(f"Ket.: {case.note}", out.width, out.indent))


def _incidents(out: _Printout, recap: Recap) -> None:
    incidents = recap.incidents
    out.section(f"GANGGUAN PERANGKAT ({len(incidents)})")
    if not incidents:
        out.line(wording.NO_INCIDENTS)
        return
    for incident in incidents:
        when = wording.local_time(incident.at, recap.timezone, recap.is_month)
        out.lines(columns.wrap(f"{when}  {incident.device}", out.width), bold=True)
        out.lines(columns.wrap(wording.incident_text(incident), out.width, out.indent))


def _signatures(out: _Printout) -> None:
    out.line("-" * out.width)
    out.line()
    out.lines(columns.signature_block(*wording.SIGNATORIES, out.width))
    out.line()
