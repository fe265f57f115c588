"""Run the hub: the store, the engine, the API on uvicorn, and the mDNS advert."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import uvicorn

from hub.advert import Advert
from hub.api import create_app
from hub.config import Office
from hub.engine import Clock, OffsetClock, SystemClock
from hub.errors import HubError
from hub.reload import ConfigWatcher
from hub.service import Hub
from hub.store import Store

log = logging.getLogger(__name__)


async def keep_recaps(hub: Hub, every_s: float = 3600) -> None:
    """Keep past business days' recap figures, off the writer thread, once an hour."""
    loop = asyncio.get_running_loop()
    while True:
        try:
            kept = await loop.run_in_executor(None, hub.keep_recaps)
            if kept:
                log.info("kept the recap figures of %d past day(s)", kept)
        except (sqlite3.Error, HubError) as error:
            log.warning("keeping recap figures failed, will retry: %s", error)
        await asyncio.sleep(every_s)


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
    advert = Advert(office.office.short_name, host, port) if advertise else None
    watcher = ConfigWatcher(hub, config_path)

    keeper: list[asyncio.Task[None]] = []

    async def started() -> None:
        await watcher.start()
        keeper.append(asyncio.create_task(keep_recaps(hub)))
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
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        access_log=access_log,
        log_level="info",
        timeout_graceful_shutdown=3,
        ws_ping_interval=10,
        ws_ping_timeout=10,
    )
    try:
        uvicorn.Server(config).run()
    finally:
        hub.close()
