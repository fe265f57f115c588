"""A fresh machine starts every appliance: python-escpos's capability pickle, made once.

python-escpos 3.1 writes that pickle in place on import; appliances started together on
an empty cache read it half-written and died with EOFError (click printed "Aborted!").
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from common.paths import CONFIG_DIR, PROJECT_ROOT
from printer._escpos import ensure_capabilities_pickle
from tests.hubproc import HubProcess


def fresh_cache_env(cache_home: Path) -> dict[str, str]:
    """This environment with an empty cache: no pickle dir of its own, a new XDG cache."""
    env = {k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env["XDG_CACHE_HOME"] = str(cache_home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def pickles(cache_home: Path) -> list[Path]:
    return list((cache_home / "antrian" / "escpos").glob("*.capabilities.pickle"))


def test_importers_started_together_on_an_empty_cache_all_live(tmp_path: Path) -> None:
    cache_home = tmp_path / "cache"
    env = fresh_cache_env(cache_home)
    command = [sys.executable, "-c", "import printer"]  # what every app's import does
    started = [
        subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    outcomes = [(p.communicate(timeout=60)[1].decode(), p.returncode) for p in started]
    assert [code for _err, code in outcomes] == [0, 0, 0, 0], outcomes
    assert len(pickles(cache_home)) == 1
    assert [p.name for p in (cache_home / "antrian" / "escpos").iterdir()] == [
        pickles(cache_home)[0].name
    ]  # no temporary file left beside it


def test_a_pickle_cut_short_by_a_killed_writer_is_made_again(tmp_path: Path) -> None:
    cache_dir = tmp_path / "escpos"
    cache_dir.mkdir()
    made = ensure_capabilities_pickle(cache_dir)
    whole = made.read_bytes()
    made.write_bytes(whole[: len(whole) // 2])  # what a power cut mid-write leaves
    assert ensure_capabilities_pickle(cache_dir) == made
    assert made.read_bytes() == whole
    env = {**os.environ, "ESCPOS_CAPABILITIES_PICKLE_DIR": str(cache_dir)}
    made.write_bytes(b"")
    subprocess.run([sys.executable, "-c", "import printer"], env=env, cwd=PROJECT_ROOT,
                   check=True, timeout=60)  # fmt: skip
    assert made.read_bytes() == whole


@pytest.mark.slow
def test_four_appliances_started_together_on_an_empty_cache_all_start(
    tmp_path: Path, hub_process: HubProcess
) -> None:
    tokens = {role: hub_process.token(role, f"{role}-fresh") for role in ("kiosk", "fo", "display")}
    hub_process.start()
    cache_home = tmp_path / "cache"
    apps = {
        "kiosk-1": (["kiosk", "--printer", f"preview://{tmp_path / 'tickets-1'}", "--windowed"],
                    "kiosk", "antrian-kiosk.png"),
        "kiosk-2": (["kiosk", "--printer", f"preview://{tmp_path / 'tickets-2'}", "--windowed"],
                    "kiosk", "antrian-kiosk.png"),
        "fo": (["fo"], "fo", "antrian-fo.png"),
        "display": (["display", "--windowed", "--silent"], "display", "antrian-display.png"),
    }  # fmt: skip
    running: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, (args, role, _png) in apps.items():
            env = fresh_cache_env(cache_home)
            env["ANTRIAN_TOKEN"] = tokens[role]
            env["ANTRIAN_SCREENSHOTS"] = str(tmp_path / name)  # a PNG once in its event loop
            command = [sys.executable, "-m", "antrian", *args, "--hub", hub_process.url,
                       "--config", str(CONFIG_DIR / "demo.toml")]  # fmt: skip
            log = (tmp_path / f"{name}.log").open("wb")
            running[name] = subprocess.Popen(
                command, env=env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT
            )
            log.close()
        waiting = dict(apps)
        deadline = time.monotonic() + 60
        while waiting and time.monotonic() < deadline:
            for name, (_args, _role, png) in list(waiting.items()):
                if running[name].poll() is not None:
                    log_text = (tmp_path / f"{name}.log").read_text()
                    pytest.fail(f"{name} exited with {running[name].returncode}:\n{log_text}")
                if (tmp_path / name / png).exists():
                    del waiting[name]
            time.sleep(0.1)
        assert not waiting, f"never showed a window: {sorted(waiting)}"
    finally:
        for process in running.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        codes = {name: process.wait(20) for name, process in running.items()}
    assert codes == dict.fromkeys(apps, 0)
    for name in apps:
        log_text = (tmp_path / f"{name}.log").read_text()
        assert "EOFError" not in log_text, log_text
        assert "Aborted!" not in log_text, log_text
    assert len(pickles(cache_home)) == 1
