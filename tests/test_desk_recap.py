"""The desk's monthly recap against a driven month (issue #14): the page, its CSV and
its A4 PDF show what was done, exactly as `antrian complaints recap` does.

With $ANTRIAN_DESK_SHOTS set (docs/ for the README) the PDF's page is drawn there as
desk-recap-pdf.png, through pdftoppm (Debian's poppler-utils)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from antrian.cli import main
from hub.api import create_app
from hub.complaint_service import set_complaint_duty
from hub.config_file import load_office
from hub.engine import FixedClock
from hub.officers import add_officer
from hub.service import Hub
from hub.store import Store
from tests.conftest import WITA
from tests.test_complaints_recap import CONFIG, drive_november, recap
from tests.test_desk_web import DUTY_NIP, PIN

# What drive_november did (its comments): 4 received in November, 2 answered, 1 on
# time, 1 left late, 1 satisfied and 1 not, (2 + 9) / 2 working days to answer.
NOVEMBER = {
    "received": "4", "answered": "2", "answered_on_time": "1", "overdue_open": "1",
    "satisfied": "1", "not_satisfied": "1", "avg_working_days_to_answer": "5,50",
}  # fmt: skip


@pytest.fixture
def desk(data_dir: Path) -> Iterator[TestClient]:
    drive_november(data_dir)
    clock = FixedClock(dt.datetime(2026, 12, 7, 9, 0, tzinfo=WITA))
    hub = Hub(load_office(CONFIG), Store.in_data_dir(data_dir), clock)
    hub.run(lambda: add_officer(hub.store, DUTY_NIP, "Rina Pengaduan", PIN))
    hub.run(lambda: set_complaint_duty(hub.store, DUTY_NIP, True))
    try:
        with TestClient(create_app(hub), follow_redirects=False) as client:
            assert client.post("/desk/masuk", data={"nip": DUTY_NIP, "pin": PIN}).status_code == 303
            yield client
    finally:
        hub.close()


def figure(page: str, name: str) -> str:
    found = re.search(rf'id="{name}">([^<]*)<', page)
    assert found, name
    return found.group(1)


def test_the_page_shows_the_driven_month(desk: TestClient, data_dir: Path) -> None:
    page = desk.get("/desk/rekap?bulan=2026-11").text
    assert {name: figure(page, name) for name in NOVEMBER} == NOVEMBER
    assert "keadaan per Senin, 30 November 2026" in page
    assert "Perizinan &amp; Non Perizinan (DPMPTSP)</td><td>1<" in page  # the name, not the code
    assert "(tanpa layanan)</td><td>3<" in page
    # The month is chosen from a list of named months (no browser's own month input).
    assert 'type="month"' not in page
    assert '<option value="2026-11" selected>November 2026</option>' in page
    assert '<option value="2026-12">Desember 2026</option>' in page
    cli = json.loads(recap(data_dir, "json"))
    assert figure(page, "received") == str(cli["received"])
    assert figure(page, "overdue_open") == str(cli["overdue_open"])


def test_the_csv_is_the_commands_csv(desk: TestClient, data_dir: Path) -> None:
    reply = desk.get("/desk/rekap.csv?bulan=2026-11")
    assert reply.status_code == 200
    assert 'filename="rekap-pengaduan-2026-11.csv"' in reply.headers["content-disposition"]
    assert reply.text == recap(data_dir, "csv")


def test_the_pdf_is_one_a4_page_with_the_figures_and_the_commands_bytes(
    desk: TestClient, data_dir: Path, tmp_path: Path
) -> None:
    reply = desk.get("/desk/rekap.pdf?bulan=2026-11")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/pdf"
    assert 'inline; filename="rekap-pengaduan-2026-11.pdf"' == reply.headers["content-disposition"]
    reader = pypdf.PdfReader(io.BytesIO(reply.content))
    assert len(reader.pages) == 1
    (page,) = reader.pages
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = re.sub(r"\s+", " ", page.extract_text())
    assert "Rekap Pengaduan November 2026" in text
    assert "Mal Pelayanan Publik Kota Samarinda" in text
    for label, value in [
        ("Pengaduan diterima", "4"), ("Dijawab", "2"), ("Dijawab tepat waktu", "1"),
        ("Belum dijawab, lewat batas waktu", "1"), ("Pelapor menyatakan puas", "1"),
        ("Pelapor menyatakan tidak puas", "1"),
        ("Rata-rata waktu sampai dijawab (hari kerja)", "5,50"),
    ]:  # fmt: skip
        assert f"{label} {value}" in text, (label, text)
    assert "Menurut saluran" in text
    assert "WhatsApp" in text  # the chart's labels
    assert "Perizinan & Non Perizinan (DPMPTSP) 1" in text
    assert "Jumlah 4" in text
    assert "Halaman 1 dari 1" in text
    assert reader.metadata is not None
    assert (
        reader.metadata.title
        == "Rekap Pengaduan November 2026 - Mal Pelayanan Publik Kota Samarinda"
    )
    # The command line draws the same bytes from the same store.
    path = tmp_path / "cli.pdf"
    result = CliRunner().invoke(main, [
        "complaints", "recap", "--month", "2026-11", "--format", "pdf", "--output", str(path),
        "--config", str(CONFIG), "--data", str(data_dir),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == reply.content
    shots = os.environ.get("ANTRIAN_DESK_SHOTS")
    if shots and shutil.which("pdftoppm"):
        target = Path(shots) / "desk-recap-pdf"
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(path), str(target)],
                       check=True, timeout=60)  # fmt: skip


def test_the_pdf_and_csv_need_a_sign_in(data_dir: Path) -> None:
    hub = Hub(load_office(CONFIG), Store.in_data_dir(data_dir), FixedClock(dt.datetime.now(WITA)))
    try:
        with TestClient(create_app(hub), follow_redirects=False) as client:
            for path in ("/desk/rekap.pdf", "/desk/rekap.csv", "/desk/rekap"):
                reply = client.get(path)
                assert reply.status_code == 303
                assert reply.headers["location"] == "/desk/masuk"
    finally:
        hub.close()
