"""Fixtures for the caller: a clock that only moves when told, and a thread-leak check."""

from __future__ import annotations

import array
import datetime as dt
import math
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from voice.audio import Clip, write_wav

START = dt.datetime(2025, 3, 3, 1, 30, tzinfo=dt.UTC)  # 09:30 WITA, a Monday


class ManualClock:
    """Thread-safe; the announcer's worker reads it while the test moves it."""

    def __init__(self, start: dt.datetime = START) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def _tone(seconds: float, frequency: float = 440.0, rate: int = 22050, level: int = 8000) -> Clip:
    count = round(seconds * rate)
    step = 2 * math.pi * frequency / rate
    return Clip(array.array("h", (round(level * math.sin(step * i)) for i in range(count))), rate)


def _write_tone(path: Path, seconds: float, frequency: float = 440.0, rate: int = 22050) -> Path:
    return write_wav(path, _tone(seconds, frequency, rate))


# Helpers are handed out as fixtures, not imported: with several conftest.py files in the
# suite, `from conftest import ...` would pick whichever was imported first.
@pytest.fixture
def tone() -> Callable[..., Clip]:
    return _tone


@pytest.fixture
def write_tone() -> Callable[..., Path]:
    return _write_tone


@pytest.fixture(autouse=True)
def _no_leaked_announcer_threads() -> Iterator[None]:
    """A test that leaves an announcer running fails (python-zeroconf's verify_threads_ended)."""
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.name.startswith("antrian-")]
    for thread in leaked:
        thread.join(timeout=5)
    alive = [t.name for t in leaked if t.is_alive()]
    assert not alive, f"threads left running: {alive}"
