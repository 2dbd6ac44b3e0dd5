"""Corpus documents and their structure: sections, paragraphs, sentences and endnotes.

Markdown and text files are parsed directly; HTML is reduced to its main text by trafilatura
and PDF pages are read with pypdf, then both go through the same structural parser. The
parser repairs what PDF text exports break: paragraphs cut by a page break are joined, an
author note between horizontal rules becomes metadata, and ``<sup>N</sup>`` endnote markers
are removed from the text and kept as links to a registry of the endnotes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from briefing_bot.errors import CorpusError, DocumentError

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")
SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class Source:
    """One work cited in an endnote."""

    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date,
            "url": self.url,
        }


@dataclass(frozen=True)
class Endnote:
    """An endnote of a document: its number, its text and the works it cites (maybe none)."""

    number: int
    text: str
    sources: tuple[Source, ...] = ()

    @property
    def title(self) -> str | None:
        return self.sources[0].title if self.sources else None

    @property
    def publisher(self) -> str | None:
        return self.sources[0].publisher if self.sources else None

    @property
    def date(self) -> str | None:
        return self.sources[0].date if self.sources else None

    @property
    def url(self) -> str | None:
        return self.sources[0].url if self.sources else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date,
            "url": self.url,
            "text": self.text,
            "sources": [s.as_dict() for s in self.sources],
        }


@dataclass
class Paragraph:
    """A paragraph as a reader sees it: whole, cleaned, with sentence spans and endnote markers."""

    number: int  # 1-based position among the document's body paragraphs
    section_path: tuple[str, ...]
    text: str
    sentences: list[tuple[int, int]]  # [start, end) spans in ``text``
    markers: list[tuple[int, int]]  # (offset in ``text``, endnote number)
    source_span: tuple[int, int]  # [start, end) character span in the source file
    page: int | None = None
    kind: str = "body"  # "body" or "endnote"
    offsets: list[int] = field(default_factory=list, repr=False)  # source offset of each char

    def sentence_endnotes(self, start: int, end: int) -> list[int]:
        """Endnote numbers whose markers sit in or right after ``text[start:end]``."""
        return [n for pos, n in self.markers if start < pos <= end + 1]

    def source_offset(self, pos: int) -> int:
        """Map an offset in ``text`` to the source file (end-exclusive safe)."""
        if not self.offsets:
            return self.source_span[0]
        if pos >= len(self.offsets):
            return self.offsets[-1] + 1
        return self.offsets[pos]


@dataclass
class ParsedDocument:
    """A corpus document with its metadata, body paragraphs and endnote registry."""

    doc_id: str  # path relative to the corpus folder, POSIX style
    path: Path
    sha256: str
    title: str
    kind: str
    metadata: dict[str, Any]
    paragraphs: list[Paragraph]
    endnotes: dict[int, Endnote]

    @property
    def author_note(self) -> str | None:
        note = self.metadata.get("author_note")
        return str(note) if note else None


# ---------------------------------------------------------------------------------------------
# Discovery


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
        meta, pages = _read_pdf(path)
        meta = {**meta, **sidecar}
        parsed = _parse_pages(pages)
        kind = "pdf"
    else:
        raw = _read_text(path)
        if suffix in (".html", ".htm"):
            raw, meta = _html_to_markdown(raw)
            kind = "html"
        else:
            meta = {}
            kind = "markdown" if suffix in (".md", ".markdown") else "text"
        front, body_start = _front_matter(raw)
        meta = {**meta, **front, **sidecar}
        parsed = parse_markdown(raw, start=body_start, title=meta.get("title"))
    title = str(meta.get("title") or parsed.title or _title_from_name(path))
    metadata = {**meta, "title": title}
    if parsed.byline and "author" not in metadata:
        metadata["author"] = parsed.byline
    if parsed.notes:
        metadata["author_note"] = " ".join(parsed.notes)
    if not parsed.paragraphs:
        raise DocumentError("no text found")
    about = _about_paragraph(title, metadata.get("author"), parsed)
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


def _about_paragraph(title: str, author: Any, parsed: _Parsed) -> Paragraph | None:
    """Title, byline and author note as one searchable passage (number 0), so questions
    about who wrote the document or who its author is find an answer to cite."""
    lines = [title]
    if parsed.byline:
        lines.append(f"By {parsed.byline}")
    elif author:
        lines.append(f"By {author}")
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


def _html_to_markdown(html: str) -> tuple[str, dict[str, Any]]:
    import trafilatura

    text = trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        include_links=False,
        favor_recall=True,
    )
    if not text:
        raise DocumentError("no main text found in HTML")
    meta: dict[str, Any] = {}
    info = trafilatura.extract_metadata(html)
    if info is not None:
        for key in ("title", "author", "date", "url", "sitename"):
            value = getattr(info, key, None)
            if value:
                meta["publisher" if key == "sitename" else key] = value
    return text, meta


def _read_pdf(path: Path) -> tuple[dict[str, Any], list[str]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"corrupt or unreadable PDF: {exc}") from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        raise DocumentError(f"corrupt or unreadable PDF: {type(exc).__name__}: {exc}") from exc
    meta: dict[str, Any] = {}
    if info is not None:
        if info.title:
            meta["title"] = str(info.title)
        if info.author:
            meta["author"] = str(info.author)
    if not any(p.strip() for p in pages):
        raise DocumentError("PDF has no extractable text (scanned image?)")
    return meta, pages


# ---------------------------------------------------------------------------------------------
# The structural parser


@dataclass
class _Parsed:
    title: str | None = None
    byline: str | None = None
    notes: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    endnotes: dict[int, Endnote] = field(default_factory=dict)


@dataclass
class _Block:
    start: int  # source offset of the first character
    lines: list[str]
    page: int | None = None

    @property
    def raw(self) -> str:
        return "\n".join(self.lines)


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_BYLINE = re.compile(r"^(?:by|author:?)\s+(.{2,120})$", re.IGNORECASE)
_ENDNOTES_HEADING = re.compile(r"^(?:end\s*notes|notes|footnotes|references)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$|[.!?][\"'”’)\]]*\s*(?:<sup>[\d,\s]+</sup>)$")


def _blocks(raw: str, start: int, page: int | None = None) -> list[_Block]:
    """Runs of non-blank lines, with the source offset of each run."""
    blocks: list[_Block] = []
    current: _Block | None = None
    pos = 0
    for line in raw[start:].split("\n"):
        offset = start + pos
        pos += len(line) + 1
        if line.strip():
            if current is None:
                current = _Block(offset, [line], page)
                blocks.append(current)
            elif _HEADING.match(line) or _RULE.match(line):
                # a heading or rule is a block of its own even without blank lines around it
                current = _Block(offset, [line], page)
                blocks.append(current)
                current = None
            else:
                current.lines.append(line)
        else:
            current = None
    return blocks


def _plain_heading(text: str) -> str:
    return _clean_inline(text, 0)[0].strip()


def parse_markdown(raw: str, *, start: int = 0, title: object = None) -> _Parsed:
    """Parse Markdown/plain text (after ``start``, the end of any front matter)."""
    return _parse_blocks(_blocks(raw, start), title=str(title) if title else None)


def _parse_pages(pages: list[str]) -> _Parsed:
    blocks: list[_Block] = []
    offset = 0
    for number, text in enumerate(pages, start=1):
        page_text = text.replace("\r\n", "\n")
        page_blocks = _blocks(page_text, 0, page=number)
        for block in page_blocks:
            block.start += offset
        blocks.extend(_pdf_paragraphs(page_blocks))
        offset += len(page_text) + 2
    return _parse_blocks(blocks)


def _pdf_paragraphs(blocks: list[_Block]) -> list[_Block]:
    """pypdf gives one line per visual line and rarely blank lines: split a block into
    paragraphs where a line ends a sentence and is clearly shorter than its neighbours."""
    out: list[_Block] = []
    for block in blocks:
        widths = sorted(len(line) for line in block.lines)
        typical = widths[len(widths) * 3 // 4] if widths else 0
        current = _Block(block.start, [], block.page)
        pos = block.start
        for line in block.lines:
            if not current.lines:
                current.start = pos
            current.lines.append(line)
            pos += len(line) + 1
            if typical and len(line) < 0.7 * typical and _SENTENCE_END.search(line.rstrip()):
                out.append(current)
                current = _Block(pos, [], block.page)
        if current.lines:
            out.append(current)
    return out


def _parse_blocks(blocks: list[_Block], title: str | None = None) -> _Parsed:
    parsed = _Parsed()
    stack: list[tuple[int, str]] = []  # (heading level, heading text)
    title_level: int | None = None
    in_endnotes = False
    pending: list[tuple[_Block, tuple[str, ...]]] = []  # paragraphs before page-break repair
    endnote_blocks: list[_Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        first = block.lines[0]
        heading = _HEADING.match(first) if len(block.lines) == 1 else None
        if heading:
            level, text = len(heading.group(1)), _plain_heading(heading.group(2))
            if not text:
                i += 1
                continue
            # the first heading is the title, unless the metadata names another title
            is_title = title is None or _plain_heading(title).casefold() == text.casefold()
            if parsed.title is None and not pending and not stack and is_title:
                parsed.title, title_level = text, level
            else:
                in_endnotes = bool(_ENDNOTES_HEADING.match(text))
                stack = [(lv, t) for lv, t in stack if lv < level]
                stack.append((level, text))
            i += 1
            continue
        if _RULE.match(first) and len(block.lines) == 1:
            # A short block after a rule (closed by a second rule or not) is an aside such as
            # the author note on the paper's first page: metadata, not body text.
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is not None and len(nxt.raw) <= 400 and not _HEADING.match(nxt.lines[0]):
                parsed.notes.append(_clean_inline(" ".join(nxt.lines), nxt.start)[0].strip())
                i += 2
                if i < len(blocks) and _RULE.match(blocks[i].lines[0]):
                    i += 1
                continue
            i += 1
            continue
        if parsed.byline is None and not pending and not stack and len(block.lines) == 1:
            byline = _BYLINE.match(first.strip())
            if byline:
                parsed.byline = _plain_heading(byline.group(1))
                i += 1
                continue
        if in_endnotes:
            endnote_blocks.append(block)
        else:
            path = tuple(t for lv, t in stack if title_level is None or lv >= title_level)
            pending.append((block, path))
        i += 1
    parsed.paragraphs = _assemble_paragraphs(pending)
    parsed.endnotes = _parse_endnotes(endnote_blocks)
    number = len(parsed.paragraphs)
    for note in parsed.endnotes.values():
        number += 1
        parsed.paragraphs.append(_endnote_paragraph(note, number))
    return parsed


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def _continues(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and (stripped[0].islower() or stripped[0] in ",;)")


def _assemble_paragraphs(pending: list[tuple[_Block, tuple[str, ...]]]) -> list[Paragraph]:
    """Clean each block; join a block cut by a page break onto the one it continues."""
    merged: list[tuple[str, list[int], list[tuple[int, int]], tuple[str, ...], int | None]] = []
    prev_raw = ""
    for block, path in pending:
        # A list item block is one paragraph per item.
        items = _split_list_items(block)
        for item_start, item_text in items:
            text, offsets, markers = _clean_inline(item_text, item_start)
            if not text.strip():
                continue
            if (
                merged
                and merged[-1][3] == path
                and not _ends_sentence(prev_raw)
                and (_continues(item_text) or prev_raw.rstrip().endswith("-"))
            ):
                p_text, p_offsets, p_markers, _, p_page = merged[-1]
                joiner = "" if p_text.endswith("-") else " "
                base = len(p_text) + len(joiner)
                merged[-1] = (
                    p_text + joiner + text,
                    p_offsets + ([p_offsets[-1] + 1] if joiner else []) + offsets,
                    p_markers + [(pos + base, n) for pos, n in markers],
                    path,
                    p_page,
                )
            else:
                merged.append((text, offsets, markers, path, block.page))
            prev_raw = item_text
    paragraphs = []
    for number, (text, offsets, markers, path, page) in enumerate(merged, start=1):
        paragraphs.append(
            Paragraph(
                number=number,
                section_path=path,
                text=text,
                sentences=split_sentences(text),
                markers=markers,
                source_span=(offsets[0], offsets[-1] + 1),
                page=page,
                offsets=offsets,
            )
        )
    return paragraphs


def _split_list_items(block: _Block) -> list[tuple[int, str]]:
    if not _LIST_ITEM.match(block.lines[0]):
        return [(block.start, block.raw)]
    items: list[tuple[int, list[str]]] = []
    pos = block.start
    for line in block.lines:
        marker = _LIST_ITEM.match(line)
        if marker:
            items.append((pos + marker.end(), [line[marker.end() :]]))
        elif items:
            items[-1][1].append(line)
        pos += len(line) + 1
    return [(start, "\n".join(lines)) for start, lines in items]


# Inline clean-up: endnote markers out (remembered), Markdown emphasis/links/escapes out,
# whitespace collapsed. Each kept character remembers its offset in the source file.
_INLINE = re.compile(
    r"<sup>\s*(?P<sup>[\d,\s–-]+?)\s*</sup>"
    r"|\[(?P<link>[^\]]*)\]\((?P<href>[^)\s]*)\)"
    r"|\\(?P<esc>[\\`*_{}\[\]()#+\-.!<>])"
    r"|(?P<emph>\*{1,3})"
    r"|(?P<space>\s+)"
)


def _clean_inline(text: str, base: int) -> tuple[str, list[int], list[tuple[int, int]]]:
    out: list[str] = []
    offsets: list[int] = []
    markers: list[tuple[int, int]] = []
    pos = 0

    def emit(chunk: str, at: int) -> None:
        out.append(chunk)
        offsets.extend(range(at, at + len(chunk)))

    for match in _INLINE.finditer(text):
        if match.start() > pos:
            emit(text[pos : match.start()], base + pos)
        kind = match.lastgroup
        if kind == "sup":
            length = sum(len(piece) for piece in out)
            for number in re.findall(r"\d+", match.group("sup")):
                markers.append((length, int(number)))
        elif kind in ("link", "href"):
            emit(match.group("link"), base + match.start("link"))
        elif kind == "esc":
            emit(match.group("esc"), base + match.start("esc"))
        elif kind == "space":
            emit(" ", base + match.start())
        pos = match.end()
    if pos < len(text):
        emit(text[pos:], base + pos)
    joined = "".join(out)
    # trim, keeping offsets and marker positions aligned
    lead = len(joined) - len(joined.lstrip())
    trimmed = joined.strip()
    offsets = offsets[lead : lead + len(trimmed)]
    markers = [(max(0, min(p - lead, len(trimmed))), n) for p, n in markers]
    return trimmed, offsets, markers


# ---------------------------------------------------------------------------------------------
# Sentences


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``[start, end)`` in ``text``, trailing spaces excluded."""
    if not text.strip():
        return []
    spans: list[tuple[int, int]] = []
    for piece in _segmenter().segment(text):
        start, end = piece.start, piece.end
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            spans.append((start, end))
    return _repair_sentences(text, spans)


def _repair_sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """pysbd splits after abbreviations it doesn't know ("U.S. Terminal"): join a piece that
    ends in an initialism or starts in lower case onto its neighbour."""
    repaired: list[tuple[int, int]] = []
    for start, end in spans:
        if repaired:
            p_start, p_end = repaired[-1]
            prev = text[p_start:p_end]
            cur = text[start:end]
            if (
                re.search(r"\b(?:[A-Z]\.){2,}$|\b(?:e\.g|i\.e|etc|vs|No|Dr|Mr|Ms|St)\.$", prev)
                and (cur[:1].isupper() and not re.match(r"(?:The|This|These|It|In|A|An)\b", cur))
            ) or cur[:1].islower():
                repaired[-1] = (p_start, end)
                continue
        repaired.append((start, end))
    return repaired


# ---------------------------------------------------------------------------------------------
# Endnotes


_ENDNOTE_ITEM = re.compile(r"^\s*(?:[-*+]\s*)?(?:<sup>\s*(\d+)\s*</sup>|\[?(\d+)[.)\]]?)\s*")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_DATE = re.compile(
    rf"(?:updated\s+|accessed\s+)?((?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}}|(?:{_MONTHS})\s+\d{{4}}|\b(?:19|20)\d{{2}}\b)"
)
_URL = re.compile(r"<(https?://[^>\s]+)>|\[[^\]]*\]\((https?://[^)\s]+)\)|(https?://[^\s>)\]]+)")
_QUOTED_TITLE = re.compile(r"[“\"](.+?)[,.]?[”\"]")


def _parse_endnotes(blocks: list[_Block]) -> dict[int, Endnote]:
    items: list[tuple[int, str]] = []
    for block in blocks:
        for _start, text in (
            _split_list_items(block)
            if _LIST_ITEM.match(block.lines[0])
            else [(block.start, block.raw)]
        ):
            items.append((0, text))
    notes: dict[int, Endnote] = {}
    for _, text in items:
        match = _ENDNOTE_ITEM.match(text)
        if not match:
            continue
        number = int(match.group(1) or match.group(2))
        body = text[match.end() :]
        clean = _clean_inline(_URL.sub(lambda m: m.group(1) or m.group(2) or m.group(3), body), 0)[
            0
        ]
        notes[number] = Endnote(number=number, text=clean, sources=_parse_sources(body))
    _inherit_repeated_sources(notes)
    return dict(sorted(notes.items()))


def _split_top_level(text: str, sep: str = ";") -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "“([<":
            depth += 1
        elif ch in "”)]>" and depth:
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _parse_sources(body: str) -> tuple[Source, ...]:
    sources = []
    for part in _split_top_level(body):
        title_match = _QUOTED_TITLE.search(part)
        url_match = _URL.search(part)
        url = None
        if url_match:
            url = (url_match.group(1) or url_match.group(2) or url_match.group(3)).rstrip(".,;")
            url = url.replace("\\_", "_")
        if not title_match:
            continue  # commentary, not a citation
        title = _clean_inline(title_match.group(1), 0)[0].strip().rstrip(",")
        before = _clean_inline(part[: title_match.start()], 0)[0].strip().rstrip(",").strip()
        after = part[title_match.end() :]
        if url_match and url_match.start() >= title_match.end():
            after = part[title_match.end() : url_match.start()]
        after_clean = _clean_inline(after, 0)[0].strip(" ,.")
        date_match = _DATE.search(after_clean)
        date = date_match.group(1) if date_match else None
        rest = after_clean[: date_match.start()] if date_match else after_clean
        publisher = rest.strip(" ,.") or None
        if publisher and before:
            publisher = f"{before}; {publisher}"
        elif before:
            publisher = before
        sources.append(Source(title=title, publisher=publisher, date=date, url=url))
    return tuple(sources)


def _inherit_repeated_sources(notes: dict[int, Endnote]) -> None:
    """A short repeat citation ("ibid."-style: same title, no date or URL) takes the details
    of the full citation it repeats."""
    full: dict[str, Source] = {}
    for number in sorted(notes):
        note = notes[number]
        sources = []
        for src in note.sources:
            key = (src.title or "").casefold()
            if key in full and (src.url is None or src.date is None):
                base = full[key]
                sources.append(
                    Source(
                        title=src.title,
                        publisher=src.publisher or base.publisher,
                        date=src.date or base.date,
                        url=src.url or base.url,
                    )
                )
                continue
            if key and src.url:
                full[key] = src
            sources.append(src)
        notes[number] = Endnote(number=number, text=note.text, sources=tuple(sources))


def _endnote_paragraph(note: Endnote, number: int) -> Paragraph:
    # Endnotes are indexed too, so questions about the sources themselves can find them.
    text = note.text
    return Paragraph(
        number=number,
        section_path=("Endnotes", f"Note {note.number}"),
        text=text,
        sentences=split_sentences(text),
        markers=[(len(text), note.number)],
        source_span=(0, 0),
        kind="endnote",
    )
