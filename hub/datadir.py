"""The hub's data folder: created private, held by one hub at a time, its store checked.

Two hubs on one store would each number and call tickets from their own memory: the
same citizen called at two counters. So a hub holds an OS lock (flock) on the folder for
as long as it runs; the kernel drops it when the process dies, however it dies, so a
crash never leaves a stale lock behind. `antrian restore` takes the same lock, so a hub
cannot start on a half-restored store and a restore cannot replace a live one.

The store holds token and PIN hashes: the folder is 0700 and the store 0600 (SQLite
gives its -wal and -shm the main file's mode), whatever umask the hub starts under.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from hub.errors import StoreError

DATABASE_NAME = "antrian.sqlite3"
LOCK_NAME = "antrian.lock"
SQLITE_HEADER = b"SQLite format 3\x00"


class DataFolderInUse(StoreError):
    """Another process (a hub, a restore) holds the data folder."""


class DamagedStore(StoreError):
    """The store file is empty, not SQLite, not Antrian's, or fails SQLite's check."""


def prepare(data_dir: Path) -> Path:
    """Create the data folder (0700) if needed and tighten an existing one we own."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        if data_dir.stat().st_uid == os.geteuid():
            os.chmod(data_dir, 0o700)
    except OSError as exc:
        raise StoreError(f"{data_dir}: cannot create the data folder: {exc.strerror}") from None
    return data_dir


def create_private(path: Path) -> None:
    """Make sure `path` exists as a 0600 file before SQLite opens (and so creates) it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_uid == os.geteuid():
                os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the store: {exc.strerror}") from None


class FolderLock:
    """An exclusive lock on a data folder, naming its holder (PID and purpose) inside."""

    def __init__(self, data_dir: Path, purpose: str) -> None:
        self.data_dir = data_dir
        self.purpose = purpose
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> FolderLock:
        prepare(self.data_dir)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DataFolderInUse(in_use_message(self.data_dir, holder(self.data_dir))) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {self.purpose}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *_: object) -> None:
        self.release()


def holder(data_dir: Path) -> tuple[int, str] | None:
    """(PID, purpose) written by the process holding the lock, if it says."""
    try:
        pid, _, purpose = (data_dir / LOCK_NAME).read_text().strip().partition(" ")
        return int(pid), purpose or "hub"
    except (OSError, ValueError):
        return None


def is_held(data_dir: Path) -> bool:
    """Whether some process holds the folder's lock right now."""
    path = data_dir / LOCK_NAME
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops the shared lock if we got it
    return False


def in_use_message(data_dir: Path, who: tuple[int, str] | None) -> str:
    by = f"antrian {who[1]} (PID {who[0]})" if who else "another Antrian process"
    return (
        f"{data_dir}: this data folder is in use by {by}; stop it first "
        "(systemctl stop antrian-hub) or give another --data folder"
    )


@contextlib.contextmanager
def locked(data_dir: Path, purpose: str) -> Iterator[FolderLock]:
    with FolderLock(data_dir, purpose) as lock:
        yield lock


@contextlib.contextmanager
def for_backup(data_dir: Path) -> Iterator[None]:
    """Guard a backup taken from outside the hub: beside a running hub it is an online
    copy; with no hub it holds the folder so neither a restore nor a hub starts mid-copy;
    while a restore holds the folder it is refused (the store is being replaced)."""
    try:
        lock = FolderLock(data_dir, "backup").acquire()
    except DataFolderInUse:
        who = holder(data_dir)
        if who is not None and who[1] == "hub":
            yield  # the hub keeps writing; SQLite's backup API copies one snapshot
            return
        raise
    try:
        yield
    finally:
        lock.release()


def check_store(path: Path, backups_dir: Path | None = None) -> None:
    """Refuse a store that is empty, not SQLite, not Antrian's, or damaged (quick_check),
    with one line naming the file and what to do. A missing file is a new office."""
    if not path.exists():
        return
    what_to_do = _what_to_do(path, backups_dir)
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DamagedStore(f"{path}: cannot be read ({exc.strerror}); {what_to_do}") from None
    if not header:
        raise DamagedStore(f"{path}: the store is empty (0 bytes); {what_to_do}")
    if header != SQLITE_HEADER:
        raise DamagedStore(f"{path}: not an SQLite database, so not an Antrian store; {what_to_do}")
    try:
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
            conn.execute("PRAGMA busy_timeout=10000")
            rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check(5)")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise DamagedStore(
            f"{path}: damaged ({' '.join(str(exc).split())}); {what_to_do}"
        ) from None
    if rows != ["ok"]:
        found = "; ".join(" ".join(row.split()) for row in rows)  # one line, however many
        raise DamagedStore(f"{path}: damaged ({found[:200]}); {what_to_do}")
    if tables and not {"events", "schema_migrations"} <= tables:
        raise DamagedStore(f"{path}: an SQLite database but not an Antrian store; {what_to_do}")


def _what_to_do(path: Path, backups_dir: Path | None) -> str:
    data = path.parent
    folder = backups_dir or data / "backups"
    found = sorted(folder.glob("antrian-*.sqlite3")) if folder.is_dir() else []
    backup = str(found[-1]) if found else f"{folder}/antrian-YYYYMMDD-HHMMSS.sqlite3"
    return f"restore a backup: antrian restore {backup} --data {data}"
