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
        chunks: Sequence[Chunk],
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
        self._retriever = _bm25(ids, self.vocab)

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
    def load(cls, folder: Path, chunks: Sequence[Chunk]) -> LexicalIndex:
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

    def updated(self, chunks: Sequence[Chunk], rows: Sequence[int | None]) -> LexicalIndex:
        """The index of ``chunks``, where ``rows[i]`` is chunk i's row in this index (its
        stored token ids are reused) or None (a new chunk: tokenised now). BM25's corpus
        statistics change with every chunk, so the matrix is rebuilt, from ids: no old chunk
        is tokenised again."""
        import numpy as np

        vocab = {t: i for i, t in enumerate(self.vocab)}
        words = list(self.vocab)
        tokens, offsets = np.asarray(self.tokens), np.asarray(self.offsets)
        ids: list[list[int]] = []
        for chunk, row in zip(chunks, rows, strict=True):
            if row is None:
                ids.append([_intern(vocab, words, t) for t in chunk_tokens(chunk)])
            else:
                ids.append(tokens[offsets[row] : offsets[row + 1]].tolist())
        lengths = np.fromiter((len(r) for r in ids), dtype=np.int64, count=len(ids))
        new_offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        new_tokens = np.fromiter(
            (t for r in ids for t in r), dtype=np.int32, count=int(new_offsets[-1])
        )
        state = (_bm25(ids, words), new_tokens, new_offsets, words)
        return LexicalIndex(chunks, _state=state)


def _intern(vocab: dict[str, int], words: list[str], token: str) -> int:
    got = vocab.get(token)
    if got is None:
        got = vocab[token] = len(words)
        words.append(token)
    return got


def _bm25(ids: list[list[int]], vocab: list[str]) -> Any:
    import bm25s

    retriever = bm25s.BM25()
    if not ids:  # bm25s cannot index nothing: one empty row keeps the object usable
        retriever.index([[EMPTY]], show_progress=False)
        retriever.scores["num_docs"] = 0
        return retriever
    # Tokens no kept row uses any more stay in the vocabulary (a column of zeros): the
    # ids of every other token stay valid, and the next full build drops them.
    retriever.index((ids, {t: i for i, t in enumerate(vocab)}), show_progress=False)
    return retriever
