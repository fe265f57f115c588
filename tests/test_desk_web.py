"""The complaint desk's web pages through the ASGI app (issue #14): sign-in and its
lockout, the session cookie, CSRF and Origin refusals, the duty, every action, and
the engine's 409s shown as messages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from common.indonesian import long_date
from hub.api import create_app, ratelimit
from hub.complaint_service import set_complaint_duty
from hub.config import Office
from hub.engine import FixedClock
from hub.officers import add_officer
from hub.service import Hub
from hub.store import Store
from tests.conftest import SequentialIds
from tests.test_complaint_receipt import Port9100, printed

DUTY_NIP, PLAIN_NIP, PIN = "198001012000031001", "199002022010012002", "2468"
TIM_NIP, KABID_NIP = "198503032008011003", "197004041995031004"  # a stage each


@pytest.fixture
def hub(real_office: Office, clock: FixedClock) -> Iterator[Hub]:
    hub = Hub(real_office, Store(), clock, SequentialIds())
    hub.run(lambda: add_officer(hub.store, DUTY_NIP, "Rina Pengaduan", PIN))
    hub.run(lambda: add_officer(hub.store, PLAIN_NIP, "Budi Loket", PIN))
    hub.run(lambda: set_complaint_duty(hub.store, DUTY_NIP, True))
    hub.run(lambda: add_officer(hub.store, TIM_NIP, "Sari Kasi", PIN))
    hub.run(lambda: set_complaint_duty(hub.store, TIM_NIP, True, "tim"))
    hub.run(lambda: add_officer(hub.store, KABID_NIP, "Joko Kabid", PIN))
    hub.run(lambda: set_complaint_duty(hub.store, KABID_NIP, True, "kabid"))
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
    assert reply.status_code == 429  # as POST /sessions answers
    assert "Terlalu banyak PIN salah" in reply.text
    assert int(reply.headers["Retry-After"]) > 0


def test_wrong_pins_at_the_api_and_the_desk_count_together(client: TestClient) -> None:
    """One limit per address for both ways in: a guesser gains nothing by trying both."""
    for number in range(ratelimit.ADDRESS_MISSES):  # a different NIP each: no NIP lockout
        reply = client.post("/api/v1/sessions",
                            json={"nip": f"1990{number:014d}", "pin": "0000", "counter": 1})  # fmt: skip
        assert reply.status_code == 401, reply.text
    reply = client.post("/desk/masuk", data={"nip": DUTY_NIP, "pin": PIN})
    assert reply.status_code == 429
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


def test_the_ticket_scanned_from_its_qr_or_typed_as_its_number(
    client: TestClient, hub: Hub
) -> None:
    """A scanner types the ticket's QR (its phone page's address) into the field; an
    officer types the printed number. Either links the ticket and its service."""
    first, _ = hub.run(lambda: hub.issue("perizinan"))
    second, _ = hub.run(lambda: hub.issue("perizinan"))
    csrf = sign_in(client)
    scanned = file(client, csrf, ticket=f"http://antrean.test:8471/t/{first.id}")
    typed = file(client, csrf, ticket=second.number.lower())
    for complaint_id, ticket in ((scanned, first), (typed, second)):
        view = hub.read(lambda c=complaint_id: hub.complaints.one(c))
        assert (view.ticket_id, view.service) == (ticket.id, "perizinan")
        assert f"tiket {ticket.id}" in client.get(f"/desk/pengaduan/{complaint_id}").text


def test_each_duty_takes_its_own_steps_and_the_history_keeps_who(client: TestClient) -> None:
    """The desk records, verifies and sends up; each stage answers, sends further up or
    back what is at its stage; the citizen's statement is the desk's (seeds 001/003/004)."""
    desk = sign_in(client)
    complaint_id = file(client, desk, name="Siti", contact="0812")
    page = f"/desk/pengaduan/{complaint_id}"

    def step(csrf: str, action: str, said: str, **fields: str) -> str:
        reply = client.post(f"{page}/{action}", data={"csrf": csrf, **fields})
        assert reply.status_code == 303, (action, reply.text)
        shown = client.get(reply.headers["location"]).text
        assert said in shown, (action, shown)
        return shown

    step(desk, "verify", "diverifikasi", note="Sudah dicek")
    text = step(desk, "escalate", "diteruskan", to="tim", note="Perlu cek lapangan")
    assert 'id="form-' not in text.replace('id="form-print"', "")  # at the team's stage now
    assert "Pengaduan ini berada di tahap <b>Tim pengaduan / Kepala Seksi</b>" in text
    step(desk, "answer", "bukan tugas Anda", answer="Saya jawab saja")  # not the desk's

    tim = sign_in(client, TIM_NIP)
    text = client.get(page).text
    assert {"form-answer", "form-escalate", "form-return"} <= set(
        re.findall(r'id="(form-\w+)"', text)
    )
    assert '<option value="tim">' not in text  # only up: Kepala Bidang, Kepala Dinas
    assert '<option value="kabid">' in text
    assert 'id="mine"' in client.get("/desk/").text  # waiting for this stage
    step(tim, "return", "dikembalikan", note="Lengkapi kronologi")
    desk = sign_in(client)
    step(desk, "escalate", "diteruskan", to="tim")
    tim = sign_in(client, TIM_NIP)
    step(tim, "escalate", "diteruskan", to="kabid")
    step(tim, "return", "bukan tugas Anda", note="Kembali")  # now the head of department's

    kabid = sign_in(client, KABID_NIP)
    step(kabid, "escalate", "hanya dapat diteruskan ke tahap di atasnya", to="tim")  # down: no
    step(kabid, "answer", "Jawaban tercatat", answer="Berkas ditemukan, silakan ambil.")
    text = step(kabid, "close", "dicatat oleh meja pengaduan", satisfied="ya")
    assert 'id="form-close"' not in text
    desk = sign_in(client)
    assert 'id="form-close"' in client.get(page).text
    step(desk, "close", "ditutup", satisfied="ya")

    text = client.get(page).text
    for shown in ("Diterima", "Diverifikasi", "Diteruskan", "Dikembalikan", "Dijawab",
                  "Ditutup", "Perlu cek lapangan", "Lengkapi kronologi",
                  DUTY_NIP, TIM_NIP, KABID_NIP):  # fmt: skip
        assert shown in text
    assert 'id="form-' not in text  # closed: no step left
    # A step the state forbids (the engine's 409) comes back as a message on the page.
    reply = client.post(f"{page}/verify", data={"csrf": desk})
    assert reply.status_code == 303
    assert 'class="error"' in client.get(reply.headers["location"]).text


def test_the_desk_answers_what_it_can_and_the_header_names_the_duty(client: TestClient) -> None:
    desk = sign_in(client)
    assert '<span id="duty">Meja pengaduan</span>' in client.get("/desk/").text
    complaint_id = file(client, desk)
    page = f"/desk/pengaduan/{complaint_id}"
    for action, fields in (("verify", {}), ("answer", {"answer": "Sudah kami perbaiki."}),
                           ("close", {"satisfied": "tidak"})):  # fmt: skip
        assert client.post(f"{page}/{action}", data={"csrf": desk, **fields}).status_code == 303
    text = client.get(page).text
    assert "Tim pengaduan / Kepala Seksi" in text  # not satisfied: up to the first stage
    assert 'id="form-answer"' not in text  # the team's now
    sign_in(client, KABID_NIP)
    assert '<span id="duty">Kepala Bidang</span>' in client.get("/desk/").text
    assert 'id="form-' not in client.get(page).text.replace('id="form-print"', "")


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
    # What happens next, in the office's stages, as the thermal receipt words it.
    assert (
        "diteruskan ke Tim pengaduan / Kepala Seksi, lalu Kepala Bidang, lalu Kepala Dinas"
        in receipt
    )
    due = hub.read(lambda: hub.complaints.one(complaint_id)).due_date
    assert f'id="due">{long_date(dt.date.fromisoformat(due))}<' in receipt
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
