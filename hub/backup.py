"""Hub data safety: online backups, retention, restore, and export of the service-time log.

Backups use SQLite's backup API, never a file copy: copying `antrian.sqlite3` while the
hub writes can catch half a transaction, and a copy without its `-wal` misses the newest
commits. The copy holds one read transaction from first page to last, so it is one
consistent snapshot; in WAL mode a reader never blocks the hub's writers (the WAL only
grows until the copy ends, because a checkpoint cannot pass a live reader).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing  # a Connection's own `with` commits but never closes
from pathlib import Path
from typing import Literal, TextIO

from hub import datadir
from hub.datadir import DATABASE_NAME
from hub.errors import HubError
from hub.migrations import LATEST

BACKUP_PATTERN = re.compile(r"antrian-(\d{8}-\d{6})\.sqlite3")
STAMP_FORMAT = "%Y%m%d-%H%M%S"
CSV_COLUMNS = "seq type at business_date ticket_id counter number service data".split()

EXPORT_SQL = (
    "SELECT seq, type, at, business_date, ticket_id, counter, json_extract(data, '$.number'), "
    "json_extract(data, '$.service'), data FROM events WHERE business_date BETWEEN ? AND ? "
    "ORDER BY seq"
)
Progress = Callable[[int, int, int], object]  # (status, remaining pages, total pages)


class BackupError(HubError):
    """A backup could not be written or failed its integrity check."""


class RestoreError(HubError):
    """A backup cannot be restored: missing, not SQLite, damaged, too new, or store in use."""


class ExportError(HubError):
    """The events log cannot be read for export."""


def backup(
    store_path: Path,
    backup_dir: Path,
    now: dt.datetime,
    *,
    pages_per_step: int = 256,
    progress: Progress | None = None,
) -> Path:
    """Copy the live store to `backup_dir/antrian-YYYYMMDD-HHMMSS.sqlite3` (UTC); returns it.

    A backup taken in the same second as an earlier one replaces it (both are whole
    snapshots, the later one is simply newer).
    """
    if not store_path.is_file():
        raise BackupError(f"{store_path}: no store to back up")
    final = backup_dir / f"antrian-{_stamp(now)}.sqlite3"
    if not backup_dir.is_dir():  # an existing folder (a USB disk) keeps its owner's modes
        try:
            backup_dir.mkdir(parents=True, mode=0o700)
            os.chmod(backup_dir, 0o700)  # mkdir's mode passes through the umask
        except OSError as exc:
            raise BackupError(f"{backup_dir}: cannot create the folder: {exc.strerror}") from None
    tmp = _private_copy(store_path, backup_dir, BackupError, pages_per_step, progress)
    try:
        os.replace(tmp, final)  # atomic: a reader sees the old backup or the whole new one
        _fsync(backup_dir)
    finally:
        tmp.unlink(missing_ok=True)
    return final


def backups(backup_dir: Path) -> list[tuple[dt.datetime, Path]]:
    """Backups in `backup_dir`, oldest first, dated by the UTC stamp in their names."""
    if not backup_dir.is_dir():
        return []
    found = []
    for path in backup_dir.iterdir():
        match = BACKUP_PATTERN.fullmatch(path.name)
        if match and path.is_file():
            taken_at = dt.datetime.strptime(match[1], STAMP_FORMAT).replace(tzinfo=dt.UTC)
            found.append((taken_at, path))
    return sorted(found)


def latest_backup(backup_dir: Path) -> Path | None:
    """The newest backup, so a caller can decide whether today's is still due."""
    found = backups(backup_dir)
    return found[-1][1] if found else None


def prune(
    backup_dir: Path, keep_days: int, keep_min: int = 3, *, now: dt.datetime | None = None
) -> list[Path]:
    """Delete backups older than `keep_days` but never the newest `keep_min`; returns them.

    Age comes from the stamp in the name, not the mtime, which a copy to a USB stick or a
    restore from one resets.
    """
    if keep_days < 0 or keep_min < 0:
        raise ValueError("keep_days and keep_min must not be negative")
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=keep_days)
    found = backups(backup_dir)
    candidates = found[: max(len(found) - keep_min, 0)]
    deleted = []
    for taken_at, path in candidates:
        if taken_at < cutoff:
            path.unlink()
            deleted.append(path)
    return deleted


def restore(backup_file: Path, data_dir: Path, now: dt.datetime) -> Path | None:
    """Put `backup_file` in place as the store of `data_dir`.

    Returns where the previous store was set aside (with its -wal and -shm beside it under
    the same new name, so it still opens with every commit it had), or None if there was none.
    Holds the data folder's lock throughout: refused while a hub runs on it (stop the
    hub first), and no hub can start on a half-restored store.
    """
    _check_backup(backup_file)
    store_path = data_dir / DATABASE_NAME
    try:
        lock = datadir.FolderLock(data_dir, "restore").acquire()
    except datadir.DataFolderInUse as busy:
        raise RestoreError(str(busy)) from None
    try:
        # Copy into the data folder first: if that fails the current store is untouched.
        tmp = _private_copy(backup_file, data_dir, RestoreError)
        try:
            set_aside = _set_aside(store_path, now)
            os.replace(tmp, store_path)
            _fsync(data_dir)
        finally:
            tmp.unlink(missing_ok=True)
    finally:
        lock.release()
    return set_aside


def export_events(
    store_path: Path,
    out: TextIO,
    first_day: dt.date | None,
    last_day: dt.date | None,
    fmt: Literal["jsonl", "csv"] = "jsonl",
) -> int:
    """Write the events of business days first_day..last_day (None: unbounded) to `out`;
    returns how many. For CSV, open `out` with newline="" as the csv module asks."""
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown export format {fmt!r}")
    if not store_path.is_file():
        raise ExportError(f"{store_path}: no store to export from")
    # ISO dates sort as text, so open ends are just the smallest and largest dates.
    period = ((first_day or dt.date.min).isoformat(), (last_day or dt.date.max).isoformat())
    writer = csv.writer(out) if fmt == "csv" else None
    count = 0
    try:
        with _read_only(store_path) as conn:
            if writer:
                writer.writerow(CSV_COLUMNS)
            # Iterating the cursor streams rows: a year of events never sits in memory.
            for row in conn.execute(EXPORT_SQL, period):
                if writer:
                    writer.writerow(row)
                else:
                    out.write('{"seq": %d, %s\n' % (row[0], row[-1][1:]))  # noqa: UP031 - splice as stored
                count += 1
    except sqlite3.Error as exc:
        raise ExportError(f"{store_path}: cannot read the events log: {exc}") from None
    return count


# ---- helpers ----------------------------------------------------------------------------


def _stamp(now: dt.datetime) -> str:
    if now.tzinfo is None:
        raise ValueError("backup times must be timezone-aware")
    return now.astimezone(dt.UTC).strftime(STAMP_FORMAT)


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot write `path`, so it can never disturb the hub's store."""
    uri = path.resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as conn:
        conn.execute("PRAGMA busy_timeout=10000")
        yield conn


def _private_copy(
    source_path: Path, folder: Path, error: type[HubError], pages_per_step: int = -1,
    progress: Progress | None = None,
) -> Path:  # fmt: skip
    """A checked, synced copy of the store at `source_path`, in a temp file in `folder`.

    mkstemp makes the file 0o600 before any byte lands in it (the store holds token and PIN
    hashes); the dot prefix keeps a partial copy out of backups() and prune().
    """
    fd, name = tempfile.mkstemp(dir=folder, prefix=".antrian-", suffix=".partial")
    os.close(fd)
    tmp = Path(name)
    try:
        with _read_only(source_path) as source, closing(sqlite3.connect(tmp)) as target:
            # Between steps SQLite restarts a backup whose source changed, so a busy hub
            # could keep it from ever ending; an open read transaction pins one snapshot.
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            source.backup(target, pages=pages_per_step, progress=progress)
            source.execute("COMMIT")
            # The copy inherits WAL mode from the hub's header; a rollback journal makes it
            # one self-contained file, never a main file that needs a -wal beside it.
            target.execute("PRAGMA journal_mode=DELETE").fetchone()
            problems = _integrity_problems(target)
        if problems:
            raise error(
                f"{source_path}: the copy fails SQLite's integrity check ({problems}); "
                "the file itself may be damaged, keep the older backups"
            )
        _fsync(tmp)
    except BaseException as exc:
        tmp.unlink()
        if isinstance(exc, sqlite3.Error):
            raise error(f"{source_path}: cannot copy the store: {exc}") from None
        raise
    return tmp


def _integrity_problems(conn: sqlite3.Connection) -> str:
    rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(5)")]
    return "" if rows == ["ok"] else "; ".join(rows)


def _check_backup(path: Path) -> None:
    if not path.is_file():
        raise RestoreError(f"{path}: no such backup file")
    try:
        with _read_only(path) as conn:
            problems = _integrity_problems(conn)
            if problems:
                raise RestoreError(f"{path}: fails SQLite's integrity check: {problems}")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if not {"events", "schema_migrations"} <= tables:
                raise RestoreError(f"{path}: not an Antrian store (no events log)")
            row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
            version = int(row[0] or 0)
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise RestoreError(f"{path}: not an SQLite database") from None
        raise RestoreError(f"{path}: damaged, cannot be read: {exc}") from None
    if version > LATEST:
        raise RestoreError(
            f"{path}: the backup is at schema {version}, newer than this Antrian "
            f"(knows up to {LATEST}); upgrade Antrian before restoring it"
        )


def _set_aside(store_path: Path, now: dt.datetime) -> Path | None:
    if not store_path.exists():
        return None
    aside = store_path.with_name(f"{store_path.name}.before-restore-{_stamp(now)}")
    if aside.exists():
        raise RestoreError(f"{aside}: already exists; nothing was changed")
    # With no hub running, sidecars are normally gone (the last close checkpoints them);
    # any that are left go under the new name too, where SQLite looks for them.
    for suffix in ("-wal", "-shm"):
        sidecar = Path(f"{store_path}{suffix}")
        if sidecar.exists():
            os.replace(sidecar, f"{aside}{suffix}")
    os.replace(store_path, aside)
    return aside


def _fsync(path: Path) -> None:
    """A rename survives a power cut only once the file and then its folder are synced."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
