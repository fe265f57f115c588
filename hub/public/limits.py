"""A per-client request limit in front of the public pages.

Ticket ids are unguessable (72 random bits, hub.engine.queue.new_ticket_id); this limit
makes trying them hopeless and keeps one phone from taking the hub's time. Everything
counts: pages, JSON, live-update connections, and the 404s a guesser collects.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from hub.api.ratelimit import SlidingLimit

WINDOW_S = 60.0


def too_many_body(retry_after_s: int) -> bytes:
    return json.dumps(
        {
            "error": {
                "code": "too_many_requests",
                "message": f"Terlalu banyak permintaan. Coba lagi dalam {retry_after_s} detik.",
                "message_en": f"Too many requests. Try again in {retry_after_s} s.",
            }
        }
    ).encode()


def client_address(scope: Scope, proxies: list[str]) -> str:
    """The phone's address: the peer's, or behind a known proxy the hop it added last."""
    client = scope.get("client")
    address = client[0] if client else ""
    if address not in proxies:
        return address
    for name, value in reversed(scope.get("headers", [])):
        if name == b"x-forwarded-for":
            return value.decode("latin-1").rsplit(",", 1)[-1].strip() or address
    return address


class PerClientLimit:
    """ASGI middleware: at most `per_minute` requests per client address."""

    def __init__(
        self,
        app: ASGIApp,
        per_minute: Callable[[], int],
        proxies: Callable[[], list[str]] = list,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.per_minute = per_minute  # read on each request: a config reload takes effect
        self.proxies = proxies
        self.clock = clock
        self.window = SlidingLimit(per_minute(), WINDOW_S)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        address = client_address(scope, self.proxies())
        now = self.clock()
        self.window.limit = self.per_minute()
        wait = self.window.wait_s(address, now)
        if wait > 0:
            retry_after = max(1, round(wait + 0.5))
            body = too_many_body(retry_after)
            await send(
                {
                    "type": "http.response.start",
                    "status": 429,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"retry-after", str(retry_after).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        self.window.hit(address, now)
        await self.app(scope, receive, send)
