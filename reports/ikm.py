"""The IKM by the rule (Permenpan RB 14/2017, Lampiran): pure arithmetic, exact.

- NRR of an unsur = the sum of the answers to it ÷ the number who answered it;
- IKM = the mean of the nine NRR (each weighted exactly 1/9, not the rule's rounded
  0.111);
- konversi = IKM × 25, rounded half up to 2 decimals;
- mutu and kinerja from konversi by the rule's table (A 88.31–100 Sangat Baik,
  B 76.61–88.30 Baik, C 65.00–76.60 Kurang Baik, D 25.00–64.99 Tidak Baik).
Fractions all the way to the rounding, so a boundary (88.305) falls where the rule says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from protocol.survey import UNSUR, UNSUR_CODES, Ratings, SurveyFigures, SurveySummary, UnsurResult

# (lowest konversi, mutu, kinerja), best first.
MUTU_TABLE: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)
MUTU_WORDS = {mutu: words for _, mutu, words in MUTU_TABLE}
KONVERSI_FACTOR = 25


@dataclasses.dataclass
class Tally:
    """Answers folded one respondent at a time: per unsur, how many gave 1, 2, 3, 4."""

    respondents: int = 0
    counts: dict[str, list[int]] = dataclasses.field(
        default_factory=lambda: {code: [0, 0, 0, 0] for code in UNSUR_CODES}
    )

    def add(self, answers: Mapping[str, int | None]) -> None:
        self.respondents += 1
        for code in UNSUR_CODES:
            score = answers.get(code)
            if score is not None:
                self.counts[code][score - 1] += 1

    def nrr(self, code: str) -> Fraction | None:
        counts = self.counts[code]
        answered = sum(counts)
        if answered == 0:
            return None
        return Fraction(sum(score * n for score, n in enumerate(counts, start=1)), answered)

    def ikm(self) -> Fraction | None:
        values = [self.nrr(code) for code in UNSUR_CODES]
        if any(value is None for value in values):
            return None
        return sum((v for v in values if v is not None), Fraction(0)) / len(UNSUR_CODES)


def konversi(ikm: Fraction) -> Decimal:
    exact = Decimal(ikm.numerator * KONVERSI_FACTOR) / Decimal(ikm.denominator)
    # Decimal division keeps 28 digits: enough that no boundary at 2 decimals moves.
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def mutu_of(value: Decimal) -> tuple[str, str]:
    """(mutu, kinerja) of a konversi value; below 25 (impossible from answers 1..4) is D."""
    for lowest, mutu, words in MUTU_TABLE:
        if value >= lowest:
            return mutu, words
    return MUTU_TABLE[-1][1], MUTU_TABLE[-1][2]


def figures(tally: Tally) -> SurveyFigures:
    ikm = tally.ikm()
    if ikm is None:
        return SurveyFigures(
            respondents=tally.respondents, ikm=None, konversi=None, mutu=None, kinerja=None
        )
    value = konversi(ikm)
    mutu, kinerja = mutu_of(value)
    return SurveyFigures(
        respondents=tally.respondents, ikm=float(ikm), konversi=float(value),
        mutu=mutu, kinerja=kinerja,
    )  # fmt: skip


def unsur_results(tally: Tally) -> list[UnsurResult]:
    results = []
    for unsur in UNSUR:
        nrr = tally.nrr(unsur.code)
        counts = tally.counts[unsur.code]
        results.append(
            UnsurResult(
                code=unsur.code,
                name=unsur.name,
                nrr=float(nrr) if nrr is not None else None,
                answered=sum(counts),
                counts=list(counts),
            )  # fmt: skip
        )
    return results


def tally_of(answers: Iterable[Mapping[str, int | None]]) -> Tally:
    tally = Tally()
    for one in answers:
        tally.add(one)
    return tally


def ratings_of(scores: Sequence[int]) -> Ratings:
    """The booth's one-press ratings: how many, and their mean to 2 decimals."""
    mean = round(sum(scores) / len(scores), 2) if scores else None
    return Ratings(count=len(scores), mean=mean)


def summary_of(answers: Iterable[Mapping[str, int | None]], scores: Sequence[int]) -> SurveySummary:
    """A period's survey in its recap: the index by the rule and the booth's ratings (the
    hub from its projection, central from the forwarded events: the same figures)."""
    return SurveySummary(**figures(tally_of(answers)).model_dump(), ratings=ratings_of(scores))
