"""The briefing composer: a cited, non-redundant briefing from the corpus's own sentences.

For a topic: every body sentence is scored against it (its MiniLM cosine, computed at index
time, plus the idf-weighted share of the topic's words it holds, plus the hybrid retrieval
score of its passage); the relevant ones are chosen by maximal marginal relevance over the
sentence vectors, so points come from several sections and never repeat one another; an
enumeration that the topic touches ("four factors" and the sentences opening "First…",
"Second…") is kept whole; each point is trimmed to the clauses that carry it; points follow the
document's order; the bottom line is the most central of the most relevant sentences.

For a whole document (no topic): its thesis (the sentence closest to the document's centroid
among its opening section) as the bottom line, then the lead of each major section, the
conclusion included.

The corpus does not cover a topic when no sentence comes close enough to it (cosine plus the
share of the topic's words it holds, below ``min_coverage``) or when the topic names something
the corpus never mentions; the briefing then says so and shows the nearest passages.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from briefing_bot.answering.types import Citation, EndnoteRef, clean_question
from briefing_bot.briefing.requests import clamp_points
from briefing_bot.briefing.signals import form_of, is_vague, specificity, specifics
from briefing_bot.briefing.text import find_enumerations, lean_sentence, trim_sentence
from briefing_bot.briefing.types import Briefing, BriefPoint
from briefing_bot.briefing.vocabulary import Vocabulary
from briefing_bot.chunking import Chunk
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


DEFAULT_MAX_POINTS = 7
DEFAULT_MIN_POINTS = 3
DEFAULT_TOPIC_MIN = 4  # points a topic briefing aims for when the material allows
DEFAULT_TOPIC_POINTS = 7  # at most, unless asked or an enumeration needs more


@dataclass
class BriefingSettings:
    """The composer's knobs. ``min_coverage`` is fitted by
    :func:`briefing_bot.briefing.calibrate.calibrate` on dev data only (0.427: the dev questions
    of ``eval/paper``, see that module); the rest are design choices checked on the dev
    briefing requests (``eval/paper/briefs-dev.jsonl``)."""

    min_coverage: float = 0.381  # fitted: see the class docstring
    relative_floor: float = 0.6  # a candidate scores at least this share of the best one
    strong_share: float = 0.5  # candidates this close to the best set the default point count
    mmr_lambda: float = 0.85  # relevance vs. novelty in maximal marginal relevance
    max_similar: float = 0.82  # two sentences closer than this repeat each other
    lexical_weight: float = 0.35
    passage_weight: float = 0.15
    paragraph_weight: float = 0.8  # weight of a neighbour's coverage above a sentence's own
    context_decay: float = 0.9  # a neighbour's coverage counts this much per sentence away
    min_point_words: int = 40  # below this common cap, drop a point rather than cut them all
    max_words: int = 250  # the whole text, title and labels included
    words_per_point: int = 36  # the budget per point when more than 7 are asked for
    section_weight: float = 0.5  # weight of the sentence's section heading matching the topic
    specific_weight: float = 0.3  # relevance gain of a sentence full of specifics
    vague_penalty: float = 0.4  # relevance lost by a short sentence with no specifics
    paragraph_penalty: float = 0.08  # MMR cost of each further point from one paragraph…
    paragraph_free: int = 1  # …once it has given this many
    rare_df: int = 2  # a word in at most this many sentences is news: its clause stays
    lead_in_words: int = 12  # an enumeration item this short is followed by its next sentence


@dataclass
class _Sent:
    row: int
    chunk: Chunk
    index: int  # sentence number within the chunk
    text: str
    terms: frozenset[str]
    para_first: bool
    paragraph: int  # paragraph number in its document


class BriefingComposer:
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
        self.sents: list[_Sent] = []
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
                    _Sent(len(self.sents), chunk, i, text, frozenset(tokenize(text)), first, para)
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
        """Names, acronyms and figures in ``topic`` that the corpus never mentions."""
        return self.vocabulary.unknown_terms(topic)

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
            relevance[formed] += float(relevance.max())
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
        strong = sum(1 for i in pool if relevance[i] >= self.cfg.strong_share * best)
        want = points or min(DEFAULT_TOPIC_POINTS, max(DEFAULT_TOPIC_MIN, strong))
        chosen: list[int] = []
        anchor = self._enumeration([rows[i] for i in pool], points or DEFAULT_MAX_POINTS)
        if anchor is not None:
            chosen = list(self.enumerations[anchor])
            for r in chosen:
                rel.setdefault(r, best)
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

    def _render(
        self,
        title: str,
        topic: str | None,
        bottom: int | None,
        body: list[int],
        *,
        doc_id: str | None,
        rel: dict[int, float],
        asked: int | None,
    ) -> Briefing:
        body = sorted(body, key=self._position)
        picked = [*([bottom] if bottom is not None else []), *body]
        several = len({self.sents[r].chunk.doc_id for r in picked}) > 1
        budget = self.cfg.max_words
        if asked is not None and asked > DEFAULT_MAX_POINTS:
            budget = max(budget, self.cfg.words_per_point * asked)

        def overhead(rows: list[int]) -> int:
            # the words around the sentences: title, "Bottom line:", bullets, document names
            words = len(title.split()) + (2 if bottom is not None else 0) + len(body)
            if several:
                words += sum(len(self.sents[r].chunk.title.split()) for r in rows)
            return words

        terms = set(tokenize(topic)) if topic else set()

        def payload(text: str) -> float:
            # a whole-document brief keeps clauses in reading order (the main clause first)
            found = terms & set(tokenize(text))
            return sum(self._idf(t) for t in found) + (0.01 * len(text.split()) if terms else 0)

        floor = asked if asked is not None else DEFAULT_MIN_POINTS
        source = {r: " ".join(self.sents[r].text.split()) for r in picked}
        if terms and sum(len(t.split()) for t in source.values()) > budget - overhead(picked):
            # too long whole: first drop what carries nothing (no topic word, no specific)
            def carries(text: str) -> float:
                # topic words, specifics, or words the corpus rarely uses (a clause's news)
                rare = sum(1 for t in tokenize(text) if self.df.get(t, 0) <= self.cfg.rare_df)
                return payload(text) - 0.01 * len(text.split()) + specifics(text) + rare

            source = {r: lean_sentence(t, carries) for r, t in source.items()}
        while True:
            rows = ([bottom] if bottom is not None else []) + body
            room = budget - overhead(rows)
            lengths = [len(source[r].split()) for r in rows]
            cap = _common_cap(lengths, room)
            if sum(lengths) <= room or cap >= self.cfg.min_point_words or len(body) <= floor:
                break
            # rather than cut every point short, the least relevant point goes
            body.remove(min(body, key=lambda r: (rel.get(r, 0.0), -r)))
        texts = [trim_sentence(source[r], cap, payload) for r in rows]
        while sum(len(t.split()) for t in texts) > budget - overhead(rows) and len(body) > floor:
            # a sentence kept whole (its payload cannot be cut) may still overrun
            drop = min(body, key=lambda r: (rel.get(r, 0.0), -r))
            texts.pop(rows.index(drop))
            rows.remove(drop)
            body.remove(drop)
        room = budget - overhead(rows) - sum(len(t.split()) for t in texts)
        follow = self._continuations(rows, texts, room, skip_first=bottom is not None)
        citations: dict[str, Citation] = {}
        made: list[BriefPoint] = []
        for r, trimmed in zip(rows, texts, strict=True):
            s = self.sents[r]
            nxt = follow.get(r)
            if nxt is not None:
                trimmed = f"{trimmed} {' '.join(self.sents[nxt].text.split())}"  # noqa: PLW2901
            text = f"*{s.chunk.title}*: {trimmed}" if several else trimmed
            cit = self._cite(citations, s)
            if nxt is not None:
                self._cite(citations, self.sents[nxt])
            made.append(
                BriefPoint(text, [cit.number], s.chunk.doc_id, s.chunk.title, s.chunk.locator)
            )
        return Briefing(
            title=title,
            bottom_line=made[0] if bottom is not None else None,
            points=made[1:] if bottom is not None else made,
            citations=list(citations.values()),
            topic=topic,
            doc_id=doc_id,
        )

    def _continuations(
        self, rows: list[int], texts: list[str], room: int, *, skip_first: bool
    ) -> dict[int, int]:
        """``{point row: next row}`` for points that only announce what follows ("A third
        risk is political.", "The first reason is poor data."): the next sentence of the same
        passage, which carries the specifics, joins the point while the word budget allows."""
        out: dict[int, int] = {}
        taken = set(rows)
        for k, r in enumerate(rows):
            if k == 0 and skip_first:
                continue  # the bottom line stands alone
            s = self.sents[r]
            short = len(texts[k].split()) <= self.cfg.lead_in_words
            if not (self.vague[r] or (short and r in self.item_of)):
                continue
            nxt = r + 1
            if nxt >= len(self.sents) or nxt in taken:
                continue
            n = self.sents[nxt]
            if n.chunk.id != s.chunk.id or n.index != s.index + 1 or nxt in self.item_of:
                continue
            words = len(n.text.split())
            if words <= room:
                out[r] = nxt
                taken.add(nxt)
                room -= words
        return out

    def _position(self, row: int) -> tuple[int, int]:
        s = self.sents[row]
        return (self.doc_ids.index(s.chunk.doc_id), row)

    def _cite(self, citations: dict[str, Citation], s: _Sent) -> Citation:
        chunk = s.chunk
        cit = citations.get(chunk.id)
        if cit is None:
            cit = Citation.for_chunk(len(citations) + 1, chunk)
            citations[chunk.id] = cit
        span = chunk.sentences[s.index]
        if span not in cit.highlights:
            cit.highlights.append(span)
            cit.highlights.sort()
        known = {e.number for e in cit.endnotes}
        for number in chunk.sentence_endnotes[s.index]:
            ref = _endnote_ref(self.documents, chunk.doc_id, number)
            if ref is not None and number not in known:
                cit.endnotes.append(ref)
                known.add(number)
        return cit

    def _abstain(
        self,
        topic: str | None,
        title: str,
        rows: list[int],
        *,
        dense: np.ndarray | None,
        doc_id: str | None,
        missing: list[str],
    ) -> Briefing:
        where = self._where(doc_id)
        what = f"“{topic}”" if topic else "this"
        message = f"{where} doesn't cover {what}"
        message += (
            f": it never mentions {', '.join(f'“{m}”' for m in missing)}." if missing else "."
        )
        citations: dict[str, Citation] = {}
        nearest: list[BriefPoint] = []
        if dense is not None and len(rows):
            import numpy as np

            for i in np.argsort(-dense)[:2]:
                if float(dense[i]) < 0.2:
                    break
                s = self.sents[rows[int(i)]]
                cit = self._cite(citations, s)
                nearest.append(
                    BriefPoint(
                        " ".join(s.text.split()),
                        [cit.number],
                        s.chunk.doc_id,
                        s.chunk.title,
                        s.chunk.locator,
                    )
                )
        return Briefing(
            title=title,
            bottom_line=None,
            points=nearest,
            citations=list(citations.values()),
            abstained=True,
            topic=topic,
            doc_id=doc_id,
            message=message,
        )

    def _where(self, doc_id: str | None) -> str:
        ids = [doc_id] if doc_id else self.doc_ids
        if len(ids) == 1:
            return f"“{self.documents.get(ids[0], {}).get('title') or ids[0]}”"
        return "The corpus"


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


def _common_cap(lengths: list[int], budget: int) -> int:
    """The largest per-sentence word cap under which sentences of ``lengths`` fit ``budget``."""
    if not lengths or sum(lengths) <= budget:
        return max(lengths, default=budget)
    lo, hi = 8, max(lengths)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sum(min(n, mid) for n in lengths) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _endnote_ref(documents: dict[str, Any], doc_id: str, number: int) -> EndnoteRef | None:
    """Endnote ``number`` of a document, from the index's document registry."""
    note = documents.get(doc_id, {}).get("endnotes", {}).get(str(number))
    if not note:
        return None
    return EndnoteRef(
        number=number,
        title=note.get("title"),
        publisher=note.get("publisher"),
        date=note.get("date"),
        url=note.get("url"),
        text=note.get("text", ""),
        sources=list(note.get("sources") or []),
    )
