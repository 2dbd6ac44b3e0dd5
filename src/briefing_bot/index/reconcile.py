"""What an update does with the chunks of the documents it reads again.

A chunk's id is a hash of its document, section path and text, so a passage that did not
change keeps its id when text is inserted or removed around it — but not its place: its
paragraph numbers, offsets into the file, sentence endnote links and document title are
metadata, and they move. :func:`plan` sorts the chunks of re-read documents by comparing each
with what the store holds under its id:

* ``new`` — an id the store lacks: embedded, unless a chunk leaving the store (a renamed
  document, a moved passage) has the same embedded text and sentences, whose vectors are
  then copied (``reuse``);
* ``reembed`` — an id the store holds whose embedded text changed without its id (the title
  heads the embedded text of a passage under no heading);
* ``moved`` — the same text in a new place: its metadata is rewritten, nothing embedded;
* everything else is unchanged.

The store's rows are rewritten in place, so a killed update can leave them describing a file
version that was never recorded. ``pending.json`` names the documents an update is rewriting
until its manifest is written; the next run reads them again even when their hash says
unchanged (the file may have been put back).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_bot.chunking import Chunk
from briefing_bot.index.manifest import write_json_atomic

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import numpy as np

    from briefing_bot.index.store import Store

PENDING = "pending.json"
# Bumped when kept chunks' positions are known to be stale in indexes built before: the
# first update after it reads every document again (no embedding) and rewrites what moved.
POSITIONS = 2
_BATCH = 1000


@dataclass
class Plan:
    """What to do with the chunks of the documents an update read again."""

    new: list[Chunk] = field(default_factory=list)
    reembed: list[Chunk] = field(default_factory=list)
    moved: list[Chunk] = field(default_factory=list)
    reuse: list[tuple[Chunk, str]] = field(default_factory=list)  # (chunk, id it leaves)
    stale_keys: dict[str, list[str]] = field(default_factory=dict)  # metadata keys to drop
    stale_sentences: list[str] = field(default_factory=list)  # sentence ids past a new count


def plan(store: Store, chunks: Iterable[Chunk], existing: set[str], leaving: set[str]) -> Plan:
    """Compare ``chunks`` (of re-read documents) with the store (see the module docstring).

    ``existing``: the ids the store holds; ``leaving``: those this update deletes.
    """
    out = Plan()
    current = {c.id: c for c in chunks}
    stored = _records(store, [cid for cid in current if cid in existing])
    for cid, chunk in current.items():
        record = stored.get(cid)
        if record is None:
            out.new.append(chunk)
            continue
        old, meta = record
        fresh = chunk.to_metadata()
        gone = [k for k in meta if k not in fresh]
        if gone:
            out.stale_keys[cid] = gone
        if _embed_key(old) != _embed_key(chunk):
            out.reembed.append(chunk)
            n_old, n_new = len(old.sentences), len(chunk.sentences)
            out.stale_sentences += [f"{cid}:{i}" for i in range(n_new, n_old)]
        elif meta != fresh:
            out.moved.append(chunk)
    if out.new and leaving:
        # vectors depend only on what is embedded: a passage that only changed its id keeps them
        by_key = {_embed_key(old): cid for cid, (old, _m) in _records(store, leaving).items()}
        still_new = []
        for chunk in out.new:
            source = by_key.get(_embed_key(chunk))
            if source is None:
                still_new.append(chunk)
            else:
                out.reuse.append((chunk, source))
        out.new = still_new
    return out


def _embed_key(chunk: Chunk) -> tuple[str, ...]:
    return (chunk.embed_text(), *chunk.sentence_texts())


def _records(store: Store, ids: Iterable[str]) -> dict[str, tuple[Chunk, dict[str, Any]]]:
    ids = sorted(ids)
    out: dict[str, tuple[Chunk, dict[str, Any]]] = {}
    for i in range(0, len(ids), _BATCH):  # SQLite caps the variables of one statement
        got = store.chunks.get(ids=ids[i : i + _BATCH], include=["documents", "metadatas"])
        for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
            out[cid] = (Chunk.from_record(cid, text, meta), dict(meta))
    return out


def copy_vectors(store: Store, pairs: Sequence[tuple[Chunk, str]]) -> list[Chunk]:
    """Store each chunk with the vectors of the chunk it replaces (passage and sentences);
    returns the chunks whose vectors were not all there (to be embedded instead)."""
    import numpy as np

    if not pairs:
        return []
    sources = [cid for _c, cid in pairs]
    vecs: dict[str, Any] = {}
    for i in range(0, len(sources), _BATCH):
        got = store.chunks.get(ids=sources[i : i + _BATCH], include=["embeddings"])
        vecs.update(zip(got["ids"], got["embeddings"], strict=True))
    old = {cid: c for cid, (c, _m) in _records(store, sources).items()}
    sentences = store.sentence_vectors(list(old.values()))
    done: list[Chunk] = []
    chunk_rows: list[np.ndarray] = []
    sentence_rows: list[np.ndarray] = []
    missing: list[Chunk] = []
    for chunk, source in pairs:
        vec = vecs.get(source)
        sent = sentences.get(source)
        if vec is None or (chunk.sentences and sent is None):
            missing.append(chunk)
            continue
        done.append(chunk)
        chunk_rows.append(np.asarray(vec, dtype=np.float32))
        if chunk.sentences and sent is not None:
            sentence_rows.append(np.asarray(sent, dtype=np.float32))
    if done:
        dim = chunk_rows[0].shape[0]
        sent_matrix = (
            np.concatenate(sentence_rows) if sentence_rows else np.zeros((0, dim), np.float32)
        )
        store.add(done, np.stack(chunk_rows), sent_matrix)
    return missing


def rewrite_metadata(
    store: Store, chunks: Sequence[Chunk], stale_keys: dict[str, list[str]]
) -> None:
    """Give stored chunks their current metadata. Chroma merges an update into the old
    metadata, so a key the chunk no longer has (a page) is set to None, which deletes it."""
    for i in range(0, len(chunks), _BATCH):
        part = chunks[i : i + _BATCH]
        metas = []
        for chunk in part:
            meta: dict[str, Any] = dict(chunk.to_metadata())
            meta.update(dict.fromkeys(stale_keys.get(chunk.id, ()), None))
            metas.append(meta)
        store.chunks.update(ids=[c.id for c in part], metadatas=metas)


def drop_sentences(store: Store, ids: Sequence[str]) -> None:
    """Delete sentence rows a re-embedded chunk no longer has."""
    for i in range(0, len(ids), _BATCH):
        store.sentences.delete(ids=list(ids[i : i + _BATCH]))


def read_pending(index_dir: Path) -> set[str]:
    """The documents a killed update was rewriting (empty when none)."""
    try:
        data = json.loads((index_dir / PENDING).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    docs = data.get("documents") if isinstance(data, dict) else None
    return {d for d in docs if isinstance(d, str)} if isinstance(docs, list) else set()


def write_pending(index_dir: Path, documents: set[str]) -> None:
    """Record (``documents`` non-empty) or clear the documents being rewritten."""
    if documents:
        write_json_atomic(index_dir / PENDING, {"documents": sorted(documents)})
    else:
        with contextlib.suppress(FileNotFoundError):
            (index_dir / PENDING).unlink()
