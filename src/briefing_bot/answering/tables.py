"""The answer layer's corpus tables, kept beside the index they were derived from, and its
per-sentence features, computed for the sentences a question reaches.

Building the tables reads every chunk (the lexicon: word statistics, abbreviations, places,
names; :class:`ChunkRoles`: which chunks are about a document, which spell out an
abbreviation), a minute at 100k chunks. ``Index.load_or_build`` keeps each table in the index's
companion folder, so it is built once per index version — by the first process that opens it;
the others, and every later start, load it.

A sentence's features (:class:`~briefing_bot.answering.evidence.SentenceFacts`) are not a
table: kept for every sentence they were ~14 KB each in memory (2.8 GB and 16 s to load at
100k chunks). :class:`SentenceFactsCache` computes them when a question reaches the sentence
and keeps the most recent ones; only a small corpus has them all preloaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from briefing_bot.answering.evidence import SentenceFacts, sentence_facts
from briefing_bot.answering.lexicon import DEFINED, Alias, Lexicon, fold, stems
from briefing_bot.answering.lists import DocumentOrder, sentences_after
from briefing_bot.answering.numbers import carry_units
from briefing_bot.chunking import Chunk

FactsKey = tuple[str, int]  # (chunk id, sentence index)


def _lexicon_code() -> tuple[ModuleType, ...]:
    from briefing_bot.answering import coref, lexicon, numbers
    from briefing_bot.index import lexical

    return (lexicon, coref, numbers, lexical)


def _facts_code() -> tuple[ModuleType, ...]:
    import sys

    from briefing_bot.answering import evidence

    return (*_lexicon_code(), evidence, sys.modules[__name__])


def _roles_code() -> tuple[ModuleType, ...]:
    import sys

    return (*_lexicon_code(), sys.modules[__name__])


# which code each table is derived by: a change to it builds that table again (and only it)
_CODE: dict[str, Callable[[], tuple[ModuleType, ...]]] = {
    "answering-lexicon": _lexicon_code,
    "answering-facts": _facts_code,
    "answering-roles": _roles_code,
}


def corpus_table(index: Any, name: str, builder: Callable[[], Any]) -> Any:
    """``builder()``, loaded from beside ``index`` when an earlier open of this index version
    built it (an index without companion files builds it here every time)."""
    load = getattr(index, "load_or_build", None)
    if load is None:
        return builder()
    modules = _CODE.get(name, _facts_code)()
    return load(
        name,
        code_version(tuple(m.__name__ for m in modules)),
        builder,
        types=(Lexicon, Alias, SentenceFacts, ChunkRoles),
    )


@cache
def code_version(modules: tuple[str, ...]) -> str:
    """A hash of the modules that derive a table and of the place-name data it uses: a
    change to either builds it again."""
    import sys
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for name in modules:
        digest.update(Path(str(sys.modules[name].__file__)).read_bytes())
    with contextlib.suppress(PackageNotFoundError):
        digest.update(version("countryinfo").encode())
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Chunk roles


@dataclass
class ChunkRoles:
    """What the answerer needs to know of particular chunks, by id.

    Attributes:
        kinds: Endnote chunks' kinds: ``note`` (the author's commentary) or ``citation`` (a
            note that cites a work); every other chunk's kind is its own.
        about: The chunks describing a document (title, author), in corpus order.
        defined_in: Folded abbreviation → the first body chunk spelling it out in parentheses
            (or square brackets),
            so "what does X stand for?" reads it even when the question's few words retrieve
            other passages.
    """

    kinds: dict[str, str] = field(default_factory=dict)
    about: list[str] = field(default_factory=list)
    defined_in: dict[str, str] = field(default_factory=dict)


def chunk_roles(chunks: Sequence[Chunk], documents: dict[str, Any]) -> ChunkRoles:
    """The :class:`ChunkRoles` of a corpus (one pass over its chunks)."""
    commentary = {
        (doc_id, str(n))
        for doc_id, doc in documents.items()
        for n, note in doc.get("endnotes", {}).items()
        if not note.get("sources")
    }
    roles = ChunkRoles()
    for c in chunks:
        if c.kind == "endnote":
            number = c.section_path[-1].split()[-1] if c.section_path else ""
            roles.kinds[c.id] = "note" if (c.doc_id, number) in commentary else "citation"
        elif c.kind == "about":
            roles.about.append(c.id)
        elif c.kind == "body":
            for m in DEFINED.finditer(c.text):
                short = m.group(1) or m.group(2)
                roles.defined_in.setdefault(fold(short).removesuffix("s"), c.id)
    return roles


def chunk_lookup(index: Any) -> Callable[[str], Chunk | None]:
    """``chunk id → Chunk`` for an index (its own lookup, or one dictionary built here)."""
    lookup = getattr(index, "chunk", None)
    if callable(lookup):
        return lookup
    by_id = {c.id: c for c in index.chunks}
    return by_id.get


# ---------------------------------------------------------------------------------------------
# Sentence features


class SentenceFactsCache(Mapping[tuple[str, int], SentenceFacts]):
    """``(chunk id, sentence index) → SentenceFacts``, computed on first use.

    ``preloaded`` (a small corpus's every sentence, from :func:`corpus_table`) is kept whole;
    anything else is computed when asked for (``cache[key]``, ``cache.get(key)``, what
    :func:`~briefing_bot.answering.evidence.candidates` calls) and the ``size`` most recently
    used are kept. Safe to share between threads.

    Example:
        >>> cache = SentenceFactsCache(lexicon, index.chunk, size=4096)
        >>> cache.get((chunk.id, 0)).tokens
    """

    def __init__(
        self,
        lexicon: Lexicon,
        chunk_of: Callable[[str], Chunk | None],
        *,
        size: int,
        preloaded: dict[FactsKey, SentenceFacts] | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.chunk_of = chunk_of
        self.size = size
        self.preloaded = preloaded or {}
        self._recent: OrderedDict[FactsKey, SentenceFacts] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:  # the features held now
        return len(self.preloaded) + len(self._recent)

    def __iter__(self) -> Iterator[FactsKey]:
        with self._lock:
            recent = list(self._recent)
        return iter([*self.preloaded, *recent])

    def __contains__(self, key: object) -> bool:
        return key in self.preloaded or key in self._recent

    def __getitem__(self, key: FactsKey) -> SentenceFacts:
        """The features of ``(chunk id, sentence index)``, computed when not held; KeyError
        for an unknown chunk or sentence."""
        got = self.preloaded.get(key) or self._hit(key)
        if got is not None:
            return got
        chunk = self.chunk_of(key[0])
        if chunk is None or not 0 <= key[1] < len(chunk.sentences):
            raise KeyError(key)
        return self.of(chunk, key[1])

    def of(self, chunk: Chunk, index: int) -> SentenceFacts:
        """The features of sentence ``index`` of ``chunk``."""
        key = (chunk.id, index)
        got = self.preloaded.get(key) or self._hit(key)
        if got is None:
            got = _facts(chunk, index, self.lexicon)
            self._keep(key, got)
        return got

    def _hit(self, key: FactsKey) -> SentenceFacts | None:
        with self._lock:
            got = self._recent.get(key)
            if got is not None:
                self._recent.move_to_end(key)
            return got

    def _keep(self, key: FactsKey, facts: SentenceFacts) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._recent[key] = facts
            self._recent.move_to_end(key)
            while len(self._recent) > self.size:
                self._recent.popitem(last=False)


def _facts(chunk: Chunk, index: int, lexicon: Lexicon) -> SentenceFacts:
    # a table value read in its label's unit ("… (%): 15.3" is a percentage), word for word
    facts = sentence_facts(carry_units(chunk.sentence_texts()[index]), lexicon, chunk.kind)
    people = lexicon.antecedents.get((chunk.id, index))
    if people:
        # "He recommends …" is about the person the text named last (coref.py): a question
        # naming them finds their words here, one naming someone else does not
        facts = replace(facts, tokens=facts.tokens | stems(" ".join(people)))
    return facts


def all_facts(chunks: Sequence[Chunk], lexicon: Lexicon) -> dict[FactsKey, SentenceFacts]:
    """Every sentence's features (a small corpus's preloaded table)."""
    return {(c.id, i): _facts(c, i, lexicon) for c in chunks for i in range(len(c.sentences))}


class SentenceLookup:
    """Folded sentence → ``(chunk, sentence index)`` where the corpus says it, through the
    lexicon's word postings: a few chunks checked per lookup, no corpus-wide table (one was
    seconds and ~40 MB at 100k chunks). Where several sentences fold alike, the last in
    corpus order answers.

    Example:
        >>> SentenceLookup(lexicon, chunks).get(fold("A second type is integration."))
    """

    def __init__(self, lexicon: Lexicon, chunks: Sequence[Chunk]) -> None:
        self.lexicon = lexicon
        self.chunks = chunks  # in the lexicon's row order

    def get(self, folded: str) -> tuple[Chunk, int] | None:
        words = folded.split()
        postings = self.lexicon.postings
        if not words or any(w not in postings for w in words):
            return None
        rarest = min(words, key=lambda w: len(postings[w]))
        text, starts, needle = self.lexicon.folded, self.lexicon.starts, f" {folded} "
        for row in reversed(postings[rarest].tolist()):
            if text.find(needle, starts[row], starts[row + 1] - 1) < 0:
                continue
            chunk = self.chunks[row]
            sentences = chunk.sentence_texts()
            for i in reversed(range(len(sentences))):
                if fold(sentences[i]) == folded:
                    return chunk, i
        return None


class IndexOrder(DocumentOrder):
    """:class:`~briefing_bot.answering.lists.DocumentOrder` read off an index whose chunks run
    document by document in reading order: the chunks after one are the next rows of its
    document, so nothing is built (the per-document lists took ~0.1 s at 100k chunks, on
    the first list question)."""

    def __init__(self, chunks: Sequence[Chunk], position: Callable[[str], int | None]) -> None:
        self.chunks = chunks
        self.position_of = position

    def after(self, chunk: Chunk, index: int, limit: int) -> list[tuple[Chunk, int, str]]:
        row = self.position_of(chunk.id)
        if row is None:  # not a chunk of this index: walk its document from the start
            return DocumentOrder([c for c in self.chunks if c.doc_id == chunk.doc_id]).after(
                chunk, index, limit
            )
        return sentences_after(self.chunks[row : row + limit], chunk, index)


def document_order(index: Any, chunks: Sequence[Chunk]) -> DocumentOrder:
    """The walk through each document the list answers take: read off the index when its
    chunks are in document order, else built from the chunks."""
    if getattr(index, "in_document_order", False):
        return IndexOrder(chunks, index.position)
    return DocumentOrder(chunks)
