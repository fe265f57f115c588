"""The README's run command, headless and bounded: the whole office, then nothing left."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from antrian.paths import PROJECT_ROOT
from tests.hubproc import free_port

pytestmark = pytest.mark.slow


def test_scripts_demo_runs_the_office_headless_and_stops_clean(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                              "QT_QPA_PLATFORM")}  # fmt: skip
    result = subprocess.run(
        [str(PROJECT_ROOT / "scripts" / "demo"), "--seconds", "25", "--simulate",
         "--port", str(free_port()), "--out", str(out)],
        capture_output=True, text=True, timeout=240, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "No screen found: the apps run offscreen" in result.stdout
    match = re.search(r"Screenshots of every window and every printed ticket: (\S+)", result.stdout)
    assert match is not None
    screens = Path(match.group(1))
    assert screens == out / "screens"
    names = {p.name for p in screens.iterdir()}
    windows = {"antrian-kiosk.png", "antrian-display.png", "antrian-counter-1.png",
               "antrian-counter-4.png", "antrian-fo.png"}  # fmt: skip
    assert windows <= names
    tickets = [n for n in names if "ticket" in n and n.endswith(".png")]
    assert tickets, "no printed ticket image"
    assert "demo stopped; no process left running" in result.stdout
    left = subprocess.run(["pgrep", "-f", str(out)], capture_output=True, text=True, check=False)
    assert left.stdout == "", f"processes left behind: {left.stdout}"
