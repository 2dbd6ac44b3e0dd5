"""Companion files: what the question path needs, computed when the index is built and kept
beside the Chroma store, so opening an index loads or memory-maps them and never re-reads or
re-tokenises the corpus.

One folder per index version, ``index_dir/companions/<key>/`` (the key is the manifest's
fingerprint, plus its generation when it has one), written whole into a temporary folder and
renamed into place before the manifest that names it:

* the chunk table — every chunk's text and metadata, compact, in document order, one row a
  line (:mod:`~briefing_bot.index.chunk_table`);
* ``sentences.npy`` — every sentence vector, float32, one matrix (memory-mapped), chunk by
  chunk in table order; ``sentence_offsets.npy`` says which rows are whose;
* ``lexical/`` — the BM25 index (bm25s, memory-mapped) and every chunk's token ids, so an
  update re-tokenises only the chunks it adds (:class:`~briefing_bot.index.lexical.LexicalIndex`);
* ``cache/`` — tables the layers above derive from the corpus (vocabulary, document
  frequencies, alias tables…), through :meth:`Companions.load_or_build`.

An update starts from the previous folder of the same index configuration: kept chunks keep
their rows (copied as text), vectors (copied in runs) and token ids; only new chunks are read
from the store and tokenised. The two newest folders are kept (a reader of the previous
manifest may still be opening its folder).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings
from briefing_bot.index.chunk_table import read_chunks
from briefing_bot.index.lexical import LexicalIndex

if TYPE_CHECKING:
    import numpy as np

    from briefing_bot.index.store import Store

log = logging.getLogger(__name__)

COMPANIONS = "companions"
FORMAT = 3  # 3: BM25 postings with term frequencies (lexical.py); 2: the row-per-line chunk table
META = "meta.json"
SENTENCES = "sentences.npy"
SENTENCE_OFFSETS = "sentence_offsets.npy"
LEXICAL = "lexical"
CACHE = "cache"
KEEP = 2  # companion folders kept: the current one and the one before


def companion_key(manifest: dict[str, Any]) -> str:
    """The folder name of a manifest's companions: its fingerprint (and generation)."""
    key = str(manifest.get("fingerprint", ""))
    generation = manifest.get("generation")
    return f"{key}-g{generation}" if generation not in (None, "") else key


def target_ids(manifest: dict[str, Any]) -> list[str]:
    """Every chunk id the manifest lists."""
    return [c for d in manifest.get("documents", {}).values() for c in d.get("chunks", [])]


class Companions:
    """The opened companion files of one index version (see the module docstring).

    Example:
        >>> comp = Companions.open(settings.index_dir, manifest)
        >>> comp.chunks[0].text, comp.lexical.search("rare word", k=3)
        >>> comp.sentence_vectors(comp.chunks[:2])      # {chunk id: (sentences, dim) array}
        >>> comp.load_or_build("vocabulary", "v1", lambda: build_vocabulary(comp.chunks))
    """

    def __init__(
        self,
        path: Path,
        chunks: list[Chunk],
        *,
        vectors: np.ndarray,
        offsets: np.ndarray,
        lexical: LexicalIndex,
        meta: dict[str, Any],
    ) -> None:
        self.path = path
        self.chunks = chunks
        self.vectors = vectors
        self.offsets = offsets
        self.lexical = lexical
        self.meta = meta
        self.row = {c.id: i for i, c in enumerate(chunks)}
        # rows are read with pread (sentence_vectors); the handle lives (and closes) with
        # this object, like a map, and keeps the file readable if the folder is pruned
        matrix_file = Path(str(getattr(vectors, "filename", path / SENTENCES)))
        self._file = matrix_file.open("rb")
        self._data_at = int(getattr(vectors, "offset", 0))
        self._memo: dict[str, Any] = {}
        self._lock = threading.RLock()  # one build per table per process

    @classmethod
    def open(cls, index_dir: Path, manifest: dict[str, Any]) -> Companions:
        """Open the companions the manifest names; ``FileNotFoundError`` when there are none,
        ``ValueError`` when they do not match it."""
        import numpy as np

        path = index_dir / COMPANIONS / companion_key(manifest)
        meta = json.loads((path / META).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("key") != companion_key(manifest):
            raise ValueError(f"companions in {path} are for another index version")
        chunks = read_chunks(path)
        expected = target_ids(manifest)
        if len(chunks) != len(expected) or _digest(c.id for c in chunks) != _digest(
            sorted(expected)
        ):
            raise ValueError(f"companions in {path} do not list the manifest's chunks")
        vectors = np.load(path / SENTENCES, mmap_mode="r")
        offsets = np.load(path / SENTENCE_OFFSETS)
        if len(offsets) != len(chunks) + 1 or int(offsets[-1]) != len(vectors):
            raise ValueError(f"sentence vectors in {path} do not match its chunk table")
        lexical = LexicalIndex.load(path / LEXICAL, chunks)
        return cls(path, chunks, vectors=vectors, offsets=offsets, lexical=lexical, meta=meta)

    def close(self) -> None:
        """Let go of the sentence matrix's file (read with pread); memory maps go with their
        last user."""
        self._file.close()

    def sentence_vectors(self, chunks: Sequence[Chunk]) -> dict[str, np.ndarray]:
        """``{chunk id: (sentences, dim) float32 array}``, read from the matrix file.

        Read, not mapped: a page the map touches stays in this process's memory, and the
        kernel maps whole page-cache folios (hundreds of KB for a 1.5 KB row) — at 100k chunks
        160 MB after 40 questions. Rows that follow on in the file are read in one call.
        """
        import numpy as np

        spans = []
        for chunk in chunks:
            row = self.row.get(chunk.id)
            if row is not None:
                start, stop = int(self.offsets[row]), int(self.offsets[row + 1])
                if stop > start:
                    spans.append((start, stop, chunk.id))
        spans.sort()
        out: dict[str, np.ndarray] = {}
        width, dtype = self.vectors.shape[1], self.vectors.dtype
        row_bytes = width * dtype.itemsize
        i = 0
        while i < len(spans):
            j, end = i, spans[i][1]
            while j + 1 < len(spans) and spans[j + 1][0] <= end:
                j += 1
                end = max(end, spans[j][1])
            first = spans[i][0]
            data = os.pread(
                self._file.fileno(), (end - first) * row_bytes, self._data_at + first * row_bytes
            )
            block = np.frombuffer(data, dtype=dtype).reshape(end - first, width)
            for start, stop, cid in spans[i : j + 1]:
                out[cid] = block[start - first : stop - first]
            i = j + 1
        return out

    def load_or_build(
        self,
        name: str,
        fingerprint: str,
        builder: Callable[[], Any],
        *,
        types: Iterable[type] = (),
    ) -> Any:
        """A table derived from this index version, built once and kept in ``cache/``.

        ``fingerprint`` names the builder's version (its code and settings): a new one builds
        again. The value is pickled; loading accepts only plain containers, numbers, strings,
        numpy arrays and the classes listed in ``types``, so a file planted in a shared index
        folder cannot run code. A folder that cannot be written keeps the table in memory.
        """
        stem = f"{_safe(name)}-{hashlib.sha256(fingerprint.encode()).hexdigest()[:16]}"
        with self._lock:
            if stem not in self._memo:
                self._memo[stem] = self._load_or_build(stem, name, builder, types)
            return self._memo[stem]

    def _load_or_build(
        self, stem: str, name: str, builder: Callable[[], Any], types: Iterable[type]
    ) -> Any:
        path = self.path / CACHE / f"{stem}.pkl"
        allowed = {(t.__module__, t.__qualname__) for t in types}
        value = self._read(path, allowed, name)
        if value is not _MISSING:
            return value
        # Replicas that open a new version together build it once: the first takes the
        # lock and builds, the others wait and read what it wrote.
        with _build_lock(path.parent / f"{stem}.lock"):
            value = self._read(path, allowed, name)
            if value is not _MISSING:
                return value
            value = builder()
            try:
                _write_atomic(path, pickle.dumps(value, protocol=5))
            except OSError as exc:  # read-only or full: serve from memory
                log.info("cannot keep %s in %s: %s", name, path.parent, exc)
        return value

    @staticmethod
    def _read(path: Path, allowed: set[tuple[str, str]], name: str) -> Any:
        try:
            # streamed from the file: never the whole pickle and its objects in memory at once
            with path.open("rb") as handle:
                return _SafeUnpickler(handle, allowed).load()
        except FileNotFoundError:
            return _MISSING
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError) as exc:
            log.warning("rebuilding %s: its cached copy is unreadable (%s)", name, exc)
            return _MISSING


_MISSING = object()


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``path``; no lock at all where the folder is read-only."""
    import fcntl

    try:
        path.parent.mkdir(exist_ok=True)
        handle = path.open("a")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_companions(
    settings: Settings, store: Store, manifest: dict[str, Any]
) -> Companions | None:
    """The manifest's companions; written from the store first when they are missing or do not
    match (an index built before companions existed, a killed write). None when they cannot be
    written (a read-only folder): the caller then reads the chunks from the store."""
    try:
        return Companions.open(settings.index_dir, manifest)
    except FileNotFoundError:
        log.info("no companions for this index version: writing them")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("companions unusable (%s): writing them again", exc)
    from briefing_bot.index.companion_write import sync_companions

    try:
        sync_companions(settings, store, manifest)
        return Companions.open(settings.index_dir, manifest)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("cannot write the index companions (%s): reading the store instead", exc)
        return None


def remove_companions(index_dir: Path) -> None:
    """Delete every companion folder of an index."""
    shutil.rmtree(index_dir / COMPANIONS, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Helpers


def _digest(ids: Iterable[str]) -> str:
    h = hashlib.sha256()
    for cid in sorted(ids):
        h.update(cid.encode())
        h.update(b"\0")
    return h.hexdigest()


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:60] or "table"


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


_PLAIN = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "complex"),
    ("builtins", "slice"),
    ("re", "_compile"),  # a compiled pattern: text and flags, compiled again (no code runs)
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.numeric", "_frombuffer"),
    ("numpy._core.multiarray", "scalar"),
}


class _SafeUnpickler(pickle.Unpickler):
    """Unpickles plain data and the listed classes only (no arbitrary callables)."""

    def __init__(self, file: BinaryIO, allowed: set[tuple[str, str]]) -> None:
        super().__init__(file)
        self._allowed = _PLAIN | allowed

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._allowed or (
            module.startswith("numpy") and name.endswith("DType")
        ):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a companion table")
