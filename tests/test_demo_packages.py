"""scripts/demo on a screen installs what Qt's xcb plugin loads: the installer's one list."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from common.paths import PROJECT_ROOT

# What Qt 6's xcb plugin refuses to start without ("could not load the Qt platform plugin").
XCB_MUST_HAVE = {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"}


def run_demo_setup(tmp_path: Path, display: str | None) -> set[str]:
    """scripts/demo up to its exec, on a machine where dpkg knows no package: what it asks
    apt-get to install (apt-get, dpkg-query and the venv's python are stand-ins)."""
    bin_dir, venv = tmp_path / "bin", tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    bin_dir.mkdir()
    asked = tmp_path / "apt-get.args"
    stubs = {
        bin_dir / "dpkg-query": "exit 1\n",
        bin_dir / "apt-get": f'echo "$@" >> {asked}\n',
        bin_dir / "sudo": 'exec "$@"\n',
        venv / "bin" / "python": "exit 0\n",  # where the demo would start the office
    }
    for path, body in stubs.items():
        path.write_text("#!/bin/sh\n" + body)
        path.chmod(0o755)
    digest = hashlib.sha256((PROJECT_ROOT / "pyproject.toml").read_bytes()).hexdigest()
    (venv / ".antrian-installed").write_text(f"{digest} dev\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(PATH=f"{bin_dir}:{env['PATH']}", ANTRIAN_VENV=str(venv))
    if display:
        env["DISPLAY"] = display
    subprocess.run([str(PROJECT_ROOT / "scripts" / "demo")], env=env, check=True, timeout=60)
    calls = [line.split() for line in asked.read_text().splitlines()]
    return {word for call in calls if call[0] == "install" for word in call[1:]
            if not word.startswith("-")}  # fmt: skip


def installer_screen_packages() -> set[str]:
    """What scripts/install-appliance installs for a screen role, beyond apt-packages.txt."""
    script = (
        f"source {PROJECT_ROOT}/scripts/lib/setup.sh; source {PROJECT_ROOT}/scripts/lib/appliance.sh;"
        ' echo "${QT_PACKAGES[@]}" "${XCB_PACKAGES[@]}"'
    )
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_demo_on_a_screen_installs_the_xcb_libraries(tmp_path: Path) -> None:
    asked = run_demo_setup(tmp_path, ":0")
    assert XCB_MUST_HAVE <= asked
    assert installer_screen_packages() <= asked


def test_demo_offscreen_installs_no_x_libraries(tmp_path: Path) -> None:
    asked = run_demo_setup(tmp_path, None)
    assert "espeak-ng" in asked  # it did ask for the packages it always needs
    assert not {p for p in asked if p.startswith("libxcb")}
