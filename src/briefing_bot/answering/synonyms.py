"""Words close in meaning, read with the embedding model: where a lexical test of the asked
noun fails because the question writes it otherwise ("boats" where the text says "ships",
"govt" for "government"), the evidence may still hold it.

One vector per distinct word, kept for the life of the answerer (a corpus's vocabulary is
small), so a question costs the embedding of the few words it has not met before. The store is
bounded (``max_words``): questions are untrusted input, and a long-running server would otherwise
keep every word it was ever asked; past the bound it starts afresh.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

# Cosine of two single words' vectors (all-MiniLM-L6-v2) at or above which one stands for the
# other: "boats"/"ships" .78, "homeowners"/"owners" .69, "deals"/"contracts" .62; related but
# different words stay below it ("ships"/"ports" .49, "minister"/"president" .50).
WORD_MIN_COSINE = 0.6

# Words kept before the store starts afresh: far above a corpus's vocabulary plus a session's
# questions, small enough (384 float32 each, ~1.5 KB) to stay well under 100 MB.
MAX_WORDS = 50_000

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


class WordMeaning:
    """``close(word, words)``: is one of ``words`` close in meaning to ``word``?

    Args:
        embed: Texts → one row per text (the model's vectors, any scale).
        min_cosine: The least cosine that counts as the same meaning.
        max_words: The most word vectors kept; past it the store is emptied.
    """

    def __init__(
        self,
        embed: Callable[[list[str]], Any],
        min_cosine: float = WORD_MIN_COSINE,
        max_words: int = MAX_WORDS,
    ) -> None:
        self._embed = embed
        self.min_cosine = min_cosine
        self.max_words = max_words
        self._vectors: dict[str, np.ndarray] = {}

    def _known(self, words: Iterable[str]) -> None:
        wanted = list(dict.fromkeys(words))
        new = [w for w in wanted if w not in self._vectors]
        if not new:
            return
        if len(self._vectors) + len(new) > self.max_words:
            self._vectors.clear()
            new = wanted  # the words of this call are all needed after the store is emptied
        rows = np.asarray(self._embed(new), dtype=np.float32)
        rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
        self._vectors.update(zip(new, rows, strict=True))

    def close(self, word: str, words: Sequence[str]) -> bool:
        """Is a word of ``words`` (as written: punctuation around it is dropped) within
        ``min_cosine`` of ``word``? Case is ignored."""
        key = word.lower()
        others = [m.group(0).lower() for w in words if (m := _WORD.search(w))]
        others = [w for w in others if w != key]
        if not key or not others:
            return False
        self._known([key, *others])
        mine = self._vectors[key]
        return any(float(mine @ self._vectors[w]) >= self.min_cosine for w in others)


def word_meaning(embeddings: Any) -> WordMeaning:
    """A :class:`WordMeaning` over an embeddings object (``embed_array`` or
    ``embed_documents``)."""
    embed = getattr(embeddings, "embed_array", None) or embeddings.embed_documents
    return WordMeaning(embed)
