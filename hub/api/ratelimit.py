"""Rate limits of the API: wrong PINs per client address and overall, incidents per token.

Plain in-memory sliding windows, timed by the caller (`now` in seconds, monotonic): a
restart forgets them, which an attacker on the LAN cannot cause. The per-NIP lockout
that must survive a restart lives in the store (hub/officers.py).
"""

from __future__ import annotations

import collections
import dataclasses
import math

from hub.errors import HubError

# Wrong PINs from one address: a counter PC sees a typo or two a day, a guesser hundreds.
ADDRESS_MISSES = 10
ADDRESS_WINDOW_S = 10 * 60
# Wrong PINs from all addresses together: one guesser rotating addresses, or many.
OVERALL_MISSES = 30
OVERALL_WINDOW_S = 60
# An address where an officer signed in is a counter PC: the overall limit, which any
# attacker can fill, does not shut it out (its own limit and the NIP lockout still hold).
TRUSTED_S = 12 * 3600
# A device reporting its own faults: a flapping printer is a few a minute, not 1,000.
INCIDENTS = 6
INCIDENT_WINDOW_S = 60

_EVERYONE = ""
_SWEEP_AT = 1024  # keys held before expired ones are swept out


class SlidingLimit:
    """At most `limit` hits per key in any `window_s` seconds."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit, self.window_s = limit, window_s
        self._hits: dict[str, collections.deque[float]] = {}

    def wait_s(self, key: str, now: float) -> float:
        """Seconds until `key` may hit again (0: now)."""
        hits = self._hits.get(key)
        if hits is None:
            return 0.0
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if not hits:
            del self._hits[key]
            return 0.0
        return max(0.0, hits[0] + self.window_s - now) if len(hits) >= self.limit else 0.0

    def hit(self, key: str, now: float) -> None:
        if len(self._hits) >= _SWEEP_AT:
            for stale in [k for k, hits in self._hits.items() if hits[-1] <= now - self.window_s]:
                del self._hits[stale]
        self._hits.setdefault(key, collections.deque()).append(now)

    def forget(self, key: str, at: float) -> None:
        """Take back one hit (an attempt that turned out not to count)."""
        hits = self._hits.get(key)
        if hits is not None and at in hits:
            hits.remove(at)
            if not hits:
                del self._hits[key]


class TooMany(HubError):
    """A limit is reached; `retry_after_s` says when the next try may come."""

    def __init__(self, retry_after_s: float) -> None:
        super().__init__(f"try again in {retry_after_s:.0f} s")
        self.retry_after_s = max(1, math.ceil(retry_after_s))


@dataclasses.dataclass(frozen=True)
class Attempt:
    address: str
    at: float


class SignInGuard:
    """Counts sign-in attempts that may be wrong PINs, per address and overall.

    An attempt counts from the moment it is admitted, so a thousand sent at once do not
    all slip in before the first is found wrong; a right PIN, or a refusal that checked
    nothing, is taken back (`forget`)."""

    def __init__(self) -> None:
        self.per_address = SlidingLimit(ADDRESS_MISSES, ADDRESS_WINDOW_S)
        self.overall = SlidingLimit(OVERALL_MISSES, OVERALL_WINDOW_S)
        self._trusted: dict[str, float] = {}

    def admit(self, address: str, now: float) -> Attempt:
        wait = self.per_address.wait_s(address, now)
        if self._trusted.get(address, -math.inf) < now:
            self._trusted.pop(address, None)
            wait = max(wait, self.overall.wait_s(_EVERYONE, now))
        if wait > 0:
            raise TooMany(wait)
        self.per_address.hit(address, now)
        self.overall.hit(_EVERYONE, now)
        return Attempt(address, now)

    def forget(self, attempt: Attempt) -> None:
        self.per_address.forget(attempt.address, attempt.at)
        self.overall.forget(_EVERYONE, attempt.at)

    def signed_in(self, attempt: Attempt) -> None:
        self.forget(attempt)
        self._trusted[attempt.address] = attempt.at + TRUSTED_S


class PerTokenLimit:
    """At most `limit` requests per token in any `window_s` seconds (incidents)."""

    def __init__(self, limit: int = INCIDENTS, window_s: float = INCIDENT_WINDOW_S) -> None:
        self.window = SlidingLimit(limit, window_s)

    def take(self, token_id: int, now: float) -> None:
        wait = self.window.wait_s(str(token_id), now)
        if wait > 0:
            raise TooMany(wait)
        self.window.hit(str(token_id), now)
