"""A topic's relevance for each candidate sentence (the scoring half of
:class:`~briefing_bot.briefing.compose.BriefingComposer`): its vector's cosine to the topic, the
idf-weighted share of the topic's words it holds (under the abbreviations the corpus defines),
its passage's hybrid score, its neighbours' and its section heading's relevance, its closeness
to subject words the corpus puts otherwise, and a facet topic's subject steering the rest."""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

from briefing_bot.briefing.facets import subject_steer, subject_terms
from briefing_bot.briefing.tables import STRIDE
from briefing_bot.briefing.vocabulary import spelled_out, topic_aliases
from briefing_bot.retrieval import tokenize

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

    from briefing_bot.answering.lexicon import Lexicon
    from briefing_bot.briefing.absence import Absence
    from briefing_bot.briefing.settings import BriefingSettings
    from briefing_bot.briefing.tables import Sentence, TableCache
    from briefing_bot.retrieval import Passage

_POSSESSIVE = re.compile(r"['’]s?$")


class Relevance:
    """The relevance half of :class:`~briefing_bot.briefing.compose.BriefingComposer`."""

    cfg: BriefingSettings
    tables: TableCache
    _scratch: threading.local

    if TYPE_CHECKING:  # provided by the composer

        @property
        def lexicon(self) -> Lexicon: ...
        @property
        def absence(self) -> Absence: ...
        def _sent(self, row: int) -> Sentence: ...
        def _vecs(self, rows: Sequence[int]) -> np.ndarray: ...
        def _idf(self, term: str) -> float: ...
        def _df(self, term: str) -> int: ...
        def _embed_absent(self, words: list[str]) -> np.ndarray: ...

    def _scores(
        self, topic: str, rows: list[int], qvec: np.ndarray, passages: list[Passage]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(relevance, dense cosine, coverage) of ``rows`` for ``topic``.

        coverage = cosine + ``lexical_weight`` × the idf-weighted share of the topic's words
        the sentence holds; relevance adds the sentence's passage score in the hybrid search.
        """
        import numpy as np

        sents = [self._sent(r) for r in rows]
        vecs = self._vecs(rows)
        dense = vecs @ qvec
        weights = {t: self._idf(t) for t in dict.fromkeys(tokenize(topic))}
        aliases = topic_aliases(self.lexicon, topic, weights, self._idf)
        total = sum(weights.values()) or 1.0
        spelled = [spelled_out(s.terms, aliases) for s in sents]
        lexical = np.array(
            [sum(w for t, w in weights.items() if t in held) / total for held in spelled],
            dtype=np.float32,
        )
        coverage = dense + self.cfg.lexical_weight * lexical
        top_passages = passages[: self.cfg.scored_passages]
        top = max((p.score for p in top_passages), default=1.0) or 1.0
        by_chunk = {p.chunk.id: p.score / top for p in top_passages}
        passage = np.array([by_chunk.get(s.chunk.id, 0.0) for s in sents])
        # a sentence next to one that treats the topic shares in it, less with each sentence
        # between them: the details after a topic sentence belong to the topic even in other
        # words, a passing mention does not carry its whole paragraph
        context = coverage.copy()
        behind = np.zeros(len(rows), dtype=bool)  # lent by a sentence before it (see _topical)
        where = {r: k for k, r in enumerate(rows)}
        for k, s in enumerate(sents):
            for step in (-2, -1, 1, 2):
                j = where.get(rows[k] + step)
                if j is not None and sents[j].paragraph == s.paragraph:
                    lent = self.cfg.context_decay ** abs(step) * float(coverage[j])
                    if lent > context[k]:
                        # lent by a statement before it; a question before it is what the
                        # sentence (a list's announcement: "four factors…") answers
                        asked = sents[j].text.rstrip().endswith("?")
                        context[k], behind[k] = lent, step < 0 and not asked
        if self.cfg.lead_decay:
            # a paragraph's opening sentence states what the paragraph is about: its
            # coverage is lent to every sentence of the paragraph, however far down
            first: dict[tuple[str, int], int] = {}
            for k, s in enumerate(sents):
                first.setdefault((s.chunk.doc_id, s.paragraph), k)
            for k, s in enumerate(sents):
                j = first[(s.chunk.doc_id, s.paragraph)]
                if j != k and sents[j].para_first:
                    lent = self.cfg.lead_decay * float(coverage[j])
                    if lent > context[k]:
                        asked = sents[j].text.rstrip().endswith("?")
                        context[k], behind[k] = lent, not asked
        # a section whose heading names the topic: its sentences belong to it, even those
        # that never repeat the heading's words (only sections above the median count)
        heading = np.zeros(len(rows), dtype=np.float32)
        for table in {id(t): t for t in (self.tables.of_row(r) for r in rows)}.values():
            scores = table.heading_vecs @ qvec + self.cfg.lexical_weight * np.array(
                [sum(w for t, w in weights.items() if t in h) / total for h in table.heading_terms],
                dtype=np.float32,
            )
            scores[~table.heading_vecs.any(axis=1)] = 0.0
            if self.cfg.parent_heading:
                # a sub-section belongs to what its enclosing section's heading names
                scores = _enclosed(scores, table.heading_parent, self.cfg.parent_heading)
            mine = [k for k, r in enumerate(rows) if r // STRIDE == table.base // STRIDE]
            heading[mine] = scores[table.section_of[[rows[k] % STRIDE for k in mine]]]
        section = np.maximum(heading - float(np.median(heading)), 0.0)
        # a paragraph about the topic as a whole (its mean vector close to the topic) lends
        # its sentences relevance: the details of the paragraph on X, not a passing mention
        # of X in a paragraph about something else
        keys = [(s.chunk.doc_id, s.paragraph) for s in sents]
        number = {k: i for i, k in enumerate(dict.fromkeys(keys))}
        of = np.array([number[k] for k in keys], dtype=np.int64)
        sums = np.zeros((len(number), vecs.shape[1]), dtype=np.float32)
        np.add.at(sums, of, vecs)
        sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        para = (sums @ qvec)[of]
        focus = np.maximum(para - float(np.median(para)), 0.0)
        # subject words the corpus puts otherwise ("funding" for a text that says "invest"):
        # the sentences closest to them in meaning gain
        absent = self.absence.absent(topic)[0] if self.cfg.absent_weight else []
        gain = np.zeros(len(rows), dtype=np.float32)
        if absent:
            near = vecs @ self._embed_absent(absent)
            gain = self.cfg.absent_weight * np.maximum(near - float(np.median(near)), 0.0)
        lift = self.cfg.paragraph_weight * np.maximum(context - coverage, 0.0)
        relevance = (
            coverage
            + gain
            + self.cfg.passage_weight * passage
            + lift
            + self.cfg.section_weight * section
            + self.cfg.focus_weight * focus
        )
        # a facet topic's subject ("prospects for X's exporters": X) steers what the rest lifts
        subject = subject_terms(
            topic,
            self._df,
            self.lexicon.n,
            self.cfg.subject_share,
            self._place_spellings,
        )
        if subject:
            relevance *= np.array(
                subject_steer(spelled, keys, subject, self.cfg.subject_penalty), dtype=np.float32
            )
        # per thread: one composer serves concurrent requests (a server's sessions)
        self._scratch.lift = lift.astype(np.float32)  # what neighbours lent (see _topical)
        self._scratch.behind = behind & (lift > 0)  # …when the sentence before lent it
        self._scratch.parts = {  # what relevance is made of: the point scorer's features
            "dense": dense,
            "lexical": lexical,
            "lift": self._scratch.lift,
            "focus": focus,
        }
        return relevance.astype(np.float32), dense, coverage

    def _place_spellings(self, name: str) -> Sequence[str]:
        """The corpus's other spellings of a place named in a topic ("Ukraine's": "Kyiv")."""
        from briefing_bot.answering.lexicon import fold

        return self.lexicon.places.get(fold(_POSSESSIVE.sub("", name)), ())


def _enclosed(scores: np.ndarray, parent: Sequence[int], share: float = 1.0) -> np.ndarray:
    """Each heading's score, or ``share`` of its enclosing headings' when higher."""
    out = scores.copy()

    def best(i: int) -> float:
        seen = float(scores[i])
        j = parent[i]
        while j >= 0:
            seen = max(seen, share * float(scores[j]))
            j = parent[j]
        return seen

    for i in range(len(out)):
        if parent[i] >= 0:
            out[i] = best(i)
    return out
