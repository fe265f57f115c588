"""The one-answer-per-ticket rule against the real hub process (issue #15): many answers
and ratings for one ticket sent at the same instant; exactly one of each is taken."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.hubproc import HubProcess

SENDERS = 16
ALL_FAIR = {f"U{n}": 3 for n in range(1, 10)}


def _closed_ticket(hub: HubProcess, kiosk: str, counter: str) -> dict[str, str]:
    with httpx.Client(base_url=hub.url, timeout=10) as http:
        issued = http.post("/tickets", json={"service": "informasi"},
                           headers={"Authorization": f"Bearer {kiosk}"})  # fmt: skip
        assert issued.status_code == 201, issued.text
        auth = {"Authorization": f"Bearer {counter}"}
        assert http.post("/counters/1/call-next", headers=auth).json()["id"] == issued.json()["id"]
        assert http.post(f"/tickets/{issued.json()['id']}/close", headers=auth).status_code == 200
    return dict(issued.json())


def _at_once(count: int, send: object) -> list[int]:
    """`send()` from `count` threads released together; their status codes."""
    start = threading.Barrier(count)

    def one(_: int) -> int:
        start.wait(timeout=10)
        return int(send().status_code)  # type: ignore[operator]

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def test_concurrent_answers_and_ratings_take_exactly_one(hub_process: HubProcess) -> None:
    kiosk = hub_process.token("kiosk", "kiosk-1")
    counter = hub_process.token("counter", "loket-1", 1)
    admin = hub_process.token("admin", "admin")
    hub_process.start()
    ticket = _closed_ticket(hub_process, kiosk, counter)
    ticket_id = ticket["id"]

    with httpx.Client(base_url=hub_process.public_url, timeout=10) as phones:
        statuses = _at_once(
            SENDERS, lambda: phones.post(f"/s/{ticket_id}", json={"answers": ALL_FAIR})
        )
    assert sorted(statuses) == [201] + [409] * (SENDERS - 1), statuses

    with httpx.Client(base_url=hub_process.url, timeout=10) as http:
        auth = {"Authorization": f"Bearer {admin}"}
        statuses = _at_once(
            SENDERS,
            lambda: http.post(f"/tickets/{ticket_id}/rating", json={"score": 4}, headers=auth),
        )
        assert sorted(statuses) == [201] + [409] * (SENDERS - 1), statuses
        # The kiosk's survey of the same ticket, by its printed number: answered already.
        again = http.post(f"/survey/{ticket['number']}", json={"answers": ALL_FAIR},
                          headers={"Authorization": f"Bearer {kiosk}"})  # fmt: skip
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "survey_answered"
        day = ticket["business_date"]
        report = http.get("/survey", params={"from": day, "to": day}, headers=auth).json()
    assert report["respondents"] == 1
    assert report["ikm"] == 3.0
    assert (report["konversi"], report["mutu"], report["kinerja"]) == (75.0, "C", "Kurang Baik")
    assert report["ratings"] == {"count": 1, "mean": 4.0}
    assert report["by_counter"][0]["key"] == "1"
