"""`antrian token` and `antrian officer`: who may use the hub, device by device and
officer by officer."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import click

from antrian.cli_common import data_option, store_of


@click.group()
def token() -> None:
    """Create, list and revoke device tokens."""


class CounterBinding(click.ParamType[int | Literal["all"]]):
    """A counter number, or `all` for a counter token that acts at every counter."""

    name = "N|all"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> int | Literal["all"]:
        if isinstance(value, int):
            return value
        if value == "all":
            return "all"
        if isinstance(value, str) and value.isdigit() and 1 <= int(value) <= 999:
            return int(value)
        self.fail(f"{value!r} is not a counter number (1-999) or 'all'", param, ctx)


@token.command("create")
@click.option(
    "--role", required=True,
    type=click.Choice(["kiosk", "display", "counter", "fo", "admin", "rater"]),
)  # fmt: skip
@click.option("--name", required=True, help="A name for the device, e.g. kiosk-lobby.")
@click.option("--counter", type=CounterBinding(),
              help="Role counter: the counter it acts for, or 'all' (required); "
                   "role rater: the counter whose booth it stands at (required).")  # fmt: skip
@data_option
def token_create(
    role: str, name: str, counter: int | Literal["all"] | None, data: Path | None
) -> None:
    """Create a token; the token itself is the last line printed. It is shown only once.

    Kiosk, display and rater tokens never see officers' NIPs or names; a counter token
    acts only for its counter (or every counter, with --counter all), a rater token only
    rates the tickets closed at its counter."""
    from hub.tokens import create_token

    with store_of(data) as store:
        secret = create_token(store, role, name, counter)
    click.echo(f"Token for {name} (role {role}); store it now, it is not shown again:", err=True)
    click.echo(secret)


@token.command("list")
@click.option("--all", "include_revoked", is_flag=True, help="Include revoked tokens.")
@data_option
def token_list(include_revoked: bool, data: Path | None) -> None:
    """List tokens (names, roles, the counters a counter token acts for; the secrets are
    never stored)."""
    from hub.tokens import list_tokens

    with store_of(data) as store:
        tokens = list_tokens(store, include_revoked)
    if not tokens:
        click.echo("no tokens; create one with: antrian token create --role kiosk --name kiosk-1")
    for info in tokens:
        revoked = f"  REVOKED {info.revoked_at}" if info.revoked_at else ""
        click.echo(
            f"{info.name:24} {info.role.value:8} {info.binding:18} created {info.created_at}"
            f"{revoked}"
        )


@token.command("revoke")
@click.argument("name")
@data_option
def token_revoke(name: str, data: Path | None) -> None:
    """Revoke a token by name; the hub refuses it from the next request on."""
    from hub.tokens import revoke_token

    with store_of(data) as store:
        revoke_token(store, name)
    click.echo(f"revoked {name}")


@click.group()
def officer() -> None:
    """Add, list and disable the officers who sign in at counters."""


@officer.command("add")
@click.option("--nip", required=True, help="The officer's NIP (8-20 digits).")
@click.option("--name", required=True, help="Full name as it should appear on reports.")
@click.option(
    "--pin",
    prompt="PIN (4-8 digits)",
    hide_input=True,
    confirmation_prompt=True,
    help="4-8 digits; asked for (hidden) when left out, so it stays out of `ps`.",
)
@data_option
def officer_add(nip: str, name: str, pin: str, data: Path | None) -> None:
    """Add an officer; the PIN is stored only as a scrypt hash."""
    from hub.officers import add_officer

    with store_of(data) as store:
        added = add_officer(store, nip, name, pin)
    click.echo(f"added officer {added.name} (NIP {added.nip})")


@officer.command("set-pin")
@click.argument("nip")
@click.option("--pin", prompt="New PIN (4-8 digits)", hide_input=True,
              confirmation_prompt=True, help="Asked for (hidden) when left out.")  # fmt: skip
@data_option
def officer_set_pin(nip: str, pin: str, data: Path | None) -> None:
    """Give an officer a new PIN (forgotten PIN); clears a lockout, re-enables them."""
    from hub.officers import set_pin

    with store_of(data) as store:
        set_pin(store, nip, pin)
    click.echo(f"new PIN set for officer {nip}")


@officer.command("list")
@data_option
def officer_list(data: Path | None) -> None:
    """List officers."""
    from hub.officers import list_officers

    with store_of(data) as store:
        officers = list_officers(store)
    if not officers:
        click.echo("no officers; add one with: antrian officer add --nip NIP --name NAME")
    for item in officers:
        click.echo(f"{item.nip:20} {item.name}{'  (disabled)' if item.disabled else ''}")


@officer.command("disable")
@click.argument("nip")
@data_option
def officer_disable(nip: str, data: Path | None) -> None:
    """Disable an officer; their open sessions end at once."""
    from hub.officers import disable_officer

    with store_of(data) as store:
        disable_officer(store, nip)
    click.echo(f"disabled officer {nip}")
