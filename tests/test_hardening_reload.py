"""A running server follows its index (issue 15 item 1, issue 13): a document added with
`briefing-bot add`, an `index --rebuild` — each in another process, as in real use — reach
the running server within seconds, with no failed question on the way. Hash fake embedding;
real embedded Chroma, real `briefing-bot serve` and `add` subprocesses."""

from __future__ import annotations

import json
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from briefing_bot import Settings
from briefing_bot.http import LOCAL_HOSTS, create_api
from briefing_bot.index import Store, build_index
from briefing_bot.service import AssistantHolder
from tests.servers import clean_env, cli, serve_process

NOTE = (
    "# Harbour dredging note\n\n## Costs\n\n"
    "The harbour dredging contract with Pohang costs forty-two million dollars. "
    "Dredging starts in autumn and ends before the monsoon.\n"
)
QUESTION = "What does the harbour dredging contract with Pohang cost?"


def _env(settings: Settings) -> dict[str, str]:
    return clean_env(
        BRIEFING_BOT_CORPUS_DIR=str(settings.corpus_dir),
        BRIEFING_BOT_INDEX_DIR=str(settings.index_dir),
    )


def _cites_note(data: dict[str, Any]) -> bool:
    # `add` names the file after the document's title
    return any("dredging" in c["doc_id"] for c in data.get("citations", []))


def _wait_for(check: Any, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {what}")


@pytest.fixture
def served_api(hash_settings: Settings) -> Iterator[tuple[TestClient, AssistantHolder]]:
    build_index(hash_settings)
    holder = AssistantHolder.from_settings(hash_settings)
    app = create_api(holder, allowed_hosts=LOCAL_HOSTS)
    with TestClient(app, base_url="http://127.0.0.1:7860") as client:
        _wait_for(lambda: client.get("/api/health").status_code == 200, 60, "ready")
        yield client, holder


def test_a_rebuild_in_another_process_never_breaks_the_server(
    hash_settings: Settings, served_api: tuple[TestClient, AssistantHolder]
) -> None:
    client, _ = served_api
    before = client.get("/api/health").json()
    failures: list[str] = []
    answered = 0
    stop = threading.Event()

    def keep_asking() -> None:
        nonlocal answered
        while not stop.is_set():
            r = client.post("/api/ask", json={"question": "What is the MSP?"})
            if r.status_code != 200:
                failures.append(f"{r.status_code} {r.text[:200]}")
            answered += 1

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        rebuilt = cli("index", "--rebuild", "--json", env=_env(hash_settings), fake_embeddings=True)
        assert rebuilt.returncode == 0, rebuilt.stderr
        after = _wait_for(
            lambda: (
                (h := client.get("/api/health").json())["generation"] != before["generation"] and h
            ),
            15,
            "the server moved to the new generation",
        )
        time.sleep(1.5)  # questions on the new generation too
    finally:
        stop.set()
        asker.join(30)
    assert not failures, failures[:3]
    assert answered > 3
    assert after["status"] == "ready" and after["chunks"] == before["chunks"]
    # the old generation stays until the next build, which drops it
    manifest = json.loads((hash_settings.index_dir / "manifest.json").read_text())
    store = Store(hash_settings)
    assert set(manifest["previous_collections"]) <= set(store.names())
    (hash_settings.corpus_dir / "dredging.md").write_text(NOTE)
    build_index(hash_settings)
    assert not set(manifest["previous_collections"]) & set(Store(hash_settings).names())


def test_health_shows_the_new_counts_after_an_update_elsewhere(
    hash_settings: Settings, served_api: tuple[TestClient, AssistantHolder]
) -> None:
    client, _ = served_api
    before = client.get("/api/health").json()
    assert not _cites_note(client.post("/api/ask", json={"question": QUESTION}).json())
    (hash_settings.corpus_dir / "dredging.md").write_text(NOTE)
    updated = cli("index", "--json", env=_env(hash_settings), fake_embeddings=True)
    assert updated.returncode == 0, updated.stderr
    after = _wait_for(
        lambda: (
            (h := client.get("/api/health").json())["documents"] == before["documents"] + 1 and h
        ),
        10,
        "the new document counted",
    )
    assert after["chunks"] > before["chunks"] and after["generation"] == before["generation"]
    assert _cites_note(client.post("/api/ask", json={"question": QUESTION}).json())


@pytest.mark.slow
def test_a_document_added_while_serve_runs_is_answerable_within_seconds(
    hash_settings: Settings, tmp_path: Path
) -> None:
    build_index(hash_settings)
    env = _env(hash_settings)
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("briefing-bot-gradio-*"))
    with serve_process([], env, tmp_path / "serve.log", fake_embeddings=True) as server:
        # Gradio's cache: a folder of the server's own, private
        private = set(temp.glob("briefing-bot-gradio-*")) - before
        assert private and all(p.stat().st_mode & 0o777 == 0o700 for p in private)
        ready = _wait_for(
            lambda: (r := httpx.get(f"{server.url}/api/health")).status_code == 200 and r.json(),
            120,
            "serve ready",
        )
        ask = f"{server.url}/api/ask"
        assert not _cites_note(httpx.post(ask, json={"question": QUESTION}, timeout=60).json())
        note = tmp_path / "dredging.md"
        note.write_text(NOTE)
        added = cli("add", str(note), env=env, fake_embeddings=True)
        assert added.returncode == 0, added.stderr
        started = time.monotonic()
        _wait_for(
            lambda: _cites_note(httpx.post(ask, json={"question": QUESTION}, timeout=60).json()),
            15,
            "the added document answers through the running server",
        )
        assert time.monotonic() - started < 15
        health = httpx.get(f"{server.url}/api/health").json()
        assert health["documents"] == ready["documents"] + 1
        assert "Traceback" not in server.output()
    assert not any(p.exists() for p in private)  # removed when the server stopped


def test_the_first_build_is_not_reloaded_but_the_next_change_is(hash_settings: Settings) -> None:
    from briefing_bot.service import reopen_assistant

    holder = AssistantHolder.from_settings(hash_settings)  # no index yet: the load builds it
    reopened: list[int] = []

    def counting(old: Any) -> Any:
        reopened.append(1)
        return reopen_assistant(old)

    holder._reopen = counting
    holder.start()
    try:
        assert holder.wait(60) is not None
        time.sleep(2.5)  # the watcher has seen the manifest the load wrote
        assert reopened == []
        (hash_settings.corpus_dir / "dredging.md").write_text(NOTE)
        build_index(hash_settings)
        _wait_for(lambda: reopened and holder.health()["documents"] == 2, 10, "reloaded")
        assert _cites_note(holder.ask(QUESTION).to_dict())
    finally:
        holder.stop()
