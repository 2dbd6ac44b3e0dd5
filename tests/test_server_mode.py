"""Scale-out: the same code against a real Chroma server started on loopback."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.errors import IndexUnavailableError
from briefing_bot.index import build_index

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _chroma_executable() -> str:
    exe = Path(sys.executable).with_name("chroma")
    return str(exe) if exe.exists() else (shutil.which("chroma") or "chroma")


def start_chroma(path: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            _chroma_executable(),
            "run",
            "--path",
            str(path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), timeout=0.5),
        ):
            return proc
        if proc.poll() is not None:
            raise RuntimeError("chroma server exited")
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("chroma server did not start")


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], int]]:
    port = _free_port()
    proc = start_chroma(tmp_path / "server-data", port)
    try:
        yield f"http://127.0.0.1:{port}", proc, port
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)
        if proc.poll() is None:
            proc.kill()


def test_index_and_query_through_a_chroma_server(
    hash_settings: Settings, chroma_server: tuple[str, subprocess.Popen[bytes], int]
) -> None:
    url, _, _ = chroma_server
    settings = hash_settings.model_copy(update={"chroma_url": url})
    first = build_index(settings)
    assert first.added == first.chunks > 20
    assert not (settings.index_dir / "chroma").exists()  # nothing embedded on this side
    assert build_index(settings).added == 0
    bot = Assistant.load(settings=settings)
    assert len(bot.chunks()) == first.chunks
    hits = bot.retrieve("Minerals Security Partnership MSP", k=3)
    assert any("Minerals Security Partnership" in p.chunk.text for p in hits)


def test_server_going_away_is_a_clear_error_and_recovers(
    hash_settings: Settings, chroma_server: tuple[str, subprocess.Popen[bytes], int], tmp_path: Path
) -> None:
    url, server, port = chroma_server
    settings = hash_settings.model_copy(update={"chroma_url": url})
    build_index(settings)
    # stop the fixture's server, then check the error, then bring up a new one on the same data
    server.terminate()
    server.wait(10)
    with pytest.raises(IndexUnavailableError):
        Assistant.load(settings=settings)
    proc = start_chroma(tmp_path / "server-data", port)
    try:
        bot = Assistant.load(settings=settings)
        assert bot.chunks()
    finally:
        proc.terminate()
        proc.wait(10)
