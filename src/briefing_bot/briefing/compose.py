"""The briefing composer: a cited, non-redundant briefing from the corpus's own sentences.

For a topic, every body sentence gets a *relevance*: its MiniLM cosine to the topic (computed
at index time, ``Index.sentence_vectors``) plus the idf-weighted share of the topic's content
words it holds, plus its passage's hybrid retrieval score, plus a share of a neighbouring
sentence's coverage (the details after a topic sentence), plus how well its *section heading*
matches the topic (cosine and words, above the median section). The points are then chosen by
maximal marginal relevance over the sentence vectors, valuing each candidate by its relevance
raised for the specifics it carries (figures, names, defined terms, quotations) and lowered
for a vague lead-in, and charging a second point from one paragraph, so that the briefing
covers the topic's paragraphs rather than several sentences of one. An enumeration the topic
touches ("three reasons" and "The first reason…", "A second…") is kept whole; a point that
only announces its content ("A third risk is political.") is followed by the sentence that
carries it; an over-long briefing first loses clauses that carry nothing (no topic word, no
specific, no rare word), then is cut to a common cap; points follow the document's order; the
bottom line is the most central of the most relevant sentences (not a question or a lead-in).

A topic that asks for a form of material ("people quoted", "the key figures") takes the
sentences of that form (:func:`briefing_bot.briefing.signals.form_of`).

For a whole document (no topic): its thesis (the sentence closest to the document's centroid
among its opening section) as the bottom line, then the lead of each major section, the
conclusion included.

The corpus does not cover a topic when no sentence comes close enough to it (cosine plus the
share of the topic's words it holds, below ``min_coverage``) or when the topic names something
the corpus never mentions; the briefing then says so and shows the nearest passages.
``min_coverage`` and the other settings are documented in
:class:`~briefing_bot.briefing.settings.BriefingSettings` (what was fitted on what).
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any, Protocol

from briefing_bot.answering.types import clean_question
from briefing_bot.briefing.render import Renderer, Sentence
from briefing_bot.briefing.requests import clamp_points
from briefing_bot.briefing.settings import (
    DEFAULT_MAX_POINTS,
    DEFAULT_TOPIC_MIN,
    DEFAULT_TOPIC_POINTS,
    BriefingSettings,
)
from briefing_bot.briefing.signals import form_of, is_vague, specificity
from briefing_bot.briefing.text import find_enumerations
from briefing_bot.briefing.types import Briefing
from briefing_bot.briefing.vocabulary import Vocabulary
from briefing_bot.errors import InvalidQuestionError
from briefing_bot.retrieval import tokenize

if TYPE_CHECKING:
    import numpy as np

    from briefing_bot.config import Settings
    from briefing_bot.index import Index
    from briefing_bot.retrieval import HybridSearch


class Host(Protocol):
    """What the composer needs of an assistant (the assistant sits above this package)."""

    index: Index
    retriever: HybridSearch
    settings: Settings


__all__ = ["BriefingComposer", "BriefingSettings", "Host"]


class BriefingComposer(Renderer):
    """Briefings over one assistant's index; everything per-corpus is computed once here.

    Example:
        >>> composer = BriefingComposer(bot)
        >>> composer.brief("export controls", points=4).text
    """

    def __init__(self, assistant: Host, settings: BriefingSettings | None = None) -> None:
        import numpy as np

        self.bot = assistant
        self.cfg = settings or BriefingSettings()
        self.documents: dict[str, Any] = assistant.index.documents
        body = [c for c in assistant.index.chunks if c.kind == "body"]
        self.sents: list[Sentence] = []
        for chunk in body:
            para_starts = {0} | {
                i
                for i, (s, _) in enumerate(chunk.sentences)
                if chunk.text[max(0, s - 2) : s] == "\n\n"
            }
            para = chunk.paragraph
            for i, text in enumerate(chunk.sentence_texts()):
                if i in para_starts and i > 0:
                    para += 1
                if len(text.split()) < 4:  # a byline or a stray heading is no point
                    continue
                first = i in para_starts and (i > 0 or chunk.para_start == 0)
                self.sents.append(
                    Sentence(
                        len(self.sents), chunk, i, text, frozenset(tokenize(text)), first, para
                    )
                )
        self.doc_ids = list(dict.fromkeys(s.chunk.doc_id for s in self.sents))
        vectors = assistant.index.sentence_vectors(body)  # memory-mapped where it can be
        dim = next((v.shape[1] for v in vectors.values()), 1)
        matrix = np.zeros((len(self.sents), dim), dtype=np.float32)
        for s in self.sents:
            vecs = vectors.get(s.chunk.id)
            if vecs is not None:
                matrix[s.row] = vecs[s.index]
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.matrix = matrix / np.maximum(norms, 1e-12)
        # centrality: closeness to the document's centroid (its "aboutness")
        self.centrality = np.zeros(len(self.sents), dtype=np.float32)
        self.rows_of: dict[str, list[int]] = {}
        for s in self.sents:
            self.rows_of.setdefault(s.chunk.doc_id, []).append(s.row)
        for rows in self.rows_of.values():
            centroid = self.matrix[rows].mean(axis=0)
            centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
            self.centrality[rows] = self.matrix[rows] @ centroid
        df: dict[str, int] = {}
        for s in self.sents:
            for t in s.terms:
                df[t] = df.get(t, 0) + 1
        self.df = df
        self.n = max(1, len(self.sents))
        self.vocabulary = Vocabulary(assistant.index.chunks, self.df)
        self.enumerations = find_enumerations(
            [s.text for s in self.sents],
            lambda i, j: self.sents[i].chunk.doc_id == self.sents[j].chunk.doc_id,
        )
        self.item_of = {i: a for a, items in self.enumerations.items() for i in items}
        self.specific = np.array([specificity(s.text) for s in self.sents], dtype=np.float32)
        self.vague = [is_vague(s.text) for s in self.sents]
        # sections: each sentence's (document, heading path), and every heading's vector
        keys = [(s.chunk.doc_id, s.chunk.section_path) for s in self.sents]
        self.section_keys = list(dict.fromkeys(keys))
        number = {k: i for i, k in enumerate(self.section_keys)}
        self.section_of = np.array([number[k] for k in keys], dtype=np.int64)
        headings = [(path[-1] if path else "") for _, path in self.section_keys]
        self.heading_terms = [frozenset(tokenize(h)) for h in headings]
        hvecs = np.zeros((len(headings), dim), dtype=np.float32)
        if any(headings):
            got = assistant.retriever.embeddings.embed_documents([h or "-" for h in headings])
            hvecs = np.asarray(got, dtype=np.float32).reshape(len(headings), -1)
        hvecs[[not h for h in headings]] = 0.0
        self.heading_vecs = hvecs / np.maximum(np.linalg.norm(hvecs, axis=1, keepdims=True), 1e-12)

    # -- public

    def brief(
        self, topic: str | None = None, *, points: int | None = None, doc_id: str | None = None
    ) -> Briefing:
        """A briefing on ``topic`` (None: the whole corpus, or document ``doc_id``)."""
        started = time.perf_counter()
        if doc_id is not None and doc_id not in self.rows_of:
            raise InvalidQuestionError(f"no document {doc_id!r} in the index")
        if points is not None:
            if isinstance(points, bool) or not isinstance(points, int):
                raise InvalidQuestionError(f"points must be a whole number, not {points!r}")
            points = clamp_points(points)
        notice = None
        if topic is not None and topic.strip():
            cleaned = clean_question(topic, self.bot.settings)
            if len(" ".join(topic.split())) > len(cleaned):
                notice = f"topic truncated to {self.bot.settings.max_question_chars} characters"
            briefing = self._topical(cleaned, points, doc_id)
        else:
            briefing = self._whole(points, doc_id)
        briefing.notice = notice
        briefing.seconds = time.perf_counter() - started
        return briefing

    # -- topic briefings

    def _scores(self, topic: str, rows: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(relevance, dense cosine, coverage) of ``rows`` for ``topic``.

        coverage = cosine + ``lexical_weight`` × the idf-weighted share of the topic's words
        the sentence holds; relevance adds the sentence's passage score in the hybrid search.
        """
        import numpy as np

        qvec = self.bot.retriever.embed_query(topic)
        dense = self.matrix[rows] @ qvec
        weights = {t: self._idf(t) for t in dict.fromkeys(tokenize(topic))}
        total = sum(weights.values()) or 1.0
        lexical = np.array(
            [sum(w for t, w in weights.items() if t in self.sents[r].terms) / total for r in rows],
            dtype=np.float32,
        )
        coverage = dense + self.cfg.lexical_weight * lexical
        passages = self.bot.retriever.search(topic, 12, vector=qvec)
        top = max((p.score for p in passages), default=1.0) or 1.0
        by_chunk = {p.chunk.id: p.score / top for p in passages}
        passage = np.array([by_chunk.get(self.sents[r].chunk.id, 0.0) for r in rows])
        # a sentence next to one that treats the topic shares in it, less with each sentence
        # between them: the details after a topic sentence ("Nisar outlines…") belong to the
        # topic even in other words, a passing mention does not carry its whole paragraph
        context = coverage.copy()
        where = {r: k for k, r in enumerate(rows)}
        for k, r in enumerate(rows):
            para = self.sents[r].paragraph
            for step in (-2, -1, 1, 2):
                j = where.get(r + step)
                if j is not None and self.sents[r + step].paragraph == para:
                    share = self.cfg.context_decay ** abs(step)
                    context[k] = max(context[k], share * float(coverage[j]))
        # a section whose heading names the topic: its sentences belong to it, even those
        # that never repeat the heading's words (only sections above the median count)
        heading = self.heading_vecs @ qvec + self.cfg.lexical_weight * np.array(
            [sum(w for t, w in weights.items() if t in h) / total for h in self.heading_terms],
            dtype=np.float32,
        )
        heading[~self.heading_vecs.any(axis=1)] = 0.0
        sections = self.section_of[rows]
        section = np.maximum(heading[sections] - float(np.median(heading[sections])), 0.0)
        relevance = (
            coverage
            + self.cfg.passage_weight * passage
            + self.cfg.paragraph_weight * np.maximum(context - coverage, 0.0)
            + self.cfg.section_weight * section
        )
        return relevance.astype(np.float32), dense, coverage

    def coverage(self, topic: str) -> float:
        """How well the corpus's best sentence covers ``topic`` (what abstention is decided on)."""
        _, _, coverage = self._scores(topic, list(range(len(self.sents))))
        return float(coverage.max()) if len(coverage) else 0.0

    def _idf(self, term: str) -> float:
        import math

        return math.log(1 + self.n / (1 + self.df.get(term, 0)))

    def unknown_terms(self, topic: str) -> list[str]:
        """Names, acronyms and figures in ``topic`` that the corpus never mentions.

        A name this vocabulary misses is checked once more against the answer layer's
        lexicon, which also knows places by their capitals and demonyms and the
        abbreviations the corpus defines ("Seoul" for a text that says the country).
        """
        missing = self.vocabulary.unknown_terms(topic)
        lexicon = self._lexicon()
        if lexicon is None or not missing:
            return missing
        return [t for t in missing if lexicon.entity_status(t) != "known"]

    def _lexicon(self) -> Any:
        answerer = getattr(self.bot, "answerer", None)
        return getattr(answerer, "lexicon", None) or getattr(
            getattr(answerer, "grounded", None), "lexicon", None
        )

    def _topical(self, topic: str, points: int | None, doc_id: str | None) -> Briefing:
        import numpy as np

        rows = self.rows_of[doc_id] if doc_id else list(range(len(self.sents)))
        title = f"Briefing: {topic[:1].upper()}{topic[1:]}"
        if not rows:
            return self._abstain(topic, title, [], dense=None, doc_id=doc_id, missing=[])
        relevance, _, coverage = self._scores(topic, rows)
        missing = self.unknown_terms(topic)
        form = form_of(topic)
        formed = [k for k, r in enumerate(rows) if form(self.sents[r].text)] if form else []
        if formed:
            # a topic asking for a form of material ("people quoted"): those sentences are it
            relevance[formed] += 2.0 * max(float(relevance.max()), 0.1)  # above any floor
        elif missing or float(coverage.max()) < self.cfg.min_coverage:
            return self._abstain(topic, title, rows, dense=coverage, doc_id=doc_id, missing=missing)
        if missing:
            return self._abstain(topic, title, rows, dense=coverage, doc_id=doc_id, missing=missing)
        order = np.argsort(-relevance, kind="stable")
        best = float(relevance[order[0]])
        pool = [int(i) for i in order[:40] if relevance[i] >= self.cfg.relative_floor * best]
        if points is not None and len(pool) <= points:  # asked for more: the next best too
            pool = [int(i) for i in order[: max(40, 3 * points)]]
        rel = {rows[i]: float(relevance[i]) for i in pool}
        # as many points as relevant candidates, within the budget the renderer enforces
        want = points or min(DEFAULT_TOPIC_POINTS, max(DEFAULT_TOPIC_MIN, len(pool)))
        chosen: list[int] = []
        anchor = self._enumeration([rows[i] for i in pool], points or DEFAULT_MAX_POINTS)
        if anchor is not None:
            chosen = list(self.enumerations[anchor])
            for r in chosen:
                rel[r] = best  # a list is kept whole: its items go last when cutting
            if points is None:
                want = min(DEFAULT_MAX_POINTS, max(want, len(chosen)))
        chosen = self._mmr([rows[i] for i in pool], rel, chosen, want + 1)
        bottom = anchor if anchor is not None else self._central(chosen, rel)
        body = [r for r in chosen if r != bottom][:want]
        return self._render(title, topic, bottom, body, doc_id=doc_id, rel=rel, asked=points)

    def _enumeration(self, ranked: list[int], limit: int) -> int | None:
        """The enumeration the topic is about: its announcing sentence is among the five most
        relevant, or two of its items are among the eight most relevant (one item alone means
        the topic is that item, not the list). None when its items do not fit in ``limit``
        points: a list longer than the points asked for is left out, never cut."""
        for r in ranked[:8]:
            anchor = r if r in self.enumerations else self.item_of.get(r)
            if anchor is None or len(self.enumerations[anchor]) > limit:
                continue
            items = set(self.enumerations[anchor])
            if anchor in ranked[:5] or len(items & set(ranked[:8])) >= 2:
                return anchor
        return None

    def _mmr(
        self, candidates: list[int], rel: dict[int, float], chosen: list[int], k: int
    ) -> list[int]:
        """Maximal marginal relevance over sentence vectors; near-duplicates never enter."""
        chosen = list(chosen)
        lam = self.cfg.mmr_lambda
        top = max(rel.values()) or 1.0
        remaining = [r for r in candidates if r not in chosen]
        while remaining and len(chosen) < k:
            best_row, best_value = None, -1e9
            for r in remaining:
                sim = max((float(self.matrix[r] @ self.matrix[c]) for c in chosen), default=0.0)
                if sim >= self.cfg.max_similar or self._repeats(r, chosen):
                    continue
                same = sum(1 for c in chosen if self._paragraph(c) == self._paragraph(r))
                # cover the topic's paragraphs before taking a second sentence from one
                value = (
                    lam * self._worth(r, rel[r]) / top
                    - (1 - lam) * sim
                    - self.cfg.paragraph_penalty * max(0, same - self.cfg.paragraph_free + 1)
                )
                if value > best_value:
                    best_row, best_value = r, value
            if best_row is None:
                break
            chosen.append(best_row)
            remaining.remove(best_row)
        return chosen

    def _paragraph(self, row: int) -> tuple[str, int]:
        return (self.sents[row].chunk.doc_id, self.sents[row].paragraph)

    def _worth(self, row: int, relevance: float) -> float:
        """A candidate's value as a point: its relevance, raised by the specifics it carries
        (figures, names, defined terms), lowered for a vague lead-in; an enumeration's items
        are worth their relevance (the list itself is the specific)."""
        if row in self.item_of or row in self.enumerations:
            return relevance * (1.0 + self.cfg.specific_weight)
        worth = relevance * (1.0 + self.cfg.specific_weight * float(self.specific[row]))
        return worth * (1.0 - self.cfg.vague_penalty) if self.vague[row] else worth

    def _repeats(self, row: int, chosen: list[int]) -> bool:
        a = self.sents[row].terms
        for c in chosen:
            b = self.sents[c].terms
            if a and b and len(a & b) / len(a | b) > 0.6:
                return True
        return False

    def _central(self, chosen: list[int], rel: dict[int, float]) -> int:
        """The bottom line: among the most relevant chosen sentences, the one closest to the
        others (the topic's own thesis sentence)."""
        if len(chosen) == 1:
            return chosen[0]
        top = max(rel[r] for r in chosen)
        best, value = chosen[0], -1e9
        for r in chosen:
            if rel[r] < 0.8 * top:
                continue
            others = [c for c in chosen if c != r]
            closeness = sum(float(self.matrix[r] @ self.matrix[c]) for c in others) / len(others)
            v = closeness + rel[r] / top + (0.05 if self.sents[r].para_first else 0.0)
            text = self.sents[r].text.strip()
            if _LEANS_BACK.match(text):
                v -= 0.15  # "But such an approach…" needs the sentence before it
            if text.endswith("?") or self.vague[r]:
                v -= 0.15  # a question or a bare lead-in is no bottom line
            if v > value:
                best, value = r, v
        return best

    # -- whole-document briefings

    def _whole(self, points: int | None, doc_id: str | None) -> Briefing:
        doc_ids = [doc_id] if doc_id else self.doc_ids
        if not doc_ids:
            return self._abstain(None, "Briefing", [], dense=None, doc_id=doc_id, missing=[])
        want = points or DEFAULT_MAX_POINTS
        if len(doc_ids) == 1:
            doc = doc_ids[0]
            title = f"Briefing: {self.documents.get(doc, {}).get('title') or doc}"
            thesis, leads, rel = self._structure(doc, want)
            return self._render(title, None, thesis, leads, doc_id=doc_id, rel=rel, asked=points)
        # several documents: each one's thesis, the largest documents first
        ranked = sorted(doc_ids, key=lambda d: -len(self.rows_of[d]))
        theses = [self._structure(d, 1)[0] for d in ranked[: want + 1]]
        title = f"Briefing: {len(doc_ids)} documents"
        rel = {row: float(len(theses) - i) for i, row in enumerate(theses)}  # larger first
        bottom = theses[0]
        body = [r for r in theses if r != bottom][:want]
        return self._render(title, None, bottom, body, doc_id=None, rel=rel, asked=points)

    def _structure(self, doc: str, want: int) -> tuple[int, list[int], dict[int, float]]:
        """(thesis, section leads, their weights) of a document: the thesis is the most
        central sentence of its opening section; each section's lead the most central of its
        first sentences, weighted by centrality and section length; the conclusion (the last
        section) weighs most, so it is the last to go when the briefing runs long."""
        rows = self.rows_of[doc]
        sections: dict[tuple[str, ...], list[int]] = {}
        for r in rows:
            sections.setdefault(self.sents[r].chunk.section_path, []).append(r)
        groups = list(sections.values())
        opening = groups[0]
        thesis = max(
            opening[:12],
            key=lambda r: (
                float(self.centrality[r]) + (0.2 if _THESIS.search(self.sents[r].text) else 0)
            ),
        )
        leads: list[tuple[float, int, int]] = []  # (weight, position, row)
        for pos, group in enumerate(groups):
            heads = [r for r in group[:4] if r != thesis]
            if not heads:
                continue
            lead = max(heads, key=self._lead_value)
            weight = float(self.centrality[lead]) * (len(group) ** 0.5)
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
                float(self.matrix[r] @ self.matrix[c]) >= self.cfg.max_similar
                for c in [thesis, *out]
            ):
                continue
            out.append(r)
        weights = {row: weight for weight, _, row in leads}
        if last is not None:
            weights[last[2]] = max(weights.values()) + 1.0
        weights[thesis] = max(weights.values(), default=0.0) + 1.0
        return thesis, out, weights

    def _lead_value(self, row: int) -> float:
        """How well a sentence leads its section: central, opening a paragraph, or announcing
        the section's enumeration ("there are four types of…")."""
        bonus = 0.05 if self.sents[row].para_first else 0.0
        return float(self.centrality[row]) + bonus + (0.1 if row in self.enumerations else 0.0)

    # -- rendering


# A sentence that leans on the one before it: a poor bottom line on its own.
_LEANS_BACK = re.compile(
    r"^(?:but|and|or|so|yet|this|these|that|those|such|it|its|they|their|he|she|likewise|"
    r"similarly|however|moreover|meanwhile|additionally|also|thus|hence|therefore|finally|"
    r"instead|still|as a result|in addition|for instance|for example)\b",
    re.IGNORECASE,
)
# A sentence that states what the document argues ("this memo argues…", "our central claim").
_THESIS = re.compile(
    r"\b(?:argues?|argued|argument|contends?|thesis|central claim|main claim|we propose|"
    r"(?:this|the|our)\s+(?:paper|memo|report|article|essay|study|brief|note)\s+"
    r"(?:shows|finds|argues|proposes|concludes|maintains))\b",
    re.IGNORECASE,
)
