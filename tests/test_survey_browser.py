"""The survey in a real browser (issue #15): Debian's headless Chromium on a phone-sized
window (390x844, and 360 wide) against the real hub process: the closed ticket's page
leads into the survey, a citizen answers all nine by tapping, sends it, and a second
visit says it was answered. Screenshots go where tests/test_public_browser.py puts its
own ($ANTRIAN_PHONE_SHOTS, docs/ for the README)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx

from tests.chromium import MARKS, waiter
from tests.hubproc import HubProcess
from tests.test_public_browser import (  # noqa: F401 - the fixtures
    WAIT_S,
    WIDTH,
    By,
    browser,
    phone,
    shots,
    shown,
    text,
    webdriver,
)

pytestmark = MARKS
TOUCH_TARGET_PX = 44  # the smallest tap target phone guidelines allow
ANSWERS = {"U1": 4, "U2": 3, "U3": 3, "U4": 4, "U5": 3, "U6": 4, "U7": 4, "U8": 2, "U9": 3}


def fits(driver: webdriver.Chrome, width: int) -> bool:
    return int(driver.execute_script("return document.documentElement.scrollWidth")) <= width


def test_a_citizen_fills_the_survey_on_a_phone(
    hub_process: HubProcess,
    browser: webdriver.Chrome,  # noqa: F811
    shots: Path,  # noqa: F811
) -> None:
    hub = hub_process.start()
    kiosk = {"Authorization": f"Bearer {hub.token('kiosk', 'kiosk-1')}"}
    counter = {"Authorization": f"Bearer {hub.token('counter', 'loket-1', 1)}"}
    fo = {"Authorization": f"Bearer {hub.token('fo', 'fo-1')}"}
    ticket = httpx.post(f"{hub.url}/tickets", json={"service": "informasi"}, headers=kiosk).json()
    wait = waiter(browser, WAIT_S)

    browser.get(f"{hub.public_url}/t/{ticket['id']}")
    wait.until(lambda d: text(d, "status") == "Diperbarui otomatis")
    assert not shown(browser, "survey-link")
    called = httpx.post(f"{hub.url}/counters/1/call-next", headers=counter).json()
    httpx.post(f"{hub.url}/tickets/{called['id']}/close", headers=counter)
    wait.until(lambda d: shown(d, "survey-link"))  # live, no reload
    browser.save_screenshot(str(shots / "survey-ticket-closed.png"))

    browser.find_element(By.ID, "survey-link").click()
    wait.until(lambda d: d.current_url.endswith(f"/s/{ticket['id']}"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    assert fits(browser, WIDTH)
    phone(browser, 360)
    assert fits(browser, 360)
    phone(browser, WIDTH)
    choices = browser.find_elements(By.CSS_SELECTOR, "label.choice")
    assert len(choices) == 9 * 4 + 2
    assert min(c.size["height"] for c in choices) >= TOUCH_TARGET_PX
    assert min(c.size["width"] for c in choices[: 9 * 4]) >= WIDTH // 2
    browser.save_screenshot(str(shots / "survey-form.png"))

    # Sent with nothing chosen, the browser keeps the form (every unsur is required).
    browser.find_element(By.ID, "send").click()
    assert browser.current_url.endswith(f"/s/{ticket['id']}")
    assert not browser.execute_script("return document.getElementById('survey').checkValidity()")

    for code, score in ANSWERS.items():
        radio = browser.find_element(By.CSS_SELECTOR, f"input[name={code}][value='{score}']")
        label = radio.find_element(By.XPATH, "..")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
        label.click()
        assert radio.is_selected()
        if code == "U7":
            browser.save_screenshot(str(shots / "survey-answering.png"))
    browser.find_element(By.NAME, "age").send_keys("38")
    female = browser.find_element(By.CSS_SELECTOR, "input[name=sex][value=P]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", female)
    female.find_element(By.XPATH, "..").click()
    browser.find_element(By.NAME, "suggestion").send_keys("Ruang tunggu nyaman.")
    browser.save_screenshot(str(shots / "survey-profile.png"))
    browser.find_element(By.ID, "send").click()
    wait.until(lambda d: d.find_elements(By.ID, "thanks"))
    assert "Terima kasih atas penilaian Anda" in text(browser, "thanks")
    browser.save_screenshot(str(shots / "survey-thanks.png"))

    browser.get(f"{hub.public_url}/s/{ticket['id']}")
    wait.until(lambda d: d.find_elements(By.ID, "refused"))
    assert "sudah diisi" in text(browser, "refused")
    browser.save_screenshot(str(shots / "survey-answered.png"))

    day = dt.date.fromisoformat(ticket["business_date"]).isoformat()
    report = httpx.get(f"{hub.url}/survey", params={"from": day, "to": day}, headers=fo).json()
    assert report["respondents"] == 1
    assert [u["nrr"] for u in report["unsur"]] == [float(v) for v in ANSWERS.values()]
    assert report["profile"]["sex"][1] == {"key": "P", "label": "Perempuan", "count": 1}
    assert [s["text"] for s in report["suggestions"]] == ["Ruang tunggu nyaman."]


def test_the_whole_survey_on_a_360_px_phone(
    hub_process: HubProcess,
    browser: webdriver.Chrome,  # noqa: F811
    shots: Path,  # noqa: F811
) -> None:
    """The narrowest phone the issue names: every unsur answered by tapping and the form
    sent at 360 CSS px, never wider than the screen, every answer a full tap target."""
    hub = hub_process.start()
    kiosk = {"Authorization": f"Bearer {hub.token('kiosk', 'kiosk-1')}"}
    counter = {"Authorization": f"Bearer {hub.token('counter', 'loket-1', 1)}"}
    fo = {"Authorization": f"Bearer {hub.token('fo', 'fo-1')}"}
    ticket = httpx.post(f"{hub.url}/tickets", json={"service": "informasi"}, headers=kiosk).json()
    called = httpx.post(f"{hub.url}/counters/1/call-next", headers=counter).json()
    httpx.post(f"{hub.url}/tickets/{called['id']}/close", headers=counter)
    phone(browser, 360)
    browser.get(f"{hub.public_url}/s/{ticket['id']}")
    wait = waiter(browser, WAIT_S)
    wait.until(lambda d: d.find_elements(By.ID, "survey"))
    assert fits(browser, 360)
    choices = browser.find_elements(By.CSS_SELECTOR, "label.choice")[: 9 * 4]
    assert min(c.size["height"] for c in choices) >= TOUCH_TARGET_PX
    assert min(c.size["width"] for c in choices) >= 360 // 2
    for code, score in ANSWERS.items():
        radio = browser.find_element(By.CSS_SELECTOR, f"input[name={code}][value='{score}']")
        label = radio.find_element(By.XPATH, "..")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
        label.click()  # a tap on the answer's words, not on the small radio
        assert radio.is_selected()
        assert fits(browser, 360)
        if code == "U1":
            browser.save_screenshot(str(shots / "survey-form-360.png"))
    browser.find_element(By.ID, "send").click()
    wait.until(lambda d: d.find_elements(By.ID, "thanks"))
    assert fits(browser, 360)
    day = dt.date.fromisoformat(ticket["business_date"]).isoformat()
    report = httpx.get(f"{hub.url}/survey", params={"from": day, "to": day}, headers=fo).json()
    assert report["respondents"] == 1
    assert [u["nrr"] for u in report["unsur"]] == [float(v) for v in ANSWERS.values()]
