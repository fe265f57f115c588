"""Device and staff tokens: random secrets, stored only as SHA-256 hashes, each with a role.

A token is 256 random bits, so a plain SHA-256 is enough to keep a stolen database from
yielding usable tokens; a slow password hash would only slow every request down.

Kiosks, displays and the booths' raters stand where the public can reach them, so their
tokens never see who the officers are (no NIP, no name). A counter token acts for the one
counter it is bound to, or, made with `--counter all`, for every counter; one bound to
none acts nowhere. A rater token is bound to one counter, always: it rates only the
tickets closed there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import secrets
import sqlite3
from typing import Literal

from hub.engine.events import to_wire_time
from hub.errors import TokenError
from hub.store import Store
from protocol.kinds import TokenRole

Role = TokenRole  # the roles are part of the wire (protocol.kinds)


class Permission(enum.StrEnum):
    READ = "read"
    ISSUE = "issue"
    OPERATE_COUNTER = "operate_counter"
    REPORTS = "reports"
    ADMINISTER = "administer"
    READ_OFFICERS = "read_officers"  # officers' NIPs and names
    # Move any ticket, waiting ones too, to another service: FO sends on a citizen who
    # chose wrongly. A counter transfers only what it holds (OPERATE_COUNTER).
    TRANSFER = "transfer"
    COMPLAINTS = "complaints"  # record complaints and take their steps (issue #14)
    RATE = "rate"  # the booth's one-press rating of a closed ticket (issue #15)


STAFF = frozenset({Permission.READ, Permission.READ_OFFICERS})
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.KIOSK: frozenset({Permission.READ, Permission.ISSUE}),
    Role.DISPLAY: frozenset({Permission.READ}),
    Role.COUNTER: STAFF | {Permission.OPERATE_COUNTER},
    Role.FO: STAFF
    | {Permission.ISSUE, Permission.REPORTS, Permission.TRANSFER, Permission.COMPLAINTS},
    Role.ADMIN: frozenset(Permission),
    Role.RATER: frozenset({Permission.READ, Permission.RATE}),
}
BOUND_ROLES = frozenset({Role.COUNTER, Role.RATER})  # tokens that name their counter
ALL_COUNTERS = "all"


@dataclasses.dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    role: Role
    counter: int | None
    created_at: str
    revoked_at: str | None = None
    officer: str | None = None  # set on an officer's session token
    all_counters: bool = False  # a counter token made with --counter all
    complaint_duty: bool = False  # an officer's session: they handle complaints too
    complaint_stage: str | None = None  # ...at this stage of [complaints].stages (None: the desk)

    def may(self, permission: Permission) -> bool:
        if permission is Permission.COMPLAINTS and self.complaint_duty:
            return True
        return permission in GRANTS[self.role]

    @property
    def complaint_role(self) -> str | None:
        """Whose steps of a complaint this token takes: None for a role that handles
        complaints for the whole office (FO, admin), else the officer's duty (the desk,
        "", or a stage's code; hub.engine.complaint_duties)."""
        if Permission.COMPLAINTS in GRANTS[self.role]:
            return None
        return self.complaint_stage or ""

    @property
    def unbound(self) -> bool:
        """A counter token bound to no counter (made before bindings were required)."""
        return self.role in BOUND_ROLES and self.counter is None and not self.all_counters

    @property
    def binding(self) -> str:
        """The counters this token acts for, as `antrian token list` shows it."""
        if self.role not in BOUND_ROLES:
            return ""
        if self.all_counters:
            return "all counters"
        return f"counter {self.counter}" if self.counter else "UNBOUND (refused)"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    store: Store, role: str, name: str, counter: int | Literal["all"] | None = None
) -> str:
    """Create a token and return its secret, which is shown once and never stored.

    A counter token names its counter, or "all" for one that acts at every counter; a
    rater token names the one counter whose citizens it asks."""
    try:
        role_ = Role(role)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise TokenError(f"unknown role '{role}'; allowed: {allowed}") from None
    if counter is not None and role_ not in BOUND_ROLES:
        raise TokenError("--counter is only for tokens of role 'counter' or 'rater'")
    if counter is None and role_ is Role.COUNTER:
        raise TokenError(
            "a counter token needs --counter N (the counter it acts for), "
            "or --counter all for one that acts at every counter"
        )
    if role_ is Role.RATER and (counter is None or counter == ALL_COUNTERS):
        # A rater stands at one booth and asks only the citizens served there.
        raise TokenError("a rater token needs --counter N, the counter whose booth it stands at")
    if not name.strip():
        raise TokenError("a token needs a name, e.g. 'kiosk-lobby'")
    every = counter == ALL_COUNTERS
    secret = "ant_" + secrets.token_urlsafe(32)
    try:
        with store.write():
            store.conn.execute(
                "INSERT INTO tokens (name, role, counter, all_counters, secret_hash, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (name, role_.value, None if every else counter, int(every),
                 hash_secret(secret), _now()),
            )  # fmt: skip
    except sqlite3.IntegrityError:
        raise TokenError(
            f"a live token named '{name}' exists; revoke it first or pick another name"
        ) from None
    return secret


def list_tokens(store: Store, include_revoked: bool = False) -> list[TokenInfo]:
    # Officers' sessions come and go all day; `antrian officer` is where they show.
    sql = (
        "SELECT id, name, role, counter, created_at, revoked_at, all_counters FROM tokens "
        "WHERE officer IS NULL"
    )
    if not include_revoked:
        sql += " AND revoked_at IS NULL"
    rows = store.conn.execute(sql + " ORDER BY id").fetchall()
    return [
        TokenInfo(r[0], r[1], Role(r[2]), r[3], r[4], r[5], all_counters=bool(r[6])) for r in rows
    ]


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
        "SELECT t.id, t.name, t.role, t.counter, t.created_at, t.officer, t.all_counters, "
        "coalesce(o.complaint_duty, 0), o.complaint_stage "
        "FROM tokens t LEFT JOIN officers o ON o.nip = t.officer "
        "WHERE t.secret_hash = ? AND t.revoked_at IS NULL "
        "AND (t.expires_at IS NULL OR t.expires_at > ?)",
        (hash_secret(secret), _now()),
    ).fetchone()
    if row is None:
        return None
    return TokenInfo(
        row[0], row[1], Role(row[2]), row[3], row[4], officer=row[5],
        all_counters=bool(row[6]), complaint_duty=bool(row[7]), complaint_stage=row[8],
    )  # fmt: skip


def _now() -> str:
    return to_wire_time(dt.datetime.now(dt.UTC))
