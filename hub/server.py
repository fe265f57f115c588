"""Run the hub: the store, the engine, the API on uvicorn, and the mDNS advert.

Start-up is on the clock: after a crash the counters wait until the hub answers. So the
data folder's lock comes first (a second hub refuses at once), the store's check runs
in a thread while the web stack is imported, and the mDNS advert and the daily chores
start after the socket is open.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from hub import backup, complaint_service, datadir
from hub.config import Office
from hub.errors import HubError

if TYPE_CHECKING:
    from hub.advert import Advert
    from hub.service import Hub

log = logging.getLogger(__name__)


# The first chores wait a little, so they never slow the hub's first answers.
FIRST_CHORES_AFTER_S = 20.0


async def keep_recaps(
    hub: Hub, backup_dir: Path, every_s: float = 3600, first_after_s: float = FIRST_CHORES_AFTER_S
) -> None:
    """Hourly, off the writer thread: keep past days' recap figures, and take the day's
    online backup when none exists yet for today (with retention)."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(first_after_s)
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
    public_port: int | None = None,
    advertise: bool = True,
    test_clock: bool = False,
    access_log: bool = False,
    late_check_s: float = complaint_service.LATE_CHECK_S,
) -> None:
    """Hold the data folder, check its store, and serve until stopped: the API on `port`,
    the citizens' pages on `public_port` (default: `[public] port`)."""
    with datadir.locked(data_dir, "hub"):
        backups = Path(office.hub.backup_dir) if office.hub.backup_dir else data_dir / "backups"
        store_path = data_dir / datadir.DATABASE_NAME
        with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="store-check") as pool:
            # SQLite's check releases the GIL: it runs while the web stack is imported.
            checked = pool.submit(datadir.check_store, store_path, backups)
            _serve(office, config_path, data_dir, backups, checked, host, port,
                   public_port or office.public.port,
                   advertise=advertise, test_clock=test_clock, access_log=access_log,
                   late_check_s=late_check_s)  # fmt: skip


def _serve(
    office: Office,
    config_path: Path,
    data_dir: Path,
    backups: Path,
    checked: concurrent.futures.Future[None],
    host: str,
    port: int,
    public_port: int,
    *,
    advertise: bool,
    test_clock: bool,
    access_log: bool,
    late_check_s: float,
) -> None:
    # Imported here, not at the top: these take most of the start-up time, and the
    # store's check runs beside them.
    from hub.api import create_app
    from hub.engine import Clock, OffsetClock, SystemClock
    from hub.forwarder import Forwarder
    from hub.listener import SecondListener, serve_http
    from hub.public.address import public_base
    from hub.public.app import create_public_app
    from hub.reload import ConfigWatcher
    from hub.service import Hub
    from hub.store import Store

    checked.result()  # a damaged store stops here, with one line saying what to do
    store = Store.in_data_dir(data_dir)
    clock: Clock = OffsetClock() if test_clock else SystemClock()
    hub = Hub(office, store, clock)
    hub.config_path = config_path
    hub.forwarder = Forwarder.of(office, data_dir / datadir.DATABASE_NAME, config_path)
    watcher = ConfigWatcher(hub, config_path)

    keeper: list[asyncio.Task[None]] = []
    adverts: list[Advert] = []

    async def started() -> None:
        await watcher.start()
        if hub.forwarder is not None:
            hub.forwarder.start()
        keeper.append(asyncio.create_task(keep_recaps(hub, backups)))
        keeper.append(asyncio.create_task(complaint_service.open_late_cases(hub, late_check_s)))
        if advertise:
            keeper.append(asyncio.create_task(_advertise(office, host, port, adverts)))
        hub.public_url = public_base(office, host, public_port)
        print(  # noqa: T201 - the line a technician and the tests look for
            f"Antrian hub for {office.office.name}: http://{host}:{port}/api/v1 "
            f"(data: {store.path}); phones: {hub.public_url}/t/...",
            flush=True,
        )

    async def stopping() -> None:
        await watcher.stop()
        if hub.forwarder is not None:
            hub.forwarder.stop()
        for task in keeper:
            task.cancel()
        for advert in adverts:
            await advert.stop()

    app = create_app(hub, on_startup=started, on_shutdown=stopping)
    # Behind a reverse proxy every phone comes from the proxy's address: no cap per address.
    behind_proxy = bool(office.public.proxies)
    pages = create_public_app(hub)
    phones = SecondListener(
        pages,
        public_port,
        per_address=(1 << 20) if behind_proxy else None,
        stopping=pages.state.changes.close,
    )
    try:
        serve_http(app, host, port, access_log=access_log, second=phones)
    finally:
        hub.close()


async def _advertise(office: Office, host: str, port: int, adverts: list[Advert]) -> None:
    """Announce the hub on mDNS once the API is up (zeroconf loads after the socket opens)."""
    from hub.advert import Advert

    await asyncio.sleep(0)  # let uvicorn open its socket before zeroconf is imported
    advert = Advert(office.office.short_name, host, port)
    adverts.append(advert)
    await advert.start()
