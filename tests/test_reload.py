"""The hub takes a changed config file, and keeps running on the old one if it is bad."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from common.paths import CONFIG_DIR
from hub.config_file import load_office
from hub.engine import FixedClock
from hub.reload import ConfigWatcher
from hub.service import Hub
from hub.store import Store


def rewrite(path: Path, text: str, bump: int) -> None:
    path.write_text(text)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + bump))  # a new mtime, surely


def test_bad_config_is_ignored_good_one_taken(tmp_path: Path, clock: FixedClock, caplog) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "office.toml"
    original = (CONFIG_DIR / "office.toml").read_text()
    path.write_text(original)
    hub = Hub(load_office(path), Store(), clock)
    watcher = ConfigWatcher(hub, path)
    try:
        rewrite(path, original.replace("threshold_minutes = 15", "threshold_minutes = -1"), 1)
        assert asyncio.run(watcher.check()) is False
        assert "config change ignored" in caplog.text
        assert "compensation.threshold_minutes" in caplog.text
        assert hub.office.compensation.threshold_minutes == 15

        rewrite(path, original.replace("threshold_minutes = 15", "threshold_minutes = 20"), 2)
        assert asyncio.run(watcher.check()) is True
        assert hub.engine.office.compensation.threshold_minutes == 20
        assert asyncio.run(watcher.check()) is False  # unchanged since
    finally:
        hub.close()
