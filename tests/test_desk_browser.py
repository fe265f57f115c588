"""The complaint desk in a real browser (issue #14): Debian's headless Chromium, driven
by Selenium through Debian's chromedriver, against the real hub process. An officer
with the complaint duty signs in, files a complaint, escalates, answers and closes it,
then does it all again for the next one.

Screenshots at a desk PC's 1366x768 go to $ANTRIAN_DESK_SHOTS (docs/ for the README:
`ANTRIAN_DESK_SHOTS=docs .venv/bin/python -m pytest tests/test_desk_browser.py`), else
to the test's temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from common.indonesian import MONTHS
from hub.complaint_service import set_complaint_duty
from hub.officers import add_officer
from hub.store import Store
from tests.chromium import MARKS, headless
from tests.hubproc import HubProcess

WIDTH, HEIGHT = 1366, 768
WAIT_S = 10.0
NIP, PIN = "198001012000031001", "2468"

pytestmark = MARKS

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    with headless(WIDTH, HEIGHT, mobile=False) as driver:
        yield driver


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ANTRIAN_DESK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def text(driver: webdriver.Chrome, element_id: str) -> str:
    return str(driver.find_element(By.ID, element_id).text)


def submit(driver: webdriver.Chrome, form_id: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f"#{form_id} button[type=submit]").click()


def test_sign_in_file_escalate_answer_close_twice(
    hub_process: HubProcess, browser: webdriver.Chrome, shots: Path
) -> None:
    store = Store.in_data_dir(hub_process.data_dir)
    try:
        add_officer(store, NIP, "Rina Pengaduan", PIN)
        set_complaint_duty(store, NIP, True)
    finally:
        store.close()
    hub = hub_process.start()
    desk = hub.url.removesuffix("/api/v1") + "/desk"
    wait = WebDriverWait(browser, WAIT_S)

    browser.get(f"{desk}/")
    wait.until(lambda d: d.find_elements(By.ID, "nip"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    browser.find_element(By.ID, "nip").send_keys(NIP)
    browser.find_element(By.ID, "pin").send_keys("0000")
    browser.find_element(By.ID, "sign-in").click()
    wait.until(lambda d: d.find_elements(By.ID, "error"))
    assert text(browser, "error") == "NIP atau PIN salah."
    browser.find_element(By.ID, "pin").send_keys(PIN)
    browser.save_screenshot(str(shots / "desk-signin.png"))
    browser.find_element(By.ID, "sign-in").click()
    wait.until(lambda d: d.find_elements(By.ID, "complaints"))
    assert text(browser, "who").startswith("Rina Pengaduan")

    for round_number, summary in enumerate(
        ("Berkas izin usaha hilang di loket 2", "Petugas loket 3 tidak di tempat"), start=1
    ):
        browser.find_element(By.ID, "nav-new").click()
        wait.until(lambda d: d.find_elements(By.ID, "summary"))
        Select(browser.find_element(By.ID, "channel")).select_by_visible_text("WhatsApp")
        browser.find_element(By.ID, "summary").send_keys(summary)
        browser.find_element(By.ID, "name").send_keys("Siti Aminah")
        browser.find_element(By.ID, "ticket").send_keys("Z-999")  # no such ticket
        browser.find_element(By.ID, "file").click()
        wait.until(lambda d: d.find_elements(By.ID, "problem-ticket"))
        assert browser.find_element(By.ID, "summary").get_attribute("value") == summary
        if round_number == 1:
            browser.save_screenshot(str(shots / "desk-new-error.png"))
        browser.find_element(By.ID, "ticket").clear()
        browser.find_element(By.ID, "file").click()
        wait.until(lambda d: d.find_elements(By.ID, "code"))
        assert text(browser, "flash") == "Pengaduan tercatat."
        assert text(browser, "state") == "Diterima"
        code = text(browser, "code")

        submit(browser, "form-verify")
        wait.until(lambda d: text(d, "state") == "Diverifikasi")
        Select(browser.find_element(By.ID, "escalate-to")).select_by_value("tim")
        browser.find_element(By.ID, "escalate-note").send_keys("Perlu cek ke loket 2")
        submit(browser, "form-escalate")
        wait.until(lambda d: text(d, "state") == "Diteruskan")
        if round_number == 1:
            browser.save_screenshot(str(shots / "desk-escalated.png"))
        browser.find_element(By.ID, "answer-text").send_keys("Berkas ditemukan; silakan ambil.")
        submit(browser, "form-answer")
        wait.until(lambda d: text(d, "state") == "Dijawab")
        browser.find_element(By.ID, "satisfied-yes").click()
        submit(browser, "form-close")
        wait.until(lambda d: text(d, "state") == "Selesai")
        history = text(browser, "history")
        for step in ("Diterima", "Diverifikasi", "Diteruskan", "Dijawab", "Ditutup"):
            assert step in history
        assert "Perlu cek ke loket 2" in history
        if round_number == 1:
            browser.save_screenshot(str(shots / "desk-closed.png"))
            browser.find_element(By.ID, "receipt").click()
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#receipt svg"))
            assert text(browser, "code") == code
            browser.save_screenshot(str(shots / "desk-receipt.png"))
            browser.back()
            wait.until(lambda d: d.find_elements(By.ID, "history"))

    browser.find_element(By.ID, "nav-new").click()  # one left open, for the list's look
    wait.until(lambda d: d.find_elements(By.ID, "summary"))
    browser.find_element(By.ID, "summary").send_keys("Antrean lebih dari satu jam")
    browser.find_element(By.ID, "file").click()
    wait.until(lambda d: d.find_elements(By.ID, "code"))
    # Ten days on, unanswered: past its due date, red in the list and listed on top.
    admin = {"Authorization": f"Bearer {hub.token('admin', 'admin-1')}"}
    moved = httpx.post(f"{hub.url}/test/clock", json={"advance_s": 10 * 86400}, headers=admin)
    assert moved.status_code == 200, moved.text
    browser.get(f"{desk}/")
    wait.until(lambda d: d.find_elements(By.ID, "overdue"))
    assert "1 pengaduan melewati batas waktu" in text(browser, "overdue")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#complaints tr.overdue")) == 1
    rows = browser.find_elements(By.CSS_SELECTOR, "#complaints tbody tr")
    assert len(rows) == 3
    browser.save_screenshot(str(shots / "desk-list.png"))
    browser.get(f"{desk}/rekap")
    wait.until(lambda d: d.find_elements(By.ID, "received"))
    assert text(browser, "received") == "3"
    month = Select(browser.find_element(By.ID, "bulan"))
    this_month = month.first_selected_option.text  # e.g. "Desember 2026", in Indonesian
    assert this_month.split()[0] in MONTHS
    chosen = month.first_selected_option.get_attribute("value")
    pdf_link = browser.find_element(By.ID, "pdf").get_attribute("href")
    assert pdf_link.endswith(f"/desk/rekap.pdf?bulan={chosen}")
    browser.save_screenshot(str(shots / "desk-recap.png"))
    # The list's month filter is a list of named months too: this month keeps all three.
    browser.get(f"{desk}/")
    wait.until(lambda d: d.find_elements(By.ID, "complaints"))
    Select(browser.find_element(By.ID, "bulan")).select_by_visible_text(this_month)
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait.until(lambda d: "bulan=" in d.current_url)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#complaints tbody tr.complaint")) == 3
    assert Select(browser.find_element(By.ID, "bulan")).first_selected_option.text == this_month
    browser.find_element(By.ID, "sign-out").click()
    wait.until(lambda d: d.find_elements(By.ID, "nip"))
    browser.get(f"{desk}/")
    wait.until(lambda d: d.find_elements(By.ID, "nip"))  # signed out: back to sign-in
