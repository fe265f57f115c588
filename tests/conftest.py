"""Shared fixtures. Qt runs offscreen; every test must leave no threads behind."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import datetime as dt
import threading
import time
from pathlib import Path

import pytest

from antrian.config import OfficeConfig, load_office_config
from common.paths import CONFIG_DIR
from hub.engine import Engine, FixedClock
from hub.store import Store

WITA = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    """Fail a test that leaves threads running (python-zeroconf's verify_threads_ended)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3.0
    while True:
        leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert not leaked, f"test left threads running: {[t.name for t in leaked]}"


@pytest.fixture(scope="session")
def demo_office() -> OfficeConfig:
    return load_office_config(CONFIG_DIR / "demo.toml")


@pytest.fixture(scope="session")
def real_office() -> OfficeConfig:
    return load_office_config(CONFIG_DIR / "office.toml")


@pytest.fixture
def clock() -> FixedClock:
    # Monday 23 November 2026, 09:00 WITA: the office is open.
    return FixedClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=WITA))


class SequentialIds:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"id{self.count:05d}"


@pytest.fixture
def engine(real_office: OfficeConfig, clock: FixedClock) -> Engine:
    return Engine(real_office, clock, SequentialIds())


@pytest.fixture
def fresh_db():
    store = Store()
    yield store
    store.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def hub_process(data_dir: Path):
    """A real hub process (demo office, test clock) on a free loopback port."""
    from tests.hubproc import HubProcess

    process = HubProcess(data_dir)
    yield process
    process.stop()
