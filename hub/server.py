"""Run the hub: the store, the engine, the API on uvicorn, and the mDNS advert."""

from __future__ import annotations

import logging
from pathlib import Path

import uvicorn

from hub.advert import Advert
from hub.api import create_app
from hub.config import Office
from hub.engine import Clock, OffsetClock, SystemClock
from hub.reload import ConfigWatcher
from hub.service import Hub
from hub.store import Store

log = logging.getLogger(__name__)


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

    async def started() -> None:
        await watcher.start()
        if advert:
            await advert.start()
        print(  # noqa: T201 - the line a technician and the tests look for
            f"Antrian hub for {office.office.name}: http://{host}:{port}/api/v1 "
            f"(data: {store.path})",
            flush=True,
        )

    async def stopping() -> None:
        await watcher.stop()
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
