"""The Chroma side of an index: the client (embedded or HTTP), the two collections of one
index configuration (chunks and their sentences), and chromadb failures as our own errors."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import threading
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings
from briefing_bot.errors import IndexUnavailableError

if TYPE_CHECKING:
    import numpy as np


def namespace(settings: Settings) -> str:
    """This index's part of a Chroma server: ``chroma_namespace``; else the one its manifest
    recorded when it was built (so replicas that mount a shared index folder at different
    paths agree); else, for a new index, a hash of the index folder's resolved path. An
    embedded store belongs to its folder alone: no namespace."""
    if not settings.chroma_url:
        return ""
    if settings.chroma_namespace:
        return settings.chroma_namespace
    recorded = _manifest_field(settings, "namespace")
    if recorded and re.fullmatch(r"[A-Za-z0-9]{1,32}", recorded):
        return recorded
    where = str(settings.index_dir.expanduser().resolve())
    return "i" + hashlib.sha256(where.encode()).hexdigest()[:10]


def name_prefix(settings: Settings) -> str:
    """What every collection name of this index (any configuration, any generation) starts
    with; nothing else on the server does."""
    return "_".join(p for p in (settings.collection, namespace(settings)) if p) + "_"


def collection_names(settings: Settings, generation: str = "") -> tuple[str, str]:
    """The chunk and sentence collections of one index generation (``""``: an index built
    before generations, whose names carry none)."""
    base = name_prefix(settings) + settings.index_config_fingerprint()[:10]
    if generation:
        base += f"_g{generation}"
    return base, f"{base}_sentences"


def current_generation(settings: Settings) -> str:
    """The generation the index folder's manifest names ("" when none or unreadable)."""
    return _manifest_field(settings, "generation")


def _manifest_field(settings: Settings, name: str) -> str:
    try:
        data = json.loads((settings.index_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


_CLIENT_LOCK = threading.Lock()
# The open stores of each embedded Chroma system (by id; the system kept beside them): the
# last one to close stops it. Weak, so a store dropped without closing (a finished build's)
# does not keep the folder open for ever.
_USERS: dict[int, tuple[Any, weakref.WeakSet[Store]]] = {}


def chroma_client(settings: Settings, *, fresh: bool = False) -> Any:
    """A Chroma client: HTTP when ``chroma_url`` is set, else embedded under ``index_dir``.

    ``fresh``: an embedded client on a system of its own. Chroma keeps one system per folder
    per process, and that system's vector index does not see what another process (a
    ``briefing-bot index`` beside a running server) wrote since it loaded; a fresh one does.
    """
    return _client(settings, fresh=fresh)


def _client(settings: Settings, *, fresh: bool = False, user: Store | None = None) -> Any:
    """:func:`chroma_client`; an embedded one's system counts ``user`` among its users."""
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
            if fresh:
                _detach_embedded_system(settings.chroma_dir)
            elif not (settings.chroma_dir / "chroma.sqlite3").exists():
                _forget_embedded_system(settings.chroma_dir)
            settings.chroma_dir.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(
                path=str(settings.chroma_dir), settings=chroma_settings
            )
            if user is not None:
                system = client._system  # type: ignore[attr-defined]
                _USERS.setdefault(id(system), (system, weakref.WeakSet()))[1].add(user)
                user._system = system
            return client
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


def store_error(settings: Settings, exc: Exception) -> IndexUnavailableError:
    """A failure inside chromadb (a damaged sqlite file, a server gone) as our own error."""
    if isinstance(exc, IndexUnavailableError):
        return exc
    where = settings.chroma_url or settings.chroma_dir
    text = str(exc).lower()
    if any(s in text for s in ("disk is full", "no space left", "disk full", "quota")):
        # not damage: --rebuild would need more room still
        hint = "; free some disk space and run it again (the previous index is unchanged)"
    elif "readonly" in text or "read-only" in text:
        hint = "; the index folder is read-only (the previous index is unchanged)"
    else:
        hint = _store_hint(settings)
    return IndexUnavailableError(
        f"the Chroma store at {where} failed ({type(exc).__name__}: {exc}){hint}"
    )


def sqlite_intact(path: Path) -> bool:
    """Whether the embedded store's sqlite file passes sqlite's own quick check (true when
    there is none yet). Read-only, and fast on an index of this size."""
    import sqlite3

    if not path.exists():
        return True
    try:
        with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
            rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error:
        return False
    return rows == [("ok",)]


def wipe_embedded_store(path: Path) -> None:
    _forget_embedded_system(path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:  # a file or link where the folder should be
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def release_embedded_store(path: Path) -> None:
    """Stop the process's cached embedded Chroma system of ``path`` and let go of its open
    files, whoever uses it: for an index this process is done with. :meth:`Store.close` (and
    ``Assistant.close``) let go of it only when no other open store uses it."""
    with _CLIENT_LOCK:
        _forget_embedded_system(path)


def _release(store: Store, system: Any, path: Path) -> None:
    """``store`` no longer uses ``system``; stop it (and forget it) when no open store does."""
    with _CLIENT_LOCK:
        entry = _USERS.get(id(system))
        if entry is not None:
            entry[1].discard(store)
            if len(entry[1]):
                return
            del _USERS[id(system)]
        from chromadb.api.shared_system_client import SharedSystemClient

        for key in {str(path), str(path.resolve())}:
            if SharedSystemClient._identifier_to_system.get(key) is system:
                del SharedSystemClient._identifier_to_system[key]
                SharedSystemClient._identifier_to_refcount.pop(key, None)
    with contextlib.suppress(Exception):  # stopped already (the folder was wiped)
        system.stop()


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


def _detach_embedded_system(path: Path) -> None:
    """Leave the folder's cached system to the clients that use it (not stopped), so the next
    client gets a system of its own."""
    from chromadb.api.shared_system_client import SharedSystemClient

    for key in (str(path), str(path.resolve())):
        SharedSystemClient._identifier_to_system.pop(key, None)
        SharedSystemClient._identifier_to_refcount.pop(key, None)


class _Closed:
    """What a closed store's collections become: any use raises a clear error."""

    def __init__(self, settings: Settings) -> None:
        self._where = settings.chroma_url or settings.chroma_dir

    def __getattr__(self, name: str) -> Any:
        raise IndexUnavailableError(f"the Chroma store at {self._where} was closed")


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
                raise store_error(self._settings, exc) from exc

        return call


class Store:
    """The two Chroma collections of one index generation.

    ``generation`` defaults to the one the index folder's manifest names; ``fresh`` opens an
    embedded store on a system of its own (see :func:`chroma_client`). :meth:`close` lets go
    of the client this store made: an embedded system is stopped (its files closed) when no
    other open store of this process uses it."""

    _system: Any = None  # the embedded Chroma system this store's own client runs on

    def __init__(
        self,
        settings: Settings,
        client: Any | None = None,
        *,
        generation: str | None = None,
        fresh: bool = False,
    ) -> None:
        self.settings = settings
        self.generation = current_generation(settings) if generation is None else generation
        self._owns_client = client is None
        self.client = client or _client(settings, fresh=fresh, user=self)
        self.chunk_name, self.sentence_name = collection_names(settings, self.generation)
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

    def names(self) -> list[str]:
        """Every collection of this index (its namespace) in the store, any generation."""
        prefix = name_prefix(self.settings)
        found = []
        for coll in self.client.list_collections():
            name = coll if isinstance(coll, str) else coll.name
            if name.startswith(prefix):
                found.append(name)
        return found

    def drop_except(self, keep: set[str]) -> list[str]:
        """Delete this index's collections other than this generation's and ``keep`` (the
        generation a running server may still read); never another index's. Returns the
        names dropped."""
        keep = keep | {self.chunk_name, self.sentence_name}
        dropped = [name for name in self.names() if name not in keep]
        for name in dropped:
            with contextlib.suppress(Exception):  # dropped meanwhile by another reader
                self.client.delete_collection(name)
        return dropped

    def close(self) -> None:
        """Let go of the client this store made (nothing for one it was given); using the
        store afterwards raises :class:`IndexUnavailableError`. Idempotent."""
        if isinstance(self.chunks, _Closed):
            return
        self.chunks = self.sentences = _Closed(self.settings)
        system, self._system = self._system, None
        if system is not None:
            _release(self, system, self.settings.chroma_dir)
        elif self._owns_client and self.settings.chroma_url:
            with contextlib.suppress(Exception):  # its HTTP connections
                self.client.close()

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

    def counts(self) -> tuple[int, int]:
        """``(chunks, sentences)`` the store holds."""
        return int(self.chunks.count()), int(self.sentences.count())
