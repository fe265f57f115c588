"""Office config: the defaults are valid, and every mistake names file, key and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.paths import CONFIG_DIR
from hub.config_file import load_office
from hub.errors import ConfigError

DEFAULT = (CONFIG_DIR / "office.toml").read_text()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "office.toml"
    path.write_text(text)
    return path


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as refused:
        load_office(write(tmp_path, text))
    return str(refused.value)


def test_the_default_office_is_a_realistic_mpp() -> None:
    office = load_office(CONFIG_DIR / "office.toml")
    assert len(office.services) >= 6
    assert len(office.counters) >= 8
    assert {"informasi", "perizinan", "dukcapil", "bpjs", "samsat", "pengaduan"} <= {
        s.code for s in office.services
    }
    assert office.hours.monday == "08:00-19:00"
    assert office.hours.friday == "08:00-11:00"
    assert office.compensation.threshold_minutes == 15
    assert [c.code for c in office.priority.categories] == ["lansia", "disabilitas", "ibu_hamil"]


def test_the_demo_office_is_open_around_the_clock() -> None:
    office = load_office(CONFIG_DIR / "demo.toml")
    assert all(office.hours.span(day) is not None for day in range(7))
    assert not office.holidays.observe_national


def test_unknown_key_names_file_key_and_allowed_keys(tmp_path: Path) -> None:
    message = error_for(tmp_path, DEFAULT.replace("threshold_minutes = 15", "treshold = 15"))
    assert message.startswith(f"{tmp_path / 'office.toml'}: compensation.treshold: unknown key")
    assert "allowed here: threshold_minutes, remedy, remedy_en" in message


def test_unknown_key_inside_a_list_of_tables(tmp_path: Path) -> None:
    message = error_for(tmp_path, DEFAULT.replace('prefix = "C"', 'prefix = "C"\nkuota = 5'))
    assert "services[2].kuota: unknown key; allowed here: code, prefix, name" in message


def test_bad_prefix(tmp_path: Path) -> None:
    message = error_for(tmp_path, DEFAULT.replace('prefix = "B"', 'prefix = "b1"'))
    assert "services[1].prefix: String should match pattern" in message
    assert "(got 'b1')" in message


def test_bad_hours(tmp_path: Path) -> None:
    message = error_for(tmp_path, DEFAULT.replace('friday = "08:00-11:00"', 'friday = "8-11"'))
    assert "hours.friday: must be 'HH:MM-HH:MM' (e.g. '08:00-19:00') or 'closed'" in message


def test_closing_before_opening(tmp_path: Path) -> None:
    message = error_for(
        tmp_path, DEFAULT.replace('friday = "08:00-11:00"', 'friday = "11:00-08:00"')
    )
    assert "hours.friday: the closing time must come after the opening time" in message


def test_counter_naming_an_unknown_service(tmp_path: Path) -> None:
    message = error_for(tmp_path, DEFAULT.replace('services = ["samsat"]', 'services = ["paspor"]'))
    assert "counters[7].services: unknown service 'paspor'; allowed: informasi" in message


def test_duplicate_prefix(tmp_path: Path) -> None:
    message = error_for(tmp_path, DEFAULT.replace('prefix = "G"', 'prefix = "A"'))
    assert "services[6].prefix: 'A' is used twice; must be unique" in message


def test_bad_time_zone(tmp_path: Path) -> None:
    message = error_for(tmp_path, DEFAULT.replace("Asia/Makassar", "WITA"))
    assert "office.timezone: must be an IANA time zone: Asia/Jakarta (WIB)" in message


def test_missing_section(tmp_path: Path) -> None:
    message = error_for(tmp_path, DEFAULT.split("[[services]]")[0])
    assert "services: required key is missing" in message


def test_not_toml(tmp_path: Path) -> None:
    assert "not valid TOML" in error_for(tmp_path, "[office\nname=")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nope.toml: file not found"):
        load_office(tmp_path / "nope.toml")
