"""`antrian central`: the province's central service and its offices (issue #16)."""

from __future__ import annotations

import click
import psycopg

DSN = click.option("--db", "dsn", required=True, envvar="ANTRIAN_CENTRAL_DB",
                   help="The PostgreSQL DSN, postgresql://USER@HOST/DB.")  # fmt: skip


@click.group(invoke_without_command=True)
@click.option("--db", "dsn", envvar="ANTRIAN_CENTRAL_DB", help="The PostgreSQL DSN.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8480, show_default=True, type=int)
@click.pass_context
def central(ctx: click.Context, dsn: str | None, host: str, port: int) -> None:
    """The central service: the offices' forwarded logs in one PostgreSQL."""
    if ctx.invoked_subcommand is not None:
        return
    if not dsn:
        raise click.UsageError("--db postgresql://... is required")
    from central.app import serve

    try:
        serve(dsn, host, port)
    except psycopg.Error as error:
        raise click.ClickException(f"database: {error}") from None


def _central(dsn: str):  # type: ignore[no-untyped-def]
    from central.store import Central

    store = Central(dsn, max_size=1)
    store.migrate()
    return store


@central.group()
def office() -> None:
    """The offices that forward to central."""


@office.command("add")
@DSN
@click.option("--code", required=True, help="The office's short code (a-z, 0-9, -).")
@click.option("--name", required=True)
def office_add(dsn: str, code: str, name: str) -> None:
    """Add an office; its forwarding token is printed as the last line."""
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,31}", code):
        raise click.BadParameter("a-z, 0-9 and '-', at most 32", param_hint="--code")
    store = _central(dsn)
    try:
        token = store.add_office(code, name)
    except psycopg.errors.UniqueViolation:
        raise click.ClickException(f"office {code} exists already") from None
    finally:
        store.close()
    click.echo(f"office {code} added; keep its token in the hub's [central] token_file:")
    click.echo(token)


@office.command("list")
@DSN
def office_list(dsn: str) -> None:
    """Every office, with the last event central holds."""
    store = _central(dsn)
    try:
        for row in store.offices():
            click.echo(f"{row['code']}\t{row['name']}\tseq {row['last_seq']}\t"
                       f"{row['last_event_at'] or '-'}")  # fmt: skip
    finally:
        store.close()


@central.command("admin-token")
@DSN
@click.option("--name", required=True, help="Who holds it.")
def admin_token(dsn: str, name: str) -> None:
    """A central admin token (the read endpoints); printed as the last line."""
    store = _central(dsn)
    try:
        token = store.add_admin(name)
    finally:
        store.close()
    click.echo(f"admin token for {name}:")
    click.echo(token)
