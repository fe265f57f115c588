#!/usr/bin/env python3
"""Display benchmark: call-next sent -> number on the TV, and call -> first sound.

A real hub process; 20 real display windows (offscreen Qt) each with its own hub
connection; a counter calling from another thread. Screen latency is measured per
display when its call panel shows the new number. Audio latency runs the real caller
(espeak-ng synthesis, chime, composition) up to the moment the player is handed the
sound; this machine has no sound card, so the player only notes the time.
Run: .venv/bin/python scripts/bench/display.py [--calls 200] [--displays 20]

`--peak` measures the morning peak instead: nine counters call within five seconds
(`--spread`) and the real caller (espeak-ng, chimes) speaks them to a speaker that takes
as long as each sound lasts; the figure is call-next -> the start of that call's audio
(its chime, or its phrase when it follows straight on in a run of waiting calls).
Run: .venv/bin/python scripts/bench/display.py --peak [--spread 5] [--max-age 60]
     [--backlog-rate 200] [--backlog-template "{letters} {number}, ke {counter_name}"]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from antrian.config import load_office_config  # noqa: E402
from common.paths import CONFIG_DIR  # noqa: E402
from display.app import DisplayApp  # noqa: E402
from display.board import Board, CallEntry  # noqa: E402
from display.speaking import build_announcer  # noqa: E402
from display.window import DisplayWindow  # noqa: E402
from hub_client.clock import HubClock  # noqa: E402
from hub_client.qt import HubConnection  # noqa: E402
from tests.hubproc import HubProcess  # noqa: E402
from voice import Outcome  # noqa: E402
from voice.player import wav_duration_s  # noqa: E402


class TimedWindow(DisplayWindow):
    """Notes when the call panel first shows each number."""

    shown: dict[str, float]

    def show_call(self, entry: CallEntry, flash: bool) -> None:
        super().show_call(entry, flash)
        self.shown.setdefault(entry.number, time.monotonic())


class SpeakerPlayer:
    """Stands for the hall's speaker: a play lasts as long as the sound, like `aplay`.

    Notes, in the announcer's own order, when each sound started and when each call was
    done (its outcome), so every sound is put down to the call it belongs to.
    """

    def __init__(self, *, lasts: bool = True) -> None:
        self.lasts = lasts  # False: no sound card, the play returns at once
        self.timeline: list[tuple[str, float, str]] = []
        self.statuses: dict[str, str] = {}
        self._lock = threading.Lock()

    def play(self, path: Path) -> bool:
        with self._lock:
            self.timeline.append(("sound", time.monotonic(), ""))
        if self.lasts:
            time.sleep(wav_duration_s(path))  # the speaker is busy for the sound's length
        return True

    def outcome(self, outcome: Outcome) -> None:
        with self._lock:
            self.timeline.append(("done", time.monotonic(), outcome.number or ""))
            self.statuses[outcome.number or ""] = f"{outcome.status} {outcome.reason}".strip()

    def first_sounds(self) -> dict[str, float]:
        """Each call's number -> when its first sound started."""
        starts: dict[str, float] = {}
        first: float | None = None
        with self._lock:
            for kind, at, number in self.timeline:
                if kind == "sound" and first is None:
                    first = at
                elif kind == "done":
                    if first is not None:
                        starts[number] = first
                    first = None
        return starts


class StopwatchPlayer(SpeakerPlayer):
    """Only notes when each sound would start (this machine has no sound card)."""

    def __init__(self) -> None:
        super().__init__(lasts=False)


def pump(condition, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the displays did not catch up in time")
        QCoreApplication.processEvents()
        time.sleep(0.0002)


def peer_displays(url: str, token: str, count: int, ready, stop) -> None:  # type: ignore[no-untyped-def]
    """Other TVs in their own process: real windows and connections, not measured."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication(sys.argv)
    peers = []
    for _ in range(count):
        window = DisplayWindow(Board(), "Selamat datang")
        window.resize(1920, 1080)
        window.show()
        peer = DisplayApp(HubConnection(url, token), window)
        peer.start()
        peers.append(peer)
    pump(lambda: all(p.board.online for p in peers))
    ready.set()
    pump(stop.is_set, timeout=600)
    for peer in peers:
        peer.stop()
    del app


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


PEAK_COUNTERS = range(1, 10)  # the demo office's nine counters


def peak(spread_s: float, **caller_settings: object) -> None:
    """Nine counters call at once at opening time: how late does the last citizen hear?"""
    app = QApplication.instance() or QApplication(sys.argv)
    office = load_office_config(CONFIG_DIR / "demo.toml")
    overrides = {key: value for key, value in caller_settings.items() if value is not None}
    if overrides:
        caller = office.caller.model_validate({**office.caller.model_dump(), **overrides})
        office = office.model_copy(update={"caller": caller})
    sent: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp), test_clock=False)
        token = hub.token("display", "tv")
        admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
        hub.start()
        player = SpeakerPlayer()
        connection = HubConnection(hub.url, token)  # keeps its clock on the hub's
        announcer = build_announcer(office, connection.clock, player=player)
        announcer.on_outcome = player.outcome
        try:
            with httpx.Client(base_url=hub.url, headers=admin) as http:
                # Mid-morning numbers (A-012, not A-001): the first eleven of each service
                # were called and closed before the caller listens.
                for service in office.services:
                    for _ in range(11):
                        http.post("/tickets", json={"service": service.code})
                for number in PEAK_COUNTERS:
                    while (reply := http.post(f"/counters/{number}/call-next")).status_code == 200:
                        http.post(f"/tickets/{reply.json()['id']}/close")
                for service in office.services:
                    for _ in range(3):
                        http.post("/tickets", json={"service": service.code})
            connection.hub_event.connect(lambda message: announcer.submit(message.wire))
            connection.start()
            pump(lambda: connection.online)
            done = threading.Event()

            def counters() -> None:
                step = spread_s / (len(PEAK_COUNTERS) - 1)
                start = time.monotonic()
                with httpx.Client(base_url=hub.url, headers=admin) as http:
                    for index, number in enumerate(PEAK_COUNTERS):
                        time.sleep(max(0.0, start + index * step - time.monotonic()))
                        t0 = time.monotonic()
                        called = http.post(f"/counters/{number}/call-next").json()
                        sent[called["number"]] = t0
                done.set()

            worker = threading.Thread(target=counters)
            worker.start()
            pump(lambda: done.is_set() and len(player.statuses) >= len(PEAK_COUNTERS),
                 timeout=180)  # fmt: skip
            worker.join()
        finally:
            connection.stop()
            announcer.stop()
            hub.stop()
    starts = player.first_sounds()
    in_call_order = sorted(sent, key=sent.__getitem__)
    waits = {number: starts[number] - sent[number] for number in in_call_order if number in starts}
    spread = sent[in_call_order[-1]] - sent[in_call_order[0]]
    each = ", ".join(
        f"{number} {waits[number]:.1f} s" if number in waits
        else f"{number} never ({player.statuses[number]})"
        for number in in_call_order
    )  # fmt: skip
    settings = office.caller
    print(f"caller at the peak (max_age_s {settings.max_age_s:.0f}, backlog_rate "
          f"{settings.backlog_rate}, {settings.backlog_template!r}): {len(sent)} calls in "
          f"{spread:.1f} s; call-next -> start of that call's audio: {each}")  # fmt: skip
    last = in_call_order[-1]
    said = f"starts {waits[last]:.1f} s after it was called" if last in waits else "is never said"
    print(f"caller at the peak: the last call ({last}) {said}; longest wait of those said "
          f"{max(waits.values()):.1f} s; {len(sent) - len(waits)} not said")  # fmt: skip
    del app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--displays", type=int, default=20)
    parser.add_argument(
        "--one-process", action="store_true",
        help="run every display in this process (they then wait on each other's repaints)",
    )  # fmt: skip
    parser.add_argument("--peak", action="store_true", help=peak.__doc__)
    parser.add_argument("--max-age", type=float, help="with --peak: override [caller] max_age_s")
    parser.add_argument("--backlog-rate", type=int,
                        help="with --peak: override [caller] backlog_rate")  # fmt: skip
    parser.add_argument("--backlog-template",
                        help="with --peak: override [caller] backlog_template")  # fmt: skip
    parser.add_argument("--spread", type=float, default=5.0,
                        help="with --peak: seconds from the first call to the last")  # fmt: skip
    args = parser.parse_args()
    if args.peak:
        peak(args.spread, max_age_s=args.max_age, backlog_rate=args.backlog_rate,
             backlog_template=args.backlog_template)  # fmt: skip
        return
    context = multiprocessing.get_context("spawn")
    stop_peers = context.Event()
    peers: list = []  # type: ignore[type-arg]
    app = QApplication.instance() or QApplication(sys.argv)
    office = load_office_config(CONFIG_DIR / "demo.toml")
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp), test_clock=False)
        display_token = hub.token("display", "tv")
        admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
        hub.start()
        displays: list[DisplayApp] = []
        try:
            with httpx.Client(base_url=hub.url, headers=admin) as http:
                for _ in range(args.calls):
                    http.post("/tickets", json={"service": "informasi"})
            local = args.displays if args.one_process else 1
            remote = args.displays - local
            for share in (remote // 2, remote - remote // 2):
                if share:
                    ready = context.Event()
                    process = context.Process(
                        target=peer_displays,
                        args=(hub.url, display_token, share, ready, stop_peers),
                    )
                    process.start()
                    peers.append((process, ready))
            for _process, ready in peers:
                ready.wait(60)
            player = StopwatchPlayer()
            clock = HubClock()  # the one every local display's connection keeps
            announcer = build_announcer(office, clock, player=player)
            announcer.on_outcome = player.outcome
            for index in range(local):
                window = TimedWindow(Board(), "Selamat datang")
                window.shown = {}
                window.resize(1920, 1080)
                window.show()
                display = DisplayApp(HubConnection(hub.url, display_token, clock=clock), window,
                                     announcer if index == 0 else None)  # fmt: skip
                display.start()
                displays.append(display)
            pump(lambda: all(d.board.online for d in displays))

            sent: dict[str, float] = {}
            done = threading.Event()

            def counter() -> None:
                with httpx.Client(base_url=hub.url, headers=admin) as http:
                    for _ in range(args.calls):
                        t0 = time.monotonic()
                        called = http.post("/counters/1/call-next").json()
                        sent[called["number"]] = t0
                        http.post(f"/tickets/{called['id']}/close")
                        time.sleep(0.05)  # calls come seconds apart in an office
                done.set()

            worker = threading.Thread(target=counter)
            worker.start()
            pump(lambda: done.is_set() and all(
                len(d.window.shown) >= args.calls for d in displays), timeout=120)  # type: ignore[attr-defined]  # fmt: skip
            worker.join()
            pump(lambda: len(player.statuses) >= args.calls, timeout=120)
        finally:
            for display in displays:
                display.stop()
            stop_peers.set()
            for process, _ready in peers:
                process.join(30)
            hub.stop()
    screen = [1000 * (d.window.shown[n] - t0) for d in displays  # type: ignore[attr-defined]
              for n, t0 in sent.items()]  # fmt: skip
    starts = player.first_sounds()
    sound = [1000 * (starts[number] - t0) for number, t0 in sent.items()]
    where = "all in this process" if args.one_process else "1 measured, the rest in 2 processes"
    print(f"display: call-next -> number on screen, {len(sent)} calls, {args.displays} displays "
          f"connected ({where}), {len(screen)} samples: p50 {percentile(screen, 0.5):.1f} ms, "
          f"p99 {percentile(screen, 0.99):.1f} ms, max {max(screen):.1f} ms")  # fmt: skip
    print(f"caller: call-next -> playback start (the chime, the espeak-ng phrase ready), "
          f"{len(sound)} calls: p50 {percentile(sound, 0.5):.1f} ms, "
          f"p99 {percentile(sound, 0.99):.1f} ms")  # fmt: skip
    del app


if __name__ == "__main__":
    main()
