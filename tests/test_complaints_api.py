"""The complaint desk over HTTP in process (issue #14): the contract's fields, who may
act, the states' refusals, the list's filters, the late case in /compensations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from hub.api import create_app
from hub.config import Office
from hub.engine import FixedClock
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token
from tests.conftest import SequentialIds
from tests.test_api import Api, error_of

DAY = 86400.0


@pytest.fixture
def api(real_office: Office, clock: FixedClock) -> Iterator[Api]:
    hub = Hub(real_office, Store(), clock, SequentialIds())
    tokens = {
        role: create_token(hub.store, role, f"{role}-1", counter=1 if role == "counter" else None)
        for role in ("kiosk", "display", "counter", "fo", "admin")
    }
    with TestClient(create_app(hub)) as client:
        yield Api(client, hub, clock, tokens)
    hub.close()


def filed(api: Api, **fields: object) -> dict[str, object]:
    body = {"channel": "loket", "summary": "Petugas tidak ada di loket 3", **fields}
    response = api.post("/complaints", "fo", json=body)
    assert response.status_code == 201, response.text
    complaint: dict[str, object] = response.json()
    return complaint


def test_filing_returns_the_contract_fields(api: Api) -> None:
    complaint = filed(api, name="Siti", contact="0812", service="perizinan")
    assert {"id", "tracking_code", "state", "received_at", "due_date"} <= set(complaint)
    assert complaint["state"] == "received"
    assert complaint["received_at"] == "2026-11-23T01:00:00.000Z"
    assert complaint["due_date"] == "2026-12-02"  # Monday + 7 working days
    assert len(str(complaint["tracking_code"])) == 10
    assert complaint["history"] == [
        {"type": "complaint.received", "at": "2026-11-23T01:00:00.000Z", "by": "fo-1",
         "note": "", "to": None, "satisfied": None, "case_id": None},
    ]  # fmt: skip
    again = api.get(f"/complaints/{complaint['id']}", "admin").json()
    assert again == complaint


@pytest.mark.parametrize("channel", ["fax", "LOKET", ""])
def test_an_unknown_channel_is_refused(api: Api, channel: str) -> None:
    response = api.post("/complaints", "fo", json={"channel": channel, "summary": "x"})
    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_request"


@pytest.mark.parametrize("who", ["kiosk", "display", "counter"])
def test_public_devices_and_counters_may_not_touch_complaints(api: Api, who: str) -> None:
    complaint = filed(api)
    body = {"channel": "loket", "summary": "x"}
    assert api.post("/complaints", who, json=body).status_code == 403
    assert api.get("/complaints", who).status_code == 403
    assert api.get(f"/complaints/{complaint['id']}", who).status_code == 403
    refused = api.post(f"/complaints/{complaint['id']}/verify", who)
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "forbidden"


def test_no_token_is_401(api: Api) -> None:
    assert api.client.get("/api/v1/complaints").status_code == 401


def test_the_steps_up_and_down_with_who_took_them(api: Api) -> None:
    complaint_id = filed(api)["id"]
    path = f"/complaints/{complaint_id}"
    assert api.post(f"{path}/verify", "fo", json={"note": "benar"}).json()["state"] == "verified"
    up = api.post(f"{path}/escalate", "fo", json={"to": "tim", "note": "cek lapangan"}).json()
    assert (up["state"], up["stage"]) == ("escalated", "tim")
    assert up["stage_due_date"] == "2026-11-30"  # the team's 5 working days from Monday
    back = api.post(f"{path}/return", "admin", json={"note": "lengkapi"}).json()
    assert (back["state"], back["stage"], back["stage_due_date"]) == ("returned", None, None)
    answered = api.post(f"{path}/answer", "fo", json={"answer": "Petugas ditambah"}).json()
    assert answered["state"] == "answered"
    assert answered["answered_at"] == "2026-11-23T01:00:00.000Z"
    closed = api.post(f"{path}/close", "fo", json={"satisfied": True}).json()
    assert (closed["state"], closed["satisfied"]) == ("closed", True)
    assert [(s["type"], s["by"]) for s in closed["history"]] == [
        ("complaint.received", "fo-1"), ("complaint.verified", "fo-1"),
        ("complaint.escalated", "fo-1"), ("complaint.returned", "admin-1"),
        ("complaint.answered", "fo-1"), ("complaint.closed", "fo-1"),
    ]  # fmt: skip


def test_a_step_the_state_forbids_is_409(api: Api) -> None:
    complaint_id = filed(api)["id"]
    refused = api.post(f"/complaints/{complaint_id}/answer", "fo", json={"answer": "x"})
    assert refused.status_code == 409
    assert error_of(refused)["code"] == "invalid_complaint_state"
    assert api.get(f"/complaints/{complaint_id}", "fo").json()["state"] == "received"


def test_an_unknown_complaint_is_404_and_an_unknown_stage_422(api: Api) -> None:
    assert api.post("/complaints/nope/verify", "fo").status_code == 404
    complaint_id = filed(api)["id"]
    api.post(f"/complaints/{complaint_id}/verify", "fo")
    refused = api.post(f"/complaints/{complaint_id}/escalate", "fo", json={"to": "bupati"})
    assert refused.status_code == 422
    assert "allowed: tim, kabid, kepala" in error_of(refused)["message_en"]


def test_not_satisfied_goes_up_again(api: Api) -> None:
    complaint_id = filed(api)["id"]
    api.post(f"/complaints/{complaint_id}/verify", "fo")
    api.post(f"/complaints/{complaint_id}/answer", "fo", json={"answer": "sudah"})
    again = api.post(f"/complaints/{complaint_id}/close", "fo", json={"satisfied": False})
    assert (again.json()["state"], again.json()["stage"]) == ("escalated", "tim")


def test_the_list_filters_by_state_overdue_and_month(api: Api) -> None:
    first = filed(api)["id"]
    api.clock.advance(12 * DAY)  # Saturday 5 Dec: the first is overdue
    second = filed(api, channel="email")["id"]
    api.post(f"/complaints/{second}/verify", "fo")
    ids = [c["id"] for c in api.get("/complaints", "fo").json()]
    assert ids == [first, second]  # by due date
    assert [c["id"] for c in api.get("/complaints?state=verified", "fo").json()] == [second]
    assert [c["id"] for c in api.get("/complaints?overdue=true", "fo").json()] == [first]
    assert [c["id"] for c in api.get("/complaints?overdue=false", "fo").json()] == [second]
    assert [c["id"] for c in api.get("/complaints?month=2026-11", "fo").json()] == [first]
    assert [c["id"] for c in api.get("/complaints?month=2026-12", "fo").json()] == [second]
    assert api.get("/complaints?month=2026-13", "fo").status_code == 422
    assert api.get("/complaints?state=lost", "fo").status_code == 422


def test_the_late_case_is_in_compensations_once(api: Api) -> None:
    complaint_id = filed(api)["id"]
    api.clock.advance(10 * DAY)  # Thursday 3 Dec: past Wednesday's due date
    opened = api.hub.run(api.hub.complaints.open_late)
    assert len(opened) == 1
    assert api.hub.run(api.hub.complaints.open_late) == []
    cases = [c for c in api.get("/compensations", "fo").json() if c["kind"] == "complaint_late"]
    assert [c["complaint_id"] for c in cases] == [complaint_id]
    complaint = api.get(f"/complaints/{complaint_id}", "fo").json()
    assert complaint["overdue"] is True
    assert complaint["late_case_id"] == cases[0]["id"]


def test_the_late_case_is_in_the_recap(api: Api) -> None:
    filed(api)
    api.clock.advance(10 * DAY)
    api.hub.run(api.hub.complaints.open_late)
    recap = api.get("/recap?month=2026-12", "fo").json()
    late = recap["compensation"]["by_kind"]["complaint_late"]
    assert (late["owed"], late["given"], late["waived"]) == (1, 0, 0)
    assert [case["kind"] for case in recap["compensation"]["cases"]] == ["complaint_late"]


def test_an_officer_with_the_complaint_duty_may_act_one_without_may_not(api: Api) -> None:
    from hub.complaint_service import set_complaint_duty
    from hub.officers import add_officer

    add_officer(api.hub.store, "199001012020011001", "Rina", "246810")
    add_officer(api.hub.store, "198001012010011002", "Andi", "135790")
    set_complaint_duty(api.hub.store, "199001012020011001", True)

    def session(nip: str, pin: str, counter: int) -> dict[str, str]:
        reply = api.client.post(
            "/api/v1/sessions", json={"nip": nip, "pin": pin, "counter": counter}
        )
        assert reply.status_code == 201, reply.text
        return {"Authorization": f"Bearer {reply.json()['token']}"}

    rina = session("199001012020011001", "246810", 5)
    andi = session("198001012010011002", "135790", 4)
    body = {"channel": "loket", "summary": "Berkas hilang"}
    filed = api.client.post("/api/v1/complaints", json=body, headers=rina)
    assert filed.status_code == 201, filed.text
    assert filed.json()["history"][0]["by"] == "199001012020011001"
    refused = api.client.post("/api/v1/complaints", json=body, headers=andi)
    assert refused.status_code == 403
    set_complaint_duty(api.hub.store, "199001012020011001", False)
    assert api.client.get("/api/v1/complaints", headers=rina).status_code == 403


def test_an_officers_session_takes_only_the_steps_of_their_duty(api: Api) -> None:
    """The same duties as the desk's pages (hub.engine.complaint_duties), through the API:
    403 `not_your_duty` for another duty's step, the state's 409 still first."""
    from hub.complaint_service import set_complaint_duty
    from hub.officers import add_officer

    add_officer(api.hub.store, "199001012020011001", "Rina", "246810")
    add_officer(api.hub.store, "198001012010011002", "Sari", "135790")
    set_complaint_duty(api.hub.store, "199001012020011001", True)  # the desk
    set_complaint_duty(api.hub.store, "198001012010011002", True, "tim")

    def session(nip: str, pin: str, counter: int) -> dict[str, str]:
        reply = api.client.post(
            "/api/v1/sessions", json={"nip": nip, "pin": pin, "counter": counter}
        )
        assert reply.status_code == 201, reply.text
        return {"Authorization": f"Bearer {reply.json()['token']}"}

    desk = session("199001012020011001", "246810", 5)
    team = session("198001012010011002", "135790", 4)
    filed = api.client.post(
        "/api/v1/complaints", json={"channel": "surat", "summary": "x"}, headers=desk
    )
    complaint_id = filed.json()["id"]

    def step(who: dict[str, str], action: str, **body: object):  # type: ignore[no-untyped-def]
        path = f"/api/v1/complaints/{complaint_id}/{action}"
        return api.client.post(path, json=body, headers=who)

    refused = step(team, "verify")
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "not_your_duty"
    assert step(desk, "verify").status_code == 200
    assert step(desk, "escalate", to="tim").status_code == 200
    refused = step(desk, "answer", answer="dari meja")
    assert refused.status_code == 403
    assert "Tim pengaduan / Kepala Seksi" in error_of(refused)["message"]
    assert step(team, "close", satisfied=True).status_code == 409  # unanswered: the state's no
    assert step(team, "answer", answer="Sudah ditindaklanjuti").status_code == 200
    refused = step(team, "close", satisfied=True)
    assert refused.status_code == 403
    assert error_of(refused)["message_en"] == "This step is the desk's, not yours."
    closed = step(desk, "close", satisfied=True)
    assert closed.status_code == 200
    assert [entry["by"] for entry in closed.json()["history"]] == [
        "199001012020011001", "199001012020011001", "199001012020011001",
        "198001012010011002", "199001012020011001",
    ]  # fmt: skip
    # FO acts for the whole office: any step the state allows, to any stage.
    filed_fo = api.post("/complaints", "fo", json={"channel": "email", "summary": "y"})
    assert filed_fo.status_code == 201
    fo_id = filed_fo.json()["id"]
    for action, body in (("verify", {}), ("escalate", {"to": "kepala"}),
                         ("answer", {"answer": "ok"})):  # fmt: skip
        assert api.post(f"/complaints/{fo_id}/{action}", "fo", json=body).status_code == 200
