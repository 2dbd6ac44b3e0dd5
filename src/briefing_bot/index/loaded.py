"""Opening an index for answering: build or update it when needed, check the store against
the manifest, and hand back every chunk with the document registry."""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings
from briefing_bot.errors import IndexUnavailableError
from briefing_bot.index.build import Message, Progress, build_index
from briefing_bot.index.companions import Companions, open_companions, remove_companions
from briefing_bot.index.lock import index_lock
from briefing_bot.index.manifest import (
    DOCUMENTS,
    MANIFEST,
    index_status,
    read_registry,
)
from briefing_bot.index.store import Store, _forget_embedded_system, store_error

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    import numpy as np
    from langchain_core.embeddings import Embeddings


@dataclass
class Index:
    """An open index: the store, every chunk, and the document registry."""

    settings: Settings
    store: Store
    chunks: list[Chunk]
    documents: dict[str, Any]
    manifest: dict[str, Any]
    companions: Companions | None = None  # the mapped files beside the store (companions.py)

    def close(self) -> None:
        """Close the store's client and the companion files; a failure to close one must
        not keep the other open."""
        with contextlib.suppress(Exception):
            self.store.close()
        if self.companions is not None:
            with contextlib.suppress(Exception):
                self.companions.close()

    def chunk(self, chunk_id: str) -> Chunk | None:
        """The chunk with this id, or None (a lookup, not a scan)."""
        row = self._rows.get(chunk_id)
        return self.chunks[row] if row is not None else None

    def position(self, chunk_id: str) -> int | None:
        """Where the chunk sits in ``chunks``, or None."""
        return self._rows.get(chunk_id)

    @property
    def in_document_order(self) -> bool:
        """Whether ``chunks`` runs document by document, each in reading order (the
        companion table's order; chunks read from the store carry no such promise)."""
        return self.companions is not None and self.companions.chunks is self.chunks

    def sentence_count(self) -> int:
        """Sentences of every chunk (from the companions' offsets when there are some)."""
        if self.in_document_order and self.companions is not None:
            return int(self.companions.offsets[-1])
        return sum(len(c.sentences) for c in self.chunks)

    @cached_property
    def _rows(self) -> dict[str, int]:
        if self.in_document_order and self.companions is not None:
            return self.companions.row  # built when the companions were opened
        return {c.id: i for i, c in enumerate(self.chunks)}

    def sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[str, np.ndarray]:
        """``{chunk id: (sentences, dim) array}``: from the memory-mapped companion matrix,
        the store only for chunks it lacks."""
        got = self.companions.sentence_vectors(chunks) if self.companions is not None else {}
        missing = [c for c in chunks if c.id not in got and c.sentences]
        return {**got, **self.store.sentence_vectors(missing)} if missing else got

    def load_or_build(
        self, name: str, fingerprint: str, builder: Callable[[], Any], *, types: Iterable[type] = ()
    ) -> Any:
        """A table derived from this index version, kept beside it
        (:meth:`Companions.load_or_build`); built in memory when there are no companions."""
        if self.companions is None:
            return builder()
        return self.companions.load_or_build(name, fingerprint, builder, types=types)


def open_index(
    settings: Settings,
    *,
    build: bool = True,
    message: Message | None = None,
    embeddings: Embeddings | None = None,
    progress: Progress | None = None,
    fresh: bool = False,
) -> Index:
    """Open the index, building it when missing and updating it when stale.

    Reads under the folder's shared lock, so a build in another process (which holds it
    exclusively) is never seen half-done; a build this needs runs after the lock is let go.
    ``fresh``: open an embedded store on a Chroma system of its own (a server's reload, which
    must see what another process wrote; see :func:`~briefing_bot.index.store.chroma_client`).
    """
    say = message or (lambda _m: None)
    with index_lock(settings.index_dir, exclusive=False):
        opened = _open_current(settings, fresh)
    if isinstance(opened, Index):
        return opened
    if not build:
        raise IndexUnavailableError(_PROBLEMS[opened].format(dir=settings.index_dir))
    say(_BUILDING[opened].format(dir=settings.index_dir))
    build_index(
        settings,
        rebuild=opened == "corrupt",
        embeddings=embeddings,
        progress=progress,
        message=say,
    )
    with index_lock(settings.index_dir, exclusive=False):
        opened = _open_current(settings, fresh)
    if isinstance(opened, Index):
        return opened
    raise IndexUnavailableError(_PROBLEMS[opened].format(dir=settings.index_dir))


_PROBLEMS = {
    "missing": "no index at {dir}; run `briefing-bot index`",
    "stale": "index at {dir} is stale; run `briefing-bot index`",
    "corrupt": "index at {dir} is corrupt; run `briefing-bot index --rebuild`",
    "mismatch": (
        "index store does not hold what the manifest in {dir} lists; "
        "run `briefing-bot index --rebuild`"
    ),
}
_BUILDING = {
    "missing": "No index at {dir}: building it…",
    "stale": "The corpus or index settings changed: updating the index…",
    "corrupt": "The index manifest is corrupt: rebuilding the index…",
    "mismatch": "The index store does not match its manifest: repairing it…",
}


def _open_current(settings: Settings, fresh: bool) -> Index | str:
    """The index as the manifest describes it, or what is wrong with it."""
    try:
        status, manifest = index_status(settings)
    except IndexUnavailableError:
        return "corrupt"
    if status != "current" or manifest is None:
        return status
    store, chunks, companions = _open_store(settings, manifest, fresh)
    expected = manifest["counts"]["chunks"]
    listed = {c for d in manifest.get("documents", {}).values() for c in d.get("chunks", [])}
    if len(chunks) > expected == len(listed) and listed <= {c.id for c in chunks}:
        # a killed build stored chunks it never recorded: the indexed version is whole, so
        # use it and leave the extras to the next build (which adopts or removes them)
        chunks = [c for c in chunks if c.id in listed]
    if len(chunks) != expected or _stored(store, settings) < expected:
        store.close()
        return "mismatch"
    documents = read_registry(settings.index_dir)
    return Index(
        settings=settings,
        store=store,
        chunks=chunks,
        documents=documents,
        manifest=manifest,
        companions=companions,
    )


def _stored(store: Store, settings: Settings) -> int:
    """Chunks the store holds (a count, not a scan): the store checked against the
    manifest even when the chunk table comes from elsewhere."""
    try:
        return store.count()
    except Exception as exc:
        raise store_error(settings, exc) from exc


def _open_store(
    settings: Settings, manifest: dict[str, Any], fresh: bool = False
) -> tuple[Store, list[Chunk], Companions | None]:
    try:
        store = Store(settings, generation=str(manifest.get("generation", "")), fresh=fresh)
        # the chunk table, BM25 and sentence vectors come mapped from the companion files
        companions = open_companions(settings, store, manifest)
        chunks = companions.chunks if companions is not None else store.all_chunks()
        return store, chunks, companions
    except Exception as exc:
        raise store_error(settings, exc) from exc


def remove_index(settings: Settings) -> None:
    """Delete the local index folder's generated files (keeps its README)."""
    for name in (MANIFEST, DOCUMENTS):
        with contextlib.suppress(FileNotFoundError):
            (settings.index_dir / name).unlink()
    remove_companions(settings.index_dir)
    if settings.chroma_dir.exists():
        _forget_embedded_system(settings.chroma_dir)
        shutil.rmtree(settings.chroma_dir)
