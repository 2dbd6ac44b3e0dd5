"""``POST /api/brief`` on a real uvicorn server on 127.0.0.1 (the synthetic corpus of
``test_briefing`` with the hash fake embedding): the CLI's JSON object, and JSON errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.http import LOCAL_HOSTS, create_api
from briefing_bot.service import AssistantHolder
from tests.fakes import HashEmbeddings
from tests.servers import uvicorn_thread
from tests.test_briefing import FREIGHT, WATER

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("brief-http")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "water.md").write_text(WATER, encoding="utf-8")
    (corpus / "freight.md").write_text(FREIGHT, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    return Assistant.load(settings=settings, embeddings=HashEmbeddings())


@pytest.fixture(scope="module")
def base_url(bot: Assistant) -> Iterator[str]:
    app = create_api(AssistantHolder.of(bot), allowed_hosts=LOCAL_HOSTS)
    with uvicorn_thread(app) as url:
        yield url


def _brief(base_url: str, body: Any, **kwargs: Any) -> httpx.Response:
    return httpx.post(f"{base_url}/api/brief", json=body, timeout=30, **kwargs)


def test_brief_returns_the_cli_json_object(base_url: str, bot: Assistant) -> None:
    r = _brief(base_url, {"topic": "green bonds", "points": 2})
    assert r.status_code == 200 and r.headers["x-content-type-options"] == "nosniff"
    assert r.json() == bot.brief("green bonds", points=2).to_dict()
    whole = _brief(base_url, {"topic": None, "doc_id": "water.md"}).json()
    assert whole["bottom_line"] and whole["citations"] and whole["doc_id"] == "water.md"
    assert _brief(base_url, {}).json()["title"] == "Briefing: 2 documents"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"topic": 5}, 422),
        ({"points": 0}, 422),
        ({"points": 13}, 422),
        ({"points": True}, 422),
        ({"points": "3"}, 422),
        ({"doc_id": ["water.md"]}, 422),
        (["topic"], 422),
        ({"doc_id": "nowhere.md"}, 400),
    ],
)
def test_brief_rejects_bad_requests_with_json(base_url: str, body: Any, status: int) -> None:
    r = _brief(base_url, body)
    assert r.status_code == status and set(r.json()) == {"error"}


def test_brief_wants_json_within_limits(base_url: str) -> None:
    url = f"{base_url}/api/brief"
    r = httpx.post(url, content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400
    r = httpx.post(url, content=b'{"topic": "water"}', headers={"content-type": "text/plain"})
    assert r.status_code == 415
    r = _brief(base_url, {"topic": "water " * 20_000})
    assert r.status_code == 413 and "error" in r.json()
    r = httpx.get(url, timeout=10)
    assert r.status_code == 405 and r.headers["allow"] == "POST"


def test_ask_answers_a_briefing_request_with_a_briefing(base_url: str) -> None:
    url = f"{base_url}/api/ask"
    r = httpx.post(url, json={"question": "Give me a 2-point briefing on green bonds"}, timeout=30)
    data = r.json()
    assert r.status_code == 200 and data["answer"].startswith("**Briefing: Green bonds**")
    assert data["answer"].count("\n- ") == 2 and data["citations"]
    plain = httpx.post(url, json={"question": "What do acoustic sensors do?"}, timeout=30)
    assert "**Briefing" not in plain.json()["answer"]
