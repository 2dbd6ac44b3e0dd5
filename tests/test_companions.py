"""Companion files beside the store: written with the index, opened without reading the
store's chunks or re-tokenising, kept in step by incremental updates, equal to what the
store holds; the safe table cache; BM25 rebuilt from stored token ids equals a fresh one."""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.chunking import Chunk
from briefing_bot.index import Store, build_index, open_index
from briefing_bot.index.chunk_table import read_chunks, read_lines, write_chunks
from briefing_bot.index.companions import COMPANIONS, Companions, companion_key
from briefing_bot.index.lexical import LexicalIndex
from briefing_bot.index.manifest import read_manifest
from briefing_bot.retrieval import HybridSearch
from tests.fakes import FAKE

EXTRA = (
    "# Extra note\n\n## Budget\n\nThe pilot programme costs nine million won. "
    "It starts in spring with the zyxquark consortium.\n"
)


def _same_hits(a: list[tuple[int, float]], b: list[tuple[int, float]]) -> bool:
    return [r for r, _ in a] == [r for r, _ in b] and [s for _, s in a] == pytest.approx(
        [s for _, s in b], rel=1e-5
    )


def _folders(settings: Settings) -> list[Path]:
    root = settings.index_dir / COMPANIONS
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def test_build_writes_companions_matching_the_store(hash_settings: Settings) -> None:
    build_index(hash_settings)
    manifest = read_manifest(hash_settings.index_dir)
    assert manifest is not None
    comp = Companions.open(hash_settings.index_dir, manifest)
    assert comp.path.name == companion_key(manifest)
    store = Store(hash_settings)
    from_store = store.all_chunks()
    assert comp.chunks == from_store  # same chunks, same order, same metadata
    want = store.sentence_vectors(from_store)
    got = comp.sentence_vectors(comp.chunks)
    assert set(got) == set(want)
    for cid, mat in want.items():
        np.testing.assert_allclose(got[cid], mat, atol=1e-6)
    assert isinstance(comp.vectors, np.memmap)  # mapped, not read into memory


def test_open_uses_companions_not_the_store(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_index(hash_settings)

    def no_scan(self: Store) -> list[Chunk]:
        raise AssertionError("opening read every chunk from the store")

    monkeypatch.setattr(Store, "all_chunks", no_scan)
    from briefing_bot.index import lexical

    calls: list[str] = []
    monkeypatch.setattr(lexical, "chunk_tokens", _recording(lexical.chunk_tokens, calls))
    index = open_index(hash_settings, build=False)
    assert index.companions is not None and len(index.chunks) == index.manifest["counts"]["chunks"]
    assert calls == []  # nothing re-tokenised
    search = HybridSearch.from_index(index, FAKE)
    assert search.lexical is index.companions.lexical
    hits = search.search("Minerals Security Partnership", k=3)
    assert hits and "Minerals Security Partnership" in " ".join(p.chunk.text for p in hits)


def _recording(
    real: Callable[[Chunk], list[str]], calls: list[str]
) -> Callable[[Chunk], list[str]]:
    def tokens(chunk: Chunk) -> list[str]:
        calls.append(chunk.id)
        return real(chunk)

    return tokens


def test_incremental_update_reuses_rows_and_matches_a_fresh_build(
    hash_settings: Settings, tmp_path: Path
) -> None:
    from briefing_bot.index import lexical

    build_index(hash_settings)
    (hash_settings.corpus_dir / "extra.md").write_text(EXTRA)
    tokenised: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lexical, "chunk_tokens", _recording(lexical.chunk_tokens, tokenised))
        report = build_index(hash_settings)
    assert report.added == 1
    assert len(tokenised) == 1  # only the new chunk was tokenised
    manifest = read_manifest(hash_settings.index_dir)
    assert manifest is not None
    comp = Companions.open(hash_settings.index_dir, manifest)
    assert comp.meta["reused_chunks"] == report.chunks - 1
    assert len(_folders(hash_settings)) == 2  # this version and the one before

    # the same corpus built from nothing gives the same companions
    fresh = hash_settings.model_copy(update={"index_dir": tmp_path / "fresh"})
    build_index(fresh)
    other = Companions.open(fresh.index_dir, read_manifest(fresh.index_dir) or {})
    assert comp.chunks == other.chunks
    np.testing.assert_allclose(comp.vectors, other.vectors, atol=1e-6)
    for query in ["zyxquark consortium", "pilot programme budget", "semiconductor supply chains"]:
        assert _same_hits(comp.lexical.search(query, 5), other.lexical.search(query, 5))
    top = comp.lexical.search("zyxquark", 3)
    assert len(top) == 1 and comp.chunks[top[0][0]].doc_id == "extra.md"

    # removing the document drops its rows; older folders are pruned to two
    (hash_settings.corpus_dir / "extra.md").unlink()
    build_index(hash_settings)
    manifest = read_manifest(hash_settings.index_dir)
    assert manifest is not None
    after = Companions.open(hash_settings.index_dir, manifest)
    assert not after.lexical.search("zyxquark", 3)
    assert len(_folders(hash_settings)) == 2


def test_missing_or_damaged_companions_are_rewritten(hash_settings: Settings) -> None:
    build_index(hash_settings)
    manifest = read_manifest(hash_settings.index_dir)
    assert manifest is not None
    folder = hash_settings.index_dir / COMPANIONS / companion_key(manifest)
    (folder / "chunk_rows.json").write_text("[not json")
    index = open_index(hash_settings, build=False)
    assert index.companions is not None and len(index.chunks) == manifest["counts"]["chunks"]
    import shutil

    shutil.rmtree(hash_settings.index_dir / COMPANIONS)
    index = open_index(hash_settings, build=False)
    assert index.companions is not None
    assert (hash_settings.index_dir / COMPANIONS / companion_key(manifest) / "meta.json").exists()


def test_read_only_index_folder_falls_back_to_the_store(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_index(hash_settings)
    import shutil

    shutil.rmtree(hash_settings.index_dir / COMPANIONS)
    from briefing_bot.index import companion_write

    def refuse(*args: object, **kwargs: object) -> Path:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(companion_write, "sync_companions", refuse)
    index = open_index(hash_settings, build=False)
    assert index.companions is None
    assert len(index.chunks) == index.manifest["counts"]["chunks"]
    bot = Assistant(index, FAKE)
    assert bot.retrieve("Minerals Security Partnership", k=2)
    assert index.sentence_vectors(index.chunks[:3])  # from the store


def test_load_or_build_caches_and_refuses_code(
    hash_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    build_index(hash_settings)
    index = open_index(hash_settings, build=False)
    built: list[int] = []

    def builder() -> dict[str, object]:
        built.append(1)
        return {
            "df": {"alliance": 3},
            "words": {"a", "b"},
            "pairs": (1, 2.5),
            "arr": np.ones(3),
            "names": re.compile("Kim|Lee", re.IGNORECASE),
        }

    first = index.load_or_build("vocabulary", "v1", builder)
    again = open_index(hash_settings, build=False).load_or_build("vocabulary", "v1", builder)
    assert built == [1]
    assert again["words"] == {"a", "b"} and again["df"] == {"alliance": 3}
    np.testing.assert_array_equal(again["arr"], np.ones(3))
    assert first["pairs"] == again["pairs"]
    assert again["names"].search("dr. lee said") is not None
    index.load_or_build("vocabulary", "v2", builder)  # a new builder version builds again
    assert built == [1, 1]

    # a planted pickle that would call a function is refused and the table rebuilt
    assert index.companions is not None
    caches = list((index.companions.path / "cache").glob("vocabulary-*.pkl"))
    assert len(caches) == 2

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("owned",))

    for cache in caches:
        cache.write_bytes(pickle.dumps(Evil()))
    value = open_index(hash_settings, build=False).load_or_build("vocabulary", "v1", builder)
    assert isinstance(value, dict) and len(built) == 3
    assert "owned" not in capsys.readouterr().out


def test_chunk_table_round_trip(tmp_path: Path) -> None:
    chunk = Chunk(
        id="c1,odd",
        doc_id="d,1.md",
        title="T",
        section_path=("A", "B"),
        paragraph=3,
        paragraph_end=4,
        text="One. Two “quoted” —\n ünïcode.",
        sentences=[(0, 4), (5, 30)],
        sentence_endnotes=[[1], []],
        page=7,
        kind="body",
        char_start=10,
        char_end=40,
        para_start=2,
    )
    other = Chunk(**{**chunk.__dict__, "id": "c2", "page": None})
    write_chunks(tmp_path, [chunk, other])
    assert read_chunks(tmp_path) == [chunk, other]
    assert json.loads((tmp_path / "chunk_tables.json").read_text())["docs"] == [["d,1.md", "T"]]
    assert len(read_lines(tmp_path)) == 2  # one line per row, newlines in text escaped


def test_bm25_from_token_ids_equals_a_fresh_index(hash_settings: Settings) -> None:
    build_index(hash_settings)
    chunks = Store(hash_settings).all_chunks()
    half = chunks[: len(chunks) // 2]
    small = LexicalIndex(half)
    grown = small.updated([*range(len(half)), *chunks[len(half) :]])
    whole = LexicalIndex(chunks)
    for query in ["Minerals Security Partnership", "biotechnology cooperation", "Seoul"]:
        assert _same_hits(grown.search(query, 8), whole.search(query, 8))
    shrunk = whole.updated(list(range(len(half))))
    for query in ["Minerals Security Partnership", "biotechnology cooperation"]:
        assert _same_hits(shrunk.search(query, 8), small.search(query, 8))
    # rows dropped here and there, moved, and new chunks between them
    mixed_chunks = [*chunks[10:20], chunks[0], *chunks[30:], *chunks[5:8]]
    mixed = LexicalIndex(chunks[:8]).updated([*chunks[10:20], 0, *chunks[30:], 5, 6, 7])
    fresh = LexicalIndex(mixed_chunks)
    for query in ["Minerals Security Partnership", "semiconductors Korea", "alliance"]:
        assert _same_hits(mixed.search(query, 8), fresh.search(query, 8))


def test_bm25_matrix_equals_bm25s_own_index(hash_settings: Settings) -> None:
    import bm25s

    from briefing_bot.index.lexical import chunk_tokens, tokenize

    build_index(hash_settings)
    chunks = Store(hash_settings).all_chunks()
    ours = LexicalIndex(chunks)
    theirs = bm25s.BM25()
    theirs.index([chunk_tokens(c) for c in chunks], show_progress=False)
    for query in ["Minerals Security Partnership", "biotechnology cooperation Seoul", "chips"]:
        tokens = [t for t in tokenize(query) if t in ours]
        docs, scores = theirs.retrieve([tokens], k=8, show_progress=False, n_threads=1)
        want = [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
        assert _same_hits(ours.search(query, 8), want)


def test_concurrent_openers_build_a_table_once(hash_settings: Settings) -> None:
    import threading
    import time

    build_index(hash_settings)
    manifest = read_manifest(hash_settings.index_dir)
    assert manifest is not None
    # two processes' worth of openers: separate Companions objects, separate lock handles
    openers = [Companions.open(hash_settings.index_dir, manifest) for _ in range(3)]
    built: list[int] = []

    def builder() -> list[int]:
        built.append(1)
        time.sleep(0.3)  # long enough for the others to arrive while it builds
        return [1, 2, 3]

    got: list[object] = []
    threads = [
        threading.Thread(target=lambda c=c: got.append(c.load_or_build("t", "v1", builder)))
        for c in openers
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert got == [[1, 2, 3]] * 3
    assert built == [1]


def test_answer_layer_tables_are_built_once_per_index_version(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing_bot.answering import lexicon

    built: list[int] = []
    real = lexicon.Lexicon.__init__

    def counting(self: lexicon.Lexicon, chunks: object) -> None:
        built.append(1)
        real(self, chunks)  # type: ignore[arg-type]

    monkeypatch.setattr(lexicon.Lexicon, "__init__", counting)
    first = Assistant.load(settings=hash_settings, embeddings=FAKE)
    answer = first.ask("What is the Minerals Security Partnership?")
    again = Assistant.load(settings=hash_settings, embeddings=FAKE)  # a second process, say
    assert again.ask("What is the Minerals Security Partnership?").text == answer.text
    assert built == [1]
    assert again.answerer.lexicon.df == first.answerer.lexicon.df  # type: ignore[attr-defined]
    (hash_settings.corpus_dir / "extra.md").write_text(EXTRA)
    Assistant.load(settings=hash_settings, embeddings=FAKE).answerer  # noqa: B018 - new version
    assert built == [1, 1]
