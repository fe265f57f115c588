"""The read model (hub.api.read_model): views serialised once per change, second and
audience are never stale, never show one audience's view to another, and reads wait at
the gate while commands go first."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hub.api import create_app
from hub.api.read_model import ReadGate
from hub.config import Office
from hub.engine import FixedClock
from hub.officers import add_officer
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token
from tests.conftest import SequentialIds

NIP = "198001012005011001"


@pytest.fixture
def office(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    """A hub on a file store (reads beside the writer), an officer signed in at counter 4."""
    hub = Hub(real_office, Store(tmp_path / "antrian.sqlite3"), clock, SequentialIds())
    add_officer(hub.store, NIP, "Siti Rahmawati", "246810")
    who = {role: {"Authorization": f"Bearer {create_token(hub.store, role, f'{role}-1')}"}
           for role in ("kiosk", "display", "fo")}  # fmt: skip
    with TestClient(create_app(hub), base_url="http://hub/api/v1") as client:
        session = client.post("/sessions", json={"nip": NIP, "pin": "246810", "counter": 4})
        who["counter"] = {"Authorization": f"Bearer {session.json()['token']}"}
        yield client, who
    hub.close()


def test_a_cached_snapshot_is_never_older_than_the_last_change(office, clock) -> None:  # type: ignore[no-untyped-def]
    client, who = office
    before = client.get("/state", headers=who["display"]).json()
    ticket = client.post("/tickets", json={"service": "dukcapil"}, headers=who["kiosk"]).json()
    after = client.get("/state", headers=who["display"]).json()  # the same second
    assert after["seq"] > before["seq"]
    waiting = {s["code"]: s["waiting"] for s in after["services"]}
    assert (
        waiting["dukcapil"] == 1 + {s["code"]: s["waiting"] for s in before["services"]}["dukcapil"]
    )
    assert client.get(f"/tickets/{ticket['id']}", headers=who["display"]).json()["state"] == (
        "waiting"
    )
    client.post("/counters/4/call-next", headers=who["counter"])
    assert client.get(f"/tickets/{ticket['id']}", headers=who["display"]).json()["state"] == (
        "called"
    )


def test_the_snapshot_time_is_read_at_each_request(office, clock) -> None:  # type: ignore[no-untyped-def]
    client, who = office
    first = client.get("/state", headers=who["display"]).json()
    clock.advance(0.25)  # within the second: the rest of the snapshot comes from the cache
    second = client.get("/state", headers=who["display"]).json()
    assert (first["now"], second["now"]) == ("2026-11-23T01:00:00.000Z", "2026-11-23T01:00:00.250Z")
    assert {k: v for k, v in first.items() if k != "now"} == {
        k: v for k, v in second.items() if k != "now"
    }


@pytest.mark.parametrize("path", ["/state", "/counters"])
def test_a_staff_view_cached_first_never_reaches_a_display(office, path: str) -> None:  # type: ignore[no-untyped-def]
    client, who = office
    assert NIP in client.get(path, headers=who["fo"]).text  # cached for staff
    public = client.get(path, headers=who["display"])
    assert public.status_code == 200
    assert NIP not in public.text
    assert NIP in client.get(path, headers=who["counter"]).text


def test_reads_wait_while_a_command_runs_then_go_a_few_per_turn() -> None:
    async def main() -> None:
        gate = ReadGate(per_turn=2, max_defer_s=60)
        turn = 0
        let_through: list[int] = []  # the loop turn each read got through on

        def count_turns() -> None:
            nonlocal turn
            turn += 1
            if len(let_through) < 6:
                asyncio.get_running_loop().call_soon(count_turns)

        async def read() -> None:
            await gate.enter()
            let_through.append(turn)

        with gate.command():
            reads = [asyncio.create_task(read()) for _ in range(6)]
            for _ in range(20):
                await asyncio.sleep(0)
            assert let_through == []  # not one while the command runs
        count_turns()
        await asyncio.wait_for(asyncio.gather(*reads), 5)
        per_turn = [let_through.count(t) for t in set(let_through)]
        assert max(per_turn) == 2
        assert len(set(let_through)) == 3

    asyncio.run(main())


def test_reads_held_back_by_commands_still_go_after_the_deadline() -> None:
    async def main() -> None:
        gate = ReadGate(per_turn=4, max_defer_s=0.05)
        with gate.command():  # a command that never ends, for the reads
            await asyncio.wait_for(gate.enter(), 5)

    asyncio.run(main())
