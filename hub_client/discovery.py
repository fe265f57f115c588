"""Find the hub by browsing mDNS for `_antrian._tcp.local.`; a configured URL wins."""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
import queue
import threading
import time
import urllib.parse
from collections.abc import Iterable, Sequence

import ifaddr
from zeroconf import InterfaceChoice, IPVersion, ServiceBrowser, ServiceStateChange, Zeroconf

from hub_client.errors import DiscoveryStopped, HubNotFound

SERVICE_TYPE = "_antrian._tcp.local."
# An appliance PC may reach the hub over its Ethernet or its Wi-Fi: browse on every
# interface, as the hub advertises on every interface. Tests pass ["127.0.0.1"].
LAN_INTERFACES: InterfaceChoice | list[str] = InterfaceChoice.All
INFO_TIMEOUT_MS = 1500  # the advert's answer carries its address already; this is a re-ask
log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class HubLocation:
    url: str  # base URL of the API, e.g. http://192.168.1.10:8470/api/v1
    name: str
    office: str
    version: str


def discover(
    timeout: float = 5.0,
    interfaces: InterfaceChoice | list[str] | None = None,
    office: str | None = None,
    stop: threading.Event | None = None,
) -> HubLocation:
    """The first hub that answers on the LAN, or HubNotFound after `timeout` seconds.

    With `office` (the config's [office].short_name) a hub announcing another office is
    passed over: a second office's hub, or a test hub, on the same network is not ours.
    Setting `stop` ends the search early with DiscoveryStopped.
    """
    found: queue.Queue[str] = queue.Queue()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Added:
            found.put(name)

    chosen = LAN_INTERFACES if interfaces is None else interfaces
    try:
        zeroconf = Zeroconf(interfaces=chosen, ip_version=IPVersion.V4Only)
    except OSError as exc:  # no network yet (early boot), or no multicast on it
        raise HubNotFound(f"cannot browse mDNS on the LAN ({exc}); set hub.url") from exc
    browser = ServiceBrowser(zeroconf, SERVICE_TYPE, handlers=[on_change])
    deadline = time.monotonic() + timeout
    others: list[str] = []
    try:
        while True:
            name = _next_name(found, deadline, stop)
            if name is None:
                raise HubNotFound(_not_found(timeout, office, others))
            location = _locate(zeroconf, name)
            if location is None:
                continue
            if office is not None and location.office != office:
                log.info("passing over the hub of %r at %s", location.office, location.url)
                others.append(location.office)
                continue
            return location
    finally:
        browser.cancel()
        zeroconf.close()


def _next_name(
    found: queue.Queue[str], deadline: float, stop: threading.Event | None
) -> str | None:
    while True:
        if stop is not None and stop.is_set():
            raise DiscoveryStopped("the search for the hub was stopped")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        try:
            return found.get(timeout=min(remaining, 0.1))
        except queue.Empty:
            continue


def _locate(zeroconf: Zeroconf, name: str) -> HubLocation | None:
    info = zeroconf.get_service_info(SERVICE_TYPE, name, timeout=INFO_TIMEOUT_MS)
    if info is None or not info.parsed_addresses() or info.port is None:
        log.warning("hub %s was announced but did not give its address", name)
        return None
    properties = {key.decode(): (value or b"").decode() for key, value in info.properties.items()}
    address = reachable_first(info.parsed_addresses(), local_networks())[0]
    path = properties.get("path", "/api/v1")
    return HubLocation(
        url=f"http://{address}:{info.port}{path}",
        name=name.removesuffix("." + SERVICE_TYPE),
        office=properties.get("office", ""),
        version=properties.get("version", ""),
    )


def _not_found(timeout: float, office: str | None, others: list[str]) -> str:
    message = f"no Antrian hub answered on the LAN within {timeout:.0f} s"
    if office is not None:
        message = f"no Antrian hub of {office!r} answered on the LAN within {timeout:.0f} s"
        if others:
            message += f" (only hubs of {', '.join(repr(o) for o in sorted(set(others)))})"
    return message + "; check the hub is running, or set hub.url in the config"


def local_networks() -> list[ipaddress.IPv4Network]:
    """The IPv4 networks this machine sits on, one per address of each adapter."""
    networks = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if ip.is_IPv4:
                networks.append(ipaddress.IPv4Network(f"{ip.ip}/{ip.network_prefix}", strict=False))
    return networks


def reachable_first(
    addresses: Sequence[str], networks: Iterable[ipaddress.IPv4Network]
) -> list[str]:
    """The hub's addresses, those on one of this machine's networks first: a hub with a
    second network card (a Wi-Fi, a VM bridge) announces addresses we cannot reach."""
    local = list(networks)

    def on_our_network(address: str) -> bool:
        try:
            ip = ipaddress.IPv4Address(address)
        except ValueError:
            return False
        return any(ip in network for network in local)

    return sorted(addresses, key=lambda address: not on_our_network(address))


def normalise_url(url: str) -> str:
    """Accept 'http://host:8470' or '.../api/v1'; return the API base URL."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"hub URL must look like http://HOST:PORT (got {url!r})")
    path = parts.path.rstrip("/")
    if not path.endswith("/api/v1"):
        path += "/api/v1"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def resolve_hub_url(
    configured: str | None,
    timeout: float = 5.0,
    interfaces: InterfaceChoice | list[str] | None = None,
    office: str | None = None,
) -> str:
    """The configured URL (config `hub.url` or --hub), else the first hub found by mDNS."""
    if configured:
        return normalise_url(configured)
    return discover(timeout, interfaces, office).url
