#!/usr/bin/env python3
"""The office on one machine: the hub with the demo config, and a token for each appliance.

Run through `scripts/demo`. Stops cleanly on Ctrl-C or after --seconds, leaving no process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.officers import add_officer, list_officers  # noqa: E402
from hub.store import Store  # noqa: E402
from hub.tokens import create_token, list_tokens  # noqa: E402

DEVICES = [("kiosk", "demo-kiosk", None), ("display", "demo-tv", None),
           ("fo", "demo-fo", None), ("admin", "demo-admin", None),
           ("rater", "demo-rater-1", 1)]  # fmt: skip
RATER_COUNTER = 1  # the booth with the citizen's four faces (the demo-rater-1 token)
# Demo officers (NIP, name, PIN, counter); real offices add theirs with `antrian officer add`.
OFFICERS = [("198001012005011001", "Siti Rahmawati", "111111", 1),
            ("198502022010012002", "Budi Santoso", "222222", 4)]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, help="stop by itself after this many seconds")
    parser.add_argument("--port", type=int, default=8470)
    parser.add_argument("--out", type=Path, default=ROOT / "demo-out", help="demo data folder")
    parser.add_argument(
        "--simulate",
        action="store_true",
        help="play a realistic day at speed, so calls and compensation show",
    )
    parser.add_argument("--speed", type=float, default=240,
                        help="with --simulate: simulated seconds per real second")  # fmt: skip
    args = parser.parse_args()

    out = args.out.resolve()
    data, token_dir = out / "data", out / "tokens"
    token_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(token_dir, 0o700)
    store = Store.in_data_dir(data)
    live = {t.name for t in list_tokens(store)}
    for role, name, counter in DEVICES:
        if name not in live:
            path = token_dir / f"{name}.token"
            path.write_text(create_token(store, role, name, counter) + "\n")
            path.chmod(0o600)
    known = {o.nip for o in list_officers(store)}
    for nip, name, pin, _counter in OFFICERS:
        if nip not in known:
            add_officer(store, nip, name, pin)
    store.close()

    processes: list[subprocess.Popen[bytes]] = []
    hub = subprocess.Popen(
        [sys.executable, "-m", "antrian", "hub", "--config", str(ROOT / "config/demo.toml"),
         "--data", str(data), "--host", "127.0.0.1", "--port", str(args.port),
         *(["--test-clock"] if args.simulate else [])],
        cwd=ROOT,
    )  # fmt: skip
    processes.append(hub)
    screens = out / "screens"
    screens.mkdir(parents=True, exist_ok=True)
    os.environ["ANTRIAN_SCREENSHOTS"] = str(screens)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        url = f"http://127.0.0.1:{args.port}/api/v1"
        if not wait_for(url, hub, stop):
            return 1 if hub.poll() is not None else 0
        headless = not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")
        if headless:
            print("No screen found: the apps run offscreen (QT_QPA_PLATFORM=offscreen).")
        tickets = screens
        processes.append(start_app(
            ["kiosk", "--hub", url, "--printer", f"preview://{tickets}", "--windowed"],
            token_dir / "demo-kiosk.token", headless,
        ))  # fmt: skip
        processes.append(start_app(["display", "--hub", url, "--windowed",
                                    "--save-dir", str(out / "calls")],
                                   token_dir / "demo-tv.token", headless))  # fmt: skip
        processes.append(start_app(["fo", "--hub", url], token_dir / "demo-fo.token", headless,
                                   config=fo_config(out)))  # fmt: skip
        for _nip, _name, _pin, counter in OFFICERS:
            processes.append(start_app(["counter", "--hub", url, "--counter", str(counter)],
                                       None, headless))  # fmt: skip
        processes.append(start_app(
            ["rater", "--hub", url, "--counter", str(RATER_COUNTER), "--windowed"],
            token_dir / f"demo-rater-{RATER_COUNTER}.token", headless,
        ))  # fmt: skip
        print(f"\nAntrian demo office is running: {url}  (data and tokens in {out})")
        print(f"Screenshots of every window and every printed ticket: {screens}")
        print("Kiosk: a window; each ticket it prints appears there as ticket-*.png")
        print(f"Display with caller: each call's announcement is kept as a WAV in {out / 'calls'}")
        for nip, name, pin, counter in OFFICERS:
            print(f"Counter panel Loket {counter}: sign in as {name}, NIP {nip}, PIN {pin}")
        print(f"Rater at Loket {RATER_COUNTER}: after each close there, four faces (keys 1-4)")
        print(
            "FO desk: the day's recap (print, PDF, CSV) and the compensation ledger; "
            f"its printer writes each printed recap as a PNG in {out / 'fo-printer'}"
        )
        print("Take a ticket:")
        print(f"  curl -s -X POST {url}/tickets -H \"Authorization: Bearer $(cat "
              f"{token_dir}/demo-kiosk.token)\" -H 'Content-Type: application/json' "
              "-d '{\"service\": \"dukcapil\"}'")  # fmt: skip
        if args.simulate:
            processes.append(start_app(
                ["simulate", "--hub", url, "--speed", str(args.speed),
                 "--printer", f"preview://{screens}"],
                token_dir / "demo-admin.token", headless,
            ))  # fmt: skip
            print(f"Simulating a day at {args.speed:g}x: watch the display and the panels")
        print("Stop with Ctrl-C.\n", flush=True)
        stop.wait(args.seconds)
        return 0
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in reversed(processes):
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        print("demo stopped; no process left running")


def fo_config(out: Path) -> Path:
    """The demo config with the FO desk's printer inside the demo folder (a preview printer:
    each recap it prints is a PNG there), not in a shared /tmp folder."""
    text = (ROOT / "config/demo.toml").read_text(encoding="utf-8")
    start = text.index("\n[fo]\n")
    end = text.find("\n[", start + 1)
    table = text[start:end]
    url = f"preview://{out / 'fo-printer'}"
    # A JSON string is a TOML basic string too: quotes or backslashes in the path stay safe.
    line = f"printer = {json.dumps(url)}"
    table, count = re.subn(r"(?m)^printer = .*$", lambda _match: line, table, count=1)
    if count != 1:
        raise SystemExit("config/demo.toml: no printer line in its [fo] table")
    path = out / "fo.toml"
    path.write_text(text[:start] + table + text[end:], encoding="utf-8")
    return path


def start_app(
    args: list[str], token_file: Path | None, headless: bool, config: Path | None = None
) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    if token_file is not None:
        env["ANTRIAN_TOKEN"] = token_file.read_text().strip()
    if headless:
        env["QT_QPA_PLATFORM"] = "offscreen"
    config = config or ROOT / "config/demo.toml"
    command = [sys.executable, "-m", "antrian", *args, "--config", str(config)]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def wait_for(url: str, hub: subprocess.Popen[bytes], stop: threading.Event) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not stop.is_set():
        if hub.poll() is not None:
            print("the hub did not start; see the lines above", file=sys.stderr)
            return False
        try:
            httpx.get(f"{url}/health", timeout=0.5)
            return True
        except httpx.TransportError:
            stop.wait(0.1)
    return False


if __name__ == "__main__":
    sys.exit(main())
