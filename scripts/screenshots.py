#!/usr/bin/env python3
"""Screenshots of an appliance's screens against a real hub, for docs/.

Offscreen by default (the widget renders itself). With --xvfb each size gets its own
Xvfb screen and matchbox-window-manager, as on an appliance: the app goes full screen
and the shot is what the X screen really shows, saved with an "-xvfb" suffix.

What each app is walked through is in its module under scripts/shots/ (kiosk, display,
panel, fo, rater); this file is the command line and the Xvfb runner.

Usage: .venv/bin/python scripts/screenshots.py [--out docs] [--size 1920x1080 ...]
       [--app kiosk|display|panel|fo|rater] [--xvfb]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from shots.display import display_media_shots, display_shots  # noqa: E402
from shots.fo import fo_shots  # noqa: E402
from shots.kiosk import kiosk_shots  # noqa: E402
from shots.panel import panel_shots  # noqa: E402
from shots.rater import rater_shots  # noqa: E402

SIZES = ["1920x1080", "1080x1920"]
APP_SIZES = {"panel": ["1366x768", "1920x1080"], "fo": ["1920x1080"], "rater": ["1024x600"]}
X_SUFFIX = "ANTRIAN_SCREENSHOT_SUFFIX"  # set for the child run under Xvfb


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--size", action="append", help=f"WxH, repeatable (default: {SIZES})")
    parser.add_argument(
        "--app", choices=["kiosk", "display", "panel", "fo", "rater"], default="kiosk"
    )
    parser.add_argument("--xvfb", action="store_true", help="under Xvfb + matchbox")
    args = parser.parse_args()
    sizes = args.size or APP_SIZES.get(args.app, SIZES)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.xvfb:
        for size in sizes:
            under_xvfb(size, args.out, args.app)
        return
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("antrian-screenshots")
    for size in sizes:
        width, height = (int(v) for v in size.split("x"))
        suffix = ("" if width > height else "-portrait") + os.environ.get(X_SUFFIX, "")
        if args.app == "display":
            display_shots(args.out, width, height, suffix)
            display_media_shots(args.out, width, height, suffix)
        elif args.app == "panel":
            panel_shots(args.out, width, height)
        elif args.app == "fo":
            fo_shots(args.out, width, height)
        elif args.app == "rater":
            rater_shots(args.out, width, height)
        else:
            kiosk_shots(args.out, width, height, suffix)
    print(f"screenshots in {args.out}")


def under_xvfb(size: str, out: Path, app: str) -> None:
    """Run this script for one size on a fresh Xvfb screen with the appliances' WM."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        display = f":{numbers.readline().strip()}"
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    manager = subprocess.Popen(
        ["matchbox-window-manager", "-use_titlebar", "no", "-use_cursor", "no"], env=env
    )
    try:
        env[X_SUFFIX] = "-xvfb"
        command = [sys.executable, __file__, "--out", str(out), "--size", size, "--app", app]
        subprocess.run(command, env=env, check=True, timeout=300)
    finally:
        for process in (manager, server):
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
