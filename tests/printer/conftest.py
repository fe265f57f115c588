"""Fixtures for the printer package: a fixed ticket and honest fake printers on real
loopback sockets and ptys (no mocks: the bytes really travel)."""

from __future__ import annotations

import datetime as dt
import os
import select
import socket
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from printer import OfficeHeader, TicketPrint

PAPER_QUERY = b"\x10\x04\x04"  # DLE EOT 4
IO_TIMEOUT_S = 5.0


@pytest.fixture
def office() -> OfficeHeader:
    return OfficeHeader(
        name="MPP Kota Samarinda",
        address="Jl. Basuki Rahmat No. 1",
        timezone="Asia/Makassar",
    )


@pytest.fixture
def ticket() -> TicketPrint:
    return TicketPrint(
        number="A-012",
        service_name="Perizinan",
        # Monday 23 November 2026, 19:41 WITA (UTC+8).
        issued_at=dt.datetime(2026, 11, 23, 11, 41, tzinfo=dt.UTC),
        priority=False,
        category_name=None,
        ahead=5,
        estimated_wait_minutes=25,
        status_url="https://mpp.test/t/A012",
        booth_name="Gerai 2",
    )


@dataclass
class FakeNetworkPrinter:
    """A one-connection raw TCP printer on 127.0.0.1 that records what it receives.

    status_reply: the byte it answers to DLE EOT 4 at the start of a job (None: silent).
    hang_up_after: drop the connection with a TCP reset after this many bytes.
    """

    status_reply: bytes | None = b"\x12"
    hang_up_after: int | None = None
    received: bytearray = field(default_factory=bytearray)
    done: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(IO_TIMEOUT_S)
        self.port: int = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, name="fake-tcp-printer")
        self._thread.start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        try:
            connection, _ = self._server.accept()
        except TimeoutError:
            return
        with connection:
            connection.settimeout(IO_TIMEOUT_S)
            answered = 0
            while True:
                try:
                    chunk = connection.recv(65536)
                except (TimeoutError, ConnectionError):
                    break
                if not chunk:
                    break
                self.received += chunk
                # Answer each status query, before and after the job, like a real printer.
                queries = self.received.count(PAPER_QUERY)
                if self.status_reply is not None and queries > answered:
                    connection.sendall(self.status_reply * (queries - answered))
                answered = queries
                if self.hang_up_after is not None and len(self.received) >= self.hang_up_after:
                    # SO_LINGER 0: close with a reset, like a printer switched off mid-job.
                    connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    break
        self.done.set()

    def stop(self) -> None:
        self._server.close()
        self._thread.join(IO_TIMEOUT_S)
        assert not self._thread.is_alive(), "fake printer thread did not stop"


@pytest.fixture
def network_printer() -> Iterator[FakeNetworkPrinter]:
    fake = FakeNetworkPrinter()
    yield fake
    fake.stop()


@dataclass
class FakeSerialPrinter:
    """A printer on the far end of a pty: reads what the serial port writes and can answer
    DLE EOT 4 like a real one."""

    status_reply: bytes | None = b"\x12"
    received: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self._master, self._slave = os.openpty()
        self.device = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._arrived = threading.Condition()
        self._thread = threading.Thread(target=self._serve, name="fake-serial-printer")
        self._thread.start()

    def _serve(self) -> None:
        answered = 0
        while not self._stop.is_set():
            readable, _, _ = select.select([self._master], [], [], 0.05)
            if not readable:
                continue
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                return
            with self._arrived:
                self.received += chunk
                self._arrived.notify_all()
            # A serial line has no job boundaries: answer every query seen so far.
            queries = self.received.count(PAPER_QUERY)
            if self.status_reply is not None and queries > answered:
                os.write(self._master, self.status_reply * (queries - answered))
            answered = queries

    def wait_for(self, expected_size: int, timeout: float = IO_TIMEOUT_S) -> bytes:
        """The bytes received once at least expected_size arrived, or by the timeout."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.received) >= expected_size, timeout)
            return bytes(self.received)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(IO_TIMEOUT_S)
        os.close(self._master)
        os.close(self._slave)


@pytest.fixture
def serial_printer() -> Iterator[FakeSerialPrinter]:
    fake = FakeSerialPrinter()
    yield fake
    fake.stop()
