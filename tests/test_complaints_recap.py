"""The monthly complaint recap against a driven month (issue #14): counts agree with
what was done, in JSON, CSV and text, through `antrian complaints recap`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from antrian.cli import main
from common.paths import CONFIG_DIR
from hub.config_file import load_office
from hub.engine import FixedClock
from hub.engine.working_days import WorkingDays
from hub.service import Hub
from hub.store import Store
from protocol.complaints import (
    AnswerRequest,
    CloseRequest,
    ComplaintRequest,
    VerifyRequest,
)
from tests.conftest import WITA

CONFIG = CONFIG_DIR / "office.toml"


def drive_november(data_dir: Path) -> dict[str, str]:
    """Five complaints from 2 November to 4 December 2026 (no holiday in November)."""
    clock = FixedClock(dt.datetime(2026, 11, 2, 9, 0, tzinfo=WITA))
    hub = Hub(load_office(CONFIG), Store.in_data_dir(data_dir), clock)
    ids: dict[str, str] = {}
    desk = hub.complaints

    def on(day: int, month: int = 11) -> None:
        clock.set(dt.datetime(2026, month, day, 10, 0, tzinfo=WITA))

    def run(work: Callable[[], object]) -> None:
        hub.run(work)

    def file(key: str, channel: str, service: str | None = None) -> None:
        request = ComplaintRequest(channel=channel, summary=key, service=service)  # type: ignore[arg-type]
        ids[key] = hub.run(lambda: desk.file(request, "fo-1")).id

    def answer(key: str) -> None:
        run(lambda: desk.act(ids[key], "answer", AnswerRequest(answer="ok"), "fo-1"))

    def close(key: str, satisfied: bool) -> None:
        run(lambda: desk.act(ids[key], "close", CloseRequest(satisfied=satisfied), "fo-1"))

    try:
        on(2)
        file("late", "whatsapp")  # due 11 Nov, never answered
        file("quick", "loket", "perizinan")
        run(lambda: desk.act(ids["quick"], "verify", VerifyRequest(), "fo-1"))
        on(4)
        answer("quick")  # 2 working days
        on(5)
        close("quick", satisfied=False)  # up again...
        on(6)
        answer("quick")
        close("quick", satisfied=True)  # ...and satisfied
        on(9)
        file("slow", "surat")  # due 18 Nov
        run(lambda: desk.act(ids["slow"], "verify", VerifyRequest(), "fo-1"))
        on(20)
        answer("slow")  # 9 working days: late
        close("slow", satisfied=False)
        on(23)
        file("december", "email")  # due 2 Dec, answered 4 Dec
        run(lambda: desk.act(ids["december"], "verify", VerifyRequest(), "fo-1"))
        on(1, 12)
        file("next_month", "sms")
        on(4, 12)
        answer("december")
        assert len(hub.run(desk.open_late)) == 1 + 0  # "late" only: "december" was on time
    finally:
        hub.close()
    return ids


def recap(data_dir: Path, output: str, month: str = "2026-11") -> str:
    result = CliRunner().invoke(
        main,
        ["complaints", "recap", "--month", month, "--format", output,
         "--config", str(CONFIG), "--data", str(data_dir)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_the_month_recap_agrees_with_what_was_done(data_dir: Path) -> None:
    drive_november(data_dir)
    figures = json.loads(recap(data_dir, "json"))
    assert figures["month"] == "2026-11"
    assert figures["as_of"] == "2026-11-30"
    assert (figures["received"], figures["answered"], figures["answered_on_time"]) == (4, 2, 1)
    assert figures["overdue_open"] == 1
    assert (figures["satisfied"], figures["not_satisfied"]) == (1, 1)
    assert figures["avg_working_days_to_answer"] == 5.5  # (2 + 9) / 2
    channels = {k: v for k, v in figures["by_channel"].items() if v}
    assert channels == {"whatsapp": 1, "loket": 1, "surat": 1, "email": 1}
    assert len(figures["by_channel"]) == 10
    assert figures["by_service"] == {"-": 3, "perizinan": 1}
    december = json.loads(recap(data_dir, "json", "2026-12"))
    assert (december["received"], december["answered"]) == (1, 0)


def from_the_log(data_dir: Path, month: str, as_of: dt.date) -> dict[str, object]:
    """The month's figures counted straight from the events table (the log), apart from
    the hub's projection and fold: what the recap must agree with exactly."""
    store = Store.in_data_dir(data_dir)
    try:
        rows = store.conn.execute(
            "SELECT type, business_date, data FROM events WHERE type LIKE 'complaint.%' "
            "ORDER BY seq"
        ).fetchall()
    finally:
        store.close()
    histories: dict[str, list[tuple[str, dt.date, dict]]] = {}
    for kind, day, data in rows:
        event = json.loads(data)
        histories.setdefault(event["complaint_id"], []).append(
            (kind, dt.date.fromisoformat(day), event)
        )
    calendar = WorkingDays(load_office(CONFIG))
    counts: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    services: Counter[str] = Counter()
    days = []
    for history in histories.values():
        kind, received_on, received = history[0]
        if kind != "complaint.received" or received_on.isoformat()[:7] != month:
            continue
        steps = [step for step in history if step[1] <= as_of]  # as it stood at as_of
        due = dt.date.fromisoformat(received["due_date"])
        counts["received"] += 1
        channels[received["channel"]] += 1
        services[received["service"] or "-"] += 1
        answers = [day for kind, day, _ in steps if kind == "complaint.answered"]
        if answers:
            counts["answered"] += 1
            counts["answered_on_time"] += answers[0] <= due
            days.append(calendar.between(received_on, answers[0]))
        elif as_of > due:
            counts["overdue_open"] += 1
        said = [event["satisfied"] for kind, _, event in steps if kind == "complaint.closed"]
        if said:
            counts["satisfied" if said[-1] else "not_satisfied"] += 1
    keys = ("received", "answered", "answered_on_time", "overdue_open", "satisfied",
            "not_satisfied")  # fmt: skip
    return {
        **{key: counts[key] for key in keys},
        "by_channel": dict(channels),
        "by_service": dict(sorted(services.items())),
        "avg_working_days_to_answer": round(sum(days) / len(days), 2) if days else None,
    }


@pytest.mark.parametrize(("month", "as_of"), [("2026-11", dt.date(2026, 11, 30)),
                                              ("2026-12", dt.date(2026, 12, 3))])  # fmt: skip
def test_the_recap_equals_a_count_of_the_log_itself(
    data_dir: Path, month: str, as_of: dt.date
) -> None:
    drive_november(data_dir)
    figures = json.loads(recap(data_dir, "json", month))
    if figures["as_of"] != as_of.isoformat():  # December runs to today, whatever today is
        as_of = dt.date.fromisoformat(figures["as_of"])
    expected = from_the_log(data_dir, month, as_of)
    shown = {key: figures[key] for key in expected}
    shown["by_channel"] = {code: n for code, n in figures["by_channel"].items() if n}
    assert shown == expected


def test_the_recap_in_csv_and_text(data_dir: Path) -> None:
    drive_november(data_dir)
    rows = dict(csv.reader(io.StringIO(recap(data_dir, "csv"))))
    assert rows["received"] == "4"
    assert rows["answered_on_time"] == "1"
    assert rows["by_channel.surat"] == "1"
    assert rows["by_service.perizinan"] == "1"
    text = recap(data_dir, "text")
    assert "REKAP PENGADUAN NOVEMBER 2026" in text
    assert "Pengaduan diterima          : 4" in text
    assert "Rata-rata waktu menjawab    : 5,50 hari kerja" in text


def test_a_wrong_month_is_one_clear_line(data_dir: Path) -> None:
    result = CliRunner().invoke(
        main, ["complaints", "recap", "--month", "2026-13", "--data", str(data_dir),
               "--config", str(CONFIG)],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "month must be YYYY-MM" in result.output


def test_the_complaint_duty_is_given_and_taken_by_the_command(data_dir: Path) -> None:
    from hub.officers import add_officer

    store = Store.in_data_dir(data_dir)
    try:
        add_officer(store, "199001012020011001", "Rina", "246810")
    finally:
        store.close()
    base = ["complaints", "duty", "--data", str(data_dir), "--nip"]
    given = CliRunner().invoke(main, [*base, "199001012020011001"])
    assert given.exit_code == 0, given.output
    assert "complaint duty on, at the desk" in given.output
    staged = CliRunner().invoke(main, [*base, "199001012020011001", "--stage", "kabid",
                                       "--config", str(CONFIG)])  # fmt: skip
    assert staged.exit_code == 0, staged.output
    assert "at stage kabid (Kepala Bidang)" in staged.output
    wrong = CliRunner().invoke(main, [*base, "199001012020011001", "--stage", "camat",
                                      "--config", str(CONFIG)])  # fmt: skip
    assert wrong.exit_code == 1
    assert "no stage 'camat' in [complaints].stages; allowed: tim, kabid, kepala" in wrong.output
    taken = CliRunner().invoke(main, [*base, "199001012020011001", "--off"])
    assert "complaint duty off" in taken.output
    unknown = CliRunner().invoke(main, [*base, "12345678"])
    assert unknown.exit_code == 1
    assert "no officer with NIP 12345678" in unknown.output


def test_the_recap_as_a_pdf_page(data_dir: Path, tmp_path: Path) -> None:
    drive_november(data_dir)
    path = tmp_path / "pengaduan.pdf"
    result = CliRunner().invoke(
        main,
        ["complaints", "recap", "--month", "2026-11", "--format", "pdf", "--output", str(path),
         "--config", str(CONFIG), "--data", str(data_dir)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    first = path.read_bytes()
    assert first.startswith(b"%PDF")
    assert b"/Count 1" in first  # one page
    CliRunner().invoke(
        main,
        ["complaints", "recap", "--month", "2026-11", "--format", "pdf", "--output", str(path),
         "--config", str(CONFIG), "--data", str(data_dir)],
    )  # fmt: skip
    assert path.read_bytes() == first  # the same recap, the same file
    missing = CliRunner().invoke(
        main, ["complaints", "recap", "--month", "2026-11", "--format", "pdf",
               "--config", str(CONFIG), "--data", str(data_dir)],
    )  # fmt: skip
    assert "--format pdf needs --output" in missing.output
