"""Where phones reach the public listener: the base URL printed in the ticket's QR code."""

from __future__ import annotations

from hub.config import Office


def public_base(office: Office, host: str, port: int) -> str:
    """`[public] url` (an office's guest-Wi-Fi name or public reverse proxy), else the
    hub's LAN address (the first the mDNS advert names) with the public port."""
    if office.public.url:
        return office.public.url.rstrip("/")
    from hub.advert import advertised_addresses  # zeroconf: loaded once the API is up

    return f"http://{advertised_addresses(host)[0]}:{port}"
