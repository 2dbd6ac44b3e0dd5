"""Structure-aware chunking: paragraphs → chunks that the embedding model sees whole.

A chunk never crosses a section boundary and always ends on a sentence boundary. A paragraph
that fits the token budget is one chunk; a longer one is split into balanced runs of whole
sentences; short neighbouring paragraphs of the same section are merged. A table's rows are
chunks of their own: the whole table, or balanced runs of whole rows (under its caption, the
rows' section). Every chunk keeps its sentence spans and the endnotes each sentence cites, so
answers can cite at sentence level.
Only body paragraphs merge: an interviewer's question (kind ``"question"``) is a chunk of its
own, and the answer after it is embedded under that question rather than the section heading.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from briefing_bot.corpus import SECTION_SEPARATOR, Paragraph, ParsedDocument
from briefing_bot.model_files import tokenizer

# The header (section heading) prepended to the text that is embedded is capped so that
# header + text always fit MiniLM's 256 word pieces.
HEADER_MAX_TOKENS = 40


@dataclass
class Chunk:
    """A retrievable passage with everything needed to cite it."""

    id: str
    doc_id: str
    title: str
    section_path: tuple[str, ...]
    paragraph: int
    paragraph_end: int
    text: str
    sentences: list[tuple[int, int]]  # [start, end) spans in ``text``
    sentence_endnotes: list[list[int]]
    page: int | None = None
    kind: str = "body"
    char_start: int = 0  # span in the source file
    char_end: int = 0
    para_start: int = 0  # span inside the first paragraph's cleaned text
    asked: str | None = None  # the interviewer's question this passage answers
    metadata_extra: dict[str, Any] = field(default_factory=dict)

    @property
    def section(self) -> str:
        return SECTION_SEPARATOR.join(self.section_path) if self.section_path else "Introduction"

    @property
    def endnotes(self) -> list[int]:
        seen: dict[int, None] = {}
        for notes in self.sentence_endnotes:
            seen.update(dict.fromkeys(notes))
        return list(seen)

    @property
    def locator(self) -> str:
        if self.page is not None:
            where = f"p. {self.page}"
        elif self.paragraph_end != self.paragraph:
            where = f"¶ {self.paragraph}–{self.paragraph_end}"
        else:
            where = f"¶ {self.paragraph}"
        return f"{self.section}; {where}"

    def sentence_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.sentences]

    def embed_text(self) -> str:
        """What the embedding model sees: the section heading (or the question the passage
        answers), then the passage."""
        if self.asked:
            return f"{_truncate_tokens(self.asked, HEADER_MAX_TOKENS)} {self.text}"
        header = self.section_path[-1] if self.section_path else self.title
        return f"{_truncate_tokens(header, HEADER_MAX_TOKENS)}: {self.text}"

    def to_metadata(self) -> dict[str, str | int | float | bool]:
        """Flat metadata for the vector store (lists are JSON-encoded)."""
        meta: dict[str, str | int | float | bool] = {
            "doc_id": self.doc_id,
            "title": self.title,
            "section": self.section,
            "section_path": json.dumps(list(self.section_path), ensure_ascii=False),
            "paragraph": self.paragraph,
            "paragraph_end": self.paragraph_end,
            "sentences": json.dumps(self.sentences),
            "sentence_endnotes": json.dumps(self.sentence_endnotes),
            "endnotes": json.dumps(self.endnotes),
            "kind": self.kind,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "para_start": self.para_start,
            "locator": self.locator,
        }
        if self.page is not None:
            meta["page"] = self.page
        if self.asked:
            meta["asked"] = self.asked
        return meta

    @classmethod
    def from_record(cls, chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
        """Rebuild a chunk from what the vector store returns."""
        page = meta.get("page")
        return cls(
            id=chunk_id,
            doc_id=str(meta["doc_id"]),
            title=str(meta["title"]),
            section_path=tuple(json.loads(str(meta["section_path"]))),
            paragraph=int(meta["paragraph"]),
            paragraph_end=int(meta.get("paragraph_end", meta["paragraph"])),
            text=text,
            sentences=[tuple(s) for s in json.loads(str(meta["sentences"]))],
            sentence_endnotes=json.loads(str(meta["sentence_endnotes"])),
            page=int(page) if page is not None else None,
            kind=str(meta.get("kind", "body")),
            char_start=int(meta.get("char_start", 0)),
            char_end=int(meta.get("char_end", 0)),
            para_start=int(meta.get("para_start", 0)),
            asked=str(meta["asked"]) if meta.get("asked") else None,
        )


def count_tokens(texts: list[str]) -> list[int]:
    """Word pieces per text, without the [CLS]/[SEP] the model adds."""
    if not texts:
        return []
    return [len(enc.ids) for enc in tokenizer().encode_batch(texts, add_special_tokens=False)]


def _truncate_tokens(text: str, limit: int) -> str:
    enc = tokenizer().encode(text, add_special_tokens=False)
    if len(enc.ids) <= limit:
        return text
    return text[: enc.offsets[limit - 1][1]]


@dataclass
class _Piece:
    """A run of sentences of one paragraph (or a part of one over-long sentence)."""

    para: Paragraph
    start: int
    end: int
    sentences: list[tuple[int, int]]
    tokens: int


def chunk_document(
    doc: ParsedDocument, *, max_tokens: int = 200, min_tokens: int = 40
) -> list[Chunk]:
    """Split a parsed document into chunks (see module docstring)."""
    pieces: list[_Piece] = []
    for para in doc.paragraphs:
        pieces.extend(_split_paragraph(para, max_tokens))
    groups = _merge_small(pieces, max_tokens, min_tokens)
    asked = _questions_answered(doc.paragraphs)
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for group in groups:
        chunk = _make_chunk(doc, group)
        if group[0].start == 0:
            chunk.asked = asked.get(chunk.paragraph)
        # identical passages in one section (boilerplate) still get distinct, stable ids
        count = seen.get(chunk.id, 0)
        seen[chunk.id] = count + 1
        if count:
            chunk.id = _chunk_id(doc.doc_id, chunk.section_path, chunk.text, count)
        chunks.append(chunk)
    return chunks


def _questions_answered(paragraphs: list[Paragraph]) -> dict[int, str]:
    """Paragraph number → the question turn right before it in its section (its answer)."""
    return {
        para.number: prev.text
        for prev, para in pairwise(paragraphs)
        if prev.kind == "question"
        and para.kind == "body"
        and prev.section_path == para.section_path
    }


def _split_paragraph(para: Paragraph, max_tokens: int) -> list[_Piece]:
    spans = para.sentences or [(0, len(para.text))]
    counts = count_tokens([para.text[s:e] for s, e in spans])
    # an over-long sentence is cut at word boundaries rather than truncated by the model
    units: list[tuple[int, int, int]] = []
    for (s, e), n in zip(spans, counts, strict=True):
        if n <= max_tokens:
            units.append((s, e, n))
        else:
            units.extend(_cut_long_sentence(para.text, s, e, max_tokens))
    total = sum(n for _, _, n in units)
    if total <= max_tokens:
        return [_Piece(para, units[0][0], units[-1][1], [(s, e) for s, e, _ in units], total)]
    # balanced split: n pieces of about total/n tokens each, never over the budget
    parts = math.ceil(total / max_tokens)
    target = total / parts
    pieces: list[_Piece] = []
    current: list[tuple[int, int, int]] = []
    acc = 0
    for unit in units:
        n = unit[2]
        if current and (acc + n > max_tokens or (acc >= target * 0.9 and acc + n / 2 > target)):
            pieces.append(_piece(para, current))
            current, acc = [], 0
        current.append(unit)
        acc += n
    if current:
        pieces.append(_piece(para, current))
    return pieces


def _piece(para: Paragraph, units: list[tuple[int, int, int]]) -> _Piece:
    return _Piece(
        para, units[0][0], units[-1][1], [(s, e) for s, e, _ in units], sum(u[2] for u in units)
    )


def _cut_long_sentence(
    text: str, start: int, end: int, max_tokens: int
) -> list[tuple[int, int, int]]:
    enc = tokenizer().encode(text[start:end], add_special_tokens=False)
    out = []
    i = 0
    while i < len(enc.ids):
        j = min(i + max_tokens, len(enc.ids))
        s = start + enc.offsets[i][0]
        e = start + enc.offsets[j - 1][1]
        if j < len(enc.ids):  # back off to a word boundary
            space = text.rfind(" ", s, e)
            if space > s:
                e = space
                while j > i + 1 and start + enc.offsets[j - 1][0] >= e:
                    j -= 1
        out.append((s, e, j - i))
        i = j
    return out


def _merge_small(pieces: list[_Piece], max_tokens: int, min_tokens: int) -> list[list[_Piece]]:
    groups: list[list[_Piece]] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.para.table is not None:
            # a table's rows: chunks of their own, whole rows in balanced runs
            j = i + 1
            while j < len(pieces) and _same_table(pieces[j], piece):
                j += 1
            groups.extend(_balanced(pieces[i:j], max_tokens))
            i = j
            continue
        i += 1
        if groups:
            last = groups[-1]
            same_section = (
                last[-1].para.table is None
                and last[-1].para.section_path == piece.para.section_path
                and last[-1].para.kind == piece.para.kind == "body"
                and last[-1].para.page == piece.para.page
            )
            tokens = sum(p.tokens for p in last)
            whole_paragraphs = last[-1].end == len(last[-1].para.text) and piece.start == 0
            if (
                same_section
                and whole_paragraphs
                and (tokens < min_tokens or piece.tokens < min_tokens)
                and tokens + piece.tokens <= max_tokens
            ):
                last.append(piece)
                continue
        groups.append([piece])
    return groups


def _same_table(piece: _Piece, first: _Piece) -> bool:
    return (
        piece.para.table == first.para.table
        and piece.para.section_path == first.para.section_path
        and piece.para.kind == first.para.kind
        and piece.para.page == first.para.page
    )


def _balanced(pieces: list[_Piece], max_tokens: int) -> list[list[_Piece]]:
    """A table's rows as whole chunks when they fit the budget, else as runs of whole rows
    of about equal length (each row names its columns, so each run reads on its own)."""
    total = sum(p.tokens for p in pieces)
    target = total / max(1, math.ceil(total / max_tokens))
    groups: list[list[_Piece]] = [[]]
    acc = 0
    for piece in pieces:
        n = piece.tokens
        if groups[-1] and (acc + n > max_tokens or (acc >= target * 0.9 and acc + n / 2 > target)):
            groups.append([])
            acc = 0
        groups[-1].append(piece)
        acc += n
    return [g for g in groups if g]


def _make_chunk(doc: ParsedDocument, group: list[_Piece]) -> Chunk:
    texts: list[str] = []
    sentences: list[tuple[int, int]] = []
    sentence_notes: list[list[int]] = []
    offset = 0
    for piece in group:
        if texts:
            texts.append("\n\n")
            offset += 2
        body = piece.para.text[piece.start : piece.end]
        texts.append(body)
        for s, e in piece.sentences:
            sentences.append((s - piece.start + offset, e - piece.start + offset))
            sentence_notes.append(piece.para.sentence_endnotes(s, e))
        offset += len(body)
    text = "".join(texts)
    first, last = group[0], group[-1]
    return Chunk(
        id=_chunk_id(doc.doc_id, first.para.section_path, text),
        doc_id=doc.doc_id,
        title=doc.title,
        section_path=first.para.section_path,
        paragraph=first.para.number,
        paragraph_end=last.para.number,
        text=text,
        sentences=sentences,
        sentence_endnotes=sentence_notes,
        page=first.para.page,
        kind=first.para.kind,
        char_start=first.para.source_offset(first.start),
        char_end=last.para.source_offset(last.end - 1) + 1
        if last.end
        else last.para.source_span[0],
        para_start=first.start,
    )


def _chunk_id(doc_id: str, section_path: tuple[str, ...], text: str, occurrence: int = 0) -> str:
    key = "\x1f".join([doc_id, *section_path, text, str(occurrence) if occurrence else ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
