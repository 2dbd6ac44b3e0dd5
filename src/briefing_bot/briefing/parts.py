"""A topic that names a part of the document ("the executive summary", "the conclusion", "the
abstract", "the introduction"): the briefing is that part, found by its section heading.

A part is read from generic English section names only; nothing about a corpus. The summary
family ("executive summary", "summary", "abstract", "key points", "key findings") matches any
heading of that family: a request for "the executive summary" of a text whose opening summary
is headed "Key points" means it. A document without such a heading is briefed as a whole for
its summary, and by its last (first) section for its conclusion (introduction).

Example:
    >>> part_of("the executive summary")
    'summary'
    >>> part_of("conclusions") and part_of("the summary of the risks") is None
    True
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from briefing_bot.briefing.settings import DEFAULT_MAX_POINTS, DEFAULT_MIN_POINTS
from briefing_bot.briefing.structure import paragraph_runs

if TYPE_CHECKING:
    from briefing_bot.briefing.settings import BriefingSettings
    from briefing_bot.briefing.tables import DocTable, Sentence, TableCache
    from briefing_bot.briefing.types import Briefing

# the parts a topic may name (the whole topic: "the conclusion", "its abstract", "the
# paper's executive summary"), each with the headings that hold it
_PARTS = {
    "summary": r"(?:executive\s+)?summary|abstract|synopsis|key\s+(?:points|findings)|overview",
    "conclusion": r"conclusions?|concluding\s+(?:thoughts|remarks)|final\s+thoughts",
    "introduction": r"introduction|intro",
}
_OWNER = (
    r"(?:(?:the|its|their|this|that)\s+)?(?:(?:paper|report|document|article|memo|brief|"
    r"study|text|piece|author)(?:'s|’s)\s+)?"
)
_TOPIC = {
    part: re.compile(rf"^{_OWNER}(?:{names})(?:\s+section)?[\s?.!]*$", re.IGNORECASE)
    for part, names in _PARTS.items()
}
# a heading of the part: its name first, after any section number ("6. Conclusion",
# "Conclusion: The Next Consultation", "Concluding Thoughts")
_HEADING = {
    part: re.compile(rf"^(?:[\dIVX]+[.)]?\s+)?(?:{names})\b", re.IGNORECASE)
    for part, names in _PARTS.items()
}
_ENDS = (".", "!", "?", "”", '"', "’", "'", ")")


def summary_heading(heading: str) -> bool:
    """Is ``heading`` a summary's ("Summary", "Key findings", "Abstract")?"""
    return bool(_HEADING["summary"].match(heading.strip()))


def conclusion_heading(heading: str) -> bool:
    """Is ``heading`` a conclusion's ("Conclusions and recommendations", "6. Conclusion")?"""
    return bool(_HEADING["conclusion"].match(heading.strip()))


def part_of(topic: str) -> str | None:
    """The part of the document a topic names ("summary", "conclusion", "introduction"), if
    the topic is nothing but that part."""
    text = " ".join(topic.split())
    return next((part for part, pattern in _TOPIC.items() if pattern.match(text)), None)


class Parts:
    """The document-part half of :class:`~briefing_bot.briefing.compose.BriefingComposer`."""

    cfg: BriefingSettings
    tables: TableCache

    if TYPE_CHECKING:  # provided by the composer

        def _whole(self, points: int | None, doc_id: str | None) -> Briefing: ...
        def _topical(
            self, topic: str, points: int | None, doc_id: str | None, title: str | None = None
        ) -> Briefing: ...
        def _sent(self, row: int) -> Sentence: ...
        def _render(self, *args: Any, **kwargs: Any) -> Briefing: ...
        def _central(self, chosen: list[int], rel: dict[int, float]) -> int: ...
        def _repeats(self, row: int, chosen: list[int]) -> bool: ...
        def _attachments(
            self, bottom: int | None, body: list[int], relevance: dict[int, float]
        ) -> dict[int, list[int]]: ...

    def _part(self, topic: str, points: int | None, doc_id: str | None) -> Briefing | None:
        """The briefing of the part ``topic`` names, or None when it names none."""
        part = part_of(topic)
        if part is None:
            return None
        docs = [doc_id] if doc_id else self.tables.doc_ids
        rows: list[int] = []
        for d in docs:
            rows += self._part_rows(self.tables.table(d), part)
        title = f"Briefing: {topic[:1].upper()}{topic[1:]}"
        if len(rows) <= DEFAULT_MIN_POINTS:
            if not rows:  # no such part: a summary is the whole document's
                return self._whole(points, doc_id) if part == "summary" else None
            # a part too short for a briefing of its own: what it says, with the details the
            # rest of the document gives
            text = " ".join(self._sent(r).text for r in rows)
            return self._topical(text, points, doc_id, title=title)
        return self._section_brief(title, topic, rows, points, doc_id)

    def _part_rows(self, table: DocTable, part: str) -> list[int]:
        """The sentences of ``table``'s sections headed as ``part``; for a conclusion or an
        introduction without such a heading, those of its last or first named section."""
        pattern = _HEADING[part]
        named = [p for p in table.section_paths if p and not _HEADING["summary"].match(p[-1])]
        found = [p for p in table.section_paths if p and pattern.match(p[-1].strip())]
        if not found and part != "summary":
            if len(named) < 3:  # few headings (a speech): its first or last run of paragraphs
                runs = paragraph_runs(table, DEFAULT_MAX_POINTS)
                return (runs[-1] if part == "conclusion" else runs[0]) if len(runs) > 2 else []
            found = [named[-1] if part == "conclusion" else named[0]]
        # a part's subsections belong to it ("Summary > Findings")
        return [
            s.row for s in table.sents if any(s.chunk.section_path[: len(p)] == p for p in found)
        ]

    def _section_brief(
        self, title: str, topic: str, rows: list[int], points: int | None, doc_id: str | None
    ) -> Briefing:
        """The part's own briefing: the most central sentence with a specific of each of its
        paragraphs (its sentences when it has few paragraphs), in its order; the bottom line
        the most central of them."""
        table_of = {r: self.tables.of_row(r) for r in rows}

        def value(r: int) -> float:
            t = table_of[r]
            text = t.sents[r - t.base].text.rstrip()
            fit = 0.0 if text.endswith(_ENDS) and not text.endswith("?") else 1.0
            vague = 0.2 if t.vague[r - t.base] or t.tabular[r - t.base] else 0.0
            return (
                float(t.centrality[r - t.base]) + 0.2 * float(t.specific[r - t.base]) - fit - vague
            )

        want = points or DEFAULT_MAX_POINTS
        paragraphs: dict[tuple[str, int], list[int]] = {}
        for r in rows:
            s = table_of[r].sents[r - table_of[r].base]
            paragraphs.setdefault((s.chunk.doc_id, s.paragraph), []).append(r)
        firsts = [max(p, key=value) for p in paragraphs.values()]
        rest = sorted((r for r in rows if r not in firsts), key=lambda r: -value(r))
        ranked = sorted(firsts, key=lambda r: -value(r)) + rest
        chosen: list[int] = []
        for r in ranked:
            if len(chosen) > want or value(r) < -0.5:
                continue
            if not self._repeats(r, chosen):
                chosen.append(r)
        rel = {r: value(r) + 2.0 for r in rows}  # above any cut: the part is the topic
        bottom = self._central(chosen, rel)
        body = [r for r in chosen if r != bottom][:want]
        extras = self._attachments(bottom, body, rel) if self.cfg.attach_clauses else {}
        return self._render(
            title, topic, bottom, body, doc_id=doc_id, rel=rel, asked=points, extras=extras
        )
