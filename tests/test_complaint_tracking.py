"""A complaint's public tracking page on the real hub process's public port (issue #14):
`/c/{code}.json` holds exactly its five keys, neither it nor the page shows who
complained or about what, unknown codes are a friendly 404, and the limit holds."""

from __future__ import annotations

import re

import httpx
import pytest

from hub.engine.complaints import TRACKING_ALPHABET, TRACKING_LENGTH
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow
KEYS = {"tracking_code", "state", "received_at", "due_date", "answered_at"}
DAY = 86400
NAME, CONTACT = "Budi Santoso", "0812-3456-7890"
SUMMARY = "Petugas loket meminta uang tambahan untuk mempercepat KTP"
ANSWER = "Petugas yang bersangkutan sudah ditegur; biaya KTP gratis"
PRIVATE = (NAME, CONTACT, SUMMARY, ANSWER, "Budi", "0812", "uang tambahan")


def file(hub: HubProcess, fo: dict[str, str]) -> dict[str, object]:
    body = {"channel": "loket", "summary": SUMMARY, "name": NAME, "contact": CONTACT}
    reply = httpx.post(f"{hub.url}/complaints", json=body, headers=fo)
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def act(
    hub: HubProcess, fo: dict[str, str], complaint_id: object, action: str, body: object
) -> None:
    reply = httpx.post(f"{hub.url}/complaints/{complaint_id}/{action}", json=body, headers=fo)
    assert reply.status_code == 200, reply.text


def no_private(text: str) -> None:
    for private in PRIVATE:
        assert private not in text


def test_the_json_holds_exactly_five_keys_and_the_page_says_where_it_stands(
    hub_process: HubProcess,
) -> None:
    hub = hub_process.start()
    fo = {"Authorization": f"Bearer {hub.token('fo', 'fo-1')}"}
    complaint = file(hub, fo)
    code = str(complaint["tracking_code"])
    assert re.fullmatch(f"[{TRACKING_ALPHABET}]{{{TRACKING_LENGTH}}}", code)

    reply = httpx.get(f"{hub.public_url}/c/{code}.json")
    assert reply.status_code == 200
    assert reply.headers["cache-control"] == "no-store"
    assert reply.json() == {
        "tracking_code": code,
        "state": "received",
        "received_at": complaint["received_at"],
        "due_date": complaint["due_date"],
        "answered_at": None,
    }
    no_private(reply.text)

    page = httpx.get(f"{hub.public_url}/c/{code}")
    assert page.status_code == 200
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert '<html lang="id">' in page.text
    assert "sudah diterima" in page.text
    assert "Batas waktu jawaban" in page.text
    no_private(page.text)
    assert "http" not in page.text.replace(hub.public_url, "")  # no outside asset
    # Typed in lower case from the receipt: the same complaint.
    assert httpx.get(f"{hub.public_url}/c/{code.lower()}.json").json()["tracking_code"] == code

    act(hub, fo, complaint["id"], "verify", {})
    act(hub, fo, complaint["id"], "escalate", {"to": "kabid", "note": "Budi minta"})
    page = httpx.get(f"{hub.public_url}/c/{code}").text
    assert "sedang ditangani oleh Kepala Bidang" in page
    no_private(page)
    assert httpx.get(f"{hub.public_url}/c/{code}.json").json()["state"] == "escalated"

    act(hub, fo, complaint["id"], "answer", {"answer": ANSWER})
    data = httpx.get(f"{hub.public_url}/c/{code}.json").json()
    assert set(data) == KEYS
    assert data["state"] == "answered"
    assert data["answered_at"] is not None
    page = httpx.get(f"{hub.public_url}/c/{code}").text
    assert "apakah Anda puas atau tidak puas" in page
    assert "Dijawab" in page
    no_private(page)


def test_an_overdue_complaint_says_so_honestly(hub_process: HubProcess) -> None:
    hub = hub_process.start()
    fo = {"Authorization": f"Bearer {hub.token('fo', 'fo-1')}"}
    admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
    code = file(hub, fo)["tracking_code"]
    assert "sudah lewat" not in httpx.get(f"{hub.public_url}/c/{code}").text
    moved = httpx.post(f"{hub.url}/test/clock", json={"advance_s": 30 * DAY}, headers=admin)
    assert moved.status_code == 200
    page = httpx.get(f"{hub.public_url}/c/{code}").text
    assert "Batas waktu jawaban sudah lewat" in page
    assert "mohon maaf" in page
    assert httpx.get(f"{hub.public_url}/c/{code}.json").json()["state"] == "received"


@pytest.mark.parametrize(
    "code", ["AAAAAAAAAA", "ABC", "O0O0O0O0O0", "ABCDEFGHJKM", "%3Cscript%3E", "A%2FBCDEFGHJ"]
)
def test_unknown_or_ill_formed_codes_are_a_friendly_404(hub_process: HubProcess, code: str) -> None:
    hub = hub_process.start()
    page = httpx.get(f"{hub.public_url}/c/{code}")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "Kode pengaduan tidak ditemukan" in page.text
    data = httpx.get(f"{hub.public_url}/c/{code}.json")
    assert data.status_code == 404
    assert data.json()["error"]["code"] == "not_found"


def test_tracking_counts_against_the_per_client_limit(hub_process: HubProcess) -> None:
    hub = hub_process.start()
    with httpx.Client(base_url=hub.public_url) as http:
        statuses = [http.get("/c/AAAAAAAAAA.json").status_code for _ in range(70)]
    # [public].requests_per_minute is 60 by default: the 61st try in a minute is refused.
    assert statuses[:60] == [404] * 60
    assert set(statuses[60:]) == {429}
