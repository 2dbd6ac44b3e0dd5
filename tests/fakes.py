"""Fakes for fast unit tests, injected by fixtures (never selectable from settings).

``HashEmbeddings`` is a deterministic hashed bag-of-words model: texts that share words get
similar vectors, which is all the index, retrieval and UI tests need. Pass it where the code
takes an ``embeddings=`` argument; :func:`fake_embeddings` also puts it behind
``briefing_bot.embeddings.get_embeddings`` for code paths that load the model themselves (the
CLI, ``add_document``), and ``python -m tests.fake_cli`` runs the CLI with it in a subprocess.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.embeddings import Embeddings

from briefing_bot.chunking import Chunk


class HashEmbeddings(Embeddings):
    """Deterministic hashed bag-of-words vectors: a fake for tests, not for real use."""

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in re.findall(r"\w+", text.lower()):
            h = int.from_bytes(hashlib.md5(word.encode()).digest()[:4], "little")
            vec[h % self.dim] += 1.0 if h & 1 << 31 else -1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


FAKE = HashEmbeddings()


def _fake_loader(settings: Any) -> Embeddings:
    del settings
    return FAKE


def install() -> HashEmbeddings:
    """Make the configured model the fake for the rest of this process (``fake_cli``)."""
    import briefing_bot.embeddings

    briefing_bot.embeddings.get_embeddings = _fake_loader  # type: ignore[assignment]
    return FAKE


@contextlib.contextmanager
def fake_embeddings() -> Iterator[HashEmbeddings]:
    """While open, code that loads the configured model gets the fake instead."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("briefing_bot.embeddings.get_embeddings", _fake_loader)
        yield FAKE


def sentence_chunk(n: int, *texts: str, doc_id: str = "d") -> Chunk:
    """A chunk (paragraph ``n`` of section "S") made of the given sentences, for unit tests."""
    spans, start = [], 0
    for text in texts:
        spans.append((start, start + len(text)))
        start += len(text) + 1
    return Chunk(
        id=f"c{n}",
        doc_id=doc_id,
        title="T",
        section_path=("S",),
        paragraph=n,
        paragraph_end=n,
        text=" ".join(texts),
        sentences=spans,
        sentence_endnotes=[[] for _ in texts],
    )
