"""`antrian backup`, `restore` and `export`: the store's safety and its audit trail."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

import click

from antrian.cli_common import data_option
from common.paths import default_data_dir
from hub.errors import HubError


@click.command("backup")
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


@click.command("restore")
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


@click.command("export")
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
