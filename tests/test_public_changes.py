"""Which commits wake the phones' event loop: only those a page may be waiting for."""

from __future__ import annotations

import asyncio

from hub.public.changes import Changes, Watch, service_key, ticket_key


def test_no_page_open_wakes_nothing_a_page_starting_wakes_everything() -> None:
    changes = Changes(seq=0)
    keys = {ticket_key("t1"), service_key("informasi")}
    assert not changes.wanted(keys)
    assert not changes.wanted(None)
    changes.starting += 1  # a page read the engine and has no watch yet
    assert changes.wanted({ticket_key("t9")})
    assert changes.wanted(None)


def test_a_watched_ticket_or_service_wakes_its_page_and_only_it() -> None:
    async def scenario() -> None:
        changes = Changes(seq=0)
        mine, other = Watch("t1", "informasi"), Watch("t2", "perizinan")
        changes.watch(mine)
        changes.watch(other)
        assert changes.wanted({ticket_key("t1")})
        assert changes.wanted({service_key("perizinan")})
        assert not changes.wanted({ticket_key("t3"), service_key("dukcapil")})
        changes.committed({ticket_key("t1")})
        assert mine.own.is_set()
        assert not other.any.is_set()
        changes.unwatch(mine)
        changes.unwatch(other)
        assert not changes.wanted(None)

    asyncio.run(scenario())
