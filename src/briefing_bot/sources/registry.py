"""The endnote registry and the paper's claims beside the cited works' own words.

:func:`source_registry` lists every endnote with the sentences citing it and the corpus
documents holding the works it cites (with their provenance: original or archived copy,
capture time, partial text). :func:`matching_source_passage` finds, for a sentence citing
endnote N, the closest passage of source N; :func:`claims_beside_sources` does that for every
citing sentence whose source is in the corpus, and flags the weakly similar ones.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Protocol

# the answer layer quotes cited works by the same rule: one definition of "holds the work"
from briefing_bot.answering.beside import source_documents
from briefing_bot.chunking import Chunk

if TYPE_CHECKING:
    from briefing_bot.assistant import Assistant

# Below this, the best sentence of a source is not about the citing sentence at all.
MIN_MATCH_SCORE = 0.3
# Below this, the closest source sentence only loosely supports the claim: `sources --check`
# lists it. Scores are 0.7 × cosine similarity of the sentence vectors (all-MiniLM-L6-v2) +
# 0.3 × the share of the claim's words found in the source sentence; with MiniLM, a
# paraphrase scores about 0.6–0.9, a sentence on the same topic making another point 0.35–0.5.
WEAK_MATCH_SCORE = 0.5
# Provenance keys a stored source carries in its metadata (see fetch_sources).
PROVENANCE_KEYS = (
    "fetch_status",
    "url",
    "retrieved",
    "retrieved_from",
    "archive",
    "archived_url",
    "captured",
    "partial_reason",
    "endnotes",
)


class CorpusView(Protocol):
    """What the registry needs of an assistant: its documents and chunks."""

    def documents(self) -> dict[str, Any]: ...

    def chunks(self) -> list[Chunk]: ...


def source_registry(bot: CorpusView, *, beside: bool | None = None) -> list[dict[str, Any]]:
    """Every endnote of every document, with the passages that cite it.

    Each entry: ``doc_id``, ``document`` (its title), ``number``, ``title``, ``publisher``,
    ``date``, ``url``, ``text``, ``sources`` (every work the note cites), ``citing_passages``
    (``chunk_id``, ``locator``, ``section``, ``paragraph``, ``page``, ``sentence_index``,
    ``sentence``), ``in_corpus`` (corpus documents holding the cited work: ``doc_id``,
    ``title``, ``provenance`` — see :func:`provenance` — and ``copy``, its one-line
    description) and ``beside`` (each citing sentence beside the closest passage of each held
    work: :meth:`ClaimBesideSource.as_dict`; computed when ``beside`` is true, by default when
    ``bot`` is an :class:`~briefing_bot.assistant.Assistant` — it needs the embedding model —
    and empty otherwise). Plain JSON-ready data, ordered by document and endnote number.
    """
    registry = _registry(bot)
    if beside is None:
        beside = hasattr(bot, "retriever") and hasattr(bot, "index")
    if beside and any(e["in_corpus"] for e in registry):
        claims = _claims(bot, registry)  # type: ignore[arg-type]
        for entry in registry:
            key = (entry["doc_id"], entry["number"])
            entry["beside"] = [c.as_dict() for c in claims if (c.doc_id, c.endnote) == key]
    return registry


def _registry(bot: CorpusView) -> list[dict[str, Any]]:
    documents = bot.documents()
    citing: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for chunk in bot.chunks():
        if chunk.kind != "body":
            continue
        for i, numbers in enumerate(chunk.sentence_endnotes):
            start, end = chunk.sentences[i]
            for number in dict.fromkeys(numbers):
                citing.setdefault((chunk.doc_id, number), []).append(
                    {
                        "chunk_id": chunk.id,
                        "locator": chunk.locator,
                        "section": chunk.section,
                        "paragraph": chunk.paragraph,
                        "page": chunk.page,
                        "sentence_index": i,
                        "sentence": " ".join(chunk.text[start:end].split()),
                    }
                )
    registry = []
    for doc_id in sorted(documents):
        record = documents[doc_id]
        notes = record.get("endnotes") or {}
        for key in sorted(notes, key=int):
            note = notes[key]
            number = int(key)
            held = []
            for d in source_documents(documents, doc_id, number):
                prov = provenance(documents[d].get("metadata") or {})
                held.append(
                    {
                        "doc_id": d,
                        "title": documents[d].get("title"),
                        "provenance": prov,
                        "copy": describe_copy(prov),
                    }
                )
            registry.append(
                {
                    "doc_id": doc_id,
                    "document": record.get("title"),
                    "number": number,
                    "title": note.get("title"),
                    "publisher": note.get("publisher"),
                    "date": note.get("date"),
                    "url": note.get("url"),
                    "text": note.get("text", ""),
                    "sources": list(note.get("sources") or []),
                    "citing_passages": citing.get((doc_id, number), []),
                    "in_corpus": held,
                    "beside": [],
                }
            )
    return registry


def provenance(metadata: dict[str, Any]) -> dict[str, Any]:
    """Which copy of a work a corpus document holds, from its metadata.

    Keys (those present): ``fetch_status`` (fetched | archived | partial), ``url`` (as
    cited), ``retrieved`` (date), ``retrieved_from`` (the URL the bytes came from, after
    redirects), ``archive`` (the archive's name), ``archived_url``, ``captured`` (ISO time of
    the archive's capture), ``partial_reason``, ``endnotes`` (every note citing it).
    """
    return {k: metadata[k] for k in PROVENANCE_KEYS if metadata.get(k) not in (None, "")}


def describe_copy(prov: dict[str, Any]) -> str:
    """One line saying which copy a document is: "archived copy, captured …" and so on."""
    if prov.get("archived_url") or prov.get("fetch_status") == "archived":
        where = prov.get("archive") or "an archive"
        when = f", captured {prov['captured']}" if prov.get("captured") else ""
        text = f"archived copy ({where}{when}): {prov.get('archived_url', '')}".rstrip(": ")
    elif prov.get("url"):
        retrieved = f", retrieved {prov['retrieved']}" if prov.get("retrieved") else ""
        text = f"original{retrieved}"
    else:
        text = "added by hand"
    if prov.get("fetch_status") == "partial":
        text += f"; PARTIAL TEXT: {prov.get('partial_reason') or 'paywalled or incomplete'}"
    return text


# ---------------------------------------------------------------------------------------------
# Side by side


def _best_source_passage(
    bot: Assistant, doc_id: str, endnote_number: int, sentence_text: str
) -> tuple[float, Chunk, int] | None:
    """The closest sentence of source ``endnote_number`` as ``(score, chunk, index)``."""
    targets = set(source_documents(bot.documents(), doc_id, endnote_number))
    return _best_in(bot, targets, sentence_text) if targets else None


def _best_in(
    bot: Assistant, targets: set[str], sentence_text: str
) -> tuple[float, Chunk, int] | None:
    """The sentence of the documents ``targets`` closest to ``sentence_text``, scored."""
    chunks = [c for c in bot.chunks() if c.doc_id in targets and c.kind == "body" and c.sentences]
    if not chunks:
        return None
    import numpy as np

    from briefing_bot.retrieval import tokenize

    qvec = bot.retriever.embed_query(sentence_text)
    vectors = bot.index.store.sentence_vectors(chunks)
    q_terms = set(tokenize(sentence_text))
    best: tuple[float, Chunk, int] | None = None
    for chunk in chunks:
        mat = vectors.get(chunk.id)
        dense = mat @ qvec if mat is not None else np.zeros(len(chunk.sentences))
        for i, sent in enumerate(chunk.sentence_texts()):
            if len(sent.split()) < 4:
                continue  # headings, menu items, captions
            terms = set(tokenize(sent))
            overlap = len(q_terms & terms) / len(q_terms) if q_terms else 0.0
            score = 0.7 * float(dense[i]) + 0.3 * overlap
            if best is None or score > best[0]:
                best = (score, chunk, i)
    return best


def matching_source_passage(
    bot: Assistant, doc_id: str, endnote_number: int, sentence_text: str
) -> tuple[Chunk, int] | None:
    """The passage of the work endnote ``endnote_number`` cites that best matches a sentence.

    Looks for a corpus document holding that work (see :func:`source_registry`'s
    ``in_corpus``) and scores each of its sentences against ``sentence_text`` by meaning
    (the index's sentence vectors) and shared words. Returns ``(chunk, sentence index)``, or
    None when the work is not in the corpus or nothing in it is close to the sentence
    (score under :data:`MIN_MATCH_SCORE`).
    """
    best = _best_source_passage(bot, doc_id, endnote_number, sentence_text)
    if best is None or best[0] < MIN_MATCH_SCORE:
        return None
    return best[1], best[2]


@dataclass
class ClaimBesideSource:
    """A sentence of a document that cites endnote N, beside the closest passage of source N.

    ``passage`` is None when source N holds no sentence to compare; ``weak`` when the best
    score is under :data:`WEAK_MATCH_SCORE` (a place to check for a miscited or overstated
    claim).
    """

    doc_id: str
    endnote: int
    locator: str
    claim: str
    source_doc: str
    source_title: str | None
    copy: str  # which copy of the source (see describe_copy)
    passage: str | None
    passage_locator: str | None
    passage_chunk_id: str | None
    score: float
    weak: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def claims_beside_sources(bot: Assistant) -> list[ClaimBesideSource]:
    """Every citing sentence whose cited work is in the corpus, beside that work's closest
    passage (the Sources tab and ``briefing-bot sources`` show these)."""
    return _claims(bot, _registry(bot))


def _claims(bot: Assistant, registry: list[dict[str, Any]]) -> list[ClaimBesideSource]:
    documents = bot.documents()
    out = []
    for entry in registry:
        for held in entry["in_corpus"]:
            targets = held["doc_id"]
            for cited in entry["citing_passages"]:
                best = _best_in(bot, {targets}, cited["sentence"])
                score, chunk, i = best if best else (0.0, None, None)
                out.append(
                    ClaimBesideSource(
                        doc_id=entry["doc_id"],
                        endnote=entry["number"],
                        locator=cited["locator"],
                        claim=cited["sentence"],
                        source_doc=targets,
                        source_title=documents[targets].get("title"),
                        copy=held["copy"],
                        passage=chunk.sentence_texts()[i] if chunk and i is not None else None,
                        passage_locator=chunk.locator if chunk else None,
                        passage_chunk_id=chunk.id if chunk else None,
                        score=round(score, 3),
                        weak=score < WEAK_MATCH_SCORE,
                    )
                )
    return out
