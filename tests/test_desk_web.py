"""The complaint desk's web pages through the ASGI app (issue #14): sign-in and its
lockout, the session cookie, CSRF and Origin refusals, the duty, every action, and
the engine's 409s shown as messages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from hub.api import create_app
from hub.complaint_service import set_complaint_duty
from hub.config import Office
from hub.engine import FixedClock
from hub.officers import add_officer
from hub.service import Hub
from hub.store import Store
from tests.conftest import SequentialIds
from tests.test_complaint_receipt import Port9100, printed

DUTY_NIP, PLAIN_NIP, PIN = "198001012000031001", "199002022010012002", "2468"


@pytest.fixture
def hub(real_office: Office, clock: FixedClock) -> Iterator[Hub]:
    hub = Hub(real_office, Store(), clock, SequentialIds())
    hub.run(lambda: add_officer(hub.store, DUTY_NIP, "Rina Pengaduan", PIN))
    hub.run(lambda: add_officer(hub.store, PLAIN_NIP, "Budi Loket", PIN))
    hub.run(lambda: set_complaint_duty(hub.store, DUTY_NIP, True))
    hub.public_url = "http://antrean.test"
    yield hub
    hub.close()


@pytest.fixture
def client(hub: Hub) -> Iterator[TestClient]:
    with TestClient(create_app(hub), follow_redirects=False) as client:
        yield client


def sign_in(client: TestClient, nip: str = DUTY_NIP, pin: str = PIN) -> str:
    reply = client.post("/desk/masuk", data={"nip": nip, "pin": pin})
    assert reply.status_code == 303, reply.text
    return csrf_of(client)


def csrf_of(client: TestClient) -> str:
    page = client.get("/desk/baru").text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def file(client: TestClient, csrf: str, **fields: str) -> str:
    form = {"csrf": csrf, "channel": "whatsapp", "summary": "Berkas hilang di loket 2", **fields}
    reply = client.post("/desk/baru", data=form)
    assert reply.status_code == 303, reply.text
    found = re.match(r"/desk/pengaduan/([^?]+)", reply.headers["location"])
    assert found
    return found.group(1)


def test_pages_need_a_sign_in_and_the_cookie_is_strict(client: TestClient) -> None:
    reply = client.get("/desk/")
    assert reply.status_code == 303
    assert reply.headers["location"] == "/desk/masuk"
    assert 'lang="id"' in client.get("/desk/masuk").text
    reply = client.post("/desk/masuk", data={"nip": DUTY_NIP, "pin": PIN})
    cookie = reply.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "path=/desk" in cookie
    assert client.get("/desk/").status_code == 200


def test_a_wrong_pin_is_said_and_the_nip_kept_then_locked(client: TestClient) -> None:
    for _ in range(3):
        reply = client.post("/desk/masuk", data={"nip": DUTY_NIP, "pin": "0000"})
        assert reply.status_code == 401
        assert "NIP atau PIN salah." in reply.text
        assert f'value="{DUTY_NIP}"' in reply.text
    reply = client.post("/desk/masuk", data={"nip": DUTY_NIP, "pin": PIN})
    assert reply.status_code == 401
    assert "Terlalu banyak PIN salah" in reply.text


def test_sign_out_ends_the_session_on_the_hub(client: TestClient) -> None:
    csrf = sign_in(client)
    cookie = client.cookies.get("antrian_desk")
    assert client.post("/desk/keluar", data={"csrf": csrf}).status_code == 303
    client.cookies.set("antrian_desk", str(cookie), path="/desk")  # the old cookie, kept
    assert client.get("/desk/").headers["location"] == "/desk/masuk"


def test_a_post_without_the_csrf_token_or_from_elsewhere_is_refused(
    client: TestClient, hub: Hub
) -> None:
    csrf = sign_in(client)
    form = {"channel": "loket", "summary": "x"}
    assert client.post("/desk/baru", data={**form, "csrf": "forged"}).status_code == 403
    reply = client.post(
        "/desk/baru", data={**form, "csrf": csrf}, headers={"Origin": "http://evil.example"}
    )
    assert reply.status_code == 403
    assert "kedaluwarsa" in reply.text
    assert hub.read(lambda: hub.complaints.listed(None, None, None)) == []


def test_an_officer_without_the_duty_sees_a_refusal(client: TestClient) -> None:
    assert client.post("/desk/masuk", data={"nip": PLAIN_NIP, "pin": PIN}).status_code == 303
    reply = client.get("/desk/")
    assert reply.status_code == 403
    assert "tidak memegang tugas pengaduan" in reply.text


def test_bad_input_keeps_what_was_typed(client: TestClient) -> None:
    csrf = sign_in(client)
    reply = client.post("/desk/baru", data={"csrf": csrf, "channel": "surat",
                                            "summary": "Antrean lama", "ticket": "Z-999"})  # fmt: skip
    assert reply.status_code == 400
    assert "Tiket &#39;Z-999&#39; tidak ditemukan" in reply.text
    assert "Antrean lama</textarea>" in reply.text
    assert '<option value="surat" selected>' in reply.text
    reply = client.post("/desk/baru", data={"csrf": csrf, "channel": "surat", "summary": " "})
    assert "Tuliskan isi pengaduan." in reply.text


def test_each_action_then_the_history_and_a_refused_step(client: TestClient) -> None:
    csrf = sign_in(client)
    complaint_id = file(client, csrf, name="Siti", contact="0812")
    page = f"/desk/pengaduan/{complaint_id}"
    steps = [
        ("verify", {"note": "Sudah dicek"}, "diverifikasi"),
        ("escalate", {"to": "tim", "note": "Perlu cek lapangan"}, "diteruskan"),
        ("return", {"note": "Lengkapi kronologi"}, "dikembalikan"),
        ("escalate", {"to": "kabid", "note": ""}, "diteruskan"),
        ("answer", {"answer": "Berkas ditemukan, silakan ambil."}, "Jawaban tercatat"),
        ("close", {"satisfied": "ya"}, "ditutup"),
    ]
    for action, fields, said in steps:
        reply = client.post(f"{page}/{action}", data={"csrf": csrf, **fields})
        assert reply.status_code == 303, (action, reply.text)
        assert said in client.get(reply.headers["location"]).text
    text = client.get(page).text
    for shown in ("Diterima", "Diverifikasi", "Diteruskan", "Dikembalikan", "Dijawab",
                  "Ditutup", "Perlu cek lapangan", "Lengkapi kronologi", DUTY_NIP):  # fmt: skip
        assert shown in text
    assert 'id="form-' not in text  # closed: no step left
    # A step the state forbids (the engine's 409) comes back as a message on the page.
    reply = client.post(f"{page}/verify", data={"csrf": csrf})
    assert reply.status_code == 303
    assert 'class="error"' in client.get(reply.headers["location"]).text


def test_the_list_reminds_of_overdue_and_the_receipt_has_the_qr(
    client: TestClient, hub: Hub, clock: FixedClock
) -> None:
    csrf = sign_in(client)
    complaint_id = file(client, csrf)
    clock.advance(30 * 86400)
    text = client.get("/desk/").text
    assert 'id="overdue"' in text
    assert 'class="complaint overdue"' in text
    receipt = client.get(f"/desk/pengaduan/{complaint_id}/tanda-terima").text
    code = hub.read(lambda: hub.complaints.one(complaint_id)).tracking_code
    assert f"http://antrean.test/c/{code}" in receipt
    assert "<svg" in receipt
    assert "@media print" in client.get("/desk/desk.css").text


def test_the_recap_page_and_its_csv(client: TestClient) -> None:
    csrf = sign_in(client)
    file(client, csrf)
    text = client.get("/desk/rekap?bulan=2026-11").text
    assert 'id="received">1<' in text
    reply = client.get("/desk/rekap.csv?bulan=2026-11")
    assert reply.headers["content-type"].startswith("text/csv")
    assert "2026-11" in reply.text


def test_the_receipt_prints_again_on_the_desks_printer(client: TestClient, hub: Hub) -> None:
    csrf = sign_in(client)
    complaint_id = file(client, csrf)
    page = client.get(f"/desk/pengaduan/{complaint_id}").text
    assert 'id="form-print"' not in page  # no printer set: no button
    refused = client.post(f"/desk/pengaduan/{complaint_id}/cetak", data={"csrf": csrf})
    assert "belum diatur" in client.get(refused.headers["location"]).text

    printer = Port9100()
    try:
        complaints = hub.office.complaints.model_copy(
            update={"printer": f"tcp://127.0.0.1:{printer.port}"}
        )
        hub.office = hub.office.model_copy(update={"complaints": complaints})
        assert 'id="form-print"' in client.get(f"/desk/pengaduan/{complaint_id}").text
        assert client.post(f"/desk/pengaduan/{complaint_id}/cetak").status_code == 403  # no CSRF
        done = client.post(f"/desk/pengaduan/{complaint_id}/cetak", data={"csrf": csrf})
        assert done.status_code == 303
        text, _ = printed(printer.next_job())
        code = hub.read(lambda: hub.complaints.one(complaint_id)).tracking_code
        assert code in text
        assert "dicetak di printer meja" in client.get(done.headers["location"]).text
        printer.stop()  # off: said, and the complaint is kept
        again = client.post(f"/desk/pengaduan/{complaint_id}/cetak", data={"csrf": csrf})
        assert "tidak tercetak" in client.get(again.headers["location"]).text
        assert hub.read(lambda: hub.complaints.one(complaint_id)).tracking_code == code
    finally:
        printer.stop()
