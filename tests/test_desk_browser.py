"""The complaint desk in a real browser (issue #14): Debian's headless Chromium, driven
by Selenium through Debian's chromedriver, against the real hub process. The desk's
officer signs in, files a complaint and sends it up to the complaint team; the team's
officer signs in and answers it; the desk closes it with the citizen's statement. Then
the desk files, answers and closes one by itself.

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
from tests.chromium import MARKS, headless, waiter
from tests.hubproc import HubProcess

WIDTH, HEIGHT = 1366, 768
WAIT_S = 10.0
NIP, PIN = "198001012000031001", "2468"  # the desk (meja pengaduan)
TIM_NIP = "198503032008011003"  # the complaint team / head of section (stage "tim")

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


def sign_in(driver: webdriver.Chrome, wait: WebDriverWait, desk: str, nip: str) -> None:
    """Sign out whoever is signed in, then in as `nip`."""
    if driver.find_elements(By.ID, "sign-out"):
        driver.find_element(By.ID, "sign-out").click()
    driver.get(f"{desk}/masuk")
    wait.until(lambda d: d.find_elements(By.ID, "nip"))
    driver.find_element(By.ID, "nip").send_keys(nip)
    driver.find_element(By.ID, "pin").send_keys(PIN)
    driver.find_element(By.ID, "sign-in").click()
    wait.until(lambda d: d.find_elements(By.ID, "complaints"))


def file_complaint(driver: webdriver.Chrome, wait: WebDriverWait, summary: str) -> str:
    driver.find_element(By.ID, "nav-new").click()
    wait.until(lambda d: d.find_elements(By.ID, "summary"))
    Select(driver.find_element(By.ID, "channel")).select_by_visible_text("WhatsApp")
    driver.find_element(By.ID, "summary").send_keys(summary)
    driver.find_element(By.ID, "name").send_keys("Siti Aminah")
    driver.find_element(By.ID, "file").click()
    wait.until(lambda d: d.find_elements(By.ID, "code"))
    assert text(driver, "flash") == "Pengaduan tercatat."
    assert text(driver, "state") == "Diterima"
    return text(driver, "code")


def test_sign_in_file_escalate_answer_close_per_duty(
    hub_process: HubProcess, browser: webdriver.Chrome, shots: Path
) -> None:
    store = Store.in_data_dir(hub_process.data_dir)
    try:
        add_officer(store, NIP, "Rina Pengaduan", PIN)
        set_complaint_duty(store, NIP, True)
        add_officer(store, TIM_NIP, "Sari Kasi", PIN)
        set_complaint_duty(store, TIM_NIP, True, "tim")
    finally:
        store.close()
    hub = hub_process.start()
    desk = hub.url.removesuffix("/api/v1") + "/desk"
    wait = waiter(browser, WAIT_S)

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
    assert text(browser, "duty") == "Meja pengaduan"

    # A ticket that does not exist is said beside its field, with what was typed kept.
    browser.find_element(By.ID, "nav-new").click()
    wait.until(lambda d: d.find_elements(By.ID, "summary"))
    summary = "Berkas izin usaha hilang di loket 2"
    browser.find_element(By.ID, "summary").send_keys(summary)
    browser.find_element(By.ID, "ticket").send_keys("Z-999")
    browser.find_element(By.ID, "file").click()
    wait.until(lambda d: d.find_elements(By.ID, "problem-ticket"))
    assert browser.find_element(By.ID, "summary").get_attribute("value") == summary
    browser.save_screenshot(str(shots / "desk-new-error.png"))

    # 1. The desk files it, verifies it and sends it up to the complaint team.
    code = file_complaint(browser, wait, summary)
    complaint_page = browser.current_url.split("?")[0]
    submit(browser, "form-verify")
    wait.until(lambda d: text(d, "state") == "Diverifikasi")
    Select(browser.find_element(By.ID, "escalate-to")).select_by_value("tim")
    browser.find_element(By.ID, "escalate-note").send_keys("Perlu cek ke loket 2")
    submit(browser, "form-escalate")
    wait.until(lambda d: text(d, "state") == "Diteruskan")
    assert not browser.find_elements(By.ID, "form-answer")  # the team's step now
    assert "Tim pengaduan / Kepala Seksi" in text(browser, "no-steps")
    browser.save_screenshot(str(shots / "desk-escalated.png"))

    # 2. The team's officer finds it waiting for them and answers it.
    sign_in(browser, wait, desk, TIM_NIP)
    assert text(browser, "duty") == "Tim pengaduan / Kepala Seksi"
    assert code in text(browser, "mine")
    browser.find_element(By.LINK_TEXT, code).click()
    wait.until(lambda d: d.find_elements(By.ID, "form-answer"))
    assert browser.find_elements(By.ID, "form-return")
    targets = Select(browser.find_element(By.ID, "escalate-to")).options
    assert [option.get_attribute("value") for option in targets] == ["kabid", "kepala"]
    browser.find_element(By.ID, "answer-text").send_keys("Berkas ditemukan; silakan ambil.")
    browser.save_screenshot(str(shots / "desk-stage.png"))
    submit(browser, "form-answer")
    wait.until(lambda d: text(d, "state") == "Dijawab")
    assert not browser.find_elements(By.ID, "form-close")  # the citizen speaks at the desk

    # 3. The desk records the citizen's statement.
    sign_in(browser, wait, desk, NIP)
    browser.get(complaint_page)
    wait.until(lambda d: d.find_elements(By.ID, "form-close"))
    browser.find_element(By.ID, "satisfied-yes").click()
    submit(browser, "form-close")
    wait.until(lambda d: text(d, "state") == "Selesai")
    history = text(browser, "history")
    for step in ("Diterima", "Diverifikasi", "Diteruskan", "Dijawab", "Ditutup", NIP, TIM_NIP):
        assert step in history
    assert "Perlu cek ke loket 2" in history
    browser.save_screenshot(str(shots / "desk-closed.png"))
    browser.find_element(By.ID, "receipt").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#receipt svg"))
    assert text(browser, "code") == code
    browser.save_screenshot(str(shots / "desk-receipt.png"))
    browser.back()
    wait.until(lambda d: d.find_elements(By.ID, "history"))

    # The desk answers what it can by itself.
    file_complaint(browser, wait, "Petugas loket 3 tidak di tempat")
    submit(browser, "form-verify")
    wait.until(lambda d: text(d, "state") == "Diverifikasi")
    browser.find_element(By.ID, "answer-text").send_keys("Petugas sudah kembali bertugas.")
    submit(browser, "form-answer")
    wait.until(lambda d: text(d, "state") == "Dijawab")
    browser.find_element(By.ID, "satisfied-yes").click()
    submit(browser, "form-close")
    wait.until(lambda d: text(d, "state") == "Selesai")

    file_complaint(browser, wait, "Antrean lebih dari satu jam")  # one left open
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
