"""Answer text from chosen sentences: citations chained to endnotes, cuts marked, refusals that
name what was searched and still point at the nearest passage."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from briefing_bot.answering import numbers as num
from briefing_bot.answering.types import Citation, EndnoteRef, _shorten
from briefing_bot.chunking import Chunk
from briefing_bot.corpus.turns import split_dated_byline


@dataclass
class Picked:
    """A sentence chosen for an answer (a candidate, or one found by list/ordinal search)."""

    chunk: Chunk
    index: int
    text: str
    score: float = 0.0

    @property
    def key(self) -> tuple[str, int]:
        return (self.chunk.id, self.index)


def endnote_ref(documents: dict[str, Any], doc_id: str, number: int) -> EndnoteRef | None:
    """Endnote ``number`` of a document, from the index's document registry."""
    note = documents.get(doc_id, {}).get("endnotes", {}).get(str(number))
    if not note:
        return None
    return EndnoteRef(
        number=number,
        title=note.get("title"),
        publisher=note.get("publisher"),
        date=note.get("date"),
        url=note.get("url"),
        text=note.get("text", ""),
        sources=list(note.get("sources") or []),
    )


class Citations:
    """The numbered citations of one answer; a passage is cited once, each supporting
    sentence highlighted, the endnotes it carries chained."""

    def __init__(self, documents: dict[str, Any]) -> None:
        self.documents = documents
        self.by_chunk: dict[str, Citation] = {}
        self.said: set[str] = set()  # each sentence as an answer gave it (one of its parts)

    def cite(self, s: Picked) -> Citation:
        chunk = s.chunk
        cit = self.by_chunk.get(chunk.id)
        if cit is None:
            cit = Citation.for_chunk(len(self.by_chunk) + 1, chunk, round(s.score, 4))
            self.by_chunk[chunk.id] = cit
        span = chunk.sentences[s.index]
        if span not in cit.highlights:
            cit.highlights.append(span)
            cit.highlights.sort()
        known = {e.number for e in cit.endnotes}
        for number in chunk.sentence_endnotes[s.index] if chunk.kind == "body" else []:
            ref = endnote_ref(self.documents, chunk.doc_id, number)
            if ref and number not in known:
                cit.endnotes.append(ref)
                known.add(number)
        return cit

    def list(self) -> list[Citation]:
        return list(self.by_chunk.values())


# a sentence that goes on about the one before: a pronoun, "The <noun>" naming its noun, a
# contrast or an example that qualifies it ("However, …", "For instance, …"), or its subject
# again with "also" ("Lee also …")
_BACK_REFERENCE = re.compile(r"^(?:It|Its|They|Their|He|She|His|Her)\b|^The ([a-z]\w+)\b")
_CONTRAST = re.compile(
    r"^(?:However|But|Yet|Still|Nevertheless|Even so|For (?:instance|example)|In particular)\b"
)
_SAME_SUBJECT = re.compile(r"^([A-Z]\w+)(?:\s+and\s+[A-Z]\w+)?\s+also\b")
# a part of what the sentence before counted: "By 2025, nine of them were running."
_PARTITIVE = re.compile(
    r"^(?:[^,.]{0,40},\s+)?(?:[\w-]+\s+){1,2}(?:of|among)\s+(?:them|these|those)\b"
)


def continues(previous: frozenset[str], text: str, *, part_only: bool = False) -> bool:
    """Whether ``text`` carries on from a sentence with stems ``previous``: "In 2024 the
    council published a report." → "It found that …" / "The report found that …" /
    "However, …" / "Nine of them …" (``part_only``: only the last)."""
    from briefing_bot.answering.lexicon import stems

    if _PARTITIVE.match(text):
        return True
    if part_only:
        return False
    if _CONTRAST.match(text):
        return True
    same = _SAME_SUBJECT.match(text)
    if same is not None:
        return bool(stems(same.group(1)) & previous)
    m = _BACK_REFERENCE.match(text)
    if m is None:
        return False
    return m.group(1) is None or bool(stems(m.group(1)) & previous)


def add_continuation(
    out: list[Picked], key: tuple[str, int], tokens: frozenset[str], *, part_only: bool = False
) -> None:
    """After the run of chosen sentences of ``out`` that starts at the sentence ``key`` (with
    stems ``tokens``), insert the next sentence of its passage when it :func:`continues`
    them and is not in ``out`` (``part_only``: only a part of what they counted)."""
    from briefing_bot.answering.lexicon import stems

    at = next(i for i, p in enumerate(out) if p.key == key)
    while at + 1 < len(out) and out[at + 1].key == (out[at].chunk.id, out[at].index + 1):
        at += 1  # the run of the passage's sentences that follows the lead
    chunk, after = out[at].chunk, out[at].index + 1
    texts = chunk.sentence_texts()
    known = {p.key for p in out}
    previous = tokens | frozenset(stems(out[at].text)) if out[at].key != key else tokens
    if (
        after < len(texts)
        and (chunk.id, after) not in known
        and continues(previous, texts[after], part_only=part_only)
    ):
        out.insert(at + 1, Picked(chunk, after, texts[after], out[at].score))


# a question that sets the documents of a corpus side by side: "do both reports …", "how do
# the two memos differ …", "… and how many each?"
_COMPARES = re.compile(
    r"\b(?:both|the two|each of|differ\w*|compar\w+|agree\w*|disagree\w*|versus|vs)\b"
    r"|\beach\s*(?:[?.!]|$)",
    re.IGNORECASE,
)


def compares(question: str) -> bool:
    """Does a question ask about the documents side by side?"""
    return _COMPARES.search(question) is not None


def other_documents(chosen: Sequence[Picked], ranked: Sequence[Any]) -> list[Picked]:
    """For a question comparing documents: the best-ranked body sentence of each document
    ``chosen`` has nothing from, in rank order (``ranked``: candidates, best first)."""
    have = {s.chunk.doc_id for s in chosen}
    out = []
    for c in ranked:
        if c.chunk.doc_id not in have and c.chunk.kind == "body":
            have.add(c.chunk.doc_id)
            out.append(Picked(c.chunk, c.index, c.text, c.prob))
    return out


def answer_sentence(text: str, chunk: Chunk) -> str:
    """A sentence as it goes into an answer: one line, endnote URLs dropped, a byline said."""
    text = " ".join(text.split())
    if chunk.kind == "about" and text.startswith("By "):
        # the About passage's byline ends with the publication date when there is one
        # ("By Jane Doe, 8 October 2026"): said as a date, not as part of the name
        name, date = split_dated_byline(text[3:].rstrip("."))
        return f"{chunk.title} is by {name}{f', published {date}' if date else ''}."
    if chunk.kind == "endnote":
        text = re.sub(r",?\s*https?://\S+", "", text).rstrip(" ,")
        if not text.endswith("."):
            text += "."
    return text


def trim(
    text: str,
    wanted: str | None,
    terms: set[str],
    max_words: int,
    person: Callable[[str], bool] | None = None,
) -> tuple[str, bool]:
    """A long sentence cut to the clauses holding the answer (``wanted`` type) and the most
    question words, marked with "…"; returns (text, whether it was cut). Never cuts away the
    clause holding the answer: when no clause holds it the sentence stays whole."""
    from briefing_bot.answering.lexicon import stems

    if len(text.split()) <= max_words or wanted is None:
        return text, False
    # never inside brackets: "Helen Marchbank MP (Labour; Eden Valley) (Chair)" is one clause
    inside = _bracketed(text)
    breaks = [m.end() for m in re.finditer(r"[,;—:]\s+", text) if not inside[m.start()]]
    cuts = [0, *breaks, len(text)]
    clauses = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]
    best: tuple[float, int, int] | None = None
    for i in range(len(clauses)):
        for j in range(i, len(clauses)):
            start, end = clauses[i][0], clauses[j][1]
            piece = text[start:end]
            if len(piece.split()) > max_words:
                break
            if not _holds(piece, wanted, person):
                continue
            # each further detail of the kind asked for counts: "14 vessels, 9 aircraft and
            # 1,100 personnel" is not cut after its first figure
            value = (
                len(terms & stems(piece))
                + 0.5 * _details(piece, wanted)
                - 0.02 * len(piece.split())
            )
            if best is None or value > best[0]:
                best = (value, start, end)
    if best is None:
        return text, False
    _, start, end = best
    piece = text[start:end].rstrip(" ,;—:")
    if start == 0 and end >= len(text):
        return text, False
    if _written_figure(text[:start] + " " + text[end:], wanted):
        # the part cut away holds a figure or date of the kind asked for: it may be the one
        # the question wants ("how many agreed?": "…; 87 percent of those asked agreed")
        return text, False
    return f"{'…' if start > 0 else ''}{piece}{'' if end >= len(text) else '…'}", True


def _bracketed(text: str) -> list[bool]:
    """For each character of ``text``: does it sit inside round or square brackets?"""
    depth, out = 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        out.append(depth > 0)
    return out


def _written_figure(text: str, wanted: str) -> bool:
    """Does ``text`` hold, in digits, a figure (for "how much/many") or a year (for "when")
    of the ``wanted`` kind? A figure in words ("five countries") is mostly an aside."""
    digits = " ".join(w for w in text.split() if any(ch.isdigit() for ch in w))
    if wanted in ("quantity", "percent"):
        return num.has_quantity(digits)
    if wanted in ("date", "year"):
        return any(n.startswith("year:") for n in num.canonical_numbers(digits))
    return False


def _details(piece: str, wanted: str) -> int:
    """How many details of the ``wanted`` kind ``piece`` holds beyond its first."""
    if wanted in ("quantity", "percent"):
        found = [n for n in num.canonical_numbers(piece) if not n.startswith("year:")]
    elif wanted in ("date", "year", "month"):
        found = [n for n in num.canonical_numbers(piece) if n.startswith("year:")]
    elif wanted in ("person", "org", "name", "place"):
        found = re.findall(r"(?<!^)\b[A-Z][a-z]+(?:\s+(?:[a-z]{1,3}\s+)?[A-Z][a-z]+)*", piece)
    else:
        return 0
    return max(0, len(found) - 1)


def _holds(piece: str, wanted: str, person: Callable[[str], bool] | None) -> bool:
    if wanted in ("quantity", "percent"):
        return num.has_quantity(piece)
    if wanted in ("date", "year"):
        return num.has_year(piece) or num.has_month(piece)
    if wanted == "month":
        return num.has_month(piece)
    if wanted == "person" and person is not None:
        return person(piece)
    if wanted in ("person", "org", "name", "place"):
        return bool(re.search(r"(?<!^)\b[A-Z][a-z]+|\b[A-Z]{2,}\b", piece.strip()))
    return True


_TYPE_WORDS = {
    "quantity": "figure",
    "percent": "figure",
    "date": "date",
    "year": "year",
    "month": "month",
    "person": "name",
    "org": "organisation",
    "name": "name",
    "place": "place",
}


def scope_name(documents: dict[str, Any]) -> str:
    """What was searched: the document's title when there is one document, else "the corpus"."""
    titles = [str(d.get("title") or "") for d in documents.values()]
    if len(titles) == 1 and titles[0]:
        return f"“{titles[0]}”"
    return "the corpus"


def refusal(
    scope: str,
    *,
    missing: Sequence[str] = (),
    wanted: str | None = None,
    asked: str = "",
    nearest: Picked | None = None,
    citations: Citations | None = None,
) -> str:
    """The refusal: what was searched and not found, then the closest passage, cited."""
    lead = scope[:1].upper() + scope[1:]
    if missing:
        names = ", ".join(f"“{m}”" for m in missing)
        text = f"{lead} doesn't cover this: it never mentions {names}."
    elif wanted in _TYPE_WORDS and asked and nearest is not None and not missing:
        text = f"{lead} doesn't cover this: it gives no {_TYPE_WORDS[wanted]} for {asked}."
    else:
        text = f"{lead} doesn't cover this."
    if nearest is not None and citations is not None:
        cit = citations.cite(nearest)
        quote = answer_sentence(nearest.text, nearest.chunk)
        text += f" The closest it says ({cit.locator}) is: “{quote}” [{cit.number}]"
    return text


def source_sentences(
    citations: Citations, chosen: Sequence[Picked], order: Sequence[Chunk]
) -> list[str]:
    """For "which source supports…": name each endnote of the cited sentences, citing the
    endnote passage itself."""
    parts = []
    notes = sorted(
        {
            (s.chunk.doc_id, n)
            for s in chosen
            if s.chunk.kind == "body"
            for n in s.chunk.sentence_endnotes[s.index]
        }
    )
    for doc_id, number in notes:
        note_chunk = next(
            (
                c
                for c in order
                if c.doc_id == doc_id
                and c.kind == "endnote"
                and c.section_path[-1] == f"Note {number}"
            ),
            None,
        )
        ref = endnote_ref(citations.documents, doc_id, number)
        if note_chunk is None or ref is None or note_chunk.id in citations.by_chunk:
            continue
        cit = citations.cite(Picked(note_chunk, 0, note_chunk.sentence_texts()[0]))
        if ref.title:
            parts.append(f"It rests on endnote {number}: {ref.label()} [{cit.number}].")
        else:
            parts.append(f"Endnote {number} adds: {_shorten(ref.text, 300)} [{cit.number}]")
    # a figure the text gives only in an endnote's later sentence ("… Of the 212 who
    # responded, 64 percent …"): the source is the note's opening, named with it
    for s in chosen:
        if s.chunk.kind != "endnote" or s.index == 0 or not s.chunk.section_path:
            continue
        opening = s.chunk.sentence_texts()[0]
        if any(opening in p for p in parts):
            continue
        cit = citations.cite(Picked(s.chunk, 0, opening))
        parts.append(f"{s.chunk.section_path[-1]} gives its source: {opening} [{cit.number}]")
    return parts


class _Placed(Protocol):
    @property
    def chunk(self) -> Chunk: ...
    @property
    def index(self) -> int: ...


_P = TypeVar("_P", bound=_Placed)


def similar(tokens: frozenset[str], others: list[frozenset[str]], jaccard: float) -> bool:
    """Does a sentence say what one already chosen says (word overlap above ``jaccard``)?"""
    return any(tokens and o and len(tokens & o) / len(tokens | o) > jaccard for o in others)


def reading_order(chosen: list[_P]) -> list[_P]:
    """The lead first, the sentences of its passage around it in text order, then the rest."""
    lead, rest = chosen[0], chosen[1:]
    same = sorted([s for s in rest if s.chunk.id == lead.chunk.id], key=lambda s: s.index)
    others = [s for s in rest if s.chunk.id != lead.chunk.id]
    return [
        *[s for s in same if s.index < lead.index],
        lead,
        *[s for s in same if s.index > lead.index],
        *others,
    ]
