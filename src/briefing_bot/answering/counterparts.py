"""Counterparts: a specific term of the question swapped for another of its kind.

A near miss often matches every word of the question but one: the corpus gives the figure
for one country and the question asks it for another, names one organisation where the
question names its sibling, one acronym for another. :func:`swapped` reads, for each
kind of specific term, whether the question names one that the best candidate — its
sentence, its paragraph, its section headings, in any spelling the corpus's alias and place
tables give — does not hold, while the best sentence holds a different term of that kind in
its place.

The kinds are read from data, never from any document's words: a **place** is a country, its
capital, demonym or other spelling (``countryinfo``, through :class:`~briefing_bot.
answering.lexicon.Lexicon`); an **acronym** is a word written in capitals (or typed in
lower case where the corpus writes it only in capitals: "gps"); a **name** is a
word the corpus writes only capitalised (never in lower case), read in the question in any
case, or a capitalised word of the question the corpus never uses; a **year** is a year.

Weighed by the question model as ``swap_known`` (a term the corpus says elsewhere, swapped
in the best sentence): the leave-one-document-out AUC of the question model rose .723 ->
.755 on 18 dev documents. At the former cut bandwidth it moved the fitted cut up; it is
shipped with the wider bandwidth that is the least cost with and without the nineteenth
document (``AnswerSettings.cut_bandwidth``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing_bot.answering.analysis import Question
from briefing_bot.answering.evidence import Candidate
from briefing_bot.answering.lexicon import Lexicon, fold, stems
from briefing_bot.answering.wording import english_word
from briefing_bot.retrieval import STOPWORDS

KINDS = ("place", "name", "acronym", "year")

# a word as written, hyphen kept, a possessive dropped ("Peru's" → "Peru")
_WORD = re.compile(r"(?<![\w'’-])([^\W\d_][\w’'-]*?)(?:['’]s)?(?![\w'’-])")
_YEAR = re.compile(r"^year:(\d{4})$")
_FIGURE_BEFORE = re.compile(r"\d\s?$")
_FIGURE_AFTER = re.compile(r"\s?\d")
# a month or weekday is a date's word, not a name, though the corpus writes it capitalised
_CALENDAR = frozenset(
    w.lower()
    for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name, *calendar.day_abbr)
    if w
)


@dataclass(frozen=True)
class Specific:
    """A specific term: its kind, the word(s) as written and every spelling that counts."""

    kind: str
    key: str  # folded
    spellings: tuple[str, ...]
    known: bool = True  # the corpus says it somewhere (in one of its spellings)


def _words(text: str) -> list[tuple[int, str]]:
    """(position, word) of a text's words, a possessive dropped."""
    return [(i, m.group(1)) for i, m in enumerate(_WORD.finditer(text))]


def _acronyms(text: str) -> list[str]:
    """Words written in capitals, but a unit or currency beside a figure ("EUR 4 million",
    "300 MW"): such a code is the figure's, not a name."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group(1)
        if _acronym(word) and not (
            _FIGURE_BEFORE.search(text[max(0, m.start() - 2) : m.start()])
            or _FIGURE_AFTER.match(text, m.end())
        ):
            out.append(word)
    return out


def _acronym(word: str) -> bool:
    bare = word[:-1] if word.endswith("s") and word[:-1].isupper() else word
    return len(bare) >= 2 and bare.isalpha() and bare.isupper()


def _name_word(word: str, lexicon: Lexicon, *, first: bool) -> bool:
    """A word of the name class: one the corpus writes only capitalised (any case here), or,
    capitalised but not the first word, one the corpus never uses."""
    low = word.lower()
    if (
        len(low) < 3
        or fold(word) in STOPWORDS
        or low in _CALENDAR
        or not word.replace("-", "").isalpha()
    ):
        return False
    if fold(word) in lexicon.words:
        # an English word typed in lower case ("statement") is no name, even where the
        # corpus writes it only in titles ("Joint Statement")
        if word[:1].islower() and english_word(low):
            return False
        return low not in lexicon.lower_words
    return word[:1].isupper() and not first


def question_specifics(q: Question, lexicon: Lexicon) -> list[Specific]:
    """The question's specific terms (its own words only, not ones a follow-up inherits)."""
    out: list[Specific] = []
    places = lexicon.places_in(q.text)
    for key in places:
        out.append(Specific("place", key, (key, *lexicon.places[key])))
    in_place = {w for k in places for w in k.split()}
    for n in sorted(q.numbers):
        if m := _YEAR.match(n):
            out.append(Specific("year", m.group(1), (m.group(1),)))
    codes = set(_acronyms(q.text))
    for i, word in _words(q.text):
        key = fold(word)
        if key in in_place or any(s.key == key for s in out):
            continue
        if _acronym(word) and word not in codes:
            continue
        if (own := stems(word)) and own <= lexicon.author_stems:
            continue  # "according to <the author>" names the document, not a counterpart
        spellings = (word, *lexicon.resolve(word))
        if word in codes or _typed_acronym(word, lexicon):
            out.append(Specific("acronym", key, spellings, _known(spellings, lexicon)))
        elif _name_word(word, lexicon, first=i == 0):
            out.append(Specific("name", key, spellings, _known(spellings, lexicon)))
    return out


def _typed_acronym(word: str, lexicon: Lexicon) -> bool:
    """A word typed in lower case that the corpus writes only in capitals ("gps" for its
    "GPS"): an acronym, of which the question's kind is acronym, not name."""
    keys = {fold(word), fold(word.removesuffix("s"))}  # "smes" for the corpus's "SMEs"
    return word.islower() and bool(keys & lexicon.upper_words) and not keys & lexicon.lower_words


def _known(spellings: Iterable[str], lexicon: Lexicon) -> bool:
    """Does the corpus say one of these spellings (every content word of it) somewhere?"""
    return any((s := stems(x)) and all(lexicon.known_stem(t) for t in s) for x in spellings)


def _held(spec: Specific, tokens: frozenset[str]) -> bool:
    return any((s := stems(x)) and s <= tokens for x in spec.spellings)


def sentence_specifics(text: str, lexicon: Lexicon) -> list[Specific]:
    """The specific terms a candidate sentence holds, by kind (a name must be written
    capitalised here: the sentence is the corpus's own text)."""
    out: list[Specific] = []
    places = lexicon.places_in(text)
    out.extend(Specific("place", k, (k,)) for k in places)
    in_place = {w for k in places for w in k.split()}
    for n in stems(text):
        if m := _YEAR.match(n):
            out.append(Specific("year", m.group(1), (m.group(1),)))
    codes = set(_acronyms(text))
    for _, word in _words(text):
        key = fold(word)
        if key in in_place:
            continue
        if _acronym(word) and word not in codes:
            continue
        if word in codes:
            out.append(Specific("acronym", key, (word,)))
        elif word[:1].isupper() and _name_word(word, lexicon, first=True):
            out.append(Specific("name", key, (word,)))
    return out


def scope_tokens(best: Sequence[Candidate], usable: Sequence[Candidate]) -> frozenset[str]:
    """What the best candidates hold: their sentences, their paragraphs (every candidate
    sentence of their passages: a constructed near miss reads its paragraph without the
    evidence) and their section headings."""
    chunks = {id(c.chunk): c.chunk for c in best}
    tokens: set[str] = set()
    for c in usable:
        if id(c.chunk) in chunks:
            tokens |= c.facts.tokens
    for chunk in chunks.values():
        tokens |= stems(" ".join(chunk.section_path))
    return frozenset(tokens)


def _neighbours(text: str, key: str, window: int) -> tuple[list[frozenset[str]], list[int]]:
    """The stems of a text's words and the positions of ``key``'s words (folded) in it."""
    words = [w for _, w in _words(text)]
    parts = set(key.split())
    return [frozenset(stems(w)) for w in words], [
        i for i, w in enumerate(words) if fold(w) in parts
    ]


def _in_slot(q_text: str, spec: Specific, lead: str, other: Specific, window: int) -> bool:
    """Does ``other`` stand in ``lead`` where ``spec`` stands in the question: within
    ``window`` words of a word that is within ``window`` words of ``spec`` there?"""
    q_stems, q_at = _neighbours(q_text, spec.key, window)
    near = frozenset().union(
        *(
            q_stems[j]
            for i in q_at
            for j in range(max(0, i - window), min(len(q_stems), i + window + 1))
            if j not in q_at
        )
    )
    l_stems, l_at = _neighbours(lead, other.key, window)
    return any(
        l_stems[j] & near
        for i in l_at
        for j in range(max(0, i - window), min(len(l_stems), i + window + 1))
    )


def swapped(
    q: Question,
    lead: str,
    scope: frozenset[str],
    lexicon: Lexicon,
    *,
    window: int | None = None,
) -> list[Specific]:
    """The question's specific terms that ``scope`` (the stems the best candidates, their
    paragraphs and headings hold) lacks in every spelling, while the ``lead`` sentence holds
    a different term of the same kind (one the question does not name; with ``window``, one
    standing where the question's stands: beside a word that is beside it in the question)."""
    if not lead or q.followup:
        return []
    asked = question_specifics(q, lexicon)
    missing = [s for s in asked if not _held(s, scope)]
    if not missing:
        return []
    mine = {fold(x) for s in asked for x in s.spellings}
    mine |= {x for s in asked for sp in s.spellings for x in stems(sp)}
    held = sentence_specifics(lead, lexicon)
    return [
        spec
        for spec in missing
        if any(
            h.kind == spec.kind
            and h.key not in mine
            and not (stems(h.key) & mine)
            and (window is None or _in_slot(q.text, spec, lead, h, window))
            for h in held
        )
    ]


def swapped_kinds(
    q: Question, lead: str, scope: frozenset[str], lexicon: Lexicon, *, window: int | None = None
) -> dict[str, float]:
    """:func:`swapped` by kind: 1.0 for each kind of which a term is swapped."""
    found = {s.kind for s in swapped(q, lead, scope, lexicon, window=window)}
    return {k: float(k in found) for k in KINDS}
