"""The writer commits commands waiting together in one transaction (hub.writer): a group
shares one fsync, a refused command leaves the rest of its group, a store error fails
the whole group, and nobody hears of a change before its commit."""

from __future__ import annotations

import concurrent.futures
import sqlite3
import threading
from pathlib import Path

import pytest

from hub.config import Office
from hub.engine import FixedClock
from hub.errors import StoreError
from hub.service import Hub
from hub.store import Store, StoredEvent
from hub.writer import GroupWriter
from tests.conftest import SequentialIds


class Rig:
    def __init__(self, path: Path) -> None:
        self.store = Store(path)
        self.store.conn.execute("CREATE TABLE notes (text TEXT NOT NULL)")
        self.commits: list[list[StoredEvent]] = []
        self.failures: list[sqlite3.Error] = []
        self.statements: list[str] = []
        self.store.conn.set_trace_callback(self.statements.append)
        self.writer = GroupWriter(self.store, self.commits.append, self.failures.append)
        self.other = sqlite3.connect(path)  # what another process would see

    def note(self, text: str) -> str:
        self.store.conn.execute("INSERT INTO notes VALUES (?)", (text,))
        return text

    def committed(self) -> list[str]:
        return [row[0] for row in self.other.execute("SELECT text FROM notes ORDER BY rowid")]

    def hold_writer(self) -> tuple[threading.Event, concurrent.futures.Future[None]]:
        """Keep the writer busy until the event is set, so the next commands queue."""
        busy, release = threading.Event(), threading.Event()

        def wait() -> None:
            busy.set()
            assert release.wait(10)

        held = self.writer.submit(wait)
        assert busy.wait(10)
        return release, held

    def close(self) -> None:
        self.writer.shutdown()
        self.other.close()
        self.store.close()


@pytest.fixture
def rig(tmp_path: Path):
    made = Rig(tmp_path / "store.sqlite3")
    yield made
    made.close()


def test_commands_waiting_together_share_one_commit(rig: Rig) -> None:
    release, held = rig.hold_writer()
    futures = [rig.writer.submit(lambda n=n: rig.note(f"ticket {n}")) for n in range(3)]
    assert not any(f.done() for f in futures)
    release.set()
    assert [f.result(10) for f in futures] == ["ticket 0", "ticket 1", "ticket 2"]
    held.result(10)
    assert rig.committed() == ["ticket 0", "ticket 1", "ticket 2"]
    assert rig.statements.count("COMMIT") == 2  # the held command's, then the three's


def test_a_refused_command_leaves_the_rest_of_its_group(rig: Rig) -> None:
    def refused() -> None:
        rig.note("half-done")
        raise ValueError("refused")

    release, _ = rig.hold_writer()
    before = rig.writer.submit(lambda: rig.note("before"))
    refusal = rig.writer.submit(refused)
    after = rig.writer.submit(lambda: rig.note("after"))
    release.set()
    assert (before.result(10), after.result(10)) == ("before", "after")
    with pytest.raises(ValueError, match="refused"):
        refusal.result(10)
    assert rig.committed() == ["before", "after"]
    assert not rig.failures


def test_a_store_error_fails_the_whole_group(rig: Rig) -> None:
    def broken() -> None:
        rig.store.conn.execute("INSERT INTO notes VALUES (NULL)")  # NOT NULL: the store says no

    release, _ = rig.hold_writer()
    futures = [
        rig.writer.submit(lambda: rig.note("lost")),
        rig.writer.submit(broken),
        rig.writer.submit(lambda: rig.note("never run")),
    ]
    release.set()
    for future in futures:
        with pytest.raises(StoreError, match="refused a write"):
            future.result(10)
    assert rig.committed() == []
    assert len(rig.failures) == 1
    assert rig.writer.submit(lambda: rig.note("next")).result(10) == "next"  # goes on
    assert rig.committed() == ["next"]


def test_events_and_answers_come_after_the_commit(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    path = tmp_path / "antrian.sqlite3"
    hub = Hub(real_office, Store(path), clock, SequentialIds())
    other = sqlite3.connect(path, check_same_thread=False)  # read from the listener
    seen_on_disk: list[int] = []

    def listener(stored: list[StoredEvent]) -> None:
        last = stored[-1].seq
        seen_on_disk.append(other.execute("SELECT count(*) FROM events WHERE seq = ?",
                                          (last,)).fetchone()[0])  # fmt: skip

    hub.listeners.append(listener)
    try:
        futures = [hub._writer.submit(lambda: hub.issue("dukcapil")) for _ in range(5)]
        tickets = [f.result(10)[0] for f in futures]
        assert len({t.number for t in tickets}) == 5
        assert seen_on_disk
        assert all(found == 1 for found in seen_on_disk)
        committed = other.execute("SELECT count(*) FROM tickets").fetchone()[0]
        assert committed == 5
    finally:
        other.close()
        hub.close()
