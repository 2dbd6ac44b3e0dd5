"""The composer at scale: opening it does no per-sentence work, a briefing builds only the
tables of the documents it needs, and those tables are kept in a bounded LRU.

A fast unit test on fakes (a corpus of thousands of synthetic documents held in memory,
hashed embeddings, a retriever that names its passages): the real index and model are
exercised by the other briefing tests.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from briefing_bot.briefing.compose import BriefingComposer
from briefing_bot.briefing.settings import BriefingSettings
from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings
from briefing_bot.retrieval import Passage
from tests.fakes import HashEmbeddings

WORDS = "harbour levee tariff pump grid reservoir ferry depot bridge canal".split()
PLACES = "north south east west central upper lower coastal inland river".split()
ACTS = "expanded shrank stalled recovered doubled".split()


def _chunk(doc: int, k: int) -> Chunk:
    word, place, act = WORDS[(doc + k) % 10], PLACES[(doc + 3 * k) % 10], ACTS[k % 5]
    sentences = [
        f"The {word} programme of the {place} district {act} by {k + 3} percent in {2000 + k}.",
        f"Officials at {place.title()} Hall said {word} budgets need new funding from {k} banks.",
        f"A review of {word} works found maintenance deferred since {1990 + doc % 30 + k}.",
    ]
    text = " ".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    return Chunk(
        id=f"d{doc:05d}-c{k}",
        doc_id=f"doc{doc:05d}.md",
        title=f"District {doc} report",
        section_path=(f"Part {k // 2 + 1}",),
        paragraph=k + 1,
        paragraph_end=k + 1,
        text=text,
        sentences=spans,
        sentence_endnotes=[[] for _ in sentences],
    )


class FakeIndex:
    """An index's surface as the composer uses it, recording which chunks' vectors it reads."""

    def __init__(self, docs: int, per_doc: int = 5) -> None:
        self.chunks = [_chunk(d, k) for d in range(docs) for k in range(per_doc)]
        self.documents = {c.doc_id: {"title": c.title} for c in self.chunks}
        self.embeddings = HashEmbeddings()
        self.read: list[str] = []
        self.tables: list[str] = []

    def load_or_build(self, name: str, fingerprint: str, builder: Any, **_: Any) -> Any:
        """A persisted corpus table: here one built beforehand over a few documents."""
        from briefing_bot.answering.lexicon import Lexicon

        self.tables.append(name)
        return Lexicon(self.chunks[:50])

    def sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[str, np.ndarray]:
        self.read += [c.id for c in chunks]
        return {
            c.id: np.asarray(self.embeddings.embed_documents(c.sentence_texts()), dtype=np.float32)
            for c in chunks
        }


class FakeRetriever:
    """Hashed embeddings, and passages from the documents named when it was made."""

    def __init__(self, index: FakeIndex, docs: list[str]) -> None:
        self.embeddings = index.embeddings
        self.hits = [c for c in index.chunks if c.doc_id in docs]

    def embed_query(self, query: str) -> np.ndarray:
        return np.asarray(self.embeddings.embed_query(query), dtype=np.float32)

    def search(self, query: str, k: int, *, vector: Any = None) -> list[Passage]:
        return [Passage(c, 1.0 / (i + 1)) for i, c in enumerate(self.hits[:k])]


class _Host:
    def __init__(self, index: FakeIndex, docs: list[str]) -> None:
        self.index = index
        self.retriever = FakeRetriever(index, docs)
        self.settings = Settings.model_validate({})


def FakeHost(index: FakeIndex, docs: list[str]) -> Any:
    """What the composer needs of an assistant, on the fakes above."""
    return _Host(index, docs)


@pytest.fixture(scope="module")
def big() -> FakeIndex:
    return FakeIndex(3000)  # 15,000 passages, 45,000 sentences


def test_opening_a_composer_does_no_per_sentence_work(big: FakeIndex) -> None:
    small = FakeIndex(20)
    timings = []
    for index in (small, big):
        host = FakeHost(index, [])
        started = time.perf_counter()
        composer = BriefingComposer(host)
        timings.append(time.perf_counter() - started)
        assert composer.tables.loaded() == [] and index.read == []
    # no work proportional to the corpus: well under a millisecond per thousand documents
    assert timings[1] < 0.005, timings


def test_a_whole_document_briefing_reads_that_document_only(big: FakeIndex) -> None:
    big.read.clear()
    composer = BriefingComposer(FakeHost(big, []))
    doc = "doc01234.md"
    briefing = composer.brief(doc_id=doc)
    assert briefing.bottom_line is not None and not briefing.abstained
    assert composer.tables.loaded() == [doc]
    assert big.read and {r.split("-")[0] for r in big.read} == {"d01234"}


def test_a_topic_briefing_builds_the_tables_of_its_passages_documents(big: FakeIndex) -> None:
    big.read.clear()
    docs = ["doc00007.md", "doc02001.md"]
    composer = BriefingComposer(FakeHost(big, docs), BriefingSettings(min_coverage=0.0))
    briefing = composer.brief("harbour budget funding")
    assert not briefing.abstained
    assert sorted(composer.tables.loaded()) == docs
    assert {c.chunk_id.split("-")[0] for c in briefing.citations} <= {"d00007", "d02001"}
    # word statistics come from the table kept beside the index, not from reading the corpus
    assert big.tables == ["answering-lexicon"]


def test_the_tables_are_kept_in_a_bounded_lru(big: FakeIndex) -> None:
    composer = BriefingComposer(FakeHost(big, []), BriefingSettings(table_cache=3))
    for d in (1, 2, 3, 4, 2):
        composer.brief(doc_id=f"doc{d:05d}.md")
    assert composer.tables.loaded() == ["doc00003.md", "doc00004.md", "doc00002.md"]
    # a table built again after eviction numbers its sentences as before
    first = composer.tables.table("doc00001.md").rows
    assert first == [composer.tables.ordinal("doc00001.md") * (1 << 24) + i for i in range(15)]
