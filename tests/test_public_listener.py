"""The public listener of the real hub process: a second port beside the API, live
updates by SSE within a second, resume after a reconnect, and slots of its own."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from common.paths import CONFIG_DIR
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow
UPDATE_WITHIN_S = 1.0


class Stream:
    """One page's EventSource, read by hand: its messages as (id, data)."""

    def __init__(self, url: str, last_event_id: str | None = None) -> None:
        headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
        self._client = httpx.Client(timeout=httpx.Timeout(5.0))
        self._response = self._client.send(
            self._client.build_request("GET", url, headers=headers), stream=True
        )
        self.status = self._response.status_code
        self.content_type = self._response.headers.get("content-type", "")
        self._lines = self._response.iter_lines()

    def next_message(self) -> tuple[str | None, dict[str, object]] | None:
        """The next message, skipping comments and `retry:`; None when the stream ends."""
        event_id, data = None, None
        for line in self._lines:
            if line.startswith("id: "):
                event_id = line[4:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])
            elif line == "" and data is not None:
                return event_id, data
        return None

    def close(self) -> None:
        self._response.close()
        self._client.close()


@pytest.fixture
def office(hub_process: HubProcess) -> Iterator[tuple[HubProcess, dict[str, str], dict[str, str]]]:
    hub = hub_process.start()
    kiosk = {"Authorization": f"Bearer {hub.token('kiosk', 'kiosk-1')}"}
    counter = {"Authorization": f"Bearer {hub.token('counter', 'loket-1', 1)}"}
    return hub, kiosk, counter


def issue(hub: HubProcess, kiosk: dict[str, str]) -> dict[str, object]:
    reply = httpx.post(f"{hub.url}/tickets", json={"service": "informasi"}, headers=kiosk)
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def test_the_page_hears_of_a_call_within_a_second_without_polling(office) -> None:  # type: ignore[no-untyped-def]
    hub, kiosk, counter = office
    ticket = issue(hub, kiosk)
    stream = Stream(f"{hub.public_url}/t/{ticket['id']}/events")
    try:
        assert stream.status == 200
        assert stream.content_type.startswith("text/event-stream")
        first = stream.next_message()
        assert first is not None
        assert first[1]["ticket"]["state"] == "waiting"  # type: ignore[index]
        called_at = time.monotonic()
        assert httpx.post(f"{hub.url}/counters/1/call-next", headers=counter).status_code == 200
        update = stream.next_message()
        took = time.monotonic() - called_at
        assert update is not None
        view = update[1]["ticket"]
        assert view["state"] == "called"  # type: ignore[index]
        assert view["counter"] == 1  # type: ignore[index]
        assert update[1]["text"]["state"] == "Nomor Anda dipanggil"  # type: ignore[index]
        assert took < UPDATE_WITHIN_S, took
        assert int(update[0] or 0) > int(first[0] or 0)  # ids are the hub's seq
        # Closed: a last message, then the stream ends (the page closes its EventSource).
        httpx.post(f"{hub.url}/tickets/{ticket['id']}/close", headers=counter)
        closed = stream.next_message()
        assert closed is not None
        assert closed[1]["ticket"]["state"] == "closed"
        assert stream.next_message() is None
    finally:
        stream.close()


def test_a_reconnecting_page_resumes_from_its_last_event_id(office) -> None:  # type: ignore[no-untyped-def]
    hub, kiosk, counter = office
    ticket = issue(hub, kiosk)
    url = f"{hub.public_url}/t/{ticket['id']}/events"
    stream = Stream(url)
    first = stream.next_message()
    stream.close()
    assert first is not None
    assert first[0]
    # Missed while away: the call. The reconnect with Last-Event-ID gets it at once.
    httpx.post(f"{hub.url}/counters/1/call-next", headers=counter)
    again = Stream(url, last_event_id=first[0])
    try:
        missed = again.next_message()
        assert missed is not None
        assert missed[1]["ticket"]["state"] == "called"  # type: ignore[index]
    finally:
        again.close()
    # Up to date: a page resuming at the current seq is sent nothing until a change.
    current = missed[0]
    assert current
    quiet = Stream(url, last_event_id=current)
    try:
        httpx.post(f"{hub.url}/tickets/{ticket['id']}/serve", headers=counter)
        next_one = quiet.next_message()
        assert next_one is not None
        assert next_one[1]["ticket"]["state"] == "serving"  # type: ignore[index]
    finally:
        quiet.close()


def test_the_public_port_serves_no_api_and_the_api_port_no_pages(office) -> None:  # type: ignore[no-untyped-def]
    hub, kiosk, _counter = office
    ticket = issue(hub, kiosk)
    for path in ("/api/v1/health", "/api/v1/state", f"/api/v1/tickets/{ticket['id']}"):
        assert httpx.get(f"{hub.public_url}{path}", headers=kiosk).status_code == 404, path
    assert httpx.get(f"{hub.url}/health").status_code == 200
    page = httpx.get(f"{hub.public_url}/t/{ticket['id']}")
    assert page.status_code == 200
    assert ticket["number"] in page.text
    assert httpx.get(f"{hub.url.removesuffix('/api/v1')}/t/{ticket['id']}").status_code == 404
    snapshot = httpx.get(f"{hub.url}/state", headers=kiosk).json()
    assert snapshot["office"]["public_url"] == hub.public_url  # the kiosk's QR base


def _config_with(tmp_path: Path, public: str) -> Path:
    path = tmp_path / "office.toml"
    text = (CONFIG_DIR / "demo.toml").read_text(encoding="utf-8")
    path.write_text(f"{text}\n[public]\n{public}\n", encoding="utf-8")
    return path


def test_a_crowd_of_phones_from_one_address_takes_no_slot_of_the_api(
    tmp_path: Path, data_dir: Path
) -> None:
    hub = HubProcess(data_dir, _config_with(tmp_path, "requests_per_minute = 10000"))
    try:
        hub.start()
        kiosk = {"Authorization": f"Bearer {hub.token('kiosk', 'kiosk-1')}"}
        ticket = issue(hub, kiosk)
        request = f"GET /t/{ticket['id']}/events HTTP/1.1\r\nHost: x\r\n\r\n".encode()
        with ExitStack() as held:
            # The public listener's cap per address (64): each holds a live stream.
            for _ in range(64):
                sock = held.enter_context(socket.create_connection(("127.0.0.1", hub.public_port)))
                sock.sendall(request)
                sock.settimeout(5)
                assert sock.recv(64).startswith(b"HTTP/1.1 200")
            extra = held.enter_context(socket.create_connection(("127.0.0.1", hub.public_port)))
            extra.settimeout(5)
            assert b"429" in extra.recv(256)  # too many from this address
            # The API, on its own slots, answers as ever.
            assert httpx.get(f"{hub.url}/health", timeout=2).status_code == 200
            assert issue(hub, kiosk)["number"]
    finally:
        hub.stop()


def test_a_busy_public_port_stops_the_hub_with_a_message(tmp_path: Path, data_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        hub = HubProcess(data_dir, public_port=taken.getsockname()[1])
        with pytest.raises(RuntimeError, match="address already in use"):
            hub.start()
        hub.stop()


def test_a_page_hears_within_a_second_that_someone_ahead_was_called(office) -> None:  # type: ignore[no-untyped-def]
    hub, kiosk, counter = office
    issue(hub, kiosk)
    mine = issue(hub, kiosk)
    stream = Stream(f"{hub.public_url}/t/{mine['id']}/events")
    try:
        first = stream.next_message()
        assert first is not None
        assert first[1]["ticket"]["ahead"] == 1  # type: ignore[index]
        called_at = time.monotonic()
        assert httpx.post(f"{hub.url}/counters/1/call-next", headers=counter).status_code == 200
        update = stream.next_message()
        took = time.monotonic() - called_at
        assert update is not None
        assert update[1]["ticket"]["ahead"] == 0  # type: ignore[index]
        assert update[1]["text"]["ahead"] == "Anda berikutnya"  # type: ignore[index]
        assert took < UPDATE_WITHIN_S, took
    finally:
        stream.close()


def test_a_hub_stopping_ends_the_open_pages_streams_at_once(office) -> None:  # type: ignore[no-untyped-def]
    hub, kiosk, _counter = office
    ticket = issue(hub, kiosk)
    stream = Stream(f"{hub.public_url}/t/{ticket['id']}/events")
    try:
        assert stream.next_message() is not None
        began = time.monotonic()
        hub.stop()
        took = time.monotonic() - began
        assert stream.next_message() is None  # ended, and the page's EventSource retries
    finally:
        stream.close()
    # Not held for uvicorn's graceful 3 s: the page's stream ends with the hub.
    assert took < 2.0, took
