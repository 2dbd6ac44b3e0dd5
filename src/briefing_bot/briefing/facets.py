"""A topic's *facet*: "risks of X", "obstacles to X", "why X" ask for the risks, the obstacles,
the reasons — an aspect of the subject X, not X in general.

The facet tells which of the document's lists the topic asks for: a list announced as "three
obstacles" (its items "The first is…", "The second obstacle…") is the answer to "obstacles to
X" when it is among X's candidate sentences, however little its items repeat X's words.

This module holds the one facet vocabulary: :data:`FACET_NOUNS` (what the composer reads as a
facet and :mod:`~briefing_bot.briefing.absence` never counts as a subject word) and its subset
:data:`REQUEST_FACETS` (the facets that make "what are the X of Y" a briefing request in
:mod:`~briefing_bot.briefing.requests`).

Generic English only (the nouns that name an aspect of a subject); nothing about a corpus.

The list is all the facet does. Weighing a facet topic's candidates toward sentences that
express the facet was measured and not kept: each facet given a plain-English sense ("a
danger: this could cause serious harm, damage or losses…"), embedded with the sentences'
model, the thirteen dev documents' leave-one-document-out fact groups (scorer refitted per
fold; 360 of 464, 90 of the 145 of the 38 facet requests, before) came to: the sentence's
closeness to the sense added to its relevance (weight 0.2, 0.5, 1.0) 355/87, 357/92, 348/82;
its paragraph's closeness (0.3, 0.8) 360/91, 355/89; the query leaned toward the sense (0.2,
0.4, 0.7) 359/88, 358/89, 354/85; either closeness as a feature of the point scorer 357/90
(paragraph), 355/86 (sentence); the facet word left out of the topic's words 353/85; a facet
topic's value P(fact) ** 0, 0.25, 1 (not 0.5) 352/82, 354/84, 358/88; a list announced as a
synonym of the facet ("threats" for "risks") 359/89; the bottom line the candidate closest
to the sense 359–361. Within the facet requests' candidates neither the sense, nor a
direction fitted on the sentence vectors (leave-one-document-out, a request's fact sentences
against its other candidates), nor modal, negative, causal or harm words raised the fitted
scorer's ranking (AUC .711) by more than .007: a facet request's facts are its subject's
figures, names and statements wherever they sit; 118 of its 145 are among the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from briefing_bot.retrieval import tokenize


def _forms(*pairs: str) -> frozenset[str]:
    """Each "singular/plural" pair (or a lone word) as its forms."""
    return frozenset(form for pair in pairs for form in pair.split("/"))


# The facets that route "what are the X of Y" to the composer. The rest of the facets stay
# plain questions there ("what are the costs of X?" asks for a figure, not a briefing).
REQUEST_FACETS = _forms(
    "risk/risks", "challenge/challenges", "prospect/prospects", "opportunity/opportunities",
    "obstacle/obstacles", "outlook", "implication/implications", "limitation/limitations",
    "weakness/weaknesses",
)  # fmt: skip
# Nouns that name an aspect of a subject rather than a subject ("the risks of X").
FACET_NOUNS = REQUEST_FACETS | _forms(
    "threat/threats", "danger/dangers", "barrier/barriers", "hurdle/hurdles",
    "consequence/consequences", "lesson/lessons", "benefit/benefits", "cost/costs",
    "reason/reasons", "cause/causes", "driver/drivers", "limit/limits",
    "limitation/limitations", "weakness/weaknesses", "strength/strengths", "problem/problems",
    "disagreement/disagreements", "difference/differences", "criticism/criticisms",
    "effect/effects", "impact/impacts",
)  # fmt: skip


def alternation(words: frozenset[str]) -> str:
    """``words`` as a regex alternation, longest first (a plural before its singular)."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_FACET = re.compile(
    # one modifier word of any kind may precede the facet: the dev topics say "water risks of
    # X" and "climate risks to Y", which a list of "main", "key", "major"… would miss
    r"^(?:the\s+)?(?:[a-z]+\s+)?"
    rf"(?P<facet>{alternation(FACET_NOUNS)})\s+"
    r"(?:of|for|to|facing|from|on|ahead\s+for|behind|between|in)\s+\S",
    re.IGNORECASE,
)
_WHY = re.compile(r"^why\s+\S", re.IGNORECASE)


def facet_of(topic: str) -> str | None:
    """The facet noun a topic asks for ("risks"; "reasons" for "why X"), if it asks for one.

    Example:
        >>> facet_of("risks of orbital congestion")
        'risks'
        >>> facet_of("why prices stayed high")
        'reasons'
        >>> facet_of("cable repair capacity") is None
        True
    """
    text = " ".join(topic.split())
    m = _FACET.match(text)
    if m:
        return m.group("facet").lower()
    return "reasons" if _WHY.match(text) else None


def facet_stems(topic: str) -> frozenset[str]:
    """The stems of the facet a topic asks for (what a list's announced noun is compared
    with): {"risk"} for "risks of X", none for a topic without a facet."""
    facet = facet_of(topic)
    return frozenset(tokenize(facet)) if facet is not None else frozenset()


# a name in a topic: a capitalised word after its first ("risks for Lowland's ports")
_NAMED = re.compile(r"(?<=\s)[A-Z][\w'’-]*")


def subject_terms(
    topic: str,
    df: Callable[[str], int],
    passages: int,
    share: float,
    spellings: Callable[[str], Sequence[str]] = lambda name: (),
) -> set[str]:
    """The names of a facet topic's subject that occur in at most ``share`` of the corpus's
    ``passages`` (``df``: in how many each occurs): "ukrain" for "prospects for Ukraine's
    exporters", not "export", and not a name the whole document says. Empty for a topic
    without a facet, or without such a name. The other ``spellings`` the corpus uses for a
    name (a country's capital: "Kyiv" for "Ukraine") count as the name."""
    facet = facet_stems(topic)
    if not facet:
        return set()
    names = _NAMED.findall(" ".join(topic.split()))
    words = tokenize(" ".join(names))
    subject = {t for t in dict.fromkeys(words) if t not in facet and 0 < df(t) <= share * passages}
    if subject:
        for name in names:
            if set(tokenize(name)) & subject:
                subject.update(t for other in spellings(name) for t in tokenize(other) if df(t))
    return subject


def subject_steer(
    terms: Sequence[frozenset[str]],
    paragraphs: Sequence[object],
    subject: set[str],
    penalty: float,
) -> list[float]:
    """Each sentence's relevance factor for a facet topic's ``subject`` words: 1 for a
    sentence that holds one, ``1 - penalty / 2`` for one whose paragraph does, ``1 - penalty``
    for the rest. What lifts a sentence besides its own words (its passage, section and
    neighbours) is blind to the subject: "prospects for X's exporters" lifted every sentence of
    a section on exporters, X's own paragraph among the others."""
    if not subject or not penalty:
        return [1.0] * len(terms)
    holds = [bool(t & subject) for t in terms]
    held = {p for p, h in zip(paragraphs, holds, strict=True) if h}
    if not held:
        return [1.0] * len(terms)
    return [
        1.0 if h else (1.0 - penalty / 2 if p in held else 1.0 - penalty)
        for p, h in zip(paragraphs, holds, strict=True)
    ]
