"""The desk's sign-in sessions: server-side, in memory, revocable, expiring.

A restart forgets them (the officer signs in again), which nobody on the LAN can
cause. The cookie holds only a random id; the CSRF token of a session is a second
random value the pages put in every form and the hub checks on every POST.
"""

from __future__ import annotations

import dataclasses
import hmac
import secrets
import time

SESSION_S = 8 * 3600  # a working day at the desk
COOKIE = "antrian_desk"


@dataclasses.dataclass(frozen=True)
class DeskSession:
    id: str
    nip: str
    name: str
    csrf: str
    expires_at: float  # monotonic seconds
    # The officer's complaint duty as read on this request: None none, "" the desk,
    # else a stage's code (hub.engine.complaint_duties).
    duty: str | None = None


class DeskSessions:
    def __init__(self, life_s: float = SESSION_S) -> None:
        self.life_s = life_s
        self._sessions: dict[str, DeskSession] = {}

    def open(self, nip: str, name: str, now: float | None = None) -> DeskSession:
        now = time.monotonic() if now is None else now
        self._sweep(now)
        session = DeskSession(
            secrets.token_urlsafe(32), nip, name, secrets.token_urlsafe(32), now + self.life_s
        )
        self._sessions[session.id] = session
        return session

    def get(self, session_id: str | None, now: float | None = None) -> DeskSession | None:
        now = time.monotonic() if now is None else now
        session = self._sessions.get(session_id or "")
        if session is None:
            return None
        if session.expires_at <= now:
            del self._sessions[session.id]
            return None
        return session

    def end(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)

    def end_officer(self, nip: str) -> None:
        """Every session of this officer ends (a disabled officer, a new PIN)."""
        for session in [s for s in self._sessions.values() if s.nip == nip]:
            del self._sessions[session.id]

    def _sweep(self, now: float) -> None:
        for stale in [k for k, s in self._sessions.items() if s.expires_at <= now]:
            del self._sessions[stale]


def csrf_ok(session: DeskSession, sent: str) -> bool:
    return hmac.compare_digest(session.csrf.encode(), sent.encode())
