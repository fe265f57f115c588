"""`GET /api/v1/survey` (issue #15): the contract's keys, the worked example through the
hub, and the report's tables per service, counter, officer, day and month."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hub.config import Office
from hub.engine import FixedClock
from tests.survey_office import NAME, NIP, SurveyOffice, survey_office
from tests.test_survey_ikm import CODES, WORKED

CONTRACT = {"respondents", "unsur", "ikm", "konversi", "mutu", "kinerja", "ratings"}


@pytest.fixture
def office(real_office: Office, clock: FixedClock) -> Iterator[SurveyOffice]:
    yield from survey_office(real_office, clock)


def answer(office: SurveyOffice, ticket_id: str, row: tuple[int, ...], **more: object) -> None:
    body = {"answers": dict(zip(CODES, row, strict=True)), **more}
    assert office.public.post(f"/s/{ticket_id}", json=body).status_code == 201


def rate(office: SurveyOffice, ticket_id: str, score: int) -> None:
    reply = office.api.post(f"/api/v1/tickets/{ticket_id}/rating", json={"score": score},
                            headers=office.tokens["admin"])  # fmt: skip
    assert reply.status_code == 201


@pytest.fixture
def answered(office: SurveyOffice) -> SurveyOffice:
    """The worked example: three answers on Monday 23 November (two at counter 4 for
    dukcapil, one at counter 1 for informasi), the fourth on Tuesday with a profile."""
    first, second = office.closed(), office.closed()
    answer(office, first, WORKED[0])
    answer(office, second, WORKED[1], suggestion="Antrean tertib.")
    third = office.closed("informasi", counter=1, role="admin")
    answer(office, third, WORKED[2], profile={"age": 67, "sex": "P", "education": "sma"})
    rate(office, first, 2)
    office.clock.advance(86_400)
    fourth = office.closed()
    answer(office, fourth, WORKED[3], profile={"age": 25, "occupation": "wirausaha"})
    rate(office, fourth, 4)
    return office


def report(office: SurveyOffice, **params: str) -> dict[str, object]:
    reply = office.api.get("/api/v1/survey", params=params, headers=office.tokens["fo"])
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def test_the_contract_keys_and_the_worked_example(answered: SurveyOffice) -> None:
    body = report(answered, **{"from": "2026-11-23", "to": "2026-11-24"})
    assert CONTRACT <= set(body)
    assert body["respondents"] == 4
    assert [u["code"] for u in body["unsur"]] == CODES
    assert [u["nrr"] for u in body["unsur"]] == [3.5, 3.0, 2.75, 1.75, 3.25, 3.5, 3.75, 2.75, 3.25]
    assert set(body["unsur"][0]) >= {"code", "name", "nrr"}
    assert body["ikm"] == pytest.approx(55 / 18)
    assert (body["konversi"], body["mutu"], body["kinerja"]) == (76.39, "C", "Kurang Baik")
    assert body["ratings"] == {"count": 2, "mean": 3.0}  # never in the IKM
    assert (body["from"], body["to"]) == ("2026-11-23", "2026-11-24")


def test_per_service_counter_officer_day_month_and_semester(answered: SurveyOffice) -> None:
    body = report(answered, **{"from": "2026-11-01", "to": "2026-11-30"})
    groups = {k: {g["key"]: g for g in body[k]} for k in
              ("by_service", "by_counter", "by_officer", "by_day", "by_month",
               "by_semester")}  # fmt: skip
    assert {k: g["respondents"] for k, g in groups["by_service"].items()} == {
        "dukcapil": 3, "informasi": 1}  # fmt: skip
    # informasi alone is respondent 3: NRR sum 29 / 9 = 3.2222.. -> 80.56, B
    informasi = groups["by_service"]["informasi"]
    assert (informasi["konversi"], informasi["mutu"]) == (80.56, "B")
    assert set(groups["by_counter"]) == {"1", "4"}
    assert groups["by_officer"][NIP]["name"] == NAME
    assert groups["by_officer"][NIP]["respondents"] == 3
    assert groups["by_officer"]["—"]["respondents"] == 1  # counter 1: nobody signed in
    assert {k: g["respondents"] for k, g in groups["by_day"].items()} == {
        "2026-11-23": 3, "2026-11-24": 1}  # fmt: skip
    assert list(groups["by_month"]) == ["2026-11"]
    assert {k: g["respondents"] for k, g in groups["by_semester"].items()} == {"2026-2": 4}
    profile = {table: {row["key"]: row["count"] for row in rows}
               for table, rows in body["profile"].items()}  # fmt: skip
    assert profile["sex"] == {"L": 0, "P": 1, "": 3}
    assert profile["age"]["≥ 60 tahun"] == 1
    assert profile["age"]["20–29 tahun"] == 1
    assert profile["education"]["sma"] == 1
    assert profile["occupation"]["wirausaha"] == 1
    assert [s["text"] for s in body["suggestions"]] == ["Antrean tertib."]


def test_per_semester_across_the_turn_of_the_year(answered: SurveyOffice) -> None:
    """The Kaltim SOP reviews the IKM every six months: a year's report has a row per
    half-year (the fifth respondent answers in January 2027, semester I)."""
    answered.clock.advance(45 * 86_400)
    january = answered.closed("informasi", counter=1, role="admin")
    answer(answered, january, WORKED[0])
    body = report(answered, **{"from": "2026-07-01", "to": "2027-06-30"})
    semesters = {g["key"]: g for g in body["by_semester"]}
    assert {k: g["respondents"] for k, g in semesters.items()} == {"2026-2": 4, "2027-1": 1}
    # semester II 2026 is the worked example itself: 76.39, C
    assert (semesters["2026-2"]["konversi"], semesters["2026-2"]["mutu"]) == (76.39, "C")
    # January alone is respondent 1: NRR sum 29 / 9 -> 80.56, B
    assert (semesters["2027-1"]["konversi"], semesters["2027-1"]["mutu"]) == (80.56, "B")
    assert [g["key"] for g in body["by_month"]] == ["2026-11", "2027-01"]


def test_one_day_one_service_and_the_refusals(answered: SurveyOffice) -> None:
    monday = report(answered, **{"from": "2026-11-23", "to": "2026-11-23"})
    assert monday["respondents"] == 3
    assert monday["ratings"]["count"] == 1
    only = report(answered, **{"from": "2026-11-01", "to": "2026-11-30", "service": "informasi"})
    assert only["respondents"] == 1
    assert only["ratings"] == {"count": 0, "mean": None}
    empty = report(answered, **{"from": "2026-01-01", "to": "2026-01-31"})
    assert (empty["respondents"], empty["ikm"], empty["mutu"]) == (0, None, None)
    api, fo = answered.api, answered.tokens["fo"]
    week = {"from": "2026-11-23", "to": "2026-11-24"}
    for role in ("kiosk", "display", "counter"):
        assert (
            api.get("/api/v1/survey", params=week, headers=answered.tokens[role]).status_code == 403
        )
    assert api.get("/api/v1/survey", params=week).status_code == 401
    backwards = {"from": "2026-11-24", "to": "2026-11-23"}
    assert api.get("/api/v1/survey", params=backwards, headers=fo).status_code == 422
    assert api.get("/api/v1/survey", params={"from": "2026-02-30", "to": "2026-03-01"},
                   headers=fo).status_code == 422  # fmt: skip
    unknown = api.get("/api/v1/survey", params={**week, "service": "nope"}, headers=fo)
    assert unknown.status_code == 404
