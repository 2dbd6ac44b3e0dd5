"""Hardening of the web edges (issue 15): bodies no route can parse, the Markdown export, files
left on disk, uploads, the login. Fast: the hash fake embedding, the app in-process."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
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


# ---------------------------------------------------------------------------------------------
# 7. No transcript on disk: the briefing download lives in the page, not in a file


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def test_a_chat_leaves_no_transcript_on_disk(holder: AssistantHolder, tmp_path: Path) -> None:
    import base64
    import re
    import tempfile

    from briefing_bot.ui import build_app

    temp = Path(tempfile.gettempdir())
    watched = [temp / "gradio", Path(os.environ.get("GRADIO_TEMP_DIR", temp / "gradio"))]
    before = {p: _files_under(p) for p in watched}
    before_dirs = {p.name for p in temp.iterdir() if p.name.startswith("briefing-bot-")}
    demo = build_app(holder)
    respond = next(f.fn for f in demo.fns.values() if getattr(f.fn, "__name__", "") == "respond")
    assert respond is not None
    *_, answered, _end = respond(QUESTION, [], 5, None)  # the end changes nothing
    link = answered[5]
    assert isinstance(link, str) and 'download="briefing-' in link
    encoded = re.search(r'href="data:text/markdown;charset=utf-8;base64,([A-Za-z0-9+/=]+)"', link)
    assert encoded, link
    markdown = base64.b64decode(encoded[1]).decode("utf-8")
    assert QUESTION in markdown and "**References**" in markdown
    # nothing new on disk: no briefing-bot-* folder, nothing in Gradio's cache
    after_dirs = {p.name for p in temp.iterdir() if p.name.startswith("briefing-bot-")}
    assert after_dirs <= before_dirs
    for folder in watched:
        assert _files_under(folder) <= before[folder]


# ---------------------------------------------------------------------------------------------
# 8. No uploads (the app uses none); a Content-Security-Policy on the page


def test_uploads_are_closed_and_the_page_has_a_csp(holder: AssistantHolder) -> None:
    with _web(holder) as web:
        for path in ("/gradio_api/upload", "/gradio_api/upload?upload_id=x"):
            r = web.post(
                path,
                files={"files": ("a.txt", b"x" * 1000, "text/plain")},
                headers={"origin": "http://evil.example"},
            )
            assert r.status_code == 404 and r.json() == {"error": "not found"}, r.text
        assert web.get("/gradio_api/upload_progress?upload_id=x").status_code == 404
        assert web.get("/gradio_api/proxy=http://example.org/").status_code == 404
        page = web.get("/")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        csp = page.headers["content-security-policy"]
        for directive in ("default-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"):
            assert directive in csp
        assert "object-src 'none'" in csp and page.headers["x-frame-options"] == "DENY"
        # the page still answers through Gradio's own API
        assert "citations" in _gradio_ask(web, QUESTION)


# ---------------------------------------------------------------------------------------------
# 9. The login: from a file or the environment, failed logins throttled, the schema behind it

LOGIN = ("analyst", "s3cret-Pass")


def test_failed_logins_are_throttled_per_client(bot: Assistant) -> None:
    app = create_api(AssistantHolder.of(bot), auth=LOGIN)
    with TestClient(app, base_url="http://127.0.0.1:7860") as client:
        statuses = [
            client.get("/api/health", auth=("analyst", f"guess{i}")).status_code for i in range(13)
        ]
        assert statuses[:10] == [401] * 10 and set(statuses[10:]) == {429}, statuses
        slowed = client.get("/api/health", auth=LOGIN)  # even the right one, for a while
        assert slowed.status_code == 429 and int(slowed.headers["retry-after"]) > 0
        assert "too many failed logins" in slowed.json()["error"]
    # another client is not affected, and a success forgets the failures before it
    with TestClient(app, base_url="http://127.0.0.1:7860", client=("10.0.0.8", 5000)) as user:
        for _ in range(3):
            assert [
                user.get("/api/health", auth=("analyst", f"typo{i}")).status_code for i in range(9)
            ] == [401] * 9
            assert user.get("/api/health", auth=LOGIN).status_code == 200
    with TestClient(app, base_url="http://127.0.0.1:7860", client=("10.0.0.9", 5000)) as other:
        assert other.get("/api/health", auth=LOGIN).status_code == 200


def test_gradio_login_form_is_throttled_too(holder: AssistantHolder) -> None:
    with _web(holder, auth=LOGIN) as web:
        statuses = [
            web.post("/login", data={"username": "analyst", "password": f"g{i}"}).status_code
            for i in range(12)
        ]
        assert statuses[:10] == [400] * 10 and set(statuses[10:]) == {429}, statuses


def test_the_throttle_remembers_a_bounded_number_of_clients() -> None:
    from briefing_bot.http import LoginThrottle

    throttle = LoginThrottle(lambda *_: None, max_clients=100)  # type: ignore[arg-type, return-value]
    for i in range(10_000):
        throttle._fail(f"10.{i // 65536}.{i // 256 % 256}.{i % 256}")
    assert len(throttle._failures) == 100


def test_the_api_schema_is_behind_the_login(bot: Assistant, holder: AssistantHolder) -> None:
    app = create_api(AssistantHolder.of(bot), auth=LOGIN)
    with TestClient(app, base_url="http://127.0.0.1:7860") as client:
        assert client.get("/openapi.json").status_code == 401
        assert client.get("/docs").status_code == 404
        schema = client.get("/openapi.json", auth=LOGIN)
        assert schema.status_code == 200 and "/api/ask" in schema.json()["paths"]
    with _web(holder, auth=LOGIN) as web:
        assert web.get("/openapi.json").status_code == 401
        assert web.get("/gradio_api/openapi.json").status_code == 401
        assert web.get("/docs").status_code in (401, 404)
    with _web(holder) as web:  # no login: the schema is public, as the page is
        assert web.get("/openapi.json").status_code == 200


def test_serve_reads_the_login_from_a_file_and_warns_about_auth_in_ps(tmp_path: Path) -> None:
    from briefing_bot.cli import build_parser
    from briefing_bot.http import read_auth_file

    path = tmp_path / "login"
    path.write_text("analyst:s3cret-Pass\n")
    assert read_auth_file(path) == LOGIN
    path.write_text("")
    with pytest.raises(ValueError, match="USER:PASSWORD"):
        read_auth_file(path)
    args = build_parser().parse_args(["serve", "--auth-file", str(path)])
    assert args.auth_file == path
    with pytest.raises(SystemExit):  # one or the other
        build_parser().parse_args(["serve", "--auth", "a:b", "--auth-file", str(path)])


def test_serve_with_auth_on_the_command_line_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import briefing_bot.app
    from briefing_bot.cli import main

    seen: dict[str, Any] = {}
    monkeypatch.setattr(briefing_bot.app, "serve", lambda *a, **kw: seen.update(kw))
    assert main(["serve", "--auth", "analyst:s3cret-Pass", "--index", str(tmp_path)]) == 0
    assert seen["auth"] == LOGIN and "`ps`" in capsys.readouterr().err
    path = tmp_path / "login"
    path.write_text("analyst:s3cret-Pass\n")
    assert main(["serve", "--auth-file", str(path), "--index", str(tmp_path)]) == 0
    assert seen["auth"] == LOGIN and "`ps`" not in capsys.readouterr().err
    assert main(["serve", "--auth-file", str(tmp_path / "absent")]) == 2
