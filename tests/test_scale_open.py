"""Opening at scale: the answerer opens from tables kept beside the index (nothing per chunk
or per sentence), computes a sentence's features when a question reaches it (a bounded
cache), and answers exactly as with every feature preloaded; the lexicon's compact form
answers as the plain one did; the index looks chunks up by id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.answering import tables
from briefing_bot.answering.answerer import GroundedAnswerer
from briefing_bot.answering.lexicon import Lexicon, fold
from briefing_bot.answering.lists import DocumentOrder
from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.answering.tables import (
    IndexOrder,
    SentenceFactsCache,
    SentenceLookup,
    chunk_roles,
    document_order,
)
from briefing_bot.chunking import Chunk
from tests.fakes import FAKE

QUESTIONS = [
    "What is the Minerals Security Partnership?",
    "What does the paper say about biotechnology cooperation?",
    "What are the four types of technology cooperation?",
    "Who wrote the paper?",
    "What does IPEF stand for?",
    "How much did Korean firms invest in the United States?",
]


class _NoWalk(list[Chunk]):
    """A chunk list that fails the test when anything walks it whole."""

    def __iter__(self) -> Iterator[Chunk]:
        raise AssertionError("opening walked every chunk")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every sentence whose features are computed (its text), in order."""
    calls: list[str] = []
    real = tables.sentence_facts

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(tables, "sentence_facts", counting)
    return calls


def test_lazy_features_answer_as_preloaded_ones(
    hash_settings: Settings, counted: list[str]
) -> None:
    bot = Assistant.load(settings=hash_settings, embeddings=FAKE)
    sentences = bot.index.sentence_count()
    assert sentences == sum(len(c.sentences) for c in bot.index.chunks)
    preloaded = GroundedAnswerer(bot)  # the paper is under the default limit
    assert len(counted) == sentences  # the first open builds the table, once
    assert len(preloaded._facts.preloaded) == sentences
    counted.clear()
    # a tiny cache: every question evicts, nothing may change for it
    lazy = GroundedAnswerer(bot, AnswerSettings(preload_sentence_limit=8))
    assert counted == []  # opening computes nothing per sentence
    assert lazy._facts.preloaded == {}
    for question in QUESTIONS:
        before = len(counted)
        want = preloaded.answer(question, [])
        got = lazy.answer(question, [])
        assert (got.text, got.abstained) == (want.text, want.abstained), question
        assert [c.chunk_id for c in got.citations] == [c.chunk_id for c in want.citations]
        # a question computes the sentences it reaches, not the corpus
        assert len(counted) - before < sentences // 2, question
        assert len(lazy._facts) <= 8
    assert len(counted) > 8  # computed on the way, and evicted


def test_reopening_an_answerer_never_walks_the_chunks(hash_settings: Settings) -> None:
    Assistant.load(settings=hash_settings, embeddings=FAKE).answerer  # noqa: B018 - tables built
    bot = Assistant.load(settings=hash_settings, embeddings=FAKE)  # a later start
    comp = bot.index.companions
    assert comp is not None
    guarded = _NoWalk(bot.index.chunks)
    bot.index.chunks = comp.chunks = guarded
    answerer = GroundedAnswerer(bot, AnswerSettings(preload_sentence_limit=16))
    assert answerer.about and answerer.defined_in  # resolved by id from the kept table
    assert answerer.about[0].kind == "about"
    for key, chunk in answerer.defined_in.items():
        assert re.search(r"\(([^()]{2,12})\)", chunk.text), key


def test_chunk_roles_match_a_walk_over_the_chunks(hash_settings: Settings) -> None:
    bot = Assistant.load(settings=hash_settings, embeddings=FAKE)
    chunks, documents = bot.index.chunks, bot.index.documents
    roles = chunk_roles(chunks, documents)
    endnotes = [c for c in chunks if c.kind == "endnote"]
    assert set(roles.kinds) == {c.id for c in endnotes}
    assert set(roles.kinds.values()) == {"note", "citation"}  # the paper has both
    for c in endnotes:
        number = c.section_path[-1].split()[-1]
        note = documents[c.doc_id]["endnotes"][number]
        assert roles.kinds[c.id] == ("citation" if note.get("sources") else "note")
    assert roles.about == [c.id for c in chunks if c.kind == "about"]
    first: dict[str, str] = {}
    for c in chunks:
        if c.kind == "body":
            for m in re.finditer(r"\(([^()]{2,12})\)", c.text):
                first.setdefault(fold(m.group(1)).removesuffix("s"), c.id)
    assert roles.defined_in == first and "ipef" in first


def test_facts_cache_keeps_the_most_recent(hash_settings: Settings, counted: list[str]) -> None:
    bot = Assistant.load(settings=hash_settings, embeddings=FAKE)
    lexicon = Lexicon(bot.index.chunks)
    cache = SentenceFactsCache(lexicon, bot.index.chunk, size=2)
    body = next(c for c in bot.index.chunks if c.kind == "body" and len(c.sentences) >= 3)
    keys = [(body.id, i) for i in range(3)]
    first = cache[keys[0]]
    assert cache.get(keys[0]) is first and len(counted) == 1  # kept, not computed again
    cache.get(keys[1])
    cache.get(keys[0])  # used again: the newest
    cache.get(keys[2])  # evicts keys[1], the least recently used
    assert keys[0] in cache and keys[2] in cache and keys[1] not in cache
    assert len(counted) == 3 and len(cache) == 2
    assert cache.get(("no-such-chunk", 0)) is None
    assert cache.get((body.id, len(body.sentences))) is None
    with pytest.raises(KeyError):
        cache[("no-such-chunk", 0)]


def test_index_looks_chunks_up_by_id(hash_settings: Settings) -> None:
    bot = Assistant.load(settings=hash_settings, embeddings=FAKE)
    for chunk in bot.index.chunks[::7]:
        assert bot.index.chunk(chunk.id) is chunk
    assert bot.index.chunk("no-such-chunk") is None


def test_compact_lexicon_answers_as_the_plain_text_did(hash_settings: Settings) -> None:
    chunks = Assistant.load(settings=hash_settings, embeddings=FAKE).index.chunks
    lexicon = Lexicon(chunks)
    texts = [f"{' '.join(c.section_path)} {c.text}" for c in chunks]
    folded = [f" {fold(t)} " for t in texts]
    phrases = {
        " ".join(t.split()[i : i + n]) for t in folded[::5] for n in (1, 2, 3) for i in (0, 4)
    }
    phrases |= {"security partnership minerals", "zyxquark consortium", "korea united"}
    for phrase in sorted(p for p in phrases if p):
        assert lexicon.has_phrase(phrase) == any(f" {phrase} " in t for t in folded), phrase
    assert lexicon.lower_text == " ".join(
        " ".join(re.findall(r"[A-Za-z-]+", t)) for t in texts
    )  # kept compressed, the same text
    assert len(lexicon.lower_text_z) < len(lexicon.lower_text) / 2


def test_sentence_vectors_are_read_not_mapped(hash_settings: Settings) -> None:
    import numpy as np

    index = Assistant.load(settings=hash_settings, embeddings=FAKE).index
    comp = index.companions
    assert comp is not None
    rng = np.random.default_rng(3)
    picked = [index.chunks[i] for i in rng.permutation(len(index.chunks))[:20]]
    picked += [*picked[:3], index.chunks[0], index.chunks[1]]  # repeats and a run
    got = comp.sentence_vectors(picked)
    assert set(got) == {c.id for c in picked if c.sentences}
    for chunk in picked:
        row = comp.row[chunk.id]
        want = comp.vectors[int(comp.offsets[row]) : int(comp.offsets[row + 1])]
        np.testing.assert_array_equal(got[chunk.id], want)
        assert not isinstance(got[chunk.id], np.memmap)  # no page of the map touched


def test_sentence_lookup_finds_what_a_table_of_every_sentence_did(
    hash_settings: Settings,
) -> None:
    chunks = Assistant.load(settings=hash_settings, embeddings=FAKE).index.chunks
    table = {fold(t): (c.id, i) for c in chunks for i, t in enumerate(c.sentence_texts())}
    lookup = SentenceLookup(Lexicon(chunks), chunks)
    found = {key: lookup.get(key) for key in table if key}
    assert {k: (v[0].id, v[1]) if v else None for k, v in found.items()} == {
        k: v for k, v in table.items() if k
    }
    assert lookup.get(fold("The zyxquark consortium builds a bridge.")) is None
    assert lookup.get("") is None


def test_document_order_read_off_the_index_walks_as_the_built_one(
    hash_settings: Settings,
) -> None:
    (hash_settings.corpus_dir / "extra.md").write_text(
        "# Extra note\n\n## Budget\n\nThe pilot costs nine million won. It starts in spring."
        "\n\nA second paragraph follows. It says more.\n"
    )
    index = Assistant.load(settings=hash_settings, embeddings=FAKE).index
    assert index.in_document_order and len({c.doc_id for c in index.chunks}) == 2
    order = document_order(index, index.chunks)
    assert isinstance(order, IndexOrder)
    built = DocumentOrder(index.chunks)
    for chunk in index.chunks:
        for i in range(-1, len(chunk.sentences)):
            for limit in (1, 2, 20):
                assert order.after(chunk, i, limit) == built.after(chunk, i, limit)
    assert isinstance(document_order(object(), index.chunks), DocumentOrder)
