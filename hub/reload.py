"""Watch the office config file; take a valid change, keep the old config on a bad one."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from hub.config_file import load_office
from hub.errors import ConfigError
from hub.service import Hub

log = logging.getLogger(__name__)


class ConfigWatcher:
    def __init__(self, hub: Hub, path: Path, interval_s: float = 2.0) -> None:
        self.hub, self.path, self.interval_s = hub, path, interval_s
        self._seen = self._stamp()
        self._task: asyncio.Task[None] | None = None

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    async def start(self) -> None:
        self._task = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            await self.check()

    async def check(self) -> bool:
        """Reload if the file changed; True when a new config was taken."""
        stamp = self._stamp()
        if stamp is None or stamp == self._seen:
            return False
        self._seen = stamp
        try:
            office = load_office(self.path)
        except ConfigError as error:
            # A half-saved or mistyped file must not take the office down.
            log.error("config change ignored, the hub keeps the previous one:\n%s", error)
            return False
        await self.hub.submit(lambda: self.hub.reconfigure(office))
        log.info("config reloaded from %s", self.path)
        return True
