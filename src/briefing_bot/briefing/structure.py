"""Whole-document briefings: a document's thesis as the bottom line, then the lead of each
major section, the conclusion included; with several documents, each one's thesis."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from briefing_bot.briefing.settings import DEFAULT_MAX_POINTS
from briefing_bot.briefing.signals import terms_heading

if TYPE_CHECKING:
    import numpy as np

    from briefing_bot.briefing.settings import BriefingSettings
    from briefing_bot.briefing.tables import DocTable, TableCache
    from briefing_bot.briefing.types import Briefing

# what a summary paragraph's lead weighs above any section's (a section weighs its lead's
# centrality, at most 1, times the root of its sentences, rarely above 5)
_SUMMARY = 10.0

# the most sections before a summary (after a conclusion) that can be front (back) matter: a
# cover, a membership list, powers, a copyright notice (formal minutes, witnesses, other reports)
_FRONT = 6

_ENDS = (".", "!", "?", "”", '"', "’", "'", ")")


def paragraph_runs(table: DocTable, want: int) -> list[list[int]]:
    """A document without (enough) headings, cut into ``want`` runs of whole paragraphs of
    about equal length: the sections a whole-document briefing leads from."""
    paragraphs: dict[tuple[str, int], list[int]] = {}
    for s in table.sents:
        paragraphs.setdefault((s.chunk.doc_id, s.paragraph), []).append(s.row)
    runs = list(paragraphs.values())
    size = max(1, round(len(table.sents) / max(1, want)))
    parts: list[list[int]] = [[]]
    for run in runs:
        if len(parts[-1]) >= size:
            parts.append([])
        parts[-1].extend(run)
    return [p for p in parts if p]


# A sentence that states what the document argues ("this memo argues…", "our central claim").
_THESIS = re.compile(
    r"\b(?:argues?|argued|argument|contends?|thesis|central claim|main claim|we propose|"
    r"(?:this|the|our)\s+(?:paper|memo|report|article|essay|study|brief|note)\s+"
    r"(?:shows|finds|argues|proposes|concludes|maintains))\b",
    re.IGNORECASE,
)

# A sentence that claims what must or will happen ("X must…", "it will take Y"): the opening's
# argument rather than its scene-setting (a dated fact, an anecdote), as much a thesis sign as
# naming the argument outright (half as much left a news feature's scene-setting first).
_CLAIM = re.compile(
    r"\b(?:must|should|ought\s+to|needs?\s+to|has\s+to|have\s+to|cannot|"
    r"will\s+(?:take|need|require|have\s+to))\b",
    re.IGNORECASE,
)


class Structure:
    """The whole-document half of :class:`~briefing_bot.briefing.compose.BriefingComposer`."""

    cfg: BriefingSettings
    documents: dict[str, Any]
    tables: TableCache

    if TYPE_CHECKING:  # provided by the composer and its renderer

        def _render(self, *args: Any, **kwargs: Any) -> Briefing: ...
        def _abstain(self, *args: Any, **kwargs: Any) -> Briefing: ...
        def _repeats(self, row: int, chosen: list[int]) -> bool: ...
        def _vec(self, row: int) -> np.ndarray: ...
        def _attachments(
            self, bottom: int | None, body: list[int], relevance: dict[int, float]
        ) -> dict[int, list[int]]: ...

    def _whole(self, points: int | None, doc_id: str | None) -> Briefing:
        # documents with a body, the largest first (counted in passages: no table is built
        # to rank them)
        size = {d: self.tables.bodies(d) for d in ([doc_id] if doc_id else self.tables.doc_ids)}
        doc_ids = [d for d, n in size.items() if n] or list(size)
        ranked = sorted(doc_ids, key=lambda d: -size[d])
        want = points or DEFAULT_MAX_POINTS
        tables = []
        for d in ranked:
            table = self.tables.table(d)
            if table.sents:
                tables.append(table)
            if len(tables) > want:
                break
        if not tables:
            return self._abstain(None, "Briefing", [], dense=None, doc_id=doc_id, missing=[])
        if len(doc_ids) == 1:
            doc = tables[0].doc_id
            title = f"Briefing: {self.documents.get(doc, {}).get('title') or doc}"
            thesis, leads, rel = self._structure(tables[0], want)
            extras = self._whole_extras(tables, thesis, leads)
            return self._render(
                title, None, thesis, leads, doc_id=doc_id, rel=rel, asked=points, extras=extras
            )
        # several documents: each one's thesis, the largest documents first, and while there
        # is room the leads of each (a fair share of the points per document)
        shown = tables[: want + 1]
        share = max(1, (want + 1) // len(shown))
        parts = [self._structure(t, share) for t in shown]
        title = f"Briefing: {len(doc_ids)} documents"
        rel = {}
        for i, (thesis, leads, weights) in enumerate(parts):
            top = max(weights.values(), default=1.0) or 1.0
            for row in [thesis, *leads]:
                rel[row] = float(len(parts) - i) + weights.get(row, 0.0) / (2 * top)
        bottom = parts[0][0]
        body = [r for thesis, leads, _ in parts for r in [thesis, *leads] if r != bottom]
        body = sorted(body, key=lambda r: -rel[r])[:want]
        extras = self._whole_extras(shown, bottom, body)
        return self._render(
            title, None, bottom, body, doc_id=None, rel=rel, asked=points, extras=extras
        )

    def _whole_extras(
        self, tables: list[DocTable], bottom: int, body: list[int]
    ) -> dict[int, list[int]]:
        """The neighbours whose specific clauses may join each lead (every sentence of the
        documents counts as relevant: a whole-document brief has no topic)."""
        if not self.cfg.attach_clauses:
            return {}
        every = {r: 1.0 + float(t.specific[r - t.base]) for t in tables for r in t.rows}
        return self._attachments(bottom, body, every)

    def _structure(self, table: DocTable, want: int) -> tuple[int, list[int], dict[int, float]]:
        """(thesis, section leads, their weights) of a document: the thesis is the most
        central sentence of its opening section; each section's lead the most central of its
        first sentences, weighted by centrality and section length; a headed opening section
        (key points, a summary) leads with each of its paragraphs first; the conclusion (the
        last section) weighs most, so it is the last to go when the briefing runs long."""
        base = table.base
        # a glossary's entries define words: no section of the argument, no conclusion
        sents = [
            s for s in table.sents if not any(terms_heading(h) for h in s.chunk.section_path)
        ] or table.sents
        sections: dict[tuple[str, ...], list[int]] = {}
        for s in sents:
            sections.setdefault(s.chunk.section_path, []).append(s.row)
        if len(sections) > want and any(len(p) > 1 for p in sections):
            # more sections than points, some of them sub-sections ("2.1", "2.2"): the
            # top-level sections lead, each from its own opening (a long article's eight
            # sections, not the first few of its twenty sub-sections)
            sections = {}
            for s in sents:
                sections.setdefault(s.chunk.section_path[:1], []).append(s.row)
        groups = list(sections.values())
        if len(groups) > 2 and len(groups[0]) == 1 and not sents[0].chunk.section_path:
            # one sentence before the first heading is front matter (a submission line, a
            # dateline, a kicker): no thesis, no lead
            groups = groups[1:]
        from briefing_bot.briefing.parts import (  # parts imports this module
            conclusion_heading,
            summary_heading,
        )

        def heading(g: list[int]) -> str:
            path = table.sents[g[0] - base].chunk.section_path
            return path[0] if path else ""

        # a summary section after headed ones ("Summary" after a cover page, the committee's
        # membership and a copyright notice): those are front matter (text before the first
        # heading is not: an opening paragraph may state the argument)
        lead_in = next((k for k, g in enumerate(groups[:_FRONT]) if summary_heading(heading(g))), 0)
        if all(heading(g) for g in groups[:lead_in]):
            groups = groups[lead_in:]

        # …and what follows a conclusion among the last sections is back matter (formal
        # minutes, a witness list, the committee's other reports): the conclusion closes
        tail = [
            k
            for k in range(max(1, len(groups) - _FRONT), len(groups))
            if conclusion_heading(heading(groups[k]))
        ]
        if tail:
            groups = groups[: tail[-1] + 1]
        runs = len(groups) < min(want, 3)
        if runs:
            groups = paragraph_runs(
                table, want
            )  # few headings (a speech, a letter): its paragraphs

        def central(r: int) -> float:
            return float(table.centrality[r - base])

        def unfit(r: int) -> float:
            # a heading line, a byline or a question is no thesis and no lead
            text = table.sents[r - base].text.rstrip()
            return 1.0 if text.endswith("?") or not text.endswith(_ENDS) else 0.0

        def argues(r: int) -> float:
            text = table.sents[r - base].text
            return 0.2 if _THESIS.search(text) or _CLAIM.search(text) else 0.0

        opening = groups[0]
        # the section after the opening may state the argument outright ("This article
        # argues…" in the introduction after an abstract): such a sentence competes too
        stated = [
            r
            for r in (groups[1] if len(groups) > 1 and not runs else [])
            if _THESIS.search(table.sents[r - base].text)
        ]
        thesis = max([*opening[:12], *stated], key=lambda r: central(r) + argues(r) - unfit(r))
        summary = 0  # the opening's paragraphs that lead as the author's own summary
        headed = {table.sents[r - base].chunk.section_path for r in opening}
        if not runs and len(headed) == 1 and table.sents[opening[0] - base].chunk.section_path:
            # a headed opening section (key points, a summary, an abstract) is the document
            # in the author's own small: each of its paragraphs leads, before any section's
            # lead (orbit's key points carried the figures its sections' leads did not); a
            # top-level section made of sub-sections is no summary
            paras: dict[int, list[int]] = {}
            for r in opening:
                paras.setdefault(table.sents[r - base].paragraph, []).append(r)
            if len(paras) > 1:
                summary = len(paras)
                groups = [*paras.values(), *groups[1:]]

        def lead_value(r: int) -> float:
            # central, opening a paragraph, or announcing the section's enumeration
            bonus = 0.05 if table.sents[r - base].para_first else 0.0
            bonus -= 0.2 if table.tabular[r - base] or table.vague[r - base] else 0.0
            return central(r) + bonus + (0.1 if r in table.enumerations else 0.0) - unfit(r)

        leads: list[tuple[float, int, int]] = []  # (weight, position, row)
        for pos, group in enumerate(groups):
            heads = [r for r in group[:4] if r != thesis and not unfit(r)]
            if not heads:
                continue
            # the conclusion's lead gains its specifics: where the document says what comes
            # next ('the council votes on it in March 2027'), not only how it sums up
            gain = self.cfg.closing_specific if pos == len(groups) - 1 else 0.0

            def value(r: int, gain: float = gain) -> float:
                return lead_value(r) + gain * float(table.specific[r - base])

            lead = max(heads, key=value)
            weight = central(lead) * (len(group) ** 0.5) + (_SUMMARY if pos < summary else 0.0)
            leads.append((weight, pos, lead))
        last = leads[-1] if leads else None  # the conclusion always has its say
        keep = sorted(leads, key=lambda x: -x[0])[: max(0, want - 1)]
        if last is not None and last not in keep and want > 1:
            keep = [*keep, last]
        if want <= 1:
            keep = keep[:want]
        chosen = [row for _, _, row in sorted(keep, key=lambda x: x[1])]
        # drop a lead that repeats the thesis or another lead
        out: list[int] = []
        for r in chosen:
            if self._repeats(r, [thesis, *out]) or any(
                float(self._vec(r) @ self._vec(c)) >= self.cfg.max_similar for c in [thesis, *out]
            ):
                continue
            out.append(r)
        weights = {row: weight for weight, _, row in leads}
        top = max(weights.values(), default=0.0)
        if self.cfg.opening_lead and leads and leads[0][1] == 0 and not summary:
            # the opening's lead (the document's news: "X holds 56 percent of …") is the
            # last to go after the conclusion when the briefing runs long, above any
            # section's lead however long that section is
            weights[leads[0][2]] = top + 0.5
        if last is not None:
            weights[last[2]] = top + 1.0
        weights[thesis] = max(weights.values(), default=0.0) + 1.0
        return thesis, out, weights
