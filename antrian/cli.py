"""The `antrian` command. Errors become one clear line here, at the edge."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from antrian import __version__
from antrian.paths import default_config, default_data_dir
from antrian.voice_cli import voice
from hub.config import Office, load_office
from hub.errors import HubError

if TYPE_CHECKING:
    from hub.store import Store

CONFIG_HELP = "Office config (TOML). Default: $ANTRIAN_CONFIG or config/office.toml."
DATA_HELP = "Folder of the hub's store. Default: $ANTRIAN_DATA or the platform data folder."


def _office(path: Path | None) -> Office:
    try:
        return load_office(path or default_config())
    except HubError as exc:
        raise click.ClickException(str(exc)) from None


@contextlib.contextmanager
def _store(data: Path | None) -> Iterator[Store]:
    """The hub's store for one command; its refusals become one clear error line."""
    from hub.store import Store

    try:
        store = Store.in_data_dir(data or default_data_dir())
    except HubError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        yield store
    except HubError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()


config_option = click.option(
    "--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help=CONFIG_HELP
)
data_option = click.option(
    "--data", type=click.Path(path_type=Path, file_okay=False), help=DATA_HELP
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="antrian")
def main() -> None:
    """Antrian: queue appliances for Mal Pelayanan Publik and DPMPTSP offices."""


@main.command()
@config_option
@data_option
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")  # noqa: S104
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default: [hub].port, 8470).")
@click.option("--no-advertise", is_flag=True, help="Do not announce the hub on mDNS.")
@click.option("--access-log", is_flag=True, help="Log every HTTP request.")
@click.option(
    "--test-clock",
    is_flag=True,
    hidden=True,
    help="Let an admin token move the hub's clock forward (tests and demos only).",
)
def hub(
    config_path: Path | None,
    data: Path | None,
    host: str,
    port: int | None,
    no_advertise: bool,
    access_log: bool,
    test_clock: bool,
) -> None:
    """Run the hub: the store, the queue engine and the LAN API."""
    from hub.server import serve

    path = config_path or default_config()
    office = _office(path)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        serve(
            office,
            path,
            data or default_data_dir(),
            host,
            port or office.hub.port,
            advertise=not no_advertise,
            test_clock=test_clock,
            access_log=access_log,
        )
    except HubError as exc:
        raise click.ClickException(str(exc)) from None


@main.group()
def config() -> None:
    """Check office config files."""


@config.command("check")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
def config_check(path: Path) -> None:
    """Validate an office config; name the file, key and what is allowed on error."""
    office = _office(path)
    click.echo(
        f"{path}: OK: {office.office.name}, {len(office.services)} services, "
        f"{len(office.counters)} counters, time zone {office.office.timezone}"
    )


@main.group()
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
    "--role", required=True, type=click.Choice(["kiosk", "display", "counter", "fo", "admin"])
)
@click.option("--name", required=True, help="A name for the device, e.g. kiosk-lobby.")
@click.option("--counter", type=CounterBinding(),
              help="Role counter: the counter it acts for, or 'all' (required).")  # fmt: skip
@data_option
def token_create(
    role: str, name: str, counter: int | Literal["all"] | None, data: Path | None
) -> None:
    """Create a token; the token itself is the last line printed. It is shown only once.

    Kiosk and display tokens never see officers' NIPs or names; a counter token acts only
    for its counter (or every counter, with --counter all)."""
    from hub.tokens import create_token

    with _store(data) as store:
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

    with _store(data) as store:
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

    with _store(data) as store:
        revoke_token(store, name)
    click.echo(f"revoked {name}")


@main.command()
@config_option
@click.option("--hub", "hub_url", help="Hub URL, e.g. http://192.168.1.10:8470 (skips mDNS).")
@click.option("--printer", "printer_url", help="Printer URL; overrides [kiosk].printer.")
@click.option("--windowed", is_flag=True, help="A normal window instead of full screen.")
def kiosk(
    config_path: Path | None, hub_url: str | None, printer_url: str | None, windowed: bool
) -> None:
    """Run the touchscreen kiosk that issues and prints tickets."""
    office, token = _device(config_path)
    from kiosk.main import run

    raise SystemExit(
        run(office, token, hub_url or office.hub.url or None, printer_url, fullscreen=not windowed)
    )


save_dir_option = click.option(
    "--save-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Keep each announcement's WAV here (check a site with no speaker attached).",
)


def _device(config_path: Path | None) -> tuple[Office, str]:
    from antrian.device import device_token

    path = config_path or default_config()
    office = _office(path)
    try:
        return office, device_token(office, path)
    except HubError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@config_option
@click.option("--hub", "hub_url", help="Hub URL, e.g. http://192.168.1.10:8470 (skips mDNS).")
@click.option("--windowed", is_flag=True, help="A normal window instead of full screen.")
@click.option("--silent", is_flag=True, help="Do not run the caller on this display.")
@save_dir_option
def display(
    config_path: Path | None,
    hub_url: str | None,
    windowed: bool,
    silent: bool,
    save_dir: Path | None,
) -> None:
    """Run the waiting-room TV display (and the caller, unless --silent)."""
    office, token = _device(config_path)
    from display.main import run_display

    raise SystemExit(
        run_display(
            office, token, hub_url or office.hub.url or None, not windowed, not silent, save_dir
        )  # fmt: skip
    )


@main.command()
@config_option
@click.option("--hub", "hub_url", help="Hub URL, e.g. http://192.168.1.10:8470 (skips mDNS).")
@save_dir_option
def caller(config_path: Path | None, hub_url: str | None, save_dir: Path | None) -> None:
    """Run the caller alone: a chime and the call in Bahasa Indonesia, no window."""
    office, token = _device(config_path)
    from display.main import run_caller

    raise SystemExit(run_caller(office, token, hub_url or office.hub.url or None, save_dir))


@main.group()
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

    with _store(data) as store:
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

    with _store(data) as store:
        set_pin(store, nip, pin)
    click.echo(f"new PIN set for officer {nip}")


@officer.command("list")
@data_option
def officer_list(data: Path | None) -> None:
    """List officers."""
    from hub.officers import list_officers

    with _store(data) as store:
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

    with _store(data) as store:
        disable_officer(store, nip)
    click.echo(f"disabled officer {nip}")


@main.command()
@config_option
@click.option("--hub", "hub_url", help="Hub URL, e.g. http://192.168.1.10:8470 (skips mDNS).")
@click.option("--counter", "counter_number", type=click.IntRange(1, 999), default=1,
              show_default=True, help="The counter this PC stands at.")  # fmt: skip
def counter(config_path: Path | None, hub_url: str | None, counter_number: int) -> None:
    """Run the officer's counter panel (officers sign in with NIP and PIN)."""
    office = _office(config_path or default_config())
    from counter_panel.main import run

    raise SystemExit(run(office, hub_url or office.hub.url or None, counter_number))


@main.command()
@click.option("--date", "date_text", help="A business day, YYYY-MM-DD (default: today).")
@click.option("--month", "month_text", help="A whole month, YYYY-MM.")
@click.option(
    "--format", "output", type=click.Choice(["text", "csv", "json", "pdf"]), default="text",
    show_default=True,
)  # fmt: skip
@click.option("--output", "output_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file (required for pdf).")  # fmt: skip
@click.option("--print", "to_printer", is_flag=True, help="Also print it on [fo].printer.")
@config_option
@data_option
def recap(
    date_text: str | None,
    month_text: str | None,
    output: str,
    output_path: Path | None,
    to_printer: bool,
    config_path: Path | None,
    data: Path | None,
) -> None:
    """The recap of a day (or month) from the service-time log: per service, counter,
    officer; waits, service times, compensation cases, incidents."""
    import datetime as dt
    import json

    from hub import periods, recap_cache
    from hub.recap_formats import as_csv, as_text

    office = _office(config_path or default_config())
    today = dt.datetime.now(office.office.tz).date()
    try:
        if month_text:
            period = periods.month(month_text)
        else:
            period = periods.day(date_text or today.isoformat())
    except HubError as exc:
        raise click.ClickException(str(exc)) from None
    with _store(data) as store:
        result = recap_cache.recap(store, office, period, today)
    if to_printer:
        _print_recap(result, office)
    if output == "pdf":
        from fo.pdf import render_recap_pdf

        if output_path is None:
            raise click.ClickException("--format pdf needs --output FILE.pdf")
        render_recap_pdf(result, output_path)
        click.echo(f"wrote {output_path}")
        return
    if output == "json":
        rendered = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    else:
        rendered = as_csv(result) if output == "csv" else as_text(result)
    if output_path is not None:
        output_path.write_text(rendered, encoding="utf-8")
        click.echo(f"wrote {output_path}")
    else:
        click.echo(rendered, nl=False)


def _print_recap(result: dict[str, Any], office: Office) -> None:
    from fo.thermal import render_recap
    from printer import PrinterError, open_printer, paper_profile

    profile = paper_profile(office.fo.paper)
    try:
        connection = open_printer(office.fo.printer, profile)
        try:
            connection.send(render_recap(result, profile), label="rekap")
        finally:
            connection.close()
    except PrinterError as exc:
        raise click.ClickException(f"the recap was not printed: {exc}") from None
    click.echo(f"printed on {office.fo.printer}", err=True)


@main.command("fo")
@config_option
@click.option("--hub", "hub_url", help="Hub URL, e.g. http://192.168.1.10:8470 (skips mDNS).")
def front_office(config_path: Path | None, hub_url: str | None) -> None:
    """Run the FO desk: the day's recap in one press (print, PDF, CSV) and the
    compensation ledger."""
    office, token = _device(config_path)
    from fo.main import run

    raise SystemExit(run(office, token, hub_url or office.hub.url or None))


@main.command()
@config_option
@click.option("--hub", "hub_url", help="Hub URL (default: [hub].url, or mDNS).")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed, the same day.")
@click.option("--speed", type=float, default=600, show_default=True,
              help="Simulated seconds per real second; 0 runs as fast as possible.")  # fmt: skip
@click.option("--hours", type=click.IntRange(1, 8), default=8, show_default=True)
@click.option("--printer", "printer_url", help="Print each ticket here, as the kiosk would.")
def simulate(
    config_path: Path | None,
    hub_url: str | None,
    seed: int,
    speed: float,
    hours: int,
    printer_url: str | None,
) -> None:
    """Play a realistic office day against a hub started with --test-clock (admin token
    in $ANTRIAN_TOKEN): arrivals with a morning peak, SOP service times, compensation."""
    from antrian.simulate import SimulationError
    from antrian.simulate import simulate as play
    from hub_client import HubClient, HubClientError, HubRefused, resolve_hub_url

    office, token = _device(config_path)
    try:
        with HubClient(resolve_hub_url(hub_url or office.hub.url or None), token) as client:
            play(client, office, seed, speed, hours, click.echo, printer_url)
    except HubRefused as exc:
        raise click.ClickException(f"simulasi berhenti: {exc.message or exc}") from None
    except (HubClientError, SimulationError) as exc:
        raise click.ClickException(f"simulasi berhenti: {exc}") from None


@main.command("backup")
@data_option
@click.option("--to", "backup_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where backups go (default: DATA/backups).")  # fmt: skip
@click.option("--keep-days", type=click.IntRange(1, 3650), help="Delete backups older than this.")
@click.option("--keep-min", type=click.IntRange(1, 1000), default=3, show_default=True)
def backup_command(
    data: Path | None, backup_dir: Path | None, keep_days: int | None, keep_min: int
) -> None:
    """An online backup of the store (SQLite's backup API; the hub keeps running)."""
    import datetime as dt

    from hub import backup, datadir

    data_dir = data or default_data_dir()
    target = backup_dir or data_dir / "backups"
    try:
        with datadir.for_backup(data_dir):
            store = data_dir / datadir.DATABASE_NAME
            made = backup.backup(store, target, dt.datetime.now(dt.UTC))
        removed = backup.prune(target, keep_days, keep_min) if keep_days else []
    except HubError as exc:
        raise click.ClickException(str(exc)) from None
    for path in removed:
        click.echo(f"removed old backup {path}", err=True)
    click.echo(str(made))


@main.command("restore")
@click.argument("backup_file", type=click.Path(path_type=Path, dir_okay=False))
@data_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(backup_file: Path, data: Path | None, yes: bool) -> None:
    """Put a backup in place of the store (stop the hub first); the old store is set aside."""
    import datetime as dt

    from hub import backup

    data_dir = data or default_data_dir()
    if not yes:
        click.confirm(f"Replace the store in {data_dir} with {backup_file}?", abort=True)
    try:
        aside = backup.restore(backup_file, data_dir, dt.datetime.now(dt.UTC))
    except HubError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored {backup_file}" + (f"; the old store is kept as {aside}" if aside else ""))


@main.command("export")
@data_option
@click.option("--date", "date_text", help="One business day, YYYY-MM-DD.")
@click.option("--month", "month_text", help="A month, YYYY-MM.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)  # fmt: skip
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), help="Default: stdout.")
def export_command(
    data: Path | None, date_text: str | None, month_text: str | None, fmt: str,
    output: Path | None,
) -> None:  # fmt: skip
    """Export the events log (the service-time log) for audit or a spreadsheet."""
    from hub import backup, periods
    from hub.store import DATABASE_NAME

    try:
        period = (periods.month(month_text) if month_text
                  else periods.day(date_text) if date_text else None)  # fmt: skip
        store_path = (data or default_data_dir()) / DATABASE_NAME
        first, last = (period.first, period.last) if period else (None, None)
        kind: Literal["jsonl", "csv"] = "csv" if fmt == "csv" else "jsonl"
        if output is None:
            rows = backup.export_events(store_path, sys.stdout, first, last, kind)
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                rows = backup.export_events(store_path, out, first, last, kind)
    except HubError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"exported {rows} events", err=True)


main.add_command(voice)
