"""Officers sign in at a counter with NIP + PIN; the hub hands out a session token.

PINs are short, so they are hashed with scrypt (slow on purpose) and guessing is cut off
by the lockout: after 3 wrong PINs for a NIP from one client address, that NIP is locked
there for 30 s, doubling with each further miss up to 15 minutes, and the API answers
429 meanwhile. Per address, so a stranger's guesses do not lock the officer out at their
own counter (the API's per-address and overall limits stop guessing across NIPs).

A sign-in is three steps, so the slow hash never holds the writer thread: `look_up`
(a point read), `pin_matches` (scrypt, on a thread of its own), then `count_miss` or
`open_session` in a short write. An unknown or disabled NIP takes the same steps
against a decoy hash and is counted the same, so neither the time nor the reply nor a
later 429 tells which NIPs exist.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import hmac
import re
import secrets
import sqlite3

from hub.engine.events import from_wire_time, to_wire_time
from hub.errors import HubError
from hub.store import Store
from hub.tokens import Role, hash_secret

PIN_RE = re.compile(r"^\d{4,8}$")
FREE_TRIES = 3
FIRST_LOCK = dt.timedelta(seconds=30)
LONGEST_LOCK = dt.timedelta(minutes=15)
SESSION_HOURS = 12
FORGET_MISSES_AFTER = dt.timedelta(days=1)


class OfficerError(HubError):
    """An officer could not be added, found or signed in."""


class WrongPin(OfficerError):
    """The NIP/PIN pair does not match a live officer."""


class LockedOut(OfficerError):
    """Too many wrong PINs: this NIP must wait."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"too many wrong PINs; try again in {retry_after_s} s")
        self.retry_after_s = retry_after_s


@dataclasses.dataclass(frozen=True)
class Officer:
    nip: str
    name: str
    disabled: bool = False


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    _scheme, salt, _digest = stored.split("$")
    return hmac.compare_digest(hash_pin(pin, bytes.fromhex(salt)), stored)


def add_officer(store: Store, nip: str, name: str, pin: str) -> Officer:
    if not re.fullmatch(r"\d{8,20}", nip):
        raise OfficerError(f"NIP must be 8-20 digits (got {nip!r})")
    if not name.strip():
        raise OfficerError("an officer needs a name")
    if not PIN_RE.match(pin):
        raise OfficerError("PIN must be 4-8 digits")
    try:
        with store.write():
            store.conn.execute(
                "INSERT INTO officers (nip, name, pin_hash, created_at) VALUES (?, ?, ?, ?)",
                (nip, name.strip(), hash_pin(pin), _now()),
            )
    except sqlite3.IntegrityError:
        raise OfficerError(f"an officer with NIP {nip} exists already") from None
    return Officer(nip, name.strip())


def set_pin(store: Store, nip: str, pin: str) -> None:
    """A forgotten PIN: a new one, the lockout cleared, a disabled officer enabled again.
    Their open sessions end, so the old PIN's sessions do not outlive it."""
    if not PIN_RE.match(pin):
        raise OfficerError("PIN must be 4-8 digits")
    with store.write():
        cursor = store.conn.execute(
            "UPDATE officers SET pin_hash = ?, disabled = 0, failed_pins = 0, "
            "locked_until = NULL WHERE nip = ?",
            (hash_pin(pin), nip),
        )
        store.conn.execute("DELETE FROM pin_failures WHERE nip = ?", (nip,))
        store.conn.execute(
            "UPDATE tokens SET revoked_at = ? WHERE officer = ? AND revoked_at IS NULL",
            (_now(), nip),
        )
    if cursor.rowcount == 0:
        raise OfficerError(f"no officer with NIP {nip}; add one with `antrian officer add`")


def list_officers(store: Store) -> list[Officer]:
    rows = store.conn.execute("SELECT nip, name, disabled FROM officers ORDER BY name")
    return [Officer(nip, name, bool(disabled)) for nip, name, disabled in rows]


def disable_officer(store: Store, nip: str) -> None:
    with store.write():
        cursor = store.conn.execute("UPDATE officers SET disabled = 1 WHERE nip = ?", (nip,))
        # A disabled officer's open sessions end now, not at their expiry.
        store.conn.execute(
            "UPDATE tokens SET revoked_at = ? WHERE officer = ? AND revoked_at IS NULL",
            (_now(), nip),
        )
    if cursor.rowcount == 0:
        raise OfficerError(f"no officer with NIP {nip}")


@dataclasses.dataclass(frozen=True)
class PinCheck:
    """What a sign-in checks the PIN against: a live officer's hash, or a decoy."""

    nip: str
    address: str
    pin_hash: str
    officer: Officer | None  # None: no live officer has this NIP


def look_up(store: Store, nip: str, address: str, now: dt.datetime) -> PinCheck:
    """Read what the PIN is checked against; raises LockedOut while this NIP is locked
    at this address (known NIP or not)."""
    locked = store.conn.execute(
        "SELECT locked_until FROM pin_failures WHERE nip = ? AND address = ?", (nip, address)
    ).fetchone()
    if locked is not None and locked[0] and from_wire_time(locked[0]) > now:
        raise LockedOut(int((from_wire_time(locked[0]) - now).total_seconds()) + 1)
    row = store.conn.execute(
        "SELECT name, pin_hash, disabled FROM officers WHERE nip = ?", (nip,)
    ).fetchone()
    if row is None or row[2]:
        return PinCheck(nip, address, _decoy_hash(), None)
    return PinCheck(nip, address, row[1], Officer(nip, row[0]))


def count_miss(store: Store, nip: str, address: str, now: dt.datetime) -> None:
    """A wrong PIN (or unknown NIP) from `address`: count it, lock after FREE_TRIES.
    Call inside `store.write()`."""
    row = store.conn.execute(
        "SELECT failures FROM pin_failures WHERE nip = ? AND address = ?", (nip, address)
    ).fetchone()
    failures = (row[0] if row else 0) + 1
    locked = None
    if failures >= FREE_TRIES:
        locked = to_wire_time(now + min(FIRST_LOCK * 2 ** (failures - FREE_TRIES), LONGEST_LOCK))
    store.conn.execute(
        "INSERT INTO pin_failures (nip, address, failures, locked_until, last_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (nip, address) DO UPDATE SET "
        "failures = excluded.failures, locked_until = excluded.locked_until, "
        "last_at = excluded.last_at",
        (nip, address, failures, locked, to_wire_time(now)),
    )
    # Misses a day old are forgotten, so the table holds one day of guesses at most.
    stale = to_wire_time(now - FORGET_MISSES_AFTER)
    store.conn.execute(
        "DELETE FROM pin_failures WHERE last_at < ? AND (locked_until IS NULL OR locked_until < ?)",
        (stale, to_wire_time(now)),
    )


def open_session(store: Store, check: PinCheck, counter: int) -> tuple[str, Officer, str] | None:
    """The PIN matched: open a session for `counter`: (token, officer, expires_at), or
    None when the officer was disabled or given a new PIN since `look_up`.
    Call inside `store.write()`."""
    row = store.conn.execute(
        "SELECT name, pin_hash, disabled FROM officers WHERE nip = ?", (check.nip,)
    ).fetchone()
    if check.officer is None or row is None or row[2] or row[1] != check.pin_hash:
        return None
    store.conn.execute(
        "DELETE FROM pin_failures WHERE nip = ? AND address = ?", (check.nip, check.address)
    )
    secret = "ses_" + secrets.token_urlsafe(32)
    # A session's life is measured on the system clock, as authenticate() checks it;
    # the hub's test clock may run ahead in a simulation, and must not end sessions.
    issued = dt.datetime.now(dt.UTC)
    expires_at = to_wire_time(issued + dt.timedelta(hours=SESSION_HOURS))
    store.conn.execute(
        "INSERT INTO tokens (name, role, counter, secret_hash, created_at, officer, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (f"session-{check.nip}-{secrets.token_hex(4)}", Role.COUNTER.value, counter,
         hash_secret(secret), to_wire_time(issued), check.nip, expires_at),
    )  # fmt: skip
    return secret, Officer(check.nip, row[0]), expires_at


@functools.cache
def _decoy_hash() -> str:
    """A hash no PIN matches (its digest is random), checked at the full scrypt cost."""
    return f"scrypt${secrets.token_hex(16)}${secrets.token_hex(64)}"


def end_session(store: Store, token_id: int) -> None:
    store.conn.execute("UPDATE tokens SET revoked_at = ? WHERE id = ?", (_now(), token_id))


def _now() -> str:
    return to_wire_time(dt.datetime.now(dt.UTC))
