"""The source registry, adding documents, fetching cited works and side-by-side citations.

Downloads go to a server on 127.0.0.1 started by the tests (never an outside address); it
serves the fixtures, a slow page, a 404, wrong content types and oversized bodies.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from briefing_bot import Assistant, Settings
from briefing_bot.cli import main
from briefing_bot.config import PROJECT_ROOT
from briefing_bot.errors import DocumentError
from briefing_bot.index import build_index, read_manifest
from briefing_bot.sources import (
    FetchError,
    Politeness,
    add_document,
    fetch_sources,
    fetch_url,
    matching_source_passage,
    slugify,
    source_registry,
)
from briefing_bot.sources import fetch as sources_fetch

FIXTURES = Path(__file__).parent / "fixtures"
PAPER = PROJECT_ROOT / "corpus" / "snyder-from-security-alliance-to-technology-partnership.md"
HTML = (FIXTURES / "battery-minerals.html").read_bytes()
PDF = (FIXTURES / "quantum-centres.pdf").read_bytes()
TIMEOUT = 2.0  # the client's limit in these tests; the slow page takes longer
MAX_BYTES = 50_000  # the size limit in these tests; the huge pages exceed it
HUGE = b"<html><body>" + b"<p>filler text</p>" * 8000 + b"</body></html>"
MARKDOWN_NOTE = b"# Chip Outlook\n\nSemiconductor cooperation will deepen over the next decade.\n"

# path -> (status, headers, body, delay in seconds)
ROUTES: dict[str, tuple[int, dict[str, str], bytes, float]] = {
    "/minerals.html": (200, {"Content-Type": "text/html; charset=utf-8"}, HTML, 0),
    "/quantum.pdf": (200, {"Content-Type": "application/pdf"}, PDF, 0),
    "/binary.pdf": (200, {"Content-Type": "application/octet-stream"}, PDF, 0),
    "/notes.md": (200, {"Content-Type": "text/markdown; charset=utf-8"}, MARKDOWN_NOTE, 0),
    "/slow.html": (200, {"Content-Type": "text/html"}, HTML, 3 * TIMEOUT),
    "/missing.html": (404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>", 0),
    "/archive.zip": (200, {"Content-Type": "application/zip"}, b"PK\x03\x04" + b"\0" * 64, 0),
    "/image.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, 0),
    "/huge.html": (200, {"Content-Type": "text/html"}, HUGE, 0),
    "/huge-stream.html": (200, {"Content-Type": "text/html", "X-No-Length": "1"}, HUGE, 0),
    "/redirect": (302, {"Location": "/minerals.html"}, b"", 0),
    "/loop": (302, {"Location": "/loop"}, b"", 0),
    "/to-ftp": (302, {"Location": "ftp://127.0.0.1/file.pdf"}, b"", 0),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, headers, body, delay = ROUTES.get(self.path, (404, {}, b"", 0))
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            stream = headers.get("X-No-Length") == "1"
            for key, value in headers.items():
                self.send_header(key, value)
            if not stream:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # An undeclared length is sent in pieces: the client must count as it reads.
            step = 4096 if stream else max(1, len(body))
            for i in range(0, len(body), step):
                self.wfile.write(body[i : i + step])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout, size limit): expected

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Base URL of a local fixture server on a free port."""
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _closed_port_url() -> str:
    """A loopback URL where nothing listens (a port just freed): connection refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/unreachable"


def _paper(base: str) -> str:
    return f"""---
title: "Test Paper on Alliance Technology"
author: "A. Tester"
---

# Test Paper on Alliance Technology

## Minerals

The partners launched a joint battery minerals initiative to secure lithium supply
chains.<sup>1</sup> Both governments fund quantum research centres in two cities.<sup>2</sup>

## Outlook

Semiconductor cooperation will deepen over the coming decade.<sup>3</sup> Trade officials
meet every spring to review export controls.<sup>4</sup> Some reports are very long.<sup>5</sup>

## Endnotes

- <sup>1</sup> Example Institute, “Battery Minerals Report,” January 1, 2024,
  <{base}/minerals.html>.
- <sup>2</sup> Quantum Office, “Quantum Centres,” March 2, 2024, <{base}/quantum.pdf>.
- <sup>3</sup> Chip Council, “Slow Page,” May 5, 2024, <{base}/slow.html>.
- <sup>4</sup> Nobody, “Missing Page,” June 1, 2024, <{base}/missing.html>; Zip Org,
  “Archive,” June 2, 2024, <{base}/archive.zip>.
- <sup>5</sup> Big Org, “Huge Page,” July 1, 2024, <{base}/huge-stream.html>.
- <sup>6</sup> This note explains a term and cites nothing.
"""


@pytest.fixture
def test_settings(tmp_path: Path, server: str, fake_embeddings: object) -> Settings:
    """A corpus holding only a small paper whose endnotes point at the local server."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "paper.md").write_text(_paper(server), encoding="utf-8")
    return Settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        fetch_timeout=TIMEOUT,
        fetch_max_bytes=MAX_BYTES,
        wayback_api="",  # no archive fallback here (tests/test_sources_archives.py has them)
    )


@pytest.fixture(autouse=True)
def quick_politeness(monkeypatch: pytest.MonkeyPatch) -> None:
    """One loopback host serves every fixture: no pause between its requests here."""
    monkeypatch.setattr(
        sources_fetch, "DEFAULT_POLITENESS", Politeness(host_interval=0, retries=1, backoff=0.05)
    )


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, fake_embeddings: object) -> None:
    monkeypatch.setenv("BRIEFING_BOT_WAYBACK_API", "")
    monkeypatch.setenv("BRIEFING_BOT_FETCH_TIMEOUT", str(TIMEOUT))
    monkeypatch.setenv("BRIEFING_BOT_FETCH_MAX_BYTES", str(MAX_BYTES))


def _cli(settings: Settings, *args: str) -> list[str]:
    return [*args, "--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file and folder under ``folder`` (hidden ones included) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


# ---------------------------------------------------------------------------------------------
# The registry


def test_sources_json_lists_the_papers_endnotes(
    hash_settings: Settings, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_cli(hash_settings, "sources", "--json")) == 0
    registry = json.loads(capsys.readouterr().out)
    by_number = {e["number"]: e for e in registry}
    listed = re.findall(r"^- <sup>(\d+)</sup>", PAPER.read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted(by_number) == sorted(int(n) for n in listed) and len(listed) >= 8
    first = by_number[1]
    assert first["title"] == "South Korea: Background and U.S. Relations"
    assert first["publisher"] == "Congressional Research Service"
    assert first["url"] == "https://crsreports.congress.gov/product/pdf/IF/IF10165"
    assert "October 25, 2024" in first["date"]
    [cited] = first["citing_passages"]
    assert "chips, batteries, and clean technology" in cited["sentence"]
    assert "<sup>" not in cited["sentence"] and cited["locator"] and cited["chunk_id"]
    # an endnote citing two works keeps both
    assert [s["title"] for s in by_number[3]["sources"]] == [
        "U.S.-Republic of Korea Leaders’ Joint Statement",
        "South Korea Needs to Step Up",
    ]
    assert all(e["in_corpus"] == [] for e in registry)
    # every citing sentence is quoted from the chunk it names
    chunks = {c.id: c for c in Assistant.load(settings=hash_settings).chunks()}
    for entry in registry:
        for passage in entry["citing_passages"]:
            chunk = chunks[passage["chunk_id"]]
            assert entry["number"] in chunk.sentence_endnotes[passage["sentence_index"]]
            assert passage["sentence"] in " ".join(chunk.text.split())


def test_registry_of_a_small_paper(test_settings: Settings) -> None:
    bot = Assistant.load(settings=test_settings)
    registry = source_registry(bot)
    assert [e["number"] for e in registry] == [1, 2, 3, 4, 5, 6]
    assert [len(e["citing_passages"]) for e in registry] == [1, 1, 1, 1, 1, 0]
    assert registry[0]["citing_passages"][0]["sentence"].startswith("The partners launched")
    assert [s["title"] for s in registry[3]["sources"]] == ["Missing Page", "Archive"]
    assert registry[5]["url"] is None and registry[5]["sources"] == []


# ---------------------------------------------------------------------------------------------
# Adding documents


def test_add_markdown_file_updates_the_index_incrementally(
    test_settings: Settings, tmp_path: Path
) -> None:
    base = build_index(test_settings)
    note = tmp_path / "outside" / "chip note.md"
    note.parent.mkdir()
    note.write_bytes(MARKDOWN_NOTE)
    added = add_document(test_settings, note, title="Chip Outlook Note")
    assert added.doc_id == "chip-outlook-note.md" and added.kind == "markdown"
    text = (test_settings.corpus_dir / added.doc_id).read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "Chip Outlook Note" and front["original_file"] == "chip note.md"
    assert len(front["retrieved"]) == 10  # an ISO date
    assert text.rstrip().endswith("Semiconductor cooperation will deepen over the next decade.")
    report = added.index
    assert report is not None
    assert (report.documents, report.removed, report.unchanged) == (2, 0, base.chunks)
    assert report.added == report.chunks - base.chunks >= 1

    # the same file again: a second document under a new name, nothing overwritten
    again = add_document(test_settings, note, title="Chip Outlook Note", update_index=False)
    assert again.doc_id == "chip-outlook-note-2.md"
    assert (test_settings.corpus_dir / added.doc_id).read_text(encoding="utf-8") == text


def test_add_html_keeps_the_original_and_a_sidecar(test_settings: Settings) -> None:
    added = add_document(test_settings, FIXTURES / "battery-minerals.html")
    stored = test_settings.corpus_dir / added.doc_id
    assert added.doc_id == "battery-minerals-report.html" and added.kind == "html"
    assert stored.read_bytes() == HTML
    meta = yaml.safe_load(stored.with_name(stored.name + ".meta.yaml").read_text())
    assert meta["original_file"] == "battery-minerals.html" and "retrieved" in meta
    bot = Assistant.load(settings=test_settings)
    texts = " ".join(c.text for c in bot.chunks() if c.doc_id == added.doc_id)
    assert "lithium supply chains" in texts
    assert "tracking code" not in texts and "Donate" not in texts  # main text only
    assert bot.documents()[added.doc_id]["title"] == "Battery Minerals Report"


def test_add_pdf_keeps_page_numbers(test_settings: Settings) -> None:
    added = add_document(test_settings, FIXTURES / "quantum-centres.pdf", title="Quantum Centres")
    assert added.doc_id == "quantum-centres.pdf" and added.kind == "pdf"
    assert (test_settings.corpus_dir / added.doc_id).read_bytes() == PDF
    chunks = [
        c for c in Assistant.load(settings=test_settings).chunks() if c.doc_id == added.doc_id
    ]
    body = [c for c in chunks if c.kind == "body"]
    assert {c.page for c in body} == {1, 2}
    page2 = next(c for c in body if "Seoul and Boulder" in c.text)
    assert page2.page == 2 and page2.locator.endswith("p. 2")
    assert {c.title for c in chunks} == {"Quantum Centres"}  # the sidecar title wins


def test_add_from_url_through_the_cli(
    test_settings: Settings, server: str, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_cli(test_settings, "add", f"{server}/redirect", "--json")) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["doc_id"] == "battery-minerals-report.html" and out["kind"] == "html"
    assert out["metadata"]["url"] == f"{server}/redirect"
    assert out["metadata"]["retrieved_from"] == f"{server}/minerals.html"
    assert out["index"]["documents"] == 2 and out["index"]["added"] >= 1

    assert main(_cli(test_settings, "add", f"{server}/notes.md", "--title", "Notes")) == 0
    printed = capsys.readouterr().out
    assert "added notes.md" in printed and "index: 3 documents" in printed
    stored = (test_settings.corpus_dir / "notes.md").read_text(encoding="utf-8")
    assert f"url: {server}/notes.md" in stored

    # a PDF served as generic binary is recognised by its signature
    assert main(_cli(test_settings, "add", f"{server}/binary.pdf", "--no-index")) == 0
    assert "(pdf, 2 paragraphs)" in capsys.readouterr().out


def test_add_rejects_bad_input(
    test_settings: Settings,
    tmp_path: Path,
    server: str,
    cli_env: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _snapshot(test_settings.corpus_dir)
    (tmp_path / "data.csv").write_text("a,b\n1,2\n")
    with pytest.raises(DocumentError, match="unsupported file type"):
        add_document(test_settings, tmp_path / "data.csv")
    with pytest.raises(DocumentError, match="no such file"):
        add_document(test_settings, tmp_path / "nothing.md")
    with pytest.raises(DocumentError, match="already in the corpus"):
        add_document(test_settings, test_settings.corpus_dir / "paper.md")
    (tmp_path / "empty.md").write_text("")
    with pytest.raises(DocumentError, match=r"empty file|no text"):
        add_document(test_settings, tmp_path / "empty.md")
    (tmp_path / "fake.pdf").write_bytes(b"not a pdf at all")
    with pytest.raises(DocumentError, match="PDF"):
        add_document(test_settings, tmp_path / "fake.pdf")
    with pytest.raises(FetchError, match="only http"):
        add_document(test_settings, "file:///etc/passwd")
    assert main(_cli(test_settings, "add", "ftp://127.0.0.1/x.pdf")) == 2
    assert "only http(s)" in capsys.readouterr().err
    assert main(_cli(test_settings, "add", f"{server}/slow.html", "--timeout", "0.3")) == 2
    assert "timed out after 0.3 s" in capsys.readouterr().err
    assert _snapshot(test_settings.corpus_dir) == before

    # a title full of path tricks still lands inside the corpus folder
    note = tmp_path / "note.md"
    note.write_bytes(MARKDOWN_NOTE)
    added = add_document(test_settings, note, title="../../etc/passwd", update_index=False)
    assert added.path.parent == test_settings.corpus_dir and added.doc_id == "etc-passwd.md"
    assert slugify("/abs/..\\x:y") == "abs-x-y" and slugify("..") == ""


# ---------------------------------------------------------------------------------------------
# Downloads


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/slow.html", "timed out"),
        ("/missing.html", "HTTP 404"),
        ("/archive.zip", "unsupported content type 'application/zip'"),
        ("/image.png", "unsupported content type 'image/png'"),
        ("/huge.html", f"too large: {len(HUGE):,} bytes (limit 50,000)"),  # declared length
        ("/huge-stream.html", "too large: more than 50,000 bytes"),  # counted while streaming
        ("/loop", "more than 5 redirects"),
        ("/to-ftp", "only http(s)"),
    ],
)
def test_fetch_failures_have_reasons(server: str, path: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch_url(server + path, timeout=TIMEOUT, max_bytes=MAX_BYTES)
    assert reason in str(info.value)
    assert time.monotonic() - started < TIMEOUT + 3  # not the server's 6 s


def test_fetch_follows_redirects_and_reports_types(server: str) -> None:
    got = fetch_url(f"{server}/redirect", timeout=TIMEOUT, max_bytes=MAX_BYTES)
    assert (got.kind, got.data, got.final_url) == ("html", HTML, f"{server}/minerals.html")
    assert fetch_url(f"{server}/quantum.pdf", timeout=TIMEOUT).kind == "pdf"
    assert fetch_url(f"{server}/notes.md", timeout=TIMEOUT).kind == "markdown"
    with pytest.raises(FetchError, match="redirects"):
        fetch_url(f"{server}/redirect", timeout=TIMEOUT, max_redirects=0)
    with pytest.raises(FetchError, match="cannot connect"):
        fetch_url(_closed_port_url(), timeout=TIMEOUT)


# ---------------------------------------------------------------------------------------------
# Fetching the cited works


def test_fetch_sources_links_documents_to_their_endnotes(
    test_settings: Settings, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    build_index(test_settings)
    assert main(_cli(test_settings, "fetch-sources", "--json")) == 0
    report = json.loads(capsys.readouterr().out)
    results = {(r["endnote"], r["url"].rsplit("/", 1)[1]): r for r in report["results"]}
    assert {k: r["status"] for k, r in results.items()} == {
        (1, "minerals.html"): "fetched",
        (2, "quantum.pdf"): "fetched",
        (3, "slow.html"): "failed",
        (4, "missing.html"): "failed",
        (4, "archive.zip"): "failed",
        (5, "huge-stream.html"): "failed",
    }
    assert "timed out" in results[3, "slow.html"]["reason"]
    assert "original: HTTP 404" in results[4, "missing.html"]["reason"]
    assert results[1, "minerals.html"]["copy"].startswith("original, retrieved ")
    assert "application/zip" in results[4, "archive.zip"]["reason"]
    assert "too large" in results[5, "huge-stream.html"]["reason"]
    assert report["without_url"] == [{"cited_by": "paper.md", "endnote": 6}]
    assert (report["added"], report["failed"]) == (2, 4)
    assert report["index"]["documents"] == 3

    bot = Assistant.load(settings=test_settings, build=False)
    docs = bot.documents()
    html_doc = results[1, "minerals.html"]["source_doc"]
    pdf_doc = results[2, "quantum.pdf"]["source_doc"]
    assert html_doc == "endnote-01-battery-minerals-report.html"
    assert pdf_doc == "endnote-02-quantum-centres.pdf"
    for doc_id, number, title in (
        (html_doc, 1, "Battery Minerals Report"),
        (pdf_doc, 2, "Quantum Centres"),
    ):
        meta = docs[doc_id]["metadata"]
        assert (meta["endnote"], meta["cited_by"], meta["title"]) == (number, "paper.md", title)
        assert meta["url"].endswith((".html", ".pdf")) and meta["retrieved"]
        assert meta["publisher"] and meta["date"]
    registry = {e["number"]: e for e in source_registry(bot)}
    [held] = registry[1]["in_corpus"]
    assert (held["doc_id"], held["title"]) == (html_doc, "Battery Minerals Report")
    assert held["provenance"]["fetch_status"] == "fetched" and held["copy"].startswith("original")
    assert "archived_url" not in held["provenance"]
    assert registry[3]["in_corpus"] == []
    leftovers = [p for p in test_settings.corpus_dir.iterdir() if p.name.startswith(".")]
    assert leftovers == []

    # a second run downloads nothing it already holds (and still fails on the rest)
    before = _snapshot(test_settings.corpus_dir)
    assert main(_cli(test_settings, "fetch-sources")) == 1
    printed = capsys.readouterr().out
    assert "endnote 1 [already in the corpus]" in printed
    assert "0 fetched, 0 from archives, 0 partial, 4 failed, 2 already in the corpus" in printed
    assert _snapshot(test_settings.corpus_dir) == before


def test_failed_fetch_changes_nothing(
    tmp_path: Path, server: str, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paper = _paper(server)
    for good in ("minerals.html", "quantum.pdf"):
        paper = paper.replace(f"{server}/{good}", _closed_port_url())
    (corpus / "paper.md").write_text(paper, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", wayback_api="")
    build_index(settings)
    corpus_before = _snapshot(corpus)
    manifest_before = read_manifest(settings.index_dir)

    assert main(_cli(settings, "fetch-sources")) == 1
    out = capsys.readouterr().out
    assert out.count("[failed]") == 6 and "0 partial, 6 failed" in out
    assert "cannot connect" in out and "timed out" in out and "HTTP 404" in out
    assert _snapshot(corpus) == corpus_before  # no partial or hidden files
    assert read_manifest(settings.index_dir) == manifest_before  # index untouched
    with pytest.raises(DocumentError, match="no document with endnotes"):
        fetch_sources(settings, doc_ids=["nope.md"])


# ---------------------------------------------------------------------------------------------
# Side by side


def test_answer_quotes_the_cited_source_once_fetched(test_settings: Settings) -> None:
    question = "What did the partners launch to secure lithium supply chains?"
    before = Assistant.load(settings=test_settings).ask(question)
    assert not before.abstained and "The cited source" not in before.text
    paper_cit = before.citations[0]
    # the claim's own note first (on the fake embedding its passage's other sentence, with
    # note 2, may join the answer: what joins is the sentence model's business, not this test's)
    assert paper_cit.doc_id == "paper.md" and [e.number for e in paper_cit.endnotes][:1] == [1]

    report = fetch_sources(test_settings)
    assert [r.endnote for r in report.added] == [1, 2]
    bot = Assistant.load(settings=test_settings)
    match = matching_source_passage(
        bot, "paper.md", 1, "The partners launched a joint battery minerals initiative."
    )
    assert match is not None
    chunk, index = match
    assert chunk.doc_id == "endnote-01-battery-minerals-report.html"
    assert "joint battery minerals initiative" in chunk.sentence_texts()[index]
    assert matching_source_passage(bot, "paper.md", 3, "Semiconductor cooperation.") is None
    assert matching_source_passage(bot, "paper.md", 6, "A term.") is None

    after = bot.ask(question)
    by_doc = {c.doc_id: c for c in after.citations}
    source = by_doc["endnote-01-battery-minerals-report.html"]
    quoted = chunk.sentence_texts()[index]
    assert (
        f"The cited source, Battery Minerals Report, says: “{quoted}” [{source.number}]."
        in after.text
    )
    assert chunk.sentences[index] in source.highlights
    assert by_doc["paper.md"].number < source.number  # the claim first, then the original
