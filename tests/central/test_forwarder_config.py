"""The hub's [central] section: forwarding only with both url and token_file, and a
token file that cannot be read stops the hub with one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.paths import CONFIG_DIR
from hub.config_file import load_office
from hub.errors import HubError
from hub.forwarder import Forwarder
from hub.store import Store

OFFICE = load_office(CONFIG_DIR / "demo.toml")


def test_no_forwarding_without_url_and_token_file(tmp_path: Path) -> None:
    assert Forwarder.of(OFFICE, tmp_path / "x.sqlite3", None) is None
    half = OFFICE.model_copy(
        update={"central": OFFICE.central.model_copy(update={"url": "http://127.0.0.1:1"})}
    )
    assert Forwarder.of(half, tmp_path / "x.sqlite3", None) is None


@pytest.mark.parametrize("content", [None, ""])
def test_a_missing_or_empty_token_file_is_named(tmp_path: Path, content: str | None) -> None:
    token = tmp_path / "central.token"
    if content is not None:
        token.write_text(content)
    office = OFFICE.model_copy(update={"central": OFFICE.central.model_copy(
        update={"url": "http://127.0.0.1:1", "token_file": "central.token"})})  # fmt: skip
    with pytest.raises(HubError, match=r"central\.token: \[central\] token_file"):
        Forwarder.of(office, tmp_path / "x.sqlite3", tmp_path / "office.toml")


def test_the_position_starts_at_zero_and_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "antrian.sqlite3"
    Store(path).close()
    (tmp_path / "central.token").write_text("secret\\n")
    office = OFFICE.model_copy(update={"central": OFFICE.central.model_copy(
        update={"url": "http://127.0.0.1:1", "token_file": "central.token"})})  # fmt: skip
    forwarder = Forwarder.of(office, path, tmp_path / "office.toml")
    assert forwarder is not None
    assert forwarder.health(7) == {"position": 0, "behind": 7}
    forwarder._keep_position(5)
    again = Forwarder.of(office, path, tmp_path / "office.toml")
    assert again is not None
    assert again.health(7) == {"position": 5, "behind": 2}
