"""The lexical side of an index: the tokenizer and a BM25 index (bm25s) that can be saved,
memory-mapped and updated from persisted token ids without re-tokenising the corpus.

The tokenizer lives here, below retrieval and the answer layer, because the index computes
every chunk's tokens once, when it is built; :mod:`briefing_bot.retrieval` re-exports it.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_bot.chunking import Chunk

if TYPE_CHECKING:
    import numpy as np

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
EMPTY = "∅"  # the token of a chunk with no content words, so every row has one
TOKENS = "tokens.npy"  # every chunk's token ids, concatenated
TOKEN_OFFSETS = "token_offsets.npy"  # row i's tokens are tokens[offsets[i]:offsets[i + 1]]
VOCAB = "vocab.json"  # token id → token
BM25_DIR = "bm25"


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


def chunk_tokens(chunk: Chunk) -> list[str]:
    """What BM25 indexes of a chunk: its section path and text."""
    return tokenize(f"{' '.join(chunk.section_path)} {chunk.text}") or [EMPTY]


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Snowball (Porter 2) stem: 'invested' ~ 'investment', 'technologies' ~ 'technology'."""
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


class LexicalIndex:
    """BM25 over chunk rows (bm25s), with the token ids it was built from.

    ``LexicalIndex(chunks)`` tokenises and indexes in memory; :meth:`save` and :meth:`load`
    persist it (the score matrix memory-mapped), and :meth:`updated` makes the index of a
    changed chunk list from the kept rows' stored token ids plus the new chunks' tokens.

    Example:
        >>> lex = LexicalIndex(chunks)
        >>> lex.search("minerals partnership", k=5)   # [(row, score), ...]
    """

    def __init__(
        self,
        chunks: Sequence[Any],
        *,
        _state: tuple[Any, np.ndarray, np.ndarray, list[str]] | None = None,
    ) -> None:
        self.chunks = chunks
        self._lock = threading.Lock()  # bm25s keeps per-call state
        if _state is not None:
            self._retriever, self.tokens, self.offsets, self.vocab = _state
            return
        import numpy as np

        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(t, len(vocab)) for t in chunk_tokens(c)] for c in chunks]
        self.vocab = list(vocab)
        lengths = np.fromiter((len(r) for r in ids), dtype=np.int64, count=len(ids))
        self.offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        self.tokens = np.fromiter(
            (t for r in ids for t in r), dtype=np.int32, count=int(self.offsets[-1])
        )
        self._retriever = _bm25(self.tokens, self.offsets, self.vocab)

    # -- search

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(row, BM25 score) of the best ``k`` rows with a positive score."""
        vocab = self._retriever.vocab_dict
        tokens = [t for t in tokenize(query) if t in vocab]
        if not tokens or not len(self.chunks):
            return []
        k = min(k, len(self.chunks))
        with self._lock:
            docs, scores = self._retriever.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def __contains__(self, token: str) -> bool:
        return token in self._retriever.vocab_dict

    # -- persistence

    def save(self, folder: Path) -> None:
        """Write the BM25 matrix (bm25s format), the token ids and the vocabulary."""
        import numpy as np

        folder.mkdir(parents=True, exist_ok=True)
        self._retriever.save(str(folder / BM25_DIR), show_progress=False)
        np.save(folder / TOKENS, self.tokens)
        np.save(folder / TOKEN_OFFSETS, self.offsets)
        (folder / VOCAB).write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, chunks: Sequence[Any]) -> LexicalIndex:
        """Open a saved index, its matrix and token ids memory-mapped (``chunks`` in row order)."""
        import bm25s
        import numpy as np

        retriever = bm25s.BM25.load(str(folder / BM25_DIR), mmap=True)
        tokens = np.load(folder / TOKENS, mmap_mode="r")
        offsets = np.load(folder / TOKEN_OFFSETS, mmap_mode="r")
        vocab = json.loads((folder / VOCAB).read_text(encoding="utf-8"))
        if len(offsets) != len(chunks) + 1 or retriever.scores["num_docs"] != len(chunks):
            raise ValueError(
                f"lexical index has {len(offsets) - 1} rows, the chunk table {len(chunks)}"
            )
        return cls(chunks, _state=(retriever, tokens, offsets, vocab))

    def updated(self, items: Sequence[int | Chunk]) -> LexicalIndex:
        """The index of a changed chunk list: each item is a row of this index (its stored
        token ids are reused) or a new chunk (tokenised now). BM25's corpus statistics change
        with every chunk, so the matrix is rebuilt — from ids: no old chunk is tokenised
        again. The result is for saving; :meth:`load` opens it with its chunks."""
        import numpy as np

        vocab = {t: i for i, t in enumerate(self.vocab)}
        words = list(self.vocab)
        old_tokens, old_offsets = np.asarray(self.tokens), np.asarray(self.offsets)
        rows = [it if isinstance(it, int) else None for it in items]
        fresh = [
            [_intern(vocab, words, t) for t in chunk_tokens(it)]
            for it in items
            if not isinstance(it, int)
        ]
        fresh_flat = np.fromiter((t for ids in fresh for t in ids), dtype=np.int32)
        fresh_lens = np.fromiter((len(ids) for ids in fresh), dtype=np.int64, count=len(fresh))
        fresh_starts = len(old_tokens) + np.concatenate([[0], np.cumsum(fresh_lens)[:-1]]).astype(
            np.int64
        )
        # each row's slice of (old tokens + new tokens), gathered in one fancy index
        is_new = np.fromiter((r is None for r in rows), dtype=bool, count=len(rows))
        kept = np.fromiter((r for r in rows if r is not None), dtype=np.int64)
        starts = np.empty(len(rows), dtype=np.int64)
        lens = np.empty(len(rows), dtype=np.int64)
        starts[~is_new] = old_offsets[kept]
        lens[~is_new] = old_offsets[kept + 1] - old_offsets[kept]
        starts[is_new] = fresh_starts
        lens[is_new] = fresh_lens
        offsets = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
        gather = np.repeat(starts - offsets[:-1], lens) + np.arange(offsets[-1], dtype=np.int64)
        tokens = np.concatenate([old_tokens, fresh_flat])[gather].astype(np.int32)
        state = (_bm25(tokens, offsets, words), tokens, offsets, words)
        return LexicalIndex(range(len(items)), _state=state)


def _intern(vocab: dict[str, int], words: list[str], token: str) -> int:
    got = vocab.get(token)
    if got is None:
        got = vocab[token] = len(words)
        words.append(token)
    return got


def _bm25(
    tokens: np.ndarray, offsets: np.ndarray, vocab: list[str], k1: float = 1.5, b: float = 0.75
) -> Any:
    """A bm25s retriever over rows of token ids (``tokens[offsets[i]:offsets[i + 1]]``).

    The score matrix is computed here with whole-array numpy operations, the way bm25s's
    default (Lucene) method defines it — idf = ln(1 + (N - df + 0.5) / (df + 0.5)), term part
    tf / (tf + k1·(1 - b + b·len/avglen)) — because bm25s builds it with a Python loop over
    documents (seconds at 100k chunks) and an update must rebuild it (every chunk changes
    the corpus statistics). Tests hold it equal to bm25s's own ``index``."""
    import bm25s
    import numpy as np

    retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
    n_docs, n_vocab = len(offsets) - 1, len(vocab)
    lengths = np.diff(offsets)
    doc = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    # (term, doc) pairs with their counts, sorted by term then doc: the CSC order
    pairs, tf = np.unique(tokens.astype(np.int64) * max(n_docs, 1) + doc, return_counts=True)
    term, row = pairs // max(n_docs, 1), pairs % max(n_docs, 1)
    df = np.bincount(term, minlength=n_vocab)
    idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    avg = float(lengths.mean()) if n_docs else 1.0
    tfc = tf / (k1 * ((1 - b) + b * lengths[row] / avg) + tf)
    data = (idf[term].astype(np.float64) * tfc).astype(np.float32)
    indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
    retriever.scores = {
        "data": data,
        "indices": row.astype(np.int32),
        "indptr": indptr,
        "num_docs": n_docs,
    }
    retriever.vocab_dict = {t: i for i, t in enumerate(vocab)}
    retriever.unique_token_ids_set = set(retriever.vocab_dict.values())
    retriever.nonoccurrence_array = None
    return retriever
