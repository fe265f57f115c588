"""scripts/install-appliance fetching the office config from a hub that is not there, or
that refuses the token: one clear line and what to do, never a Python traceback."""

from __future__ import annotations

from pathlib import Path

from tests.hubproc import HubProcess, free_port
from tests.test_install import TOKEN, Installer


def test_an_unreachable_hub_is_one_clear_line_then_what_to_do(tmp_path: Path) -> None:
    installer = Installer(tmp_path)
    origin = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result = installer.run("--role", "kiosk", "--hub-url", origin,
                           "--token-file", str(installer.token_file))  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    error, *advice = result.stderr.strip().splitlines()
    assert error == (f"install-appliance: error: cannot fetch the office config from {origin}: "
                     "the hub does not answer ([Errno 111] Connection refused)")  # fmt: skip
    assert advice[0].strip().startswith("check the hub PC is on and antrian-hub runs there")
    assert "--config office.toml" in advice[-1]
    assert not installer.path("etc/antrian").exists()


def test_a_refused_token_says_so_and_how_to_get_one(tmp_path: Path) -> None:
    installer = Installer(tmp_path)
    hub = HubProcess(tmp_path / "hub-data")
    (tmp_path / "hub-data").mkdir()
    hub.start()
    try:
        origin = hub.url.removesuffix("/api/v1")
        installer.token_file.write_text(TOKEN + "\n")  # a token this hub never made
        result = installer.run("--role", "kiosk", "--hub-url", origin,
                               "--token-file", str(installer.token_file))  # fmt: skip
    finally:
        hub.stop()
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    error, *advice = result.stderr.strip().splitlines()
    assert error.endswith(f"from {origin}: the hub refused this token")
    assert "antrian token create --role kiosk" in advice[0]
