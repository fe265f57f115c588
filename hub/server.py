"""Run the hub: the store, the engine, the API on uvicorn, and the mDNS advert."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

from hub import backup
from hub.advert import Advert
from hub.api import create_app
from hub.config import Office
from hub.engine import Clock, OffsetClock, SystemClock
from hub.errors import HubError
from hub.listener import serve_http
from hub.reload import ConfigWatcher
from hub.service import Hub
from hub.store import Store

log = logging.getLogger(__name__)


async def keep_recaps(hub: Hub, backup_dir: Path, every_s: float = 3600) -> None:
    """Hourly, off the writer thread: keep past days' recap figures, and take the day's
    online backup when none exists yet for today (with retention)."""
    loop = asyncio.get_running_loop()
    while True:
        try:
            kept = await loop.run_in_executor(None, hub.keep_recaps)
            if kept:
                log.info("kept the recap figures of %d past day(s)", kept)
            made = await loop.run_in_executor(None, daily_backup, hub, backup_dir)
            if made:
                log.info("backup written: %s", made)
        except (sqlite3.Error, HubError) as error:
            log.warning("daily chores failed, will retry in an hour: %s", error)
        await asyncio.sleep(every_s)


def daily_backup(hub: Hub, backup_dir: Path) -> Path | None:
    """One online backup per day (office time), then drop those past retention."""
    assert hub.store.path is not None  # noqa: S101 - the hub always runs on a file
    latest = backup.latest_backup(backup_dir)
    today = hub.engine.business_date_of(hub.engine.now())
    if latest is not None:
        taken = backup.backups(backup_dir)[-1][0]
        if hub.engine.business_date_of(taken) >= today:
            return None
    now = hub.engine.now()
    made = backup.backup(hub.store.path, backup_dir, now)
    backup.prune(backup_dir, hub.office.hub.backup_keep_days, now=now)
    return made


def serve(
    office: Office,
    config_path: Path,
    data_dir: Path,
    host: str,
    port: int,
    *,
    advertise: bool = True,
    test_clock: bool = False,
    access_log: bool = False,
) -> None:
    store = Store.in_data_dir(data_dir)
    clock: Clock = OffsetClock() if test_clock else SystemClock()
    hub = Hub(office, store, clock)
    hub.config_path = config_path
    advert = Advert(office.office.short_name, host, port) if advertise else None
    watcher = ConfigWatcher(hub, config_path)

    keeper: list[asyncio.Task[None]] = []

    async def started() -> None:
        await watcher.start()
        backups = Path(office.hub.backup_dir) if office.hub.backup_dir else data_dir / "backups"
        keeper.append(asyncio.create_task(keep_recaps(hub, backups)))
        if advert:
            await advert.start()
        print(  # noqa: T201 - the line a technician and the tests look for
            f"Antrian hub for {office.office.name}: http://{host}:{port}/api/v1 "
            f"(data: {store.path})",
            flush=True,
        )

    async def stopping() -> None:
        await watcher.stop()
        for task in keeper:
            task.cancel()
        if advert:
            await advert.stop()

    app = create_app(hub, on_startup=started, on_shutdown=stopping)
    try:
        serve_http(app, host, port, access_log=access_log)
    finally:
        hub.close()
