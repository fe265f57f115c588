"""Who may do what: the bearer token of a request, checked beside the writer thread.

Token lookups read the store's reader connection on the event loop, so a GET never
waits for the writer's queue. A command then runs on the writer thread (`command`),
a view beside it (`view`); either reply reaches a kiosk or a TV without officers' NIPs
and names (they stand in the public part of the office).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Header, Path

from hub.api import errors
from hub.api.ratelimit import SignInGuard
from hub.api.read_model import ReadModel
from hub.service import Hub
from hub.tokens import Permission, TokenInfo
from hub.views import without_officers

T = TypeVar("T")
PREFIX = "/api/v1"

CounterNumber = Annotated[int, Path(ge=1, le=999)]
TicketId = Annotated[str, Path(min_length=1, max_length=64)]
Auth = Annotated[str | None, Header()]

_WHAT = {
    Permission.READ: ("membaca data antrean", "read queue data"),
    Permission.ISSUE: ("mengambil nomor antrean", "issue tickets"),
    Permission.OPERATE_COUNTER: ("menjalankan loket", "operate a counter"),
    Permission.REPORTS: ("membaca rekap", "read reports"),
    Permission.ADMINISTER: ("mengatur hub", "administer the hub"),
    Permission.READ_OFFICERS: ("membaca data petugas", "read officers' data"),
    Permission.TRANSFER: ("mengalihkan pemohon", "transfer citizens"),
    Permission.COMPLAINTS: ("menangani pengaduan", "handle complaints"),
    Permission.RATE: ("menilai pelayanan", "rate a service"),
}

Wanted = Permission | tuple[Permission, ...]


class Access:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.reads = ReadModel(self)  # the hot GETs, cached and let through a few at a time
        # Wrong PINs per address and overall, one count for POST /sessions and the desk's
        # sign-in (/desk/masuk): a guesser gains nothing by trying both. Event loop only.
        self.sign_ins = SignInGuard()

    def check(self, authorization: str | None, permission: Wanted) -> TokenInfo:
        """The request's live token holding one of `permission`, or the 401/403."""
        secret = bearer(authorization)
        wanted = permission if isinstance(permission, tuple) else (permission,)
        token = self.hub.authenticate(secret) if secret else None
        if token is None:
            raise errors.unauthorized()
        held = [p for p in wanted if token.may(p)]
        if not held:
            raise errors.forbidden(token.role, *_WHAT[wanted[0]])
        if held == [Permission.OPERATE_COUNTER] and token.unbound:
            raise errors.unbound_counter_token(token.name)
        return token

    async def command(
        self, authorization: str | None, permission: Wanted, work: Callable[[TokenInfo], T]
    ) -> T:
        """Run `work` on the writer thread for a token holding one of `permission`."""
        token = self.check(authorization, permission)
        with self.reads.gate.command():  # reads wait meanwhile: commands go first
            result = await self.hub.submit(lambda: work(token))
        return _for(token, result)

    def view(
        self, authorization: str | None, permission: Wanted, work: Callable[[TokenInfo], T]
    ) -> T:
        """Compute a view beside the writer for a token holding one of `permission`."""
        token = self.check(authorization, permission)
        return _for(token, self.hub.read(lambda: work(token)))


def _for(token: TokenInfo, result: T) -> T:
    if token.may(Permission.READ_OFFICERS):
        return result
    return without_officers(result)  # type: ignore[no-any-return]


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, secret = authorization.partition(" ")
    return secret.strip() or None if scheme.lower() == "bearer" else None


def own_counter(token: TokenInfo, counter: int) -> None:
    if token.counter is not None and token.counter != counter:
        raise errors.ApiError(
            403,
            "wrong_counter",
            f"Perangkat ini untuk Loket {token.counter}, bukan Loket {counter}.",
            f"This token acts for counter {token.counter}, not counter {counter}.",
        )
