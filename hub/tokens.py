"""Device and staff tokens: random secrets, stored only as SHA-256 hashes, each with a role.

A token is 256 random bits, so a plain SHA-256 is enough to keep a stolen database from
yielding usable tokens; a slow password hash would only slow every request down.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import secrets
import sqlite3

from hub.engine.events import to_wire_time
from hub.errors import TokenError
from hub.store import Store


class Role(enum.StrEnum):
    KIOSK = "kiosk"
    DISPLAY = "display"
    COUNTER = "counter"
    FO = "fo"
    ADMIN = "admin"


class Permission(enum.StrEnum):
    READ = "read"
    ISSUE = "issue"
    OPERATE_COUNTER = "operate_counter"
    REPORTS = "reports"
    ADMINISTER = "administer"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.KIOSK: frozenset({Permission.READ, Permission.ISSUE}),
    Role.DISPLAY: frozenset({Permission.READ}),
    Role.COUNTER: frozenset({Permission.READ, Permission.OPERATE_COUNTER}),
    Role.FO: frozenset({Permission.READ, Permission.ISSUE, Permission.REPORTS}),
    Role.ADMIN: frozenset(Permission),
}


@dataclasses.dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    role: Role
    counter: int | None
    created_at: str
    revoked_at: str | None = None
    officer: str | None = None  # set on an officer's session token

    def may(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(store: Store, role: str, name: str, counter: int | None = None) -> str:
    """Create a token and return its secret, which is shown once and never stored."""
    try:
        role_ = Role(role)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise TokenError(f"unknown role '{role}'; allowed: {allowed}") from None
    if counter is not None and role_ is not Role.COUNTER:
        raise TokenError("--counter is only for tokens of role 'counter'")
    if not name.strip():
        raise TokenError("a token needs a name, e.g. 'kiosk-lobby'")
    secret = "ant_" + secrets.token_urlsafe(32)
    try:
        with store.write():
            store.conn.execute(
                "INSERT INTO tokens (name, role, counter, secret_hash, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, role_.value, counter, hash_secret(secret), _now()),
            )
    except sqlite3.IntegrityError:
        raise TokenError(
            f"a live token named '{name}' exists; revoke it first or pick another name"
        ) from None
    return secret


def list_tokens(store: Store, include_revoked: bool = False) -> list[TokenInfo]:
    # Officers' sessions come and go all day; `antrian officer` is where they show.
    sql = "SELECT id, name, role, counter, created_at, revoked_at FROM tokens WHERE officer IS NULL"
    if not include_revoked:
        sql += " AND revoked_at IS NULL"
    rows = store.conn.execute(sql + " ORDER BY id").fetchall()
    return [TokenInfo(r[0], r[1], Role(r[2]), r[3], r[4], r[5]) for r in rows]


def revoke_token(store: Store, name: str) -> None:
    with store.write():
        cursor = store.conn.execute(
            "UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
            (_now(), name),
        )
    if cursor.rowcount == 0:
        raise TokenError(f"no live token named '{name}'")


def authenticate(conn: sqlite3.Connection, secret: str) -> TokenInfo | None:
    """The live token with this secret, or None. Looked up on every request, so a
    revocation from the CLI takes effect at once."""
    row = conn.execute(
        "SELECT id, name, role, counter, created_at, officer FROM tokens "
        "WHERE secret_hash = ? AND revoked_at IS NULL "
        "AND (expires_at IS NULL OR expires_at > ?)",
        (hash_secret(secret), _now()),
    ).fetchone()
    if row is None:
        return None
    return TokenInfo(row[0], row[1], Role(row[2]), row[3], row[4], officer=row[5])


def _now() -> str:
    return to_wire_time(dt.datetime.now(dt.UTC))
