"""The simulated day: realistic, reproducible, and it shows the compensation flow."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from antrian.simulate import simulate
from hub.config import Office
from hub.simulation import plan_day
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
