"""Near misses the fitted decision lets through, refused by hard rules on what would be quoted.

The question model weighs how well the best candidates meet a question; it cannot see that the
sentences about to be quoted are about *another* subject than the one asked:

* :func:`place_elsewhere`: a question asking about a place ("who runs payment systems at the
  central bank in <capital>?") whose answer would be a sentence about another place, while
  neither it nor its paragraph names the place asked in any spelling (the country for its
  capital, its people's name): the text says that for the other place, not for this one;
* :func:`places_never_named`: a question naming a country (or its people) that the corpus
  never names in any spelling;
* :func:`about_elsewhere`: the byline and author note quoted for a question that is not about
  the document or its author, shares none of its words with that note but places, and has a
  word the corpus never uses ("who won <country>'s election?"): the note is there because it
  names the country.

These are rules, not features of the fitted model: a feature moves every fold's cut and flips
questions elsewhere, a rule fires only where the evidence shows what is asked for is absent.
Each refusal still says what the text does say, cited. Only generic English is known here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing_bot.answering.analysis import Question
from briefing_bot.answering.compose import Citations, Picked, answer_sentence
from briefing_bot.answering.lexicon import Lexicon, named_places, stems, world_places
from briefing_bot.answering.lists import FactsOf
from briefing_bot.answering.wording import WH

# a question opening with its question word ("who …", "in which year …"): a yes/no question
# ("is <city> part of …?") may be answered by what the text says instead of the place
_WH_QUESTION = re.compile(
    rf"^\W*(?:(?:for|from|in|on|at|by|with|to|and|so|but)\s+)?{WH}\b", re.IGNORECASE
)
# words that make a question one about the document itself
_DOCUMENT_WORDS = frozenset(
    stems("paper document article text memo report brief speech interview author writer")
)
# "where's she based?": a question about a person the text or the chat names, maybe the author
_PERSON_PRONOUN = re.compile(r"\b(?:she|he|her|his|him|hers)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Elsewhere:
    """What a refused question asked about (``asked``, a place as a reader would write it,
    or empty) and what the text speaks of instead (``other``: another place, or empty for
    the author note); ``nearest``: the sentence to quote."""

    asked: str
    other: str
    nearest: Picked


def _says(tokens: frozenset[str], spellings: Iterable[str]) -> bool:
    """Does a text with ``tokens`` say one of ``spellings`` (every content word of it)?"""
    return any((s := stems(x)) and s <= tokens for x in spellings)


def _shown(key: str) -> str:
    """A folded place key as a name ("san salvador" → "San Salvador")."""
    return " ".join(w[:1].upper() + w[1:] for w in key.split())


def place_elsewhere(
    text: str, chosen: Sequence[Picked], lexicon: Lexicon, facts: FactsOf
) -> Elsewhere | None:
    """The question (``text``, standing on its own, opening with its question word) names a
    place the corpus knows, in any case; none of the ``chosen`` sentences, their paragraphs,
    section headings or document titles says it in any spelling; and the first of them says
    another place: what it says holds for that other place."""
    if not chosen or not _WH_QUESTION.match(text):
        return None
    asked = lexicon.places_in(text)
    if not asked:
        return None
    spellings = {x for k in asked for x in (k, *lexicon.places[k])}
    for s in chosen:
        around = f"{s.chunk.title} {' '.join(s.chunk.section_path)} {s.chunk.text}"
        if _says(facts(s.chunk, s.index).tokens, spellings) or _says(
            frozenset(stems(around)), spellings
        ):
            return None
    # the first chosen sentence naming a place: a lead naming none ("Its figures show that
    # shortages rose in every large member state") is followed by the one that does
    for s in chosen:
        lead = facts(s.chunk, s.index).tokens
        named = [k for k in lexicon.places if _says(lead, [k])]
        if named:
            other = next((k for k in named if k not in spellings), None)
            return None if other is None else Elsewhere(_shown(asked[0]), _shown(other), s)
    return None


def about_elsewhere(q: Question, chosen: Sequence[Picked], lexicon: Lexicon) -> Elsewhere | None:
    """The answer would open with the document's byline or author note (its ``about``
    passage) for a question standing on its own that is not about the document or its
    author (no word naming the document, no name the note gives, no "she" or "he" who may
    be the author), that shares none of its words with the note but places and has a word
    the corpus never uses: the note was found for a place it names ("who won <country>'s
    election?")."""
    if not chosen or q.followup or q.kind == "authorship" or chosen[0].chunk.kind != "about":
        return None
    if _PERSON_PRONOUN.search(q.text):
        return None
    note = chosen[0].chunk
    words = frozenset(stems(q.text))
    if words & _DOCUMENT_WORDS or words & frozenset(stems(note.text)) & lexicon.author_stems:
        return None
    places = {s for k in lexicon.places_in(q.text) for s in stems(k)}
    said = frozenset(stems(note.text)) - stems(note.title) - _DOCUMENT_WORDS
    own = [t for t in q.own_terms if t.stem not in places]
    if any(t.stem in said or any(a and a <= said for a in t.alternatives) for t in own):
        return None
    if all(t.known_to(lexicon) for t in own):
        return None
    return Elsewhere(" and ".join(_shown(k) for k in lexicon.places_in(q.text)), "", chosen[0])


def places_never_named(q: Question, lexicon: Lexicon) -> list[str]:
    """The countries a question standing on its own names (by name or demonym, in any case:
    "what do remittances to <country> cost?") that the corpus never writes in any spelling
    (its capital included), as written: nothing it says is about them. A capital is no test:
    it may stand for an institution seated there ("what does Brussels require?")."""
    if q.followup:
        return []
    world = named_places(q.text, world_places())
    return [_shown(k) for k in world if k not in lexicon.places and not lexicon.has_phrase(k)]


def refusal(scope: str, found: Elsewhere, citations: Citations) -> str:
    """The refusal, quoting what the text says instead: "<scope> says nothing on this for
    <asked>. The closest it says (…) is about <other>: “…” [n]", or, for the author note,
    "<scope> doesn't cover this: it names <asked> only in its note on the author (…): “…”"."""
    lead = scope[:1].upper() + scope[1:]
    cit = citations.cite(found.nearest)
    quote = f"“{answer_sentence(found.nearest.text, found.nearest.chunk)}” [{cit.number}]"
    if found.other:
        return (
            f"{lead} says nothing on this for {found.asked}. The closest it says "
            f"({cit.locator}) is about {found.other}: {quote}"
        )
    if found.asked:
        return (
            f"{lead} doesn't cover this: it names {found.asked} only in its note on the "
            f"author ({cit.locator}): {quote}"
        )
    return f"{lead} doesn't cover this; the closest is its note on the author: {quote}"
