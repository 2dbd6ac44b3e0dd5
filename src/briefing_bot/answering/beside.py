"""The cited source's own words: when the work an endnote cites is itself in the corpus, the
sentence of it closest to the paper's claim, to quote beside the claim.

This is the answer layer's copy of the side-by-side match (the ``sources`` package, above this
layer, builds its registry on the same rule): a corpus document holds the work of endnote N of
document D when its metadata says so (``cited_by: D`` with ``endnote: N`` or ``endnotes``) or
its URL is one the endnote cites.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urlparse

from briefing_bot.answering.compose import Citations, Picked, answer_sentence
from briefing_bot.chunking import Chunk
from briefing_bot.retrieval import tokenize

if TYPE_CHECKING:
    import numpy as np


def normal_url(url: str) -> str:
    """A URL for comparison: no fragment, no trailing slash, scheme and host lower-cased."""
    parts = urlparse(urldefrag(url.strip())[0])
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}{query}"


def source_documents(documents: dict[str, Any], doc_id: str, number: int) -> list[str]:
    """Corpus documents holding a work that endnote ``number`` of ``doc_id`` cites."""
    note = (documents.get(doc_id) or {}).get("endnotes", {}).get(str(number)) or {}
    urls = {normal_url(s["url"]) for s in note.get("sources") or [] if s.get("url")}
    found = []
    for other in sorted(documents):
        if other == doc_id:
            continue
        meta = documents[other].get("metadata") or {}
        numbers = {str(meta.get("endnote", ""))}
        numbers.update(n.strip() for n in str(meta.get("endnotes", "")).split(","))
        cites = str(meta.get("cited_by", "")) == doc_id and str(number) in numbers
        if cites or (meta.get("url") and normal_url(str(meta["url"])) in urls):
            found.append(other)
    return found


def closest_source_sentence(
    documents: dict[str, Any],
    chunks: Sequence[Chunk],
    doc_id: str,
    number: int,
    sentence: str,
    *,
    embed: Callable[[str], np.ndarray],
    vectors: Callable[[list[Chunk]], dict[str, np.ndarray]],
    min_score: float = 0.3,
) -> tuple[Chunk, int] | None:
    """``(chunk, sentence index)`` of the cited work's sentence closest to ``sentence`` by
    meaning (sentence vectors) and shared words, or None (work not in the corpus, or nothing
    in it close enough)."""
    targets = set(source_documents(documents, doc_id, number))
    pool = [c for c in chunks if c.doc_id in targets and c.kind == "body" and c.sentences]
    if not pool:
        return None
    qvec = embed(sentence)
    mats = vectors(pool)
    terms = set(tokenize(sentence))
    best: tuple[float, Chunk, int] | None = None
    for chunk in pool:
        mat = mats.get(chunk.id)
        for i, text in enumerate(chunk.sentence_texts()):
            if len(text.split()) < 4 or mat is None:
                continue  # headings, menu items, captions
            overlap = len(terms & set(tokenize(text))) / len(terms) if terms else 0.0
            score = 0.7 * float(mat[i] @ qvec) + 0.3 * overlap
            if best is None or score > best[0]:
                best = (score, chunk, i)
    if best is None or best[0] < min_score:
        return None
    return best[1], best[2]


def quote_sources(
    chosen: Sequence[Picked],
    citations: Citations,
    *,
    documents: dict[str, Any],
    chunks: Sequence[Chunk],
    embed: Callable[[str], np.ndarray],
    vectors: Callable[[list[Chunk]], dict[str, np.ndarray]],
    min_score: float = 0.3,
) -> list[str]:
    """When the work a chosen sentence's endnote cites is in the corpus, its closest sentence
    quoted beside the claim (the paper's claim and the original's words), cited."""
    parts = []
    quoted = {s.key for s in chosen}
    for s in chosen:
        for number in s.chunk.sentence_endnotes[s.index] if s.chunk.kind == "body" else []:
            match = closest_source_sentence(
                documents,
                chunks,
                s.chunk.doc_id,
                number,
                s.text,
                embed=embed,
                vectors=vectors,
                min_score=min_score,
            )
            if match is None or (match[0].id, match[1]) in quoted:
                continue
            quoted.add((match[0].id, match[1]))
            said = Picked(match[0], match[1], match[0].sentence_texts()[match[1]])
            cit = citations.cite(said)
            quote = answer_sentence(said.text, said.chunk)
            parts.append(f"The cited source, {said.chunk.title}, says: “{quote}” [{cit.number}].")
    return parts
