"""Scale-out with replicas: one `chroma run` and two `briefing-bot serve` processes sharing an
index folder (manifest, registry, companion files) on loopback. A document added by another
process becomes answerable through both servers without a restart, and neither ever serves
an error while it reloads. Real model, real Chroma server, real servers."""

from __future__ import annotations

import contextlib
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import PAPER
from tests.servers import clean_env, cli, free_port, serve_process
from tests.test_server_mode import start_chroma

pytestmark = pytest.mark.slow

NEW_DOC = (
    "---\ntitle: Quorvane field report\n---\n\n# Quorvane field report\n\n## Findings\n\n"
    "The Quorvane desalination consortium opened its third plant in Busan in 2031. "
    "Each Quorvane plant treats forty thousand cubic metres of seawater a day.\n"
)
QUESTION = "How much seawater does a Quorvane plant treat?"


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    proc = start_chroma(tmp_path / "chroma-data", port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        with contextlib.suppress(Exception):
            proc.wait(10)
        if proc.poll() is None:
            proc.kill()


def _ask(url: str, question: str) -> tuple[int, dict[str, object]]:
    r = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=60)
    return r.status_code, r.json()


def test_two_replicas_follow_an_update_without_restart(tmp_path: Path, chroma_url: str) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "shared-index"
    corpus.mkdir()
    shutil.copy(PAPER, corpus / PAPER.name)
    env = clean_env(BRIEFING_BOT_CHROMA_URL=chroma_url)
    args = ["--corpus", str(corpus), "--index", str(index)]
    built = cli("index", *args, env=env, timeout=600)
    assert built.returncode == 0, built.stderr
    assert (index / "companions").is_dir()  # the shared companion files
    assert not (index / "chroma").exists()  # vectors live on the server only

    with (
        serve_process(args, env, tmp_path / "a.log", timeout=300) as a,
        serve_process(args, env, tmp_path / "b.log", timeout=300) as b,
    ):
        before = {s.url: httpx.get(f"{s.url}/api/health", timeout=10).json() for s in (a, b)}
        assert {h["documents"] for h in before.values()} == {1}
        for server in (a, b):
            status, body = _ask(server.url, QUESTION)
            assert status == 200 and "forty thousand" not in str(body["answer"])

        # both replicas keep answering while the index changes under them
        errors: list[str] = []
        stop = threading.Event()

        def hammer(url: str) -> None:
            while not stop.is_set():
                try:
                    status, body = _ask(url, "What is the Minerals Security Partnership?")
                    if status != 200:
                        errors.append(f"{url}: {status} {body}")
                except httpx.HTTPError as exc:
                    errors.append(f"{url}: {exc!r}")
                time.sleep(0.2)

        threads = [threading.Thread(target=hammer, args=(s.url,)) for s in (a, b)]
        for t in threads:
            t.start()
        try:
            new = tmp_path / "quorvane.md"
            new.write_text(NEW_DOC, encoding="utf-8")
            added = cli("add", str(new), *args, env=env, timeout=600)
            assert added.returncode == 0, added.stderr

            deadline = time.monotonic() + 90
            seen: dict[str, str] = {}
            while len(seen) < 2 and time.monotonic() < deadline:
                for server in (a, b):
                    if server.url in seen:
                        continue
                    health = httpx.get(f"{server.url}/api/health", timeout=10).json()
                    if health.get("documents") == 2:
                        status, body = _ask(server.url, QUESTION)
                        if status == 200 and "forty thousand" in str(body["answer"]):
                            seen[server.url] = str(body["answer"])
                time.sleep(0.5)
        finally:
            stop.set()
            for t in threads:
                t.join(60)
        assert set(seen) == {a.url, b.url}, (a.output()[-2000:], b.output()[-2000:])
        assert not errors, errors[:5]
        for server in (a, b):  # same process throughout: no restart
            assert server.proc.poll() is None
