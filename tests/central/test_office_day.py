"""One office's day page (`/kantor/{code}?tanggal=`), through the central ASGI app on
real PostgreSQL, with a driven hub's log ingested: signed in only, its figures the
recap's (the API's code), the complaints and owed cases as the hub says, bad dates and
unknown offices refused with a message."""

from __future__ import annotations

import datetime as dt
import html
import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from central.app import create_app
from central.store import Central, Forwarded
from reports.survey_formats import decimal
from tests.central.driven import WITA, DrivenOffice, office_of

START = dt.datetime(2026, 11, 23, 8, 5, tzinfo=WITA)


def text_of(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', page)
    assert found, f"no #{element_id} in the page"
    return html.unescape(found.group(1)).strip()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[DrivenOffice]:
    driven = DrivenOffice(tmp_path / "smd.sqlite3", office_of("demo.toml"), START, 5)
    for day in range(3):
        driven.at(START + dt.timedelta(days=day))
        driven.play(70)
        driven.surveys(12)
        driven.complaint(followed_up=False)  # overdue from the day after next
    yield driven
    driven.close()


@pytest.fixture
def client(dsn: str, office: DrivenOffice) -> Iterator[tuple[TestClient, str]]:
    central = Central(dsn, max_size=2)
    central.migrate()
    central.add_office("smd", "MPP Kota Samarinda")
    central.add_office("bpp", "MPP Kota Balikpapan")  # has sent nothing yet
    central.ingest("smd", 0, [Forwarded(*row) for row in office.log()], office.settings)
    admin = central.add_admin("provinsi")
    try:
        with TestClient(create_app(central)) as http:
            yield http, admin
    finally:
        central.close()


def test_the_day_page_is_the_offices_recap_for_signed_in_staff_only(
    client: tuple[TestClient, str], office: DrivenOffice
) -> None:
    http, admin = client
    day = (START + dt.timedelta(days=2)).date()
    assert http.get(f"/kantor/smd?tanggal={day}", follow_redirects=False).status_code == 303
    http.post("/masuk", data={"token": admin})
    board = http.get("/").text
    assert 'href="/kantor/smd"' in board

    page = http.get(f"/kantor/smd?tanggal={day}")
    assert page.status_code == 200
    recap = office.recap(day)
    assert text_of(page.text, "issued") == str(recap["totals"]["issued"])
    assert text_of(page.text, "served") == str(recap["totals"]["served"])
    assert text_of(page.text, "unserved") == str(recap["totals"]["unserved"])
    assert recap["survey"]["respondents"] > 0
    assert text_of(page.text, "ikm-konversi") == decimal(recap["survey"]["konversi"])
    truth = office.truth()  # the hub's clock is still on that day
    assert office.today() == day
    assert text_of(page.text, "owed-now") == str(truth["compensation_owed"])
    assert text_of(page.text, "overdue") == str(truth["complaints_overdue"])
    assert truth["complaints_overdue"] > 0
    assert "Senin, 23 November 2026" in http.get(f"/kantor/smd?tanggal={START.date()}").text
    assert 'id="berikutnya"' in http.get(f"/kantor/smd?tanggal={START.date()}").text

    # No date: today in the office's own zone (WITA here), nothing sent for it yet.
    today = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Makassar")).date()
    empty = http.get("/kantor/smd").text
    assert f'value="{today.isoformat()}"' in empty
    assert 'id="berikutnya"' not in empty  # no day after today


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/kantor/smd?tanggal=23-11-2026", 400, "tulis TTTT-BB-HH"),
        ("/kantor/smd?tanggal=2026-02-30", 400, "tidak ada di kalender"),
        ("/kantor/xyz", 404, "tidak dikenal"),
        ("/kantor/bpp", 404, "belum mengirim"),
    ],
)
def test_a_bad_date_or_an_unknown_office_is_refused_with_a_message(
    client: tuple[TestClient, str], path: str, status: int, words: str
) -> None:
    http, admin = client
    http.post("/masuk", data={"token": admin})
    reply = http.get(path)
    assert reply.status_code == status
    assert words in text_of(reply.text, "message")
