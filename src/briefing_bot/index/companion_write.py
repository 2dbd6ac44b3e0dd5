"""Writing an index version's companion files (see :mod:`~briefing_bot.index.companions`).

:func:`sync_companions` writes the folder the manifest names, before the manifest itself:
kept chunks keep their rows, vectors (copied in runs) and token ids from the previous folder of
the same configuration; only new chunks are read from the store and tokenised.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_bot.chunking import Chunk
from briefing_bot.config import Settings
from briefing_bot.index.chunk_table import KEYS, ChunkTable, read_ids, read_lines
from briefing_bot.index.companions import (
    COMPANIONS,
    FORMAT,
    KEEP,
    LEXICAL,
    META,
    SENTENCE_OFFSETS,
    SENTENCES,
    Companions,
    companion_key,
    target_ids,
)
from briefing_bot.index.lexical import LexicalIndex

if TYPE_CHECKING:
    import numpy as np

    from briefing_bot.index.store import Store

log = logging.getLogger(__name__)


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
        with (
            contextlib.suppress(FileNotFoundError, ValueError),
            contextlib.closing(Companions.open(settings.index_dir, manifest)) as done,
        ):
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
