"""The late complaint case against the real hub process and its test clock (issue #14):
exactly one compensation case per complaint past its due date, through a restart, and
opened by the hub's periodic chore by itself."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.hubproc import HubProcess

DAY = 86400
WAIT_S = 15.0


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


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {WAIT_S} s")
        time.sleep(0.05)


def test_the_hubs_own_chore_opens_the_case_once_through_more_runs_and_a_restart(
    data_dir: Path,
) -> None:
    """The clock moves alone (`chores: false`): only the periodic chore, here every
    0.2 s instead of every minute, can open the case."""
    hub = HubProcess(data_dir, late_check_s=0.2)
    fo = {"Authorization": f"Bearer {hub.token('fo', 'fo-1')}"}
    admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}

    def cases_of(http: httpx.Client) -> dict[str, list[dict[str, object]]]:
        by_complaint: dict[str, list[dict[str, object]]] = {}
        for case in late_cases(http):
            by_complaint.setdefault(str(case["complaint_id"]), []).append(case)
        return by_complaint

    def file(http: httpx.Client, summary: str) -> str:
        filed = http.post("/complaints", json={"channel": "email", "summary": summary})
        assert filed.status_code == 201, filed.text
        return str(filed.json()["id"])

    def move(http: httpx.Client, days: int) -> None:
        moved = http.post("/test/clock", json={"advance_s": days * DAY, "chores": False},
                          headers=admin)  # fmt: skip
        assert moved.status_code == 200, moved.text

    hub.start()
    try:
        with httpx.Client(base_url=hub.url, headers=fo, timeout=10) as http:
            first = file(http, "Belum dijawab")
            move(http, 30)  # far past its due date (7 working days)
            wait_for(lambda: first in cases_of(http), "the chore opened the first case")
            [case] = cases_of(http)[first]
            assert case["state"] == "owed"
            log = hub.log_path.read_text()
            assert "1 complaint(s) past their due date: compensation opened" in log
            # More runs of the chore: a second complaint late in its turn shows they ran.
            second = file(http, "Juga belum dijawab")
            move(http, 30)
            wait_for(lambda: second in cases_of(http), "the chore opened the second case")
            cases = cases_of(http)
            assert cases[first] == [case]
            assert len(cases[second]) == 1
        hub.stop()
        hub.start()  # the test clock starts again at today
        with httpx.Client(base_url=hub.url, headers=fo, timeout=10) as http:
            third = file(http, "Setelah hub dinyalakan lagi")
            move(http, 70)  # all three past their due dates now
            wait_for(lambda: third in cases_of(http), "the chore ran after the restart")
            cases = cases_of(http)
            assert sorted(cases) == sorted([first, second, third])
            assert cases[first] == [case]
            assert all(len(opened) == 1 for opened in cases.values())
            history = http.get(f"/complaints/{first}").json()["history"]
            assert [step["type"] for step in history].count("complaint.late") == 1
    finally:
        hub.stop()
