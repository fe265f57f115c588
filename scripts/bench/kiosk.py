#!/usr/bin/env python3
"""Kiosk benchmark: tap -> last byte at the printer socket, p50/p99.

A real hub process holding 1,000 waiting tickets, the real kiosk window (offscreen Qt)
clicked with a real mouse event, and a TCP listener on 127.0.0.1 standing in for a
port-9100 printer that answers the paper-status query like a real one.
Run: .venv/bin/python scripts/bench/kiosk.py [--tickets 200] [--waiting 1000]
"""

from __future__ import annotations

import argparse
import os
import queue
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from hub_client.qt import HubConnection  # noqa: E402
from kiosk.app import KioskApp  # noqa: E402
from kiosk.flow import Screen  # noqa: E402
from kiosk.printing import Printer  # noqa: E402
from kiosk.window import KioskWindow  # noqa: E402
from tests.hubproc import HubProcess  # noqa: E402

PAPER_QUERY = b"\x10\x04\x04"


class PrinterListener:
    """Accepts one connection per job; reports when each job's last byte arrived."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs: queue.Queue[tuple[float, bytes]] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                received, answered, last = bytearray(), 0, 0.0
                while chunk := connection.recv(65536):
                    last = time.monotonic()
                    received += chunk
                    queries = received.count(PAPER_QUERY)
                    if queries > answered:
                        connection.sendall(b"\x12" * (queries - answered))  # paper OK
                        answered = queries
            self.jobs.put((last, bytes(received)))


def wait_until(condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("kiosk did not get there in time")
        QCoreApplication.processEvents()
        time.sleep(0.0005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--waiting", type=int, default=1000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    listener = PrinterListener()
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp), test_clock=False)
        token = hub.token("kiosk", "kiosk-bench")
        hub.start()
        try:
            services = ["informasi", "perizinan", "dukcapil", "bpjs", "samsat", "pengaduan"]
            with httpx.Client(base_url=hub.url, headers={"Authorization": f"Bearer {token}"}) as h:
                for i in range(args.waiting):
                    h.post("/tickets", json={"service": services[i % len(services)]})
            window = KioskWindow()
            window.resize(1920, 1080)
            window.show()
            printer = Printer(f"tcp://127.0.0.1:{listener.port}", "80mm")
            kiosk = KioskApp(HubConnection(hub.url, token), window, printer, 600, 600)
            kiosk.start()
            wait_until(lambda: kiosk.flow.state.screen is Screen.START and bool(window.tiles))
            latencies = []
            for i in range(args.tickets):
                tile = window.tiles[i % 6]
                tapped = time.monotonic()
                QTest.mouseClick(tile, Qt.MouseButton.LeftButton)
                wait_until(lambda: not listener.jobs.empty())
                last_byte, job = listener.jobs.get()
                assert b"Nomor Antrean" in job or b"-" in job
                latencies.append(1000 * (last_byte - tapped))
                wait_until(lambda: not kiosk.flow.state.printing)
                window.back_requested.emit()
                wait_until(lambda: kiosk.flow.state.screen is Screen.START)
            kiosk.stop()
        finally:
            hub.stop()
            listener.server.close()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    print(f"kiosk: tap -> last byte at the printer, {len(latencies)} tickets with "
          f"{args.waiting} waiting: p50 {statistics.median(latencies):.1f} ms, "
          f"p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms")  # fmt: skip
    del app


if __name__ == "__main__":
    main()
