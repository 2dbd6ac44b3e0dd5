"""An incremental build equals a rebuild: every kept chunk takes its new position (locator,
paragraph numbers, offsets, section path, sentence spans, endnote links, title) in the store,
the companion files and the registry, and only text that changed is embedded.

Each test edits a small document, updates the index in place and compares it, chunk by chunk,
with an index built from nothing over the same corpus."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from briefing_bot import Settings
from briefing_bot.chunking import Chunk
from briefing_bot.index import (
    Store,
    build_index,
    index_status,
    open_index,
    read_manifest,
    reconcile,
)
from briefing_bot.index import build as build_module
from briefing_bot.index.companions import Companions
from briefing_bot.index.manifest import read_registry
from briefing_bot.index.store import release_embedded_store
from tests.fakes import HashEmbeddings

P = {
    "lead": (
        "This review looks at how the two harbours have worked together since their agreement, "
        "what changed for shippers and crews, and which questions remain open for the next "
        "round of talks between the port authorities and the ministry."
    ),
    "new": (
        "Before the agreement, each harbour kept its own pilots and its own dredgers, and "
        "vessels often waited two days for a berth while the other port stood half empty."
        "<sup>1</sup> Shipping lines had complained about this for a decade."
    ),
    "b1": (
        "The two ports signed a cooperation agreement in 2021, covering pilotage, shared "
        "dredging and a common booking window for large vessels.<sup>{b1}</sup> Traffic grew by "
        "a fifth in the first year, and waiting times at the outer anchorage fell for most "
        "classes of ship."
    ),
    "b2": (
        "Officials said the agreement would be reviewed every three years, with the first "
        "review due next spring.<sup>{b2}</sup> Unions asked for a seat at that review, arguing "
        "that shift patterns had changed faster than the agreement anticipated."
    ),
    "f1": (
        "Container volumes rose at both ports, although the smaller port gained more in "
        "relative terms as feeder services moved across. Analysts credit the shared scheduling "
        "system, which lets both harbours see each other's berth plans a week ahead.<sup>{f1}</sup>"
    ),
    "f2": (
        "Dredging costs fell by a third once the two fleets were pooled under one contract. The "
        "savings were reinvested in berth upgrades, cold-storage sheds and a new rail siding "
        "that now carries a quarter of outbound boxes inland."
    ),
}
NOTES = [
    'Port Authority, "Cooperation Agreement," 2021.',
    'Ministry of Transport, "Review Schedule," 2022.',
    'Harbour Analytics, "Volume Report," 2023.',
]
EARLIER_NOTE = 'Shipping Council, "Berth Waiting Times," 2019.'


def document(
    *,
    title: str = "Harbour Cooperation Review",
    author: str = "A. Writer",
    inserted: bool = False,
    without: str = "",
) -> str:
    """The test document; ``inserted`` adds a paragraph (and its endnote, renumbering the
    later ones) before the others of its section; ``without`` drops one paragraph."""
    notes = [EARLIER_NOTE, *NOTES] if inserted else NOTES
    first = 2 if inserted else 1
    marks = {"b1": first, "b2": first + 1, "f1": first + 2}
    background = [*(["new"] if inserted else []), "b1", "b2"]
    findings = ["f1", "f2"]

    def body(keys: list[str]) -> str:
        return "\n\n".join(P[k].format(**marks) for k in keys if k != without)

    listed = "\n".join(f"{i}. {n}" for i, n in enumerate(notes, 1))
    return (
        f'---\ntitle: "{title}"\nauthor: "{author}"\n---\n\n{P["lead"]}\n\n'
        f"## Background\n\n{body(background)}\n\n## Findings\n\n{body(findings)}\n\n"
        f"## Endnotes\n\n{listed}\n"
    )


class CountingEmbeddings(Embeddings):
    """The hash fake, remembering every text it embedded."""

    def __init__(self) -> None:
        self.inner = HashEmbeddings()
        self.texts: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def snapshot(settings: Settings) -> dict[str, Any]:
    """Everything of an index that depends on where a chunk sits: each chunk's metadata as
    the companion table and the store hold it, the table's order, the registry, sentence
    vectors, BM25 hits, and what the store holds of sentences."""
    index = open_index(settings, build=False)
    try:
        assert index.companions is not None and index.in_document_order
        store_chunks = index.store.all_chunks()
        vectors = index.sentence_vectors(index.chunks)
        stored_vectors = index.store.sentence_vectors(store_chunks)
        lexical = {
            q: [(index.chunks[r].id, round(s, 5)) for r, s in index.companions.lexical.search(q, 4)]
            for q in ("dredging costs", "review unions", "waiting berth pilots", "harbour")
        }
        return {
            "order": [c.id for c in index.chunks],
            "table": {c.id: _record(c) for c in index.chunks},
            "store": {c.id: _record(c) for c in store_chunks},
            "documents": index.documents,
            "vectors": vectors,
            "stored_vectors": stored_vectors,
            "lexical": lexical,
            "sentences": index.store.counts()[1],
            "manifest_docs": index.manifest["documents"],
        }
    finally:
        release_embedded_store(settings.chroma_dir)


def _record(chunk: Chunk) -> dict[str, Any]:
    return {**chunk.to_metadata(), "text": chunk.text}


def assert_same_index(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert got["order"] == want["order"]
    for cid, record in want["table"].items():
        assert got["table"][cid] == record, f"companion row of {record['locator']}"
        assert got["store"][cid] == record, f"stored metadata of {record['locator']}"
    assert got["table"].keys() == want["table"].keys() == got["store"].keys()
    assert got["documents"] == want["documents"]
    assert got["manifest_docs"] == want["manifest_docs"]
    assert got["lexical"] == want["lexical"]
    assert got["sentences"] == want["sentences"]
    for name in ("vectors", "stored_vectors"):
        assert got[name].keys() == want[name].keys()
        for cid, vec in want[name].items():
            np.testing.assert_allclose(got[name][cid], vec, atol=1e-5)
    # no two chunks of a document claim the same place
    places = [(r["doc_id"], r["locator"], r["para_start"]) for r in got["table"].values()]
    assert len(places) == len(set(places))


def fresh_build(settings: Settings, tmp_path: Path, name: str) -> dict[str, Any]:
    """The same corpus indexed from nothing (``--rebuild`` into a folder of its own)."""
    other = settings.model_copy(update={"index_dir": tmp_path / name})
    build_index(other, rebuild=True, embeddings=HashEmbeddings())
    return snapshot(other)


def texts_of(chunks: list[Chunk]) -> list[str]:
    """What embedding these chunks sends to the model."""
    return [*(c.embed_text() for c in chunks), *(s for c in chunks for s in c.sentence_texts())]


@pytest.fixture
def doc_settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbours.md").write_text(document(), encoding="utf-8")
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index")


Edit = Callable[[Path], None]


def insert_paragraph(corpus: Path) -> None:
    (corpus / "harbours.md").write_text(document(inserted=True), encoding="utf-8")


def change_title_and_byline(corpus: Path) -> None:
    doc = document(title="Two Harbours, One Agreement", author="B. Editor")
    (corpus / "harbours.md").write_text(doc, encoding="utf-8")


def remove_paragraph(corpus: Path) -> None:
    (corpus / "harbours.md").write_text(document(without="b2"), encoding="utf-8")


def rename_document(corpus: Path) -> None:
    (corpus / "harbours.md").rename(corpus / "harbour-review.md")


@pytest.mark.parametrize(
    "edit",
    [insert_paragraph, change_title_and_byline, remove_paragraph, rename_document],
    ids=lambda f: f.__name__,
)
def test_an_update_equals_a_rebuild_and_embeds_only_changed_text(
    doc_settings: Settings, tmp_path: Path, edit: Edit
) -> None:
    build_index(doc_settings, embeddings=HashEmbeddings())
    before = snapshot(doc_settings)
    edit(doc_settings.corpus_dir)
    counter = CountingEmbeddings()
    report = build_index(doc_settings, embeddings=counter)
    got = snapshot(doc_settings)
    want = fresh_build(doc_settings, tmp_path, "fresh")
    assert_same_index(got, want)
    assert index_status(doc_settings)[0] == "current"

    # only chunks whose embedded text is new were embedded, each once
    old_texts = {
        Chunk.from_record(cid, r["text"], r).embed_text() for cid, r in before["table"].items()
    }
    new = [Chunk.from_record(cid, r["text"], r) for cid, r in want["table"].items()]
    changed = [c for c in new if c.embed_text() not in old_texts]
    assert sorted(counter.texts) == sorted(texts_of(changed))
    kept = [cid for cid in want["order"] if cid in before["table"]]
    differ = [cid for cid in kept if before["table"][cid] != want["table"][cid]]
    same_text = {c.id for c in new if c.embed_text() in old_texts}
    moved = [cid for cid in differ if cid in same_text]
    assert report.moved == len(moved)
    assert report.unchanged == len(kept) - len(differ)
    assert report.added == len(want["order"]) - len(kept) + len(differ) - len(moved)
    assert report.chunks == len(want["order"])
    if edit is not rename_document:
        assert moved, "the edit moved no kept chunk: the test proves nothing"


def test_inserted_paragraph_renumbers_kept_chunks(doc_settings: Settings) -> None:
    """The reported case, stated plainly: after an insertion every paragraph number is
    unique and each locator points at the registry paragraph holding the chunk's text."""
    build_index(doc_settings, embeddings=HashEmbeddings())
    insert_paragraph(doc_settings.corpus_dir)
    report = build_index(doc_settings, embeddings=HashEmbeddings())
    assert report.moved > 0 and report.added > 0
    index = open_index(doc_settings, build=False)
    source = (doc_settings.corpus_dir / "harbours.md").read_text(encoding="utf-8")
    paragraphs = {p["number"]: p for p in index.documents["harbours.md"]["paragraphs"]}
    body = [c for c in index.chunks if c.kind == "body"]
    assert len({c.paragraph for c in body}) == len(body)
    for chunk in body:
        para = paragraphs[chunk.paragraph]
        assert para["text"][chunk.para_start :].startswith(chunk.text[:40])
        assert list(chunk.section_path) == para["section_path"]
        # the offsets into the file cover the chunk's text (markup aside)
        assert chunk.text[:20] in source[chunk.char_start : chunk.char_end]
    first = next(c for c in body if c.text.startswith("The two ports"))
    assert first.endnotes == [2]  # renumbered by the inserted note
    release_embedded_store(doc_settings.chroma_dir)


@pytest.mark.parametrize("at", ["delete", "companions"])
def test_a_killed_update_leaves_the_old_index_and_the_next_run_finishes(
    doc_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: str
) -> None:
    """Killed (``at``) before the old chunks are deleted, or after, before the companion
    files: either way the old manifest's files are whole and the next run finishes."""
    build_index(doc_settings, embeddings=HashEmbeddings())
    before = snapshot(doc_settings)
    insert_paragraph(doc_settings.corpus_dir)

    def killed(*_args: Any, **_kwargs: Any) -> None:
        raise KeyboardInterrupt  # as a kill would: no cleanup after this point

    with monkeypatch.context() as patch:
        if at == "delete":
            patch.setattr(Store, "delete", killed)
        else:
            patch.setattr(build_module, "_write_companions", killed)
        with pytest.raises(KeyboardInterrupt):
            build_index(doc_settings, embeddings=HashEmbeddings())
    # a reader of the old manifest (a server that has not reloaded) keeps the old index:
    # its companion rows with the old positions and its registry
    assert index_status(doc_settings)[0] == "stale"
    manifest = read_manifest(doc_settings.index_dir)
    assert manifest is not None and manifest["documents"] == before["manifest_docs"]
    comp = Companions.open(doc_settings.index_dir, manifest)
    assert {c.id: _record(c) for c in comp.chunks} == before["table"]
    assert read_registry(doc_settings.index_dir) == before["documents"]
    if at == "delete":  # every chunk it lists is still in the store
        assert set(before["order"]) <= Store(doc_settings).ids()
    assert (doc_settings.index_dir / reconcile.PENDING).exists()
    release_embedded_store(doc_settings.chroma_dir)

    build_index(doc_settings, embeddings=HashEmbeddings())
    assert_same_index(snapshot(doc_settings), fresh_build(doc_settings, tmp_path, "fresh"))
    assert not (doc_settings.index_dir / reconcile.PENDING).exists()


def test_a_killed_update_then_a_reverted_file_restores_the_old_positions(
    doc_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's rows were rewritten for a version that was never recorded: the next run
    sees the document as unchanged by its hash, yet must put the rows back."""
    build_index(doc_settings, embeddings=HashEmbeddings())
    original = (doc_settings.corpus_dir / "harbours.md").read_bytes()
    insert_paragraph(doc_settings.corpus_dir)

    def killed(*_args: Any, **_kwargs: Any) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(build_module, "_write_companions", killed)
        with pytest.raises(KeyboardInterrupt):
            build_index(doc_settings, embeddings=HashEmbeddings())
    (doc_settings.corpus_dir / "harbours.md").write_bytes(original)
    build_index(doc_settings, embeddings=HashEmbeddings())
    assert_same_index(snapshot(doc_settings), fresh_build(doc_settings, tmp_path, "fresh"))
    assert not (doc_settings.index_dir / reconcile.PENDING).exists()


def test_an_update_without_companions_reads_current_positions_from_the_store(
    doc_settings: Settings, tmp_path: Path
) -> None:
    """Companions written again from the store alone (deleted, say) carry the new positions:
    the store itself was updated, not only the files beside it."""
    build_index(doc_settings, embeddings=HashEmbeddings())
    insert_paragraph(doc_settings.corpus_dir)
    build_index(doc_settings, embeddings=HashEmbeddings())
    shutil.rmtree(doc_settings.index_dir / "companions")
    assert_same_index(snapshot(doc_settings), fresh_build(doc_settings, tmp_path, "fresh"))


def test_store_metadata_of_a_moved_chunk_loses_keys_it_no_longer_has(
    doc_settings: Settings,
) -> None:
    """Chroma merges updated metadata into the old; a key the new position lacks (a page)
    must go, not linger."""
    build_index(doc_settings, embeddings=HashEmbeddings())
    store = Store(doc_settings)
    ids = sorted(store.ids())
    got = store.chunks.get(ids=ids, include=["metadatas"])
    stale = [{**m, "page": 99, "paragraph": 77} for m in got["metadatas"]]
    store.chunks.update(ids=got["ids"], metadatas=stale)
    # as a killed update leaves it: the document named as being rewritten, read again
    reconcile.write_pending(doc_settings.index_dir, {"harbours.md"})
    report = build_index(doc_settings, embeddings=HashEmbeddings())
    assert report.moved == len(ids) and report.added == 0
    for meta in Store(doc_settings).chunks.get(ids=ids, include=["metadatas"])["metadatas"]:
        assert "page" not in meta and meta["paragraph"] != 77
    release_embedded_store(doc_settings.chroma_dir)


def test_companions_of_an_update_keep_vectors_of_moved_rows(doc_settings: Settings) -> None:
    build_index(doc_settings, embeddings=HashEmbeddings())
    insert_paragraph(doc_settings.corpus_dir)
    build_index(doc_settings, embeddings=HashEmbeddings())
    manifest = read_manifest(doc_settings.index_dir)
    assert manifest is not None
    comp = Companions.open(doc_settings.index_dir, manifest)
    # moved rows were copied from the previous folder, not read again from the store
    assert comp.meta["reused_chunks"] > 0
    release_embedded_store(doc_settings.chroma_dir)


@pytest.mark.slow
def test_real_model_update_after_an_insertion_equals_a_rebuild(
    doc_settings: Settings, tmp_path: Path
) -> None:
    """Real MiniLM and real embedded Chroma: insert a paragraph, update, compare with a
    rebuild; the model sees only the new text."""
    from briefing_bot.embeddings import OnnxMiniLMEmbeddings

    model = OnnxMiniLMEmbeddings(batch_size=doc_settings.embedding_batch_size)
    build_index(doc_settings, embeddings=model)
    before = snapshot(doc_settings)
    insert_paragraph(doc_settings.corpus_dir)
    seen: list[str] = []
    real = model.embed_array

    def counting(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return real(texts)

    model.embed_array = counting  # type: ignore[method-assign]
    report = build_index(doc_settings, embeddings=model)
    model.embed_array = real  # type: ignore[method-assign]
    got = snapshot(doc_settings)

    other = doc_settings.model_copy(update={"index_dir": tmp_path / "fresh"})
    build_index(other, rebuild=True, embeddings=model)
    want = snapshot(other)
    assert_same_index(got, want)
    added = [
        Chunk.from_record(cid, r["text"], r)
        for cid, r in want["table"].items()
        if cid not in before["table"]
    ]
    assert report.moved > 0 and sorted(seen) == sorted(texts_of(added))


def test_an_index_updated_before_the_fix_is_repaired_by_the_next_update(
    doc_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index whose kept chunks carry stale positions (updated by a build that only
    embedded new ids) and whose manifest predates ``positions``: the next plain update
    reads every document again and puts each chunk in its place, embedding nothing."""
    build_index(doc_settings, embeddings=HashEmbeddings())
    insert_paragraph(doc_settings.corpus_dir)

    def new_ids_only(
        store: Store, chunks: list[Chunk], existing: set[str], leaving: set[str]
    ) -> reconcile.Plan:
        del store, leaving
        return reconcile.Plan(
            new=[c for c in {c.id: c for c in chunks}.values() if c.id not in existing]
        )

    real_sync = build_module.sync_companions

    def rows_kept(*args: Any, **kwargs: Any) -> Any:
        kwargs.pop("current", None)
        return real_sync(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(reconcile, "plan", new_ids_only)
        patch.setattr(build_module, "sync_companions", rows_kept)
        build_index(doc_settings, embeddings=HashEmbeddings())
    want = fresh_build(doc_settings, tmp_path, "fresh")
    stale = snapshot(doc_settings)
    assert stale["order"] != want["order"]  # the reported bug, reproduced
    manifest = read_manifest(doc_settings.index_dir)
    assert manifest is not None
    del manifest["positions"]
    (doc_settings.index_dir / "manifest.json").write_text(json_text(manifest))

    counter = CountingEmbeddings()
    report = build_index(doc_settings, embeddings=counter)
    assert counter.texts == [] and report.moved > 0 and report.added == 0
    assert_same_index(snapshot(doc_settings), want)
    assert build_index(doc_settings, embeddings=counter).moved == 0  # and now a no-op


def json_text(data: Any) -> str:
    import json

    return json.dumps(data)
