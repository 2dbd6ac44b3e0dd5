"""Building and updating an index so it matches the corpus (see the package docstring)."""

from __future__ import annotations

import contextlib
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefing_bot.chunking import Chunk, chunk_document
from briefing_bot.config import Settings, embedding_model_id
from briefing_bot.corpus import ParsedDocument, corpus_files, doc_id_for, load_document
from briefing_bot.errors import CorpusError, DocumentError, IndexUnavailableError
from briefing_bot.index import reconcile
from briefing_bot.index.companion_write import sync_companions
from briefing_bot.index.lock import index_lock, storage_error
from briefing_bot.index.manifest import (
    DOCUMENTS,
    FORMAT_VERSION,
    MANIFEST,
    corpus_state,
    fingerprint,
    read_manifest,
    read_registry,
    registry_ok,
    store_key,
    write_json_atomic,
)
from briefing_bot.index.store import (
    Store,
    namespace,
    sqlite_intact,
    store_error,
    wipe_embedded_store,
)

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Message = Callable[[str], None]


@dataclass
class BuildReport:
    """What an index run did; ``as_dict`` is the ``briefing-bot index --json`` object."""

    documents: int
    chunks: int
    added: int
    removed: int
    unchanged: int
    seconds: float
    skipped: list[dict[str, str]] = field(default_factory=list)
    rebuilt: bool = False
    moved: int = 0  # kept chunks whose place (paragraph, offsets, endnotes…) was rewritten
    embedded: int = 0  # chunks the model embedded (the others of ``added`` kept vectors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "chunks": self.chunks,
            "added": self.added,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "moved": self.moved,
            "embedded": self.embedded,
            "seconds": round(self.seconds, 3),
            "skipped": self.skipped,
        }


def build_index(
    settings: Settings,
    *,
    rebuild: bool = False,
    allow_empty: bool = False,
    embeddings: Embeddings | None = None,
    progress: Progress | None = None,
    message: Message | None = None,
) -> BuildReport:
    """Build or update the index so it matches the corpus; see the package docstring.

    Holds the index folder's lock (:mod:`.lock`) throughout: a second build waits, then finds
    the work done. ``rebuild`` builds a new generation beside the current one and switches
    the manifest to it when whole; ``allow_empty`` lets an empty corpus folder empty an index.

    Raises:
        CorpusError: the corpus folder is missing, or empty while the index is not.
        IndexUnavailableError: the store failed, or the index folder can't be written (disk
            full, read-only); the previous index is then unchanged.
    """
    try:
        with index_lock(settings.index_dir, exclusive=True, message=message):
            return _build(settings, rebuild, allow_empty, embeddings, progress)
    except OSError as exc:
        raise storage_error(settings.index_dir, exc, "write the index in") from exc


def _build(
    settings: Settings,
    rebuild: bool,
    allow_empty: bool,
    embeddings: Embeddings | None,
    progress: Progress | None,
) -> BuildReport:
    started = time.perf_counter()
    index_dir = settings.index_dir
    state = corpus_state(settings)  # raises CorpusError for a missing corpus folder
    try:
        previous = read_manifest(index_dir)
    except IndexUnavailableError:
        previous, rebuild = None, True  # a corrupt manifest: start over
    if not state and not allow_empty and previous and previous["documents"]:
        raise CorpusError(
            f"the corpus folder {settings.corpus_dir} holds no documents, but the index holds "
            f"{len(previous['documents'])}: not emptying it (pass --allow-empty to do so)"
        )
    # sqlite's own quick check: a garbled store file is rebuilt, not taken as unchanged
    damaged = not settings.chroma_url and not sqlite_intact(settings.chroma_dir / "chroma.sqlite3")
    rebuild = rebuild or damaged
    manifest = None if rebuild else previous
    current_fp = fingerprint(settings, state)
    # documents whose stored rows a killed update was rewriting, or every document of an
    # index whose kept chunks may carry stale positions: read again, whatever their hash
    pending = reconcile.read_pending(index_dir)
    if manifest is not None and manifest.get("positions") != reconcile.POSITIONS:
        pending |= set(state)
    check = "unchecked"
    if (
        manifest is not None
        and not pending
        and manifest.get("format") == FORMAT_VERSION
        and manifest.get("fingerprint") == current_fp
        and (settings.chroma_url or settings.chroma_dir.exists())
        and registry_ok(index_dir)
        and (check := verify_store(settings, manifest)) != "mismatch"
    ):
        # Unchanged corpus and settings, and the store holds what the manifest says (a
        # count, not a scan): no parsing, no model. A damaged embedded store is rebuilt; a
        # store that lost or gained chunks is repaired by the update below.
        rebuild = check == "damaged"
    if manifest is not None and not rebuild and check == "ok":
        counts = manifest["counts"]
        return BuildReport(
            documents=counts["documents"],
            chunks=counts["chunks"],
            added=0,
            removed=0,
            unchanged=counts["chunks"],
            seconds=time.perf_counter() - started,
            skipped=manifest.get("skipped", []),
        )

    index_dir.mkdir(parents=True, exist_ok=True)
    if rebuild:
        manifest = None
    # An update of the same configuration writes into the current generation (new chunks
    # before old ones go, so a reader of the old manifest finds all of its chunks); anything
    # else builds a new generation beside it, which the manifest switches to when whole.
    same = manifest is not None and manifest.get("config_fingerprint") == (
        settings.index_config_fingerprint()
    )
    generation = str(manifest.get("generation", "")) if manifest and same else new_generation()
    if damaged:
        wipe_embedded_store(settings.chroma_dir)
    try:
        store = Store(settings, generation=generation)
        existing = store.ids()
    except Exception as exc:
        if settings.chroma_url:
            raise store_error(settings, exc) from exc
        # an embedded store too damaged to open (sqlite "malformed", garbage files): start
        # from nothing
        wipe_embedded_store(settings.chroma_dir)
        manifest, rebuild = None, True
        store = Store(settings, generation=generation)
        existing = set()

    old_docs: dict[str, Any] = (manifest or {}).get("documents", {})
    registry = read_registry(index_dir) if manifest else {}
    documents: dict[str, dict[str, Any]] = {}
    doc_chunks: dict[str, list[str]] = {}
    shas = dict(state)
    read_again: list[Chunk] = []  # every chunk of the documents parsed in this run
    unread: set[str] = set()  # pending documents that could not be read again
    skipped: list[dict[str, str]] = []
    files = {doc_id_for(p, settings.corpus_dir): p for p in corpus_files(settings.corpus_dir)}
    for doc_id, sha in state.items():
        old = old_docs.get(doc_id)
        if (
            old is not None
            and old.get("sha256") == sha
            and doc_id not in pending
            and doc_id in registry
            and set(old["chunks"]) <= existing
        ):
            documents[doc_id] = registry[doc_id]
            doc_chunks[doc_id] = old["chunks"]
            continue
        try:
            doc = load_document(
                files[doc_id], settings.corpus_dir, max_bytes=settings.max_file_bytes, sha256=sha
            )
        except DocumentError as exc:
            entry = {"path": doc_id, "reason": str(exc)}
            if old is not None and doc_id in registry and set(old["chunks"]) <= existing:
                # A file that broke after it was indexed keeps its last good version.
                entry["kept"] = "previous version"
                documents[doc_id] = registry[doc_id]
                doc_chunks[doc_id] = old["chunks"]
                # record the version indexed, not the broken file: the next run that parses
                # files tries (and reports) it again instead of taking it as unchanged
                shas[doc_id] = old["sha256"]
                if doc_id in pending:
                    unread.add(doc_id)
            skipped.append(entry)
            continue
        chunks = chunk_document(
            doc, max_tokens=settings.chunk_max_tokens, min_tokens=settings.chunk_min_tokens
        )
        documents[doc_id] = document_record(doc)
        doc_chunks[doc_id] = [c.id for c in chunks]
        read_again.extend(chunks)

    target = {cid for ids in doc_chunks.values() for cid in ids}
    to_remove = existing - target
    # kept ids take their new place, new ids their vectors (reconcile.py); identical passages
    # in two documents share nothing: ids include the doc id
    work = reconcile.plan(store, read_again, existing, to_remove)
    # recorded before the store changes: until the manifest is written, the rows of these
    # documents describe a version the manifest does not name
    reconcile.write_pending(index_dir, pending | {c.doc_id for c in read_again})
    to_embed = [*work.new, *reconcile.copy_vectors(store, work.reuse), *work.reembed]
    if to_embed:
        from briefing_bot.embeddings import get_embeddings

        _embed_and_add(store, to_embed, embeddings or get_embeddings(settings), settings, progress)
    rewritten = [*work.moved, *(c for c in work.reembed if c.id in work.stale_keys)]
    reconcile.rewrite_metadata(store, rewritten, work.stale_keys)
    reconcile.drop_sentences(store, work.stale_sentences)
    if to_remove:
        store.delete(sorted(to_remove))

    to_add = [*work.new, *(c for c, _s in work.reuse), *work.reembed]
    total_chunks = len(target)
    seconds = time.perf_counter() - started
    manifest_data = {
        "format": FORMAT_VERSION,
        "fingerprint": current_fp,
        "config_fingerprint": settings.index_config_fingerprint(),
        "embedding_model": embedding_model_id(settings.embedding_backend),
        "embedding_backend": settings.embedding_backend,
        "chunking": {
            "max_tokens": settings.chunk_max_tokens,
            "min_tokens": settings.chunk_min_tokens,
        },
        "store": store_key(settings),
        "generation": generation,
        "namespace": namespace(settings),
        "positions": reconcile.POSITIONS,
        "collections": [store.chunk_name, store.sentence_name],
        # the generation before this one, kept until the next build for readers still on it
        "previous_collections": _previous_collections(previous, store),
        "documents": {
            d: {"sha256": shas[d], "title": documents[d]["title"], "chunks": doc_chunks[d]}
            for d in documents
        },
        "skipped": skipped,
        "counts": {
            "documents": len(documents),
            "chunks": total_chunks,
            "sentences": store.counts()[1],
        },
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seconds": round(seconds, 3),
    }
    # before the manifest names them; the registry last, beside the manifest that matches it
    _write_companions(settings, store, manifest_data, to_add, read_again)
    write_json_atomic(index_dir / DOCUMENTS, documents)
    write_json_atomic(index_dir / MANIFEST, manifest_data)
    reconcile.write_pending(index_dir, unread)
    # the switch is made; generations older than the previous one have no readers left
    with contextlib.suppress(IndexUnavailableError):
        store.drop_except(set(_previous_collections(previous, store)))
    return BuildReport(
        documents=len(documents),
        chunks=total_chunks,
        added=len(to_add),
        removed=len(to_remove),
        unchanged=total_chunks - len(to_add) - len(work.moved),
        seconds=seconds,
        skipped=skipped,
        rebuilt=rebuild,
        moved=len(work.moved),
        embedded=len(to_embed),
    )


def _write_companions(
    settings: Settings,
    store: Store,
    manifest: dict[str, Any],
    added: list[Chunk],
    read_again: list[Chunk],
) -> None:
    try:
        sync_companions(settings, store, manifest, added, current=read_again)
    except (OSError, ValueError) as exc:
        # the index stays usable: opening it writes them again, or reads the store
        log.warning("could not write the index companions: %s", exc)


def new_generation() -> str:
    """A fresh generation id: collection names carry it, so a rebuild never touches the
    collections a running server reads."""
    return secrets.token_hex(4)


def _previous_collections(previous: dict[str, Any] | None, store: Store) -> list[str]:
    if previous is None:
        return []
    # A new generation keeps the one it replaces (a running server reads it until it has
    # reloaded, within seconds); the next build, which writes in place, drops it.
    if previous.get("collections") != [store.chunk_name, store.sentence_name]:
        return [str(c) for c in previous.get("collections", [])]
    return []


def verify_store(settings: Settings, manifest: dict[str, Any]) -> str:
    """Whether the store holds what ``manifest`` says, by its counts: ``"ok"``,
    ``"mismatch"`` (chunks lost or gained: an update repairs it) or ``"damaged"`` (an
    embedded store that fails to open or count: rebuild it).

    Raises:
        IndexUnavailableError: the Chroma server failed (down: not a reason to rebuild).
    """
    try:
        store = Store(settings, generation=str(manifest.get("generation", "")))
        chunks, sentences = store.counts()
    except Exception as exc:
        if settings.chroma_url:
            raise store_error(settings, exc) from exc
        return "damaged"
    counts = manifest["counts"]
    if chunks != counts["chunks"] or sentences < (counts.get("sentences") or 0):
        return "mismatch"
    return "ok"


def _embed_and_add(
    store: Store,
    chunks: list[Chunk],
    embeddings: Embeddings,
    settings: Settings,
    progress: Progress | None,
) -> None:
    from briefing_bot.embeddings import embed_matrix

    batch = max(8, settings.embedding_batch_size * 2)
    done = 0
    for i in range(0, len(chunks), batch):
        part = chunks[i : i + batch]
        sentences = [s for c in part for s in c.sentence_texts()]
        vectors = embed_matrix(embeddings, [c.embed_text() for c in part] + sentences)
        store.add(part, vectors[: len(part)], vectors[len(part) :])
        done += len(part)
        if progress:
            progress("embedding", done, len(chunks))


def document_record(doc: ParsedDocument) -> dict[str, Any]:
    """What the answer layer and UI need of a document, as JSON."""
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "kind": doc.kind,
        "metadata": {k: v for k, v in doc.metadata.items() if isinstance(v, str | int | float)},
        "endnotes": {str(n): e.as_dict() for n, e in doc.endnotes.items()},
        "paragraphs": [
            {
                "number": p.number,
                "section_path": list(p.section_path),
                "text": p.text,
                "page": p.page,
                "kind": p.kind,
            }
            for p in doc.paragraphs
        ],
    }
