"""The MOD's PDF: pages, text, metadata, repeatability, and the odd days."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pypdf

from fo.pdf import render_recap_pdf
from reports.pdf_layout import CONTENT_WIDTH
from reports.pdf_text import PdfColumn, column_widths, wrap_to
from tests.fo.conftest import typed


def page_texts(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def test_sample_day_gives_four_a4_pages(sample_recap: dict[str, Any], tmp_path: Path) -> None:
    path = render_recap_pdf(typed(sample_recap), tmp_path / "rekap.pdf")
    assert path == tmp_path / "rekap.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    reader = pypdf.PdfReader(path)
    # Summary, charts, and the 45-case ledger over two pages with the incidents after it.
    assert len(reader.pages) == 4
    for page in reader.pages:
        assert round(float(page.mediabox.width)) == 595  # A4 in points
        assert round(float(page.mediabox.height)) == 842


def test_page_one_has_heading_totals_and_tables(
    sample_recap: dict[str, Any], tmp_path: Path
) -> None:
    first, charts, ledger, last = page_texts(
        render_recap_pdf(typed(sample_recap), tmp_path / "r.pdf")
    )
    assert "REKAPITULASI HARIAN" in first
    assert "Mal Pelayanan Publik Kota Samarinda" in first
    assert "Senin, 23 November 2026" in first
    assert "Kependudukan (Dukcapil)" in first
    assert "Loket 5 (Pengaduan)" in first
    assert "Siti Rahmawati" in first
    assert "7 mnt 43 dtk" in first
    assert "Halaman 1 dari 4" in first
    assert "Jumlah pemohon" in charts
    assert "Rata-rata tunggu (menit)" in charts
    assert "Batas kompensasi (15 menit)" in charts
    assert "Buku kompensasi pelayanan" in ledger
    assert "45 kasus: 36 diberikan, 9 belum diberikan, 0 dibatalkan." in ledger
    assert "belum diberikan" in ledger
    assert "Gangguan perangkat (2)" in last
    assert "Manager On Duty" in last


def test_metadata_and_repeatable_bytes(sample_recap: dict[str, Any], tmp_path: Path) -> None:
    first = render_recap_pdf(typed(sample_recap), tmp_path / "a.pdf").read_bytes()
    second = render_recap_pdf(typed(sample_recap), tmp_path / "b.pdf").read_bytes()
    assert first == second
    assert b"/CreationDate" not in first
    info = pypdf.PdfReader(tmp_path / "a.pdf").metadata
    assert info is not None
    assert info.author == "Antrian"
    assert info.title == (
        "Rekapitulasi harian - Mal Pelayanan Publik Kota Samarinda - Senin, 23 November 2026"
    )


def test_empty_day(empty_recap: dict[str, Any], tmp_path: Path) -> None:
    texts = page_texts(render_recap_pdf(typed(empty_recap), tmp_path / "kosong.pdf"))
    assert len(texts) == 3
    assert "Belum ada data" in texts[1]
    assert "Tidak ada kasus kompensasi." in texts[2]
    assert "Tidak ada gangguan perangkat." in texts[2]


def test_month_and_a_long_ledger_continue_on_more_pages(
    month_recap: dict[str, Any], tmp_path: Path
) -> None:
    cases = month_recap["compensation"]["cases"]
    month_recap["compensation"]["cases"] = [copy.deepcopy(case) for case in cases * 4]
    texts = page_texts(render_recap_pdf(typed(month_recap), tmp_path / "bulan.pdf"))
    assert len(texts) == 8
    assert "REKAPITULASI BULANAN" in texts[0]
    assert "Bulan November 2026" in texts[0]
    assert "Halaman 8 dari 8" in texts[-1]
    # A month's cases carry their day; the table heading repeats on every ledger page.
    assert "23/11 09.48" in texts[2]
    assert all("Jenis dan keterangan" in text for text in texts[2:7])
    assert re.search(r"\b180 23/11 15\.15 C-048\b", texts[6])
    assert "Gangguan perangkat (2)" in texts[6]
    assert "Manager On Duty" in texts[7]  # the signatures did not fit under the incidents


def test_columns_share_the_width_and_wrap_by_measure() -> None:
    columns = [PdfColumn("Layanan", flex=1), PdfColumn("Diambil", "right")]
    widths = column_widths(columns, [["Perizinan & Non Perizinan (DPMPTSP)", "27"]], CONTENT_WIDTH)
    assert abs(sum(widths) - CONTENT_WIDTH) < 1e-9
    assert widths[1] < 1.0
    lines = wrap_to("Perizinan & Non Perizinan (DPMPTSP)", 1.2, 8.0)
    assert lines == ["Perizinan & Non", "Perizinan (DPMPTSP)"]
    assert wrap_to("X" * 60, 1.0, 8.0)[0] != "X" * 60  # a word wider than the cell is split


def test_a_long_office_name_is_shortened_in_the_footer_only(
    sample_recap: dict[str, Any], tmp_path: Path
) -> None:
    sample_recap["office"] = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu " * 2
    texts = page_texts(render_recap_pdf(typed(sample_recap), tmp_path / "panjang.pdf"))
    assert "\u2026 Halaman 1 dari 4" in texts[0]
    assert "Satu Pintu Dinas Penanaman" in texts[0]  # the heading keeps the whole name
