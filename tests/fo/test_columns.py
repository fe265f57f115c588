"""Fixed-width layout helpers and the shared wording."""

from __future__ import annotations

from typing import Any

from fo import columns, wording
from fo.columns import Column
from protocol.recap import Incident
from tests.fo.conftest import typed

COUNTS = (Column("Diambil", "Ambil"), Column("Dilayani", "Layani"))
TIMES = (Column("Rata tunggu", "Tunggu"),)


def test_pair_puts_the_value_flush_right_or_on_its_own_line() -> None:
    assert columns.pair("Dilayani", "231", 20) == ["Dilayani         231"]
    assert columns.pair("Rata-rata layanan", "6 mnt 24 dtk", 20) == [
        "Rata-rata layanan",
        "        6 mnt 24 dtk",
    ]


def test_wrap_splits_words_longer_than_the_line_and_indents() -> None:
    assert columns.wrap("X" * 10, 4, indent=1) == [" XXX", " XXX", " XXX", " X"]
    assert columns.wrap("", 10) == [""]


def test_table_keeps_wide_headings_when_they_cost_no_extra_line() -> None:
    table = columns.table((COUNTS, TIMES), ["Pengaduan"], [["38", "37", "22:49"]], width=48)
    assert not table.narrow
    assert not table.inline  # two figure lines: the name goes above them
    assert table.heading == [" Diambil Dilayani", " Rata tunggu"]
    assert table.titles == [["Pengaduan"]]
    assert table.figures == [["      38       37", "       22:49"]]


def test_table_goes_narrow_when_that_puts_a_row_on_one_line() -> None:
    table = columns.table(
        (COUNTS,), ["Loket 5 (Pengaduan)"], [["41", "40"]], width=32, title_heading="Loket"
    )
    assert table.narrow
    assert table.inline
    assert table.heading == ["Loket               Ambil Layani"]
    assert table.titles[0][0] + table.figures[0][0] == "Loket 5 (Pengaduan)    41     40"


def test_signature_block_lines_up_both_sides() -> None:
    lines = columns.signature_block(("Dibuat oleh,", "Petugas FO"), ("Manager On Duty",), 32)
    assert max(len(line) for line in lines) <= 32
    assert lines[-1] == "(.............)  (.............)"
    assert lines[0].split() == ["Dibuat", "oleh,", "Manager", "On", "Duty"]


def incident(kind: str, message: str) -> Incident:
    return Incident(at="2026-11-23T01:48:00.000Z", device="kiosk", kind=kind, message=message,
                    ticket_id=None)  # fmt: skip


def test_wording(sample_recap: dict[str, Any]) -> None:
    assert wording.duration(None) == "-"
    assert wording.duration(45) == "45 dtk"
    assert wording.duration(4260) == "71 mnt"
    assert wording.duration(463) == "7 mnt 43 dtk"
    assert wording.zone_abbreviation(typed(sample_recap)) == "WITA"
    assert wording.local_time("2026-11-23T01:48:00.000Z", "Asia/Jakarta") == "08.48"
    assert wording.incident_text(incident("paper_out", "")) == "kertas habis"
    assert wording.incident_text(incident("printer_error", "Head panas")) == (
        "printer bermasalah: Head panas"
    )
