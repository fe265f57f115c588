"""The resume protocol without Qt: every event exactly once, in order, across a hub's
kill -9 and restart, for a consumer that is not a Qt app (a forwarder, a web page)."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest

from hub_client.resume import EventStream, NeedsSnapshot, Resume, retry_delay_s
from tests.hubproc import HubProcess


def test_resume_drops_what_it_saw_and_marks_what_the_snapshot_held() -> None:
    resume = Resume()
    assert resume.after_snapshot(5) == 5
    assert resume.accept({"seq": 5, "type": "ticket.issued"}) is None  # in the snapshot
    assert resume.accept({"seq": 6, "type": "ticket.issued"}) == {
        "seq": 6, "type": "ticket.issued", "replayed": False,
    }  # fmt: skip
    # Reconnected: a newer snapshot, but the stream resumes after the last event seen.
    assert resume.after_snapshot(9) == 6
    assert resume.accept({"seq": 7, "type": "ticket.called"})["replayed"] is True  # type: ignore[index]
    assert resume.accept({"seq": 7, "type": "ticket.called"}) is None
    with pytest.raises(NeedsSnapshot):
        resume.accept({"type": "resync", "reason": "too far behind"})
    assert resume.after_snapshot(40) == 40  # starts again from the fresh snapshot


def test_reconnects_are_quick_at_first_and_spread() -> None:
    first = [retry_delay_s(0) for _ in range(50)]
    assert 0.2 <= min(first)
    assert max(first) <= 0.3
    assert len(set(first)) > 1
    assert retry_delay_s(100) <= 6


@pytest.mark.slow
def test_every_event_once_in_order_across_a_hub_kill_and_restart(
    hub_process: HubProcess, data_dir: Any
) -> None:
    hub = hub_process.start()
    kiosk = {"Authorization": f"Bearer {hub.token('kiosk', 'kiosk-1')}"}
    display = hub.token("display", "forwarder")
    seen: list[int] = []
    snapshots: list[int] = []
    got = threading.Condition()

    def on_event(event: dict[str, Any]) -> None:
        with got:
            seen.append(int(event["seq"]))
            got.notify_all()

    def wait_for(count: int) -> None:
        with got:
            assert got.wait_for(lambda: len(seen) >= count, timeout=15), seen

    stream = EventStream(hub.url, display, lambda body: snapshots.append(body["seq"]), on_event)
    stream.start()
    try:
        assert stream.online.wait(10)
        for _ in range(3):
            httpx.post(f"{hub.url}/tickets", json={"service": "informasi"}, headers=kiosk)
        wait_for(3)
        hub.kill()
        again = HubProcess(data_dir, port=hub.port).start()
        began = time.monotonic()
        for _ in range(2):  # made while the stream is still reconnecting
            httpx.post(f"{again.url}/tickets", json={"service": "informasi"}, headers=kiosk)
        wait_for(5)
        back_after = time.monotonic() - began
        again.stop()
    finally:
        stream.stop()
    assert seen == sorted(set(seen))  # none twice, in seq order
    assert len(seen) == 5  # none missed: the two made during the reconnect were replayed
    assert len(snapshots) >= 2
    assert back_after < 3
