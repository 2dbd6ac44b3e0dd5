"""The chunk table of a companion folder: every chunk's text and metadata, compact.

Repeated strings (document ids and titles, section paths, kinds) are stored once in
``chunk_tables.json`` and referred to by number; ``chunk_rows.json`` is a JSON array with one
chunk per line, so an update copies the lines of the chunks it keeps as they are (no parsing,
no re-encoding) and only encodes the new ones; ``chunk_keys.npy`` holds each row's document
order key, so an update can place new chunks without reading the old rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_bot.chunking import Chunk

if TYPE_CHECKING:
    import numpy as np

TABLES = "chunk_tables.json"
ROWS = "chunk_rows.json"
KEYS = "chunk_keys.npy"
IDS = "chunk_ids.json"


class ChunkTable:
    """The string tables rows refer to. They only grow: a kept row's numbers stay valid."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        data = data or {}
        self.docs: list[list[str]] = [list(d) for d in data.get("docs", [])]
        self.sections: list[list[str]] = [list(s) for s in data.get("sections", [])]
        self.kinds: list[str] = list(data.get("kinds", []))
        self._doc = {(d, t): i for i, (d, t) in enumerate(self.docs)}
        self._section = {tuple(s): i for i, s in enumerate(self.sections)}
        self._kind = {k: i for i, k in enumerate(self.kinds)}

    @classmethod
    def read(cls, folder: Path) -> ChunkTable:
        return cls(json.loads((folder / TABLES).read_text(encoding="utf-8")))

    def line(self, c: Chunk) -> str:
        """One chunk as its row's JSON text."""
        doc = self._number(self._doc, self.docs, (c.doc_id, c.title), [c.doc_id, c.title])
        sec = self._number(
            self._section, self.sections, tuple(c.section_path), list(c.section_path)
        )
        kind = self._number(self._kind, self.kinds, c.kind, c.kind)
        row = [
            c.id,
            doc,
            sec,
            kind,
            c.paragraph,
            c.paragraph_end,
            c.page,
            c.char_start,
            c.char_end,
            c.para_start,
            [x for span in c.sentences for x in span],
            c.sentence_endnotes,
            c.text,
        ]
        return json.dumps(row, ensure_ascii=False, separators=(",", ":"))

    @staticmethod
    def _number(index: dict[Any, int], values: list[Any], key: Any, value: Any) -> int:
        got = index.get(key)
        if got is None:
            got = index[key] = len(values)
            values.append(value)
        return got

    def key(self, c: Chunk) -> tuple[int, int, int]:
        """The numeric order key the rows file keeps: (document number, paragraph, start)."""
        return (self._doc[(c.doc_id, c.title)], c.paragraph, c.para_start)

    def doc_id(self, number: int) -> str:
        return self.docs[number][0]

    def write(
        self,
        folder: Path,
        lines: Sequence[bytes],
        keys: np.ndarray | Sequence[tuple[int, ...]],
        ids: Sequence[str],
    ) -> None:
        """Write the table: ``lines`` are the rows' UTF-8 JSON (:meth:`line`, encoded, or
        :func:`read_lines` of an earlier table with these string tables)."""
        import numpy as np

        tables = {"docs": self.docs, "sections": self.sections, "kinds": self.kinds}
        (folder / TABLES).write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
        # one row per line: json.dumps never writes a raw newline inside a row
        (folder / ROWS).write_bytes(b"[\n" + b",\n".join(lines) + b"\n]")
        np.save(folder / KEYS, np.asarray(keys, dtype=np.int64).reshape(-1, 3))
        (folder / IDS).write_text(json.dumps(list(ids)), encoding="utf-8")


def read_lines(folder: Path) -> list[bytes]:
    """Each row's JSON as written (UTF-8 bytes, for an update to copy without decoding)."""
    data = (folder / ROWS).read_bytes()
    return [line.rstrip(b",") for line in data.split(b"\n")[1:-1]]


def read_ids(folder: Path) -> list[str]:
    """Each row's chunk id, in row order."""
    ids: list[str] = json.loads((folder / IDS).read_text(encoding="utf-8"))
    return ids


def read_chunks(folder: Path) -> list[Chunk]:
    """Every chunk of the table, in row order."""
    tables = ChunkTable.read(folder)
    docs = [(str(d), str(t)) for d, t in tables.docs]
    sections = [tuple(s) for s in tables.sections]
    kinds = tables.kinds
    rows = json.loads((folder / ROWS).read_text(encoding="utf-8"))
    out = []
    for cid, doc, sec, kind, par, par_end, page, cs, ce, ps, flat, notes, text in rows:
        doc_id, title = docs[doc]
        out.append(
            Chunk(
                id=cid,
                doc_id=doc_id,
                title=title,
                section_path=sections[sec],
                paragraph=par,
                paragraph_end=par_end,
                text=text,
                sentences=list(zip(flat[::2], flat[1::2], strict=True)),
                sentence_endnotes=notes,
                page=page,
                kind=kinds[kind],
                char_start=cs,
                char_end=ce,
                para_start=ps,
            )
        )
    return out


def write_chunks(folder: Path, chunks: Sequence[Chunk]) -> None:
    """A table of ``chunks`` (in their order) from nothing."""
    table = ChunkTable()
    lines = [table.line(c).encode() for c in chunks]
    table.write(folder, lines, [table.key(c) for c in chunks], [c.id for c in chunks])
