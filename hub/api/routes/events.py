"""WS /events: every committed event, live, after a replay from `?after=SEQ`.

Staff (counter, FO, admin) and the public (kiosks, TVs) have feeds of their own: the
public one carries no officer's NIP or name.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Annotated

from fastapi import APIRouter, Query, WebSocket
from starlette.websockets import WebSocketDisconnect, WebSocketState

from hub.api.access import PREFIX, Access, bearer
from hub.api.broadcast import Broadcaster, Subscriber
from hub.engine.events import SurveyAnswered
from hub.service import Hub
from hub.store import StoredEvent
from hub.tokens import Permission
from hub.views import wire_without_answers, wire_without_officers

MAX_REPLAY = 20_000


class Feeds:
    def __init__(self) -> None:
        self.staff, self.public = Broadcaster(), Broadcaster()

    def fan_out(self, stored: list[StoredEvent]) -> None:
        if any(isinstance(s.event, SurveyAnswered) for s in stored):  # rare: keep it cheap
            stored = [dataclasses.replace(s, wire=wire_without_answers(s.wire)) for s in stored]
        self.staff.publish(stored)
        if self.public.subscribers:
            self.public.publish(
                [dataclasses.replace(s, wire=wire_without_officers(s.wire)) for s in stored]
            )

    def close_all(self) -> None:
        self.staff.close_all()
        self.public.close_all()


def router(access: Access, feeds: Feeds) -> APIRouter:
    hub = access.hub
    api = APIRouter(prefix=PREFIX)

    @api.websocket("/events")
    async def events(
        websocket: WebSocket, after: Annotated[int | None, Query(ge=0)] = None
    ) -> None:
        await websocket.accept()
        secret = bearer(websocket.headers.get("authorization"))
        token = hub.authenticate(secret) if secret else None
        if token is None or not token.may(Permission.READ):
            await websocket.close(code=4401, reason="missing or invalid token")
            return
        staff = token.may(Permission.READ_OFFICERS)
        feed = feeds.staff if staff else feeds.public
        subscriber = feed.subscribe()
        watcher = asyncio.create_task(_watch_disconnect(websocket, subscriber))
        try:
            await _stream(websocket, subscriber, hub, after, staff)
        except (WebSocketDisconnect, RuntimeError):
            pass  # the client went away mid-send
        finally:
            feed.unsubscribe(subscriber)
            watcher.cancel()

    return api


async def _stream(
    websocket: WebSocket, subscriber: Subscriber, hub: Hub, after: int | None, staff: bool
) -> None:
    last = -1
    if after is not None:
        # Subscribed first, then the backlog read: nothing falls between the two.
        backlog = hub.events_after(after, MAX_REPLAY + 1)
        if len(backlog) > MAX_REPLAY:
            await websocket.send_text(json.dumps({"type": "resync", "reason": "too far behind"}))
            await websocket.close(code=1000)
            return
        for wire in map(wire_without_answers, backlog):
            await websocket.send_text(wire if staff else wire_without_officers(wire))
        last = json.loads(backlog[-1])["seq"] if backlog else after
    while True:
        item = await subscriber.queue.get()
        if item is None:
            if websocket.client_state is WebSocketState.CONNECTED:
                reason = "too slow; reconnect with ?after=" if subscriber.overflowed else "bye"
                await websocket.close(code=1013 if subscriber.overflowed else 1001, reason=reason)
            return
        seq, wire = item
        if seq > last:
            await websocket.send_text(wire)
            last = seq


async def _watch_disconnect(websocket: WebSocket, subscriber: Subscriber) -> None:
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
    except (WebSocketDisconnect, RuntimeError):
        pass
    subscriber.stop()
