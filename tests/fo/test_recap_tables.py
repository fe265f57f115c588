"""The FO desk's tables, Qt-free: names whole, headings plain, figures sortable as numbers."""

from __future__ import annotations

from typing import Any

from fo import recap_tables
from tests.fo.conftest import load_sample, typed


def test_services_show_full_names_and_plain_headings(sample_recap: dict[str, Any]) -> None:
    table = recap_tables.services_table(typed(sample_recap))
    assert table.headings == [
        "Layanan", "Antrean diambil", "Dilayani", "Tidak hadir", "Dialihkan",
        "Belum dilayani", "Rata-rata tunggu", "Tunggu terlama", "Rata-rata layanan",
        "Dipanggil < 15 menit",
    ]  # fmt: skip
    perizinan = table.rows[1]
    assert [cell.text for cell in perizinan] == [
        "Perizinan & Non Perizinan (DPMPTSP)", "27", "26", "1", "0", "0", "2 mnt",
        "19 mnt", "6 mnt 7 dtk", "96% (26)",
    ]  # fmt: skip
    assert [cell.sort for cell in perizinan[1:3]] == [27, 26]
    assert perizinan[6].sort == 120  # seconds, so 12 mnt sorts after 9 mnt
    assert not perizinan[0].figure
    assert all(cell.figure for cell in perizinan[1:])


def test_counters_sort_by_number_and_name_their_officers(sample_recap: dict[str, Any]) -> None:
    table = recap_tables.counters_table(typed(sample_recap))
    assert table.headings[:3] == ["Loket", "Petugas", "Dipanggil"]
    first = table.rows[0]
    assert (first[0].text, first[0].sort, first[1].text) == ("Loket 1", 1, "Siti Rahmawati")


def test_an_empty_day_shows_dashes_that_sort_first(empty_recap: dict[str, Any]) -> None:
    row = recap_tables.services_table(typed(empty_recap)).rows[0]
    assert (row[6].text, row[6].sort) == ("-", recap_tables.MISSING)
    assert not recap_tables.has_tickets(typed(empty_recap))


def test_the_ledger_keys_rows_by_case_and_orders_owed_first_by_status(
    sample_recap: dict[str, Any],
) -> None:
    table = recap_tables.ledger_table(typed(sample_recap))
    assert table.headings[-1] == "Tindakan"
    assert len(table.keys) == len(table.rows) == sample_recap["compensation"]["total"]
    owed = next(row for row in table.rows if row[6].text == "belum diberikan")
    given = next(row for row in table.rows if row[6].text == "diberikan")
    assert owed[6].sort < given[6].sort


def test_cases_settled_since_take_the_ledgers_state(sample_recap: dict[str, Any]) -> None:
    owed = next(c for c in sample_recap["compensation"]["cases"] if c["state"] == "owed")
    waived_now = {**owed, "state": "waived", "note": "pemohon sudah pulang"}
    shown = recap_tables.with_current_cases(typed(sample_recap), [waived_now])
    (case,) = [c for c in shown.compensation.cases if c.id == owed["id"]]
    assert (case.state, case.note) == ("waived", "pemohon sudah pulang")
    assert owed["state"] == "owed"  # the recap itself (printed, exported) is left as it was
    before = dict(recap_tables.totals(typed(sample_recap)))["Kompensasi belum diberikan"]
    after = dict(recap_tables.totals(shown))["Kompensasi belum diberikan"]
    assert int(after) == int(before) - 1


def test_the_tiles_show_how_the_wait_estimates_held(sample_recap: dict[str, Any]) -> None:
    assert dict(recap_tables.totals(typed(sample_recap)))["Perkiraan tunggu tepat"] == (
        "83% \u00b7 3,8 mnt"
    )
    del sample_recap["estimate_accuracy"]  # a hub that does not report it: the same tiles
    tiles = recap_tables.totals(typed(sample_recap))
    assert dict(tiles)["Perkiraan tunggu tepat"] == "-"
    assert len(tiles) == len(recap_tables.totals(typed(load_sample())))
