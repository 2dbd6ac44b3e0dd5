"""The works a document cites: its endnote registry, adding documents, fetching cited sources.

A paper rests on its endnotes. This module lists every endnote with the passages that cite it
(:func:`source_registry`), adds a Markdown, text, HTML or PDF document to the corpus from a
file or an http(s) URL (:func:`add_document`), downloads the works the endnotes cite into the
corpus, each linked to its endnote (:func:`fetch_sources`), and finds, for a sentence that
cites endnote N, the passage of source N that says the same thing
(:func:`matching_source_passage`), so an answer can set the paper's claim beside the
original's words.

Documents reach the corpus whole or not at all: each is written to a hidden temporary folder
inside the corpus (the indexer skips names starting with ".") and parsed there; only a
document that parses is moved into place, under a name that never replaces an existing file.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urldefrag, urlparse

import yaml

from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings
from briefing_bot.corpus import ParsedDocument, iter_documents, load_document
from briefing_bot.errors import BriefingBotError, CorpusError, DocumentError

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from briefing_bot.assistant import Assistant
    from briefing_bot.index import BuildReport

USER_AGENT = "briefing-bot/0.1 (document fetcher; +https://github.com/)"

# Media type → document kind. Anything else is refused before its body is read.
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}
KIND_SUFFIX = {"markdown": ".md", "text": ".txt", "html": ".html", "pdf": ".pdf"}
SUFFIX_KIND = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
# Below this, the best sentence of a source is not about the citing sentence at all.
MIN_MATCH_SCORE = 0.3


class FetchError(BriefingBotError):
    """A URL could not be downloaded: bad scheme, network, HTTP status, type, size or time."""


# ---------------------------------------------------------------------------------------------
# The source registry


class CorpusView(Protocol):
    """What the registry needs of an assistant: its documents and chunks."""

    def documents(self) -> dict[str, Any]: ...

    def chunks(self) -> list[Chunk]: ...


def source_registry(bot: CorpusView) -> list[dict[str, Any]]:
    """Every endnote of every document, with the passages that cite it.

    Each entry: ``doc_id``, ``document`` (its title), ``number``, ``title``, ``publisher``,
    ``date``, ``url``, ``text``, ``sources`` (every work the note cites), ``citing_passages``
    (``chunk_id``, ``locator``, ``section``, ``paragraph``, ``page``, ``sentence_index``,
    ``sentence``) and ``in_corpus`` (corpus documents holding the cited work: ``doc_id``,
    ``title``). Plain JSON-ready data, ordered by document and endnote number.
    """
    documents = bot.documents()
    citing: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for chunk in bot.chunks():
        if chunk.kind != "body":
            continue
        for i, numbers in enumerate(chunk.sentence_endnotes):
            start, end = chunk.sentences[i]
            for number in dict.fromkeys(numbers):
                citing.setdefault((chunk.doc_id, number), []).append(
                    {
                        "chunk_id": chunk.id,
                        "locator": chunk.locator,
                        "section": chunk.section,
                        "paragraph": chunk.paragraph,
                        "page": chunk.page,
                        "sentence_index": i,
                        "sentence": " ".join(chunk.text[start:end].split()),
                    }
                )
    registry = []
    for doc_id in sorted(documents):
        record = documents[doc_id]
        notes = record.get("endnotes") or {}
        for key in sorted(notes, key=int):
            note = notes[key]
            number = int(key)
            registry.append(
                {
                    "doc_id": doc_id,
                    "document": record.get("title"),
                    "number": number,
                    "title": note.get("title"),
                    "publisher": note.get("publisher"),
                    "date": note.get("date"),
                    "url": note.get("url"),
                    "text": note.get("text", ""),
                    "sources": list(note.get("sources") or []),
                    "citing_passages": citing.get((doc_id, number), []),
                    "in_corpus": [
                        {"doc_id": d, "title": documents[d].get("title")}
                        for d in _source_documents(documents, doc_id, number)
                    ],
                }
            )
    return registry


def _normal_url(url: str) -> str:
    """A URL for comparison: no fragment, no trailing slash, scheme and host lower-cased."""
    bare = urldefrag(url.strip())[0]
    parts = urlparse(bare)
    host = parts.netloc.lower()
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{host}{path}{query}"


def _source_documents(documents: dict[str, Any], doc_id: str, number: int) -> list[str]:
    """Corpus documents that hold a work endnote ``number`` of ``doc_id`` cites: linked by
    their metadata (``cited_by`` + ``endnote``) or by URL (a repeat citation, or a source
    someone added by hand)."""
    note = (documents.get(doc_id) or {}).get("endnotes", {}).get(str(number)) or {}
    urls = {_normal_url(s["url"]) for s in note.get("sources") or [] if s.get("url")}
    found = []
    for other in sorted(documents):
        if other == doc_id:
            continue
        meta = documents[other].get("metadata") or {}
        linked = str(meta.get("cited_by", "")) == doc_id and str(meta.get("endnote", "")) == str(
            number
        )
        if linked or (meta.get("url") and _normal_url(str(meta["url"])) in urls):
            found.append(other)
    return found


# ---------------------------------------------------------------------------------------------
# Side-by-side citations


def matching_source_passage(
    bot: Assistant, doc_id: str, endnote_number: int, sentence_text: str
) -> tuple[Chunk, int] | None:
    """The passage of the work endnote ``endnote_number`` cites that best matches a sentence.

    Looks for a corpus document holding that work (see :func:`source_registry`'s
    ``in_corpus``) and scores each of its sentences against ``sentence_text`` by meaning
    (the index's sentence vectors) and shared words. Returns ``(chunk, sentence index)``, or
    None when the work is not in the corpus or nothing in it is close to the sentence.
    """
    documents = bot.documents()
    targets = set(_source_documents(documents, doc_id, endnote_number))
    if not targets:
        return None
    chunks = [c for c in bot.chunks() if c.doc_id in targets and c.kind == "body" and c.sentences]
    if not chunks:
        return None
    import numpy as np

    from briefing_bot.retrieval import tokenize

    qvec = bot.retriever.embed_query(sentence_text)
    vectors = bot.index.store.sentence_vectors(chunks)
    q_terms = set(tokenize(sentence_text))
    best: tuple[float, Chunk, int] | None = None
    for chunk in chunks:
        mat = vectors.get(chunk.id)
        dense = mat @ qvec if mat is not None else np.zeros(len(chunk.sentences))
        for i, sent in enumerate(chunk.sentence_texts()):
            if len(sent.split()) < 4:
                continue  # headings, menu items, captions
            terms = set(tokenize(sent))
            overlap = len(q_terms & terms) / len(q_terms) if q_terms else 0.0
            score = 0.7 * float(dense[i]) + 0.3 * overlap
            if best is None or score > best[0]:
                best = (score, chunk, i)
    if best is None or best[0] < MIN_MATCH_SCORE:
        return None
    return best[1], best[2]


# ---------------------------------------------------------------------------------------------
# Downloads


@dataclass
class Download:
    """A downloaded document: its bytes and what kind of document they are."""

    url: str  # as asked
    final_url: str  # after redirects
    kind: str  # markdown | text | html | pdf
    content_type: str
    data: bytes
    charset: str | None = None


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL; raises :class:`FetchError` otherwise."""
    parts = urlparse(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http(s) URLs can be fetched, not {parts.scheme or 'a bare path'}")
    if not parts.hostname:
        raise FetchError("URL has no host")
    return url


def http_client() -> Any:
    """An ``httpx.Client`` for :func:`fetch_url` (thread-safe; share it across downloads:
    building one loads the CA bundle, which takes longer than many downloads)."""
    import httpx

    return httpx.Client(follow_redirects=False, headers={"User-Agent": USER_AGENT})


def fetch_url(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 10_000_000,
    max_redirects: int = 5,
    client: Any | None = None,
) -> Download:
    """Download ``url`` (http/https only) within ``timeout`` seconds in all.

    Follows at most ``max_redirects`` redirects, refuses media types other than HTML, PDF,
    plain text and Markdown before reading the body, and aborts a body larger than
    ``max_bytes`` (declared or streamed). Raises :class:`FetchError` with the reason.
    ``client`` is an :func:`http_client` to reuse (one is made and closed otherwise).
    """
    import httpx

    check_url(url)
    if client is None:
        with http_client() as own:
            return fetch_url(
                url, timeout=timeout, max_bytes=max_bytes, max_redirects=max_redirects, client=own
            )
    deadline = time.monotonic() + timeout
    current = url
    try:
        for _ in range(max_redirects + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(f"timed out after {timeout:g} s")
            with client.stream("GET", current, timeout=httpx.Timeout(remaining)) as resp:
                if resp.is_redirect:
                    location = resp.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {resp.status_code} redirect without a target")
                    current = check_url(str(resp.url.join(location)))
                    continue
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
                if not resp.is_success:
                    raise FetchError(f"unexpected HTTP status {resp.status_code}")
                return _read_body(resp, url, deadline, timeout, max_bytes)
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect: {exc}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"download failed: {type(exc).__name__}: {exc}") from None
    raise FetchError(f"more than {max_redirects} redirects")


def _read_body(resp: Any, url: str, deadline: float, timeout: float, max_bytes: int) -> Download:
    header = resp.headers.get("content-type", "")
    media = header.split(";", 1)[0].strip().lower()
    kind = CONTENT_TYPES.get(media)
    if kind is None and media not in ("", "application/octet-stream"):
        raise FetchError(
            f"unsupported content type {media!r} (expected HTML, PDF, plain text or Markdown)"
        )
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"too large: {int(declared):,} bytes (limit {max_bytes:,})")
    body = bytearray()
    for piece in resp.iter_bytes():
        body += piece
        if len(body) > max_bytes:
            raise FetchError(f"too large: more than {max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s")
    data = bytes(body)
    final = str(resp.url)
    if kind is None:
        # Many servers label PDFs as generic binary: trust the file's own signature only.
        if not data.startswith(b"%PDF-"):
            raise FetchError(f"unsupported content type {media or 'none'!r} (not a PDF either)")
        kind = "pdf"
    if kind == "text" and urlparse(final).path.lower().endswith((".md", ".markdown")):
        kind = "markdown"
    return Download(url, final, kind, media or "application/pdf", data, resp.charset_encoding)


# ---------------------------------------------------------------------------------------------
# Adding documents


@dataclass
class AddedDocument:
    """A document placed in the corpus folder."""

    doc_id: str
    path: Path
    title: str
    kind: str
    metadata: dict[str, Any]
    paragraphs: int
    index: BuildReport | None = None  # the incremental index update, when one was run

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "path": str(self.path),
            "title": self.title,
            "kind": self.kind,
            "metadata": self.metadata,
            "paragraphs": self.paragraphs,
            "index": self.index.as_dict() if self.index else None,
        }


_PLACE_LOCK = threading.Lock()


def slugify(text: str, limit: int = 60) -> str:
    """A safe file stem: ASCII letters, digits and single hyphens; '' when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug


def _url_stem(url: str) -> str:
    parts = urlparse(url)
    last = Path(parts.path).stem if parts.path not in ("", "/") else ""
    return slugify(f"{parts.hostname or ''} {last}")


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _decode(data: bytes, charset: str | None = None) -> str:
    for encoding in (charset, "utf-8-sig"):
        if encoding:
            with contextlib.suppress(LookupError, UnicodeDecodeError):
                return data.decode(encoding)
    return data.decode("cp1252", errors="replace")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)


def _with_front_matter(text: str, metadata: dict[str, Any]) -> str:
    """``text`` with ``metadata`` merged into its YAML front matter (ours win)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    existing: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            data = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            data = None  # a horizontal rule at the top, not front matter: leave it as text
        if isinstance(data, dict):
            existing = {str(k): v for k, v in data.items()}
            text = text[match.end() :]
    merged = {**existing, **metadata}
    return f"---\n{_yaml(merged)}---\n\n{text.lstrip(chr(10))}"


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def store_document(
    corpus_dir: Path,
    data: bytes,
    kind: str,
    metadata: dict[str, Any],
    *,
    stem: str | None = None,
    fallback: str = "document",
    charset: str | None = None,
) -> AddedDocument:
    """Write a document into ``corpus_dir`` with its metadata, atomically.

    Markdown and text get YAML front matter; HTML and PDF keep their bytes and get a
    ``NAME.meta.yaml`` sidecar. The document must parse (else :class:`DocumentError` and
    nothing is written). The file is named ``stem`` or a slug of its title (``fallback``
    when the title yields none), with ``-2``, ``-3``… when that name is taken.
    """
    if kind not in KIND_SUFFIX:
        raise DocumentError(f"unsupported document kind {kind!r}")
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    metadata = {k: v for k, v in metadata.items() if v is not None and v != ""}
    suffix = KIND_SUFFIX[kind]
    staging = Path(tempfile.mkdtemp(prefix=".adding-", dir=corpus_dir))
    try:
        draft = staging / f"document{suffix}"
        sidecar: Path | None = None
        if kind in ("markdown", "text"):
            draft.write_text(_with_front_matter(_decode(data, charset), metadata), "utf-8")
        else:
            draft.write_bytes(data)
            if metadata:
                sidecar = staging / f"{draft.name}.meta.yaml"
                sidecar.write_text(_yaml(metadata), encoding="utf-8")
        doc = load_document(draft, staging)  # raises DocumentError: nothing reaches the corpus
        base = slugify(stem or "", 80) or slugify(doc.title) or slugify(fallback) or "document"
        target = _place(draft, sidecar, corpus_dir, base, suffix)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return AddedDocument(
        doc_id=target.relative_to(corpus_dir).as_posix(),
        path=target,
        title=doc.title,
        kind=doc.kind,
        metadata=metadata,
        paragraphs=sum(1 for p in doc.paragraphs if p.kind == "body"),
    )


def _place(draft: Path, sidecar: Path | None, corpus_dir: Path, base: str, suffix: str) -> Path:
    """Move the draft (and sidecar) to the first free ``base[-N]suffix`` in ``corpus_dir``."""
    root = corpus_dir.resolve()
    with _PLACE_LOCK:
        for n in range(1, 10_000):
            target = corpus_dir / f"{base}{'' if n == 1 else f'-{n}'}{suffix}"
            meta_target = target.with_name(f"{target.name}.meta.yaml")
            if target.resolve().parent != root:  # slugs can't escape; check anyway
                raise DocumentError(f"refusing to write outside the corpus folder: {target}")
            if target.exists() or meta_target.exists():
                continue
            try:
                # The sidecar first: a document never appears without its metadata.
                if sidecar is not None:
                    _move_new(sidecar, meta_target)
                try:
                    _move_new(draft, target)
                except FileExistsError:
                    if sidecar is not None:
                        meta_target.unlink(missing_ok=True)
                    raise
            except FileExistsError:
                continue  # taken between the check and the move (another process)
            return target
    raise DocumentError(f"no free file name for {base}{suffix}")


def _move_new(src: Path, dst: Path) -> None:
    """Move ``src`` to ``dst``, failing with FileExistsError rather than replacing ``dst``."""
    try:
        os.link(src, dst)  # atomic and refuses to overwrite
    except FileExistsError:
        raise
    except OSError:
        if dst.exists():
            raise FileExistsError(dst) from None
        src.replace(dst)  # a filesystem without hard links
        return
    src.unlink()


def _is_url(source: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", source))


def add_document(
    settings: Settings,
    source: str | Path,
    *,
    title: str | None = None,
    metadata: dict[str, Any] | None = None,
    update_index: bool = True,
    embeddings: Embeddings | None = None,
) -> AddedDocument:
    """Add a Markdown, text, HTML or PDF document from a file or an http(s) URL.

    The document is stored in ``settings.corpus_dir`` with its title (``title``, else its
    own), URL and retrieval date, then the index is updated incrementally unless
    ``update_index`` is False. Raises :class:`FetchError` for a download that fails and
    :class:`DocumentError` for a file that is missing, of an unsupported type or unparseable.
    """
    corpus_dir = settings.corpus_dir
    meta: dict[str, Any] = {"title": title.strip() if title else None}
    text = str(source)
    if isinstance(source, str) and _is_url(text):
        got = fetch_url(
            text,
            timeout=settings.fetch_timeout,
            max_bytes=settings.fetch_max_bytes,
            max_redirects=settings.fetch_max_redirects,
        )
        meta.update(url=text, retrieved=_today())
        if got.final_url != text:
            meta["retrieved_from"] = got.final_url
        meta.update(metadata or {})
        added = store_document(
            corpus_dir, got.data, got.kind, meta, fallback=_url_stem(text), charset=got.charset
        )
    else:
        path = Path(source).expanduser()
        kind = SUFFIX_KIND.get(path.suffix.lower())
        if kind is None:
            supported = ", ".join(sorted(SUFFIX_KIND))
            raise DocumentError(f"unsupported file type {path.suffix or '(none)'!r}: {supported}")
        if not path.is_file():
            raise DocumentError(f"no such file: {path}")
        if corpus_dir.resolve() in path.resolve().parents:
            raise DocumentError(f"{path} is already in the corpus folder")
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise DocumentError(
                f"file too large ({size:,} bytes; limit {settings.max_file_bytes:,})"
            )
        meta.update(retrieved=_today(), original_file=path.name)
        meta.update(metadata or {})
        added = store_document(corpus_dir, path.read_bytes(), kind, meta, fallback=path.stem)
    if update_index:
        from briefing_bot.index import build_index

        added.index = build_index(settings, embeddings=embeddings)
    return added


# ---------------------------------------------------------------------------------------------
# Fetching the cited works


@dataclass
class FetchResult:
    """What happened to one cited URL."""

    doc_id: str  # the citing document
    endnote: int
    url: str
    title: str | None
    status: str  # added | present | duplicate | failed
    source_doc: str | None = None  # the corpus document holding the work
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "cited_by": self.doc_id,
            "endnote": self.endnote,
            "url": self.url,
            "title": self.title,
            "status": self.status,
            "source_doc": self.source_doc,
            "reason": self.reason,
        }


@dataclass
class FetchReport:
    """What ``fetch-sources`` did; ``as_dict`` is its ``--json`` object."""

    results: list[FetchResult] = field(default_factory=list)
    without_url: list[tuple[str, int]] = field(default_factory=list)
    index: BuildReport | None = None

    @property
    def added(self) -> list[FetchResult]:
        return [r for r in self.results if r.status == "added"]

    @property
    def failed(self) -> list[FetchResult]:
        return [r for r in self.results if r.status == "failed"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "failed": len(self.failed),
            "present": sum(1 for r in self.results if r.status in ("present", "duplicate")),
            "results": [r.as_dict() for r in self.results],
            "without_url": [{"cited_by": d, "endnote": n} for d, n in self.without_url],
            "index": self.index.as_dict() if self.index else None,
        }


@dataclass
class _Task:
    result: FetchResult
    metadata: dict[str, Any]
    stem: str


def fetch_sources(
    settings: Settings,
    *,
    doc_ids: Iterable[str] | None = None,
    update_index: bool = True,
    embeddings: Embeddings | None = None,
    workers: int = 4,
) -> FetchReport:
    """Download every URL the corpus's endnotes cite into the corpus, linked to its endnote.

    Each work becomes a document with ``endnote: N``, ``cited_by: <doc_id>``, its URL, the
    endnote's title, publisher and date, and the retrieval date. URLs already in the corpus
    are skipped; one cited twice is fetched once. A URL that fails is reported with its reason
    and leaves nothing behind; the index is updated only when something was added. Documents
    that are themselves fetched sources are not followed (``doc_ids`` picks citing documents).
    """
    wanted = set(doc_ids) if doc_ids is not None else None
    citing: list[ParsedDocument] = []
    present: dict[str, str] = {}  # normalised URL → doc_id
    for item in iter_documents(settings.corpus_dir, max_bytes=settings.max_file_bytes):
        if not isinstance(item, ParsedDocument):
            continue
        url = item.metadata.get("url")
        if url:
            present.setdefault(_normal_url(str(url)), item.doc_id)
        cites = item.endnotes and "cited_by" not in item.metadata
        if cites and (wanted is None or item.doc_id in wanted):
            citing.append(item)
    if wanted is not None:
        missing = wanted - {d.doc_id for d in citing}
        if missing:
            raise DocumentError(f"no document with endnotes: {', '.join(sorted(missing))}")

    report = FetchReport()
    tasks: list[_Task] = []
    first: dict[str, FetchResult] = {}
    for doc in citing:
        for number, note in doc.endnotes.items():
            with_url = [s for s in note.sources if s.url]
            if not with_url:
                report.without_url.append((doc.doc_id, number))
                continue
            for k, src in enumerate(with_url, start=1):
                url = str(src.url)
                key = _normal_url(url)
                result = FetchResult(doc.doc_id, number, url, src.title, "failed")
                report.results.append(result)
                if key in present:
                    result.status, result.source_doc = "present", present[key]
                    continue
                if key in first:
                    result.status = "duplicate"
                    result.reason = f"same URL as endnote {first[key].endnote}"
                    continue
                first[key] = result
                metadata: dict[str, Any] = {
                    "title": src.title,
                    "publisher": src.publisher,
                    "date": src.date,
                    "url": url,
                    "endnote": number,
                    "cited_by": doc.doc_id,
                }
                if len(with_url) > 1:
                    metadata["endnote_source"] = k  # the k-th work this endnote cites
                suffix = "" if k == 1 else f"-{k}"
                stem = f"endnote-{number:02d}{suffix}-{slugify(src.title or '', 50)}"
                tasks.append(_Task(result, metadata, stem))

    def download(task: _Task) -> Download:
        return fetch_url(
            task.result.url,
            timeout=settings.fetch_timeout,
            max_bytes=settings.fetch_max_bytes,
            max_redirects=settings.fetch_max_redirects,
            client=client,
        )

    # Downloads run in parallel; parsing and writing stay on this thread (one at a time).
    with (
        http_client() as client,
        ThreadPoolExecutor(max_workers=max(1, min(workers, len(tasks) or 1))) as pool,
    ):
        futures = [(task, pool.submit(download, task)) for task in tasks]
        for task, future in futures:
            try:
                got = future.result()
                meta = {**task.metadata, "retrieved": _today()}
                if got.final_url != task.result.url:
                    meta["retrieved_from"] = got.final_url
                added = store_document(
                    settings.corpus_dir,
                    got.data,
                    got.kind,
                    meta,
                    stem=task.stem.rstrip("-"),
                    charset=got.charset,
                )
            except (FetchError, DocumentError) as exc:
                task.result.reason = str(exc)
                continue
            task.result.status, task.result.source_doc = "added", added.doc_id
    for result in report.results:
        if result.status == "duplicate":
            origin = first[_normal_url(result.url)]
            result.source_doc = origin.source_doc
            if origin.status != "added":
                result.status, result.reason = "failed", origin.reason
    if report.added and update_index:
        from briefing_bot.index import build_index

        report.index = build_index(settings, embeddings=embeddings)
    return report
