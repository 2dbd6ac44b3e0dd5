"""The HTTP API against a real server on 127.0.0.1 (real model, real Chroma): the JSON routes,
their limits and errors, Gradio's ``/ask`` endpoint through gradio_client, and auth."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from briefing_bot import Assistant
from briefing_bot.app import create_app
from briefing_bot.service import AssistantHolder
from tests.servers import uvicorn_thread

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

QUESTION = "What does the paper say about biotechnology cooperation?"


@pytest.fixture(scope="module")
def base_url(paper_bot: Assistant) -> Iterator[str]:
    with uvicorn_thread(create_app(assistant=paper_bot)) as url:
        yield url


def test_health(base_url: str, paper_bot: Assistant) -> None:
    r = httpx.get(f"{base_url}/api/health", timeout=10)
    assert r.status_code == 200
    data = r.json()
    assert data["status"] == "ready" and data["loaded"] is True
    assert data["chunks"] == len(paper_bot.chunks())
    assert data["documents"] == len(paper_bot.documents())


def test_ask_returns_the_cli_json_object(
    base_url: str, paper_bot: Assistant, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    r = httpx.post(f"{base_url}/api/ask", json={"question": QUESTION}, timeout=60)
    assert r.status_code == 200, r.text
    data = r.json()
    # the same object `briefing-bot ask --json` prints
    assert data == paper_bot.ask(QUESTION).to_dict()
    assert data["citations"] and "[1]" in data["answer"]
    assert {"number", "text", "source", "locator", "endnotes", "highlights"} <= set(
        data["citations"][0]
    )
    # neither the question nor the corpus text reaches the logs above debug level
    logged = " ".join(r.getMessage() for r in caplog.records if r.levelno > logging.DEBUG)
    assert "biotechnology" not in logged
    assert data["citations"][0]["text"][:40] not in logged


def test_ask_follows_the_history(base_url: str) -> None:
    first = httpx.post(
        f"{base_url}/api/ask", json={"question": "What is the Minerals Security Partnership?"}
    ).json()
    history = [
        {"role": "user", "content": "What is the Minerals Security Partnership?"},
        {"role": "assistant", "content": first["answer"]},
    ]
    r = httpx.post(
        f"{base_url}/api/ask",
        json={"question": "Who evaluates it?", "history": history},
        timeout=60,
    )
    assert r.status_code == 200 and r.json()["citations"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"question": ""}, 400),
        ({"question": "   \n\t "}, 400),
        ({"question": 42}, 422),
        ({}, 422),
        ([QUESTION], 422),
        ({"question": QUESTION, "history": "nope"}, 422),
        ({"question": QUESTION, "history": [{"role": "robot", "content": "x"}]}, 422),
    ],
)
def test_ask_rejects_bad_requests_with_json(base_url: str, body: Any, status: int) -> None:
    r = httpx.post(f"{base_url}/api/ask", json=body, timeout=30)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]


def test_ask_rejects_invalid_json_and_large_bodies(base_url: str) -> None:
    r = httpx.post(
        f"{base_url}/api/ask", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and "JSON" in r.json()["error"]
    big = {"question": "x" * (70 * 1024)}
    r = httpx.post(f"{base_url}/api/ask", json=big)
    assert r.status_code == 413 and "too large" in r.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts streamed bytes
        yield b'{"question": "'
        for _ in range(80):
            yield b"y" * 1024
        yield b'"}'

    r = httpx.post(
        f"{base_url}/api/ask", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413


def test_ask_wants_json_and_is_never_sniffed(base_url: str) -> None:
    # a plain form or text/plain POST is what any web page can send cross-origin
    r = httpx.post(
        f"{base_url}/api/ask",
        content=b'{"question": "What is the MSP?"}',
        headers={"content-type": "text/plain"},
        timeout=60,
    )
    assert r.status_code == 415
    r = httpx.get(f"{base_url}/api/health", timeout=60)
    assert r.headers["x-content-type-options"] == "nosniff"


def test_hostile_input_gets_json_not_a_500_with_the_real_model(base_url: str) -> None:
    headers = {"content-type": "application/json"}
    # a lone surrogate (the real tokenizer refuses one): read as U+FFFD, answered
    lone = b'{"question": "What is the \\ud800 Minerals Security Partnership?"}'
    r = httpx.post(f"{base_url}/api/ask", content=lone, headers=headers, timeout=60)
    assert r.status_code == 200 and r.json()["citations"], r.text
    for body in (
        b'{"question": ' + b"9" * 5000 + b"}",
        b'{"question": "q", "history": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
    ):
        for path in ("/api/ask", "/gradio_api/call/ask"):
            r = httpx.post(f"{base_url}{path}", content=body, headers=headers, timeout=60)
            assert r.status_code == 400 and "JSON" in r.json()["error"], (path, r.text[:200])
    # Gradio's /ask with a lone surrogate: an answer, not a tokenizer's message
    started = httpx.post(
        f"{base_url}/gradio_api/call/ask",
        content=b'{"data": ["What is the \\udc00 MSP?", []]}',
        headers=headers,
        timeout=60,
    )
    assert started.status_code == 200, started.text
    events = httpx.get(f"{base_url}/gradio_api/call/ask/{started.json()['event_id']}", timeout=60)
    assert "event: complete" in events.text and "surrogate" not in events.text


def test_gradio_client_predict_ask(base_url: str) -> None:
    from gradio_client import Client

    client = Client(f"{base_url}/", verbose=False)
    result = client.predict(QUESTION, api_name="/ask")
    assert isinstance(result, dict)
    assert result["citations"] and "[1]" in result["answer"]
    assert result["abstained"] is False


def test_auth_protects_the_page_and_the_json_routes(paper_bot: Assistant) -> None:
    from gradio_client import Client

    app = create_app(assistant=paper_bot, auth=("analyst", "s3cret"))
    with uvicorn_thread(app) as url:
        assert httpx.post(f"{url}/api/ask", json={"question": QUESTION}).status_code == 401
        assert httpx.get(f"{url}/api/health").status_code == 401
        wrong = httpx.get(f"{url}/api/health", auth=("analyst", "nope"))
        assert wrong.status_code == 401
        r = httpx.post(
            f"{url}/api/ask", json={"question": QUESTION}, auth=("analyst", "s3cret"), timeout=60
        )
        assert r.status_code == 200 and r.json()["citations"]
        assert httpx.get(f"{url}/config").status_code == 401  # the Gradio app wants a login
        client = Client(f"{url}/", auth=("analyst", "s3cret"), verbose=False)
        assert client.predict(QUESTION, api_name="/ask")["citations"]


def test_loading_state(paper_bot: Assistant) -> None:
    release = threading.Event()

    def load(say: Any) -> Assistant:
        say("Building the index…")
        release.wait(60)
        return paper_bot

    holder = AssistantHolder(load, paper_bot.settings)
    with uvicorn_thread(create_app(holder=holder, load_wait=0.2)) as url:
        r = httpx.get(f"{url}/api/health")
        assert r.status_code == 503
        assert r.json() == {"status": "loading", "loaded": False, "message": "Building the index…"}
        r = httpx.post(f"{url}/api/ask", json={"question": QUESTION})
        assert r.status_code == 503 and r.json()["status"] == "loading"
        release.set()
        assert holder.wait(30) is paper_bot
        assert httpx.get(f"{url}/api/health").json()["status"] == "ready"
