"""scripts/install-appliance: every role installed under a temporary --prefix (files
only: no packages, users or systemctl), checked file by file, verified by systemd, then
uninstalled; and the errors a technician sees on site."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "scripts" / "install-appliance"
CONFIG = ROOT / "config" / "office.toml"
# The virtualenv running these tests has Antrian installed: --venv links to it, so no
# test waits for pip (one slow test below builds a real one).
VENV = Path(sys.prefix)
# Exists on every Debian/Ubuntu; systemd-analyze warns about User=nobody.
USER = "daemon"
TOKEN = "ant_" + "T0ken-for-the-tests_" * 2 + "xyz"
ROLES = ["hub", "kiosk", "display", "caller", "counter", "fo", "rater"]
SCREEN_ROLES = {"kiosk", "display", "counter", "fo", "rater"}
TOKEN_ROLES = {"kiosk", "display", "caller", "fo", "rater"}
COUNTER_ROLES = {"counter", "rater"}
# Commands that change the system; under --prefix the installer must not run any.
GUARDED = ["systemctl", "useradd", "usermod", "userdel", "apt-get", "debconf-set-selections"]

pytestmark = pytest.mark.skipif(
    not (VENV / "bin" / "antrian").exists(), reason="needs the project's virtualenv"
)


class Installer:
    """Runs scripts/install-appliance into one prefix, with guards on system commands."""

    def __init__(self, tmp_path: Path) -> None:
        self.prefix = tmp_path / "root"
        self.guard_log = tmp_path / "guarded.log"
        guard_bin = tmp_path / "guard-bin"
        guard_bin.mkdir()
        for name in GUARDED:
            script = guard_bin / name
            script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{self.guard_log}"\nexit 1\n')
            script.chmod(0o755)
        self.env = {**os.environ, "PATH": f"{guard_bin}:{os.environ['PATH']}"}
        self.token_file = tmp_path / "device.token"
        self.token_file.write_text(TOKEN + "\n")
        self.config = tmp_path / "office.toml"
        shutil.copy(CONFIG, self.config)

    def run(
        self, *args: str, stdin: str | None = None, venv: bool = True, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        command = [str(INSTALLER), *args, "--prefix", str(self.prefix), "--user", USER]
        if venv:
            command += ["--venv", str(VENV)]
        result = subprocess.run(
            command, env=self.env, input=stdin, capture_output=True, text=True, timeout=timeout
        )
        assert not self.guard_log.exists(), self.guard_log.read_text()
        return result

    def install(self, role: str, *extra: str) -> subprocess.CompletedProcess[str]:
        args = ["--role", role, "--config", str(self.config), *extra]
        if role in TOKEN_ROLES:
            args += ["--token-file", str(self.token_file)]
        if role in COUNTER_ROLES and "--counter" not in extra:
            args += ["--counter", "3"]
        result = self.run(*args)
        assert result.returncode == 0, result.stderr
        return result

    def path(self, relative: str) -> Path:
        return self.prefix / relative

    def unit(self, name: str) -> dict[str, list[str]]:
        return unit_settings(self.path(f"etc/systemd/system/{name}"))


@pytest.fixture
def installer(tmp_path: Path) -> Installer:
    return Installer(tmp_path)


def unit_settings(path: Path) -> dict[str, list[str]]:
    """Key -> values of a unit file (a key may repeat, like Environment=)."""
    settings: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def environment(settings: dict[str, list[str]]) -> dict[str, str]:
    pairs = (
        item.split("=", 1) for line in settings.get("Environment", []) for item in line.split()
    )
    return dict(pairs)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def owner_checkable() -> bool:
    try:
        pwd.getpwnam(USER)
    except KeyError:
        return False
    return os.geteuid() == 0


def systemd_verify(unit: Path) -> None:
    """systemd-analyze verify: parses the unit as systemd would and checks that ExecStart
    is executable; any complaint about our unit fails the test."""
    assert shutil.which("systemd-analyze"), "systemd-analyze is missing (scripts/test installs it)"
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(unit)],
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert [line for line in said.splitlines() if "antrian" in line] == [], said


UNIT_FILES = {role: f"antrian-{role}.service" for role in ROLES} | {
    "counter": "antrian-counter@.service",
    "rater": "antrian-rater@.service",
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_installs_its_files_and_a_unit_systemd_accepts(
    installer: Installer, role: str
) -> None:
    result = installer.install(role)
    assert "systemctl enable --now" in result.stdout  # says what a real install would do
    prefix = installer.prefix
    config = installer.path("etc/antrian/office.toml")
    assert mode(config) == 0o644
    assert config.read_text().startswith(CONFIG.read_text()[:200])
    assert "OK:" in result.stdout  # `antrian config check` passed

    unit_path = installer.path(f"etc/systemd/system/{UNIT_FILES[role]}")
    assert mode(unit_path) == 0o644
    unit = unit_settings(unit_path)
    exec_start = unit["ExecStart"][0].split()
    antrian = prefix / "opt/antrian/venv/bin/antrian"
    assert exec_start[:2] == [str(antrian), role]
    assert os.access(antrian, os.X_OK)
    assert exec_start[exec_start.index("--config") + 1] == str(config)
    assert unit["User"] == [USER]
    assert Path(unit["WorkingDirectory"][0]).is_absolute()
    expected_restart = "always" if role in {"kiosk", "display", "rater"} else "on-failure"
    assert unit["Restart"] == [expected_restart]
    assert int(unit["RestartSec"][0]) > 0
    assert unit["StartLimitIntervalSec"] == ["0"]  # keeps retrying, never gives up
    env = environment(unit)

    if role == "hub":
        data, backups = installer.path("var/lib/antrian"), installer.path("var/backups/antrian")
        assert exec_start[exec_start.index("--data") + 1] == str(data)
        assert mode(data) == 0o700
        assert mode(backups) == 0o700
        assert unit["NoNewPrivileges"] == ["yes"]
        assert unit["ProtectSystem"] == ["strict"]
        assert unit["ProtectHome"] == ["yes"]
        assert unit["PrivateTmp"] == ["yes"]
        assert unit["ReadWritePaths"][0].split() == [str(data), f"-{backups}"]
        hub = tomllib.loads(config.read_text())["hub"]
        assert hub["backup_dir"] == str(backups)  # the hub's daily backups land there
        assert "QT_QPA_PLATFORM" not in env
    if role in COUNTER_ROLES:
        assert exec_start[-2:] == ["--counter", "%i"]
    if role == "counter":
        assert "dialout" in unit["SupplementaryGroups"][0].split()
    if role in {"caller", "display"}:
        assert "audio" in unit["SupplementaryGroups"][0].split()
    if role == "caller":
        assert env["QT_QPA_PLATFORM"] == "offscreen"

    token = installer.path("etc/antrian/token")
    if role in TOKEN_ROLES:
        assert token.read_text() == TOKEN + "\n"
        assert mode(token) == 0o600
        if owner_checkable():
            assert pwd.getpwuid(token.stat().st_uid).pw_name == USER
        assert tomllib.loads(config.read_text())["hub"]["token_file"] == str(token)
    else:
        assert not token.exists()
    # The token lives in its file only: never in a unit, a command line or the output.
    for path in prefix.rglob("*"):
        if path.is_file() and not path.is_symlink() and path != token:
            assert TOKEN not in path.read_text(errors="replace"), path
    assert TOKEN not in result.stdout + result.stderr

    lightdm = installer.path("etc/lightdm/lightdm.conf.d/50-antrian.conf")
    session = installer.path("opt/antrian/xsession/antrian-session")
    if role in SCREEN_ROLES:
        assert "graphical.target" in unit["After"][0].split()
        assert unit["WantedBy"] == ["graphical.target"]
        assert env["DISPLAY"] == ":0"
        assert env["QT_QPA_PLATFORM"] == "xcb"
        assert env["XAUTHORITY"].endswith("/.Xauthority")
        lightdm_text = lightdm.read_text()
        assert f"autologin-user={USER}" in lightdm_text
        assert "autologin-session=antrian" in lightdm_text
        assert mode(session) == 0o755
        session_text = session.read_text()
        assert "xset s off -dpms s noblank" in session_text
        desktop = installer.path("usr/share/xsessions/antrian.desktop").read_text()
        assert f"Exec={session}" in desktop
        hides_cursor = role in {"kiosk", "display", "rater"}
        assert ("-nocursor" in lightdm_text) == hides_cursor
        assert ("-use_cursor no" in session_text) == hides_cursor
        assert not re.search(r"@[A-Z_]+@", session_text)  # every placeholder filled in
    else:
        assert not lightdm.exists()
        assert not session.exists()

    systemd_verify(
        unit_path.with_name(f"antrian-{role}@3.service") if role in COUNTER_ROLES else unit_path
    )


def test_dry_run_shows_the_unit_and_changes_nothing(installer: Installer) -> None:
    result = installer.run(
        "--role", "kiosk", "--config", str(installer.config),
        "--token-file", str(installer.token_file), "--dry-run",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not installer.prefix.exists()
    assert "would write" in result.stdout
    assert "ExecStart=" in result.stdout
    assert "autologin-user=" in result.stdout
    assert TOKEN not in result.stdout + result.stderr


def test_token_from_stdin_keeps_only_the_token(installer: Installer) -> None:
    # What `antrian token create ... 2>&1` prints: a message, then the token.
    pasted = f"Token for kiosk-1 (role kiosk); store it now, it is not shown again:\n{TOKEN}\n"
    result = installer.run(
        "--role", "kiosk", "--config", str(installer.config), "--token-stdin", stdin=pasted
    )
    assert result.returncode == 0, result.stderr
    assert installer.path("etc/antrian/token").read_text() == TOKEN + "\n"


def test_hub_url_goes_into_the_config_not_the_unit(installer: Installer) -> None:
    installer.install("display", "--hub-url", "http://192.168.1.10:8470/")
    config = tomllib.loads(installer.path("etc/antrian/office.toml").read_text())
    assert config["hub"]["url"] == "http://192.168.1.10:8470"
    assert "192.168" not in installer.path("etc/systemd/system/antrian-display.service").read_text()


def test_a_rerun_keeps_the_installed_config_and_token(installer: Installer) -> None:
    installer.install("kiosk")
    config = installer.path("etc/antrian/office.toml")
    edited = config.read_text().replace("Kota Samarinda", "Kota Balikpapan")
    config.write_text(edited)
    result = installer.run("--role", "kiosk")  # an upgrade: no --config, no token
    assert result.returncode == 0, result.stderr
    assert "keeping the installed token" in result.stdout
    assert config.read_text() == edited
    assert installer.path("etc/antrian/token").read_text() == TOKEN + "\n"
    # A new config replaces it, and the edited one is kept beside it.
    installer.install("kiosk")
    assert installer.path("etc/antrian/office.toml.previous").read_text() == edited
    assert "Kota Samarinda" in config.read_text()


def test_uninstall_removes_the_hub_but_keeps_its_data_until_purge(installer: Installer) -> None:
    installer.install("hub")
    data = installer.path("var/lib/antrian")
    (data / "antrian.sqlite3").write_text("the office's history")
    backups = installer.path("var/backups/antrian")
    (backups / "antrian-20261123-010000.sqlite3").write_text("a backup")

    result = installer.run("--role", "hub", "--uninstall")
    assert result.returncode == 0, result.stderr
    assert not installer.path("etc/systemd/system/antrian-hub.service").exists()
    assert not installer.path("opt/antrian").exists()
    assert (data / "antrian.sqlite3").read_text() == "the office's history"
    assert (backups / "antrian-20261123-010000.sqlite3").exists()
    assert installer.path("etc/antrian/office.toml").exists()
    assert "kept: the hub's data" in result.stdout

    result = installer.run("--role", "hub", "--uninstall", "--purge")
    assert result.returncode == 0, result.stderr
    assert not data.exists()
    assert not backups.exists()
    assert not installer.path("etc/antrian").exists()


def test_uninstall_keeps_what_another_role_on_the_pc_still_uses(installer: Installer) -> None:
    installer.install("kiosk")
    installer.install("caller")
    lightdm = installer.path("etc/lightdm/lightdm.conf.d/50-antrian.conf")
    token = installer.path("etc/antrian/token")

    result = installer.run("--role", "kiosk", "--uninstall")
    assert result.returncode == 0, result.stderr
    assert not installer.path("etc/systemd/system/antrian-kiosk.service").exists()
    assert not lightdm.exists()  # no screen role left
    assert not installer.path("usr/share/xsessions/antrian.desktop").exists()
    assert token.exists()  # the caller still needs it
    assert installer.path("opt/antrian/venv").exists()
    assert "antrian token revoke" in result.stdout

    result = installer.run("--role", "caller", "--uninstall")
    assert result.returncode == 0, result.stderr
    assert not token.exists()
    assert not installer.path("opt/antrian").exists()
    assert VENV.exists()  # --venv was a link; what it pointed to stays


def test_no_autologin_leaves_the_desktop_session_alone(installer: Installer) -> None:
    installer.install("counter", "--no-autologin")
    assert not installer.path("etc/lightdm").exists()
    assert not installer.path("opt/antrian/xsession").exists()
    unit = installer.unit("antrian-counter@.service")
    assert environment(unit)["DISPLAY"] == ":0"  # draws on the desktop of --user


def test_uninstall_of_a_counter(installer: Installer) -> None:
    installer.install("counter", "--counter", "2")
    result = installer.run("--role", "counter", "--counter", "2", "--uninstall")
    assert result.returncode == 0, result.stderr
    assert not installer.path("etc/systemd/system/antrian-counter@.service").exists()


def test_uninstall_of_one_rater_keeps_the_other(installer: Installer) -> None:
    installer.install("rater", "--counter", "2")
    installer.install("rater", "--counter", "3")
    wants = installer.path("etc/systemd/system/graphical.target.wants")
    wants.mkdir(parents=True, exist_ok=True)  # what systemctl enable would leave
    for n in (2, 3):
        (wants / f"antrian-rater@{n}.service").symlink_to("../antrian-rater@.service")
    result = installer.run("--role", "rater", "--counter", "2", "--uninstall")
    assert result.returncode == 0, result.stderr
    assert installer.path("etc/systemd/system/antrian-rater@.service").exists()
    assert installer.path("etc/antrian/token").exists()  # rater 3 still needs it


BAD_INPUT = {
    "no role": ([], "no role given"),
    "unknown role": (
        ["--role", "printer"],
        "the roles are: hub kiosk display caller counter fo rater",
    ),
    "unknown option": (["--role", "hub", "--colour"], "unknown option '--colour'"),
    "kiosk without a token": (
        ["--role", "kiosk", "--config", "{config}"],
        "antrian token create --role kiosk --name",
    ),
    "caller without a token": (
        ["--role", "caller", "--config", "{config}"],
        "antrian token create --role display --name",
    ),
    "counter without its number": (
        ["--role", "counter", "--config", "{config}"],
        "add --counter N",
    ),
    "rater without its number": (
        ["--role", "rater", "--config", "{config}"],
        "the rater role needs the number of the counter",
    ),
    "rater without a token": (
        ["--role", "rater", "--counter", "2", "--config", "{config}"],
        "antrian token create --role rater --counter 2 --name",
    ),
    "a counter the config lacks": (
        ["--role", "counter", "--counter", "42", "--config", "{config}"],
        "counter 42 is not in",
    ),
    "--counter for a kiosk": (
        ["--role", "kiosk", "--counter", "2", "--config", "{config}"],
        "--counter is only for --role counter and --role rater",
    ),
    "no config": (["--role", "hub"], "no office config"),
    "a config that is not there": (
        ["--role", "hub", "--config", "{tmp}/nope.toml"],
        "no such file",
    ),
    "a token file that is not there": (
        ["--role", "fo", "--config", "{config}", "--token-file", "{tmp}/nope.token"],
        "--token-file {tmp}/nope.token: no such file",
    ),
    "an empty token file": (
        ["--role", "fo", "--config", "{config}", "--token-file", "{tmp}/empty.token"],
        "holds no token",
    ),
    "a hub address that is not one": (
        ["--role", "display", "--config", "{config}", "--hub-url", "192.168.1.10"],
        "is not an address like http://192.168.1.10:8470",
    ),
    "broken TOML": (["--role", "hub", "--config", "{tmp}/broken.toml"], "is not valid TOML"),
    "a config the hub refuses": (
        ["--role", "hub", "--config", "{tmp}/typo.toml"],
        "the office config is not valid",
    ),
    "--purge alone": (["--role", "hub", "--purge"], "--purge only goes with --uninstall"),
}


@pytest.mark.parametrize(("args", "message"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_says_what_is_wrong_and_changes_nothing(
    installer: Installer, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "empty.token").write_text("\n")
    (tmp_path / "broken.toml").write_text("[office\nname = 'x'\n")
    (tmp_path / "typo.toml").write_text(CONFIG.read_text().replace("port = 8470", "prot = 8470"))
    fill = {"config": str(installer.config), "tmp": str(tmp_path)}
    result = installer.run(*(arg.format(**fill) for arg in args))
    assert result.returncode != 0
    assert message.format(**fill) in result.stderr, result.stderr
    assert "error:" in result.stderr
    assert not installer.path("etc/systemd/system").exists()


def test_needs_root_for_a_real_install() -> None:
    # Run it as an unprivileged user (nobody) whoever runs the tests.
    as_user = (
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    )
    result = subprocess.run(
        [*as_user, str(INSTALLER), "--role", "hub", "--config", str(CONFIG)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode != 0
    assert "run it as root" in result.stderr


def test_the_scripts_are_shellcheck_clean() -> None:
    assert shutil.which("shellcheck"), "shellcheck is missing (scripts/test installs it)"
    scripts = [
        INSTALLER,
        ROOT / "scripts/lib/appliance.sh",
        ROOT / "packaging/xsession/antrian-session",
    ]
    result = subprocess.run(
        ["shellcheck", "-x", *map(str, scripts)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_a_real_install_copies_the_code_and_builds_a_venv(installer: Installer) -> None:
    """The one install that runs pip: the hub's dependencies only, no Qt (~20 s)."""
    result = installer.run(
        "--role", "hub", "--config", str(installer.config), venv=False, timeout=180
    )
    assert result.returncode == 0, result.stderr
    app, venv = installer.path("opt/antrian/app"), installer.path("opt/antrian/venv")
    assert not venv.is_symlink()
    assert (venv / "pyvenv.cfg").exists()
    assert (app / "sounds" / "chime.wav").exists()  # found beside the code, as at home
    assert (app / "pyproject.toml").exists()
    assert not (app / "tests").exists()
    assert not (app / ".git").exists()
    assert not (app / ".venv").exists()
    version = subprocess.run(
        [str(venv / "bin" / "antrian"), "--version"], capture_output=True, text=True, timeout=60
    )
    assert version.returncode == 0
    assert "antrian" in version.stdout
    pyside = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import PySide6"], capture_output=True, timeout=60
    )
    assert pyside.returncode != 0  # the hub needs nothing of Qt
    systemd_verify(installer.path("etc/systemd/system/antrian-hub.service"))


def test_the_office_config_comes_from_the_hub(installer: Installer, tmp_path: Path) -> None:
    from tests.hubproc import HubProcess

    hub = HubProcess(tmp_path / "hub-data")
    (tmp_path / "hub-data").mkdir()
    installer.token_file.write_text(hub.token("kiosk", "kiosk-lobby") + "\n")
    hub.start()
    try:
        origin = hub.url.removesuffix("/api/v1")
        result = installer.run("--role", "kiosk", "--hub-url", origin,
                               "--token-file", str(installer.token_file))  # fmt: skip
    finally:
        hub.stop()
    assert result.returncode == 0, result.stderr
    assert f"office config fetched from {origin}" in result.stderr
    installed = installer.path("etc/antrian/office.toml").read_text()
    assert 'name = "Mal Pelayanan Publik Kota Samarinda"' in installed
    assert f'url = "{origin}"' in installed
