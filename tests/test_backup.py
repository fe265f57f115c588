"""Hub data safety: online backup under load, retention, restore, and export of the log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import stat
import threading
import uuid
from pathlib import Path

import httpx
import pytest

from hub import datadir
from hub.backup import (
    BackupError,
    ExportError,
    RestoreError,
    backup,
    backups,
    export_events,
    latest_backup,
    prune,
    restore,
)
from hub.config import Office
from hub.engine import FixedClock
from hub.migrations import LATEST
from hub.service import Hub
from hub.store import DATABASE_NAME, Store
from tests.conftest import WITA
from tests.hubproc import HubProcess

NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)  # 09:00 WITA, the conftest clock


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def make_store(path: Path, office: Office, clock: FixedClock, tickets: int = 3) -> Path:
    """A store with issued tickets and one served at counter 4, written by the real engine.
    Ticket ids are random (the default), so it can be called again on the same store."""
    path.parent.mkdir(parents=True, exist_ok=True)
    hub = Hub(office, Store(path), clock)
    try:
        for _ in range(tickets):
            hub.run(lambda: hub.issue("dukcapil"))
        hub.run(lambda: hub.issue("informasi"))
        called = hub.run(lambda: hub.call_next(4))
        assert called is not None
        hub.run(lambda: hub.act(called.id, "close", 4))
    finally:
        hub.close()
    return path


def last_seq(path: Path) -> int:
    store = Store(path, migrate=False)
    try:
        return store.last_seq()
    finally:
        store.close()


def assert_consistent(path: Path) -> set[str]:
    """The invariants a backup must keep; returns the ids of the tickets in it."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tickets = {row[0] for row in conn.execute("SELECT id FROM tickets")}
        issued = conn.execute(
            "SELECT seq, ticket_id, business_date, json_extract(data, '$.service'), "
            "json_extract(data, '$.sequence') FROM events WHERE type = 'ticket.issued' ORDER BY seq"
        ).fetchall()
        assert {row[1] for row in issued} == tickets  # every ticket has its ticket.issued
        # Numbers are gap-free 1..n per day and service, and given in log order.
        per_service: dict[tuple[str, str], list[int]] = {}
        for _, _, business_date, service, sequence in issued:
            per_service.setdefault((business_date, service), []).append(sequence)
        for sequences in per_service.values():
            assert sequences == list(range(1, len(sequences) + 1))
        numbers = conn.execute(
            "SELECT business_date, issued_service, count(*), max(sequence) FROM tickets "
            "GROUP BY business_date, issued_service"
        ).fetchall()
        assert all(count == top for _, _, count, top in numbers)
        seqs = [row[0] for row in conn.execute("SELECT seq FROM events ORDER BY rowid")]
        assert all(a < b for a, b in zip(seqs, seqs[1:], strict=False))
        projected = conn.execute("SELECT max(last_seq) FROM tickets").fetchone()[0] or 0
        assert projected <= (seqs[-1] if seqs else 0)  # no projection ahead of the log
        return tickets
    finally:
        conn.close()


# ---- backup under load ------------------------------------------------------------------


class Kiosk(threading.Thread):
    """Issues dukcapil tickets against a real hub, one request at a time, until stopped;
    it can pause between requests so a test knows exactly what the hub has committed."""

    def __init__(self, hub: HubProcess, token: str) -> None:
        super().__init__(name="kiosk-issuer")
        self.hub, self.token = hub, token
        self.issued: list[str] = []
        self.failures: list[str] = []
        self.changed = threading.Condition()
        self.paused = self.in_flight = self.stopping = False

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.hub.url, headers=headers, timeout=10) as http:
            while len(self.issued) < 5000:
                with self.changed:
                    self.changed.wait_for(lambda: not self.paused or self.stopping, 30)
                    if self.stopping or self.paused:
                        return
                    self.in_flight = True
                response = http.post("/tickets", json={"service": "dukcapil"},
                                     headers={"Idempotency-Key": uuid.uuid4().hex})  # fmt: skip
                with self.changed:
                    self.in_flight = False
                    if response.status_code == 201:
                        self.issued.append(response.json()["id"])
                    else:
                        self.failures.append(response.text)
                        self.stopping = True
                    self.changed.notify_all()

    def wait_for(self, count: int, timeout: float = 20.0) -> None:
        with self.changed:
            self.changed.wait_for(lambda: len(self.issued) >= count or self.stopping, timeout)
        assert not self.failures, self.failures
        assert len(self.issued) >= count

    def pause(self) -> list[str]:
        """Wait for the request in flight; returns every ticket the hub has answered."""
        with self.changed:
            self.paused = True
            assert self.changed.wait_for(lambda: not self.in_flight, 15)
            return list(self.issued)

    def resume(self) -> None:
        with self.changed:
            self.paused = False
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
        self.join(15)
        assert not self.is_alive()


@pytest.mark.slow
def test_a_backup_taken_while_the_hub_issues_restores_to_a_consistent_store(
    hub_process: HubProcess, data_dir: Path, tmp_path: Path
) -> None:
    token = hub_process.token("kiosk", "k")
    hub_process.start()
    kiosk = Kiosk(hub_process, token)
    kiosk.start()
    try:
        kiosk.wait_for(20)
        before = kiosk.pause()  # so the store holds exactly these when the copy begins
        during: list[int] = []

        def mid_copy(status: int, remaining: int, total: int) -> None:
            # After the first page, the hub commits ten more tickets while the copy waits:
            # the backup must not block the hub, and must stay the snapshot it began with.
            if not during:
                kiosk.resume()
                kiosk.wait_for(len(before) + 10)
                during.append(remaining)

        made = backup(data_dir / DATABASE_NAME, tmp_path / "backups", dt.datetime.now(dt.UTC),
                      pages_per_step=1, progress=mid_copy)  # fmt: skip
        with pytest.raises(RestoreError, match=r"in use by antrian hub \(PID \d+\)"):
            restore(made, data_dir, dt.datetime.now(dt.UTC))
    finally:
        kiosk.stop()
    hub_process.stop()
    assert during  # the copy took more than one step, and the hub wrote in between
    assert during[0] > 0
    assert not kiosk.failures
    assert len(kiosk.issued) >= len(before) + 10

    # Exactly the tickets answered before the backup began: a backup that restarted on
    # the hub's writes, or copied the file, would hold some of the later ones.
    assert assert_consistent(made) == set(before)

    restored_dir = tmp_path / "restored"
    assert restore(made, restored_dir, dt.datetime.now(dt.UTC)) is None
    assert assert_consistent(restored_dir / DATABASE_NAME) == set(before)
    # A hub on the restored store takes the same kiosk token and goes on numbering.
    again = HubProcess(restored_dir)
    try:
        again.start()
        response = httpx.post(
            f"{again.url}/tickets",
            json={"service": "dukcapil"},
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
            timeout=10,
        )
        assert response.status_code == 201, response.text
    finally:
        again.stop()
    assert assert_consistent(restored_dir / DATABASE_NAME) == {*before, response.json()["id"]}


# ---- backup files -----------------------------------------------------------------------


def test_a_backup_is_one_private_file_named_by_utc_time(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    store = make_store(tmp_path / "data" / DATABASE_NAME, real_office, clock)
    target = tmp_path / "backups" / "hub"
    made = backup(store, target, dt.datetime(2026, 11, 23, 9, 0, 5, tzinfo=WITA))
    assert made == target / "antrian-20261123-010005.sqlite3"
    assert mode(made) == 0o600  # token and officer PIN hashes
    assert mode(target) == 0o700
    assert [p.name for p in target.iterdir()] == [made.name]  # no -wal, no partial file
    assert latest_backup(target) == made
    assert last_seq(made) == last_seq(store)
    assert_consistent(made)


def test_backing_up_a_missing_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no store to back up"):
        backup(tmp_path / DATABASE_NAME, tmp_path / "backups", NOW)


def test_a_damaged_store_fails_the_backup_and_leaves_no_file(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    store = make_store(tmp_path / DATABASE_NAME, real_office, clock)
    conn = sqlite3.connect(store, isolation_level=None)
    conn.execute("PRAGMA writable_schema=ON")  # the index no longer matches its rows
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX events_at ON events(type)' "
                 "WHERE name = 'events_at'")  # fmt: skip
    conn.close()
    with pytest.raises(BackupError, match="integrity check"):
        backup(store, tmp_path / "backups", NOW)
    assert list((tmp_path / "backups").iterdir()) == []


# ---- retention --------------------------------------------------------------------------


def stamped(folder: Path, *ages_in_days: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for age in ages_in_days:
        taken_at = NOW - dt.timedelta(days=age)
        path = folder / f"antrian-{taken_at:%Y%m%d-%H%M%S}.sqlite3"
        path.write_bytes(b"")
        paths.append(path)
    return paths


def test_prune_deletes_old_backups_by_the_date_in_their_names(tmp_path: Path) -> None:
    paths = stamped(tmp_path, 0, 1, 2, 6, 8, 30)
    (tmp_path / ".antrian-x.partial").write_bytes(b"")
    (tmp_path / "notes.txt").write_bytes(b"")
    deleted = prune(tmp_path, keep_days=7, now=NOW)
    assert sorted(deleted) == sorted(paths[4:])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".antrian-x.partial", "notes.txt", *(p.name for p in paths[:4])]
    )
    assert latest_backup(tmp_path) == paths[0]


def test_prune_always_keeps_the_newest_few(tmp_path: Path) -> None:
    paths = stamped(tmp_path, 40, 50, 60, 70, 80)
    assert sorted(prune(tmp_path, keep_days=7, keep_min=3, now=NOW)) == sorted(paths[3:])
    assert [path for _, path in backups(tmp_path)] == paths[2::-1]
    assert prune(tmp_path, keep_days=7, keep_min=3, now=NOW) == []
    assert prune(tmp_path / "missing", keep_days=7, now=NOW) == []
    assert latest_backup(tmp_path / "missing") is None


# ---- restore ----------------------------------------------------------------------------


def test_restore_sets_the_old_store_aside_and_loses_nothing(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    data_dir = tmp_path / "data"
    store = make_store(data_dir / DATABASE_NAME, real_office, clock)
    made = backup(store, tmp_path / "backups", NOW)
    make_store(store, real_office, clock, tickets=2)  # work done after the backup
    newer_seq = last_seq(store)
    assert newer_seq > last_seq(made)

    aside = restore(made, data_dir, NOW + dt.timedelta(minutes=5))
    assert aside == data_dir / "antrian.sqlite3.before-restore-20261123-010500"
    assert last_seq(aside) == newer_seq  # the set-aside store still has every commit
    restored = Store.in_data_dir(data_dir)
    assert restored.last_seq() == last_seq(made)
    assert restored.schema_version() == LATEST
    restored.close()
    assert mode(data_dir / DATABASE_NAME) == 0o600
    assert not list(data_dir.glob(".antrian-*"))


def untouched(data_dir: Path) -> bool:
    # A read-only connection (the backup's) may leave an empty -wal and -shm: not a change.
    names = {p.name for p in data_dir.iterdir()}
    return names - {f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm", datadir.LOCK_NAME} == {
        DATABASE_NAME
    }


def test_restore_refuses_while_a_hub_holds_the_folder(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    data_dir = tmp_path / "data"
    store = make_store(data_dir / DATABASE_NAME, real_office, clock)
    made = backup(store, tmp_path / "backups", NOW)
    with datadir.locked(data_dir, "hub"):
        with pytest.raises(RestoreError, match=r"in use by antrian hub \(PID \d+\)"):
            restore(made, data_dir, NOW)
    assert untouched(data_dir)


def test_restore_of_a_bad_file_names_it_and_touches_nothing(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    data_dir = tmp_path / "data"
    store = make_store(data_dir / DATABASE_NAME, real_office, clock)
    made = backup(store, tmp_path / "backups", NOW)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all\n" * 500)
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(made.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'future', 'x')", (LATEST + 1,))
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")

    cases = [
        (tmp_path / "missing.sqlite3", "no such backup file"),
        (junk, "not an SQLite database"),
        (truncated, "damaged|integrity check"),
        (newer, f"schema {LATEST + 1}, newer than this Antrian"),
        (foreign, "not an Antrian store"),
    ]
    for path, message in cases:
        with pytest.raises(RestoreError, match=message) as caught:
            restore(path, data_dir, NOW)
        assert str(caught.value).startswith(f"{path}: ")
    assert untouched(data_dir)
    assert last_seq(store) == last_seq(made)


# ---- export -----------------------------------------------------------------------------


@pytest.fixture
def two_days(tmp_path: Path, real_office: Office, clock: FixedClock) -> Path:
    path = make_store(tmp_path / DATABASE_NAME, real_office, clock)
    clock.advance(dt.timedelta(days=1).total_seconds())
    return make_store(path, real_office, clock, tickets=1)


def day_seqs(path: Path, day: str) -> list[int]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT seq FROM events WHERE business_date = ? ORDER BY seq", (day,))
        return [row[0] for row in rows]


def test_export_jsonl_of_one_day(two_days: Path) -> None:
    out = io.StringIO()
    day = dt.date(2026, 11, 23)
    count = export_events(two_days, out, day, day, "jsonl")
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(lines) == len(day_seqs(two_days, "2026-11-23"))
    assert [line["seq"] for line in lines] == day_seqs(two_days, "2026-11-23")
    assert lines[0]["type"] == "ticket.issued"
    assert lines[0]["number"] == "C-001"
    assert {line["business_date"] for line in lines if "business_date" in line} == {"2026-11-23"}
    both_days = day_seqs(two_days, "2026-11-23") + day_seqs(two_days, "2026-11-24")
    assert export_events(two_days, io.StringIO(), None, None) == len(both_days)


def test_export_csv_of_one_day(two_days: Path) -> None:
    out = io.StringIO(newline="")
    day = dt.date(2026, 11, 24)
    count = export_events(two_days, out, day, None, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert count == len(rows) == len(day_seqs(two_days, "2026-11-24"))
    assert list(rows[0]) == ["seq", "type", "at", "business_date", "ticket_id", "counter",
                             "number", "service", "data"]  # fmt: skip
    assert int(rows[0]["seq"]) == day_seqs(two_days, "2026-11-24")[0]
    issued = [row for row in rows if row["type"] == "ticket.issued"]
    assert [(row["number"], row["service"]) for row in issued] == [
        ("C-001", "dukcapil"), ("A-001", "informasi")
    ]  # fmt: skip
    assert json.loads(issued[0]["data"])["ticket_id"] == issued[0]["ticket_id"]
    assert {row["business_date"] for row in rows} == {"2026-11-24"}


def test_export_reads_beside_a_writing_hub(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    """The export's read-only snapshot neither blocks the hub nor sees its later writes."""
    path = make_store(tmp_path / DATABASE_NAME, real_office, clock)
    hub = Hub(real_office, Store(path), clock)
    written: list[str] = []

    class WritesMidway(io.StringIO):
        def write(self, text: str) -> int:
            if not written:  # the hub commits while the export holds its read snapshot
                written.append(hub.run(lambda: hub.issue("dukcapil"))[0].number)
            return super().write(text)

    out = WritesMidway()
    try:
        count = export_events(path, out, None, None, "jsonl")
        assert hub.store.last_seq() == count + 1
    finally:
        hub.close()
    assert written
    assert written[0] not in out.getvalue()
    with pytest.raises(ExportError, match="no store"):
        export_events(tmp_path / "missing.sqlite3", io.StringIO(), None, None)
