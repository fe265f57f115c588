"""The `antrian` command line, as a technician types it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from antrian.cli import main
from common import __version__
from common.paths import CONFIG_DIR
from tests.hubproc import HubProcess

COMMANDS = [[], ["hub"], ["config"], ["config", "check"], ["token"], ["token", "create"],
            ["token", "list"], ["token", "revoke"], ["kiosk"], ["display"], ["caller"],
            ["officer"], ["officer", "add"], ["officer", "list"], ["officer", "disable"], ["counter"], ["recap"], ["fo"], ["simulate"], ["backup"], ["restore"], ["export"], ["officer", "set-pin"]]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "antrian")
def test_help_everywhere(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "antrian", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"antrian, version {__version__}"


def test_config_check_ok() -> None:
    result = CliRunner().invoke(main, ["config", "check", str(CONFIG_DIR / "office.toml")])
    assert result.exit_code == 0
    assert "OK: Mal Pelayanan Publik Kota Samarinda, 7 services, 9 counters" in result.output


def test_config_check_names_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text((CONFIG_DIR / "office.toml").read_text().replace("port = 8470", "prot = 8470"))
    result = CliRunner().invoke(main, ["config", "check", str(bad)])
    assert result.exit_code == 1
    assert (
        f"Error: {bad}: hub.prot: unknown key; allowed here: url, port, token_file" in result.output
    )


def test_token_create_list_revoke_against_a_running_hub(hub_process: HubProcess) -> None:
    hub_process.start()
    data = ["--data", str(hub_process.data_dir)]
    created = subprocess.run(
        [sys.executable, "-m", "antrian", "token", "create", "--role", "display",
         "--name", "tv-lobby", *data],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    token = created.stdout.strip().splitlines()[-1]  # contract: the last line is the token
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{hub_process.url}/state", headers=headers).status_code == 200

    runner = CliRunner()
    listed = runner.invoke(main, ["token", "list", *data])
    assert "tv-lobby" in listed.output
    assert token not in listed.output
    assert runner.invoke(main, ["token", "revoke", "tv-lobby", *data]).exit_code == 0
    assert httpx.get(f"{hub_process.url}/state", headers=headers).status_code == 401
    again = runner.invoke(main, ["token", "revoke", "tv-lobby", *data])
    assert again.exit_code == 1
    assert "no live token named 'tv-lobby'" in again.output


def test_counter_binding_only_for_counter_tokens(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["token", "create", "--role", "kiosk", "--name", "k", "--counter", "3",
               "--data", str(tmp_path)]
    )  # fmt: skip
    assert result.exit_code == 1
    assert "--counter is only for tokens of role 'counter'" in result.output


def test_hub_refuses_a_bad_config(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[office]\nname = 'x'\n")
    result = CliRunner().invoke(main, ["hub", "--config", str(bad), "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "office.short_name: required key is missing" in result.output


def test_backup_export_restore_from_the_command_line(
    hub_process: HubProcess, tmp_path: Path
) -> None:
    token = hub_process.token("kiosk", "kiosk-1")
    hub_process.start()
    for _ in range(3):
        httpx.post(f"{hub_process.url}/tickets", json={"service": "samsat"},
                   headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    data = ["--data", str(hub_process.data_dir)]
    runner = CliRunner()
    made = runner.invoke(
        main, ["backup", *data, "--to", str(tmp_path / "bak"), "--keep-days", "30"]
    )
    assert made.exit_code == 0, made.output
    backup_file = Path(made.output.strip().splitlines()[-1])
    assert backup_file.exists()
    exported = runner.invoke(main, ["export", *data, "--format", "jsonl"])
    assert exported.exit_code == 0
    lines = [json.loads(line) for line in exported.output.splitlines() if line.startswith("{")]
    assert [event["type"] for event in lines].count("ticket.issued") == 3
    hub_process.stop()
    restored = runner.invoke(main, ["restore", str(backup_file), "--data", str(tmp_path / "new"),
                                    "--yes"])  # fmt: skip
    assert restored.exit_code == 0, restored.output
    assert (tmp_path / "new" / "antrian.sqlite3").exists()


def test_a_forgotten_pin(tmp_path: Path) -> None:
    runner = CliRunner()
    data = ["--data", str(tmp_path)]
    nip = "198001012005011001"
    assert runner.invoke(main, ["officer", "add", "--nip", nip, "--name", "Siti", "--pin",
                                "1234", *data]).exit_code == 0  # fmt: skip
    assert runner.invoke(main, ["officer", "disable", nip, *data]).exit_code == 0
    changed = runner.invoke(main, ["officer", "set-pin", nip, "--pin", "5678", *data])
    assert changed.output.strip() == f"new PIN set for officer {nip}"
    listed = runner.invoke(main, ["officer", "list", *data]).output
    assert "disabled" not in listed
    from hub.officers import pin_matches
    from hub.store import Store

    store = Store.in_data_dir(tmp_path)
    (stored,) = store.conn.execute("SELECT pin_hash FROM officers").fetchone()
    store.close()
    assert pin_matches("5678", stored)
    assert not pin_matches("1234", stored)
