"""The phone page in a real browser: Debian's headless Chromium, driven by Selenium
through Debian's chromedriver (nothing downloaded), against the real hub process.

Screenshots of each state go to $ANTRIAN_PHONE_SHOTS (docs/ for the README:
`ANTRIAN_PHONE_SHOTS=docs .venv/bin/python -m pytest tests/test_public_browser.py`),
else to the test's temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.chromium import MARKS, headless, waiter
from tests.hubproc import HubProcess

WIDTH, HEIGHT = 390, 844
WAIT_S = 5.0

pytestmark = MARKS

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    with headless(WIDTH, HEIGHT, mobile=True) as driver:
        yield driver


def phone(driver: webdriver.Chrome, width: int) -> None:
    """The viewport of a phone `width` CSS pixels wide, whatever the window's borders take."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True},
    )


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ANTRIAN_PHONE_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shown(driver: webdriver.Chrome, element_id: str) -> bool:
    return bool(driver.find_element(By.ID, element_id).is_displayed())


def text(driver: webdriver.Chrome, element_id: str) -> str:
    return str(driver.find_element(By.ID, element_id).text)


def test_the_page_shows_the_number_then_the_counter_after_a_call_without_reload(
    hub_process: HubProcess, browser: webdriver.Chrome, shots: Path
) -> None:
    hub = hub_process.start()
    kiosk = {"Authorization": f"Bearer {hub.token('kiosk', 'kiosk-1')}"}
    counter = {"Authorization": f"Bearer {hub.token('counter', 'loket-1', 1)}"}

    def issue() -> dict[str, str]:
        reply = httpx.post(f"{hub.url}/tickets", json={"service": "informasi"}, headers=kiosk)
        assert reply.status_code == 201, reply.text
        return dict(reply.json())

    def call_and_close() -> None:
        called = httpx.post(f"{hub.url}/counters/1/call-next", headers=counter).json()
        httpx.post(f"{hub.url}/tickets/{called['id']}/close", headers=counter)

    ahead = [issue() for _ in range(4)]
    mine = issue()
    wait = waiter(browser, WAIT_S)
    browser.get(f"{hub.public_url}/t/{mine['id']}")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    assert text(browser, "number") == mine["number"]
    wait.until(lambda d: text(d, "status") == "Diperbarui otomatis")  # the stream is open
    assert text(browser, "ahead") == "4 orang di depan Anda"
    assert text(browser, "estimate").startswith("sekitar ")
    assert not shown(browser, "near")
    # Nothing overflows a phone's width.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= WIDTH
    browser.save_screenshot(str(shots / "phone-waiting.png"))
    phone(browser, 360)  # the narrowest phone the page is made for
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
    phone(browser, WIDTH)

    browser.execute_script("window.notReloaded = true")
    call_and_close()  # 3 ahead: "you are near"
    wait.until(lambda d: shown(d, "near"))
    assert text(browser, "ahead") == "3 orang di depan Anda"
    # Alerted once: remembered, so a reload or a reconnect does not alert again.
    alerted = f"return localStorage.getItem('antrian-dekat-{mine['id']}')"
    assert browser.execute_script(alerted) == "1"
    browser.save_screenshot(str(shots / "phone-near.png"))

    for _ in ahead[1:]:
        call_and_close()
    wait.until(lambda d: text(d, "ahead") == "Anda berikutnya")
    httpx.post(f"{hub.url}/counters/1/call-next", headers=counter)
    wait.until(lambda d: shown(d, "call"))
    assert text(browser, "counter") == "Loket 1"
    assert text(browser, "state") == "Nomor Anda dipanggil"
    assert not shown(browser, "waiting")
    assert browser.execute_script("return window.notReloaded") is True
    browser.save_screenshot(str(shots / "phone-called.png"))

    httpx.post(f"{hub.url}/tickets/{mine['id']}/close", headers=counter)
    wait.until(lambda d: shown(d, "closed"))
    assert not shown(browser, "call")
    assert browser.execute_script("return window.notReloaded") is True
    browser.save_screenshot(str(shots / "phone-closed.png"))

    browser.get(f"{hub.public_url}/t/tidak-ada")
    assert "tidak ditemukan" in browser.page_source
    browser.save_screenshot(str(shots / "phone-404.png"))
