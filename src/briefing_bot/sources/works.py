"""Fetching the works a document's endnotes cite, from wherever they still live.

For each cited URL, in order: the original; each archive rule that covers it (see
:mod:`briefing_bot.sources.archives`); the Wayback Machine's capture closest to the endnote's
date. The first copy that downloads is stored with its provenance; an original that redirects
to its site's home page counts as gone. Every outcome is reported: fetched, archived (fetched
from an archive), partial (paywalled or truncated, stored with a flag) or failed (with every
attempt's reason). Endnotes citing the same URL share one download and one document.

Each URL succeeds or fails on its own: nothing one source does (a bad redirect, a malformed
page, an unexpected error) stops the others, and the run always ends with its report.
Downloads run in parallel, politely (:class:`~briefing_bot.sources.fetch.Politeness`);
parsing and writing stay on the calling thread, one document at a time, each atomic.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from briefing_bot.answering.beside import normal_url
from briefing_bot.config import Settings
from briefing_bot.corpus import ParsedDocument, iter_documents
from briefing_bot.errors import BriefingBotError, DocumentError
from briefing_bot.sources import fetch as _fetch
from briefing_bot.sources.archives import (
    ArchiveRule,
    availability_query,
    capture_of,
    closest_snapshot,
    load_archive_rules,
    parse_note_date,
    raw_capture,
    rule_candidates,
)
from briefing_bot.sources.fetch import (
    JSON_TYPES,
    Download,
    FetchError,
    HostLimiter,
    Politeness,
    fetch_politely,
    http_client,
)
from briefing_bot.sources.ingest import (
    partial_review,
    refresh_index,
    slugify,
    store_document,
    today,
)
from briefing_bot.sources.registry import describe_copy, provenance

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from briefing_bot.index import BuildReport

STORED = ("fetched", "archived", "partial")
WAYBACK = "Wayback Machine"
_API_MAX_BYTES = 1_000_000


@dataclass
class FetchResult:
    """What happened to one work one endnote cites.

    ``status``: fetched | archived | partial | failed | present (already in the corpus).
    ``shared_with``: the endnote whose download this one shares (same URL), if any.
    ``attempts``: every URL tried, with what happened (``via``: original, a rule's name or
    the Wayback Machine).
    """

    doc_id: str  # the citing document
    endnote: int
    url: str
    title: str | None
    status: str = "failed"
    source_doc: str | None = None  # the corpus document holding the work
    reason: str | None = None
    shared_with: int | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    attempts: list[dict[str, str]] = field(default_factory=list)

    @property
    def copy(self) -> str | None:
        """Which copy was stored, in words (None when nothing was)."""
        return describe_copy(self.provenance) if self.source_doc else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "cited_by": self.doc_id,
            "endnote": self.endnote,
            "url": self.url,
            "title": self.title,
            "status": self.status,
            "source_doc": self.source_doc,
            "reason": self.reason,
            "shared_with": self.shared_with,
            "copy": self.copy,
            "provenance": self.provenance,
            "attempts": self.attempts,
        }


@dataclass
class FetchReport:
    """What ``fetch-sources`` did; ``as_dict`` is its ``--json`` object."""

    results: list[FetchResult] = field(default_factory=list)
    without_url: list[tuple[str, int]] = field(default_factory=list)
    index: BuildReport | None = None
    index_error: str | None = None

    @property
    def added(self) -> list[FetchResult]:
        """Results whose work was stored by this run (one per download, not per note)."""
        return [r for r in self.results if r.status in STORED and r.shared_with is None]

    @property
    def failed(self) -> list[FetchResult]:
        return [r for r in self.results if r.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "fetched": self.count("fetched"),
            "archived": self.count("archived"),
            "partial": self.count("partial"),
            "failed": len(self.failed),
            "present": self.count("present"),
            "results": [r.as_dict() for r in self.results],
            "without_url": [{"cited_by": d, "endnote": n} for d, n in self.without_url],
            "index": self.index.as_dict() if self.index else None,
            "index_error": self.index_error,
        }


@dataclass
class _Task:
    result: FetchResult  # the first note citing the URL
    sharing: list[FetchResult]  # later notes citing the same URL
    metadata: dict[str, Any]
    stem: str
    when: date | None


@dataclass
class _Got:
    download: Download
    status: str  # fetched | archived
    provenance: dict[str, Any]


class _Fetcher:
    """The fallback chain for one URL, with the run's shared client, limits and rules."""

    def __init__(
        self, settings: Settings, client: Any, politeness: Politeness, rules: list[ArchiveRule]
    ) -> None:
        self.settings = settings
        self.client = client
        self.politeness = politeness
        self.limiter = HostLimiter(politeness.host_interval)
        self.rules = rules
        self.wayback_base = settings.wayback_base.rstrip("/")

    def fetch(self, url: str, **limits: Any) -> Download:
        options: dict[str, Any] = {
            "timeout": self.settings.fetch_timeout,
            "max_bytes": self.settings.fetch_max_bytes,
            "max_redirects": self.settings.fetch_max_redirects,
            **limits,
        }
        return fetch_politely(
            url, client=self.client, limiter=self.limiter, politeness=self.politeness, **options
        )

    def obtain(self, url: str, when: date | None, attempts: list[dict[str, str]]) -> _Got:
        """The first copy of ``url`` that downloads; :class:`FetchError` when none does."""

        def tried(via: str, at: str, outcome: str) -> None:
            attempts.append({"via": via, "url": at, "result": outcome})

        try:
            got = self.fetch(url)
            _check_not_home(url, got)
            tried("original", url, "ok")
            prov = {"retrieved_from": got.final_url} if got.final_url != url else {}
            return _Got(got, "fetched", prov)
        except FetchError as exc:
            tried("original", url, str(exc))
        for rule, target in rule_candidates(url, when, self.rules):
            try:
                got = self.fetch(target)
                _check_not_home(target, got)
                tried(rule.name, target, "ok")
                return _Got(got, "archived", {"archive": rule.name, "archived_url": got.final_url})
            except FetchError as exc:
                tried(rule.name, target, str(exc))
        return self._wayback(url, when, tried)

    def _wayback(self, url: str, when: date | None, tried: Any) -> _Got:
        api = self.settings.wayback_api
        if not api:
            raise FetchError("no copy found")
        query = availability_query(api, url, when)
        try:
            answer = self.fetch(query, content_types=JSON_TYPES, max_bytes=_API_MAX_BYTES)
            snapshot = closest_snapshot(answer.data)
        except FetchError as exc:
            tried(WAYBACK, query, f"availability lookup failed: {exc}")
            raise FetchError("no copy found") from None
        if snapshot is None:
            tried(WAYBACK, query, "no capture")
            raise FetchError("no copy found")
        try:
            capture = raw_capture(snapshot, self.wayback_base)
            # Captures redirect to nearby captures: stay inside the archive.
            got = self.fetch(capture.raw_url, allowed_prefix=self.wayback_base + "/")
        except FetchError as exc:
            tried(WAYBACK, snapshot, str(exc))
            raise FetchError("no copy found") from None
        final = capture_of(got.final_url, self.wayback_base) or capture
        tried(WAYBACK, got.final_url, "ok")
        prov = {"archive": WAYBACK, "archived_url": final.raw_url, "captured": final.captured}
        return _Got(got, "archived", prov)


def _check_not_home(url: str, got: Download) -> None:
    """A deep link answered by its site's home page (a common way to retire pages) is gone."""
    asked, final = urlparse(url), urlparse(got.final_url)
    if got.final_url != url and final.path in ("", "/") and asked.path not in ("", "/"):
        raise FetchError(f"redirected to the site's home page ({got.final_url})")


def _summary(attempts: list[dict[str, str]]) -> str:
    return "; ".join(f"{a['via']}: {a['result']}" for a in attempts) or "nothing to try"


def fetch_sources(
    settings: Settings,
    *,
    doc_ids: Iterable[str] | None = None,
    update_index: bool = True,
    embeddings: Embeddings | None = None,
    workers: int = 4,
    politeness: Politeness | None = None,
    rules: list[ArchiveRule] | None = None,
) -> FetchReport:
    """Download every work the corpus's endnotes cite into the corpus, linked to its endnote.

    Each work becomes a document with ``endnote: N`` (``endnotes: "N, M"`` when several notes
    cite it), ``cited_by: <doc_id>``, its URL, the endnote's title, publisher and date, the
    retrieval date and its provenance (``fetch_status``, ``retrieved_from``, ``archive``,
    ``archived_url``, ``captured``, ``partial_reason``). URLs already in the corpus are
    skipped. A URL that fails everywhere is reported with every attempt's reason and leaves
    nothing behind; the index is updated only when something was added (an index error is
    reported in ``index_error``, not raised). Documents that are themselves fetched sources
    are not followed (``doc_ids`` picks citing documents). ``rules`` default to
    ``settings.archive_rules`` (or the package's file).
    """
    if rules is None:
        rules = load_archive_rules(settings.archive_rules)
    report, tasks = _plan(settings, doc_ids)
    fetcher_policy = politeness or _fetch.DEFAULT_POLITENESS  # read late: tests set it

    def obtain(task: _Task) -> _Got:
        return fetcher.obtain(task.result.url, task.when, task.result.attempts)

    with (
        http_client(fetcher_policy.user_agent) as client,
        ThreadPoolExecutor(max_workers=max(1, min(workers, len(tasks) or 1))) as pool,
    ):
        fetcher = _Fetcher(settings, client, fetcher_policy, rules)
        futures = [(task, pool.submit(obtain, task)) for task in tasks]
        for task, future in futures:
            _settle(settings, task, future)
    if report.added and update_index:
        try:
            report.index = refresh_index(settings, embeddings)
        except BriefingBotError as exc:
            report.index_error = str(exc)
    return report


def _settle(settings: Settings, task: _Task, future: Any) -> None:
    """Store what one task downloaded (or record why not) and share it with repeat notes."""
    result = task.result
    try:
        got: _Got = future.result()
        meta = {**task.metadata, **got.provenance, "fetch_status": got.status}
        added = store_document(
            settings.corpus_dir,
            got.download.data,
            got.download.kind,
            meta,
            stem=task.stem.rstrip("-"),
            charset=got.download.charset,
            review=partial_review(got.download),
        )
        result.status = str(added.metadata.get("fetch_status", got.status))
        result.source_doc = added.doc_id
        result.provenance = provenance(added.metadata)
        result.reason = added.metadata.get("partial_reason")
    except FetchError:
        result.reason = _summary(result.attempts)
    except (BriefingBotError, OSError) as exc:
        result.reason = f"{_summary(result.attempts)}; not stored: {exc}"
    except Exception as exc:  # one source's surprise must not stop the others
        result.reason = f"unexpected error: {type(exc).__name__}: {exc}"
    for other in task.sharing:
        other.status, other.source_doc = result.status, result.source_doc
        other.reason = result.reason
        other.provenance = dict(result.provenance)
        other.shared_with = result.endnote


def _plan(settings: Settings, doc_ids: Iterable[str] | None) -> tuple[FetchReport, list[_Task]]:
    """The report's rows and one download task per URL not yet in the corpus."""
    wanted = set(doc_ids) if doc_ids is not None else None
    citing: list[ParsedDocument] = []
    present: dict[str, str] = {}  # normalised URL → doc_id
    for item in iter_documents(settings.corpus_dir, max_bytes=settings.max_file_bytes):
        if not isinstance(item, ParsedDocument):
            continue
        url = item.metadata.get("url")
        if url:
            present.setdefault(normal_url(str(url)), item.doc_id)
        cites = item.endnotes and "cited_by" not in item.metadata
        if cites and (wanted is None or item.doc_id in wanted):
            citing.append(item)
    if wanted is not None:
        missing = wanted - {d.doc_id for d in citing}
        if missing:
            raise DocumentError(f"no document with endnotes: {', '.join(sorted(missing))}")

    report = FetchReport()
    tasks: dict[str, _Task] = {}
    for doc in citing:
        for number, note in doc.endnotes.items():
            with_url = [s for s in note.sources if s.url]
            if not with_url:
                report.without_url.append((doc.doc_id, number))
                continue
            for k, src in enumerate(with_url, start=1):
                url = str(src.url)
                key = normal_url(url)
                result = FetchResult(doc.doc_id, number, url, src.title)
                report.results.append(result)
                if key in present:
                    result.status, result.source_doc = "present", present[key]
                    continue
                if key in tasks:
                    tasks[key].sharing.append(result)
                    numbers = [tasks[key].result.endnote, *(r.endnote for r in tasks[key].sharing)]
                    tasks[key].metadata["endnotes"] = ", ".join(map(str, dict.fromkeys(numbers)))
                    continue
                metadata: dict[str, Any] = {
                    "title": src.title,
                    "publisher": src.publisher,
                    "date": src.date,
                    "url": url,
                    "endnote": number,
                    "cited_by": doc.doc_id,
                    "retrieved": today(),
                }
                if len(with_url) > 1:
                    metadata["endnote_source"] = k  # the k-th work this endnote cites
                suffix = "" if k == 1 else f"-{k}"
                stem = f"endnote-{number:02d}{suffix}-{slugify(src.title or '', 50)}"
                tasks[key] = _Task(result, [], metadata, stem, parse_note_date(src.date))
    return report, list(tasks.values())
