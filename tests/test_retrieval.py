"""Hybrid retrieval: the best-sentence ranking against a brute-force one, its place in the
fusion, and (slow) the real model finding a passage by one of its sentences."""

from __future__ import annotations

import numpy as np
import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.chunking import Chunk
from briefing_bot.index.loaded import open_index
from briefing_bot.retrieval import HybridSearch, Passage, _capped_notes, tokenize
from tests.fakes import HashEmbeddings


@pytest.fixture
def search(hash_settings: Settings, fake_embeddings: HashEmbeddings) -> HybridSearch:
    return HybridSearch.from_index(open_index(hash_settings), fake_embeddings)


def _brute_force(search: HybridSearch, vector: np.ndarray) -> dict[str, float]:
    """Every chunk's best sentence similarity, from the stored sentence vectors."""
    vectors = search.index.sentence_vectors(search.index.chunks)
    return {cid: float(np.max(rows @ vector)) for cid, rows in vectors.items()}


def test_dense_sentences_ranks_chunks_by_their_best_sentence(search: HybridSearch) -> None:
    long = max(search.index.chunks, key=lambda c: len(c.sentences))
    query = long.sentence_texts()[len(long.sentences) // 2]
    vector = search.embed_query(query)
    got = search.dense_sentences(vector, 10)
    ids = [cid for cid, _ in got]
    assert len(ids) == len(set(ids)) == 10  # one entry per chunk
    assert ids[0] == long.id and got[0][1] == pytest.approx(1.0, abs=1e-4)
    sims = [s for _, s in got]
    assert sims == sorted(sims, reverse=True)
    truth = _brute_force(search, vector)
    for cid, sim in got:
        assert sim == pytest.approx(truth[cid], abs=1e-4)
    # nothing left out ranks above the last one returned
    outside = [s for cid, s in truth.items() if cid not in set(ids)]
    assert max(outside) <= sims[-1] + 1e-4


def test_fusion_adds_the_sentence_ranking(search: HybridSearch) -> None:
    query = "Minerals Security Partnership supply chains"
    vector = search.embed_query(query)
    n = max(search.candidates, 10)
    lists = [
        [cid for cid, _ in search.dense(vector, n)],
        [search.lexical.chunks[row].id for row, _ in search.lexical.search(query, n)],
        [cid for cid, _ in search.dense_sentences(vector, n)],
    ]
    expected: dict[str, float] = {}
    for ranked in lists:
        for rank, cid in enumerate(ranked):
            expected[cid] = expected.get(cid, 0.0) + 1.0 / (search.rrf_k + rank + 1)
    got = search.search(query, 10, vector=vector)
    by_id = {c.id: c for c in search.index.chunks}
    fused = [
        Passage(by_id[cid], score)
        for cid, score in sorted(expected.items(), key=lambda x: (-x[1], x[0]))
    ]
    assert [p.chunk.id for p in got] == [p.chunk.id for p in _capped_notes(fused, 10)]
    for p in got:
        assert p.score == pytest.approx(expected[p.chunk.id])
    # a zero weight leaves the sentence ranking out (the two-list fusion)
    two = search.search(query, 10, vector=vector, weights=(1.0, 1.0, 0.0))
    assert {p.chunk.id for p in two} <= set(lists[0]) | set(lists[1])


def test_dense_score_is_the_better_of_passage_and_sentence(search: HybridSearch) -> None:
    query = search.index.chunks[3].sentence_texts()[0]
    vector = search.embed_query(query)
    n = max(search.candidates, 10)
    passage = dict(search.dense(vector, n))
    sentence = dict(search.dense_sentences(vector, n))
    for p in search.search(query, 10, vector=vector):
        seen = [d[p.chunk.id] for d in (passage, sentence) if p.chunk.id in d]
        if seen:
            assert p.dense_score == pytest.approx(max(seen))
        else:
            assert p.dense_score is None


@pytest.mark.slow
def test_real_model_finds_a_long_passage_by_one_sentence(paper_bot: Assistant) -> None:
    """Each middle sentence of the paper's longest passages, asked as a query, brings its
    passage first in the sentence ranking and into the fused top 3."""
    search = paper_bot.retriever
    longest = sorted(paper_bot.chunks(), key=lambda c: -len(c.sentences))[:8]
    assert len(longest[0].sentences) >= 4
    for chunk in longest:
        sentence = chunk.sentence_texts()[len(chunk.sentences) // 2]
        vector = search.embed_query(sentence)
        assert search.dense_sentences(vector, 5)[0][0] == chunk.id
        assert chunk.id in [p.chunk.id for p in search.search(sentence, 3, vector=vector)]


def test_a_library_over_the_sentence_limit_fuses_two_lists(
    hash_settings: Settings, fake_embeddings: HashEmbeddings
) -> None:
    """Above ``sentence_search_max`` sentences the sentence collection is never searched
    (its graph would be loaded and queried on every question): the two-list fusion."""
    small = HybridSearch.from_index(
        open_index(hash_settings.model_copy(update={"sentence_search_max": 1})),
        fake_embeddings,
    )
    query = "Minerals Security Partnership supply chains"
    vector = small.embed_query(query)

    def untouched(*_a: object, **_k: object) -> list[tuple[str, float]]:
        raise AssertionError("the sentence collection was searched")

    two = small.search(query, 10, vector=vector, weights=(1.0, 1.0, 0.0))
    small.dense_sentences = untouched  # type: ignore[method-assign]
    assert [p.chunk.id for p in small.search(query, 10, vector=vector)] == [p.chunk.id for p in two]


def _passage(cid: str, kind: str, score: float) -> Passage:
    chunk = Chunk(cid, "doc", "T", ("S",), 1, 1, f"text of {cid}", [(0, 10)], [[]], kind=kind)
    return Passage(chunk, score)


def test_endnotes_take_at_most_a_third_of_the_passages() -> None:
    """A long document's bibliography (short titles naming the topic) must not crowd its
    body text out: notes past the cap wait behind the body passages."""
    notes = [_passage(f"n{i}", "endnote", 1.0 - i / 100) for i in range(6)]
    body = [_passage(f"b{i}", "body", 0.5 - i / 100) for i in range(6)]
    got = [p.chunk.id for p in _capped_notes(notes + body, 6)]
    assert got == ["n0", "n1", "b0", "b1", "b2", "b3"]
    # with too little body text the notes fill the rest, best first
    got = [p.chunk.id for p in _capped_notes([*notes[:4], body[0]], 4)]
    assert got == ["n0", "n1", "b0", "n2"]
    # under the cap nothing moves
    mixed = [body[0], notes[0], body[1], body[2]]
    assert _capped_notes(mixed, 4) == mixed


def test_a_word_typed_without_its_accents_matches_the_text_with_them() -> None:
    assert tokenize("the Doñana wetland") == tokenize("the donana wetland")
    assert tokenize("Türkiye and Bjørn") == tokenize("Turkiye and Bjorn")
    # a superscript note number is no part of the word it follows
    assert tokenize("alliance¹") == tokenize("alliance")
