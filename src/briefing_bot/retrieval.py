"""Hybrid retrieval: dense (Chroma) + lexical (BM25), fused by reciprocal rank.

Embeddings blur rare tokens — acronyms, names, figures that appear once — which BM25 finds
exactly; BM25 misses paraphrase, which embeddings find. Reciprocal-rank fusion combines the
rankings without calibrating their scores against each other. The dense side ranks twice:
whole passages, and single sentences (each passage ranked by its best sentence) — a question
usually matches one sentence better than the passage around it, whose other sentences dilute
its vector.

Both indexes are built with the index (``index/``): Chroma holds the vectors, the companion
files the BM25 matrix (memory-mapped), so nothing here grows with the corpus at start-up or
per question beyond the two lookups. The tokenizer lives in ``index.lexical`` (the index
tokenises each chunk once) and is re-exported here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from briefing_bot.chunking import Chunk
from briefing_bot.index.lexical import STOPWORDS, LexicalIndex, fold_accents, tokenize

if TYPE_CHECKING:
    import numpy as np
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings
    from langchain_core.retrievers import BaseRetriever

    from briefing_bot.index import Index


# Sentence hits asked for per chunk wanted from the sentence collection (chunks hold a few
# sentences, and the nearest ones often share a chunk).
SENTENCE_HITS_PER_CHUNK = 3

# At most this share of the passages returned are endnotes. A long document's bibliography is
# a third of its chunks or more, each short and naming the topic in a title, so all three
# rankings favour it (BM25's length norm, a short text's vector, its only sentence); without
# a cap it crowds the body text out of the candidates. Notes past the cap come after the body.
NOTE_SHARE = 1 / 3


@dataclass
class Passage:
    """A retrieved chunk with its fused score and the ranks that produced it."""

    chunk: Chunk
    score: float
    dense_score: float | None = None
    lexical_score: float | None = None
    rank: int = 0

    def to_document(self) -> Document:
        from langchain_core.documents import Document

        meta = dict(self.chunk.to_metadata())
        meta.update(
            chunk_id=self.chunk.id,
            score=self.score,
            rank=self.rank,
            dense_score=self.dense_score if self.dense_score is not None else -1.0,
            lexical_score=self.lexical_score if self.lexical_score is not None else 0.0,
        )
        return Document(page_content=self.chunk.text, metadata=meta, id=self.chunk.id)


class HybridSearch:
    """Dense + BM25 retrieval fused by reciprocal rank.

    The question path uses this plain class: importing LangChain's retriever machinery costs
    about a second of start-up. :meth:`as_retriever` gives the same search as a LangChain
    ``BaseRetriever`` for chains.

    Example:
        >>> search = HybridSearch.from_index(index, embeddings)
        >>> search.search("What is the MSP?", k=3)
        >>> search.as_retriever().invoke("What is the MSP?")
    """

    def __init__(
        self,
        index: Index,
        embeddings: Embeddings,
        lexical: LexicalIndex,
        *,
        k: int = 5,
        candidates: int = 12,
        rrf_k: int = 60,
        sentence_search_max: int = 50_000,
    ) -> None:
        self.index = index
        self.embeddings = embeddings
        self.lexical = lexical
        self.k = k
        self.candidates = candidates
        self.rrf_k = rrf_k
        self._by_id = {c.id: c for c in index.chunks}  # built once: O(N) per search otherwise
        self._sentences: int | None = None
        self.sentence_search_max = sentence_search_max

    @classmethod
    def from_index(cls, index: Index, embeddings: Embeddings) -> HybridSearch:
        """The search of an open index: its mapped BM25 index, or one built in memory for an
        index without companion files."""
        s = index.settings
        companions = getattr(index, "companions", None)
        lexical = companions.lexical if companions is not None else LexicalIndex(index.chunks)
        return cls(
            index,
            embeddings,
            lexical,
            k=s.top_k,
            candidates=s.retrieve_k,
            rrf_k=s.rrf_k,
            sentence_search_max=s.sentence_search_max,
        )

    def embed_query(self, query: str) -> np.ndarray:
        import numpy as np

        vec = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        return vec / max(float(np.linalg.norm(vec)), 1e-12)

    def dense(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the nearest chunks."""
        if not self.index.chunks:
            return []
        got = self.index.store.chunks.query(
            query_embeddings=[vector.tolist()],
            n_results=min(n, len(self.index.chunks)),
            include=["distances"],
        )
        return [
            (cid, 1.0 - float(d)) for cid, d in zip(got["ids"][0], got["distances"][0], strict=True)
        ]

    def dense_sentences(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity of its best sentence) of the ``n`` chunks whose
        sentences are nearest, best first: one HNSW query of the sentence collection."""
        if not self.index.chunks:
            return []
        # a chunk holds several sentences: ask for enough hits to fill ``n`` distinct chunks
        # in the common case (a shortfall only shortens this list, the others still rank)
        got = self.index.store.sentences.query(
            query_embeddings=[vector.tolist()],
            n_results=min(n * SENTENCE_HITS_PER_CHUNK, self._sentence_count()),
            include=["distances"],
        )
        best: dict[str, float] = {}
        for sid, d in zip(got["ids"][0], got["distances"][0], strict=True):
            cid = sid.rpartition(":")[0]  # sentence ids are ``<chunk id>:<i>``
            if cid not in best:  # hits come nearest first
                best[cid] = 1.0 - float(d)
                if len(best) == n:
                    break
        return list(best.items())

    def _sentence_list(self) -> bool:
        """Is the best-sentence ranking used? Up to ``sentence_search_max`` sentences: a
        large library keeps the memory and time of a second vector search per question."""
        return self._sentence_count() <= self.sentence_search_max

    def _sentence_count(self) -> int:
        if self._sentences is None:
            self._sentences = sum(len(c.sentences) for c in self.index.chunks)
        return max(self._sentences, 1)

    def search(
        self,
        query: str,
        k: int | None = None,
        *,
        vector: np.ndarray | None = None,
        weights: tuple[float, float, float] = (1.0, 1.0, 1.0),
    ) -> list[Passage]:
        """Top ``k`` passages for ``query``; ``vector`` skips re-embedding the query.

        ``weights``: of the passage-vector, BM25 and best-sentence-vector rankings in the
        fusion. ``dense_score`` is the better of a passage's own and its best sentence's
        cosine similarity."""
        k = k or self.k
        n = max(self.candidates, k)
        vector = self.embed_query(query) if vector is None else vector
        by_id = self._by_id
        fused: dict[str, Passage] = {}
        for which, ranked_ids in (
            (0, self.dense(vector, n)),
            (2, self.dense_sentences(vector, n) if weights[2] and self._sentence_list() else []),
        ):
            for rank, (cid, sim) in enumerate(ranked_ids):
                if cid not in by_id:
                    continue
                p = fused.setdefault(cid, Passage(by_id[cid], 0.0))
                p.dense_score = sim if p.dense_score is None else max(p.dense_score, sim)
                p.score += weights[which] / (self.rrf_k + rank + 1)
        for rank, (row, score) in enumerate(self.lexical.search(query, n)):
            chunk = self.lexical.chunks[row]
            p = fused.setdefault(chunk.id, Passage(chunk, 0.0))
            p.lexical_score = score
            p.score += weights[1] / (self.rrf_k + rank + 1)
        ranked = _capped_notes(sorted(fused.values(), key=lambda p: (-p.score, p.chunk.id)), k)
        for i, p in enumerate(ranked, start=1):
            p.rank = i
        return ranked

    def as_retriever(self, k: int | None = None) -> BaseRetriever:
        """This search as a LangChain retriever returning ``Document``s with chunk metadata."""
        return _retriever_class()(search=self, k=k or self.k)


def _capped_notes(ranked: list[Passage], k: int) -> list[Passage]:
    """The first ``k`` of ``ranked`` with at most ``ceil(k * NOTE_SHARE)`` endnotes among
    them; the notes over the cap follow the body passages (filling ``k`` only when the body
    runs out)."""
    cap = math.ceil(k * NOTE_SHARE)
    kept: list[Passage] = []
    deferred: list[Passage] = []
    notes = 0
    for p in ranked:
        if p.chunk.kind == "endnote":
            if notes >= cap:
                deferred.append(p)
                continue
            notes += 1
        kept.append(p)
    return (kept + deferred)[:k]


@lru_cache(maxsize=1)
def _retriever_class() -> Any:
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.retrievers import BaseRetriever
    from pydantic import ConfigDict

    class HybridRetriever(BaseRetriever):
        """:class:`HybridSearch` behind LangChain's retriever interface."""

        model_config = ConfigDict(arbitrary_types_allowed=True)

        search: Any
        k: int = 5

        def _get_relevant_documents(
            self,
            query: str,
            *,
            run_manager: CallbackManagerForRetrieverRun,
            k: int | None = None,
        ) -> list[Document]:
            # ``retriever.invoke(query, k=1)``: a per-call k, as LangChain's retrievers take
            return [p.to_document() for p in self.search.search(query, k or self.k)]

    return HybridRetriever


__all__ = ["STOPWORDS", "HybridSearch", "LexicalIndex", "Passage", "fold_accents", "tokenize"]


def __getattr__(name: str) -> Any:
    if name == "HybridRetriever":  # the LangChain class, built on first use
        return _retriever_class()
    raise AttributeError(name)
