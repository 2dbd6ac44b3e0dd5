"""Adding documents to the corpus, whole or not at all, and updating the index.

A document (Markdown, text, HTML or PDF, from a file or an http(s) URL) is written to a hidden
temporary folder inside the corpus (the indexer skips names starting with ".") and parsed
there; only a document that parses is moved into place, under a name that never replaces an
existing file. Markdown and text get YAML front matter; HTML and PDF keep their bytes and get
a ``NAME.meta.yaml`` sidecar.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import yaml

from briefing_bot.config import Settings
from briefing_bot.corpus import ParsedDocument, load_document
from briefing_bot.errors import CorpusError, DocumentError
from briefing_bot.sources.completeness import paywall_reason
from briefing_bot.sources.fetch import Download, fetch_url

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from briefing_bot.index import BuildReport

KIND_SUFFIX = {"markdown": ".md", "text": ".txt", "html": ".html", "pdf": ".pdf", "docx": ".docx"}
SUFFIX_KIND = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
# Looks at a parsed draft before it is placed; returns metadata to add (e.g. a partial flag).
Review = Callable[[ParsedDocument], dict[str, Any]]


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


def today() -> str:
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


def _write_draft(
    staging: Path, data: bytes, kind: str, metadata: dict[str, Any], charset: str | None
) -> tuple[Path, Path | None]:
    draft = staging / f"document{KIND_SUFFIX[kind]}"
    sidecar: Path | None = None
    if kind in ("markdown", "text"):
        draft.write_text(_with_front_matter(_decode(data, charset), metadata), "utf-8")
    else:
        draft.write_bytes(data)
        if metadata:
            sidecar = staging / f"{draft.name}.meta.yaml"
            sidecar.write_text(_yaml(metadata), encoding="utf-8")
    return draft, sidecar


def partial_review(got: Download) -> Review:
    """A :data:`Review` flagging a paywalled or partial HTML page (see ``completeness``)."""

    def review(doc: ParsedDocument) -> dict[str, Any]:
        if got.kind != "html":
            return {}
        main = "\n".join(p.text for p in doc.paragraphs if p.kind == "body")
        reason = paywall_reason(_decode(got.data, got.charset), main)
        return {"fetch_status": "partial", "partial_reason": reason} if reason else {}

    return review


def store_document(
    corpus_dir: Path,
    data: bytes,
    kind: str,
    metadata: dict[str, Any],
    *,
    stem: str | None = None,
    fallback: str = "document",
    charset: str | None = None,
    review: Review | None = None,
) -> AddedDocument:
    """Write a document into ``corpus_dir`` with its metadata, atomically.

    Markdown and text get YAML front matter; HTML and PDF keep their bytes and get a
    ``NAME.meta.yaml`` sidecar. The document must parse (else :class:`DocumentError` and
    nothing is written). ``review`` sees the parsed draft and may add metadata. The file is
    named ``stem`` or a slug of its title (``fallback`` when the title yields none), with
    ``-2``, ``-3``… when that name is taken.
    """
    if kind not in KIND_SUFFIX:
        raise DocumentError(f"unsupported document kind {kind!r}")
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    metadata = {k: v for k, v in metadata.items() if v is not None and v != ""}
    suffix = KIND_SUFFIX[kind]
    staging = Path(tempfile.mkdtemp(prefix=".adding-", dir=corpus_dir))
    try:
        draft, sidecar = _write_draft(staging, data, kind, metadata, charset)
        doc = load_document(draft, staging)  # raises DocumentError: nothing reaches the corpus
        extra = review(doc) if review else {}
        if extra:
            metadata = {**metadata, **extra}
            shutil.rmtree(staging)
            staging.mkdir()
            draft, sidecar = _write_draft(staging, data, kind, metadata, charset)
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
        meta.update(url=text, retrieved=today(), fetch_status="fetched")
        if got.final_url != text:
            meta["retrieved_from"] = got.final_url
        meta.update(metadata or {})
        added = store_document(
            corpus_dir,
            got.data,
            got.kind,
            meta,
            fallback=_url_stem(text),
            charset=got.charset,
            review=partial_review(got),
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
        meta.update(retrieved=today(), original_file=path.name)
        meta.update(metadata or {})
        added = store_document(corpus_dir, path.read_bytes(), kind, meta, fallback=path.stem)
    if update_index:
        added.index = refresh_index(settings, embeddings)
    return added


def refresh_index(settings: Settings, embeddings: Embeddings | None = None) -> BuildReport:
    """Bring the index up to date with the corpus (incrementally)."""
    from briefing_bot.index import build_index

    return build_index(settings, embeddings=embeddings)
