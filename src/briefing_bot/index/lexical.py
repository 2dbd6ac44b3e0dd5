"""The lexical side of an index: the tokenizer and a BM25 index (bm25s) that can be saved,
memory-mapped and updated from persisted token ids without re-tokenising the corpus.

The tokenizer lives here, below retrieval and the answer layer, because the index computes
every chunk's tokens once, when it is built; :mod:`briefing_bot.retrieval` re-exports it.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import unicodedata
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
# letters with no canonical decomposition into a base letter and an accent
_PLAIN = {
    ord(letter): plain
    for letter, plain in (
        *zip("øØłŁđĐı", "oOlLdDi", strict=True),
        *{"æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss"}.items(),
    )
}
# the combining marks an accented Latin letter decomposes into (and their extensions)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
EMPTY = "∅"  # the token of a chunk with no content words, so every row has one
TF = "tf.npy"  # each posting's term frequency, in the order of the BM25 matrix's entries
LENGTHS = "lengths.npy"  # each row's token count
VOCAB = "vocab.json"  # token id → token
BM25_DIR = "bm25"


def tokenize(text: str) -> list[str]:
    """Lower-cased content words, accents folded ("Doñana" → "donana", as a question typed
    without them reads); hyphenated words also yield their parts."""
    out: list[str] = []
    for tok in _TOKEN.findall(fold_accents(text)):
        out.extend(_terms(tok))
    return out


def fold_accents(text: str) -> str:
    """``text`` with each accented Latin letter as its base letter ("Türkiye" → "Turkiye");
    canonical decomposition only: superscript note numbers and ligatures stay as they are."""
    if text.isascii():
        return text
    # one C-level substitution: the corpus's curly quotes make most of its text non-ASCII
    return _COMBINING.sub("", unicodedata.normalize("NFD", text.translate(_PLAIN)))


@lru_cache(maxsize=1 << 16)
def _terms(tok: str) -> tuple[str, ...]:
    """The stems one token yields (tokens repeat: the corpus is tokenised token by token)."""
    low = tok.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    parts = re.split(r"[-']", low)
    words = [low, *parts] if len(parts) > 1 else [low]
    return tuple(_stem(word) for word in words if word and word not in STOPWORDS)


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
    """BM25 over chunk rows (bm25s), with the postings it was computed from.

    ``LexicalIndex(chunks)`` tokenises and indexes in memory; :meth:`save` and :meth:`load`
    persist it (memory-mapped), and :meth:`updated` makes the index of a changed chunk list
    from the kept rows' stored postings (term frequencies) plus the new chunks' tokens.

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
            self._retriever, self.tf, self.lengths, self.vocab = _state
            return
        import numpy as np

        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(t, len(vocab)) for t in chunk_tokens(c)] for c in chunks]
        self.vocab = list(vocab)
        self.lengths = np.fromiter((len(r) for r in ids), dtype=np.int64, count=len(ids))
        tokens = np.fromiter((t for r in ids for t in r), dtype=np.int64)
        rows = np.repeat(np.arange(len(ids), dtype=np.int64), self.lengths)
        term, row, self.tf = _postings(tokens, rows, len(ids))
        self._retriever = _bm25(term, row, self.tf, self.lengths, self.vocab)

    # -- search

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(row, BM25 score) of the best ``k`` rows with a positive score."""
        vocab = self._retriever.vocab_dict
        tokens = [t for t in tokenize(query) if t in vocab]
        if not tokens or not len(self.chunks):
            return []
        k = min(k, len(self.chunks))
        with self._lock:
            # n_threads=0: scored in this thread (1 would start a thread pool per query)
            docs, scores = self._retriever.retrieve([tokens], k=k, show_progress=False, n_threads=0)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def __contains__(self, token: str) -> bool:
        return token in self._retriever.vocab_dict

    # -- persistence

    def save(self, folder: Path) -> None:
        """Write the BM25 matrix (bm25s format), its term frequencies, the row lengths and
        the vocabulary."""
        import numpy as np

        folder.mkdir(parents=True, exist_ok=True)
        self._retriever.save(str(folder / BM25_DIR), show_progress=False)
        np.save(folder / TF, self.tf)
        np.save(folder / LENGTHS, self.lengths)
        (folder / VOCAB).write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, chunks: Sequence[Any]) -> LexicalIndex:
        """Open a saved index, memory-mapped (``chunks`` in row order)."""
        import numpy as np

        retriever = load_bm25s().BM25.load(str(folder / BM25_DIR), mmap=True)
        tf = np.load(folder / TF, mmap_mode="r")
        lengths = np.load(folder / LENGTHS, mmap_mode="r")
        vocab = json.loads((folder / VOCAB).read_text(encoding="utf-8"))
        if len(lengths) != len(chunks) or retriever.scores["num_docs"] != len(chunks):
            raise ValueError(
                f"lexical index has {len(lengths)} rows, the chunk table {len(chunks)}"
            )
        if len(tf) != len(retriever.scores["indices"]):
            raise ValueError("lexical index postings and term frequencies disagree")
        return cls(chunks, _state=(retriever, tf, lengths, vocab))

    def updated(self, items: Sequence[int | Chunk]) -> LexicalIndex:
        """The index of a changed chunk list: each item is a row of this index (its postings
        are kept) or a new chunk (tokenised now). BM25's corpus statistics change with every
        chunk, so every score is recomputed — from the stored term frequencies, with the kept
        postings merged column by column with the new ones: no old chunk is tokenised again
        and nothing is sorted but the new chunks' postings. The result is for saving;
        :meth:`load` opens it with its chunks."""
        import numpy as np

        vocab = {t: i for i, t in enumerate(self.vocab)}
        words = list(self.vocab)
        scores = self._retriever.scores
        indptr, old_rows = np.asarray(scores["indptr"]), np.asarray(scores["indices"])
        old_tf, old_len = np.asarray(self.tf), np.asarray(self.lengths)
        # where each kept row goes; -1: removed
        moved = np.full(len(old_len), -1, dtype=np.int64)
        lengths = np.empty(len(items), dtype=np.int64)
        kept_pos = [pos for pos, it in enumerate(items) if isinstance(it, int)]
        kept_rows = np.asarray([items[pos] for pos in kept_pos], dtype=np.int64)
        moved[kept_rows] = kept_pos
        lengths[kept_pos] = old_len[kept_rows]
        new_tokens: list[int] = []
        new_rows: list[int] = []
        for pos, item in enumerate(items):
            if not isinstance(item, int):
                ids = [_intern(vocab, words, t) for t in chunk_tokens(item)]
                new_tokens += ids
                new_rows += [pos] * len(ids)
                lengths[pos] = len(ids)
        n_vocab = len(words)
        old_term = np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr))
        keep = moved[old_rows] >= 0
        k_term, k_row, k_tf = old_term[keep], moved[old_rows[keep]], old_tf[keep]
        n_term, n_row, n_tf = _postings(
            np.asarray(new_tokens, dtype=np.int64), np.asarray(new_rows, dtype=np.int64), len(items)
        )
        # each column: its kept postings (already in column order), then its new ones
        k_count = np.bincount(k_term, minlength=n_vocab)
        n_count = np.bincount(n_term, minlength=n_vocab)
        starts = np.concatenate([[0], np.cumsum(k_count + n_count)]).astype(np.int64)
        k_first = np.concatenate([[0], np.cumsum(k_count)[:-1]])
        n_first = np.concatenate([[0], np.cumsum(n_count)[:-1]])
        k_pos = starts[k_term] + np.arange(len(k_term)) - k_first[k_term]
        n_pos = starts[n_term] + k_count[n_term] + np.arange(len(n_term)) - n_first[n_term]
        total = int(starts[-1])
        term = np.empty(total, dtype=np.int64)
        row = np.empty(total, dtype=np.int64)
        tf = np.empty(total, dtype=np.int32)
        term[k_pos], row[k_pos], tf[k_pos] = k_term, k_row, k_tf
        term[n_pos], row[n_pos], tf[n_pos] = n_term, n_row, n_tf
        state = (_bm25(term, row, tf, lengths, words), tf, lengths, words)
        return LexicalIndex(range(len(items)), _state=state)


def load_bm25s() -> Any:
    """The ``bm25s`` module, imported without numba unless something else loaded it already:
    bm25s only imports it for a backend this index does not use (numpy scores the postings),
    and importing it costs every process ~60 MB and a quarter of a second."""
    block = "bm25s" not in sys.modules and "numba" not in sys.modules
    if block:
        sys.modules["numba"] = None  # type: ignore[assignment]  # "import numba" fails
    try:
        import bm25s
    finally:
        if block and sys.modules.get("numba", False) is None:
            del sys.modules["numba"]  # a later "import numba" (ranx) works
    return bm25s


def _intern(vocab: dict[str, int], words: list[str], token: str) -> int:
    got = vocab.get(token)
    if got is None:
        got = vocab[token] = len(words)
        words.append(token)
    return got


def _postings(
    tokens: np.ndarray, rows: np.ndarray, n_rows: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(term, row, term frequency) of every distinct (term, row) pair, by term then row."""
    import numpy as np

    width = max(n_rows, 1)
    pairs, tf = np.unique(tokens * width + rows, return_counts=True)
    return pairs // width, pairs % width, tf.astype(np.int32)


def _bm25(
    term: np.ndarray,
    row: np.ndarray,
    tf: np.ndarray,
    lengths: np.ndarray,
    vocab: list[str],
    *,
    k1: float = 1.5,
    b: float = 0.75,
) -> Any:
    """A bm25s retriever over postings sorted by term (``term``, ``row``, ``tf``).

    The score matrix is computed here with whole-array numpy operations, the way bm25s's
    default (Lucene) method defines it — idf = ln(1 + (N - df + 0.5) / (df + 0.5)), term part
    tf / (tf + k1·(1 - b + b·len/avglen)) — because bm25s builds it with a Python loop over
    documents (seconds at 100k chunks) and an update must recompute it (every chunk changes
    the corpus statistics). Tests hold it equal to bm25s's own ``index``."""
    import numpy as np

    retriever = load_bm25s().BM25(k1=k1, b=b, method="lucene")
    n_docs = len(lengths)
    df = np.bincount(term, minlength=len(vocab))
    idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    avg = float(lengths.mean()) if n_docs else 1.0
    tfc = tf / (k1 * ((1 - b) + b * lengths[row] / avg) + tf)
    retriever.scores = {
        "data": (idf[term].astype(np.float64) * tfc).astype(np.float32),
        "indices": row.astype(np.int32),
        "indptr": np.concatenate([[0], np.cumsum(df)]).astype(np.int64),
        "num_docs": n_docs,
    }
    retriever.vocab_dict = {t: i for i, t in enumerate(vocab)}
    retriever.unique_token_ids_set = set(retriever.vocab_dict.values())
    retriever.nonoccurrence_array = None
    return retriever
