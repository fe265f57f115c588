"""Find the hub by browsing mDNS for `_antrian._tcp.local.`; a configured URL wins."""

from __future__ import annotations

import dataclasses
import queue
import urllib.parse

from zeroconf import IPVersion, ServiceBrowser, ServiceStateChange, Zeroconf

from hub_client.errors import HubNotFound

SERVICE_TYPE = "_antrian._tcp.local."


@dataclasses.dataclass(frozen=True)
class HubLocation:
    url: str  # base URL of the API, e.g. http://192.168.1.10:8470/api/v1
    name: str
    office: str
    version: str


def discover(timeout: float = 5.0, interfaces: list[str] | None = None) -> HubLocation:
    """The first hub that answers on the LAN, or HubNotFound after `timeout` seconds."""
    found: queue.Queue[str] = queue.Queue()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Added:
            found.put(name)

    zeroconf = Zeroconf(interfaces=interfaces or ["0.0.0.0"], ip_version=IPVersion.V4Only)  # noqa: S104
    browser = ServiceBrowser(zeroconf, SERVICE_TYPE, handlers=[on_change])
    try:
        try:
            name = found.get(timeout=timeout)
        except queue.Empty:
            raise HubNotFound(
                f"no Antrian hub answered on the LAN within {timeout:.0f} s; "
                "check the hub is running, or set hub.url in the config"
            ) from None
        info = zeroconf.get_service_info(SERVICE_TYPE, name, timeout=int(timeout * 1000))
        if info is None or not info.parsed_addresses() or info.port is None:
            raise HubNotFound(f"hub {name} was announced but did not give its address")
        properties = {
            key.decode(): (value or b"").decode() for key, value in info.properties.items()
        }
        address = info.parsed_addresses()[0]
        path = properties.get("path", "/api/v1")
        return HubLocation(
            url=f"http://{address}:{info.port}{path}",
            name=name.removesuffix("." + SERVICE_TYPE),
            office=properties.get("office", ""),
            version=properties.get("version", ""),
        )
    finally:
        browser.cancel()
        zeroconf.close()


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
    configured: str | None, timeout: float = 5.0, interfaces: list[str] | None = None
) -> str:
    """The configured URL (config `hub.url` or --hub), else the first hub found by mDNS."""
    if configured:
        return normalise_url(configured)
    return discover(timeout, interfaces).url
