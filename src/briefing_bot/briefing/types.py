"""What a briefing is: a title, a one-sentence bottom line and cited bullet points.

Citations are the same :class:`~briefing_bot.answering.types.Citation` answers use (verbatim
passages, endnotes chained), so every front end can show a briefing as an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
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
