"""Hostile downloads (issue 15, items 10 and 11): servers that stall in the header phase,
compression bombs, redirects to ``data:``/``javascript:``, and one bad source among good ones.

Everything talks to a server on 127.0.0.1 started here.
"""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefing_bot import Settings
from briefing_bot.cli import main
from briefing_bot.sources import FetchError, Politeness, fetch_sources, fetch_url
from briefing_bot.sources import fetch as sources_fetch
from briefing_bot.sources import works as sources_works

FIXTURES = Path(__file__).parent / "fixtures"
HTML = (FIXTURES / "battery-minerals.html").read_bytes()
TIMEOUT = 2.0
MAX_BYTES = 50_000


def _double_gzip_bomb(megabytes: int = 100) -> bytes:
    """``megabytes`` MB of zeros, gzipped twice: a few hundred bytes on the wire."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    layer = b"".join(inner.compress(zeros) for _ in range(megabytes)) + inner.flush()
    return gzip.compress(layer, 9)


BOMB = _double_gzip_bomb()


def _raw_deflate(data: bytes) -> bytes:
    """Deflate without the zlib wrapper, as some servers send ``Content-Encoding: deflate``."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _trickle(handler: BaseHTTPRequestHandler) -> None:
    """A status line one byte every 0.2 s: every read succeeds, the headers never end."""
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"y" * 200:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.2)


def _sleep_then_answer(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(20)
    _send(handler, 200, {"Content-Type": "text/html"}, HTML)


def _send(
    handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
) -> None:
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _static(status: int, headers: dict[str, str], body: bytes = b"") -> Callable[..., None]:
    return lambda h: _send(h, status, headers, body)


ROUTES: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {
    "/page.html": _static(200, {"Content-Type": "text/html"}, HTML),
    "/trickle": _trickle,
    "/sleepy": _sleep_then_answer,
    "/bomb": _static(200, {"Content-Type": "text/html", "Content-Encoding": "gzip, gzip"}, BOMB),
    "/gzip.html": _static(
        200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(HTML)
    ),
    "/deflate.html": _static(
        200, {"Content-Type": "text/html", "Content-Encoding": "deflate"}, zlib.compress(HTML)
    ),
    "/raw-deflate.html": _static(
        200, {"Content-Type": "text/html", "Content-Encoding": "deflate"}, _raw_deflate(HTML)
    ),
    "/brotli.html": _static(200, {"Content-Type": "text/html", "Content-Encoding": "br"}, HTML),
    "/to-data": _static(302, {"Location": "data:text/html,<script>alert(1)</script>"}),
    "/to-js": _static(302, {"Location": "javascript:alert(document.cookie)"}),
    "/to-bad-host": _static(302, {"Location": "http://[::1/x"}),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        route = ROUTES.get(self.path.split("?")[0])
        try:
            if route is None:
                _send(self, 404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up: expected

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def quick_politeness(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources_fetch, "DEFAULT_POLITENESS", Politeness(host_interval=0, retries=0))


def _corpus_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# ---------------------------------------------------------------------------------------------
# Item 10: the wall-clock limit covers the header phase; decompressed size is bounded


@pytest.mark.parametrize("path", ["/trickle", "/sleepy"])
def test_timeout_bounds_the_header_phase(server: str, path: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 2 s"):
        fetch_url(server + path, timeout=TIMEOUT)
    assert time.monotonic() - started < TIMEOUT + 1


def test_add_with_timeout_2_fails_within_3_seconds(
    server: str, tmp_path: Path, fake_embeddings: object, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    started = time.monotonic()
    args = ["add", f"{server}/trickle", "--timeout", "2", "--corpus", str(corpus)]
    assert main([*args, "--index", str(tmp_path / "index")]) == 2
    assert time.monotonic() - started < 3.0
    err = capsys.readouterr().err
    assert "timed out after 2 s" in err and "Traceback" not in err
    assert _corpus_files(corpus) == []


def test_double_gzip_bomb_is_refused_quickly_with_little_memory(server: str) -> None:
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="too large: more than 50,000 bytes"):
            fetch_url(f"{server}/bomb", timeout=10, max_bytes=MAX_BYTES)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 2
    assert peak < 5_000_000  # the body decodes to 100 MB


@pytest.mark.parametrize("path", ["/gzip.html", "/deflate.html", "/raw-deflate.html"])
def test_compressed_pages_are_decoded(server: str, path: str) -> None:
    got = fetch_url(server + path, timeout=TIMEOUT, max_bytes=MAX_BYTES)
    assert got.data == HTML and got.kind == "html"


def test_unknown_content_encoding_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match="unsupported content encoding 'br'"):
        fetch_url(f"{server}/brotli.html", timeout=TIMEOUT)


# ---------------------------------------------------------------------------------------------
# Item 11: bad redirects are per-source errors; each source succeeds or fails alone


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-data", "redirect to a data: URL refused"),
        ("/to-js", "redirect to a javascript: URL refused"),
        ("/to-bad-host", "redirect to an invalid URL"),
    ],
)
def test_redirect_to_a_non_http_url_is_a_clear_error(
    server: str,
    path: str,
    reason: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(FetchError, match=reason):
        fetch_url(server + path, timeout=TIMEOUT)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert main(["add", server + path, "--corpus", str(corpus), "--no-index"]) == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err and err.count("\n") == 1


def _paper(urls: list[str]) -> str:
    notes = "\n".join(
        f"- <sup>{i}</sup> Org {i}, “Work {i},” May {i}, 2023, <{url}>."
        for i, url in enumerate(urls, start=1)
    )
    claims = " ".join(
        f"Claim number {i} is made here.<sup>{i}</sup>" for i in range(1, len(urls) + 1)
    )
    return f"# A Paper\n\n## Body\n\n{claims}\n\n## Endnotes\n\n{notes}\n"


def test_one_bad_source_does_not_stop_the_others(
    server: str,
    tmp_path: Path,
    fake_embeddings: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BRIEFING_BOT_WAYBACK_API", "")  # no archive fallback: originals only
    monkeypatch.setenv("BRIEFING_BOT_FETCH_MAX_BYTES", str(MAX_BYTES))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    urls = [f"{server}/to-js", f"{server}/page.html", f"{server}/to-data", f"{server}/bomb"]
    (corpus / "paper.md").write_text(_paper(urls), encoding="utf-8")
    assert main(["fetch-sources", "--corpus", str(corpus), "--index", str(tmp_path / "index")]) == 0
    out = capsys.readouterr().out
    assert "endnote 1 [failed]" in out and "javascript: URL refused" in out
    assert "endnote 2 [fetched]" in out
    assert "endnote 3 [failed]" in out and "data: URL refused" in out
    assert "endnote 4 [failed]" in out and "too large" in out
    assert "1 fetched, 0 from archives, 0 partial, 3 failed" in out
    assert "index: 2 documents" in out
    assert _corpus_files(corpus) == [
        "endnote-02-work-2.html",
        "endnote-02-work-2.html.meta.yaml",
        "paper.md",
    ]


def test_an_unexpected_error_fails_only_its_source(
    server: str, tmp_path: Path, fake_embeddings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    urls = [f"{server}/page.html", f"{server}/gzip.html"]
    (corpus / "paper.md").write_text(_paper(urls), encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", wayback_api="")
    real_store = sources_works.store_document

    def flaky_store(corpus_dir: Path, data: bytes, kind: str, metadata: dict, **kw: object):  # type: ignore[no-untyped-def]
        if metadata["endnote"] == 1:
            raise RuntimeError("disk on fire")
        return real_store(corpus_dir, data, kind, metadata, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(sources_works, "store_document", flaky_store)
    report = fetch_sources(settings)
    by_note = {r.endnote: r for r in report.results}
    assert by_note[1].status == "failed" and "RuntimeError: disk on fire" in str(by_note[1].reason)
    assert by_note[2].status == "fetched" and report.index is not None
    assert report.index.documents == 2
    assert [p.name for p in corpus.iterdir() if p.name.startswith(".")] == []
