"""What a briefing is: a title, a one-sentence bottom line and cited bullet points.

Citations are the same :class:`~briefing_bot.answering.types.Citation` answers use (verbatim
passages, endnotes chained), so every front end can show a briefing as an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefing_bot.answering.types import Answer, Citation


@dataclass
class BriefPoint:
    """One bullet (or the bottom line): text taken from the corpus and its citation numbers."""

    text: str
    citations: list[int]
    doc_id: str = ""
    source: str = ""  # the document's title, named in the text when there are several
    locator: str = ""
    # whether a chat model's rewrite replaced the text (generative mode, verified); None when
    # no rewrite was tried, and then the JSON leaves the key out: briefings stay as they were
    rephrased: bool | None = None
    # (chunk id, sentence index) of the corpus sentences the text was built from, in order:
    # what a rewrite of it is checked against. Not part of the JSON.
    sentences: tuple[tuple[str, int], ...] = field(default=(), repr=False, compare=False)

    def line(self) -> str:
        """The point with its [n] markers."""
        marks = "".join(f"[{n}]" for n in self.citations)
        return f"{self.text} {marks}".rstrip()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "citations": list(self.citations),
            "doc_id": self.doc_id,
            "source": self.source,
            "locator": self.locator,
        }
        if self.rephrased is not None:
            data["rephrased"] = self.rephrased
        return data


@dataclass(frozen=True)
class DocumentLabel:
    """How a point of a several-document briefing names its document, before a colon:
    ``*Title* (Author)`` on the document's first point, ``*Title head*`` on the others (the
    title's words before a colon, when that is two words or more)."""

    name: str  # the title, or its head
    author: str = ""

    def __str__(self) -> str:
        return f"*{self.name}* ({self.author})" if self.author else f"*{self.name}*"

    @classmethod
    def head(cls, title: str) -> DocumentLabel:
        """The short label: "*Pricing the River*" for "Pricing the River: Why…"."""
        head = title.split(":", 1)[0].strip()
        return cls(head if len(head.split()) >= 2 else title)


def split_label(text: str, source: str) -> tuple[DocumentLabel | None, str]:
    """A point's document label (None when it has none) and the rest of its text, for a
    point whose document is titled ``source`` (``BriefPoint.source``)."""
    if not source:
        return None, text
    for name in dict.fromkeys((source, DocumentLabel.head(source).name)):
        start = f"*{name}*"
        if not text.startswith(start):
            continue
        rest = text[len(start) :]
        if rest.startswith(": "):
            return DocumentLabel(name), rest[2:]
        if rest.startswith(" (") and (end := rest.find("): ")) > 2:
            return DocumentLabel(name, rest[2:end]), rest[end + 3 :]
    return None, text


@dataclass
class Briefing:
    """A briefing on a topic (or a whole document) built from the corpus's own sentences.

    ``text`` is Markdown: a title, the bottom line, then the points, each ending with its
    [n] markers. ``abstained`` is True when the corpus does not cover the topic; the text then
    says so and ``points`` hold the nearest passages.
    """

    title: str
    bottom_line: BriefPoint | None
    points: list[BriefPoint]
    citations: list[Citation]
    abstained: bool = False
    topic: str | None = None
    doc_id: str | None = None
    notice: str | None = None
    seconds: float = 0.0
    message: str = ""  # the abstention sentence

    @property
    def text(self) -> str:
        lines = [f"**{self.title}**", ""]
        if self.abstained:
            lines.append(self.message)
            if self.points:
                lines += ["", "Nearest passages:", ""]
        elif self.bottom_line is not None:
            lines += [f"*Bottom line:* {self.bottom_line.line()}", ""]
        lines += [f"- {p.line()}" for p in self.points]
        return "\n".join(lines).rstrip()

    def word_count(self) -> int:
        """Words of the whole text as a reader's word count sees it: title, labels and each
        point's [n] markers included (the 250-word limit holds for the text as shown)."""
        return len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        """The ``briefing-bot brief --json`` / ``POST /api/brief`` object."""
        data: dict[str, Any] = {
            "title": self.title,
            "topic": self.topic,
            "briefing": self.text,
            "bottom_line": self.bottom_line.as_dict() if self.bottom_line else None,
            "points": [p.as_dict() for p in self.points],
            "abstained": self.abstained,
            "citations": [c.as_dict() for c in self.citations],
        }
        if self.doc_id:
            data["doc_id"] = self.doc_id
        if self.notice:
            data["notice"] = self.notice
        return data

    def to_markdown(self) -> str:
        """The briefing as a Markdown document with a numbered reference list."""
        lines = [f"# {self.title}", "", self.text.split("\n", 2)[-1].lstrip("\n"), ""]
        if self.citations:
            lines += ["## References", ""]
            for c in self.citations:
                lines.append(f"{c.number}. {c.source} — {c.locator}  ")
                quote = " ".join(c.text.split())
                lines.append(f"   > {quote}")
                for e in c.endnotes:
                    url = f" <{e.url}>" if e.url else ""
                    lines.append(f"   >\n   > ↳ endnote {e.number}: {e.label()}{url}")
                lines.append("")
        if self.notice:
            lines.append(f"_{self.notice}_")
        return "\n".join(lines).rstrip() + "\n"

    def to_answer(self, question: str) -> Answer:
        """This briefing as an :class:`Answer` (``mode == "briefing"``), so the chat front ends
        show it as one."""
        return Answer(
            question=question,
            text=self.text,
            citations=list(self.citations),
            abstained=self.abstained,
            notice=self.notice,
            seconds=self.seconds,
            mode="briefing",
        )
