"""What every appliance needs at start: its office config, the hub's URL and its token."""

from __future__ import annotations

import os
from pathlib import Path

from common.errors import ConfigError
from common.office import Office


def device_token(office: Office, config_path: Path) -> str:
    """The token from $ANTRIAN_TOKEN or the config's token file; never a command-line
    argument, which would show in `ps` to every user of the machine."""
    token = os.environ.get("ANTRIAN_TOKEN", "").strip()
    if token:
        return token
    if not office.hub.token_file:
        raise ConfigError(
            f"{config_path}: hub.token_file is empty and ANTRIAN_TOKEN is not set; create a "
            "token on the hub with `antrian token create` and put it in a file only this "
            "appliance's user can read"
        )
    path = Path(office.hub.token_file).expanduser()
    if not path.is_absolute():
        path = config_path.parent / path
    try:
        token = path.read_text().strip()
    except OSError as exc:
        raise ConfigError(f"{config_path}: hub.token_file {path}: {exc.strerror}") from None
    if not token:
        raise ConfigError(f"{config_path}: hub.token_file {path} is empty")
    return token
