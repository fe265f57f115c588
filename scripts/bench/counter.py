#!/usr/bin/env python3
"""Counter panel benchmark: button press -> hub acknowledged -> panel updated, p50/p99.

A real hub process and the real panel window (offscreen Qt), signed in with NIP + PIN;
each round presses Panggil Berikutnya, then Selesai, with real mouse clicks.
Run: .venv/bin/python scripts/bench/counter.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from counter_panel.app import PanelApp  # noqa: E402
from counter_panel.window import PanelWindow  # noqa: E402
from hub.officers import add_officer  # noqa: E402
from hub.store import Store  # noqa: E402
from hub_client.qt import HubConnection  # noqa: E402
from tests.hubproc import HubProcess  # noqa: E402


def pump(condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the panel did not get there in time")
        QCoreApplication.processEvents()
        time.sleep(0.0002)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp), test_clock=False)
        store = Store.in_data_dir(Path(tmp))
        add_officer(store, "198001012005011001", "Siti Rahmawati", "246810")
        store.close()
        admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
        hub.start()
        try:
            with httpx.Client(base_url=hub.url, headers=admin) as http:
                for _ in range(args.rounds):
                    http.post("/tickets", json={"service": "dukcapil"})
            window = PanelWindow(4)
            window.show()
            panel = PanelApp(HubConnection(hub.url, ""), window)
            acknowledged: list[float] = []
            say = panel._say  # noqa: SLF001 - the bench listens where the reply lands
            panel._say = lambda text, refused=True: (acknowledged.append(time.monotonic()),  # type: ignore[method-assign]  # noqa: E501
                                                     say(text, refused))  # fmt: skip
            window.login.nip.setText("198001012005011001")
            window.login.pin.setText("246810")
            window.login.button.click()
            pump(lambda: panel.connection.online and bool(panel.services))
            buttons = window.work.buttons
            to_ack: list[float] = []
            to_panel: list[float] = []
            for _ in range(args.rounds):
                for key, done in (("call_next", lambda: panel.current is not None),
                                  ("close", lambda: panel.current is None)):  # fmt: skip
                    pump(buttons[key].isEnabled)
                    acknowledged.clear()
                    pressed = time.monotonic()
                    QTest.mouseClick(buttons[key], Qt.MouseButton.LeftButton)
                    pump(lambda done=done: bool(acknowledged) and done())
                    to_ack.append(1000 * (acknowledged[0] - pressed))
                    to_panel.append(1000 * (time.monotonic() - pressed))
            panel.connection.stop()
        finally:
            hub.stop()
    print(f"counter: {len(to_ack)} presses (call next + close): hub acknowledged p50 "
          f"{percentile(to_ack, 0.5):.1f} ms, p99 {percentile(to_ack, 0.99):.1f} ms; "
          f"panel updated p50 {percentile(to_panel, 0.5):.1f} ms, "
          f"p99 {percentile(to_panel, 0.99):.1f} ms")  # fmt: skip
    del app


if __name__ == "__main__":
    main()
