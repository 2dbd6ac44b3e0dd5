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
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings
from briefing_bot.index.chunk_table import KEYS, ChunkTable, read_chunks, read_ids, read_lines
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
    try:
        sync_companions(settings, store, manifest)
        return Companions.open(settings.index_dir, manifest)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("cannot write the index companions (%s): reading the store instead", exc)
        return None


# ---------------------------------------------------------------------------------------------
# Writing


def sync_companions(
    settings: Settings,
    store: Store,
    manifest: dict[str, Any],
    new_chunks: Iterable[Chunk] = (),
    *,
    current: Iterable[Chunk] = (),
) -> Path:
    """Write the companions of ``manifest`` (before the manifest itself is written).

    Chunks the previous companions of this configuration hold keep their rows (copied as
    they are), vectors and token ids; ``new_chunks`` (just embedded) and any other chunk the
    manifest lists are read from the store. A kept chunk in ``current`` (the chunks of the
    documents the build read again) keeps its vectors and token ids but takes its row and
    order from there: the same text may sit at a new paragraph, offset or endnote number.
    Returns the folder.
    """
    import numpy as np

    key = companion_key(manifest)
    root = settings.index_dir / COMPANIONS
    final = root / key
    current = list(current)
    reuse_self = False
    if (final / META).exists():
        with contextlib.suppress(FileNotFoundError, ValueError):
            done = Companions.open(settings.index_dir, manifest)
            if _rows_match(done, current):
                return final
            # whole, but rows of re-read documents sit elsewhere now (an index from before
            # kept chunks were moved): written again, its vectors and tokens reused
            reuse_self = True
    wanted = target_ids(manifest)
    prev = _Previous.find(root, key if not reuse_self else None, manifest)
    table = prev.table if prev is not None else ChunkTable()
    # a chunk embedded by this build takes its vectors from the store even when an older
    # folder has them (a rebuild must not trust what it replaces)
    fresh: dict[str, Chunk] = {c.id: c for c in new_chunks}
    kept = {cid: prev.row[cid] for cid in wanted if prev is not None and cid in prev.row}
    for cid in fresh:
        kept.pop(cid, None)
    # its id fixes a chunk's text and section path (so its tokens and sentence vectors), not
    # where it sits: kept rows of re-read documents are written again from the new chunk
    now = {c.id: c for c in current}
    redo = {kept[cid]: now[cid] for cid in kept if cid in now}
    missing = [cid for cid in wanted if cid not in kept and cid not in fresh]
    fresh.update((c.id, c) for c in _fetch_chunks(store, missing))
    lost = [cid for cid in wanted if cid not in kept and cid not in fresh]
    if lost:
        raise ValueError(f"the store lacks {len(lost)} chunks the manifest lists ({lost[0]}…)")

    # document order: (document id, paragraph, start), kept rows by their stored keys
    items: list[int | Chunk] = [*kept.values(), *(fresh[c] for c in wanted if c in fresh)]
    for chunk in (*fresh.values(), *redo.values()):
        table.line(chunk)  # numbers its document before keys are read
    old_keys, old_counts, old_lines, old_ids = (
        (prev.keys, prev.counts, prev.lines, prev.ids) if prev is not None else ([], [], [], [])
    )
    keys = [
        table.key(it)
        if isinstance(it, Chunk)
        else table.key(redo[it])
        if it in redo
        else old_keys[it]
        for it in items
    ]
    order = sorted(range(len(items)), key=lambda i: (table.doc_id(keys[i][0]), *keys[i][1:]))
    items = [items[i] for i in order]
    keys = [keys[i] for i in order]
    counts = np.fromiter(
        (len(it.sentences) if isinstance(it, Chunk) else old_counts[it] for it in items),
        dtype=np.int64,
        count=len(items),
    )
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    new = [it for it in items if isinstance(it, Chunk)]
    fetched = store.sentence_vectors(new) if new else {}
    dim = prev.vectors.shape[1] if prev is not None else _dimension(fetched)

    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=root))
    try:
        matrix = np.lib.format.open_memmap(
            tmp / SENTENCES, mode="w+", dtype=np.float32, shape=(int(offsets[-1]), dim)
        )
        if prev is not None:
            _copy_kept_rows(matrix, offsets, prev, items)
        for i, item in enumerate(items):
            start, stop = int(offsets[i]), int(offsets[i + 1])
            if isinstance(item, int) or stop == start:
                continue
            if item.id not in fetched:
                raise ValueError(f"the store lacks the sentence vectors of chunk {item.id}")
            matrix[start:stop] = fetched[item.id]
        matrix.flush()
        del matrix
        np.save(tmp / SENTENCE_OFFSETS, offsets)
        lines = [
            table.line(it if isinstance(it, Chunk) else redo[it]).encode()
            if isinstance(it, Chunk) or it in redo
            else old_lines[it]
            for it in items
        ]
        ids = [it.id if isinstance(it, Chunk) else old_ids[it] for it in items]
        table.write(tmp, lines, np.asarray(keys, dtype=np.int64), ids)
        lexical = prev.lexical.updated(items) if prev is not None else LexicalIndex(new)
        lexical.save(tmp / LEXICAL)
        meta = {
            "format": FORMAT,
            "key": key,
            "config_fingerprint": manifest.get("config_fingerprint"),
            "store": manifest.get("store"),
            "chunks": len(items),
            "sentences": int(offsets[-1]),
            "reused_from": prev.meta.get("key") if prev is not None else None,
            "reused_chunks": len(items) - len(new),
        }
        (tmp / META).write_text(json.dumps(meta), encoding="utf-8")
        if final.exists():  # a half-written or mismatched folder of the same key
            shutil.rmtree(final, ignore_errors=True)
        tmp.replace(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(root, keep={key, *([prev.meta["key"]] if prev is not None else [])})
    return final


def _rows_match(companions: Companions, chunks: Sequence[Chunk]) -> bool:
    """Whether the companions' rows of ``chunks`` hold them as they are now."""
    for chunk in chunks:
        row = companions.row.get(chunk.id)
        if row is not None and companions.chunks[row] != chunk:
            return False
    return True


def _copy_kept_rows(
    matrix: np.ndarray, offsets: np.ndarray, prev: _Previous, items: Sequence[int | Chunk]
) -> None:
    """Copy the kept chunks' sentence vectors from the previous matrix: whole runs of rows
    that stay together are one slice copy each (an update adding one document keeps the
    rest in two or three runs), never a Python loop over every chunk."""
    import numpy as np

    kept = np.fromiter((isinstance(it, int) for it in items), dtype=bool, count=len(items))
    src_rows = np.fromiter((it for it in items if isinstance(it, int)), dtype=np.int64)
    src = np.asarray(prev.offsets)[src_rows]
    lens = np.asarray(prev.offsets)[src_rows + 1] - src
    dst = offsets[:-1][kept]
    if not np.array_equal(lens, (offsets[1:] - offsets[:-1])[kept]):
        raise ValueError("a kept chunk's sentence count changed")
    if not len(src):
        return
    # a run breaks where the next kept chunk does not follow on in both matrices
    breaks = np.flatnonzero((src[1:] != src[:-1] + lens[:-1]) | (dst[1:] != dst[:-1] + lens[:-1]))
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks + 1, [len(src)]])
    row_bytes = matrix.shape[1] * matrix.itemsize
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        total = int(lens[a:b].sum())
        s0, d0 = int(src[a]), int(dst[a])
        if not _copy_bytes(prev.vectors, s0, matrix, d0, total * row_bytes):
            matrix[d0 : d0 + total] = prev.vectors[s0 : s0 + total]


def _copy_bytes(source: Any, row: int, target: Any, to_row: int, size: int) -> bool:
    """Copy ``size`` bytes of rows between two mapped ``.npy`` files inside the kernel
    (``copy_file_range``: no page faults here, a reflink where the file system has them);
    False where that is not possible (the caller copies through the maps)."""
    if not size or not hasattr(os, "copy_file_range"):
        return not size
    try:
        src_at = source.offset + row * source.strides[0]
        dst_at = target.offset + to_row * target.strides[0]
        target.flush()
        with Path(source.filename).open("rb") as fin, Path(target.filename).open("r+b") as fout:
            done = 0
            while done < size:
                n = os.copy_file_range(
                    fin.fileno(), fout.fileno(), size - done, src_at + done, dst_at + done
                )
                if n <= 0:
                    return False
                done += n
        return True
    except (OSError, AttributeError, TypeError):
        return False


class _Previous:
    """What an update reuses of the previous companion folder, without reading its chunks:
    row lines, order keys, sentence counts, the mapped vectors and the token ids."""

    def __init__(self, folder: Path, meta: dict[str, Any]) -> None:
        import numpy as np

        self.meta = meta
        self.table = ChunkTable.read(folder)
        self.lines = read_lines(folder)
        self.keys = [tuple(k) for k in np.load(folder / KEYS).tolist()]
        self.ids = read_ids(folder)
        self.row = {cid: i for i, cid in enumerate(self.ids)}
        self.vectors = np.load(folder / SENTENCES, mmap_mode="r")
        self.offsets = np.load(folder / SENTENCE_OFFSETS)
        self.counts = np.diff(self.offsets).tolist()
        self.lexical = LexicalIndex.load(folder / LEXICAL, range(len(self.lines)))
        if not (len(self.keys) == len(self.row) == len(self.counts) == len(self.lines)):
            raise ValueError("the companion folder's parts disagree")

    @classmethod
    def find(cls, root: Path, key: str | None, manifest: dict[str, Any]) -> _Previous | None:
        """The newest readable companions of the same configuration and store, if any, other
        than the folder ``key``."""
        if not root.is_dir():
            return None
        folders = sorted(
            (
                p
                for p in root.iterdir()
                if p.is_dir() and not p.name.startswith(".") and p.name != key
            ),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for folder in folders:
            try:
                meta = json.loads((folder / META).read_text(encoding="utf-8"))
                if (
                    meta.get("format") != FORMAT
                    or meta.get("config_fingerprint") != manifest.get("config_fingerprint")
                    or meta.get("store") != manifest.get("store")
                ):
                    continue
                return cls(folder, meta)
            except (OSError, ValueError, KeyError, IndexError) as exc:
                log.info("companions in %s not reusable: %s", folder, exc)
        return None


def _prune(root: Path, keep: set[str]) -> None:
    folders = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for folder in folders[KEEP:]:
        if folder.name not in keep:
            # a process that mapped these files keeps reading them (the inode lives on)
            shutil.rmtree(folder, ignore_errors=True)


def _fetch_chunks(store: Store, ids: list[str]) -> list[Chunk]:
    out: list[Chunk] = []
    for i in range(0, len(ids), 5000):  # SQLite caps the variables of one statement
        got = store.chunks.get(ids=ids[i : i + 5000], include=["documents", "metadatas"])
        out.extend(
            Chunk.from_record(cid, text, meta)
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        )
    return out


def _dimension(fetched: dict[str, Any]) -> int:
    for vecs in fetched.values():
        return int(vecs.shape[1])
    return 0


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
