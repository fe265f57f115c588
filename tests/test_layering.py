"""The layering (LAYERS.md) is enforced: each import-linter contract in pyproject.toml
passes on the tree as it is and fails, by name, on a deliberate bad import.

Each case copies the packages to a temporary folder, adds one module with a forbidden
import, and runs `lint-imports` there, as `scripts/test` runs it here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
PACKAGES: list[str] = SETTINGS["importlinter"]["root_packages"]
CONTRACTS = [contract["name"] for contract in SETTINGS["importlinter"]["contracts"]]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

LAYERS = "Layers: the command line, the parts, the libraries they share, the bottom"
APPS_APART = "No app imports another app"
NO_HUB_IN_APPS = "Apps never import the hub: they reach it over HTTP (hub_client)"
HUB_ALONE = "The hub never imports an app or the command line"
CLI_ON_TOP = "Nothing imports the command line"
PURE_ENGINE = "The queue engine is pure: no I/O, no web, no Qt, no config file parsing"
HTTP_IN_API = "Only hub.api and hub.public speak HTTP"
NO_QT = "No Qt in the cores: hub, client core, voice, printer, config, shared helpers"
CENTRAL_APART = "Central never imports the hub or an app: it reads forwarded logs"
PROTOCOL_AT_BOTTOM = "The protocol is the bottom layer: pydantic and the standard library, no I/O"


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    # The copied packages come first on the path, before the installed (editable) ones.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def verdicts(output: str) -> dict[str, str]:
    """Contract name -> KEPT or BROKEN, from lint-imports' summary lines."""
    found = {}
    for line in output.splitlines():
        for name in CONTRACTS:
            if line.startswith(f"{name} "):
                found[name] = "BROKEN" if " BROKEN" in line else "KEPT"
    return found


def test_every_contract_named_here_is_in_pyproject() -> None:
    assert sorted(CONTRACTS) == sorted(
        [
            LAYERS,
            APPS_APART,
            NO_HUB_IN_APPS,
            HUB_ALONE,
            CLI_ON_TOP,
            PURE_ENGINE,
            HTTP_IN_API,
            NO_QT,
            PROTOCOL_AT_BOTTOM,
            CENTRAL_APART,
        ]
    )


def test_the_tree_as_it_is_keeps_every_contract(tmp_path: Path) -> None:
    result = lint_imports(copy_tree(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert verdicts(result.stdout) == dict.fromkeys(CONTRACTS, "KEPT")


# (module added to the copy, its import, the contracts it must break)
BAD_IMPORTS = [
    ("common/bad.py", "import hub_client.clock", {LAYERS}),
    ("voice/bad.py", "import kiosk.settings", {LAYERS}),
    ("kiosk/bad.py", "import display.board", {LAYERS, APPS_APART}),
    ("fo/bad.py", "import counter_panel.actions", {LAYERS, APPS_APART}),
    ("display/bad.py", "import hub.config", {LAYERS, NO_HUB_IN_APPS}),
    ("counter_panel/bad.py", "import hub.engine.desk", {LAYERS, NO_HUB_IN_APPS}),
    ("hub/bad.py", "import kiosk.settings", {LAYERS, HUB_ALONE}),
    ("hub/bad.py", "import antrian.config", {LAYERS, HUB_ALONE, CLI_ON_TOP}),
    ("printer/bad.py", "import antrian", {LAYERS, CLI_ON_TOP}),
    ("hub/engine/bad.py", "import tomllib", {PURE_ENGINE}),
    ("hub/engine/bad.py", "import common.config", {PURE_ENGINE}),
    ("hub/engine/bad.py", "import hub.config_file", {PURE_ENGINE}),
    ("hub/engine/bad.py", "import sqlite3", {PURE_ENGINE}),
    ("hub/engine/bad.py", "import fastapi", {PURE_ENGINE, HTTP_IN_API}),
    ("voice/bad.py", "import PySide6.QtCore", {NO_QT}),
    ("protocol/bad.py", "import common.indonesian", {LAYERS, PROTOCOL_AT_BOTTOM}),
    ("protocol/bad.py", "import sqlite3", {PROTOCOL_AT_BOTTOM}),
    ("reports/bad.py", "import hub.recap", {LAYERS}),
    ("central/bad.py", "import hub.recap", {LAYERS, CENTRAL_APART}),
    ("reports/bad.py", "import PySide6.QtGui", {NO_QT}),
]


@pytest.mark.parametrize(
    ("module", "statement", "broken"),
    BAD_IMPORTS,
    ids=[f"{module}: {statement}" for module, statement, _ in BAD_IMPORTS],
)
def test_a_forbidden_import_breaks_its_contract(
    tmp_path: Path, module: str, statement: str, broken: set[str]
) -> None:
    tree = copy_tree(tmp_path)
    (tree / module).write_text(f'"""A deliberate bad import."""\n\n{statement}\n')

    result = lint_imports(tree)

    assert result.returncode != 0, result.stdout + result.stderr
    found = verdicts(result.stdout)
    assert {name for name, verdict in found.items() if verdict == "BROKEN"} == broken, result.stdout
    bad_module = module.removesuffix(".py").replace("/", ".")
    assert bad_module in result.stdout  # the report names the importing module


def definitions_of(class_name: str) -> list[str]:
    """Where `class NAME` is defined in our packages."""
    return sorted(
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if any(
            line.startswith(f"class {class_name}(") or line.startswith(f"class {class_name}:")
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    )


@pytest.mark.parametrize(
    ("name", "home"),
    [
        ("Clock", "common/clock.py"),
        ("SystemClock", "common/clock.py"),
        ("FixedClock", "common/clock.py"),
        ("HubClock", "hub_client/clock.py"),
        ("SerialSettings", "common/serial.py"),
        ("Section", "common/section.py"),
    ],
)
def test_one_of_each(name: str, home: str) -> None:
    assert definitions_of(name) == [home]
