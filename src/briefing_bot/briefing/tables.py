"""The composer's per-document tables, built on first use and kept in a bounded LRU.

Nothing is computed for the whole corpus when a composer opens: a whole-document briefing
needs one document's table, a topic briefing those of the documents its retrieved passages
come from. A table holds the document's body sentences (text, word stems, paragraph), their
vectors (the rows of the index's memory-mapped sentence matrix, normalised: the document's
rows only), each sentence's closeness to the document's centroid, its enumerations, specifics,
vague lead-ins and section (with the heading's vector).

A sentence is named by a *row* that is unique in the corpus and sorts in reading order: the
document's ordinal times :data:`STRIDE` plus the sentence's place in its document.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing_bot.answering.verify import addresses_the_model
from briefing_bot.briefing.signals import (
    is_apparatus,
    is_tabular,
    is_vague,
    links_heading,
    specificity,
)
from briefing_bot.briefing.text import announced_noun, find_enumerations, ordinal_of
from briefing_bot.chunking import Chunk
from briefing_bot.retrieval import tokenize

if TYPE_CHECKING:
    import numpy as np

STRIDE = 1 << 24  # sentences a document may hold; rows of two documents never meet
MIN_WORDS = 4  # a byline or a stray heading is no point


@dataclass
class Sentence:
    """One body sentence, as the composer scores it."""

    row: int
    chunk: Chunk
    index: int  # sentence number within the chunk
    text: str
    terms: frozenset[str]
    para_first: bool
    paragraph: int  # paragraph number in its document


@dataclass
class DocTable:
    """One document's sentences and what the composer derives from them."""

    doc_id: str
    base: int  # row of the first sentence
    sents: list[Sentence]
    matrix: np.ndarray  # (sentences, dim), unit rows
    centrality: np.ndarray  # closeness to the document's centroid
    enumerations: dict[int, list[int]]  # anchor row → item rows
    anchor_of: dict[int, int]  # item row → its anchor row (the first, if two lists share it)
    announced: dict[int, frozenset[str]]  # anchor row → stems of the noun it announces
    specific: np.ndarray  # 0–1 specificity of each sentence
    vague: list[bool]
    tabular: list[bool]  # a table row ("Indicator: …; 2021: 38; 2025: 61")
    section_of: np.ndarray  # each sentence's section number (local)
    section_paths: list[tuple[str, ...]]
    # headings: each section's own (its number), then the enclosing ones no sentence is in
    heading_terms: list[frozenset[str]]
    heading_vecs: np.ndarray  # (headings, dim), unit rows; zero for an unnamed section
    heading_parent: list[int]  # each heading's enclosing heading, -1 for a top-level one

    @property
    def rows(self) -> list[int]:
        return [s.row for s in self.sents]


def body_sentences(chunks: Sequence[Chunk], base: int) -> list[Sentence]:
    """The body sentences of one document's chunks (reading order), numbered from ``base``."""
    out: list[Sentence] = []
    for chunk in chunks:
        if chunk.kind != "body" or any(links_heading(h) for h in chunk.section_path):
            continue  # a list of related links or the contact details: no point
        para_starts = {0} | {
            i for i, (s, _) in enumerate(chunk.sentences) if chunk.text[max(0, s - 2) : s] == "\n\n"
        }
        para = chunk.paragraph
        for i, text in enumerate(chunk.sentence_texts()):
            if i in para_starts and i > 0:
                para += 1
            if len(text.split()) < MIN_WORDS and ordinal_of(text) is None:
                continue  # a list item ("First, distance.") stays: its next sentence follows
            if addresses_the_model(text):
                continue  # prompt injection in the corpus is no point of a briefing
            if is_apparatus(text):
                continue  # a source line or the document's roadmap: nothing about the topic
            first = i in para_starts and (i > 0 or chunk.para_start == 0)
            out.append(
                Sentence(base + len(out), chunk, i, text, frozenset(tokenize(text)), first, para)
            )
    return out


def build_table(
    doc_id: str,
    base: int,
    chunks: Sequence[Chunk],
    vectors: Callable[[Sequence[Chunk]], dict[str, np.ndarray]],
    headings: Callable[[list[str]], np.ndarray],
) -> DocTable:
    """The table of one document: ``vectors(chunks)`` gives each chunk's sentence vectors
    (views of the index's mapped matrix), ``headings(texts)`` embeds section headings."""
    import numpy as np

    sents = body_sentences(chunks, base)
    got = vectors([c for c in chunks if c.kind == "body"])
    dim = next((v.shape[1] for v in got.values()), 1)
    matrix = np.zeros((len(sents), dim), dtype=np.float32)
    for k, s in enumerate(sents):
        vecs = got.get(s.chunk.id)
        if vecs is not None and s.index < len(vecs):
            matrix[k] = vecs[s.index]
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    centroid = matrix.mean(axis=0) if len(sents) else np.zeros(dim, dtype=np.float32)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
    local = find_enumerations([s.text for s in sents], lambda _i, _j: True)
    anchor_of: dict[int, int] = {}
    for a, items in local.items():
        for i in items:
            anchor_of.setdefault(base + i, base + a)
    paths = list(dict.fromkeys(s.chunk.section_path for s in sents))
    # a sub-section's sentences carry only its own heading; its enclosing sections' headings
    # ("5. Costs to the partners" above "5.1 Lost sales") are scored too (relevance)
    every = list(paths)
    for p in paths:
        every.extend(p[:k] for k in range(1, len(p)) if p[:k] not in every)
    number = {p: i for i, p in enumerate(every)}
    names = [(p[-1] if p else "") for p in every]
    hvecs = np.zeros((len(names), dim), dtype=np.float32)
    named = [i for i, h in enumerate(names) if h]
    if named:
        hvecs[named] = headings([names[i] for i in named]).reshape(len(named), -1)
    hvecs /= np.maximum(np.linalg.norm(hvecs, axis=1, keepdims=True), 1e-12)
    return DocTable(
        doc_id=doc_id,
        base=base,
        sents=sents,
        matrix=matrix,
        centrality=(matrix @ centroid).astype(np.float32),
        enumerations={base + a: [base + i for i in items] for a, items in local.items()},
        anchor_of=anchor_of,
        announced={
            base + a: frozenset(tokenize(announced_noun(sents[a].text) or "")) for a in local
        },
        specific=np.array([specificity(s.text) for s in sents], dtype=np.float32),
        vague=[is_vague(s.text) for s in sents],
        tabular=[is_tabular(s.text) for s in sents],
        section_of=np.array([number[s.chunk.section_path] for s in sents], dtype=np.int64),
        section_paths=paths,
        heading_terms=[frozenset(tokenize(h)) for h in names],
        heading_vecs=hvecs,
        heading_parent=[number[p[:-1]] if len(p) > 1 else -1 for p in every],
    )


class TableCache:
    """Document tables by document id, the ``size`` most recently used kept (thread-safe).

    ``chunks_of`` groups the index's chunks by document on first use (one pass over the
    chunk list, no per-sentence work); a table is built by ``build(doc_id, base, chunks)``.
    """

    def __init__(
        self,
        chunks: Callable[[], Sequence[Chunk]],
        build: Callable[[str, int, Sequence[Chunk]], DocTable],
        size: int,
    ) -> None:
        self._all = chunks
        self._build = build
        self.size = max(1, size)
        self._tables: OrderedDict[str, DocTable] = OrderedDict()
        self._by_doc: dict[str, list[Chunk]] | None = None
        self._last: DocTable | None = None
        self._lock = threading.RLock()

    @property
    def by_doc(self) -> dict[str, list[Chunk]]:
        """Every document's chunks, in corpus order (grouped on first use)."""
        with self._lock:
            if self._by_doc is None:
                grouped: dict[str, list[Chunk]] = {}
                bodies: dict[str, int] = {}
                for c in self._all():
                    grouped.setdefault(c.doc_id, []).append(c)
                    bodies[c.doc_id] = bodies.get(c.doc_id, 0) + (c.kind == "body")
                self._bodies = bodies
                self._by_doc = grouped
                self._ordinal = {d: i for i, d in enumerate(grouped)}
                self._order = list(grouped)
            return self._by_doc

    @property
    def doc_ids(self) -> list[str]:
        """Every document with chunks, in corpus order."""
        _ = self.by_doc
        return self._order

    def bodies(self, doc_id: str) -> int:
        """How many body passages a document has."""
        _ = self.by_doc
        return self._bodies[doc_id]

    def ordinal(self, doc_id: str) -> int:
        _ = self.by_doc
        return self._ordinal[doc_id]

    def table(self, doc_id: str) -> DocTable:
        """The document's table, built now if it is not kept."""
        with self._lock:
            got = self._tables.get(doc_id)
            if got is not None:
                self._tables.move_to_end(doc_id)
                return got
        chunks = self.by_doc[doc_id]
        built = self._build(doc_id, self.ordinal(doc_id) * STRIDE, chunks)
        with self._lock:
            got = self._tables.setdefault(doc_id, built)
            self._tables.move_to_end(doc_id)
            while len(self._tables) > self.size:
                self._tables.popitem(last=False)
            return got

    def of_row(self, row: int) -> DocTable:
        """The table holding sentence ``row``."""
        last = self._last  # one briefing asks for the same document many times in a row
        if last is not None and last.base == row - row % STRIDE:
            return last
        self._last = got = self.table(self.doc_ids[row // STRIDE])
        return got

    def loaded(self) -> list[str]:
        """The documents whose tables are kept now (least recently used first)."""
        with self._lock:
            return list(self._tables)
