"""Denial-of-service attacks on the hub's listener, run as a separate process.

The attacking sockets bind to other loopback addresses (127.0.0.2, 127.0.0.3, ...; Linux
routes all of 127/8 to lo), so a per-address limit meets the attacker and not the kiosk on
127.0.0.1. Each attack is bounded: a count of sockets or bytes and a hold time. The process
prints one JSON line when its sockets are in place ({"phase": "open", ...}) and one when it
is done ({"phase": "done", ...}); `Attack` runs it and reads those lines with deadlines.

    python -m tests.dos_attacks half-open --port 8470 --sources 127.0.0.2-127.0.0.40 --count 1100
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import resource
import select
import selectors
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# What a slowloris sends: a request line and half a header, then nothing.
HALF_HEAD = b"POST /api/v1/tickets HTTP/1.1\r\nHost: hub\r\nContent-Ty"
MiB = 1024 * 1024
TCP_CLOSE, TCP_CLOSE_WAIT = 7, 8  # Linux tcp_states.h


def source_addresses(spec: str) -> list[str]:
    """'127.0.0.2' or '127.0.0.2-127.0.0.40' or a comma list of either."""
    addresses: list[str] = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        low = ipaddress.IPv4Address(first)
        high = ipaddress.IPv4Address(last or first)
        addresses += [str(ipaddress.IPv4Address(n)) for n in range(int(low), int(high) + 1)]
    return addresses


def say(phase: str, **figures: Any) -> None:
    print(json.dumps({"phase": phase, **figures}), flush=True)


def connect_from(source: str, port: int, timeout: float = 3.0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    return sock


# --- connection floods: half-open, idle -------------------------------------------------


def flood(port: int, sources: list[str], count: int, greeting: bytes, hold: float) -> None:
    """Open `count` connections round-robin over `sources`, send `greeting` (maybe nothing)
    on each, then watch until the hub has closed them all or `hold` seconds pass."""
    selector = selectors.DefaultSelector()
    opened_at: dict[socket.socket, float] = {}
    failed = 0
    began = time.monotonic()
    for i in range(count):
        try:
            sock = connect_from(sources[i % len(sources)], port)
            if greeting:
                sock.sendall(greeting)
        except OSError:
            failed += 1
            continue
        sock.setblocking(False)
        opened_at[sock] = time.monotonic()
        selector.register(sock, selectors.EVENT_READ)
    say("open", connected=len(opened_at), failed=failed, seconds=time.monotonic() - began)

    refused = 0  # answered 429 or 503, "too many connections", at once
    closed_after: list[float] = []  # seconds from connect to the hub closing it
    deadline = time.monotonic() + hold
    while opened_at and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.2):
            sock = key.fileobj
            assert isinstance(sock, socket.socket)
            try:
                data = sock.recv(4096)
            except (ConnectionResetError, BlockingIOError):
                data = b""
            if data.startswith((b"HTTP/1.1 429", b"HTTP/1.1 503")):
                refused += 1
            elif data:
                continue  # some other answer (e.g. 408); the close follows
            closed_after.append(time.monotonic() - opened_at.pop(sock))
            selector.unregister(sock)
            sock.close()
    still_open = len(opened_at)
    for sock in opened_at:
        sock.close()
    selector.close()
    closed_after.sort()
    say(
        "done",
        connected=len(closed_after) + still_open,
        failed=failed,
        refused=refused,
        closed_by_hub=len(closed_after),
        still_open=still_open,
        max_close_s=closed_after[-1] if closed_after else None,
    )


# --- big bodies and endless heads ---------------------------------------------------------


@dataclass
class Sent:
    bytes_sent: int = 0
    status: int | None = None  # the hub's answer, if one came before the close
    seconds: float = 0.0
    error: str = ""
    answer: bytes = field(default=b"", repr=False)


def stream(source: str, port: int, head: bytes, chunk: bytes, total: int, out: Sent) -> None:
    """Send `head`, then `chunk` until `total` bytes or the hub answers or closes."""
    began = time.monotonic()
    try:
        sock = connect_from(source, port, timeout=10.0)
    except OSError as error:
        out.error = f"connect: {error}"
        return
    with sock:
        try:
            sock.sendall(head)
            while out.bytes_sent < total:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break  # the hub answered (or closed): stop sending, as a client would
                sock.sendall(chunk)
                out.bytes_sent += len(chunk)
        except OSError as error:
            out.error = type(error).__name__
        sock.settimeout(5.0)
        try:
            # The answer (head, then body) until the hub closes; a reset may cut it short.
            while len(out.answer) < 65536 and (data := sock.recv(65536)):
                out.answer += data
        except OSError as error:
            out.error = out.error or type(error).__name__
    out.seconds = time.monotonic() - began
    if out.answer.startswith(b"HTTP/1.1 "):
        out.status = int(out.answer[9:12])


def streams(
    port: int, sources: list[str], count: int, head: bytes, chunk: bytes, size: int, seconds: float
) -> None:
    """Rounds of `count` requests at once, each `head` then `chunk`s up to `size` bytes,
    until `seconds` have passed (one round at least)."""
    began = time.monotonic()
    results: list[Sent] = []
    rounds = 0
    say("open", connected=count)
    while rounds == 0 or time.monotonic() - began < seconds:
        batch = [Sent() for _ in range(count)]
        threads = [
            threading.Thread(
                target=stream, args=(sources[i % len(sources)], port, head, chunk, size, out)
            )
            for i, out in enumerate(batch)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        results += batch
        rounds += 1
    say(
        "done",
        rounds=rounds,
        status={str(k): n for k, n in Counter(r.status for r in results).items()},
        max_sent_mib=round(max(r.bytes_sent for r in results) / MiB, 2),
        max_seconds=round(max(r.seconds for r in results), 2),
        errors=sorted({r.error for r in results if r.error}),
        answers=sorted({r.answer[-300:].decode("latin-1") for r in results}),
    )


def body_head(size: int, chunked: bool) -> bytes:
    framing = b"Transfer-Encoding: chunked" if chunked else b"Content-Length: %d" % size
    return (
        b"POST /api/v1/tickets HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
        b"Authorization: Bearer not-a-token\r\n" + framing + b"\r\n\r\n"
    )


def bodies(
    port: int, sources: list[str], count: int, size: int, chunked: bool, seconds: float
) -> None:
    """Bodies of `size` bytes (declared or chunked), `count` at a time, without a token."""
    piece = b"x" * (64 * 1024)
    chunk = b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
    streams(port, sources, count, body_head(size, chunked), chunk, size, seconds)


def endless_head(port: int, sources: list[str], count: int, size: int, seconds: float) -> None:
    """Header lines without end: the hub must stop listening long before `size` bytes."""
    line = b"X-Padding: " + b"a" * 1000 + b"\r\n"
    streams(port, sources, count, b"GET /api/v1/health HTTP/1.1\r\n", line, size, seconds)


def slow_body(port: int, sources: list[str], count: int, hold: float) -> None:
    """A whole head announcing 1000 bytes of body, then one byte a second."""
    head = body_head(1000, chunked=False)
    socks: list[socket.socket] = []
    for i in range(count):
        sock = connect_from(sources[i % len(sources)], port)
        sock.sendall(head)
        socks.append(sock)
    opened = time.monotonic()
    say("open", connected=len(socks))
    closed_after: dict[int, float] = {}
    statuses: dict[int, int] = {}
    while len(closed_after) < len(socks) and time.monotonic() - opened < hold:
        for i, sock in enumerate(socks):
            if i in closed_after:
                continue
            try:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    answer = sock.recv(4096)
                    if answer.startswith(b"HTTP/1.1 "):
                        statuses[i] = int(answer[9:12])
                    closed_after[i] = time.monotonic() - opened
                    continue
                sock.sendall(b"{")
            except OSError:
                closed_after[i] = time.monotonic() - opened
        time.sleep(1.0)
    for sock in socks:
        sock.close()
    say(
        "done",
        closed_by_hub=len(closed_after),
        still_open=len(socks) - len(closed_after),
        max_close_s=max(closed_after.values(), default=None),
        status=sorted(set(statuses.values())),
    )


def hub_closed(sock: socket.socket) -> bool:
    """The TCP state says the hub reset or closed the connection. (Reading would not tell:
    there are answers waiting in front of the close.)"""
    state = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0]
    return state in (TCP_CLOSE, TCP_CLOSE_WAIT)


def unread(port: int, sources: list[str], count: int, requests: int, hold: float) -> None:
    """On each of `count` connections, ask `requests` times for the (public, 16 KB) OpenAPI
    document, 5 ms apart (one at a time, as far as the hub can tell), and never read an
    answer: the hub's writes back up (the socket buffers take 3-4 MB of answers first)."""
    request = b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: hub\r\n\r\n"
    socks: list[socket.socket] = []
    for i in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect
        sock.bind((sources[i % len(sources)], 0))
        sock.settimeout(5.0)
        sock.connect(("127.0.0.1", port))
        socks.append(sock)
    opened = time.monotonic()
    say("open", connected=len(socks))
    sent = 0
    for _ in range(requests):
        try:
            for sock in socks:
                sock.sendall(request)
        except OSError:
            break  # the hub has had enough of us
        sent += 1
        time.sleep(0.005)
    closed_after: dict[int, float] = {}
    while len(closed_after) < len(socks) and time.monotonic() - opened < hold:
        for i, sock in enumerate(socks):
            if i not in closed_after and hub_closed(sock):
                closed_after[i] = time.monotonic() - opened
        time.sleep(0.1)
    for sock in socks:
        sock.close()
    say(
        "done",
        requests_sent=sent,
        closed_by_hub=len(closed_after),
        still_open=len(socks) - len(closed_after),
        max_close_s=max(closed_after.values(), default=None),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "kind", choices=["half-open", "idle", "body", "head", "slow-body", "unread"]
    )
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sources", default="127.0.0.2")
    parser.add_argument("--count", type=int, default=1100)
    parser.add_argument("--hold", type=float, default=20.0, help="seconds to watch at most")
    parser.add_argument("--mib", type=int, default=200, help="body size (body, head)")
    parser.add_argument("--seconds", type=float, default=0, help="body, head: repeat so long")
    parser.add_argument("--chunked", action="store_true", help="body: chunked, no length")
    parser.add_argument("--requests", type=int, default=800, help="unread: GETs each")
    args = parser.parse_args()
    # The attacker is not bound by the hub's file limit (whoever started us may be).
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    sources = source_addresses(args.sources)
    if args.kind == "half-open":
        flood(args.port, sources, args.count, HALF_HEAD, args.hold)
    elif args.kind == "idle":
        flood(args.port, sources, args.count, b"", args.hold)
    elif args.kind == "body":
        bodies(args.port, sources, args.count, args.mib * MiB, args.chunked, args.seconds)
    elif args.kind == "head":
        endless_head(args.port, sources, args.count, args.mib * MiB, args.seconds)
    elif args.kind == "slow-body":
        slow_body(args.port, sources, args.count, args.hold)
    else:
        unread(args.port, sources, args.count, args.requests, args.hold)


# --- the side that runs an attack ---------------------------------------------------------


def rss_mib(pid: int) -> float:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError(f"no VmRSS for {pid}")


def open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


class Kiosk:
    """A kiosk on 127.0.0.1 issuing a ticket every `pace` seconds on a new connection
    each time (so it needs the hub to keep admitting connections), timing each."""

    def __init__(self, url: str, token: str, pace: float = 0.02, timeout: float = 2.0) -> None:
        import httpx  # only the side that runs attacks needs it

        self.client = httpx.Client(
            base_url=url,
            headers={"Authorization": f"Bearer {token}", "Connection": "close"},
            timeout=timeout,
        )
        self.pace = pace
        self.latencies_ms: list[float] = []
        self.failures: list[str] = []
        self.issued: dict[str, float] = {}  # ticket number -> when its answer came
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kiosk")

    def _run(self) -> None:
        import httpx

        services = ["informasi", "perizinan", "dukcapil"]
        n = 0
        while not self._stop.is_set():
            n += 1
            began = time.monotonic()
            try:
                response = self.client.post(
                    "/tickets",
                    json={"service": services[n % len(services)]},
                    headers={"Idempotency-Key": os.urandom(16).hex()},
                )
                if response.status_code == 201:
                    self.issued[response.json()["number"]] = time.monotonic()
                else:
                    self.failures.append(f"{response.status_code} {response.text[:200]}")
            except httpx.HTTPError as error:
                self.failures.append(f"{type(error).__name__}: {error}")
            self.latencies_ms.append(1000 * (time.monotonic() - began))
            self._stop.wait(self.pace)

    def __enter__(self) -> Kiosk:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.client.close()

    def p99_ms(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0


class Display:
    """A TV on 127.0.0.1 following the hub's events from `after` on: when each
    ticket.issued arrived."""

    def __init__(self, url: str, token: str, after: int) -> None:
        self.ws_url = url.replace("http://", "ws://") + f"/events?after={after}"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.seen: dict[str, float] = {}
        self.closed_by_hub = ""
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="display")

    def _run(self) -> None:
        from websockets.exceptions import ConnectionClosed
        from websockets.sync.client import connect

        try:
            with connect(self.ws_url, additional_headers=self.headers, open_timeout=5) as ws:
                self.connected.set()
                while not self._stop.is_set():
                    try:
                        event = json.loads(ws.recv(timeout=0.1))
                    except TimeoutError:
                        continue
                    if event["type"] == "ticket.issued":
                        self.seen[event["number"]] = time.monotonic()
        except (ConnectionClosed, OSError) as error:
            self.closed_by_hub = f"{type(error).__name__}: {error}"
        finally:
            self.connected.set()

    def __enter__(self) -> Display:
        self._thread.start()
        if not self.connected.wait(10) or self.closed_by_hub:
            raise ConnectionError(f"display could not connect: {self.closed_by_hub}")
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


class Attack:
    """One attack process; `opened()` and `done()` return its JSON reports."""

    def __init__(self, kind: str, port: int, *options: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.dos_attacks", kind, "--port", str(port), *options],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.reports: list[dict[str, Any]] = []
        self.reader = threading.Thread(target=self._read, name="attack-reader", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.reports.append(json.loads(line))

    def _wait(self, phase: str, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for report in self.reports:
                if report["phase"] == phase:
                    return report
            if self.process.poll() is not None and not self.reader.is_alive():
                break
            time.sleep(0.02)
        self.stop()
        errors = self.process.stderr.read().decode() if self.process.stderr else ""
        raise TimeoutError(f"attack never reported {phase!r} within {timeout} s: {errors}")

    def opened(self, timeout: float = 30.0) -> dict[str, Any]:
        return self._wait("open", timeout)

    def done(self, timeout: float = 60.0) -> dict[str, Any]:
        report = self._wait("done", timeout)
        self.stop()
        return report

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.reader.join(timeout=5)
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe:
                pipe.close()

    def __enter__(self) -> Attack:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


if __name__ == "__main__":
    main()
