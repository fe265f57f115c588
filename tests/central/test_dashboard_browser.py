"""The dashboard in Debian's headless Chromium (selenium), against the real central
process and real PostgreSQL: sign-in by the admin token, every office listed, the table
live (a batch ingested after the page loaded shows within seconds), a silent office
flagged. Screenshot at 1920x1080 to $ANTRIAN_CENTRAL_SHOTS (docs/ for the README), else
the test's folder."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.central.centralproc import CentralProcess, cli
from tests.chromium import MARKS, headless, waiter

pytestmark = MARKS
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

OFFICE = {"name": "x", "timezone": "UTC", "threshold_minutes": 15,
          "services": [{"code": "informasi", "name": "Informasi"}], "counters": []}  # fmt: skip


def issued(seq: int, at: dt.datetime) -> dict[str, Any]:
    wire = at.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    data = json.dumps({"type": "ticket.issued", "v": 2, "at": wire, "ticket_id": f"t{seq}",
                       "number": f"A-{seq:03d}", "service": "informasi", "sequence": seq,
                       "business_date": at.date().isoformat(), "priority": False,
                       "category": None, "ahead": 0, "eta_minutes": 3})  # fmt: skip
    return {"seq": seq, "business_date": at.date().isoformat(), "data": data}


def send(central: CentralProcess, token: str, after: int, events: list[dict[str, Any]]) -> None:
    body = {"after": after, "office": OFFICE, "events": events}
    reply = httpx.post(f"{central.url}/api/v1/ingest", json=body,
                       headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert reply.status_code == 200, reply.text


@pytest.fixture
def browser() -> Iterator[Any]:
    with headless(1920, 1080, mobile=False) as driver:
        yield driver


def test_the_dashboard_signs_in_lists_every_office_and_stays_live(
    dsn: str, tmp_path: Path, browser: Any
) -> None:
    admin = cli("central", "admin-token", "--db", dsn, "--name", "provinsi")
    names = {"smd": "MPP Kota Samarinda", "bpp": "MPP Kota Balikpapan", "btg": "MPP Bontang"}
    tokens = {code: cli("central", "office", "add", "--db", dsn, "--code", code, "--name", name)
              for code, name in names.items()}  # fmt: skip
    central = CentralProcess(dsn, tmp_path).start()
    try:
        now = dt.datetime.now(dt.UTC)
        send(central, tokens["smd"], 0, [issued(n, now) for n in range(1, 13)])
        send(central, tokens["bpp"], 0, [issued(n, now) for n in range(1, 6)])
        # Bontang's last event is 40 minutes old: flagged when its hours (the default
        # 08:00-16:00 here, zone UTC) say it is open now.
        send(central, tokens["btg"], 0, [issued(1, now - dt.timedelta(minutes=40))])

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
        assert [r.get_attribute("data-code") for r in rows] == ["bpp", "btg", "smd"]

        def waiting(code: str) -> str:
            row = browser.find_element(By.CSS_SELECTOR, f'tr[data-code="{code}"] .waiting')
            return str(row.text)

        assert waiting("smd") == "12"
        send(central, tokens["bpp"], 5, [issued(n, now) for n in range(6, 9)])
        waiter(browser, 8).until(lambda _: waiting("bpp") == "8")  # live, no reload
        shots = Path(os.environ.get("ANTRIAN_CENTRAL_SHOTS") or tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(shots / "central-dashboard.png"))
    finally:
        central.stop()
