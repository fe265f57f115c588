"""The complaint tracking page in a real browser (Debian's headless Chromium, as
tests/test_public_browser.py), on a phone's 390x844 viewport, against the real hub.

Screenshots go to $ANTRIAN_PHONE_SHOTS (docs/ for the README), else the test's folder.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.hubproc import HubProcess
from tests.test_public_browser import WIDTH, phone, pytestmark, text
from tests.test_public_browser import browser as browser  # noqa: F401 - the fixture
from tests.test_public_browser import shots as shots  # noqa: F401 - the fixture

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

__all__ = ["pytestmark"]
DAY = 86400


def test_the_tracking_page_fits_a_phone_and_says_where_the_complaint_stands(
    hub_process: HubProcess,
    browser: webdriver.Chrome,
    shots: Path,  # noqa: F811
) -> None:
    hub = hub_process.start()
    fo = {"Authorization": f"Bearer {hub.token('fo', 'fo-1')}"}
    admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
    body = {"channel": "loket", "summary": "Antrean tidak dipanggil", "name": "Rina"}
    complaint = httpx.post(f"{hub.url}/complaints", json=body, headers=fo).json()
    for action, step in (("verify", {}), ("escalate", {"to": "tim"})):
        reply = httpx.post(
            f"{hub.url}/complaints/{complaint['id']}/{action}", json=step, headers=fo
        )
        assert reply.status_code == 200, reply.text

    browser.get(f"{hub.public_url}/c/{complaint['tracking_code']}")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    assert text(browser, "code") == complaint["tracking_code"]
    assert text(browser, "state") == "Diteruskan"
    assert "Tim pengaduan / Kepala Seksi" in text(browser, "where")
    assert text(browser, "due").split(", ")[0] in (
        "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
    )  # fmt: skip
    assert not browser.find_element(By.ID, "overdue").is_displayed()
    assert "Rina" not in browser.page_source
    assert browser.execute_script("return document.documentElement.scrollWidth") <= WIDTH
    browser.save_screenshot(str(shots / "complaint-tracking.png"))
    phone(browser, 360)  # the narrowest phone the page is made for
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
    phone(browser, WIDTH)

    httpx.post(f"{hub.url}/test/clock", json={"advance_s": 30 * DAY}, headers=admin)
    browser.refresh()
    assert browser.find_element(By.ID, "overdue").is_displayed()
    assert "sudah lewat" in text(browser, "overdue")
    browser.save_screenshot(str(shots / "complaint-tracking-overdue.png"))

    browser.get(f"{hub.public_url}/c/BUKANKODE1")
    assert "Kode pengaduan tidak ditemukan" in browser.page_source
