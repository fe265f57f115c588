"""Hubs forward their logs to the central service: real PostgreSQL (a throwaway cluster),
the real central process and real hub processes on 127.0.0.1. Afterwards each office's
central recap equals its own recap exactly, through central going away, a hub killed
with -9 mid-batch, batches sent twice and central restarted mid-ingest.

Central is down for a whole minute (OUTAGE_S) while the three hubs keep issuing, every
number answered at once. The one knob: `[central] max_backoff_s` is 1 s here (a minute
in the field), so the hubs find central back within a second instead of up to a minute.
"""

from __future__ import annotations

import random
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.central.centralproc import CentralProcess, cli, forwarding_config
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow
DEADLINE_S = 60.0
OUTAGE_S = 60.0
ISSUE_LIMIT_S = 2.0  # a number taken while central is away (generous: a shared machine)
SERVICES = ["informasi", "perizinan", "dukcapil"]
COUNTERS = {"informasi": 1, "perizinan": 2, "dukcapil": 4}


def http(url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=10)


class Office:
    """One office's hub, forwarding, with an admin token on its own API."""

    def __init__(self, root: Path, code: str, dsn: str, central: CentralProcess) -> None:
        self.code = code
        token = cli("central", "office", "add", "--db", dsn, "--code", code, "--name", code)
        config = forwarding_config(root / code / "config", central.url, token, 1.0)
        data = root / code / "data"
        data.mkdir(parents=True)
        self.hub = HubProcess(data, config)
        self.admin = self.hub.token("admin", "kepala")
        self.hub.start()
        self.rng = random.Random(code)
        self.issue_s: list[float] = []  # how long each number took to issue

    def play(self, steps: int) -> None:
        with http(self.hub.url, self.admin) as api:
            for _ in range(steps):
                service = self.rng.choice(SERVICES)
                started = time.monotonic()
                api.post("/tickets", json={"service": service},
                         headers={"Idempotency-Key": uuid.uuid4().hex}).raise_for_status()  # fmt: skip
                self.issue_s.append(time.monotonic() - started)
                if self.rng.random() < 0.7:
                    called = api.post(f"/counters/{COUNTERS[service]}/call-next")
                    if called.status_code == 200 and called.json() and self.rng.random() < 0.8:
                        api.post(f"/tickets/{called.json()['id']}/close")

    def health(self) -> dict[str, Any]:
        return dict(httpx.get(f"{self.hub.url}/health", timeout=5).json())

    def recap(self) -> dict[str, Any]:
        with http(self.hub.url, self.admin) as api:
            return dict(api.get("/recap").json())


def caught_up(offices: list[Office], deadline_s: float = DEADLINE_S) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        healths = [office.health()["central"] for office in offices]
        if all(h["behind"] == 0 and h["position"] > 0 for h in healths):
            return
        time.sleep(0.1)
    raise AssertionError(f"not caught up: {[o.health() for o in offices]}")


def assert_recaps_equal(offices: list[Office], central: CentralProcess, admin: str) -> None:
    with http(central.url, admin) as api:
        for office in offices:
            own = office.recap()
            assert own["totals"]["issued"] > 0
            theirs = api.get(f"/api/v1/offices/{office.code}/recap", params={"date": own["period"]})
            assert theirs.status_code == 200, theirs.text
            assert theirs.json() == own


@pytest.fixture
def central(dsn: str, tmp_path: Path) -> Any:
    process = CentralProcess(dsn, tmp_path).start()
    yield process
    process.stop()


def test_three_hubs_through_central_down_a_kill_9_and_a_restart(
    dsn: str, central: CentralProcess, tmp_path: Path
) -> None:
    admin = cli("central", "admin-token", "--db", dsn, "--name", "provinsi")
    offices = [Office(tmp_path, code, dsn, central) for code in ("smd", "bpp", "btg")]
    try:
        for office in offices:
            office.play(20)
        caught_up(offices)
        assert_recaps_equal(offices, central, admin)

        # Central away for a minute while the three hubs issue: every number is still
        # taken at once, and forwarding stands still until central is back.
        positions = [office.health()["central"]["position"] for office in offices]
        central.stop()
        down = time.monotonic()
        for office in offices:
            office.issue_s.clear()
        while time.monotonic() - down < OUTAGE_S:
            for office in offices:
                office.play(1)
            time.sleep(0.5)
        for office, position in zip(offices, positions, strict=True):
            forwarding = office.health()["central"]
            assert forwarding["position"] == position
            assert forwarding["behind"] > 0
            assert len(office.issue_s) > 20
            assert max(office.issue_s) < ISSUE_LIMIT_S, max(office.issue_s)
        central.start()
        caught_up(offices)
        assert_recaps_equal(offices, central, admin)

        # A hub killed mid-batch, then back: it resends from its kept position.
        offices[0].play(30)
        offices[0].hub.kill()
        offices[0].hub.start()
        # Central killed mid-ingest while all three send, then back.
        for office in offices:
            office.play(10)
        central.kill()
        central.start()
        caught_up(offices)
        assert_recaps_equal(offices, central, admin)

        with http(central.url, admin) as api:
            listed = {row["code"]: row for row in api.get("/api/v1/offices").json()}
        for office in offices:
            assert listed[office.code]["last_seq"] == office.health()["central"]["position"]
            assert listed[office.code]["last_event_at"]
    finally:
        for office in offices:
            office.hub.stop()


def test_a_batch_sent_twice_is_stored_once_and_a_gap_is_refused(
    dsn: str, central: CentralProcess
) -> None:
    token = cli("central", "office", "add", "--db", dsn, "--code", "x1", "--name", "X")
    admin = cli("central", "admin-token", "--db", dsn, "--name", "provinsi")
    event = ('{"type": "ticket.issued", "v": 2, "at": "2026-11-23T01:00:00.000Z", '
             '"ticket_id": "t%d", "number": "A-00%d", "service": "informasi", "sequence": %d, '
             '"business_date": "2026-11-23", "priority": false, "category": null, "ahead": 0, '
             '"eta_minutes": 3}')  # fmt: skip
    events = [{"seq": n, "business_date": "2026-11-23", "data": event % (n, n, n)} for n in (1, 2)]
    office = {"name": "X", "timezone": "Asia/Makassar", "threshold_minutes": 15,
              "services": [{"code": "informasi", "name": "Informasi"}], "counters": []}  # fmt: skip
    with http(central.url, token) as api:
        batch = {"after": 0, "office": office, "events": events}
        assert api.post("/api/v1/ingest", json=batch).json() == {"last_seq": 2, "stored": 2}
        assert api.post("/api/v1/ingest", json=batch).json() == {"last_seq": 2, "stored": 0}
        gap = api.post("/api/v1/ingest", json={"after": 5, "events": []})
        assert gap.status_code == 409
        assert gap.json()["error"]["details"] == {"last_seq": 2}
        assert api.get("/api/v1/offices").status_code == 401  # an office token reads nothing
    with http(central.url, "wrong") as api:
        assert api.post("/api/v1/ingest", json=batch).status_code == 401
    with http(central.url, admin) as api:
        recap = api.get("/api/v1/offices/x1/recap", params={"date": "2026-11-23"}).json()
    assert recap["totals"]["issued"] == 2


def test_a_complaint_reaches_central_without_the_citizens_name_contact_or_words(
    dsn: str, central: CentralProcess, tmp_path: Path
) -> None:
    import psycopg

    office = Office(tmp_path, "pgd", dsn, central)
    admin = cli("central", "admin-token", "--db", dsn, "--name", "provinsi")
    personal = ["Siti Aminah", "0812-3456-7890", "Petugas loket 3 meminta uang tambahan",
                "Sudah ditegur dan uang dikembalikan", "Pelapor datang sendiri"]  # fmt: skip
    try:
        office.play(3)
        with http(office.hub.url, office.admin) as api:
            filed = api.post("/complaints", json={
                "channel": "loket", "summary": personal[2], "name": personal[0],
                "contact": personal[1]})  # fmt: skip
            assert filed.status_code == 201, filed.text
            complaint = filed.json()["id"]
            verified = api.post(f"/complaints/{complaint}/verify", json={"note": personal[4]})
            assert verified.status_code == 200, verified.text
            answered = api.post(f"/complaints/{complaint}/answer", json={"answer": personal[3]})
            assert answered.status_code == 200, answered.text
        caught_up([office])
        with psycopg.connect(dsn) as conn:
            rows = conn.execute(
                "SELECT type, data FROM events WHERE office = 'pgd' AND type LIKE 'complaint.%' "
                "ORDER BY seq"
            ).fetchall()
        assert [kind for kind, _ in rows] == [
            "complaint.received", "complaint.verified", "complaint.answered"]  # fmt: skip
        for _, data in rows:
            assert complaint in data  # which complaint, its dates and states: still there
            for text in personal:
                assert text not in data
        assert "due_date" in rows[0][1]
        # What the office keeps is whole: its own desk still reads every word.
        with http(office.hub.url, office.admin) as api:
            kept = api.get(f"/complaints/{complaint}").json()
        assert kept["name"] == personal[0]
        assert kept["summary"] == personal[2]
        assert_recaps_equal([office], central, admin)
    finally:
        office.hub.stop()
