"""The README's run command, headless and bounded: the whole office, then nothing left;
and a newcomer running it a second time on the same folder."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from common.paths import PROJECT_ROOT
from tests.hubproc import free_port

pytestmark = pytest.mark.slow


def run_demo(out: Path, seconds: int) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                              "QT_QPA_PLATFORM")}  # fmt: skip
    return subprocess.run(
        [str(PROJECT_ROOT / "scripts" / "demo"), "--seconds", str(seconds), "--simulate",
         "--port", str(free_port()), "--out", str(out)],
        capture_output=True, text=True, timeout=240, env=env, check=False,
    )  # fmt: skip


def simulated_days(stdout: str) -> list[str]:
    return re.findall(r"^Simulasi (\w+, \d+ \w+ \d{4}), buka 08\.00 WITA", stdout, re.MULTILINE)


def test_scripts_demo_runs_the_office_headless_and_stops_clean(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run_demo(out, 25)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "No screen found: the apps run offscreen" in result.stdout
    match = re.search(r"Screenshots of every window and every printed ticket: (\S+)", result.stdout)
    assert match is not None
    screens = Path(match.group(1))
    assert screens == out / "screens"
    names = {p.name for p in screens.iterdir()}
    windows = {"antrian-kiosk.png", "antrian-display.png", "antrian-counter-1.png",
               "antrian-counter-4.png", "antrian-fo.png", "antrian-rater-1.png"}  # fmt: skip
    assert windows <= names
    tickets = [n for n in names if "ticket" in n and n.endswith(".png")]
    assert tickets, "no printed ticket image"
    assert "demo stopped; no process left running" in result.stdout
    left = subprocess.run(["pgrep", "-f", str(out)], capture_output=True, text=True, check=False)
    assert left.stdout == "", f"processes left behind: {left.stdout}"
    # The simulator's table: a header line in Indonesian before the hourly rows.
    assert len(simulated_days(result.stdout)) == 1
    assert re.search(r"^jam +tiket +panggilan +selesai +tidak hadir +tunggu rata-rata "
                     r"+kompensasi$", result.stdout, re.MULTILINE)  # fmt: skip
    # Offscreen windows: no flood of Qt's propagateSizeHints warning.
    assert "propagateSizeHints" not in result.stderr

    # Every demo path the README names is one the demo really wrote.
    readme = (PROJECT_ROOT / "README.md").read_text()
    named = set(re.findall(r"`demo-out/([\w-]+)/`", readme))
    assert {"screens", "calls", "data", "tokens"} <= named
    for folder in named:
        assert (out / folder).is_dir(), f"README names demo-out/{folder}/; the demo has none"
    assert re.search(r"`ticket-NUMBER-TIME\.png`", readme)
    assert any(re.fullmatch(r"ticket-[A-G]-\d{3}-[\d-]+\.png", n) for n in names)
    assert any(re.fullmatch(r"ticket-[A-G]-\d{3}-[\d-]+\.bin", n) for n in names)

    # A newcomer runs it again on the same folder: a fresh day, not a refusal.
    again = run_demo(out, 25)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "simulasi berhenti" not in again.stderr, again.stderr[-3000:]
    assert "Traceback" not in again.stderr, again.stderr[-3000:]
    (first,), (second,) = simulated_days(result.stdout), simulated_days(again.stdout)
    assert second != first, again.stdout
