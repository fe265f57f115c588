"""The hub's data folder: one hub at a time, damaged stores refused, private files.

Each fault here was seen on a real hub process; each test runs the real `antrian hub`.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from common.paths import CONFIG_DIR
from hub import datadir
from hub.backup import backup
from hub.datadir import DATABASE_NAME
from hub.store import Store
from tests.hubproc import HubProcess, free_port

pytestmark = pytest.mark.slow


def run_hub(data_dir: Path, timeout: float = 10.0) -> subprocess.CompletedProcess[str]:
    """Start `antrian hub` and wait for it to exit by itself (a refusal)."""
    args = [
        sys.executable, "-m", "antrian", "hub", "--config", str(CONFIG_DIR / "demo.toml"),
        "--data", str(data_dir), "--host", "127.0.0.1", "--port", str(free_port()),
        "--no-advertise",
    ]  # fmt: skip
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)


def issue(hub: HubProcess, token: str) -> dict[str, object]:
    response = httpx.post(
        f"{hub.url}/tickets",
        json={"service": "informasi"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_a_second_hub_on_the_same_data_folder_refuses_naming_folder_and_pid(
    hub_process: HubProcess, data_dir: Path
) -> None:
    first = hub_process.start()
    assert first.process is not None
    started = time.monotonic()
    second = run_hub(data_dir)
    assert time.monotonic() - started < 5
    assert second.returncode != 0
    assert str(data_dir) in second.stderr
    assert f"PID {first.process.pid}" in second.stderr
    assert "Traceback" not in second.stderr + second.stdout
    # The first hub is unharmed and still the only one numbering tickets.
    token = first.token("kiosk", "kiosk-1")
    assert issue(first, token)["number"] == "A-001"


def test_a_crashed_hub_leaves_no_lock_behind(hub_process: HubProcess, data_dir: Path) -> None:
    hub_process.start()
    token = hub_process.token("kiosk", "kiosk-1")
    issue(hub_process, token)
    hub_process.kill()  # kill -9: no handler runs, the kernel drops the lock
    again = HubProcess(data_dir, port=free_port()).start()
    try:
        assert issue(again, token)["number"] == "A-002"
    finally:
        again.stop()


def test_a_hub_does_not_start_while_a_restore_holds_the_folder(data_dir: Path) -> None:
    with datadir.locked(data_dir, "restore"):
        refused = run_hub(data_dir)
    assert refused.returncode != 0
    assert f"in use by antrian restore (PID {os.getpid()})" in refused.stderr


def test_restore_is_refused_while_the_hub_runs(
    hub_process: HubProcess, data_dir: Path, tmp_path: Path
) -> None:
    hub = hub_process.start()
    assert hub.process is not None
    made = backup(data_dir / DATABASE_NAME, tmp_path / "backups", _now())
    result = subprocess.run(
        [sys.executable, "-m", "antrian", "restore", str(made), "--data", str(data_dir), "--yes"],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert f"in use by antrian hub (PID {hub.process.pid})" in result.stderr
    assert "Traceback" not in result.stderr


def test_backup_to_runs_beside_the_hub_but_not_during_a_restore(
    hub_process: HubProcess, data_dir: Path, tmp_path: Path
) -> None:
    hub = hub_process.start()
    issue(hub, hub.token("kiosk", "kiosk-1"))
    command = [sys.executable, "-m", "antrian", "backup", "--data", str(data_dir),
               "--to", str(tmp_path / "usb")]  # fmt: skip
    online = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert online.returncode == 0, online.stderr
    assert Path(online.stdout.strip()).is_file()
    hub.stop()
    with datadir.locked(data_dir, "restore"):
        refused = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert refused.returncode != 0
    assert "in use by antrian restore" in refused.stderr


# ---- damaged or wrong stores ---------------------------------------------------------


def _good_store(data_dir: Path) -> bytes:
    store = Store.in_data_dir(data_dir)
    with store.write():
        for number in range(2000):
            store.conn.execute(
                "INSERT INTO events (type, at, business_date, data) VALUES (?, ?, ?, ?)",
                ("device.incident", "2026-11-23T01:00:00.000Z", "2026-11-23",
                 f'{{"type": "device.incident", "n": {number}}}'),
            )  # fmt: skip
    store.close()
    return (data_dir / DATABASE_NAME).read_bytes()


def _malformed_page(path: Path) -> None:
    damaged = bytearray(path.read_bytes())
    damaged[4096 * 4 : 4096 * 4 + 64] = b"\xff" * 64  # page 5's b-tree header
    path.write_bytes(bytes(damaged))


def _damaged_table_root(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute("UPDATE sqlite_master SET rootpage = rootpage + 1 WHERE name = 'events'")
    conn.close()


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _not_a_store(path: Path) -> None:
    path.write_text("[office]\nname = 'this is a config file, copied over the store'\n")


def _another_programs_database(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_malformed_page, "damaged"),
        (_damaged_table_root, "damaged"),
        (_empty_file, "empty (0 bytes)"),
        (_not_a_store, "not an SQLite database"),
        (_another_programs_database, "not an Antrian store"),
    ],
    ids=["malformed-page", "damaged-table-root", "zero-bytes", "not-sqlite", "foreign-db"],
)
def test_the_hub_refuses_a_damaged_store_with_one_line_saying_what_to_do(
    data_dir: Path, damage: object, says: str
) -> None:
    _good_store(data_dir)
    backups = data_dir / "backups"
    made = backup(data_dir / DATABASE_NAME, backups, _now())
    assert callable(damage)
    damage(data_dir / DATABASE_NAME)
    before = (data_dir / DATABASE_NAME).read_bytes()
    refused = run_hub(data_dir)
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr + refused.stdout
    lines = [line for line in refused.stderr.splitlines() if "antrian.sqlite3" in line]
    assert len(lines) == 1, refused.stderr
    assert says in lines[0]
    assert f"antrian restore {made} --data {data_dir}" in lines[0]
    # Nothing was written over it: the technician restores from what is there.
    assert (data_dir / DATABASE_NAME).read_bytes() == before
    assert [p.name for p in backups.iterdir()] == [made.name]


def test_the_daily_backup_never_replaces_good_backups_with_a_damaged_store(
    data_dir: Path, tmp_path: Path
) -> None:
    from hub.backup import BackupError

    _good_store(data_dir)
    backups = tmp_path / "backups"
    good = backup(data_dir / DATABASE_NAME, backups, _now())
    _malformed_page(data_dir / DATABASE_NAME)
    with pytest.raises(BackupError, match="integrity"):
        backup(data_dir / DATABASE_NAME, backups, _now(later_s=86400))
    assert [p.name for p in backups.iterdir()] == [good.name]


def test_store_wal_and_folder_are_private_whatever_the_umask(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh" / "data"
    data_dir.parent.mkdir()
    hub = HubProcess(data_dir.parent)  # its log goes beside, not in, the data folder
    hub.data_dir = data_dir
    old = os.umask(0o002)  # a technician's shell: group-writable by default
    try:
        hub.start()
    finally:
        os.umask(old)
    try:
        issue(hub, hub.token("kiosk", "kiosk-1"))
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"):
            assert stat.S_IMODE((data_dir / name).stat().st_mode) == 0o600, name
    finally:
        hub.stop()


def _now(later_s: float = 0) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=later_s)
