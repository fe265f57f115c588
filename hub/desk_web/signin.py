"""Signing in at the desk with NIP + PIN: the same checks as `POST /sessions` (the
per-address limit of hub.api.ratelimit, the per-NIP lockout and scrypt of
hub.officers), but the session is the desk's own and binds no counter."""

from __future__ import annotations

import asyncio
import time

from hub import officers
from hub.api.ratelimit import SignInGuard, TooMany
from hub.engine import Event
from hub.service import Hub


class SignInRefused(Exception):
    """The sign-in did not go through; `message` says why, in Indonesian, and
    `retry_after_s` when a limit refused it (429, as `POST /sessions` answers)."""

    def __init__(self, message: str, retry_after_s: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after_s = retry_after_s


async def check_pin(
    hub: Hub, guard: SignInGuard, nip: str, pin: str, address: str
) -> officers.Officer:
    try:
        attempt = guard.admit(address, time.monotonic())
    except TooMany as limited:
        raise SignInRefused(_wait(limited.retry_after_s), limited.retry_after_s) from None
    try:
        check = await hub.submit(
            lambda: officers.look_up(hub.store, nip, address, hub.engine.now())
        )
    except officers.LockedOut as locked:
        guard.forget(attempt)
        raise SignInRefused(_wait(locked.retry_after_s), locked.retry_after_s) from None
    loop = asyncio.get_running_loop()
    matched = await loop.run_in_executor(None, officers.pin_matches, pin, check.pin_hash)

    def settle() -> tuple[officers.Officer | None, list[Event]]:
        live = hub.store.conn.execute(
            "SELECT pin_hash, disabled FROM officers WHERE nip = ?", (nip,)
        ).fetchone()
        if matched and check.officer and live and not live[1] and live[0] == check.pin_hash:
            hub.store.conn.execute(
                "DELETE FROM pin_failures WHERE nip = ? AND address = ?", (nip, address)
            )
            return check.officer, []
        officers.count_miss(hub.store, nip, address, hub.engine.now())
        return None, []

    officer = await hub.submit(lambda: hub._transaction(settle))
    if officer is None:
        raise SignInRefused("NIP atau PIN salah.")
    guard.signed_in(attempt)
    return officer


def duty_of(hub: Hub, nip: str) -> tuple[bool, str | None]:
    """(live, complaint duty) of an officer now: the duty None (none), "" (the desk) or
    a stage's code. Read on every request, so a duty changed or taken away, or an
    officer disabled, counts at once. Run on the writer thread."""
    row = hub.store.conn.execute(
        "SELECT disabled, complaint_duty, complaint_stage FROM officers WHERE nip = ?", (nip,)
    ).fetchone()
    if row is None:
        return False, None
    return not row[0], (row[2] or "") if row[1] else None


def _wait(seconds: int) -> str:
    return f"Terlalu banyak PIN salah. Coba lagi dalam {seconds} detik."
