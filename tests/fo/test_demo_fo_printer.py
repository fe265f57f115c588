"""The demo's FO desk prints into the demo folder, not into a /tmp folder shared by all."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from antrian.config import load_office_config
from common.paths import CONFIG_DIR, PROJECT_ROOT
from fo.thermal import render_recap
from printer import open_printer, paper_profile
from tests.fo.conftest import typed


def demo_office_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "demo_office", PROJECT_ROOT / "scripts" / "demo_office.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_demo_fo_printer_writes_into_the_demo_folder(
    tmp_path: Path, sample_recap: dict[str, Any]
) -> None:
    out = tmp_path / "demo out"
    out.mkdir()
    office = load_office_config(demo_office_script().fo_config(out))
    assert office.fo.printer == f"preview://{out / 'fo-printer'}"
    # Everything else is the demo office as it is.
    demo = load_office_config(CONFIG_DIR / "demo.toml")
    assert office.model_copy(update={"fo": demo.fo}) == demo
    profile = paper_profile(office.fo.paper)
    connection = open_printer(office.fo.printer, profile)
    try:
        connection.send(render_recap(typed(sample_recap), profile), label="rekap")
    finally:
        connection.close()
    assert list((out / "fo-printer").glob("*.png"))
