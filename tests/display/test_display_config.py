"""The display's logo and media keys: off by default; a wrong value names file, key and
what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.errors import ConfigError
from common.paths import CONFIG_DIR
from display.settings import load_display_office

DEFAULT = (CONFIG_DIR / "office.toml").read_text()


def with_display_keys(tmp_path: Path, *settings: str) -> Path:
    """The default office with lines of its [display] section replaced."""
    lines = DEFAULT.splitlines()
    section = lines.index("[display]")
    for setting in settings:
        key = setting.split("=")[0].strip()
        at = next(i for i in range(section, len(lines)) if lines[i].startswith(f"{key} = "))
        lines[at] = setting
    path = tmp_path / "office.toml"
    path.write_text("\n".join(lines))
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ConfigError) as refused:
        load_display_office(path)
    return str(refused.value)


@pytest.mark.parametrize("config", ["office.toml", "demo.toml"])
def test_the_logo_and_the_media_area_are_off_by_default(config: str) -> None:
    display = load_display_office(CONFIG_DIR / config).display
    assert (display.logo, display.media) == ("", "")


def test_a_logo_that_is_no_image_names_file_key_and_allowed(tmp_path: Path) -> None:
    path = with_display_keys(tmp_path, 'logo = "/srv/antrian/logo.gif"')
    message = refusal(path)
    assert str(path) in message
    assert "display.logo" in message
    assert ".png, .jpg, .jpeg, .svg" in message
    assert "'/srv/antrian/logo.gif'" in message


def test_media_given_one_file_names_file_key_and_allowed(tmp_path: Path) -> None:
    path = with_display_keys(tmp_path, 'media = "/srv/antrian/profil.mp4"')
    message = refusal(path)
    assert str(path) in message
    assert "display.media" in message
    assert "must be a folder holding .png" in message
    assert ".mp4" in message


def test_a_media_folder_and_a_logo_are_taken(tmp_path: Path) -> None:
    path = with_display_keys(
        tmp_path, 'logo = "/srv/antrian/logo.PNG"', 'media = "/srv/antrian/tayangan"'
    )
    office = load_display_office(path)
    assert (office.display.logo, office.display.media) == (
        "/srv/antrian/logo.PNG", "/srv/antrian/tayangan")  # fmt: skip
