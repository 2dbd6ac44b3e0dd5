"""Hardening of the web edges (issue 15): bodies no route can parse, the Markdown export, files
left on disk, uploads, the login. Fast: the hash fake embedding, the app in-process."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from briefing_bot import Assistant, Settings
from briefing_bot.http import LOCAL_HOSTS, create_api
from briefing_bot.service import AssistantHolder
from tests import fakes
from tests.conftest import PAPER

QUESTION = "What is the Minerals Security Partnership?"


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("hardening")
    (root / "corpus").mkdir()
    (root / "corpus" / PAPER.name).write_bytes(PAPER.read_bytes())
    settings = Settings(corpus_dir=root / "corpus", index_dir=root / "index")
    return Assistant.load(settings=settings, embeddings=fakes.FAKE)


@pytest.fixture
def api(bot: Assistant) -> Iterator[httpx.Client]:
    app = create_api(AssistantHolder.of(bot), allowed_hosts=LOCAL_HOSTS)
    with TestClient(app, base_url="http://127.0.0.1:7860", raise_server_exceptions=False) as c:
        yield c


def _raw(client: httpx.Client, path: str, body: bytes) -> httpx.Response:
    return client.post(path, content=body, headers={"content-type": "application/json"})


# ---------------------------------------------------------------------------------------------
# 12. No 500s: bodies no route could parse get the JSON 400

HOSTILE_BODIES = {
    "5,000-digit question": b'{"question": ' + b"7" * 5000 + b"}",
    "5,000-digit history": b'{"question": "q", "history": ' + b"7" * 5000 + b"}",
    "nested 10,000 deep": b'{"question": "q", "history": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
    "objects 10,000 deep": b'{"question": "q", "x": ' + b'{"a":' * 10_000 + b"1" + b"}" * 10_001,
    "bytes that are not UTF-8": b'{"question": "\xed\xa0\x80 MSP"}',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
@pytest.mark.parametrize("path", ["/api/ask", "/api/brief"])
def test_unparsable_json_is_a_json_400(api: httpx.Client, name: str, path: str) -> None:
    r = _raw(api, path, HOSTILE_BODIES[name])
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert "JSON" in r.json()["error"]


def test_a_lone_surrogate_is_text_not_a_crash(api: httpx.Client) -> None:
    body = json.dumps({"question": "What is \ud800 the MSP?"}, ensure_ascii=True).encode()
    r = _raw(api, "/api/ask", body)
    assert r.status_code == 200, r.text
    assert r.json()["answer"]
    r = _raw(api, "/api/brief", json.dumps({"topic": "MSP \udfff"}).encode())
    assert r.status_code == 200, r.text
    # a surrogate pair is one character, kept as it is
    r = _raw(api, "/api/ask", json.dumps({"question": "MSP \U0001f600?"}).encode())
    assert r.status_code == 200, r.text


def test_lone_surrogates_reach_the_app_as_replacement_characters() -> None:
    from briefing_bot.http.limits import _checked_json

    fixed = _checked_json(b'{"q": "a\\ud800b", "h": [{"c": "\\udc00"}], "ok": "\\ud83d\\ude00"}')
    assert fixed is not None
    data = json.loads(fixed)
    assert data == {"q": "a\ufffdb", "h": [{"c": "\ufffd"}], "ok": "\U0001f600"}
    assert _checked_json(b'{"q": "plain"}') is None


# ---------------------------------------------------------------------------------------------
# The web chat mounted (Gradio): its /ask endpoint, uploads, files, the page


@pytest.fixture
def holder(bot: Assistant) -> AssistantHolder:
    return AssistantHolder.of(bot)


@contextlib.contextmanager
def _web(holder: AssistantHolder, **kwargs: Any) -> Iterator[httpx.Client]:
    from briefing_bot.app import create_app

    app = create_app(holder=holder, allowed_hosts=LOCAL_HOSTS, **kwargs)
    with TestClient(app, base_url="http://127.0.0.1:7860", raise_server_exceptions=False) as c:
        yield c


def _gradio_ask(client: httpx.Client, question: str, **kwargs: Any) -> str:
    """Gradio's own /ask endpoint, as gradio_client calls it; the event stream as text."""
    started = client.post("/gradio_api/call/ask", json={"data": [question, []]}, **kwargs)
    assert started.status_code == 200, started.text
    event = started.json()["event_id"]
    return client.get(f"/gradio_api/call/ask/{event}", **kwargs).text


def test_gradio_ask_never_shows_a_library_message(
    holder: AssistantHolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("TokenizerInternals: surrogates not allowed at offset 8")

    with _web(holder) as web:
        assert QUESTION[:20] in _gradio_ask(web, QUESTION) or "citations" in _gradio_ask(
            web, QUESTION
        )
        monkeypatch.setattr(holder, "ask", broken)
        stream = _gradio_ask(web, QUESTION)
    assert "event: error" in stream
    assert "TokenizerInternals" not in stream and "surrogates" not in stream


# ---------------------------------------------------------------------------------------------
# 6. The Markdown briefing export: no active HTML or link survives a Markdown viewer

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    "![pic](javascript:alert(4))",
    "<javascript:alert(5)>",
    "[ref]\n\n[ref]: javascript:alert(6)",
    '<a href="javascript:alert(7)">x</a>',
    "`<script>` \\<script>alert(8)</script>",
    '<svg onload="alert(9)"></svg>',
    "<iframe src=javascript:alert(10)></iframe>",
    "&lt;script&gt;alert(11)&lt;/script&gt; &#60;script&#62;",
]


def _hostile_turns() -> list[dict[str, Any]]:
    joined = " ".join(PAYLOADS)
    citation = {
        "number": 1,
        "text": f"Corpus text {joined}",
        "source": f"Title {PAYLOADS[1]}",
        "locator": f"Section {PAYLOADS[2]}; ¶ 3",
        "endnotes": [
            {
                "number": 4,
                "publisher": PAYLOADS[0],
                "title": PAYLOADS[6],
                "date": PAYLOADS[3],
                "url": "javascript:alert(12)",
            },
            {"number": 5, "text": PAYLOADS[5], "url": 'https://example.org/"onmouseover=x'},
            {"number": 6, "title": "Fine", "url": "https://example.org/report?a=1&b=2"},
        ],
    }
    return [
        {
            "question": f"Question {payload}",
            "answer": {
                "answer": f"Answer {payload} [1]",
                "notice": PAYLOADS[4],
                "citations": [citation],
            },
        }
        for payload in PAYLOADS
    ]


class _Elements:
    """Every element and attribute of rendered HTML."""

    def __init__(self, html: str) -> None:
        from html.parser import HTMLParser

        self.tags: list[tuple[str, dict[str, str | None]]] = []
        outer = self

        class Parser(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                outer.tags.append((tag, dict(attrs)))

        Parser().feed(html)


def test_the_markdown_export_is_inert_in_a_markdown_viewer() -> None:
    from markdown_it import MarkdownIt

    from briefing_bot.ui import briefing_markdown

    md = briefing_markdown(_hostile_turns(), title=f"Briefing {PAYLOADS[0]}")
    html = MarkdownIt("commonmark", {"html": True}).render(md)
    rendered = _Elements(html)
    allowed = {"h1", "h2", "p", "em", "strong", "blockquote", "br", "a", "code", "ul", "li"}
    assert {tag for tag, _ in rendered.tags} <= allowed, html
    for tag, attrs in rendered.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src"):
            if name in attrs:
                assert str(attrs[name]).startswith("https://example.org/report"), attrs
    # the text itself is all there, readable
    assert "alert(1)" in html and "Question" in html and "endnote 6" in html
    assert "&lt;script&gt;" in html
