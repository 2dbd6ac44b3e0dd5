"""The cited sources for real (issue 16): fallbacks to archives, provenance, honest outcomes,
claims beside their sources — on loopback fixtures mirroring the paper's eight endnotes.

Three loopback hosts stand in for the web: 127.0.0.1 for the original sites (a live report, a
dead statement, a paywalled magazine page, a statement that redirects to its site's home page,
a page that answers 403 to non-browsers), 127.0.0.2 for a national archive that keeps a past
administration's pages under its own host (one of them behind a 429 the first time), and
127.0.0.3 for a Wayback Machine (availability API, raw and replay captures, a capture that
redirects to a nearby capture). ``tests/fixtures/sources/paper.md`` has the paper's shape:
eight endnotes, two explanatory, one citing two works, one a short repeat of the note before.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from briefing_bot import Assistant, Settings
from briefing_bot.cli import main
from briefing_bot.sources import (
    ArchiveRulesError,
    FetchError,
    Politeness,
    claims_beside_sources,
    fetch_sources,
    load_archive_rules,
    source_registry,
)
from briefing_bot.sources import fetch as sources_fetch
from briefing_bot.sources.archives import (
    closest_snapshot,
    parse_note_date,
    raw_capture,
    rule_candidates,
)
from briefing_bot.sources.fetch import HostLimiter, fetch_politely, http_client, retry_after

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
STATEMENT = "/gov/briefing-room/2022/05/21/leaders-joint-statement/"
MAGAZINE = "/magazine/partner-needs-step-up?check_logged_in=1"
ANNIVERSARY = "/gov/briefing-room/2023/04/26/anniversary-joint-statement/"
FACT_SHEET = "/gov/briefing-room/2023/12/08/fact-sheet-emerging-technologies-dialogue/"
DEFENSE = "/defense/news/article/2641068/official-talks-policy-role/"
TOOLBAR = "WAYBACK REPLAY TOOLBAR"

Route = Callable[["_Handler"], None]


def _page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class Web:
    """The three fixture hosts, their routes and every request they saw."""

    origin: str = ""
    archive: str = ""
    wayback: str = ""
    routes: dict[tuple[str, str], Route] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)
    hits: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self, host: str, path: str) -> int:
        return self.log.count((host, path))


class _Handler(BaseHTTPRequestHandler):
    web: Web
    host_name: str

    def do_GET(self) -> None:
        key = (self.host_name, self.path)
        self.web.log.append(key)
        self.web.hits[key] = self.web.hits.get(key, 0) + 1
        route = self.web.routes.get(key) or self.web.routes.get((self.host_name, self._bare()))
        try:
            if route is None:
                self.send(404, b"<h1>Not Found</h1>")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _bare(self) -> str:
        return urlsplit(self.path).path

    def send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        named = {"Content-Type": "text/html; charset=utf-8"}
        named.update({k.replace("_", "-"): v for k, v in headers.items()})
        for key, value in named.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


def _serve(web: Web, name: str, address: str) -> tuple[_Server, str]:
    handler = type(f"Handler_{name}", (_Handler,), {"web": web, "host_name": name})
    httpd = _Server((address, 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://{address}:{httpd.server_address[1]}"


def _routes(web: Web) -> None:
    o, a, w = web.origin, web.archive, web.wayback

    def page(name: str, status: int = 200, **headers: str) -> Route:
        return lambda h: h.send(status, _page(name), **headers)

    def status(code: int, **headers: str) -> Route:
        return lambda h: h.send(code, b"<h1>Error</h1>", **headers)

    def busy_once(name: str) -> Route:
        def route(h: _Handler) -> None:
            if web.hits[(h.host_name, h.path)] == 1:
                h.send(429, b"<h1>Too Many Requests</h1>", Retry_After="1")
            else:
                h.send(200, _page(name))

        return route

    def availability(h: _Handler) -> None:
        query = parse_qs(urlsplit(h.path).query)
        url, stamp = query["url"][0], query.get("timestamp", [""])[0]
        captures = {f"{o}{ANNIVERSARY}": "20230427093000", f"{o}{DEFENSE}": "20210603000000"}
        answer: dict[str, Any] = {"url": url, "archived_snapshots": {}}
        if url in captures:
            assert stamp, "the endnote's date is asked for"
            closest = {"available": True, "status": "200", "timestamp": captures[url]}
            closest["url"] = f"{w}/web/{captures[url]}/{url}"
            answer["archived_snapshots"]["closest"] = closest
        h.send(200, json.dumps(answer).encode(), Content_Type="application/json")

    replay = _page("anniversary-joint-statement.html").replace(
        b"<body>", f"<body><div id='wm-toolbar'>{TOOLBAR}</div>".encode()
    )
    web.routes.update(
        {
            ("origin", "/reports/IF10165.pdf"): page("IF10165.pdf", Content_Type="application/pdf"),
            ("origin", STATEMENT): status(404),
            ("origin", MAGAZINE): page("partner-needs-step-up.html"),
            ("origin", ANNIVERSARY): status(302, Location="/"),
            ("origin", "/"): page("home.html"),
            ("origin", FACT_SHEET): status(404),
            ("origin", DEFENSE): status(403),
            ("archive", STATEMENT): page("leaders-joint-statement.html"),
            ("archive", FACT_SHEET): busy_once("fact-sheet-emerging-technologies-dialogue.html"),
            ("wayback", "/wayback/available"): availability,
            ("wayback", f"/web/20230427093000id_/{o}{ANNIVERSARY}"): page(
                "anniversary-joint-statement.html"
            ),
            ("wayback", f"/web/20230427093000/{o}{ANNIVERSARY}"): lambda h: h.send(200, replay),
            # a capture that redirects to a nearby capture, as the archive's often do
            ("wayback", f"/web/20210603000000id_/{o}{DEFENSE}"): status(
                302, Location=f"{w}/web/20210602120000id_/{o}{DEFENSE}"
            ),
            ("wayback", f"/web/20210602120000id_/{o}{DEFENSE}"): page(
                "official-talks-policy-role.html"
            ),
        }
    )
    del a


@pytest.fixture(scope="module")
def web() -> Iterator[Web]:
    state = Web()
    servers = []
    for name, address in (
        ("origin", "127.0.0.1"),
        ("archive", "127.0.0.2"),
        ("wayback", "127.0.0.3"),
    ):
        httpd, base = _serve(state, name, address)
        servers.append(httpd)
        setattr(state, name, base)
    _routes(state)
    yield state
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def quick_politeness(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short pauses and backoff so the tests run in seconds (the pacing itself is tested)."""
    monkeypatch.setattr(
        sources_fetch,
        "DEFAULT_POLITENESS",
        Politeness(host_interval=0.02, retries=2, backoff=0.05, max_retry_wait=5),
    )


def _rules_file(folder: Path, web: Web) -> Path:
    rules = {
        "rules": [
            {  # a different administration: must not be tried for these dates
                "name": "Archive of the earlier administration",
                "prefix": f"{web.origin}/gov/",
                "replace": f"{web.archive}/earlier/gov/",
                "from": "2017-01-20",
                "until": "2021-01-20",
            },
            {
                "name": "National archive of the past administration",
                "prefix": f"{web.origin}/gov/",
                "replace": f"{web.archive}/gov/",
                "from": "2021-01-20",
                "until": "2025-01-20",
            },
        ]
    }
    path = folder / "archive-rules.yaml"
    path.write_text(yaml.safe_dump(rules), encoding="utf-8")
    return path


@pytest.fixture
def corpus(
    tmp_path: Path, web: Web, monkeypatch: pytest.MonkeyPatch, fake_embeddings: object
) -> Path:
    """A corpus with the fixture paper; the archive settings point at the fixture hosts."""
    web.log.clear()
    web.hits.clear()
    folder = tmp_path / "corpus"
    folder.mkdir()
    paper = (FIXTURES / "paper.md").read_text(encoding="utf-8").replace("{origin}", web.origin)
    (folder / "paper.md").write_text(paper, encoding="utf-8")
    monkeypatch.setenv("BRIEFING_BOT_WAYBACK_API", f"{web.wayback}/wayback/available")
    monkeypatch.setenv("BRIEFING_BOT_WAYBACK_BASE", f"{web.wayback}/web")
    monkeypatch.setenv("BRIEFING_BOT_ARCHIVE_RULES", str(_rules_file(tmp_path, web)))
    monkeypatch.setenv("BRIEFING_BOT_FETCH_TIMEOUT", "5")
    return folder


def _args(corpus: Path, *args: str) -> list[str]:
    return [*args, "--corpus", str(corpus), "--index", str(corpus.parent / "index")]


def _settings(corpus: Path) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=corpus.parent / "index")


def _meta(corpus: Path, doc_id: str) -> dict[str, Any]:
    return yaml.safe_load((corpus / f"{doc_id}.meta.yaml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Fetching from wherever the sources still live


def test_every_dead_original_is_stored_from_an_archive_with_provenance(
    corpus: Path, web: Web, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_args(corpus, "fetch-sources", "--json")) == 0
    report = json.loads(capsys.readouterr().out)
    by_note = {(r["endnote"], r["url"].rsplit("/", 2)[-2]): r for r in report["results"]}
    status = {k: r["status"] for k, r in by_note.items()}
    assert status == {
        (1, "reports"): "fetched",
        (3, "leaders-joint-statement"): "archived",
        (3, "magazine"): "partial",
        (4, "anniversary-joint-statement"): "archived",
        (5, "fact-sheet-emerging-technologies-dialogue"): "archived",
        (6, "fact-sheet-emerging-technologies-dialogue"): "archived",
        (8, "official-talks-policy-role"): "archived",
    }
    assert (report["fetched"], report["archived"], report["partial"], report["failed"]) == (
        1,
        5,
        1,
        0,
    )
    assert report["added"] == 6 and report["index"]["documents"] == 7
    assert report["without_url"] == [
        {"cited_by": "paper.md", "endnote": 2},
        {"cited_by": "paper.md", "endnote": 7},
    ]

    # an archive rule: the national archive's host, the same path
    statement = by_note[3, "leaders-joint-statement"]
    assert statement["provenance"]["archived_url"] == f"{web.archive}{STATEMENT}"
    assert statement["provenance"]["archive"] == "National archive of the past administration"
    assert [a["via"] for a in statement["attempts"]] == [
        "original",
        "National archive of the past administration",
    ]
    assert "HTTP 404" in statement["attempts"][0]["result"]
    assert web.count("archive", f"/earlier{STATEMENT}") == 0  # other dates, other archive

    # a redirect to the home page is a dead original; the Wayback Machine's raw capture is stored
    anniversary = by_note[4, "anniversary-joint-statement"]
    assert "redirected to the site's home page" in anniversary["attempts"][0]["result"]
    prov = anniversary["provenance"]
    assert prov["archive"] == "Wayback Machine" and prov["captured"] == "2023-04-27T09:30:00Z"
    assert prov["archived_url"] == f"{web.wayback}/web/20230427093000id_/{web.origin}{ANNIVERSARY}"
    assert anniversary["copy"].startswith(
        "archived copy (Wayback Machine, captured 2023-04-27T09:30:00Z)"
    )
    stored = (corpus / anniversary["source_doc"]).read_text(encoding="utf-8")
    assert TOOLBAR not in stored and "pledged to deepen technology ties" in stored
    assert web.count("wayback", f"/web/20230427093000/{web.origin}{ANNIVERSARY}") == 0
    lookups = [p for h, p in web.log if h == "wayback" and p.startswith("/wayback/available")]
    [lookup] = [p for p in lookups if "anniversary" in p]
    assert "timestamp=20230426" in lookup  # the capture closest to the endnote's date

    # a capture redirecting to a nearby capture: followed inside the archive, its time kept
    defense = by_note[8, "official-talks-policy-role"]
    assert "HTTP 403" in defense["attempts"][0]["result"]
    assert defense["provenance"]["captured"] == "2021-06-02T12:00:00Z"

    # 429 then success at the archive; the repeat citation shares the one download
    sheet, repeat = (
        by_note[5, "fact-sheet-emerging-technologies-dialogue"],
        by_note[6, "fact-sheet-emerging-technologies-dialogue"],
    )
    assert web.count("archive", FACT_SHEET) == 2 and web.count("origin", FACT_SHEET) == 1
    assert repeat["shared_with"] == 5 and repeat["source_doc"] == sheet["source_doc"]
    meta = _meta(corpus, sheet["source_doc"])
    assert (meta["endnote"], meta["endnotes"], meta["cited_by"]) == (5, "5, 6", "paper.md")
    assert meta["fetch_status"] == "archived" and meta["url"] == f"{web.origin}{FACT_SHEET}"

    # the paywalled page is kept, flagged, and never called the full text
    magazine = by_note[3, "magazine"]
    assert "isAccessibleForFree" in magazine["reason"]
    assert "PARTIAL TEXT" in magazine["copy"]
    assert _meta(corpus, magazine["source_doc"])["fetch_status"] == "partial"
    assert all(not p.name.startswith(".") for p in corpus.iterdir())

    # every stored source is linked to its endnote in the registry, with its provenance
    bot = Assistant.load(settings=_settings(corpus), build=False)
    registry = {e["number"]: e for e in source_registry(bot)}
    assert [len(registry[n]["in_corpus"]) for n in range(1, 9)] == [1, 0, 2, 1, 1, 1, 0, 1]
    assert registry[6]["in_corpus"][0]["provenance"]["endnotes"] == "5, 6"


def test_the_report_lists_each_outcome(
    corpus: Path, web: Web, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_args(corpus, "fetch-sources", "--no-index")) == 0
    out = capsys.readouterr().out
    assert "endnote 1 [fetched]" in out
    assert out.count("[fetched from archive]") == 5
    assert "endnote 3 [partial: paywalled or incomplete]" in out
    assert "endnote 6 [fetched from archive]" in out and "(same URL as endnote 5)" in out
    assert "captured 2021-06-02T12:00:00Z" in out
    assert "1 fetched, 5 from archives, 1 partial, 0 failed, 0 already in the corpus" in out
    assert "index not updated" in out

    # a second run finds everything in the corpus and asks no server for anything
    web.log.clear()
    assert main(_args(corpus, "fetch-sources", "--no-index")) == 0
    assert "0 fetched, 0 from archives, 0 partial, 0 failed, 7 already in the corpus" in (
        capsys.readouterr().out
    )
    assert web.log == []


def test_nothing_anywhere_fails_with_every_reason(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # no archive rules, and the Wayback Machine unreachable (as on a machine without a network)
    monkeypatch.setenv("BRIEFING_BOT_WAYBACK_API", "http://127.0.0.1:9/wayback/available")
    monkeypatch.setenv("BRIEFING_BOT_ARCHIVE_RULES", str(corpus.parent / "none.yaml"))
    (corpus.parent / "none.yaml").write_text("rules: []\n", encoding="utf-8")
    before = {p.name for p in corpus.iterdir()}
    # something was fetched (the live report, the paywalled page): exit 0
    assert main(_args(corpus, "fetch-sources")) == 0
    out = capsys.readouterr().out
    assert "1 fetched, 0 from archives, 1 partial, 5 failed" in out
    assert "original: HTTP 404 Not Found; Wayback Machine: availability lookup failed" in out
    assert "original: redirected to the site's home page" in out
    added = {p.name for p in corpus.iterdir()} - before
    assert len(added) == 4 and all(n.startswith(("endnote-01-", "endnote-03-2-")) for n in added)


# ---------------------------------------------------------------------------------------------
# Claims beside their sources


def test_claims_beside_sources_and_the_check(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = fetch_sources(_settings(corpus))
    assert not report.failed
    bot = Assistant.load(settings=_settings(corpus), build=False)
    claims = {(c.endnote, c.source_doc): c for c in claims_beside_sources(bot)}
    sheet_doc = next(r.source_doc for r in report.results if r.endnote == 5)
    five = claims[5, sheet_doc]
    assert five.claim.startswith("A new dialogue on critical and emerging technologies")
    assert five.passage == (
        "The dialogue meets every year to coordinate research security, standards and the "
        "protection of sensitive technologies."
    )
    assert not five.weak and five.copy.startswith("archived copy")
    six = claims[6, sheet_doc]  # the repeat citation is compared with the same source
    assert "biotechnology, quantum information science" in str(six.passage)
    eight = next(c for (n, _), c in claims.items() if n == 8)
    assert eight.weak and eight.score < five.score  # the source says something else
    # what the Sources tab gets: the registry of an assistant carries the claims beside
    registry = {e["number"]: e for e in source_registry(bot)}
    assert [c["passage"] for c in registry[5]["beside"]] == [five.passage]
    assert registry[2]["beside"] == [] and registry[7]["beside"] == []
    assert all(e["beside"] == [] for e in source_registry(bot, beside=False))
    # ... and shows: the copy held, each claim beside the source's words, the weak ones marked
    from briefing_bot.ui.render import registry_html

    page = registry_html(list(registry.values()))
    assert "archived copy (Wayback Machine, captured 2023-04-27T09:30:00Z)" in page
    assert "PARTIAL TEXT" in page and page.count("Claims beside the source") == 6
    assert "The dialogue meets every year to coordinate research security" in page
    assert page.count("weakly supported") == sum(c.weak for c in claims.values())

    assert main(_args(corpus, "sources")) == 0
    out = capsys.readouterr().out
    assert "archived copy (Wayback Machine, captured 2023-04-27T09:30:00Z)" in out
    assert "PARTIAL TEXT" in out
    assert "claim [5] at " in out and "“The dialogue meets every year" in out

    assert main(_args(corpus, "sources", "--check", "--json")) == 1
    weak = json.loads(capsys.readouterr().out)
    assert 8 in {c["endnote"] for c in weak} and 5 not in {c["endnote"] for c in weak}
    assert all(c["weak"] for c in weak)

    assert main(_args(corpus, "sources", "--json")) == 0
    registry = {e["number"]: e for e in json.loads(capsys.readouterr().out)}
    assert registry[5]["beside"][0]["passage"] == five.passage
    assert registry[2]["beside"] == [] and registry[2]["in_corpus"] == []


def test_an_answer_quotes_source_n_beside_the_claim(corpus: Path) -> None:
    fetch_sources(_settings(corpus))
    bot = Assistant.load(settings=_settings(corpus), build=False)
    answer = bot.ask("What did the leaders pledge to expand cooperation on?")
    by_doc = {c.doc_id: c for c in answer.citations}
    assert "paper.md" in by_doc
    [statement] = [d for d in by_doc if "leaders-joint-statement" in d]
    quote = (
        "The leaders pledged to expand cooperation on semiconductors, batteries and clean "
        "energy supply chains, and to protect critical technologies together."
    )
    assert f"The cited source, Leaders’ Joint Statement, says: “{quote}”" in answer.text
    assert by_doc["paper.md"].number < by_doc[statement].number


# ---------------------------------------------------------------------------------------------
# Rules, captures and politeness, piece by piece


def test_the_shipped_rules_send_each_administrations_pages_to_its_archive() -> None:
    rules = load_archive_rules()
    url = "https://www.whitehouse.gov/briefing-room/statements-releases/2022/05/21/x/"
    [(rule, target)] = rule_candidates(url, date(2022, 5, 21), rules)
    assert target == (
        "https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2022/05/21/x/"
    )
    [(_, earlier)] = rule_candidates(url, date(2018, 3, 1), rules)
    assert earlier.startswith("https://trumpwhitehouse.archives.gov/briefing-room/")
    assert len(rule_candidates(url, None, rules)) == 3  # no date: every archive, in order
    assert rule_candidates("https://www.example.org/briefing-room/", date(2022, 1, 1), rules) == []
    assert rule.name


def test_bad_rules_files_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - prefix: https://a.example/\n", encoding="utf-8")
    with pytest.raises(ArchiveRulesError, match="bad archive rules"):
        load_archive_rules(bad)
    with pytest.raises(ArchiveRulesError, match="cannot read"):
        load_archive_rules(tmp_path / "missing.yaml")


def test_note_dates() -> None:
    assert parse_note_date("updated October 25, 2024") == date(2024, 10, 25)
    assert parse_note_date("May 21, 2022") == date(2022, 5, 21)
    assert parse_note_date("2021-06-02") == date(2021, 6, 2)
    assert parse_note_date("June 2021") == date(2021, 6, 1)
    assert parse_note_date("sometime") is None and parse_note_date(None) is None


def test_captures_stay_inside_the_archive() -> None:
    base = "https://web.archive.org/web"
    capture = raw_capture("http://web.archive.org/web/20220521000000/https://x.example/a", base)
    assert capture.raw_url == "https://web.archive.org/web/20220521000000id_/https://x.example/a"
    assert capture.captured == "2022-05-21T00:00:00Z"
    with pytest.raises(FetchError, match="outside the archive"):
        raw_capture("https://evil.example/web/20220521000000/https://x.example/a", base)
    assert closest_snapshot(b'{"archived_snapshots": {}}') is None
    unavailable = b'{"archived_snapshots": {"closest": {"available": true, "status": "404",'
    assert closest_snapshot(unavailable + b' "url": "u"}}}') is None
    with pytest.raises(FetchError, match="JSON"):
        closest_snapshot(b"<html>")


def test_retry_after_beyond_the_limit_fails_without_waiting(web: Web) -> None:
    web.hits.clear()
    path = "/busy-forever"
    web.routes["origin", path] = lambda h: h.send(503, b"busy", Retry_After="3600")
    polite = Politeness(host_interval=0, retries=3, backoff=0.01, max_retry_wait=5)
    started = time.monotonic()
    with http_client() as client, pytest.raises(FetchError, match="retry after 3600 s"):
        fetch_politely(
            web.origin + path, client=client, limiter=HostLimiter(0), politeness=polite, timeout=2
        )
    assert time.monotonic() - started < 2 and web.hits["origin", path] == 1
    assert retry_after("7") == 7 and retry_after(None) is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0


def test_requests_to_one_host_are_spaced(web: Web) -> None:
    limiter = HostLimiter(0.3)
    started = time.monotonic()
    for _ in range(3):
        limiter.wait(web.origin + "/a")
    limiter.wait(web.archive + "/b")  # another host: no wait
    assert 0.55 < time.monotonic() - started < 1.5


def test_the_user_agent_says_who_is_asking(web: Web) -> None:
    seen: list[str] = []
    web.routes["origin", "/ua"] = lambda h: (
        seen.append(h.headers.get("User-Agent", "")),
        h.send(200, b"<p>ok</p>"),
    )
    with http_client() as client:
        sources_fetch.fetch_url(web.origin + "/ua", client=client, timeout=2)
    assert seen[0].startswith("briefing-bot/") and "cite" in seen[0]


def test_a_capture_redirecting_out_of_the_archive_is_refused(web: Web) -> None:
    web.routes["wayback", "/web/20200101000000id_/elsewhere"] = lambda h: h.send(
        302, b"", Location=f"{web.origin}/reports/IF10165.pdf"
    )
    with pytest.raises(FetchError, match=r"redirect outside .* refused"):
        sources_fetch.fetch_url(
            f"{web.wayback}/web/20200101000000id_/elsewhere",
            timeout=2,
            allowed_prefix=f"{web.wayback}/web/",
        )
    with pytest.raises(FetchError, match="outside"):
        sources_fetch.fetch_url(f"{web.origin}/x", timeout=2, allowed_prefix=f"{web.wayback}/web/")


def test_the_sources_tab_escapes_claims_sources_and_copies() -> None:
    from briefing_bot.ui.render import registry_html

    evil = "<script>alert(1)</script>"
    entry = {
        "doc_id": "paper.md",
        "document": "Paper",
        "number": 1,
        "title": "Work",
        "text": "",
        "sources": [],
        "citing_passages": [],
        "in_corpus": [{"doc_id": f"{evil}.html", "title": evil, "copy": f"original {evil}"}],
        "beside": [
            {
                "locator": evil,
                "claim": f"A claim {evil}",
                "source_doc": "s.html",
                "source_title": evil,
                "passage": f"The source <img src=x onerror=alert(2)> {evil}",
                "passage_locator": evil,
                "score": 0.2,
                "weak": True,
            }
        ],
    }
    page = registry_html([entry])
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "weakly supported" in page
