"""One recap, four renderings: the text export, the CSV, the thermal printout and the PDF
each show the clerk the same figures: tickets taken and served per service and in all,
the compensation cases given and still owed, and how the wait estimates held."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from fo.pdf import render_recap_pdf
from fo.thermal import render_recap
from printer.models import PAPER_80MM
from protocol.recap import Recap
from reports.recap_formats import as_csv, as_text
from tests.fo.conftest import typed
from tests.fo.test_pdf import page_texts
from tests.fo.test_thermal import flowing, printed_lines

# What a clerk reads on paper, from each rendering.
Figures = dict[str, Any]


def expected(recap: Recap) -> Figures:
    accuracy = recap.estimate_accuracy
    assert accuracy is not None
    assert accuracy.within_band is not None
    assert accuracy.mae_minutes is not None
    return {
        "services": {s.name: (s.issued, s.served) for s in recap.services},
        "total": (recap.totals.issued, recap.totals.served),
        "cases": (recap.compensation.total, recap.compensation.given, recap.compensation.owed),
        "estimates": (str(round(accuracy.within_band * 100)),
                      f"{accuracy.mae_minutes:.1f}".replace(".", ","), str(accuracy.tickets)),
    }  # fmt: skip


ESTIMATES = (
    r"Ketepatan perkiraan waktu tunggu: (\d+) % dalam rentang, selisih rata-rata (\d+,\d) "
    r"menit \((\d+) antrean\)"
)


def estimates(text: str) -> tuple[str, ...]:
    found = re.search(ESTIMATES, text)
    assert found is not None, ESTIMATES
    return found.groups()


def numbers(pattern: str, text: str) -> tuple[int, ...]:
    found = re.search(pattern, text)
    assert found is not None, pattern
    return tuple(int(group) for group in found.groups())


def read_text(text: str, names: list[str]) -> Figures:
    lines = text.splitlines()

    def row(title: str) -> tuple[int, ...]:
        (line,) = [line for line in lines if line.startswith(title)]
        return numbers(r"^.{30}\s+(\d+)\s+(\d+)", line)

    return {
        "services": {name: row(name[:30]) for name in names},
        "total": row("JUMLAH"),
        "cases": numbers(r"KOMPENSASI: (\d+) kasus — diberikan (\d+), belum (\d+)", text),
        "estimates": estimates(text),
    }


def read_csv(text: str) -> Figures:
    services, cases = {}, []
    rows = list(csv.reader(io.StringIO(text)))
    (heading,) = [i for i, row in enumerate(rows) if row[1:2] == ["estimate_tickets"]]
    _, tickets, mae, within = rows[heading + 1]
    for row in rows[:heading]:
        if len(row) > 4 and row[1] == "service":
            services[row[3]] = (int(row[4]), int(row[5]))
        elif len(row) > 4 and row[0] != "period" and row[1] not in ("counter", "officer"):
            cases.append(row[4])  # a case's state
    return {
        "services": services,
        "total": tuple(sum(figures) for figures in zip(*services.values(), strict=True)),
        "cases": (len(cases), cases.count("given"), cases.count("owed")),
        "estimates": (str(round(float(within) * 100)), mae.replace(".", ","), tickets),
    }


def read_flowing(text: str, names: list[str], total: str, cases: str) -> Figures:
    return {
        "services": {name: numbers(re.escape(name) + r" (\d+) (\d+)", text) for name in names},
        "total": numbers(total, text),
        "cases": numbers(cases, text),
        "estimates": estimates(text),
    }


def test_text_csv_thermal_and_pdf_show_the_same_figures(
    sample_recap: dict[str, Any], tmp_path: Path
) -> None:
    recap = typed(sample_recap)
    names = [service.name for service in recap.services]
    paper = flowing(printed_lines(render_recap(recap, PAPER_80MM)))
    pdf = " ".join(page_texts(render_recap_pdf(recap, tmp_path / "rekap.pdf")))
    readings = {
        "text": read_text(as_text(recap), names),
        "csv": read_csv(as_csv(recap)),
        "thermal": read_flowing(
            paper, names, r"Nomor antrean diambil (\d+) Dilayani (\d+)",
            r"Jumlah kasus (\d+) Diberikan (\d+) Belum diberikan (\d+)",
        ),
        "pdf": read_flowing(
            pdf, names, r"Jumlah (\d+) (\d+)",
            r"(\d+) kasus: (\d+) diberikan, (\d+) belum diberikan",
        ),
    }  # fmt: skip
    assert expected(recap)["total"] == (238, 231)  # the sample's own figures
    assert expected(recap)["estimates"] == ("83", "3,8", "212")
    for rendering, figures in readings.items():
        assert figures == expected(recap), rendering
