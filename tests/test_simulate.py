"""The simulated day: realistic, reproducible, and it shows the compensation flow."""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from antrian.simulate import simulate
from common.paths import CONFIG_DIR
from hub.config import Office
from hub.officers import add_officer
from hub.simulation import plan_day
from hub.store import Store
from hub_client import HubClient
from tests.hubproc import HubProcess


def test_the_plan_has_a_morning_peak_and_a_lunch_dip(demo_office: Office) -> None:
    plan = plan_day(demo_office, seed=3)
    by_hour = collections.Counter(8 + a.at_s // 3600 for a in plan)
    assert max(by_hour, key=by_hour.__getitem__) == 9
    assert by_hour[12] < by_hour[11]
    assert by_hour[12] < by_hour[13]
    assert plan == plan_day(demo_office, seed=3)
    assert plan != plan_day(demo_office, seed=4)
    perizinan = [a.service_s for a in plan if a.service == "perizinan"]
    assert 10 * 60 < sum(perizinan) / len(perizinan) < 18 * 60  # SOP standard: 14 minutes


def play(data_dir: Path, office: Office, seed: int):  # type: ignore[no-untyped-def]
    hub = HubProcess(data_dir)
    token = hub.token("admin", "simulator")
    hub.start()
    try:
        with HubClient(hub.url, token) as client:
            return simulate(client, office, seed=seed, speed=0, hours=3, say=lambda _: None)
    finally:
        hub.stop()


@pytest.mark.slow
def test_the_same_seed_plays_the_same_day(tmp_path: Path, demo_office: Office) -> None:
    first = play(tmp_path / "one", demo_office, seed=11)
    again = play(tmp_path / "two", demo_office, seed=11)
    assert again.calls == first.calls
    assert again.waits_s == first.waits_s
    assert (again.issued, again.served, again.compensation) == (
        first.issued, first.served, first.compensation)  # fmt: skip
    # The morning peak at default staffing makes somebody wait 15 minutes or more.
    assert first.compensation >= 1
    assert first.issued > 80


# ---- what the user sees: the lines, the rerun, the panel, the paper --------------------

ROW = re.compile(r"^\d\d\.00 +\d+ +\d+ +\d+ +\d+ +\d+,\d menit +\d+$")


def simulate_command(hub: HubProcess, *args: str) -> list[str]:
    return [sys.executable, "-m", "antrian", "simulate", "--hub", hub.url,
            "--config", str(CONFIG_DIR / "demo.toml"), *args]  # fmt: skip


def wait_for_line(path: Path, wanted: Callable[[str], bool], process: subprocess.Popen[str],
                  timeout: float = 60) -> str:  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in path.read_text().splitlines():
            if wanted(line):
                return line
        if process.poll() is not None:
            raise AssertionError(f"the simulation ended first:\n{path.read_text()}")
        time.sleep(0.02)
    raise AssertionError(f"no such line within {timeout} s:\n{path.read_text()}")


def first_day(lines: list[str]) -> str:
    return next(line for line in lines if line.startswith("Simulasi "))


@pytest.mark.slow
def test_a_rerun_after_a_restart_starts_a_fresh_day(tmp_path: Path) -> None:
    # As the demo does it: a day cut short (Ctrl-C), the hub restarted on the same folder,
    # its clock back at this PC's time, behind the day it logged; the simulation again.
    hub = HubProcess(tmp_path)
    env = {**os.environ, "ANTRIAN_TOKEN": hub.token("admin", "simulator"), "PYTHONUNBUFFERED": "1"}
    hub.start()
    try:
        out = tmp_path / "first.out"
        with out.open("w") as sink:
            first = subprocess.Popen(simulate_command(hub, "--speed", "0", "--hours", "2"),
                                     stdout=sink, stderr=subprocess.STDOUT, env=env, text=True)  # fmt: skip
            try:
                wait_for_line(out, lambda line: line.startswith("09.00"), first)  # busy counters
            finally:
                first.terminate()
                first.wait(10)
        hub.stop()
        hub.start()
        again = subprocess.run(simulate_command(hub, "--speed", "0", "--hours", "1"), env=env,
                               capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        counters = httpx.get(f"{hub.url}/counters", timeout=5,
                             headers={"Authorization": f"Bearer {env['ANTRIAN_TOKEN']}"}).json()  # fmt: skip
    finally:
        hub.stop()
    assert again.returncode == 0, again.stdout + again.stderr
    lines = again.stdout.splitlines()
    before, after = first_day(out.read_text().splitlines()), first_day(lines)
    assert lines[0].startswith(f"Sisa hari {before.split(',', 2)[0].removeprefix('Simulasi ')}")
    assert re.search(r": [1-9]\d* nomor di loket diselesaikan, \d+ nomor yang masih menunggu "
                     r"ditandai tidak hadir\.$", lines[0])  # fmt: skip
    assert after != before  # a new morning, a new header
    assert "buka 08.00 WITA" in after
    assert lines[lines.index(after) + 1].split() == [
        "jam", "tiket", "panggilan", "selesai", "tidak", "hadir", "tunggu", "rata-rata",
        "kompensasi"]  # fmt: skip
    assert lines[-1].startswith("Hari selesai (seed 1): ")
    assert all(counter["current"] is None for counter in counters)


@pytest.mark.slow
def test_a_panel_press_during_the_simulation_is_left_to_the_officer(tmp_path: Path) -> None:
    store = Store.in_data_dir(tmp_path)
    add_officer(store, "198502022010012002", "Budi Santoso", "222222")
    store.close()
    hub = HubProcess(tmp_path)
    env = {**os.environ, "ANTRIAN_TOKEN": hub.token("admin", "simulator"), "PYTHONUNBUFFERED": "1"}
    hub.start()
    out = tmp_path / "simulation.out"
    try:
        signed_in = httpx.post(f"{hub.url}/sessions", timeout=5, json={
            "nip": "198502022010012002", "pin": "222222", "counter": 4}).json()  # fmt: skip
        panel = {"Authorization": f"Bearer {signed_in['token']}"}
        with out.open("w") as sink:
            simulation = subprocess.Popen(
                simulate_command(hub, "--speed", "2000", "--hours", "1"),
                stdout=sink, stderr=subprocess.STDOUT, env=env, text=True,
            )  # fmt: skip
            try:
                closed = officer_closes_what_the_simulation_holds(hub, panel, counter=4)
                # ...and calls the next citizen to Loket 4 himself.
                own = officer_calls_next(hub, panel, counter=4)
                wait_for_line(out, lambda line: "Loket 4: " in line, simulation)
                httpx.post(f"{hub.url}/tickets/{own['id']}/close", headers=panel,
                           timeout=5).raise_for_status()  # fmt: skip
                simulation.wait(300)
            finally:
                if simulation.poll() is None:
                    simulation.kill()
                    simulation.wait()
    finally:
        hub.stop()
    said = out.read_text()
    assert simulation.returncode == 0, said
    assert re.search(rf"^\d\d\.\d\d WITA  {closed} sudah ditangani petugas \(.+\); "
                     r"simulasi lanjut\.$", said, re.MULTILINE)  # fmt: skip
    assert re.search(r"^\d\d\.\d\d WITA  Loket 4: .+ Simulasi melewati loket ini\.$", said,
                     re.MULTILINE)  # fmt: skip
    assert "Loket 4 kembali disimulasikan." in said
    assert said.splitlines()[-1].startswith("Hari selesai (seed 1): ")
    assert "Traceback" not in said


def officer_closes_what_the_simulation_holds(
    hub: HubProcess, panel: dict[str, str], counter: int
) -> str:
    """Like an officer pressing "Selesai" on the panel: close the ticket at the counter."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        current = next(c["current"] for c in httpx.get(f"{hub.url}/counters", headers=panel,
                                                        timeout=5).json()
                       if c["number"] == counter)  # fmt: skip
        if current:
            reply = httpx.post(f"{hub.url}/tickets/{current['id']}/close", headers=panel,
                               timeout=5)  # fmt: skip
            if reply.status_code == 200:
                return str(current["number"])
        time.sleep(0.01)  # the simulation may have closed it first: the next one
    raise AssertionError("Loket 4 never held a ticket")


def officer_calls_next(hub: HubProcess, panel: dict[str, str], counter: int) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        reply = httpx.post(f"{hub.url}/counters/{counter}/call-next", headers=panel, timeout=5)
        if reply.status_code == 200:
            return dict(reply.json())
        time.sleep(0.01)  # nobody waiting, or the simulation called first: again
    raise AssertionError("the officer never got a citizen")
