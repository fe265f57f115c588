"""`antrian survey report` (issue #15): the worked example from a store on disk, in
text, CSV, JSON and an A4 PDF, for a period or a semester."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from antrian.cli import main
from common.paths import CONFIG_DIR
from hub.config import Office
from hub.engine import FixedClock
from hub.store import Store
from tests.survey_office import SurveyOffice, survey_office
from tests.test_survey_ikm import WORKED
from tests.test_survey_report import answer, rate


@pytest.fixture
def data(tmp_path: Path, real_office: Office, clock: FixedClock) -> Iterator[Path]:
    """The store of an office where the worked example was answered on 23 November."""
    folder = tmp_path / "data"
    offices: Iterator[SurveyOffice] = survey_office(real_office, clock, Store.in_data_dir(folder))
    office = next(offices)
    for row in WORKED:
        ticket_id = office.closed()
        answer(office, ticket_id, row, suggestion="Antrean tertib." if row is WORKED[0] else None)
        rate(office, ticket_id, 3)
    next(offices, None)  # closes the hub
    return folder


def run(data: Path, *args: str) -> str:
    result = CliRunner().invoke(
        main,
        [
            "survey",
            "report",
            "--data",
            str(data),
            "--config",
            str(CONFIG_DIR / "office.toml"),
            *args,
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    return result.output


DAY = ("--from", "2026-11-23", "--to", "2026-11-23")


def test_text_names_the_index_and_its_mutu(data: Path) -> None:
    text = run(data, *DAY)
    assert "Responden          : 4" in text
    assert "Konversi (IKM x 25): 76,39" in text
    assert "Mutu pelayanan     : C (Kurang Baik)" in text
    assert "U4 Biaya/tarif" in text
    assert "1,75" in text
    assert "4 kali, rata-rata 3,00 dari 4 (tidak dihitung dalam IKM)" in text
    assert "Antrean tertib." in text


def test_json_is_the_api_report(data: Path) -> None:
    body = json.loads(run(data, *DAY, "--format", "json"))
    assert (body["respondents"], body["konversi"], body["mutu"]) == (4, 76.39, "C")
    assert (body["from"], body["to"]) == ("2026-11-23", "2026-11-23")
    assert body["ratings"] == {"count": 4, "mean": 3.0}


def test_csv_rows_per_unsur_and_group(data: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run(data, *DAY, "--format", "csv"))))
    period = rows[0]
    assert (period["table"], period["konversi"], period["mutu"]) == ("period", "76.39", "C")
    unsur = {r["key"]: r for r in rows if r["table"] == "unsur"}
    assert unsur["U4"]["nrr"] == "1.75"
    assert unsur["U4"]["answered_2"] == "3"
    assert [r["key"] for r in rows if r["table"] == "by_counter"] == ["4"]
    assert [(r["key"], r["konversi"]) for r in rows if r["table"] == "by_semester"] == [
        ("2026-2", "76.39")
    ]


def test_a_semester_and_a_pdf(data: Path, tmp_path: Path) -> None:
    text = run(data, "--semester", "2026-2")
    assert "Periode: Semester II 2026" in text
    per_semester = text.split("Per semester:\n")[1].splitlines()[0]
    assert per_semester.split() == ["Semester", "II", "2026", "4", "responden", "76,39", "C",
                                    "(Kurang", "Baik)"]  # fmt: skip
    assert "Responden          : 0" in run(data, "--semester", "2026-1")
    pdf = tmp_path / "skm.pdf"
    assert "wrote" in run(data, "--semester", "2026-2", "--format", "pdf", "--output", str(pdf))
    reader = pypdf.PdfReader(pdf)
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4
    first = reader.pages[0].extract_text()
    assert "Mutu pelayanan C: kinerja unit pelayanan KURANG BAIK" in first
    assert "76,39" in first
    charts = reader.pages[1].extract_text()
    assert all(f"U{n}" in charts for n in range(1, 10))
    groups = reader.pages[2].extract_text()
    assert "Per semester" in groups
    assert "Semester II 2026" in groups


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--semester", "2026-3"), "YYYY-1"),
        (("--from", "2026-11-23"), "--from and --to"),
        (("--from", "2026-11-24", "--to", "2026-11-23"), "before"),
        (("--semester", "2026-1", "--from", "2026-01-01"), "not both"),
        ((*DAY, "--service", "nope"), "unknown service"),
        ((*DAY, "--format", "pdf"), "--output"),
    ],
)
def test_mistakes_are_one_clear_line(data: Path, args: tuple[str, ...], message: str) -> None:
    result = CliRunner().invoke(main, ["survey", "report", "--data", str(data), *args])
    assert result.exit_code != 0
    assert message in result.output
