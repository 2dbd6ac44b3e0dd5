"""Answer types shared by every answerer, the briefing composer and the front ends.

``Citation`` is one numbered, verbatim passage with where it is and the endnotes it carries;
``Answer`` is text with inline [n] markers plus its citations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings
from briefing_bot.errors import InvalidQuestionError

History = Sequence[dict[str, str]]


@dataclass
class EndnoteRef:
    """A source the cited passage itself cites (the paper's endnote)."""

    number: int
    title: str | None
    publisher: str | None
    date: str | None
    url: str | None
    text: str
    sources: list[dict[str, str | None]] = field(default_factory=list)  # all works cited

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date,
            "url": self.url,
            "text": self.text,
            "sources": self.sources,
        }

    def label(self) -> str:
        """Every work the note cites: "Publisher, “Title”, date; …"."""
        works = self.sources or [
            {"title": self.title, "publisher": self.publisher, "date": self.date}
        ]
        labels = []
        for work in works:
            title = work.get("title")
            parts = [work.get("publisher"), f"“{title}”" if title else None, work.get("date")]
            labels.append(", ".join(p for p in parts if p))
        return "; ".join(x for x in labels if x) or self.text


@dataclass
class Citation:
    """One numbered source of an answer: the passage, where it is, and what it rests on."""

    number: int
    text: str  # the cited passage, verbatim from the corpus
    source: str  # document title
    locator: str  # section path; paragraph or page
    chunk_id: str
    doc_id: str = ""
    endnotes: list[EndnoteRef] = field(default_factory=list)
    highlights: list[tuple[int, int]] = field(default_factory=list)  # supporting sentences
    score: float = 0.0

    @classmethod
    def for_chunk(cls, number: int, chunk: Chunk, score: float = 0.0) -> Citation:
        """Citation ``number`` of a whole passage (highlights and endnotes added after)."""
        return cls(
            number=number,
            text=chunk.text,
            source=chunk.title,
            locator=chunk.locator,
            chunk_id=chunk.id,
            doc_id=chunk.doc_id,
            score=score,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "source": self.source,
            "locator": self.locator,
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "endnotes": [e.as_dict() for e in self.endnotes],
            "highlights": [list(h) for h in self.highlights],
        }


@dataclass
class Answer:
    """An answer: text with inline [n] markers, its citations, and whether it abstained."""

    question: str
    text: str
    citations: list[Citation]
    abstained: bool
    notice: str | None = None  # e.g. "question truncated"
    seconds: float = 0.0
    mode: str = "grounded"
    calibration: str | None = None  # fingerprint of the fitted decision that produced it

    def to_dict(self) -> dict[str, Any]:
        """The ``briefing-bot ask --json`` / ``POST /api/ask`` object."""
        data: dict[str, Any] = {
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.as_dict() for c in self.citations],
        }
        if self.notice:
            data["notice"] = self.notice
        return data

    def to_markdown(self) -> str:
        """The answer followed by a numbered source list."""
        lines = [self.text, ""]
        if self.citations:
            lines.append("Sources:")
            for c in self.citations:
                lines.append(f"[{c.number}] {c.source} — {c.locator}")
                lines.append(f"    “{_shorten(c.text, 400)}”")
                for e in c.endnotes:
                    url = f" {e.url}" if e.url else ""
                    lines.append(f"    ↳ endnote {e.number}: {e.label()}{url}")
        if self.notice:
            lines.append(f"\n({self.notice})")
        return "\n".join(lines).rstrip()


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


class Answerer(Protocol):
    def answer(self, question: str, history: History) -> Answer: ...


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_question(question: object, settings: Settings) -> str:
    """Plain text, no control characters, bounded length; empty raises InvalidQuestionError."""
    if not isinstance(question, str):
        raise InvalidQuestionError("the question must be text")
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", question))
    text = " ".join(text.split())
    if not text:
        raise InvalidQuestionError("the question is empty: type a question about the paper")
    return text[: settings.max_question_chars]
