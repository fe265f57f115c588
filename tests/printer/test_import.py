"""Importing the printer package has no side effects on disk beyond its cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_import_leaves_no_temp_folder(tmp_path: Path) -> None:
    # python-escpos 3.1 calls mkdtemp() on import even with its cache variable set.
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "ESCPOS_CAPABILITIES_PICKLE_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-c", "import printer"],
        check=True,
        env=env,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert list(temp.iterdir()) == []
    assert any(tmp_path.glob("*.capabilities.pickle"))
