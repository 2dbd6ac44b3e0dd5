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


# ---------------------------------------------------------------------------------------------
# Hardening (issue 15 items 1 and 3): namespaces, verification, health, rebuild while serving

MEMO = (
    "# Port logistics memo\n\n## Cranes\n\nThe container terminal in Busan orders six new "
    "gantry cranes. Delivery is planned for the third quarter.\n\n## Staff\n\nCrane operators "
    "train for eight weeks before certification.\n"
)


def _other_index(hash_settings: Settings, url: str, tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus-b"
    corpus.mkdir()
    (corpus / "memo.md").write_text(MEMO)
    return hash_settings.model_copy(
        update={"corpus_dir": corpus, "index_dir": tmp_path / "index-b", "chroma_url": url}
    )


def test_two_index_folders_on_one_server_keep_apart(
    hash_settings: Settings, chroma_server: tuple[str, subprocess.Popen[bytes], int], tmp_path: Path
) -> None:
    from briefing_bot.index import Store

    url, _, _ = chroma_server
    a = hash_settings.model_copy(update={"chroma_url": url})
    b = _other_index(hash_settings, url, tmp_path)
    built_a = build_index(a)
    built_b = build_index(b)
    assert built_b.documents == 1 and built_b.added == built_b.chunks
    again_b = build_index(b, rebuild=True)
    assert again_b.added == built_b.chunks
    # A is untouched: the store holds what its manifest says, a run finds nothing to do
    names_a, names_b = set(Store(a).names()), set(Store(b).names())
    assert names_a and names_b and not names_a & names_b
    assert Store(a).count() == built_a.chunks
    again_a = build_index(a)
    assert (again_a.added, again_a.removed, again_a.unchanged) == (0, 0, built_a.chunks)
    assert len(Assistant.load(settings=a, build=False).chunks()) == built_a.chunks
    # a replica that mounts the shared index folder elsewhere uses the recorded namespace
    mounted = a.model_copy(update={"index_dir": tmp_path / "mounted-elsewhere"})
    shutil.copytree(a.index_dir, mounted.index_dir)
    assert Store(mounted).names() == Store(a).names()
    assert len(Assistant.load(settings=mounted, build=False).chunks()) == built_a.chunks
    # an explicit namespace is used as given
    named = b.model_copy(update={"chroma_namespace": "teamb", "index_dir": tmp_path / "index-c"})
    build_index(named)
    assert all(n.startswith("briefing_bot_teamb_") for n in Store(named).names())
    assert Store(a).count() == built_a.chunks


def test_the_store_is_checked_against_the_manifest(
    hash_settings: Settings, chroma_server: tuple[str, subprocess.Popen[bytes], int]
) -> None:
    import chromadb

    from briefing_bot.index import Store

    url, _, port = chroma_server
    settings = hash_settings.model_copy(update={"chroma_url": url})
    built = build_index(settings)
    store = Store(settings)
    client = chromadb.HttpClient(host="127.0.0.1", port=port)
    client.delete_collection(store.chunk_name)  # what another index's build once did
    with pytest.raises(IndexUnavailableError, match="does not hold what the manifest"):
        Assistant.load(settings=settings, build=False)
    repaired = build_index(settings)  # the manifest alone would say "unchanged"
    assert repaired.added == built.chunks
    assert len(Assistant.load(settings=settings, build=False).chunks()) == built.chunks


def test_health_follows_the_chroma_server(
    hash_settings: Settings, chroma_server: tuple[str, subprocess.Popen[bytes], int], tmp_path: Path
) -> None:
    from starlette.testclient import TestClient

    from briefing_bot.http import create_api
    from briefing_bot.service import AssistantHolder

    url, server, port = chroma_server
    settings = hash_settings.model_copy(update={"chroma_url": url})
    build_index(settings)
    holder = AssistantHolder.of(Assistant.load(settings=settings))
    with TestClient(create_api(holder)) as client:
        assert client.get("/api/health").status_code == 200
        server.terminate()
        server.wait(10)
        time.sleep(1.1)  # the store check is cached for a second
        down = client.get("/api/health")
        assert down.status_code == 503 and down.json()["status"] == "error"
        assert "Chroma server" in down.json()["message"]
        proc = start_chroma(tmp_path / "server-data", port)
        try:
            time.sleep(1.1)
            assert client.get("/api/health").json()["status"] == "ready"
        finally:
            proc.terminate()
            proc.wait(10)


def test_a_rebuild_while_serving_through_a_chroma_server(
    hash_settings: Settings, chroma_server: tuple[str, subprocess.Popen[bytes], int]
) -> None:
    import threading

    from starlette.testclient import TestClient

    from briefing_bot.http import create_api
    from briefing_bot.service import AssistantHolder
    from tests.servers import clean_env, cli

    url, _, _ = chroma_server
    settings = hash_settings.model_copy(update={"chroma_url": url})
    build_index(settings)
    holder = AssistantHolder.from_settings(settings)
    env = clean_env(
        BRIEFING_BOT_CORPUS_DIR=str(settings.corpus_dir),
        BRIEFING_BOT_INDEX_DIR=str(settings.index_dir),
        BRIEFING_BOT_CHROMA_URL=url,
    )
    failures: list[str] = []
    stop = threading.Event()
    with TestClient(create_api(holder)) as client:
        deadline = time.monotonic() + 60
        while client.get("/api/health").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        before = client.get("/api/health").json()

        def keep_asking() -> None:
            while not stop.is_set():
                r = client.post("/api/ask", json={"question": "What is the MSP?"})
                if r.status_code != 200:
                    failures.append(f"{r.status_code} {r.text[:200]}")

        asker = threading.Thread(target=keep_asking)
        asker.start()
        try:
            rebuilt = cli("index", "--rebuild", env=env, fake_embeddings=True)
            assert rebuilt.returncode == 0, rebuilt.stderr
            deadline = time.monotonic() + 15
            while client.get("/api/health").json()["generation"] == before["generation"]:
                assert time.monotonic() < deadline, "the server did not follow the rebuild"
                time.sleep(0.2)
            time.sleep(1.0)
        finally:
            stop.set()
            asker.join(30)
        assert not failures, failures[:3]
        assert client.get("/api/health").json()["chunks"] == before["chunks"]
