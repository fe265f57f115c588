"""The survey on the public listener (issue #15): `/s/{id}` opens once the ticket is
closed, takes one answer (JSON or the plain form), and the ticket page leads into it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hub.config import Office
from hub.engine import FixedClock
from protocol.survey import UNSUR
from tests.survey_office import ALL_GOOD, NAME, NIP, SurveyOffice, survey_office


@pytest.fixture
def office(real_office: Office, clock: FixedClock) -> Iterator[SurveyOffice]:
    yield from survey_office(real_office, clock)


def test_the_survey_page_asks_the_rules_nine_questions_in_indonesian(office: SurveyOffice) -> None:
    ticket_id = office.closed()
    reply = office.public.get(f"/s/{ticket_id}")
    assert reply.status_code == 200
    page = reply.text
    assert '<html lang="id">' in page
    for unsur in UNSUR:
        assert unsur.question in page
        for word in unsur.choices:
            assert f"> {word}</label>" in page
    assert page.count('type="radio"') == 9 * 4 + 2  # and the profile's sex
    assert "form-action 'self'" in reply.headers["content-security-policy"]
    assert "default-src 'none'" in reply.headers["content-security-policy"]
    assert reply.headers["cache-control"] == "no-store"
    # Nothing of who served the citizen, nothing from outside.
    for secret in (NIP, NAME, "Loket 4", "dukcapil"):
        assert secret not in page
    assert "http" not in page.replace('name="viewport"', "")


def test_before_close_the_page_and_a_post_are_a_friendly_409(office: SurveyOffice) -> None:
    ticket_id = office.issue()
    page = office.public.get(f"/s/{ticket_id}")
    assert page.status_code == 409
    assert "setelah pelayanan Anda selesai" in page.text
    post = office.public.post(f"/s/{ticket_id}", json={"answers": ALL_GOOD})
    assert post.status_code == 409
    assert post.json()["error"]["code"] == "survey_not_open"


def test_a_json_answer_is_201_and_a_second_one_409(office: SurveyOffice) -> None:
    ticket_id = office.closed()
    body = {"answers": ALL_GOOD, "profile": {"education": "s1", "occupation": "swasta"},
            "suggestion": "Ruang tunggu sejuk."}  # fmt: skip
    first = office.public.post(f"/s/{ticket_id}", json=body)
    assert first.status_code == 201, first.text
    assert first.json()["ticket_id"] == ticket_id
    second = office.public.post(f"/s/{ticket_id}", json=body)
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "survey_answered"
    page = office.public.get(f"/s/{ticket_id}")
    assert page.status_code == 409
    assert "sudah diisi" in page.text
    via = office.hub.store.conn.execute("SELECT via, education FROM survey_answers").fetchall()
    assert via == [("phone", "s1")]


def test_the_plain_form_posts_without_script(office: SurveyOffice) -> None:
    ticket_id = office.closed()
    fields = {code: str(score) for code, score in ALL_GOOD.items()}
    short = office.public.post(f"/s/{ticket_id}", data={**fields, "U5": ""})
    assert short.status_code == 422
    assert "kesembilan pertanyaan" in short.text
    assert 'value="4" required checked' in short.text  # what was chosen stays chosen
    sent = office.public.post(
        f"/s/{ticket_id}",
        data={**fields, "U2": "3", "age": "41", "sex": "L", "suggestion": "Cepat"},
    )
    assert sent.status_code == 201
    assert "Terima kasih atas penilaian Anda" in sent.text
    row = office.hub.store.conn.execute(
        "SELECT u1, u2, age, sex, suggestion, via FROM survey_answers"
    ).fetchall()
    assert row == [(4, 3, 41, "L", "Cepat", "phone")]


def test_bad_bodies_are_clear_refusals(office: SurveyOffice) -> None:
    ticket_id = office.closed()
    path = f"/s/{ticket_id}"
    headers = {"content-type": "application/json"}
    assert office.public.post(path, content=b"{nope", headers=headers).status_code == 400
    wrong = office.public.post(path, json={"answers": {**ALL_GOOD, "U10": 2}})
    assert wrong.status_code == 422
    assert "U10" in wrong.json()["error"]["message"]
    assert office.public.post(path, json={"answers": ALL_GOOD, "name": "x"}).status_code == 422
    huge = office.public.post(path, json={"answers": ALL_GOOD, "suggestion": "x" * 20_000})
    assert huge.status_code == 413
    assert office.public.post("/s/no-such-ticket", json={"answers": ALL_GOOD}).status_code == 404
    assert office.public.get("/s/no-such-ticket").status_code == 404


def test_the_closed_ticket_page_leads_into_the_survey(office: SurveyOffice) -> None:
    ticket_id = office.issue()
    waiting = office.public.get(f"/t/{ticket_id}").text
    assert f'href="/s/{ticket_id}"' in waiting  # present, hidden until closed
    assert 'id="closed" hidden' in waiting.replace('class="card done" ', "")
    office.closed()
    page = office.public.get(f"/t/{ticket_id}").text
    assert 'id="closed" hidden' not in page.replace('class="card done" ', "")
    assert "Isi survei kepuasan" in page


def test_a_survey_answer_wakes_no_ticket_page_and_is_not_on_the_device_feed(
    office: SurveyOffice,
) -> None:
    ticket_id = office.closed()
    office.public.post(f"/s/{ticket_id}", json={"answers": ALL_GOOD, "suggestion": "rahasia"})
    with office.api.websocket_connect("/api/v1/events?after=0",
                                      headers=office.tokens["fo"]) as ws:  # fmt: skip
        seen = []
        while not seen or seen[-1]["type"] != "survey.answered":
            seen.append(ws.receive_json())
    answered = seen[-1]
    assert answered["ticket_id"] == ticket_id
    assert set(answered) == {"seq", "type", "v", "at", "ticket_id", "via"}
    closed = [e for e in seen if e["type"] == "ticket.closed"]
    assert closed
    assert closed[-1]["counter"] == 4
