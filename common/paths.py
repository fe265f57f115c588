"""Where Antrian finds its default config and keeps its data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = PROJECT_ROOT / "config"
SOUNDS_DIR = PROJECT_ROOT / "sounds"


def default_config() -> Path:
    return Path(os.environ.get("ANTRIAN_CONFIG") or CONFIG_DIR / "office.toml")


def default_data_dir() -> Path:
    return Path(os.environ.get("ANTRIAN_DATA") or platformdirs.user_data_dir("antrian"))
