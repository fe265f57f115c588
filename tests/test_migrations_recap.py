"""Migration 6 (the recap's rows, hub.recap_log): a store an older Antrian left, or an
older backup put back with `antrian restore`, gets the rows of the events already in its
log on upgrade, and its recap is the one its log gives."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from antrian.cli import main
from common.paths import CONFIG_DIR
from hub import periods, recap_cache
from hub.backup import backup
from hub.migrations import LATEST
from hub.store import DATABASE_NAME, Store
from tests.test_recap_fold import OFFICE, as_before_the_recap_rows, play, reference, rows_of

NOW = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
MONTH = periods.month("2026-11")


def test_an_older_store_gets_its_recap_rows_from_its_log_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_NAME
    store = Store(path)
    play(store, OFFICE, seed=12, steps=400)
    written = rows_of(store)
    assert len(written[0]) > 100  # issues, calls, closes...
    assert written[1]  # and late calls' cases
    as_before_the_recap_rows(store)
    store.close()

    upgraded = Store(path)
    try:
        assert upgraded.schema_version() == LATEST
        assert rows_of(upgraded) == written
        got = recap_cache.recap(upgraded, OFFICE, MONTH, dt.date(2026, 12, 1))
        assert got.model_dump() == reference(upgraded, OFFICE, MONTH)
    finally:
        upgraded.close()


def test_an_older_backup_restored_is_upgraded_with_its_recap_rows(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = Store.in_data_dir(data_dir)
    play(store, OFFICE, seed=5, steps=300)
    expected = reference(store, OFFICE, periods.day("2026-11-23"))
    as_before_the_recap_rows(store)
    store.close()
    made = backup(data_dir / DATABASE_NAME, tmp_path / "backups", NOW)
    older = Store(made, migrate=False)
    assert older.schema_version() == 5
    older.close()

    runner = CliRunner()
    new_dir = tmp_path / "new"
    restored = runner.invoke(main, ["restore", str(made), "--data", str(new_dir), "--yes"])
    assert restored.exit_code == 0, restored.output
    recap = runner.invoke(main, ["recap", "--date", "2026-11-23", "--format", "json",
                                 "--data", str(new_dir), "--config", str(CONFIG_DIR / "demo.toml")])  # fmt: skip
    assert recap.exit_code == 0, recap.output
    got = json.loads(recap.output)
    assert got.pop("survey")["respondents"] == 0  # the survey joins the recap apart
    assert got == {k: v for k, v in json.loads(json.dumps(expected)).items() if k != "survey"}
    upgraded = Store(new_dir / DATABASE_NAME)
    try:
        assert upgraded.schema_version() == LATEST
        (rows,) = upgraded.conn.execute("SELECT count(*) FROM recap_log").fetchone()
        assert rows > 50
    finally:
        upgraded.close()


def test_an_unreadable_event_in_an_older_log_does_not_stop_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_NAME
    old = Store(path, migrate=False)
    old.migrate(target=5)
    with old.write():
        for data in (
            '{"type": "device.incident", "n": 1}',
            "not json",
            '["a list"]',
            '{"type": "ticket.called", "at": "2026-11-23T01:00:00.000Z"}',
        ):
            old.conn.execute(
                "INSERT INTO events (type, at, business_date, data) VALUES (?, ?, ?, ?)",
                ("device.incident", "2026-11-23T01:00:00.000Z", "2026-11-23", data),
            )  # fmt: skip
    old.close()
    upgraded = Store(path)
    try:
        assert upgraded.schema_version() == LATEST
        kinds = upgraded.conn.execute("SELECT seq, kind FROM recap_log ORDER BY seq").fetchall()
        assert kinds == [(1, 10), (4, 2)]  # the JSON objects of recap types, as they are
    finally:
        upgraded.close()
