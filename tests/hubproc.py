"""Start the real hub as a separate process on 127.0.0.1, as an appliance would meet it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from common.paths import CONFIG_DIR
from hub.store import Store
from hub.tokens import create_token


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class HubProcess:
    def __init__(
        self,
        data_dir: Path,
        config: Path = CONFIG_DIR / "demo.toml",
        *,
        advertise: bool = False,
        test_clock: bool = True,
        port: int | None = None,
        public_port: int | None = None,
        late_check_s: float | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.late_check_s = late_check_s
        self.config = config
        self.advertise = advertise
        self.test_clock = test_clock
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/v1"
        # Always a free port of its own: two hubs under test never share [public] port.
        self.public_port = public_port or free_port()
        self.public_url = f"http://127.0.0.1:{self.public_port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / f"hub-{self.port}.log"

    def token(self, role: str, name: str, counter: int | None = None) -> str:
        store = Store.in_data_dir(self.data_dir)
        try:
            return create_token(store, role, name, counter)
        finally:
            store.close()

    def start(self, timeout: float = 20.0) -> HubProcess:
        args = [
            sys.executable, "-m", "antrian", "hub",
            "--config", str(self.config), "--data", str(self.data_dir),
            "--host", "127.0.0.1", "--port", str(self.port),
            "--public-port", str(self.public_port),
        ]  # fmt: skip
        if not self.advertise:
            args.append("--no-advertise")
        if self.test_clock:
            args.append("--test-clock")
        if self.late_check_s is not None:
            args += ["--late-check-every", str(self.late_check_s)]
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=os.environ)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"hub exited early:\n{self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=0.5).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise TimeoutError(f"hub did not answer within {timeout} s:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        """kill -9: no shutdown handlers, no flush; what survives is what was committed."""
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
