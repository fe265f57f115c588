"""The hub announces itself on the LAN as `_antrian._tcp.local.` (contract)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket

import ifaddr
from zeroconf import InterfaceChoice, IPVersion
from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

from common import __version__

SERVICE_TYPE = "_antrian._tcp.local."
API_PATH = "/api/v1"
log = logging.getLogger(__name__)


def advertised_addresses(host: str) -> list[str]:
    """The IPv4 addresses appliances should use: the bound one, or every non-loopback one."""
    if host not in ("", "0.0.0.0"):  # noqa: S104 - comparing, not binding
        return [host]
    addresses = [
        str(ip.ip)
        for adapter in ifaddr.get_adapters()
        for ip in adapter.ips
        if ip.is_IPv4 and not str(ip.ip).startswith("127.")
    ]
    return addresses or ["127.0.0.1"]


def service_info(office_name: str, host: str, port: int) -> AsyncServiceInfo:
    hostname = socket.gethostname().split(".")[0] or "antrian-hub"
    # A DNS label holds 63 bytes; keep the office name short enough for the host suffix.
    instance = f"{office_name[:40]} ({hostname[:20]})"
    return AsyncServiceInfo(
        SERVICE_TYPE,
        f"{instance}.{SERVICE_TYPE}",
        port=port,
        parsed_addresses=advertised_addresses(host),
        server=f"{hostname}.local.",
        properties={"path": API_PATH, "office": office_name, "version": __version__},
    )


class Advert:
    def __init__(self, office_name: str, host: str, port: int) -> None:
        self.info = service_info(office_name, host, port)
        interfaces: InterfaceChoice | list[str] = (
            InterfaceChoice.All if host in ("", "0.0.0.0") else [host]  # noqa: S104
        )
        self._interfaces = interfaces
        self._zeroconf: AsyncZeroconf | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        # Probing takes ~1.6 s; the API answers meanwhile.
        self._task = asyncio.create_task(self._register())

    async def _register(self) -> None:
        try:
            self._zeroconf = AsyncZeroconf(interfaces=self._interfaces, ip_version=IPVersion.V4Only)
            await (await self._zeroconf.async_register_service(self.info, allow_name_change=True))
            log.info("advertised %s on mDNS", self.info.name)
        except OSError as exc:
            log.warning("mDNS advert failed (%s); appliances need hub.url in their config", exc)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._zeroconf:
            await self._zeroconf.async_unregister_all_services()
            await self._zeroconf.async_close()
