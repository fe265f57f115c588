"""Officers sign in at a counter with NIP + PIN; the hub hands out a session token.

PINs are short, so they are hashed with scrypt (slow on purpose) and guessing is cut off
by the lockout: after 3 wrong PINs an officer's NIP is locked for 30 s, doubling with
each further miss up to 15 minutes, and the API answers 429 meanwhile.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
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


def sign_in(
    store: Store, nip: str, pin: str, counter: int, now: dt.datetime
) -> tuple[str, Officer, str]:
    """Check the PIN and open a session for `counter`: (token, officer, expires_at).

    Call inside `store.write()`: the failure count and the token are one transaction.
    """
    row = store.conn.execute(
        "SELECT name, pin_hash, disabled, failed_pins, locked_until FROM officers WHERE nip = ?",
        (nip,),
    ).fetchone()
    if row is not None and row[4] and from_wire_time(row[4]) > now:
        raise LockedOut(int((from_wire_time(row[4]) - now).total_seconds()) + 1)
    if row is None or row[2] or not pin_matches(pin, row[1]):
        if row is not None:
            failures = row[3] + 1
            locked = None
            if failures >= FREE_TRIES:
                lock = min(FIRST_LOCK * 2 ** (failures - FREE_TRIES), LONGEST_LOCK)
                locked = to_wire_time(now + lock)
            store.conn.execute(
                "UPDATE officers SET failed_pins = ?, locked_until = ? WHERE nip = ?",
                (failures, locked, nip),
            )
        raise WrongPin("wrong NIP or PIN")
    store.conn.execute(
        "UPDATE officers SET failed_pins = 0, locked_until = NULL WHERE nip = ?", (nip,)
    )
    secret = "ses_" + secrets.token_urlsafe(32)
    # A session's life is measured on the system clock, as authenticate() checks it;
    # the hub's test clock may run ahead in a simulation, and must not end sessions.
    issued = dt.datetime.now(dt.UTC)
    expires_at = to_wire_time(issued + dt.timedelta(hours=SESSION_HOURS))
    store.conn.execute(
        "INSERT INTO tokens (name, role, counter, secret_hash, created_at, officer, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (f"session-{nip}-{secrets.token_hex(4)}", Role.COUNTER.value, counter,
         hash_secret(secret), to_wire_time(issued), nip, expires_at),
    )  # fmt: skip
    return secret, Officer(nip, row[0]), expires_at


def end_session(store: Store, token_id: int) -> None:
    store.conn.execute("UPDATE tokens SET revoked_at = ? WHERE id = ?", (_now(), token_id))


def _now() -> str:
    return to_wire_time(dt.datetime.now(dt.UTC))
