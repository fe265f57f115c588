"""The real central service as a separate process on 127.0.0.1, and a hub config that
forwards to it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from antrian.cli import main
from common.paths import CONFIG_DIR
from tests.hubproc import free_port


def cli(*args: str) -> str:
    """Run `antrian ...` and return its last line (a token)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


class CentralProcess:
    def __init__(self, dsn: str, log_dir: Path) -> None:
        self.dsn = dsn
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"central-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 20.0) -> CentralProcess:
        args = [sys.executable, "-m", "antrian", "central", "--db", self.dsn,
                "--host", "127.0.0.1", "--port", str(self.port)]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                            env=os.environ)  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"central exited early:\n{self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=0.5).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise TimeoutError(f"central did not answer:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def forwarding_config(folder: Path, central_url: str, token: str, max_backoff_s: float) -> Path:
    """The demo office with a [central] section pointing at `central_url`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "central.token").write_text(token + "\n", encoding="utf-8")
    text = (CONFIG_DIR / "demo.toml").read_text(encoding="utf-8")
    text += (f'\n[central]\nurl = "{central_url}"\ntoken_file = "central.token"\n'
             f"batch = 50\nmax_backoff_s = {max_backoff_s}\n")  # fmt: skip
    path = folder / "office.toml"
    path.write_text(text, encoding="utf-8")
    return path
