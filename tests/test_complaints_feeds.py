"""A complaint on the hub's event feeds (issue #14): every appliance learns that a
complaint moved, none reads what it says. The complainant's name and contact, the text,
the answer, the tracking code and who took each step are the complaint desk's, read
through GET /api/v1/complaints; a TV, a kiosk or a counter's feed carries the step only.
Real hub process, real WebSockets, the replay (`?after=0`) and the live path."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import httpx
from websockets.sync.client import connect

from tests.hubproc import HubProcess

PRIVATE = ("Siti Aminah", "0812-5555-0199", "Petugas meminta uang", "Sudah kami tegur", "fo-1")
STEPS = ["complaint.received", "complaint.verified", "complaint.answered"]


def test_complaint_steps_reach_every_feed_without_the_citizens_words(data_dir: Path) -> None:
    hub = HubProcess(data_dir)
    tokens = {role: hub.token(role, f"{role}-1", 1 if role == "counter" else None)
              for role in ("display", "kiosk", "counter", "fo")}  # fmt: skip
    ws_url = hub.url.replace("http://", "ws://") + "/events"
    hub.start()
    fo = httpx.Client(base_url=hub.url, timeout=10,
                      headers={"Authorization": f"Bearer {tokens['fo']}"})  # fmt: skip
    try:
        with contextlib.ExitStack() as stack:
            feeds = {role: stack.enter_context(connect(
                         f"{ws_url}?after=0", open_timeout=5,
                         additional_headers={"Authorization": f"Bearer {token}"}))
                     for role, token in tokens.items()}  # fmt: skip
            complaint = fo.post("/complaints", json={
                "channel": "loket", "summary": "Petugas meminta uang", "name": "Siti Aminah",
                "contact": "0812-5555-0199"}).json()  # fmt: skip
            fo.post(f"/complaints/{complaint['id']}/verify").raise_for_status()
            fo.post(f"/complaints/{complaint['id']}/answer",
                    json={"answer": "Sudah kami tegur"}).raise_for_status()  # fmt: skip
            live = {role: [json.loads(ws.recv(timeout=5)) for _ in STEPS]
                    for role, ws in feeds.items()}  # fmt: skip
        replayed = {}
        for role, token in tokens.items():
            with connect(f"{ws_url}?after=0", open_timeout=5,
                         additional_headers={"Authorization": f"Bearer {token}"}) as ws:  # fmt: skip
                replayed[role] = [json.loads(ws.recv(timeout=5)) for _ in STEPS]
        # The desk still reads all of it, through the API.
        full = fo.get(f"/complaints/{complaint['id']}").json()
    finally:
        fo.close()
        hub.stop()
    assert full["name"] == "Siti Aminah"
    for role in tokens:
        for seen in (live[role], replayed[role]):
            assert [e["type"] for e in seen] == STEPS, role
            assert {e["complaint_id"] for e in seen} == {complaint["id"]}
            assert seen[0]["due_date"] == complaint["due_date"]
            text = json.dumps(seen, ensure_ascii=False)
            for secret in (*PRIVATE, complaint["tracking_code"]):
                assert secret not in text, (role, secret)
