"""The thermal recap: every line fits the paper, the figures are there, the paper is cut."""

from __future__ import annotations

import re
from typing import Any

import pytest

from fo.thermal import render_recap
from printer.escpos_parse import Cut, Feed, LineFeed, Text, parse
from printer.models import PAPER_58MM, PAPER_80MM, PaperProfile
from tests.fo.conftest import typed

PROFILES = pytest.mark.parametrize("profile", [PAPER_80MM, PAPER_58MM], ids=["80mm", "58mm"])


def printed_lines(data: bytes) -> list[str]:
    """The text lines the printer would print, styles ignored (CP437 is pinned)."""
    lines = [""]
    for command in parse(data):
        if isinstance(command, Text):
            lines[-1] += command.data.decode("cp437")
        elif isinstance(command, LineFeed):
            lines.append("")
    return lines


def flowing(lines: list[str]) -> str:
    """All lines as one string with runs of spaces collapsed, so wrapped names read whole."""
    return re.sub(r"\s+", " ", " ".join(lines))


def owed(recap: dict[str, Any]) -> list[dict[str, Any]]:
    return [case for case in recap["compensation"]["cases"] if case["state"] == "owed"]


@PROFILES
def test_every_line_fits_the_paper(sample_recap: dict[str, Any], profile: PaperProfile) -> None:
    lines = printed_lines(render_recap(typed(sample_recap), profile))
    too_long = [line for line in lines if len(line) > profile.columns]
    assert too_long == []
    assert len(lines) > 60  # a real printout, not an empty one that fits trivially


@PROFILES
def test_totals_are_printed_with_their_labels(
    sample_recap: dict[str, Any], profile: PaperProfile
) -> None:
    lines = printed_lines(render_recap(typed(sample_recap), profile))
    totals = sample_recap["totals"]
    for label, value in [
        ("Nomor antrean diambil", totals["issued"]),
        ("Dilayani", totals["served"]),
        ("Tidak hadir", totals["no_show"]),
        ("Dialihkan", totals["transferred"]),
        ("Belum dilayani", totals["unserved"]),
    ]:
        assert any(re.fullmatch(rf"{label} +{value}", line) for line in lines), label
    text = flowing(lines)
    assert "Rata-rata tunggu 7 mnt 43 dtk" in text  # 463 s
    assert "Tunggu terlama 71 mnt" in text  # 4260 s
    assert "Rata-rata layanan 6 mnt 24 dtk" in text  # 384 s
    assert "Dipanggil < 15 menit 83% (198)" in text


@PROFILES
def test_heading_services_counters_and_owed_cases(
    sample_recap: dict[str, Any], profile: PaperProfile
) -> None:
    text = flowing(printed_lines(render_recap(typed(sample_recap), profile)))
    assert "REKAPITULASI HARIAN" in text
    assert "Mal Pelayanan Publik Kota Samarinda" in text
    assert "Senin, 23 November 2026" in text
    for service in sample_recap["services"]:
        assert service["name"] in text
    for counter in sample_recap["counters"]:
        assert counter["name"] in text
    assert "Petugas: Siti Rahmawati" in text
    assert f"BELUM DIBERIKAN ({len(owed(sample_recap))})" in text
    assert "BELUM DIBERIKAN (9)" in text
    # Each owed case by local time (WITA), number and counter; 01:48 UTC is 09.48 WITA.
    assert "09.48 F-007 Loket 5" in text
    for case in owed(sample_recap):
        assert f"{case['number']} Loket {case['counter']}" in text
    assert "GANGGUAN PERANGKAT (2)" in text
    assert "Kertas habis, diganti petugas FO" in text
    assert "Petugas FO" in text
    assert "Manager On Duty" in text


def test_service_figures_line_up_under_their_headings_on_80mm(
    sample_recap: dict[str, Any],
) -> None:
    lines = printed_lines(render_recap(typed(sample_recap), PAPER_80MM))
    heading = lines.index(" Diambil Dilayani Tdk hadir Dialihkan Sisa")
    assert lines[heading + 2] == "Informasi & Customer Service"
    assert lines[heading + 3] == "      25       24         1         0    0"
    assert lines[heading + 4].split() == ["1:26", "14:00", "4:50", "100%"]


def test_58mm_counters_keep_name_and_figures_on_one_line(sample_recap: dict[str, Any]) -> None:
    lines = printed_lines(render_recap(typed(sample_recap), PAPER_58MM))
    assert "Loket 5 (Pengaduan)     40  5:26" in lines
    assert max(len(line) for line in lines) == PAPER_58MM.columns


def test_80mm_ends_with_a_cut_and_58mm_only_feeds(sample_recap: dict[str, Any]) -> None:
    wide = parse(render_recap(typed(sample_recap), PAPER_80MM))
    narrow = parse(render_recap(typed(sample_recap), PAPER_58MM))
    assert isinstance(wide[-1], Cut)
    assert not any(isinstance(command, Cut) for command in narrow)
    assert isinstance(narrow[-1], Feed)  # fed past the tear bar instead


def test_starts_by_resetting_the_printer_to_cp437(sample_recap: dict[str, Any]) -> None:
    assert render_recap(typed(sample_recap), PAPER_80MM).startswith(b"\x1b@\x1bt\x00")


def test_rendering_is_pure(sample_recap: dict[str, Any]) -> None:
    before = repr(sample_recap)
    first = render_recap(typed(sample_recap), PAPER_80MM)
    assert render_recap(typed(sample_recap), PAPER_80MM) == first
    assert repr(sample_recap) == before


@PROFILES
def test_a_month_says_bulanan_and_dates_its_cases(
    month_recap: dict[str, Any], profile: PaperProfile
) -> None:
    lines = printed_lines(render_recap(typed(month_recap), profile))
    text = flowing(lines)
    assert "REKAPITULASI BULANAN" in text
    assert "HARIAN" not in text
    assert "Bulan November 2026" in text
    assert "23/11 09.48 F-007 Loket 5" in text
    assert max(len(line) for line in lines) <= profile.columns


@PROFILES
def test_an_empty_day_renders_and_says_so(
    empty_recap: dict[str, Any], profile: PaperProfile
) -> None:
    data = render_recap(typed(empty_recap), profile)
    lines = printed_lines(data)
    text = flowing(lines)
    assert max(len(line) for line in lines) <= profile.columns
    assert "Tidak ada kasus kompensasi." in text
    assert "GANGGUAN PERANGKAT (0)" in text
    assert "Tidak ada gangguan perangkat." in text
    assert "BELUM DIBERIKAN" not in text
    assert any(re.fullmatch(r"Rata-rata tunggu +-", line) for line in lines)
    assert any(re.fullmatch(r"Nomor antrean diambil +0", line) for line in lines)


@PROFILES
def test_all_settled_says_so(sample_recap: dict[str, Any], profile: PaperProfile) -> None:
    for case in sample_recap["compensation"]["cases"]:
        case["state"] = "given"
    text = flowing(printed_lines(render_recap(typed(sample_recap), profile)))
    assert "Semua kompensasi sudah diberikan." in text
    assert "BELUM DIBERIKAN" not in text


@PROFILES
def test_awkward_input_still_fits_and_cannot_inject_commands(
    sample_recap: dict[str, Any], profile: PaperProfile
) -> None:
    sample_recap["office"] = "MPP\x1bd\x09 \u201cKota\u201d Samarinda \u2014 Gedung\u00a0B"
    sample_recap["services"][0]["name"] = "X" * 70  # no space to break at
    sample_recap["services"][1]["issued"] = 1234567
    sample_recap["counters"][0]["name"] = "Loket Pengaduan dan Informasi Terpadu Satu Pintu"
    sample_recap["counters"][0]["officers"] = ["Andi", "Dewi Lestari", "Made Wirawan"]
    sample_recap["incidents"][0]["device"] = "kiosk-lantai-2-sayap-timur-dekat-pintu-masuk"
    data = render_recap(typed(sample_recap), profile)
    commands = parse(data)  # an ESC smuggled in the name would show up as an unknown command
    lines = printed_lines(data)
    assert max(len(line) for line in lines) <= profile.columns
    text = flowing(lines)
    assert "MPP d " in text  # the ESC became a space, the rest is printed as text
    assert '"Kota" Samarinda - Gedung B' in text
    assert "1234567" in text
    assert sum(isinstance(command, Cut) for command in commands) <= 1
