"""Reading corpus files: Markdown and text, HTML (trafilatura) and PDF (pypdf), with YAML
front matter or a ``NAME.meta.yaml`` sidecar; every format ends in :class:`ParsedDocument`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from briefing_bot.corpus.html import html_to_markdown
from briefing_bot.corpus.pdf import parse_pdf
from briefing_bot.corpus.structure import Parsed, parse_markdown
from briefing_bot.corpus.types import Paragraph, ParsedDocument
from briefing_bot.errors import CorpusError, DocumentError

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The indexable files of a corpus folder, sorted so every machine sees the same order."""
    if not corpus_dir.exists():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus path is not a folder: {corpus_dir}")
    files = []
    root = corpus_dir.resolve()
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            continue  # a link out of the corpus folder is not corpus
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if not path.is_file() or path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        if path.name.lower() == "readme.md" and path.parent == corpus_dir:
            continue
        files.append(path)
    return files


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def doc_id_for(path: Path, corpus_dir: Path) -> str:
    return path.relative_to(corpus_dir).as_posix()


# ---------------------------------------------------------------------------------------------
# Loading


def load_document(
    path: Path, corpus_dir: Path, *, max_bytes: int = 20_000_000, sha256: str | None = None
) -> ParsedDocument:
    """Parse one corpus file; raises :class:`DocumentError` with the reason when it can't."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise DocumentError("empty file")
    if size > max_bytes:
        raise DocumentError(f"file too large ({size:,} bytes; limit {max_bytes:,})")
    doc_id = doc_id_for(path, corpus_dir)
    sha = sha256 or file_sha256(path)
    suffix = path.suffix.lower()
    sidecar = _read_sidecar(path)
    if suffix == ".pdf":
        meta, parsed = parse_pdf(path)
        meta = {**meta, **sidecar}
        kind = "pdf"
    elif suffix == ".docx":
        from briefing_bot.corpus.docx import docx_to_markdown

        raw, meta = docx_to_markdown(path)
        meta = {**meta, **sidecar}
        parsed = parse_markdown(raw, title=meta.get("title"), author=meta.get("author"))
        kind = "docx"
    else:
        raw = _read_text(path)
        if suffix in (".html", ".htm"):
            raw, meta = html_to_markdown(raw)
            kind = "html"
        else:
            meta = {}
            kind = "markdown" if suffix in (".md", ".markdown") else "text"
        front, body_start = _front_matter(raw)
        meta = {**meta, **front, **sidecar}
        parsed = parse_markdown(
            raw,
            start=body_start,
            title=meta.get("title"),
            plain=kind == "text",
            author=meta.get("author"),
        )
    title = str(meta.get("title") or parsed.title or _title_from_name(path))
    metadata = {**meta, "title": title}
    if parsed.byline and "author" not in metadata:
        metadata["author"] = parsed.byline
    if parsed.notes:
        metadata["author_note"] = " ".join(parsed.notes)
    if parsed.publication and "publication" not in metadata:
        metadata["publication"] = parsed.publication
    if parsed.kicker and "kicker" not in metadata:
        metadata["kicker"] = parsed.kicker
    if parsed.date and "date" not in metadata:
        metadata["date"] = parsed.date
    if parsed.affiliation and "affiliation" not in metadata:
        metadata["affiliation"] = parsed.affiliation
    if parsed.interviewee and "interviewee" not in metadata:
        metadata["interviewee"] = parsed.interviewee
    if not parsed.paragraphs:
        raise DocumentError("no text found")
    about = _about_paragraph(title, metadata.get("author"), parsed, metadata.get("subtitle"))
    paragraphs = [about, *parsed.paragraphs] if about else parsed.paragraphs
    return ParsedDocument(
        doc_id=doc_id,
        path=path,
        sha256=sha,
        title=title,
        kind=kind,
        metadata=metadata,
        paragraphs=paragraphs,
        endnotes=parsed.endnotes,
    )


def _about_paragraph(
    title: str, author: Any, parsed: Parsed, subtitle: Any = None
) -> Paragraph | None:
    """Title, byline and author note as one searchable passage (number 0), so questions
    about who wrote the document or who its author is find an answer to cite; the series
    line the parser took from above the title (its release or issue date) too, which is
    nowhere else in the text."""
    lines = [title, str(subtitle)] if subtitle else [title]
    if parsed.byline:
        lines.append(f"By {parsed.byline}" + (f", {parsed.date}" if parsed.date else ""))
    elif author:
        lines.append(f"By {author}")
    if parsed.affiliation:
        lines.append(parsed.affiliation)
    if parsed.publication:
        lines.append(parsed.publication)
    lines.extend(parsed.notes)
    if len(lines) == 1:
        return None
    text = "\n".join(lines)
    spans, pos = [], 0
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return Paragraph(
        number=0,
        section_path=("About this document",),
        text=text,
        sentences=spans,
        markers=[],
        source_span=(0, 0),
        kind="about",
    )


def iter_documents(
    corpus_dir: Path, *, max_bytes: int = 20_000_000
) -> Iterator[ParsedDocument | tuple[Path, str]]:
    """Every document of the corpus, or ``(path, reason)`` for a file that was skipped."""
    for path in corpus_files(corpus_dir):
        try:
            yield load_document(path, corpus_dir, max_bytes=max_bytes)
        except DocumentError as exc:
            yield path, str(exc)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:  # unreadable, or gone since it was listed
        raise DocumentError(f"cannot read file: {exc.strerror or exc}") from exc
    if b"\x00" in data[:8192]:
        raise DocumentError("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older exports are often cp1252/latin-1; decode them rather than refusing, but a file
        # that is mostly undecodable is binary.
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > max(10, len(text) // 100):
            raise DocumentError("not UTF-8 text and not decodable as cp1252") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 16:
        raise DocumentError("binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_sidecar(path: Path) -> dict[str, Any]:
    sidecar = path.with_name(path.name + ".meta.yaml")
    if not sidecar.exists():
        return {}
    try:
        data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DocumentError(f"bad metadata file {sidecar.name}: {exc}") from exc
    return dict(data) if isinstance(data, dict) else {}


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)


def _front_matter(raw: str) -> tuple[dict[str, Any], int]:
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, 0
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, 0  # not front matter after all: a rule at the top of the text
    if not isinstance(data, dict):
        return {}, 0
    return {str(k): v for k, v in data.items() if v is not None}, match.end()


def _title_from_name(path: Path) -> str:
    return re.sub(r"[-_]+", " ", path.stem).strip().capitalize() or path.name
