"""The index: a Chroma collection of chunks (and one of their sentences) plus local companions.

``index_dir`` holds ``manifest.json`` (fingerprints, counts, build time), ``documents.json``
(document metadata, paragraphs and the endnote registry) and, for embedded mode, ``chroma/``.
With ``chroma_url`` set, the collections live on a Chroma server instead.

Builds are incremental and safe to kill: a chunk id is derived from document and content, new
chunks are written before old ones are deleted, each chunk after its sentences, and the
manifest last. A killed build leaves the old index usable; the next run sees what is already
in the store and finishes the job. Everything opens the index through :func:`open_index`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from briefing_bot.chunking import Chunk, chunk_document
from briefing_bot.config import Settings, embedding_model_id
from briefing_bot.corpus import (
    ParsedDocument,
    corpus_files,
    doc_id_for,
    file_sha256,
    load_document,
)
from briefing_bot.errors import DocumentError, IndexUnavailableError

if TYPE_CHECKING:
    import numpy as np
    from langchain_core.embeddings import Embeddings

MANIFEST = "manifest.json"
DOCUMENTS = "documents.json"
FORMAT_VERSION = 1
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

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "chunks": self.chunks,
            "added": self.added,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "seconds": round(self.seconds, 3),
            "skipped": self.skipped,
        }


# ---------------------------------------------------------------------------------------------
# Fingerprints and the manifest


def corpus_state(settings: Settings) -> dict[str, str]:
    """``{doc_id: sha256}`` of every indexable corpus file (reads files, parses nothing)."""
    return {
        doc_id_for(p, settings.corpus_dir): _sha_or_unreadable(p)
        for p in corpus_files(settings.corpus_dir)
    }


def _sha_or_unreadable(path: Path) -> str:
    # A file that vanished or can't be read is reported by load_document as skipped, with
    # its reason, instead of aborting the whole run.
    try:
        return file_sha256(path)
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"


def fingerprint(settings: Settings, state: dict[str, str]) -> str:
    """Hash of everything that changes the index: corpus files, chunking, embedding model."""
    blob = json.dumps(
        {
            "config": settings.index_config_fingerprint(),
            "files": sorted(state.items()),
            "store": _store_key(settings),
        },
        sort_keys=True,
    ).encode()
    return hashlib.sha256(blob).hexdigest()[:24]


def _store_key(settings: Settings) -> str:
    return settings.chroma_url.rstrip("/") if settings.chroma_url else "embedded"


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # ValueError: bad JSON or bytes that aren't UTF-8
        raise IndexUnavailableError(
            f"index manifest is corrupt ({exc}); run `briefing-bot index --rebuild`"
        ) from exc
    return data if isinstance(data, dict) else None


def _write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def index_status(settings: Settings) -> tuple[str, dict[str, Any] | None]:
    """``("missing" | "stale" | "current", manifest)`` without opening the store."""
    manifest = read_manifest(settings.index_dir)
    if manifest is None:
        return "missing", None
    if manifest.get("format") != FORMAT_VERSION:
        return "stale", manifest
    state = corpus_state(settings)
    if manifest.get("fingerprint") != fingerprint(settings, state):
        return "stale", manifest
    if not _registry_ok(settings.index_dir):
        return "stale", manifest
    return "current", manifest


# ---------------------------------------------------------------------------------------------
# The store


def _collection_names(settings: Settings) -> tuple[str, str]:
    base = f"{settings.collection}_{settings.index_config_fingerprint()[:10]}"
    return base, f"{base}_sentences"


_CLIENT_LOCK = threading.Lock()


def chroma_client(settings: Settings) -> Any:
    """A Chroma client: HTTP when ``chroma_url`` is set, else embedded under ``index_dir``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            if url.scheme not in ("http", "https") or not url.hostname:
                raise IndexUnavailableError(f"not an http(s) URL: {settings.chroma_url!r}")
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        with _CLIENT_LOCK:
            if not (settings.chroma_dir / "chroma.sqlite3").exists():
                _forget_embedded_system(settings.chroma_dir)
            settings.chroma_dir.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(
                path=str(settings.chroma_dir), settings=chroma_settings
            )
    except IndexUnavailableError:
        raise
    except Exception as exc:  # chromadb raises ValueError/ConnectionError/its own types
        where = settings.chroma_url or settings.chroma_dir
        raise IndexUnavailableError(
            f"cannot open the Chroma store at {where}: {exc}{_store_hint(settings)}"
        ) from exc


def _store_hint(settings: Settings) -> str:
    if settings.chroma_url:
        return "; is the Chroma server running?"
    return "; run `briefing-bot index --rebuild`"


def _store_error(settings: Settings, exc: Exception) -> IndexUnavailableError:
    """A failure inside chromadb (a damaged sqlite file, a server gone) as our own error."""
    if isinstance(exc, IndexUnavailableError):
        return exc
    where = settings.chroma_url or settings.chroma_dir
    return IndexUnavailableError(
        f"the Chroma store at {where} failed ({type(exc).__name__}: {exc})"
        f"{_store_hint(settings)}"
    )


def _wipe_embedded_store(path: Path) -> None:
    _forget_embedded_system(path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:  # a file or link where the folder should be
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _forget_embedded_system(path: Path) -> None:
    """Chroma caches one embedded system per folder for the life of the process; after the
    folder was deleted (by a rebuild or by hand) that cache points at files that are gone."""
    from chromadb.api.shared_system_client import SharedSystemClient

    for key in (str(path), str(path.resolve())):
        system = SharedSystemClient._identifier_to_system.pop(key, None)
        SharedSystemClient._identifier_to_refcount.pop(key, None)
        if system is not None:
            with contextlib.suppress(Exception):
                system.stop()


class _Guarded:
    """A Chroma collection whose failures (a server gone away, damaged files) raise
    :class:`IndexUnavailableError`, not httpx's or chromadb's own errors, wherever it is used
    (building here, querying in retrieval)."""

    def __init__(self, collection: Any, settings: Settings) -> None:
        self._collection = collection
        self._settings = settings

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._collection, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return attr(*args, **kwargs)
            except Exception as exc:
                raise _store_error(self._settings, exc) from exc

        return call


class Store:
    """The two Chroma collections of one index configuration."""

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.client = client or chroma_client(settings)
        self.chunk_name, self.sentence_name = _collection_names(settings)
        try:
            self.chunks = self._collection(self.chunk_name)
            self.sentences = self._collection(self.sentence_name)
        except Exception as exc:
            raise IndexUnavailableError(
                f"cannot open the Chroma collections: {exc}{_store_hint(settings)}"
            ) from exc

    def _collection(self, name: str) -> Any:
        # embedding_function=None: Chroma must never fall back to its default model (which
        # downloads one); every vector comes from our own Embeddings.
        collection = self.client.get_or_create_collection(
            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
        return _Guarded(collection, self.settings)

    def drop_all(self) -> None:
        """Delete every collection of this project (all configurations)."""
        for coll in self.client.list_collections():
            name = coll if isinstance(coll, str) else coll.name
            if name.startswith(f"{self.settings.collection}_"):
                self.client.delete_collection(name)
        self.chunks = self._collection(self.chunk_name)
        self.sentences = self._collection(self.sentence_name)

    def drop_other_configurations(self) -> None:
        for coll in self.client.list_collections():
            name = coll if isinstance(coll, str) else coll.name
            if name.startswith(f"{self.settings.collection}_") and name not in (
                self.chunk_name,
                self.sentence_name,
            ):
                self.client.delete_collection(name)

    def ids(self) -> set[str]:
        out: set[str] = set()
        offset, page = 0, 5000
        while True:
            got = self.chunks.get(include=[], limit=page, offset=offset)
            out.update(got["ids"])
            if len(got["ids"]) < page:
                return out
            offset += page

    def all_chunks(self) -> list[Chunk]:
        chunks: list[Chunk] = []
        offset, page = 0, 5000
        while True:
            got = self.chunks.get(include=["documents", "metadatas"], limit=page, offset=offset)
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                chunks.append(Chunk.from_record(cid, text, meta))
            if len(got["ids"]) < page:
                break
            offset += page
        # store order is not guaranteed: order as the documents read
        chunks.sort(key=lambda c: (c.doc_id, c.paragraph, c.para_start))
        return chunks

    def add(
        self, chunks: Sequence[Chunk], chunk_vecs: np.ndarray, sentence_vecs: np.ndarray
    ) -> None:
        sent_ids, sent_docs, sent_meta = [], [], []
        for chunk in chunks:
            for i, text in enumerate(chunk.sentence_texts()):
                sent_ids.append(f"{chunk.id}:{i}")
                sent_docs.append(text)
                sent_meta.append({"chunk_id": chunk.id, "i": i})
        if sent_ids:  # sentences first: a chunk in the store implies its sentences are
            self.sentences.upsert(
                ids=sent_ids, embeddings=sentence_vecs, documents=sent_docs, metadatas=sent_meta
            )
        self.chunks.upsert(
            ids=[c.id for c in chunks],
            embeddings=chunk_vecs,
            documents=[c.text for c in chunks],
            metadatas=[c.to_metadata() for c in chunks],
        )

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for i in range(0, len(ids), 1000):
            batch = ids[i : i + 1000]
            self.chunks.delete(ids=batch)
            self.sentences.delete(where={"chunk_id": {"$in": batch}})

    def sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[str, np.ndarray]:
        import numpy as np

        ids = [f"{c.id}:{i}" for c in chunks for i in range(len(c.sentences))]
        if not ids:
            return {}
        by_id: dict[str, Any] = {}
        for i in range(0, len(ids), 5000):  # SQLite caps the variables of one statement
            got = self.sentences.get(ids=ids[i : i + 5000], include=["embeddings"])
            by_id.update(zip(got["ids"], got["embeddings"], strict=True))
        out = {}
        for chunk in chunks:
            rows = [by_id.get(f"{chunk.id}:{i}") for i in range(len(chunk.sentences))]
            if all(r is not None for r in rows) and rows:
                out[chunk.id] = np.asarray(rows, dtype=np.float32)
        return out

    def count(self) -> int:
        return int(self.chunks.count())


# ---------------------------------------------------------------------------------------------
# Building


def build_index(
    settings: Settings,
    *,
    rebuild: bool = False,
    embeddings: Embeddings | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build or update the index so it matches the corpus; see the module docstring."""
    started = time.perf_counter()
    index_dir = settings.index_dir
    state = corpus_state(settings)  # raises CorpusError for a missing corpus folder
    try:
        manifest = None if rebuild else read_manifest(index_dir)
    except IndexUnavailableError:
        manifest, rebuild = None, True  # a corrupt manifest: start over
    current_fp = fingerprint(settings, state)
    if (
        manifest is not None
        and manifest.get("format") == FORMAT_VERSION
        and manifest.get("fingerprint") == current_fp
        and (settings.chroma_url or settings.chroma_dir.exists())
        and _registry_ok(index_dir)
    ):
        # Unchanged corpus and settings: no parsing, no store, no model.
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
    try:
        store = Store(settings)
        if rebuild:
            store.drop_all()
        store.drop_other_configurations()
        existing = store.ids()
    except Exception as exc:
        if settings.chroma_url or not rebuild:
            raise _store_error(settings, exc) from exc
        # an embedded store too damaged to open or to drop (sqlite "malformed", garbage
        # files): --rebuild starts from nothing
        _wipe_embedded_store(settings.chroma_dir)
        store = Store(settings)
        existing = set()

    old_docs: dict[str, Any] = (manifest or {}).get("documents", {})
    registry = _read_registry(index_dir) if manifest else {}
    documents: dict[str, dict[str, Any]] = {}
    doc_chunks: dict[str, list[str]] = {}
    shas = dict(state)
    new_chunks: list[Chunk] = []
    skipped: list[dict[str, str]] = []
    files = {doc_id_for(p, settings.corpus_dir): p for p in corpus_files(settings.corpus_dir)}
    for doc_id, sha in state.items():
        old = old_docs.get(doc_id)
        if (
            old is not None
            and old.get("sha256") == sha
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
            skipped.append(entry)
            continue
        chunks = chunk_document(
            doc, max_tokens=settings.chunk_max_tokens, min_tokens=settings.chunk_min_tokens
        )
        documents[doc_id] = document_record(doc)
        doc_chunks[doc_id] = [c.id for c in chunks]
        new_chunks.extend(c for c in chunks if c.id not in existing)

    target = {cid for ids in doc_chunks.values() for cid in ids}
    # identical passages in two documents share nothing: ids include the doc id, so this only
    # guards against the same chunk appearing twice in one run
    unique: dict[str, Chunk] = {c.id: c for c in new_chunks}
    to_add = list(unique.values())
    if to_add:
        from briefing_bot.embeddings import get_embeddings

        _embed_and_add(store, to_add, embeddings or get_embeddings(settings), settings, progress)
    to_remove = existing - target
    if to_remove:
        store.delete(sorted(to_remove))

    _write_json_atomic(index_dir / DOCUMENTS, documents)
    total_chunks = len(target)
    seconds = time.perf_counter() - started
    _write_json_atomic(
        index_dir / MANIFEST,
        {
            "format": FORMAT_VERSION,
            "fingerprint": current_fp,
            "config_fingerprint": settings.index_config_fingerprint(),
            "embedding_model": embedding_model_id(settings.embedding_backend),
            "embedding_backend": settings.embedding_backend,
            "chunking": {
                "max_tokens": settings.chunk_max_tokens,
                "min_tokens": settings.chunk_min_tokens,
            },
            "store": _store_key(settings),
            "collections": list(_collection_names(settings)),
            "documents": {
                d: {"sha256": shas[d], "title": documents[d]["title"], "chunks": doc_chunks[d]}
                for d in documents
            },
            "skipped": skipped,
            "counts": {"documents": len(documents), "chunks": total_chunks},
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "seconds": round(seconds, 3),
        },
    )
    return BuildReport(
        documents=len(documents),
        chunks=total_chunks,
        added=len(to_add),
        removed=len(to_remove),
        unchanged=total_chunks - len(to_add),
        seconds=seconds,
        skipped=skipped,
        rebuilt=rebuild,
    )


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


def _registry_ok(index_dir: Path) -> bool:
    """Whether documents.json is there and whole (an empty registry is fine)."""
    try:
        data = json.loads((index_dir / DOCUMENTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict)


def _read_registry(index_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((index_dir / DOCUMENTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# ---------------------------------------------------------------------------------------------
# Opening


@dataclass
class Index:
    """An open index: the store, every chunk, and the document registry."""

    settings: Settings
    store: Store
    chunks: list[Chunk]
    documents: dict[str, Any]
    manifest: dict[str, Any]

    def vectorstore(self, embeddings: Embeddings) -> Any:
        """The chunk collection as a LangChain ``Chroma`` vector store."""
        from langchain_chroma import Chroma

        return Chroma(
            client=self.store.client,
            collection_name=self.store.chunk_name,
            embedding_function=embeddings,
            create_collection_if_not_exists=False,
        )


def open_index(
    settings: Settings,
    *,
    build: bool = True,
    message: Message | None = None,
    embeddings: Embeddings | None = None,
    progress: Progress | None = None,
) -> Index:
    """Open the index, building it when missing and updating it when stale."""
    say = message or (lambda _m: None)
    try:
        status, manifest = index_status(settings)
    except IndexUnavailableError:
        if not build:
            raise
        status, manifest = "corrupt", None
    if status != "current":
        if not build:
            raise IndexUnavailableError(
                f"index at {settings.index_dir} is {status}; run `briefing-bot index`"
            )
        say(
            {
                "missing": f"No index at {settings.index_dir}: building it…",
                "stale": "The corpus or index settings changed: updating the index…",
                "corrupt": "The index manifest is corrupt: rebuilding the index…",
            }[status]
        )
        build_index(settings, rebuild=status == "corrupt", embeddings=embeddings, progress=progress)
        manifest = read_manifest(settings.index_dir)
    if manifest is None:
        raise IndexUnavailableError(f"no index manifest in {settings.index_dir}")
    store, chunks = _open_store(settings)
    expected = manifest["counts"]["chunks"]
    listed = {c for d in manifest.get("documents", {}).values() for c in d.get("chunks", [])}
    if len(chunks) > expected == len(listed) and listed <= {c.id for c in chunks}:
        # a killed build stored chunks it never recorded: the indexed version is whole, so
        # use it and leave the extras to the next build (which adopts or removes them)
        chunks = [c for c in chunks if c.id in listed]
    if len(chunks) != expected:
        if not build:
            raise IndexUnavailableError(
                f"index store holds {len(chunks)} chunks, manifest says {expected}; "
                "run `briefing-bot index --rebuild`"
            )
        say("The index store does not match its manifest: rebuilding…")
        build_index(settings, rebuild=True, embeddings=embeddings, progress=progress)
        manifest = read_manifest(settings.index_dir) or manifest
        store, chunks = _open_store(settings)
    documents = _read_registry(settings.index_dir)
    return Index(
        settings=settings, store=store, chunks=chunks, documents=documents, manifest=manifest
    )


def _open_store(settings: Settings) -> tuple[Store, list[Chunk]]:
    try:
        store = Store(settings)
        return store, store.all_chunks()
    except Exception as exc:
        raise _store_error(settings, exc) from exc


def remove_index(settings: Settings) -> None:
    """Delete the local index folder's generated files (keeps its README)."""
    for name in (MANIFEST, DOCUMENTS):
        with contextlib.suppress(FileNotFoundError):
            (settings.index_dir / name).unlink()
    if settings.chroma_dir.exists():
        _forget_embedded_system(settings.chroma_dir)
        shutil.rmtree(settings.chroma_dir)
