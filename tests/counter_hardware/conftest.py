"""Real pseudo-terminals standing in for the LED sign and the keypad on the other end of a cable.

The code under test opens the pty's slave path exactly as it opens /dev/ttyUSB0; the test
plays the device on the master side. A symlink that is created or repointed later plays a
USB-serial adapter being plugged in.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TIMEOUT_S = 5.0


class Pty:
    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)
        self.closed = False

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def read(self, size: int, timeout_s: float = TIMEOUT_S) -> bytes:
        """Read until `size` bytes arrived or the deadline passed."""
        received = b""
        deadline = time.monotonic() + timeout_s
        while len(received) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            readable, _, _ = select.select([self.master], [], [], left)
            if readable:
                received += os.read(self.master, size - len(received))
        return received

    def pending(self, timeout_s: float = 0.1) -> bytes:
        """Whatever arrives within a short time: for asserting that nothing was sent."""
        readable, _, _ = select.select([self.master], [], [], timeout_s)
        return os.read(self.master, 4096) if readable else b""

    def unplug(self) -> None:
        """Close both ends: the slave path disappears and the opened port starts failing."""
        if not self.closed:
            self.closed = True
            os.close(self.master)
            os.close(self.slave)


PtyFactory = Callable[[], Pty]


@pytest.fixture
def make_pty() -> Iterator[PtyFactory]:
    made: list[Pty] = []

    def make() -> Pty:
        pty = Pty()
        made.append(pty)
        return pty

    yield make
    for pty in made:
        pty.unplug()


@pytest.fixture
def pty(make_pty: PtyFactory) -> Pty:
    return make_pty()


def plug(link: Path, pty: Pty) -> None:
    """Point `link` at the pty, atomically, as udev does for /dev/serial/by-id/..."""
    staging = link.with_name(link.name + ".new")
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    staging.symlink_to(pty.path)
    staging.replace(link)


def unplug(link: Path, pty: Pty) -> None:
    """Pull the adapter: its pty goes away and so does the link, as udev removes by-id links.

    Removing the link matters: a freed /dev/pts/N is soon reused by another pty, perhaps in
    another test process, and a stale link would lead the code under test to it.
    """
    pty.unplug()
    link.unlink()


def wait_until(condition: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def records(
    caplog: pytest.LogCaptureFixture, level: int, text: str, name: str = "counter_panel"
) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.levelno == level and record.name.startswith(name) and text in record.message
    ]


class Recorder:
    """Collects actions from the reader thread; tests wait on it instead of sleeping."""

    def __init__(self) -> None:
        self.actions: list[str] = []
        self.connections: list[bool] = []
        self._changed = threading.Condition()

    def action(self, name: str) -> None:
        with self._changed:
            self.actions.append(name)
            self._changed.notify_all()

    def connection(self, connected: bool) -> None:
        with self._changed:
            self.connections.append(connected)
            self._changed.notify_all()

    def wait_actions(self, count: int, timeout_s: float = TIMEOUT_S) -> list[str]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.actions) >= count, timeout_s)
            return list(self.actions)

    def wait_connections(self, count: int, timeout_s: float = TIMEOUT_S) -> list[bool]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.connections) >= count, timeout_s)
            return list(self.connections)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()
