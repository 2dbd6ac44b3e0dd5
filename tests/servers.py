"""Helpers for tests that talk to a real server on loopback: free ports, an in-process uvicorn
thread, and a `briefing-bot serve` subprocess whose output is kept for inspection."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def uvicorn_thread(app: Any, timeout: float = 60) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a daemon thread on 127.0.0.1; yield the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


def clean_env(**extra: str) -> dict[str, str]:
    """A minimal environment for a subprocess: offline, no inherited BRIEFING_BOT_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_BOT_")}
    env.update(HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


ROOT = Path(__file__).resolve().parents[1]


def _entry(fake_embeddings: bool) -> list[str]:
    # tests.fake_cli: the same CLI with the hash fake embedding (run from the repository root)
    return [sys.executable, "-m", "tests.fake_cli" if fake_embeddings else "briefing_bot"]


def cli(
    *args: str,
    env: dict[str, str],
    stdin: str | None = None,
    timeout: float = 180,
    fake_embeddings: bool = False,
) -> Any:
    """Run ``briefing-bot ARGS`` in a subprocess; return the CompletedProcess."""
    return subprocess.run(  # noqa: PLW1510 - callers check the exit status themselves
        [*_entry(fake_embeddings), *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass
class ServeProcess:
    """A running `briefing-bot serve`; ``output()`` is everything it printed so far."""

    proc: subprocess.Popen[bytes]
    url: str
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def serve_process(
    args: list[str],
    env: dict[str, str],
    log: Path,
    timeout: float = 150,
    *,
    fake_embeddings: bool = False,
) -> Iterator[ServeProcess]:
    """Start `briefing-bot serve --port P ARGS` and wait until /api/health answers at all
    (401 counts: the server is up, it only wants a login)."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*_entry(fake_embeddings), "serve", "--port", str(port), *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    handle = ServeProcess(proc, f"http://127.0.0.1:{port}", port, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited with {proc.returncode}:\n{handle.output()}")
            with contextlib.suppress(httpx.HTTPError):
                r = httpx.get(f"{handle.url}/api/health", timeout=2)
                if r.status_code in (200, 401):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"serve did not come up:\n{handle.output()}")
            time.sleep(0.3)
        yield handle
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def listening_addresses(port: int) -> set[str]:
    """Local IPv4/IPv6 addresses with a socket listening on ``port`` (from /proc/net)."""
    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                addr, hexport = fields[1].split(":")
                if int(hexport, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                    found.add(_decode_addr(addr, width))
    return found


def _decode_addr(hexaddr: str, width: int) -> str:
    import ipaddress

    raw = bytes.fromhex(hexaddr)
    # /proc stores each 32-bit word in host (little-endian) order
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    return str(ipaddress.ip_address(words if width == 32 else words[:4]))
