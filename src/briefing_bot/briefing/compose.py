"""The briefing composer: a cited, non-redundant briefing from the corpus's own sentences.

For a topic, the candidate sentences are those of the documents its best passages come from
(hybrid retrieval). Each gets a *relevance* (:mod:`briefing_bot.briefing.relevance`): its MiniLM
cosine to the topic (computed at index time, ``Index.sentence_vectors``) plus the idf-weighted
share of the topic's content words it holds (a word counts under the abbreviation the corpus
defines for it, "NSR" for "Northern Sea Route", and the other way round), plus its passage's
hybrid retrieval score, plus a share of a neighbouring sentence's coverage (the details after a
topic sentence), plus how well its *section heading* matches the topic (cosine and words, above
the median section), plus, for subject words the corpus puts otherwise ("funding" where it says
"invest"), the sentence's closeness to them; a facet topic's ("costs of X") candidates in a
section headed by its facet word ("Weighing the costs") gain a share of the best relevance
(``facet_heading``). The points are then chosen
(:mod:`briefing_bot.briefing.select`) by maximal marginal relevance over the sentence vectors,
valuing each candidate by the fitted point scorer's P(fact)
(:mod:`briefing_bot.briefing.points`: a logistic model over what the composer knows of the
sentence, fitted on the dev briefing requests) times its relevance, raised for the specifics it
carries (figures, names, defined terms, quotations) and lowered for a vague lead-in, and
charging a second point from one paragraph, so that the briefing covers the topic's paragraphs
rather than several sentences of one. An enumeration the topic is about ("three reasons" and
"The first reason…", "A second…", or a numbered list: its announcing sentence ranks high, or half
of its items do by their own words, or it is announced as what the topic's facet names: "three
obstacles" for "obstacles to X", :mod:`briefing_bot.briefing.facets`) is kept whole, or gives
its first items when fewer points were asked for; a point that only announces its content ("A
third risk is political.") is followed by the sentence that carries it, as is a list item
without a single specific, and a point whose paragraph ends in a question (a transcript's
question from the floor) by the answer in the next paragraph (past a bare "No, and thank you for
asking."); an over-long briefing first loses clauses that carry nothing, then is cut to a common
cap keeping each sentence's specifics; the room left goes to the clauses of each point's
paragraph neighbours that add a figure or a name the briefing lacks (the subject and those
clauses, the most specifics per word first), so a point carries its paragraph's facts rather
than one sentence of them; points follow the document's order; the bottom line is the most
central of the most relevant sentences (not a question, a lead-in or a table row).

A topic that asks for a form of material ("people quoted", "the key figures", "the
recommendations") takes the sentences of that form
(:func:`briefing_bot.briefing.signals.form_of`). A whole-document briefing follows the
document's structure (:mod:`briefing_bot.briefing.structure`).

The corpus does not cover a topic when no sentence comes close enough to it (cosine plus the
share of the topic's words it holds, below ``min_coverage``), when the topic names something
the corpus never mentions, or when half or more of its subject words are words the corpus
never uses and nothing among the candidates means them
(:mod:`briefing_bot.briefing.absence`); the briefing then says so, names what is missing and
shows the nearest passages.
``min_coverage`` and the other settings are documented in
:class:`~briefing_bot.briefing.settings.BriefingSettings` (what was fitted on what).

Opening a composer costs nothing per sentence: the per-document tables
(:mod:`briefing_bot.briefing.tables`) are built when a briefing first needs them and kept in a
bounded LRU; word statistics come from the lexicon the index keeps beside itself.
"""

from __future__ import annotations

import math
import threading
import time
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from briefing_bot.answering.types import clean_question
from briefing_bot.briefing.absence import Absence
from briefing_bot.briefing.facets import facet_of, facet_stems
from briefing_bot.briefing.parts import Parts
from briefing_bot.briefing.points import PointScoring
from briefing_bot.briefing.relevance import Relevance
from briefing_bot.briefing.render import Renderer
from briefing_bot.briefing.requests import clamp_points
from briefing_bot.briefing.select import Selection, fill_pool
from briefing_bot.briefing.settings import (
    DEFAULT_MAX_POINTS,
    DEFAULT_TOPIC_MIN,
    DEFAULT_TOPIC_POINTS,
    BriefingSettings,
)
from briefing_bot.briefing.signals import form_of
from briefing_bot.briefing.structure import Structure
from briefing_bot.briefing.tables import STRIDE, DocTable, Sentence, TableCache, build_table
from briefing_bot.briefing.types import Briefing
from briefing_bot.briefing.vocabulary import Vocabulary
from briefing_bot.errors import InvalidQuestionError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

    from briefing_bot.answering.lexicon import Lexicon
    from briefing_bot.answering.spelling import Speller
    from briefing_bot.chunking import Chunk
    from briefing_bot.config import Settings
    from briefing_bot.index import Index
    from briefing_bot.retrieval import HybridSearch, Passage


class Host(Protocol):
    """What the composer needs of an assistant (the assistant sits above this package)."""

    index: Index
    retriever: HybridSearch
    settings: Settings


__all__ = ["BriefingComposer", "BriefingSettings", "Host"]


class BriefingComposer(Relevance, Selection, Structure, Parts, Renderer, PointScoring):
    """Briefings over one assistant's index.

    Example:
        >>> composer = BriefingComposer(bot)
        >>> composer.brief("export controls", points=4).text
    """

    def __init__(self, assistant: Host, settings: BriefingSettings | None = None) -> None:
        self.bot = assistant
        self.cfg = settings or BriefingSettings()
        self.documents: dict[str, Any] = assistant.index.documents
        self.tables = TableCache(lambda: assistant.index.chunks, self._build, self.cfg.table_cache)
        self._headings: dict[str, Any] = {}  # heading text → vector, shared by documents
        self._absent_vecs: dict[str, Any] = {}  # absent subject words → their vector
        self._scratch = threading.local()  # one request's intermediate arrays (see _scores)
        self.record = False  # keep each topic briefing's candidates and features (fitting)
        self.recorded: tuple[list[int], Any] | None = None

    # -- corpus access (lazy)

    def _build(self, doc_id: str, base: int, chunks: Sequence[Chunk]) -> DocTable:
        return build_table(doc_id, base, chunks, self.bot.index.sentence_vectors, self._embed)

    def _embed(self, texts: list[str]) -> np.ndarray:
        """Heading vectors, each heading embedded once (kept while the cache has room)."""
        import numpy as np

        fresh: dict[str, np.ndarray] = {}
        todo = [t for t in dict.fromkeys(texts) if t not in self._headings]
        if todo:
            got = self.bot.retriever.embeddings.embed_documents(todo)
            for t, v in zip(todo, got, strict=True):
                fresh[t] = np.asarray(v, dtype=np.float32)
                if len(self._headings) < self.cfg.heading_cache:
                    self._headings[t] = fresh[t]
        return np.stack([fresh[t] if t in fresh else self._headings[t] for t in texts])

    @cached_property
    def speller(self) -> Speller:
        """Typing slips in a topic, read as the words the corpus uses (answering/spelling.py)."""
        from briefing_bot.answering.spelling import Speller

        return Speller(self.lexicon)

    @cached_property
    def lexicon(self) -> Lexicon:
        """The corpus's lexicon: the answer layer's table, kept beside the index (one copy in
        memory for both layers: the index hands the same loaded table to each)."""
        from briefing_bot.answering.lexicon import Lexicon
        from briefing_bot.answering.tables import corpus_table

        chunks = self.bot.index.chunks
        lexicon: Lexicon = corpus_table(
            self.bot.index, "answering-lexicon", lambda: Lexicon(chunks)
        )
        return lexicon

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.lexicon)

    @cached_property
    def absence(self) -> Absence:
        lexicon = self.lexicon
        return Absence(
            lambda stem: stem in lexicon.df,
            lambda: list(lexicon.words),
            lambda word: lexicon.entity_status(word) == "known" and bool(lexicon.resolve(word)),
        )

    @property
    def doc_ids(self) -> list[str]:
        return self.tables.doc_ids

    def _sent(self, row: int) -> Sentence:
        return self.tables.of_row(row).sents[row % STRIDE]

    def _vec(self, row: int) -> np.ndarray:
        return self.tables.of_row(row).matrix[row % STRIDE]

    def _vecs(self, rows: Sequence[int]) -> np.ndarray:
        import numpy as np

        if not rows:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._vec(r) for r in rows])

    def _next(self, row: int) -> int | None:
        """The next body sentence of the same document, if any."""
        return row + 1 if (row + 1) % STRIDE < len(self.tables.of_row(row).sents) else None

    def _vague(self, row: int) -> bool:
        return self.tables.of_row(row).vague[row % STRIDE]

    def _tabular(self, row: int) -> bool:
        return self.tables.of_row(row).tabular[row % STRIDE]

    def _specific(self, row: int) -> float:
        return float(self.tables.of_row(row).specific[row % STRIDE])

    def _centrality(self, row: int) -> float:
        return float(self.tables.of_row(row).centrality[row % STRIDE])

    def _items(self, row: int) -> list[int] | None:
        """The items of the enumeration ``row`` announces, if it announces one."""
        return self.tables.of_row(row).enumerations.get(row)

    def _section(self, row: int) -> tuple[str, tuple[str, ...]]:
        chunk = self._sent(row).chunk
        return (chunk.doc_id, chunk.section_path)

    def _anchor(self, row: int) -> int | None:
        """The announcing sentence of the enumeration ``row`` is an item of, if any."""
        return self.tables.of_row(row).anchor_of.get(row)

    def _announced(self, row: int) -> frozenset[str]:
        """The stems of what enumeration anchor ``row`` announces ("three obstacles":
        {"obstacl"}); none for a sentence that announces no list."""
        return self.tables.of_row(row).announced.get(row, frozenset())

    def _idf(self, term: str) -> float:
        lex = self.lexicon
        return math.log(1 + lex.n / (1 + lex.df.get(term, 0)))

    def _df(self, term: str) -> int:
        return int(self.lexicon.df.get(term, 0))

    # -- public

    def brief(
        self, topic: str | None = None, *, points: int | None = None, doc_id: str | None = None
    ) -> Briefing:
        """A briefing on ``topic`` (None: the whole corpus, or document ``doc_id``)."""
        started = time.perf_counter()
        if doc_id is not None and doc_id not in self.tables.by_doc:
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
            if self.cfg.correct_slips:
                cleaned, slips = self.speller.correct(cleaned)  # "semiconducter supply chains"
                if slips:
                    from briefing_bot.answering.spelling import read_as

                    notice = "; ".join(n for n in (notice, read_as(slips)) if n)
            part = self._part(cleaned, points, doc_id)  # "the executive summary"
            briefing = part if part is not None else self._topical(cleaned, points, doc_id)
        else:
            briefing = self._whole(points, doc_id)
        briefing.notice = notice
        briefing.seconds = time.perf_counter() - started
        return briefing

    def coverage(self, topic: str) -> float:
        """How well the corpus's best sentence covers ``topic`` (what abstention is decided on)."""
        qvec = self.bot.retriever.embed_query(topic)
        passages = self._passages(topic, qvec)
        rows = self._candidates(None, passages)
        if not rows:
            return 0.0
        _, _, coverage = self._scores(topic, rows, qvec, passages)
        return float(coverage.max())

    def absent(self, topic: str, rows: list[int] | None = None) -> tuple[list[str], float, float]:
        """(absent subject words, their share of the subject words, their closeness in
        meaning to the candidate sentences): what the absence rule decides on."""
        words, share = self.absence.absent(topic)
        if not words:
            return words, share, 1.0
        if rows is None:
            rows = self._candidates(None, self._passages(topic, self._embed_query(topic)))
        if not rows:
            return words, share, 0.0
        vec = self._embed_absent(words)
        return words, share, float((self._vecs(rows) @ vec).max())

    def _embed_query(self, text: str) -> np.ndarray:
        return self.bot.retriever.embed_query(text)

    def _embed_absent(self, words: list[str]) -> np.ndarray:
        """The vector of a topic's absent subject words, embedded once per set of words
        (scoring and the absence rule both ask for it; a chat asks the same topic again)."""
        key = " ".join(words)
        vec = self._absent_vecs.get(key)
        if vec is None:
            vec = self._embed_query(key)
            if len(self._absent_vecs) >= self.cfg.heading_cache:
                self._absent_vecs.pop(next(iter(self._absent_vecs)))  # the oldest goes
            self._absent_vecs[key] = vec
        return vec

    def unknown_terms(self, topic: str) -> list[str]:
        """Names, acronyms and figures in ``topic`` that the corpus never mentions.

        A name the vocabulary misses is checked once more against the lexicon's entity
        status, which also knows places by their capitals and demonyms and the abbreviations
        the corpus defines ("Oslo" for a text that says the country).
        """
        missing = self.vocabulary.unknown_terms(topic)
        return [t for t in missing if self.lexicon.entity_status(t) != "known"]

    # -- topic briefings

    def _passages(self, topic: str, qvec: np.ndarray) -> list[Passage]:
        return self.bot.retriever.search(topic, self.cfg.candidate_passages, vector=qvec)

    def _candidates(self, doc_id: str | None, passages: list[Passage]) -> list[int]:
        """The sentences a topic briefing chooses from: one document's, or those of the
        documents the topic's best passages come from (never the whole corpus)."""
        if doc_id is not None:
            return self.tables.table(doc_id).rows
        docs = list(dict.fromkeys(p.chunk.doc_id for p in passages))[: self.cfg.candidate_docs]
        docs.sort(key=self.tables.ordinal)
        return [r for d in docs for r in self.tables.table(d).rows]

    def _facet_headed(self, topic: str, rows: list[int], relevance: np.ndarray) -> np.ndarray:
        """``relevance`` with the sentences of a section whose heading (or an enclosing one)
        names the topic's facet ("Weighing the costs" for "costs of the four options") raised
        by ``facet_heading`` of the best: the document's own section on the facet holds it,
        where the subject's words lead to where the subject is described (the options)."""
        import numpy as np

        facet = facet_stems(topic)
        lift = np.zeros(len(rows), dtype=bool)
        for table in {id(t): t for t in (self.tables.of_row(r) for r in rows)}.values():
            named = [bool(h & facet) for h in table.heading_terms]
            if not any(named):
                continue
            for h in range(len(named)):
                up = table.heading_parent[h]  # an enclosing heading names it for its sub-sections
                while not named[h] and up >= 0:
                    named[h], up = named[up], table.heading_parent[up]
            mine = [k for k, r in enumerate(rows) if r // STRIDE == table.base // STRIDE]
            lift[mine] = np.array(named)[table.section_of[[rows[k] % STRIDE for k in mine]]]
        return relevance + lift * (self.cfg.facet_heading * float(relevance.max()))

    def _topical(
        self, topic: str, points: int | None, doc_id: str | None, title: str | None = None
    ) -> Briefing:
        import numpy as np

        title = title or f"Briefing: {topic[:1].upper()}{topic[1:]}"
        qvec = self.bot.retriever.embed_query(topic)
        passages = self._passages(topic, qvec)
        rows = self._candidates(doc_id, passages)
        if not rows:
            return self._abstain(topic, title, [], dense=None, doc_id=doc_id, missing=[])
        relevance, _, coverage = self._scores(topic, rows, qvec, passages)
        missing = self.unknown_terms(topic)
        form = form_of(topic)
        formed = [k for k, r in enumerate(rows) if form(self._sent(r).text)] if form else []
        if formed:
            # a topic asking for a form of material ("people quoted"): those sentences are it
            relevance[formed] += 2.0 * max(float(relevance.max()), 0.1)  # above any floor
        elif missing or float(coverage.max()) < self.cfg.min_coverage:
            missing = missing or self.absence.absent(topic)[0]  # say what it never uses
            return self._abstain(topic, title, rows, dense=coverage, doc_id=doc_id, missing=missing)
        else:
            # subject words the corpus never uses, and nothing it says means them
            absent, share, close = self.absent(topic, rows)
            if (
                share >= self.cfg.absent_share
                and close < self.cfg.min_absent_similarity
                and float(coverage.max()) < self.cfg.absent_coverage
            ):
                missing = absent
            elif share >= 1.0 and len(absent) > 1:
                missing = absent  # none of its subject words, in any form
            else:  # "X in Y", Y never said; "X and Y", "how X affects Y", Y never said
                missing = self.absence.absent_setting(topic) or self.absence.absent_conjunct(topic)
        if missing:
            return self._abstain(topic, title, rows, dense=coverage, doc_id=doc_id, missing=missing)
        if self.cfg.facet_heading and facet_of(topic):
            relevance = self._facet_headed(topic, rows, relevance)
        order = np.argsort(-relevance, kind="stable")
        best = float(relevance[order[0]])
        # the most relevant candidates are in the pool however far the best stands out (a
        # topic sentence scoring far above the rest left its details below the floor), those
        # of a section that has one above the floor: the details, not another subject
        floor = self.cfg.relative_floor * best
        pool = [int(i) for i in order[:40] if relevance[i] >= floor]
        above = len(pool)
        sections = {self._section(rows[i]) for i in pool}
        pool += [
            int(i)
            for i in order[: self.cfg.min_pool]
            if relevance[i] < floor and self._section(rows[int(i)]) in sections
        ]
        pool = fill_pool(pool, [int(i) for i in order], points, DEFAULT_TOPIC_MIN + 1)
        rel = {rows[i]: float(relevance[i]) for i in pool}
        value = self._point_values(rows, relevance, pool)
        if value is not None:
            rel = {rows[i]: float(v) for i, v in zip(pool, value, strict=True)}
        top_value = max(rel.values(), default=best)
        # as many points as candidates above the floor (the details admitted below it give
        # more to choose from, not more points), within the budget the renderer enforces
        want = points or min(DEFAULT_TOPIC_POINTS, max(DEFAULT_TOPIC_MIN, above))
        chosen: list[int] = []
        # a list is about the topic when its own sentences are, not when they only sit next
        # to one that is: ranked without what neighbours lent
        own = relevance - self._scratch.lift
        ranked = sorted(pool, key=lambda i: -float(own[i]))
        anchor = self._enumeration(
            [rows[i] for i in pool],
            points or DEFAULT_MAX_POINTS,
            [rows[i] for i in ranked],
            cut=points is not None,
            facet=facet_stems(topic) if self.cfg.facet_lists else frozenset(),
            borrowed={rows[i] for i in pool if self._scratch.behind[i]},
        )
        if anchor is not None:
            # a list longer than the points asked for gives its first items: a document
            # lists what matters most first more often than last
            chosen = list(self._items(anchor) or [])[: points or None]
            for r in chosen:
                rel[r] = top_value  # a list is kept whole: its items go last when cutting
            if points is None:
                want = min(DEFAULT_MAX_POINTS, max(want, len(chosen)))
        # a facet request ("risks of X") wants distinct items: its candidates are valued per word
        per_word = self.cfg.facet_word_power if facet_of(topic) else 0.0
        chosen = self._mmr([rows[i] for i in pool], rel, chosen, want + 1, per_word=per_word)
        bottom = anchor if anchor is not None else self._central(chosen, rel)
        body = [r for r in chosen if r != bottom][:want]
        if anchor is not None and points is None and self.cfg.whole_lists and formed:
            body = self._whole_list(anchor, body)
        extras: dict[int, list[int]] = {}
        fill: dict[int, list[int]] = {}
        if self.cfg.attach_clauses:
            every = {rows[k]: float(v) for k, v in enumerate(relevance)}
            extras = self._attachments(bottom, body, every)
            if self.cfg.fill_room:
                fill = self._attachments(bottom, body, every, specific=False)
        return self._render(
            title,
            topic,
            bottom,
            body,
            doc_id=doc_id,
            rel=rel,
            asked=points,
            extras=extras,
            fill=fill,
        )
