"""A throwaway PostgreSQL cluster from Debian's packages, run as the `postgres` user
(PostgreSQL refuses to run as root) in a temporary folder it owns, on a loopback port."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from tests.hubproc import free_port

BIN = Path(os.environ.get("ANTRIAN_PG_BIN", "/usr/lib/postgresql/15/bin"))
USER = "postgres"


def available() -> str | None:
    """Why a cluster cannot be started here, or None."""
    if not (BIN / "initdb").exists():
        return f"needs Debian's postgresql package ({BIN}/initdb; scripts/apt-packages.txt)"
    try:
        pwd.getpwnam(USER)
    except KeyError:
        return "needs the postgres user (Debian's postgresql package)"
    if os.geteuid() != 0 and pwd.getpwuid(os.geteuid()).pw_name != USER:
        return "needs root (to run the cluster as postgres) or the postgres user"
    return None


def _as_postgres(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    if pwd.getpwuid(os.geteuid()).pw_name != USER:
        args = ["runuser", "-u", USER, "--", *args]
    return subprocess.run(args, check=True, capture_output=True, timeout=60, **kwargs)  # type: ignore[call-overload, no-any-return]


class Cluster:
    """initdb, start, stop; `dsn(db)` for a database of it (trust on loopback only)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="antrian-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.log = self.root / "server.log"

    def start(self) -> Cluster:
        entry = pwd.getpwnam(USER)
        os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.root.chmod(0o700)
        _as_postgres([str(BIN / "initdb"), "-D", str(self.data), "-U", USER, "-A", "trust",
                      "-E", "UTF8", "--no-sync", "--locale=C"])  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100 "
            "-c shared_buffers=128MB"
        )
        _as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                      "-o", options, "-w", "-t", "30", "start"])  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return self
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def dsn(self, database: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def stop(self) -> None:
        try:
            _as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                          "-w", "stop"])  # fmt: skip
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
