"""Each appliance owns its section of the one office config: it validates it, and a wrong
key there is reported with file, key and allowed keys by that appliance and by every
`antrian` command; the hub's model holds none of the appliances' settings."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from antrian.cli import main
from antrian.config import OfficeConfig, load_office_config
from common.errors import ConfigError
from common.office import SECTIONS
from common.paths import CONFIG_DIR
from counter_panel.settings import load_panel_office
from display.settings import load_caller_office, load_display_office
from fo.settings import load_fo_office
from hub.config import Office as HubOffice
from hub.config_file import load_office as load_hub_office
from kiosk.settings import load_kiosk_office
from rater.settings import load_rater_office

DEFAULT = (CONFIG_DIR / "office.toml").read_text(encoding="utf-8")

Loader = Callable[[Path], Any]
# The section, the part that owns it, its loader, a key of it to mistype.
OWNERS: list[tuple[str, Loader, str]] = [
    ("kiosk", load_kiosk_office, "return_seconds"),
    ("display", load_display_office, "recent_calls"),
    ("caller", load_caller_office, "repeat"),
    ("panel", load_panel_office, "stay_on_top"),
    ("fo", load_fo_office, "paper"),
    ("rater", load_rater_office, "question_seconds"),
    ("compensation", load_hub_office, "threshold_minutes"),
    ("complaints", load_hub_office, "answer_working_days"),
    ("central", load_hub_office, "token_file"),
]
EVERY_LOADER: list[Loader] = [load_office_config, *(loader for _, loader, _ in OWNERS)]


def mistyped(tmp_path: Path, section: str, key: str) -> Path:
    """The default office with `key` of `[section]` misspelt."""
    lines = DEFAULT.splitlines()
    start = lines.index(f"[{section}]")
    at = next(i for i in range(start, len(lines)) if lines[i].startswith(f"{key} "))
    lines[at] = lines[at].replace(key, key + "x", 1)
    path = tmp_path / "office.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def refusal(loader: Loader, path: Path) -> str:
    with pytest.raises(ConfigError) as refused:
        loader(path)
    return str(refused.value)


@pytest.mark.parametrize(("section", "loader", "key"), OWNERS, ids=[o[0] for o in OWNERS])
def test_a_wrong_key_is_named_by_the_part_that_owns_the_section(
    tmp_path: Path, section: str, loader: Loader, key: str
) -> None:
    path = mistyped(tmp_path, section, key)
    message = refusal(loader, path)
    assert message.startswith(f"{path}: {section}.{key}x: unknown key; allowed here: ")
    assert key in message.split("allowed here: ")[1].split(", ")


@pytest.mark.parametrize(("section", "loader", "key"), OWNERS, ids=[o[0] for o in OWNERS])
def test_a_wrong_key_in_any_section_stops_every_antrian_command(
    tmp_path: Path, section: str, loader: Loader, key: str
) -> None:
    path = mistyped(tmp_path, section, key)
    expected = f"{path}: {section}.{key}x: unknown key; allowed here: "
    commands = [
        ["config", "check", str(path)],
        ["hub", "--config", str(path), "--data", str(tmp_path / "data")],
    ]
    for command in commands:
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1, result.output
        assert expected in result.output


@pytest.mark.parametrize("loader", EVERY_LOADER, ids=lambda loader: loader.__module__)
def test_a_misspelt_section_is_refused_by_every_part(tmp_path: Path, loader: Loader) -> None:
    path = tmp_path / "office.toml"
    path.write_text(DEFAULT.replace("[kiosk]", "[kiosck]"), encoding="utf-8")
    message = refusal(loader, path)
    assert message.startswith(f"{path}: kiosck: unknown key; allowed here: ")
    assert set(message.split("allowed here: ")[1].split(", ")) == set(SECTIONS)


@pytest.mark.parametrize("loader", EVERY_LOADER, ids=lambda loader: loader.__module__)
@pytest.mark.parametrize("config", ["office.toml", "demo.toml"])
def test_every_part_reads_the_shipped_configs(loader: Loader, config: str) -> None:
    office = loader(CONFIG_DIR / config)
    assert office.office.short_name
    assert office.counters


def test_the_whole_config_is_every_section_there_is() -> None:
    assert list(OfficeConfig.model_fields) != []
    assert set(OfficeConfig.model_fields) == set(SECTIONS)
    whole = load_office_config(CONFIG_DIR / "office.toml")
    raw = tomllib.loads(DEFAULT)
    assert set(raw) == set(SECTIONS)  # the shipped config shows every section
    assert whole.kiosk.return_seconds == raw["kiosk"]["return_seconds"]
    assert whole.hub.backup_keep_days == raw["hub"].get("backup_keep_days", 30)


def test_the_hub_reads_none_of_the_appliances_settings() -> None:
    assert set(HubOffice.model_fields) == {
        "office", "hours", "holidays", "hub", "services", "counters",
        "compensation", "priority", "queue", "public", "complaints", "central",
    }  # fmt: skip


def test_an_appliance_passes_over_the_hubs_data_settings(tmp_path: Path) -> None:
    # [hub] is shared: where the hub is for everybody, its backups for the hub alone.
    path = tmp_path / "office.toml"
    text = DEFAULT.replace('backup_dir = ""', 'backup_dir = "/srv/backup"', 1)
    assert text != DEFAULT
    path.write_text(text, encoding="utf-8")
    assert load_kiosk_office(path).hub.token_file == load_hub_office(path).hub.token_file
    assert load_hub_office(path).hub.backup_dir == "/srv/backup"


def test_a_display_naming_an_unknown_service_is_refused_by_the_display(tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    text = DEFAULT.replace("[display]\nservices = []", '[display]\nservices = ["paspor"]', 1)
    assert text != DEFAULT
    path.write_text(text, encoding="utf-8")
    assert "display.services: unknown service 'paspor'; allowed: informasi" in refusal(
        load_display_office, path
    )
