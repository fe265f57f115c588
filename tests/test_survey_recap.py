"""The day's recap carries the day's survey (issue #15): respondents, IKM, mutu and the
booth's ratings, the same on the API, in text, CSV, on paper, in the PDF and the FO's
tiles, so the hand-over to the MOD is one document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from fo.pdf import render_recap_pdf
from fo.recap_tables import RATINGS_TILE, SURVEY_TILE, totals
from fo.thermal import render_recap
from hub.config import Office
from hub.engine import FixedClock
from printer import PAPER_80MM
from protocol.recap import Recap
from reports.recap_formats import as_csv, as_text
from tests.survey_office import SurveyOffice, survey_office
from tests.test_survey_report import answered  # noqa: F401 - the fixture

# Monday's three answers (rows 1-3 of the worked example): the sums per unsur are
# 11 10 8 5 10 11 12 8 10 = 85 over 3 respondents, IKM = 85/27 = 3.1481..., konversi
# 78.7037... -> 78.70: B (Baik). One rating that day: 2.
LINE = ("Survei kepuasan: 3 responden, IKM 3,15 (konversi 78,70), mutu B (Baik); "
        "penilaian di loket 1 kali, rata-rata 2,00 dari 4")  # fmt: skip


@pytest.fixture
def office(real_office: Office, clock: FixedClock) -> Iterator[SurveyOffice]:
    yield from survey_office(real_office, clock)


@pytest.fixture
def monday(answered: SurveyOffice) -> Recap:  # noqa: F811
    reply = answered.api.get("/api/v1/recap", params={"date": "2026-11-23"},
                             headers=answered.tokens["fo"])  # fmt: skip
    assert reply.status_code == 200
    return Recap.model_validate(reply.json())


def test_the_api_recap_has_the_days_survey(monday: Recap) -> None:
    survey = monday.survey
    assert survey is not None
    assert (survey.respondents, survey.konversi, survey.mutu, survey.kinerja) == (
        3, 78.7, "B", "Baik")  # fmt: skip
    assert (survey.ratings.count, survey.ratings.mean) == (1, 2.0)


def test_text_csv_paper_pdf_and_tiles_say_it(monday: Recap, tmp_path: Path) -> None:
    assert LINE in " ".join(as_text(monday).split())
    assert "2026-11-23,3,3.1481481481481484,78.7,B,1,2.0" in as_csv(monday)
    paper = render_recap(monday, PAPER_80MM).decode("cp437", "replace")
    assert "Survei kepuasan: 3" in paper
    assert "mutu B (Baik)" in paper
    pdf = render_recap_pdf(monday, tmp_path / "recap.pdf")
    first = " ".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
    assert LINE in first
    tiles = dict(totals(monday))
    assert tiles[SURVEY_TILE] == "78,70 B (3)"
    assert tiles[RATINGS_TILE] == "2,00 (1)"


def test_a_day_without_answers_says_so(office: SurveyOffice) -> None:
    office.closed()
    reply = office.api.get("/api/v1/recap", params={"date": "2026-11-23"},
                           headers=office.tokens["fo"])  # fmt: skip
    recap = Recap.model_validate(reply.json())
    assert "Survei kepuasan: belum ada responden; belum ada penilaian di loket" in as_text(recap)
    assert dict(totals(recap))[SURVEY_TILE] == "-"
