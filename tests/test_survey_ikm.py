"""The IKM by the rule (Permenpan RB 14/2017), against an example worked by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from reports import ikm

# Four respondents, U1..U9 each.
WORKED = [
    (4, 3, 3, 2, 3, 4, 4, 3, 3),
    (3, 3, 2, 2, 3, 3, 4, 3, 4),
    (4, 4, 3, 1, 4, 4, 4, 2, 3),
    (3, 2, 3, 2, 3, 3, 3, 3, 3),
]
CODES = [f"U{n}" for n in range(1, 10)]


def test_the_worked_example() -> None:
    # By hand: the sums per unsur are 14 12 11 7 13 14 15 11 13, over 4 respondents,
    # so NRR = 3.5 3.0 2.75 1.75 3.25 3.5 3.75 2.75 3.25; their sum is 27.5, and
    # IKM = 27.5 / 9 = 3.0555...; konversi = 3.0555... x 25 = 76.3888... -> 76.39,
    # which falls in C (65.00-76.60): Kurang Baik. (The rule's rounded weight 0.111
    # would give 27.5 x 0.111 x 25 = 76.31: the weight is 1/9 exactly here.)
    tally = ikm.tally_of(dict(zip(CODES, row, strict=True)) for row in WORKED)
    expected_nrr = [3.5, 3.0, 2.75, 1.75, 3.25, 3.5, 3.75, 2.75, 3.25]
    assert [tally.nrr(code) for code in CODES] == [Fraction(v) for v in expected_nrr]
    assert tally.ikm() == Fraction(55, 18)
    figures = ikm.figures(tally)
    assert figures.respondents == 4
    assert figures.ikm == pytest.approx(3.055555555)
    assert (figures.konversi, figures.mutu, figures.kinerja) == (76.39, "C", "Kurang Baik")
    results = ikm.unsur_results(tally)
    assert [r.nrr for r in results] == expected_nrr
    assert results[3].counts == [1, 3, 0, 0]  # U4: one 1, three 2s
    assert results[0].name == "Persyaratan"
    assert results[8].name == "Sarana dan prasarana"


@pytest.mark.parametrize(
    ("ikm_value", "konversi", "mutu"),
    [
        ("4", "100.00", "A"),
        ("3.5324", "88.31", "A"),
        ("3.5322", "88.31", "A"),  # 88.305 rounds half up into A
        ("3.5318", "88.30", "B"),  # 88.295 -> 88.30: B
        ("3.0644", "76.61", "B"),
        ("3.0642", "76.61", "B"),  # 76.605
        ("3.0638", "76.60", "C"),
        ("2.6", "65.00", "C"),
        ("2.5998", "65.00", "C"),  # 64.995
        ("2.5994", "64.99", "D"),
        ("1", "25.00", "D"),
    ],
)
def test_the_mutu_table_at_its_boundaries(ikm_value: str, konversi: str, mutu: str) -> None:
    value = ikm.konversi(Fraction(ikm_value))
    assert value == Decimal(konversi)
    assert ikm.mutu_of(value)[0] == mutu


def test_words_for_each_mutu() -> None:
    assert ikm.MUTU_WORDS == {"A": "Sangat Baik", "B": "Baik", "C": "Kurang Baik",
                              "D": "Tidak Baik"}  # fmt: skip


def test_nobody_answered_gives_no_index() -> None:
    figures = ikm.figures(ikm.Tally())
    assert (figures.respondents, figures.ikm, figures.konversi, figures.mutu) == (
        0,
        None,
        None,
        None,
    )
    assert all(r.nrr is None for r in ikm.unsur_results(ikm.Tally()))


def test_an_unsur_left_unanswered_is_counted_by_who_answered_it() -> None:
    tally = ikm.tally_of([{**dict.fromkeys(CODES, 4)}, {**dict.fromkeys(CODES, 2), "U3": None}])
    assert tally.nrr("U3") == 4  # one answer: 4 / 1
    assert tally.nrr("U1") == 3  # (4 + 2) / 2


def test_a_published_report_reproduced() -> None:
    """The one published SKM result found with its figures per unsur and its index:
    "Laporan Survey Kepuasan Masyarakat (SKM) (Online)", Tahun 2023 Semester 1, Dinas
    Kependudukan dan Pencatatan Sipil Tulang Bawang Barat,
    https://e-smile.tubaba.go.id/main/skm/laporan/online. Its table ("Pengolahan data
    survei kepuasan masyarakat per responden dan per unsur pelayanan") has one
    respondent answering 4 to all nine unsur: Σ nilai 4 and NRR 4 per unsur, NRR
    tertimbang 0.44 each (× the rounded 0.111), and "IKM unit pelayanan 100 (Sangat
    Baik)". A thin example, but a published one: note that its own rounded weights sum
    to 9 × 0.44 = 3.96 (or 3.996 unrounded), yet it states 100, which is what the exact
    weight 1/9 gives. (The page orders U8 sarana, U9 pengaduan; with every answer 4 the
    order does not matter.)"""
    tally = ikm.tally_of([dict.fromkeys(CODES, 4)])
    assert [tally.nrr(code) for code in CODES] == [Fraction(4)] * 9
    assert tally.ikm() == 4
    figures = ikm.figures(tally)
    assert (figures.respondents, figures.konversi, figures.mutu, figures.kinerja) == (
        1,
        100.0,
        "A",
        "Sangat Baik",
    )
    assert ikm.konversi(Fraction(4)) == Decimal("100.00")
