"""Hybrid retrieval: dense (Chroma) + lexical (BM25), fused by reciprocal rank.

Embeddings blur rare tokens — acronyms, names, figures that appear once — which BM25 finds
exactly; BM25 misses paraphrase, which embeddings find. Reciprocal-rank fusion combines the
two rankings without calibrating their scores against each other.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from briefing_bot.chunking import Chunk

if TYPE_CHECKING:
    import numpy as np
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings
    from langchain_core.retrievers import BaseRetriever

    from briefing_bot.index import Index

# A small English stop list: BM25 should weigh content words, not "the" and "what".
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more
    most my no nor not now of off on once only or other our ours out over own same she should so
    some such than that the their theirs them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you
    your paper papers say says said tell describe explain according mention mentions discuss
    many much
    discusses""".split()
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")


def tokenize(text: str) -> list[str]:
    """Lower-cased content words; hyphenated words also yield their parts."""
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        low = tok.lower().replace("’", "'")
        if low.endswith("'s"):
            low = low[:-2]
        parts = re.split(r"[-']", low)
        for word in [low, *parts] if len(parts) > 1 else [low]:
            if word and word not in STOPWORDS:
                out.append(_stem(word))
    return out


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Snowball (Porter 2) stem: 'invested' ~ 'investment', 'technologies' ~ 'technology'."""
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


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


class LexicalIndex:
    """BM25 over chunk texts (bm25s), built in memory when the index is opened."""

    def __init__(self, chunks: list[Chunk]) -> None:
        import bm25s

        self.chunks = chunks
        self._retriever = bm25s.BM25()
        corpus = [tokenize(f"{' '.join(c.section_path)} {c.text}") or ["∅"] for c in chunks]
        self._retriever.index(corpus, show_progress=False)
        self._vocab: set[str] = {t for toks in corpus for t in toks}
        self._lock = threading.Lock()

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens or not self.chunks:
            return []
        k = min(k, len(self.chunks))
        with self._lock:  # bm25s keeps per-call state
            docs, scores = self._retriever.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


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
    ) -> None:
        self.index = index
        self.embeddings = embeddings
        self.lexical = lexical
        self.k = k
        self.candidates = candidates
        self.rrf_k = rrf_k
        self._by_id = {c.id: c for c in index.chunks}  # built once: O(N) per search otherwise

    @classmethod
    def from_index(cls, index: Index, embeddings: Embeddings) -> HybridSearch:
        s = index.settings
        return cls(
            index,
            embeddings,
            LexicalIndex(index.chunks),
            k=s.top_k,
            candidates=s.retrieve_k,
            rrf_k=s.rrf_k,
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

    def search(
        self,
        query: str,
        k: int | None = None,
        *,
        vector: np.ndarray | None = None,
        weights: tuple[float, float] = (1.0, 1.0),
    ) -> list[Passage]:
        """Top ``k`` passages for ``query``; ``vector`` skips re-embedding the query."""
        k = k or self.k
        n = max(self.candidates, k)
        vector = self.embed_query(query) if vector is None else vector
        by_id = self._by_id
        fused: dict[str, Passage] = {}
        for rank, (cid, sim) in enumerate(self.dense(vector, n)):
            if cid not in by_id:
                continue
            p = fused.setdefault(cid, Passage(by_id[cid], 0.0))
            p.dense_score = sim
            p.score += weights[0] / (self.rrf_k + rank + 1)
        for rank, (row, score) in enumerate(self.lexical.search(query, n)):
            chunk = self.lexical.chunks[row]
            p = fused.setdefault(chunk.id, Passage(chunk, 0.0))
            p.lexical_score = score
            p.score += weights[1] / (self.rrf_k + rank + 1)
        ranked = sorted(fused.values(), key=lambda p: (-p.score, p.chunk.id))[:k]
        for i, p in enumerate(ranked, start=1):
            p.rank = i
        return ranked

    def as_retriever(self, k: int | None = None) -> BaseRetriever:
        """This search as a LangChain retriever returning ``Document``s with chunk metadata."""
        return _retriever_class()(search=self, k=k or self.k)


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


def __getattr__(name: str) -> Any:
    if name == "HybridRetriever":  # the LangChain class, built on first use
        return _retriever_class()
    raise AttributeError(name)
