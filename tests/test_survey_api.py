"""The survey's API (issue #15): the booth's rating, the kiosk's survey, who may send
them, and the one-per-ticket rule; the answers kept with what the log knows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.config import Office
from hub.engine import EngineError, FixedClock
from hub.service import Hub
from hub.store import Store
from protocol.survey import SurveyRequest
from tests.survey_office import ALL_GOOD, NIP, SurveyOffice, survey_office


@pytest.fixture
def office(real_office: Office, clock: FixedClock) -> Iterator[SurveyOffice]:
    yield from survey_office(real_office, clock)


def rate(office: SurveyOffice, ticket_id: str, score: object, role: str = "admin") -> object:
    return office.api.post(f"/api/v1/tickets/{ticket_id}/rating", json={"score": score},
                           headers=office.tokens[role])  # fmt: skip


def test_a_closed_ticket_is_rated_once(office: SurveyOffice) -> None:
    ticket_id = office.closed()
    first = rate(office, ticket_id, 3)
    assert first.status_code == 201, first.text
    assert first.json() == {"ticket_id": ticket_id, "score": 3}
    again = rate(office, ticket_id, 4)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_rated"
    row = office.hub.store.conn.execute(
        "SELECT score, service, counter, officer FROM survey_ratings WHERE ticket_id = ?",
        (ticket_id,),
    ).fetchall()
    assert row == [(3, "dukcapil", 4, NIP)]


def test_a_rating_before_close_or_for_no_ticket_is_refused(office: SurveyOffice) -> None:
    waiting = office.issue()
    refused = rate(office, waiting, 2)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "survey_not_open"
    assert rate(office, "no-such-ticket", 2).status_code == 404
    assert rate(office, office.closed(), 5).status_code == 422


@pytest.mark.parametrize("role", ["kiosk", "display", "counter", "fo"])
def test_only_a_rater_or_admin_may_rate(office: SurveyOffice, role: str) -> None:
    reply = rate(office, office.closed(), 4, role)
    assert reply.status_code == 403
    assert reply.json()["error"]["code"] == "forbidden"


def test_the_kiosk_survey_takes_one_answer_per_ticket(office: SurveyOffice) -> None:
    ticket_id = office.closed()
    body = {"answers": ALL_GOOD, "profile": {"age": 34, "sex": "P"}, "suggestion": " Bagus "}
    path = f"/api/v1/survey/{ticket_id}"
    first = office.api.post(path, json=body, headers=office.tokens["kiosk"])
    assert first.status_code == 201, first.text
    assert set(first.json()) == {"ticket_id", "answered_at"}
    second = office.api.post(path, json=body, headers=office.tokens["kiosk"])
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "survey_answered"
    row = office.hub.store.conn.execute(
        "SELECT via, service, counter, officer, u1, u9, age, sex, suggestion "
        "FROM survey_answers WHERE ticket_id = ?",
        (ticket_id,),
    ).fetchall()
    assert row == [("kiosk", "dukcapil", 4, NIP, 4, 4, 34, "P", "Bagus")]
    event = office.hub.store.conn.execute(
        "SELECT ticket_id, data FROM events WHERE type = 'survey.answered'"
    ).fetchall()
    assert [ticket for ticket, _ in event] == [ticket_id]
    stored = json.loads(event[0][1])
    assert stored["via"] == "kiosk"
    assert "officer" not in stored


def test_the_kiosk_survey_needs_a_kiosk_token_and_all_nine_answers(office: SurveyOffice) -> None:
    ticket_id = office.closed()
    path = f"/api/v1/survey/{ticket_id}"
    assert office.api.post(path, json={"answers": ALL_GOOD},
                           headers=office.tokens["display"]).status_code == 403  # fmt: skip
    missing = {k: v for k, v in ALL_GOOD.items() if k != "U8"}
    reply = office.api.post(path, json={"answers": missing}, headers=office.tokens["kiosk"])
    assert reply.status_code == 422
    assert "U8" in reply.json()["error"]["message"]
    wrong = office.api.post(path, json={"answers": {**ALL_GOOD, "U3": 0}},
                            headers=office.tokens["kiosk"])  # fmt: skip
    assert wrong.status_code == 422
    early = office.api.post(f"/api/v1/survey/{office.issue()}", json={"answers": ALL_GOOD},
                            headers=office.tokens["kiosk"])  # fmt: skip
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "survey_not_open"


def test_a_rating_and_a_survey_are_apart(office: SurveyOffice) -> None:
    ticket_id = office.closed()
    assert rate(office, ticket_id, 1).status_code == 201
    reply = office.api.post(f"/api/v1/survey/{ticket_id}", json={"answers": ALL_GOOD},
                            headers=office.tokens["kiosk"])  # fmt: skip
    assert reply.status_code == 201


def test_the_kiosk_finds_todays_ticket_by_its_printed_number(office: SurveyOffice) -> None:
    ticket_id = office.closed()
    number = office.hub.store.ticket_row(ticket_id)["number"]  # e.g. "C-001"
    typed = number.replace("-", "").lower()  # as a citizen may type it: "c001"
    reply = office.api.post(f"/api/v1/survey/{typed}", json={"answers": ALL_GOOD},
                            headers=office.tokens["kiosk"])  # fmt: skip
    assert reply.status_code == 201, reply.text
    assert reply.json()["ticket_id"] == ticket_id
    office.clock.advance(86_400)  # tomorrow the same number is nobody's yet
    unknown = office.api.post(f"/api/v1/survey/{number}", json={"answers": ALL_GOOD},
                              headers=office.tokens["kiosk"])  # fmt: skip
    assert unknown.status_code == 404


def test_the_rule_holds_across_a_restart_and_the_next_day(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    store = Store.in_data_dir(tmp_path)
    offices = survey_office(real_office, clock, store)
    office = next(offices)
    ticket_id = office.closed()
    clock.advance(86_400)  # answered the next morning: it counts that day
    reply = office.public.post(f"/s/{ticket_id}", json={"answers": ALL_GOOD})
    assert reply.status_code == 201
    next(offices, None)
    hub = Hub(real_office, Store.in_data_dir(tmp_path), clock)
    try:
        # Yesterday's closed ticket is not replayed because of today's survey of it.
        replayed = hub.store.events_to_reopen(dt.date(2026, 11, 24))
        assert [e.type for e in replayed if getattr(e, "ticket_id", None) == ticket_id] == [
            "survey.answered"
        ]
        with pytest.raises(EngineError, match="answered already"):
            hub.run(lambda: hub.survey.answer(ticket_id, SurveyRequest(answers=ALL_GOOD), "phone"))
        dates = hub.store.conn.execute(
            "SELECT business_date, service_date FROM survey_answers"
        ).fetchall()
        assert dates == [("2026-11-24", "2026-11-23")]
    finally:
        hub.close()
