"""The hub's own daily online backup: one a day, kept for the configured days."""

from __future__ import annotations

from pathlib import Path

from hub.config import Office
from hub.engine import FixedClock
from hub.server import daily_backup
from hub.service import Hub
from hub.store import Store
from tests.conftest import SequentialIds


def test_one_backup_a_day_with_retention(
    tmp_path: Path, real_office: Office, clock: FixedClock
) -> None:
    hub = Hub(real_office, Store(tmp_path / "antrian.sqlite3"), clock, SequentialIds())
    backups = tmp_path / "backups"
    try:
        hub.run(lambda: hub.issue("dukcapil"))
        first = daily_backup(hub, backups)
        assert first is not None
        assert daily_backup(hub, backups) is None  # today's is taken
        clock.advance(24 * 3600)
        assert daily_backup(hub, backups) is not None
        clock.advance(40 * 24 * 3600)
        daily_backup(hub, backups)
        kept = sorted(p.name for p in backups.glob("antrian-*.sqlite3"))
        assert len(kept) == 3  # older than 30 days, but the newest 3 always stay
        restored = Store(first)
        assert restored.last_seq() == 1
        restored.close()
    finally:
        hub.close()
