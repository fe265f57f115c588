"""A cap on request bodies, checked before anything reads them.

FastAPI reads a whole JSON body into memory before the route's token check runs, so
without a cap anyone on the LAN could make the hub hold hundreds of megabytes. Every
body the API takes is a small JSON object (well under 1 KiB); above MAX_BODY_BYTES the
answer is 413: at once when Content-Length says so, else as soon as a streamed (chunked)
body goes past it. The connection is then closed, so the rest is never read.
"""

from __future__ import annotations

from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.api.errors import error_body

MAX_BODY_BYTES = 64 * 1024


class BodyLimit:
    """ASGI middleware: 413 with the API's JSON error for a body over `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = _length(headers.get(b"content-length"))
        if declared is not None and declared > self.max_bytes:
            await self.refuse(scope, receive, send)
            return
        body = _CappedBody(receive, send, self.max_bytes)
        body.complete = declared == 0 or (declared is None and b"transfer-encoding" not in headers)
        try:
            await self.app(scope, body.receive, body.send)
        except ClientDisconnect:
            if not body.too_large:
                raise
            # The route saw the end of its body where we cut it: ours is the answer.
        if body.too_large and not body.answered:
            await self.refuse(scope, receive, send)

    async def refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            error_body(
                "body_too_large",
                f"Isi permintaan terlalu besar (paling banyak {self.max_bytes // 1024} KiB).",
                f"Request body too large: at most {self.max_bytes} bytes.",
            ),
            413,
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


def _length(header: bytes | None) -> int | None:
    """Content-Length as a number; None when absent or not a number (the server's parser
    refuses such a request; were one to get here, its body is still counted as it comes)."""
    if header is None or not header.strip().isdigit():
        return None
    return int(header)


class _CappedBody:
    """The request's receive and send, counting body bytes as the route reads them."""

    def __init__(self, receive: Receive, send: Send, max_bytes: int) -> None:
        self._receive, self._send, self.max_bytes = receive, send, max_bytes
        self.received = 0
        self.complete = False  # the whole body has been read (or there is none)
        self.too_large = False
        self.answered = False  # a response has started

    async def receive(self) -> Message:
        if self.too_large:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.max_bytes:
                # The route must stop reading: to it, the client went away.
                self.too_large = True
                return {"type": "http.disconnect"}
            self.complete = not message.get("more_body", False)
        return message

    async def send(self, message: Message) -> None:
        if self.too_large:
            return  # the route's answer to a body we cut short; the 413 replaces it
        if message["type"] == "http.response.start":
            self.answered = True
            if not self.complete:
                # Answered before the body was read (a route that takes none): close
                # rather than read the rest of a body that may never end.
                headers = [*message.get("headers", []), (b"connection", b"close")]
                message = {**message, "headers": headers}
        await self._send(message)
