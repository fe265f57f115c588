"""The late complaint case against the real hub process and its test clock (issue #14):
exactly one compensation case per complaint past its due date, through a restart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx

from tests.hubproc import HubProcess

DAY = 86400


def late_cases(http: httpx.Client) -> list[dict[str, object]]:
    cases = http.get("/compensations").json()
    return [case for case in cases if case["kind"] == "complaint_late"]


def test_a_late_complaint_opens_exactly_one_case_through_a_restart(data_dir: Path) -> None:
    hub = HubProcess(data_dir)
    fo = hub.token("fo", "fo-1")
    admin = hub.token("admin", "admin")
    headers = {"Authorization": f"Bearer {fo}"}
    hub.start()
    try:
        with httpx.Client(base_url=hub.url, headers=headers, timeout=10) as http:
            filed = http.post("/complaints", json={"channel": "telepon", "summary": "Lama"})
            assert filed.status_code == 201, filed.text
            complaint = filed.json()
            due = dt.date.fromisoformat(complaint["due_date"])
            assert due > dt.date.fromisoformat(complaint["received_at"][:10])
            assert late_cases(http) == []
            as_admin = {"Authorization": f"Bearer {admin}"}
            # A month on: far past the due date (7 working days, holidays included).
            moved = http.post("/test/clock", json={"advance_s": 30 * DAY}, headers=as_admin)
            assert moved.status_code == 200
            [case] = late_cases(http)
            assert case["complaint_id"] == complaint["id"]
            assert case["state"] == "owed"
            http.post("/test/clock", json={"advance_s": DAY}, headers=as_admin)
            assert len(late_cases(http)) == 1
        hub.stop()
        hub.start()  # the test clock starts again at today: the complaint is not yet late
        with httpx.Client(base_url=hub.url, headers=headers, timeout=10) as http:
            assert late_cases(http) == [case]
            again = http.get(f"/complaints/{complaint['id']}").json()
            assert again["late_case_id"] == case["id"]
            assert [step["type"] for step in again["history"]] == [
                "complaint.received", "complaint.late",
            ]  # fmt: skip
            as_admin = {"Authorization": f"Bearer {admin}"}
            http.post("/test/clock", json={"advance_s": 40 * DAY}, headers=as_admin)
            assert late_cases(http) == [case]
    finally:
        hub.stop()
