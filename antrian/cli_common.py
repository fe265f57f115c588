"""What every `antrian` command shares: the office config and the store, each refusal
turned into one clear line (click.ClickException) at the edge."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from antrian.config import OfficeConfig, load_office_config
from common.errors import CommonError
from common.paths import default_config, default_data_dir
from hub.errors import HubError

if TYPE_CHECKING:
    from hub.store import Store

CONFIG_HELP = "Office config (TOML). Default: $ANTRIAN_CONFIG or config/office.toml."
DATA_HELP = "Folder of the hub's store. Default: $ANTRIAN_DATA or the platform data folder."


def office_of(path: Path | None) -> OfficeConfig:
    """The whole office config, every section checked by the part that owns it."""
    try:
        return load_office_config(path or default_config())
    except CommonError as exc:
        raise click.ClickException(str(exc)) from None


@contextlib.contextmanager
def store_of(data: Path | None) -> Iterator[Store]:
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
