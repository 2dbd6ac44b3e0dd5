"""The corpus data model: documents, paragraphs, endnotes and the works they cite."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    kind: str = "body"  # "body", "question" (an interviewer's turn), "endnote" or "about"
    offsets: list[int] = field(default_factory=list, repr=False)  # source offset of each char
    table: int | None = None  # a table row: its table's number in the document (from 1)

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
