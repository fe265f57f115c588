"""The dashboard and an office's day page in Debian's headless Chromium (selenium),
against the real central process and real PostgreSQL, fed over HTTP as forwarders do
with the logs of six driven hubs (two days before today, and today until a few minutes
ago): sign-in by the admin token; every office listed with who waits now, the longest
wait, compensation owed, complaints overdue, today's IKM and its last event, each the
hub's own figure; the table live (an issue after the page loaded shows within
seconds); an office silent for 40 minutes flagged; the row leads to the office's day.
Screenshots at 1920x1080 to $ANTRIAN_CENTRAL_SHOTS (docs/ for the README), else the
test's folder."""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from common.indonesian import duration
from reports.survey_formats import decimal
from tests.central.centralproc import CentralProcess, cli
from tests.central.driven import DrivenOffice, office_of
from tests.chromium import MARKS, headless, waiter

pytestmark = MARKS
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
NAMES = {"bpp": "MPP Kota Balikpapan", "btg": "MPP Kota Bontang",
         "bru": "MPP Kabupaten Berau", "kkr": "MPP Kabupaten Kutai Kartanegara",
         "psr": "MPP Kabupaten Paser", "smd": "MPP Kota Samarinda"}  # fmt: skip
SILENT = "btg"


class Forwarder:
    """Posts a driven hub's new events to central's ingest, as the hub's forwarder."""

    def __init__(self, central: CentralProcess, token: str, office: DrivenOffice) -> None:
        self.url, self.office, self.position = f"{central.url}/api/v1/ingest", office, 0
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def send(self) -> None:
        log = self.office.log()
        while self.position < len(log):
            chunk = log[self.position : self.position + 500]
            body = {"after": self.position, "head": len(log), "office": self.office.settings,
                    "events": [{"seq": s, "business_date": d, "data": data}
                               for s, d, data in chunk]}  # fmt: skip
            reply = httpx.post(self.url, content=orjson.dumps(body), headers=self.headers)
            assert reply.status_code == 200, reply.text
            self.position = reply.json()["last_seq"]


def drive(office: DrivenOffice, start: dt.datetime, end: dt.datetime, steps: int) -> None:
    """`steps` random actions spread from `start` to no later than `end` (none if the
    span is too short: just after midnight)."""
    if (end - start).total_seconds() < steps:
        return
    office.at(start)
    each = max(1, int((end - start).total_seconds()) // steps)
    office.play(steps, (max(1, each // 2), each))
    office.surveys(8)
    if office.clock.now() < end:
        office.at(end)
    office.issue()  # the last event, at `end`


@pytest.fixture
def offices(tmp_path: Path) -> Iterator[dict[str, DrivenOffice]]:
    now = dt.datetime.now(WITA)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    driven = {}
    for seed, code in enumerate(NAMES):
        office = DrivenOffice(tmp_path / f"{code}.sqlite3", office_of("demo.toml"),
                              midnight - dt.timedelta(days=2), seed)  # fmt: skip
        for days_ago in (2, 1):  # two full days: complaints from then are overdue today
            day = midnight - dt.timedelta(days=days_ago)
            drive(office, day + dt.timedelta(hours=7), day + dt.timedelta(hours=19), 120)
            office.drain()  # everyone served by the evening
            if days_ago == 2 and seed % 2 == 0:
                office.complaint(followed_up=False)  # overdue today
        quiet = dt.timedelta(minutes=40 if code == SILENT else 3)
        drive(office, max(midnight + dt.timedelta(minutes=1), now - dt.timedelta(hours=5)),
              now - quiet, 90)  # fmt: skip
        driven[code] = office
    yield driven
    for office in driven.values():
        office.close()


@pytest.fixture
def browser() -> Iterator[Any]:
    with headless(1920, 1080, mobile=False) as driver:
        yield driver


def cell(browser: Any, code: str, name: str) -> str:
    return str(browser.find_element(By.CSS_SELECTOR, f'tr[data-code="{code}"] .{name}').text)


def test_the_dashboard_shows_every_offices_standing_live_and_leads_to_its_day(
    dsn: str, tmp_path: Path, browser: Any, offices: dict[str, DrivenOffice]
) -> None:
    admin = cli("central", "admin-token", "--db", dsn, "--name", "provinsi")
    tokens = {code: cli("central", "office", "add", "--db", dsn, "--code", code, "--name", name)
              for code, name in NAMES.items()}  # fmt: skip
    central = CentralProcess(dsn, tmp_path).start()
    try:
        forwarders = {code: Forwarder(central, tokens[code], o) for code, o in offices.items()}
        for forwarder in forwarders.values():
            forwarder.send()

        browser.get(central.url + "/")
        assert "/masuk" in browser.current_url  # nothing without signing in
        browser.find_element(By.ID, "token").send_keys("not-a-token")
        browser.find_element(By.ID, "masuk").click()
        waiter(browser, 10).until(lambda d: "Token tidak dikenal" in d.page_source)
        assert not browser.find_elements(By.ID, "board")
        browser.find_element(By.ID, "token").send_keys(admin)
        browser.find_element(By.ID, "masuk").click()
        waiter(browser, 10).until(lambda d: d.find_elements(By.ID, "board"))
        rows = browser.find_elements(By.CSS_SELECTOR, "#board tbody tr")
        assert [r.get_attribute("data-code") for r in rows] == sorted(NAMES)

        seen = {"waiting": 0, "owed-cell": 0, "overdue-cell": 0}
        for code, office in offices.items():
            truth = office.truth()
            survey = truth["survey"]
            assert cell(browser, code, "waiting") == str(truth["waiting"])
            assert cell(browser, code, "issued") == str(truth["issued"])
            assert cell(browser, code, "served") == str(truth["served"])
            longest = duration(truth["max_wait_s"]) if truth["called"] else "-"
            assert cell(browser, code, "longest") == longest
            assert cell(browser, code, "owed-cell") == str(truth["compensation_owed"])
            assert cell(browser, code, "overdue-cell") == str(truth["complaints_overdue"])
            ikm = f"{decimal(survey['konversi'])} {survey['mutu']}" if survey["mutu"] else "-"
            assert cell(browser, code, "ikm").startswith(ikm)
            for name in seen:
                seen[name] = max(seen[name], int(cell(browser, code, name)))
        assert all(seen.values()), seen  # the drive made every column say something
        silent = browser.find_element(By.CSS_SELECTOR, f'tr[data-code="{SILENT}"]')
        assert "senyap" in silent.text
        assert "senyap" not in browser.find_element(By.CSS_SELECTOR, 'tr[data-code="smd"]').text

        # Live: a number taken now shows without a reload.
        smd = offices["smd"]
        smd.at(dt.datetime.now(WITA))
        smd.issue()
        forwarders["smd"].send()
        issued = str(smd.truth()["issued"])
        waiter(browser, 8).until(lambda _: cell(browser, "smd", "issued") == issued)
        shots = Path(os.environ.get("ANTRIAN_CENTRAL_SHOTS") or tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(shots / "central-dashboard.png"))

        # The row leads to the office's day: today's recap, the hub's own figures.
        browser.find_element(By.CSS_SELECTOR, 'tr[data-code="smd"] a.office').click()
        waiter(browser, 10).until(lambda d: d.find_elements(By.ID, "ringkasan"))
        recap = smd.recap(smd.today())
        assert browser.find_element(By.ID, "issued").text == str(recap["totals"]["issued"])
        assert browser.find_element(By.ID, "owed-now").text == str(smd.truth()["compensation_owed"])
        assert browser.find_element(By.ID, "overdue").text == str(smd.truth()["complaints_overdue"])
        assert NAMES["smd"] in browser.find_element(By.TAG_NAME, "h1").text
        browser.save_screenshot(str(shots / "central-office-day.png"))
    finally:
        central.stop()
