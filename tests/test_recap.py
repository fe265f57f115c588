"""The recap, checked figure by figure against a day built through the real engine."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from antrian.cli import main
from common.paths import CONFIG_DIR
from hub import periods
from hub.api import create_app
from hub.config import Office
from hub.engine import FixedClock
from hub.officers import add_officer
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token
from tests.conftest import WITA, SequentialIds

NIP = "198001012005011001"


def at(clock: FixedClock, hour: int, minute: int, day: int = 23, month: int = 11) -> None:
    clock.set(dt.datetime(2026, month, day, hour, minute, tzinfo=WITA))


@pytest.fixture
def hub(tmp_path: Path, real_office: Office, clock: FixedClock):  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "antrian.sqlite3")
    add_officer(store, NIP, "Siti Rahmawati", "246810")
    hub = Hub(real_office, store, clock, SequentialIds())
    yield hub
    hub.close()


def play_the_day(hub: Hub, clock: FixedClock) -> None:
    run = hub.run
    at(clock, 8, 0)
    a1, _ = run(lambda: hub.issue("informasi"))
    at(clock, 8, 5)
    run(lambda: hub.issue("informasi"))
    at(clock, 8, 10)
    run(lambda: hub.issue("dukcapil"))
    asyncio.run(hub.sign_in(NIP, "246810", 1))
    at(clock, 8, 12)
    run(lambda: hub.call_next(1))  # A-001 waited 12:00
    at(clock, 8, 13)
    run(lambda: hub.act(a1.id, "serve", 1))
    at(clock, 8, 20)
    run(lambda: hub.act(a1.id, "close", 1))  # served 7:00
    a2 = run(lambda: hub.call_next(1))  # A-002 waited 15:00: late, owed
    at(clock, 8, 21)
    run(lambda: hub.act(a2.id, "recall", 1))  # a recall is not a new call
    at(clock, 8, 22)
    run(lambda: hub.act(a2.id, "no-show", 1))
    at(clock, 8, 25)
    run(lambda: hub.record_compensation("fee_differs", a1.id, "Rp 10.000", 1, NIP))
    at(clock, 8, 30)
    c1 = run(lambda: hub.call_next(4))  # C-001 waited 20:00: late, owed
    at(clock, 8, 31)
    run(lambda: hub.act(c1.id, "transfer", 4, to_service="bpjs", to_counter=None))
    at(clock, 8, 35)
    run(lambda: hub.call_next(7))  # C-001 again, at BPJS: waited 4:00 since the transfer
    at(clock, 8, 36)
    run(lambda: hub.act(c1.id, "serve", 7))
    at(clock, 8, 40)
    run(lambda: hub.incident("kiosk-lobby", "paper_out", "Kertas habis"))
    at(clock, 8, 46)
    run(lambda: hub.act(c1.id, "close", 7))  # served 10:00
    at(clock, 8, 47)
    run(lambda: hub.settle_compensation(c1.compensation.id, "given", "", 7, None))
    at(clock, 8, 50)
    run(lambda: hub.issue("informasi"))  # still waiting when the day ends


def test_every_figure_of_a_day(hub: Hub, clock: FixedClock) -> None:
    play_the_day(hub, clock)
    recap = hub.recap(periods.day("2026-11-23")).model_dump()
    services = {s["code"]: s for s in recap["services"]}
    assert {k: services["informasi"][k] for k in (
        "issued", "calls", "served", "no_show", "transferred", "unserved", "avg_wait_s",
        "max_wait_s", "avg_service_s", "called_within_threshold")} == {
        "issued": 3, "calls": 2, "served": 1, "no_show": 1, "transferred": 0, "unserved": 1,
        "avg_wait_s": 810, "max_wait_s": 900, "avg_service_s": 420,
        "called_within_threshold": 0.5,
    }  # fmt: skip
    dukcapil = services["dukcapil"]
    assert (dukcapil["issued"], dukcapil["calls"], dukcapil["served"], dukcapil["transferred"],
            dukcapil["avg_wait_s"], dukcapil["avg_service_s"],
            dukcapil["called_within_threshold"]) == (1, 1, 0, 1, 1200, None, 0.0)  # fmt: skip
    bpjs = services["bpjs"]
    assert (bpjs["issued"], bpjs["transferred_in"], bpjs["calls"], bpjs["served"],
            bpjs["avg_wait_s"], bpjs["avg_service_s"]) == (0, 1, 1, 1, 240, 600)  # fmt: skip
    totals = recap["totals"]
    assert (totals["issued"], totals["calls"], totals["served"], totals["no_show"],
            totals["transferred"], totals["unserved"], totals["avg_wait_s"],
            totals["max_wait_s"], totals["avg_service_s"],
            totals["called_within_threshold"]) == (4, 4, 2, 1, 1, 1, 765, 1200, 510, 0.5)  # fmt: skip

    counters = {c["number"]: c for c in recap["counters"]}
    assert (counters[1]["calls"], counters[1]["served"], counters[1]["no_show"],
            counters[1]["avg_service_s"], counters[1]["officers"]) == (
        2, 1, 1, 420, ["Siti Rahmawati"])  # fmt: skip
    assert (counters[4]["calls"], counters[4]["transferred"], counters[4]["served"]) == (1, 1, 0)
    assert (counters[7]["calls"], counters[7]["served"], counters[7]["avg_service_s"]) == (
        1,
        1,
        600,
    )
    (officer,) = recap["officers"]
    assert (officer["name"], officer["calls"], officer["served"], officer["no_show"]) == (
        "Siti Rahmawati", 2, 1, 1)  # fmt: skip

    compensation = recap["compensation"]
    assert (compensation["total"], compensation["owed"], compensation["given"]) == (3, 2, 1)
    assert compensation["by_kind"]["late_service"] | {"title": ""} == {
        "title": "", "owed": 1, "given": 1, "waived": 0}  # fmt: skip
    assert compensation["by_kind"]["fee_differs"]["owed"] == 1
    assert [(c["number"], c["kind"], c["state"]) for c in compensation["cases"]] == [
        ("A-002", "late_service", "owed"), ("A-001", "fee_differs", "owed"),
        ("C-001", "late_service", "given"),
    ]  # fmt: skip
    assert [(i["device"], i["kind"]) for i in recap["incidents"]] == [("kiosk-lobby", "paper_out")]
    assert recap["hours"] == [{"hour": 8, "arrivals": 4, "avg_wait_s": 765}]


def test_an_empty_day(hub: Hub) -> None:
    recap = hub.recap(periods.day("2026-11-22")).model_dump()
    assert recap["totals"]["issued"] == 0
    assert recap["totals"]["avg_wait_s"] is None
    assert len(recap["services"]) == 7
    assert recap["compensation"]["total"] == 0
    assert recap["hours"] == []


def test_the_day_before_a_holiday_keeps_its_own_tickets(hub: Hub, clock: FixedClock) -> None:
    # Thursday 24 December 2026; the 25th is Christmas, the office is closed.
    at(clock, 18, 50, day=24, month=12)
    hub.run(lambda: hub.issue("samsat"))
    at(clock, 18, 55, day=24, month=12)
    hub.run(lambda: hub.call_next(8))
    hub.run(lambda: hub.issue("samsat"))  # nobody calls it before closing
    at(clock, 9, 0, day=25, month=12)
    hub.engine.refresh()  # the hub rolls over into the holiday
    before = hub.recap(periods.day("2026-12-24")).model_dump()
    holiday = hub.recap(periods.day("2026-12-25")).model_dump()
    samsat = {s["code"]: s for s in before["services"]}["samsat"]
    assert (samsat["issued"], samsat["calls"], samsat["unserved"]) == (2, 1, 1)
    assert holiday["totals"]["issued"] == 0


def test_a_month_adds_up_its_days(hub: Hub, clock: FixedClock) -> None:
    play_the_day(hub, clock)
    at(clock, 9, 0, day=24)
    hub.run(lambda: hub.issue("informasi"))
    month = hub.recap(periods.month("2026-11")).model_dump()
    assert month["period"] == "2026-11"
    assert month["totals"]["issued"] == 5
    assert month["totals"]["unserved"] == 2


def test_cli_recap_text_csv_json(hub: Hub, clock: FixedClock, tmp_path: Path) -> None:
    play_the_day(hub, clock)
    data = ["--data", str(tmp_path), "--config", str(CONFIG_DIR / "office.toml")]
    runner = CliRunner()
    text = runner.invoke(main, ["recap", "--date", "2026-11-23", *data])
    assert text.exit_code == 0, text.output
    assert "Senin, 23 November 2026" in text.output
    assert (
        "Informasi & Customer Service       3      1       1    0    1  13:30  15:00   7:00   50%"
        in text.output
    )
    assert (
        "08.20 WITA  A-002    Loket 1  Terlambat melayani (≥ 15 menit)  [belum diberikan]"
        in text.output
    )
    assert "08.40 WITA  kiosk-lobby: kertas habis. Kertas habis" in text.output
    table = runner.invoke(main, ["recap", "--date", "2026-11-23", "--format", "csv", *data])
    assert (
        "2026-11-23,service,informasi,Informasi & Customer Service,3,1,1,0,1,810,900,420,0.5"
        in table.output
    )
    bad = runner.invoke(main, ["recap", "--date", "23-11-2026", *data])
    assert bad.exit_code == 1
    assert "date must be YYYY-MM-DD" in bad.output


def test_a_past_day_is_kept_and_gives_the_same_figures(hub: Hub, clock: FixedClock) -> None:
    play_the_day(hub, clock)
    at(clock, 9, 0, day=24)
    hub.engine.refresh()
    fresh = hub.recap(periods.day("2026-11-23")).model_dump()
    rows = list(hub.store.db.query("SELECT business_date, rules FROM recap_days"))
    assert rows == [{"business_date": "2026-11-23", "rules": "3|15|Asia/Makassar"}]
    assert hub.recap(periods.day("2026-11-23")).model_dump() == fresh  # from the kept figures now
    # Today is never kept: it is still changing.
    hub.run(lambda: hub.issue("samsat"))
    assert hub.recap(periods.day("2026-11-24")).model_dump()["totals"]["issued"] == 1
    assert [r["business_date"] for r in hub.store.db.query("SELECT * FROM recap_days")] == [
        "2026-11-23"
    ]


def test_a_case_settled_the_next_day_counts_as_given_in_the_month(
    hub: Hub, clock: FixedClock
) -> None:
    at(clock, 8, 0)
    hub.run(lambda: hub.issue("dukcapil"))
    at(clock, 8, 20)
    called = hub.run(lambda: hub.call_next(4))
    at(clock, 9, 0, day=24)
    hub.run(lambda: hub.settle_compensation(called.compensation.id, "given", "", 4, None))
    day = hub.recap(periods.day("2026-11-23")).model_dump()["compensation"]
    month = hub.recap(periods.month("2026-11")).model_dump()["compensation"]
    assert (day["owed"], day["given"]) == (1, 0)  # at the end of the 23rd it was owed
    assert (month["owed"], month["given"]) == (0, 1)


def test_the_hub_keeps_past_days_ahead_of_the_monthly_recap(hub: Hub, clock: FixedClock) -> None:
    play_the_day(hub, clock)
    at(clock, 9, 0, day=24)
    hub.run(lambda: hub.issue("samsat"))
    assert hub.keep_recaps() == 1  # the 23rd; today (the 24th) is never kept
    assert hub.keep_recaps() == 0
    kept = [r["business_date"] for r in hub.store.db.query("SELECT * FROM recap_days")]
    assert kept == ["2026-11-23"]


def test_the_recap_route_declares_the_recap_model(hub: Hub, clock: FixedClock) -> None:
    schema = create_app(hub).openapi()
    reply = schema["paths"]["/api/v1/recap"]["get"]["responses"]["200"]
    assert reply["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Recap"}
    fields = schema["components"]["schemas"]["Recap"]["properties"]
    assert {"period", "totals", "services", "counters", "officers", "compensation",
            "incidents", "hours"} <= set(fields)  # fmt: skip
    play_the_day(hub, clock)
    token = create_token(hub.store, "fo", "fo-1")
    with TestClient(create_app(hub)) as client:
        reply = client.get("/api/v1/recap?date=2026-11-23",
                           headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert reply.json() == hub.recap(periods.day("2026-11-23")).model_dump()
