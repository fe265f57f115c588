"""Fan-out of committed events to WebSocket subscribers, on the event loop."""

from __future__ import annotations

import asyncio

from hub.store import StoredEvent

# A subscriber this far behind is cut off; it reconnects with ?after= and replays.
QUEUE_LIMIT = 10_000


class Subscriber:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[int, str] | None] = asyncio.Queue(QUEUE_LIMIT)
        self.overflowed = False

    def stop(self) -> None:
        try:
            self.queue.put_nowait(None)
        except asyncio.QueueFull:
            self.queue.get_nowait()
            self.queue.put_nowait(None)


class Broadcaster:
    def __init__(self) -> None:
        self.subscribers: set[Subscriber] = set()

    def subscribe(self) -> Subscriber:
        subscriber = Subscriber()
        self.subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    def publish(self, events: list[StoredEvent]) -> None:
        for subscriber in list(self.subscribers):
            for item in events:
                try:
                    subscriber.queue.put_nowait((item.seq, item.wire))
                except asyncio.QueueFull:
                    subscriber.overflowed = True
                    self.unsubscribe(subscriber)
                    subscriber.stop()
                    break

    def close_all(self) -> None:
        for subscriber in list(self.subscribers):
            subscriber.stop()
        self.subscribers.clear()
