"""The answer-or-refuse features of a question, read from its best candidates.

:func:`question_features` turns a question and its ranked candidates (from
:func:`~briefing_bot.answering.evidence.candidates`, each scored by the sentence model) into the
features the question model weighs (:data:`QUESTION_FEATURES`), plus the few flags the hard
rules of :mod:`~briefing_bot.answering.decision` read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from briefing_bot.answering.analysis import Question, Term
from briefing_bot.answering.counterparts import scope_tokens, swapped
from briefing_bot.answering.evidence import (
    ITEM_NUMBER,
    Candidate,
    citation_may_answer,
    expected_type,
    list_counts,
    matches,
    term_weight,
    unknown_share,
)
from briefing_bot.answering.lexicon import Lexicon, fold, stems
from briefing_bot.answering.numbers import quoted_figure, small_number
from briefing_bot.retrieval import STOPWORDS
from briefing_bot.text import ORDINALS

_FIGURES = frozenset({"quantity", "percent", "date", "year", "month"})

# English ordinals ("the second call"): a question naming one is not answered by a sentence
# about another ("the third call")
_ORDINAL = re.compile(r"\b(" + "|".join(ORDINALS) + r"|1st|2nd|3rd|[4-9]th)\b", re.IGNORECASE)
_ORDINAL_VALUE = {
    **{w: i + 1 for i, w in enumerate(ORDINALS)},
    **{"1st": 1, "2nd": 2, "3rd": 3},
    **{f"{i}th": i for i in range(4, 10)},
}
# English nouns that ask for a figure without "how much/many" ("what would X cost?", "what
# % of…", "the annual fee"): grammar, not any document's vocabulary
_MEASURE = re.compile(
    r"(?:\b(?:costs?|prices?|fees?|rates?|ratio|share|percentage|percent|proportion|capacity|"
    r"voltage|budget|amount|total|value|size|length|speed|duration|revenue|salary|wage)\b|%)",
    re.IGNORECASE,
)
# "I" as the asker (after a question word or auxiliary, or opening the question), not a
# numeral ("Phase I"); "my", "I'm"…; or the moment the question is asked
_ASKER = re.compile(
    r"(?:^|\b(?:do|does|did|can|could|should|would|will|shall|may|might|must|am|have|where|how"
    r"|what|when|why|if|and|so|then)\s+)i\b|\b(?:my|mine|i'm|i've|i'd|i'll)\b"
    r"|\b(?:tonight|this weekend|right now)\b",
    re.IGNORECASE,
)
# a request's own opening frame is no question about the asker: "I'd like to know…", "can I
# get…"
_REQUEST_FRAME = re.compile(
    r"^\s*(?:(?:hi|hello|ok|okay|so|and|also|please)[,!]?\s+)?"
    r"(?:i'd like|i would like|i want|i need|i'm (?:looking for|curious|trying to find)"
    r"|i am (?:looking for|curious)|i wonder|i was wondering"
    r"|(?:can|could|may) i (?:get|have|ask|see)"
    r"|let me (?:know|see)|help me (?:understand|find))\b"
    r"(?: (?:to|about) (?:know|understand|find out|learn|ask|see)\b)?",
    re.IGNORECASE,
)
_SHARE = re.compile(r"%|\b(?:share|percentage|percent|proportion)\b", re.IGNORECASE)

QUESTION_FEATURES = [
    "top_prob",  # the best sentence's probability (as a logit)
    "top_dense",  # its cosine
    "type_gap",  # a typed question (figure, date, name…) and none of the best three candidates
    # holds that type next to the noun asked about
    "gap_prob",  # top_prob when there is such a gap (lets the model discount it then)
    "entity_missing",  # share of the question's names the best sentence does not name
    "head_unknown",  # the noun the question asks about is a word the corpus never uses
    "top_rare_missing",  # the best sentence lacks the question's rarest word the corpus has
    "unknown_share",  # share of the question's weight in words the corpus lacks
    "partial_entity",  # a name in the question the corpus has only in part
    "unknown_number",  # a figure in the question the corpus never states
    "entity_unknown",  # share of the question's names the corpus never mentions at all
    "head_rare_missing",  # the best sentence lacks the rarest word (the corpus has) of the noun
    # asked about: "the *bigeye* spawning biomass" answered with the yellowfin's
    "type_entity_gap",  # a typed question naming something, and none of the best candidates
    # holding the figure/date/name asked for names it (the figure is someone else's)
    "places_only",  # a question naming only places, with a word the corpus never uses, whose
    # best candidates share none of its other words: "the weather in <city> this weekend?"
    "ordinal_clash",  # the question names an ordinal ("the second call") and the best sentence
    # names others, not it ("the third call")
    "measure_gap",  # a figure asked for by its noun, not "how much" ("what would X cost?",
    # "what % of…"), and the best sentence holds none next to that noun or the noun asked about
    "para_coverage",  # idf-weighted share of the question's own words in the best sentence's
    # paragraph (its candidate sentences): the answer often sits beside the sentence that
    # matches, and a near miss's paragraph lacks the words its best sentence lacks
    "ordinal_beyond",  # the question asks for the n-th item ("the fifth recommendation", "and
    # the fourth one?") and the best candidates announce fewer ("three reasons"), numbering
    # no item n or later
    "swap_known",  # a specific term of the question (a place, a name, an acronym, a year)
    # that the corpus says somewhere but the best candidate (its sentence, paragraph,
    # headings) never does in any spelling, while its sentence holds another of that kind:
    # the fact is that other place's, organisation's, year's (counterparts.py); unless
    # another of the best candidates holds what is asked without such a swap
    "asker_bound",  # the question is about the asker or the moment of asking ("how do I…",
    # "my bill", "tonight", "this weekend", "right now"): a document speaks to neither
    "count_clash",  # a "how many X" question whose best sentence counts only other things
    # ("how many vehicles…" and "some 900 people"): its figure is not for X (counted.py)
]
# What each question feature means for "the corpus answers": +1 more likely, -1 less.
QUESTION_SIGNS = {
    "top_prob": 1,
    "top_dense": 1,
    "type_gap": -1,
    "gap_prob": -1,
    "entity_missing": -1,
    "head_unknown": -1,
    "top_rare_missing": -1,
    "unknown_share": -1,
    "partial_entity": -1,
    "unknown_number": -1,
    "entity_unknown": -1,
    "head_rare_missing": -1,
    "type_entity_gap": -1,
    "places_only": -1,
    "ordinal_clash": -1,
    "measure_gap": -1,
    "para_coverage": 1,
    "ordinal_beyond": -1,
    "swap_known": -1,
    "asker_bound": -1,
    "count_clash": -1,
}
# the features read off the question alone, equal in a constructed near miss and its question
# (fitted on real questions only: answering/nearmiss.py)
QUESTION_ONLY = (
    "head_unknown",
    "unknown_share",
    "partial_entity",
    "unknown_number",
    "entity_unknown",
    "asker_bound",
)


def question_features(
    q: Question,
    ranked: Sequence[Candidate],
    lexicon: Lexicon,
    *,
    partial_entity: bool,
    missing: Sequence[str] = (),
    top_n: int = 3,
    cover_support: float = 0.6,
    measure_window: int = 12,
) -> dict[str, float]:
    """The answer-or-refuse features of a question, from its best candidates (plus
    ``strict_gap``, ``year_gap`` and ``place_gap``, which rules read, not the model: see
    :func:`~briefing_bot.answering.decision.hard_refusal`)."""
    usable = [c for c in ranked if c.kind != "citation" or citation_may_answer(q)]
    by_stem = {t.stem: t for t in q.terms}
    top = usable[0] if usable else None
    wanted = expected_type(q)
    typed = wanted is not None
    # does one of the best candidates hold the figure/date/name next to the noun asked about?
    # (A figure or date with most of the question's known words around it answers too: the
    # noun the question was parsed to ask about may be its verb or its slang, "how much cash
    # does the plan want for the rescue fund?")
    support = max((c.features["type_head"] for c in usable[:top_n]), default=0.0)
    # the rule reads the asked noun written otherwise too (evidence.candidates: a clipped
    # word, a word close in meaning, a share said in words); the model the plain match
    read = max(
        (c.features.get("type_head_read", c.features["type_head"]) for c in usable[:top_n]),
        default=0.0,
    )
    covered = wanted in _FIGURES and any(
        c.features.get("type_cover", 0.0) >= cover_support for c in usable[:top_n]
    )
    prob = min(max(top.prob, 1e-6), 1 - 1e-6) if top else 1e-6
    unknown = unknown_share(q, lexicon)
    # where the year a question names must be said: the best candidate, or (a question asking
    # for a figure, date or name) one of the best holding what is asked next to the noun asked
    # about; a year said beside some other figure ("… in 2024 produced 49,000 t; … in 2023
    # collected USD 5.1 bn") does not date the answer
    holding = usable[1:top_n]
    if typed:
        holding = [
            c
            for c in holding
            if c.features["type_head"] >= 1.0
            or (wanted in _FIGURES and c.features.get("type_cover", 0.0) >= cover_support)
        ]
    dated = usable[:1] + holding
    # a specific term of the question the best candidate holds another of its kind in place of
    swaps = swapped(q, top.text, scope_tokens(usable[:1], usable), lexicon) if top else []
    # ... unless another of the best, holding what is asked, puts none of the question's terms
    # otherwise in its own sentence and headings ("18.4 percent in 2015" where the best says
    # 2040): then the swap is the ranking's, not the corpus's. (Dev, 22 documents: ten
    # refused answerable questions answered, three near misses answered; asking that one to
    # hold the swapped term itself answered two fewer answerable ones and refused no more
    # near misses, to clear the sentence model's threshold kept three of the ten and one of
    # the three.)
    if any(s.known for s in swaps) and any(
        not any(s.known for s in swapped(q, c.text, scope_tokens([c], [c]), lexicon))
        for c in holding
    ):
        swaps = []
    return {
        "top_prob": math.log(prob / (1 - prob)),
        "top_dense": top.features["dense"] if top else 0.0,
        "type_gap": (1.0 - support) if typed else 0.0,
        "gap_prob": math.log(prob / (1 - prob)) * (1.0 - support) if typed else 0.0,
        "entity_missing": 1.0 - top.features["entity_coverage"] if top else 1.0,
        # another spelling of the noun counts (a capital for its country, an abbreviation,
        # a clipped word)
        "head_unknown": float(
            bool(q.head)
            and not any(by_stem[h].clipped for h in q.head if h in by_stem)
            and not any(
                all(lexicon.known_stem(x) for x in alt)
                for h in q.head
                for alt in (by_stem[h].alternatives if h in by_stem else [frozenset({h})])
            )
        ),
        "top_rare_missing": top.features["rare_missing"] if top else 1.0,
        "unknown_share": unknown,
        "partial_entity": float(partial_entity),
        "unknown_number": float(any(n not in lexicon.df for n in q.numbers if not small_number(n))),
        "entity_unknown": len(missing) / len(q.entities) if q.entities else 0.0,
        "head_rare_missing": _head_rare_missing(q, top, lexicon),
        "places_only": _places_only(q, usable[:top_n], lexicon),
        "ordinal_clash": _ordinal_clash(q, top),
        "measure_gap": _measure_gap(q, top, wanted, measure_window),
        "para_coverage": _para_coverage(q, top, usable, lexicon),
        "ordinal_beyond": _ordinal_beyond(q, usable[:top_n]),
        "swap_known": float(any(s.known for s in swaps)),
        "asker_bound": asker_bound(q.text),
        "count_clash": top.features.get("count_clash", 0.0) if top else 0.0,
        "type_entity_gap": (
            1.0
            - max(
                (
                    c.features.get("entity_headed", c.features["entity_coverage"])
                    for c in usable[:top_n]
                    # the asked noun written otherwise ("sats") counts, as for the rule
                    if c.features.get("type_head_read", c.features["type_head"])
                ),
                default=0.0,
            )
            if typed and q.entities
            else 0.0
        ),
        # no best candidate holds what is asked next to the noun asked about, nor a figure or
        # date with most of the question's known words around it: the rule that refuses
        # reads this (decision.strict_gap), the model the softer type_gap
        "strict_gap": float(typed and read < 1.0 and not covered),
        # the same gap read word for word (no paraphrase): which questions the question model
        # is fitted on (calibration.question_rows)
        "strict_gap_plain": float(typed and support < 1.0 and not covered),
        # a question of its own (no follow-up) sharing no word with the corpus: read by
        # decision.no_evidence with the nearest sentence's cosine
        "nothing_known": float(bool(q.own_terms) and not q.followup and unknown >= 1.0),
        # a place a question asking for a figure or date names that neither the best
        # candidate nor another of the best holding what is asked says, while the best says
        # another place: read by decision.place_gap ("the fee in <country>?" is not answered
        # by another country's fee)
        "place_gap": float(wanted in _FIGURES and _place_gap(q, dated, lexicon)),
        # a year the question names that none of the best candidates (nor their section
        # headings) states: "the catch in 2024" is not answered by a 2023 figure
        "year_gap": float(
            any(
                not any(
                    year in c.facts.tokens or year in stems(" ".join(c.chunk.section_path))
                    for c in dated
                )
                for year in (n.partition(":")[2] for n in q.numbers if n.startswith("year:"))
            )
        ),
    }


def asker_bound(text: str) -> float:
    """1 for a question about the asker or the moment of asking ("can I see it from London
    tonight?", "how do I lower my bill?"): what a briefing's documents cannot speak to."""
    return float(bool(_ASKER.search(_REQUEST_FRAME.sub(" ", text.replace("’", "'")))))


def _para_coverage(
    q: Question, top: Candidate | None, usable: Sequence[Candidate], lexicon: Lexicon
) -> float:
    """idf-weighted share of the question's own words said in the best candidate's paragraph:
    the candidates from its passage together (a constructed near miss, without its evidence
    sentences, reads its paragraph without them too)."""
    own = q.own_terms
    if top is None or not own:
        return 0.0
    # one passage's sentences share its chunk object (evidence.candidates)
    tokens = frozenset().union(*(c.facts.tokens for c in usable if c.chunk is top.chunk))
    weights = [term_weight(t, lexicon) for t in own]
    held = sum(w for t, w in zip(own, weights, strict=True) if matches(t, tokens))
    return held / (sum(weights) or 1.0)


def _head_rare_missing(q: Question, top: Candidate | None, lexicon: Lexicon) -> float:
    """1 when the best sentence lacks the rarest corpus word of the noun asked about."""
    if top is None:
        return 1.0
    by_stem = {t.stem: t for t in q.terms}
    head = [by_stem.get(h) or Term(h, [frozenset({h})]) for h in q.head]
    known = [t for t in head if t.known_to(lexicon)]
    if not known:
        return 0.0
    weight = max(term_weight(t, lexicon) for t in known)
    # words of equal weight tie: missing means lacking every one of them (in no set's order)
    rarest = [t for t in known if term_weight(t, lexicon) == weight]
    return float(not any(matches(t, top.facts.tokens) for t in rarest))


def _places_only(q: Question, best: Sequence[Candidate], lexicon: Lexicon) -> float:
    """1 when a question of its own names only places and asks about other words, one of
    which the corpus never uses, and none of the best candidates has any of those words
    (in any spelling, or as the start of a longer word: "lab" in "laboratory"): they meet
    the question on a place name alone ("the weather in <city> this weekend?")."""
    if q.followup or not q.entities or not best:
        return 0.0
    if not all(fold(e) in lexicon.places for e in q.entities):
        return 0.0
    names = frozenset(stems(" ".join(q.entities)))
    other = [t for t in q.own_terms if t.stem not in names]
    unknown = any(not t.known_to(lexicon) for t in other)
    tokens = frozenset().union(*(c.facts.tokens for c in best))
    met = any(
        matches(t, tokens) or (len(t.stem) >= 3 and any(x.startswith(t.stem) for x in tokens))
        for t in other
    )
    return float(unknown and not met)


# a word as written, possessive and hyphen kept ("peru's", "guinea-bissau"): read for places
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")


def _said(spellings: Sequence[str], tokens: frozenset[str]) -> bool:
    """Does a sentence with ``tokens`` say one of ``spellings`` (every content word of it)?"""
    return any((s := stems(x)) and s <= tokens for x in spellings)


def _place_gap(q: Question, best: Sequence[Candidate], lexicon: Lexicon) -> bool:
    """The question names a place the corpus knows, in any case (the question's analysis
    takes a lower-case "ecuador" for no name), that none of ``best`` says in any of its
    spellings (the country for its capital, its people's name…), while the first of them
    says another place the corpus knows: its figure is that other place's."""
    if not best or q.followup:
        return False
    words = [fold(w) for w in _WORD.findall(q.text)]
    asked: list[str] = []
    for n in (3, 2, 1):  # the longest place first: "papua new guinea", not "guinea"
        for i in range(len(words) - n + 1):
            part = words[i : i + n]
            key = " ".join(part)
            # a place spelled like a common word ("us") is not read as one
            if all(part) and key in lexicon.places and key not in STOPWORDS:
                asked.append(key)
                words[i : i + n] = [""] * n  # not read again as a shorter place
    if not asked:
        return False
    if any(_said([k, *lexicon.places[k]], c.facts.tokens) for k in asked for c in best):
        return False
    mine = {x for k in asked for x in (k, *lexicon.places[k])}
    return any(k not in mine and _said([k], best[0].facts.tokens) for k in lexicon.places)


def _ordinals(text: str) -> set[int]:
    return {_ORDINAL_VALUE[m.group(1).lower()] for m in _ORDINAL.finditer(text)}


def _ordinal_clash(q: Question, top: Candidate | None) -> float:
    """1 when a question of its own names an ordinal ("when is the second plant due?") and
    the best sentence names ordinals, none of them that one ("the first of its two plants")."""
    if top is None or q.followup or q.ordinal is not None:
        return 0.0  # an ordinal that points into the conversation is resolved elsewhere
    asked = _ordinals(q.text)
    # an ordinal word is its own stem ("second", "3rd"): read from the sentence's tokens
    said = {v for w, v in _ORDINAL_VALUE.items() if w in top.facts.tokens}
    return float(bool(asked) and bool(said) and not asked & said)


def _ordinal_beyond(q: Question, best: Sequence[Candidate]) -> float:
    """1 when the question asks for the n-th of something (an ordinal it says, or one that
    points into the conversation) and the best candidates announce counts, all below n,
    while none of them numbers an item n or later ("7. …", "the seventh …"): a list of three
    has no fourth reason."""
    asked = _ordinals(q.text)
    if q.ordinal is not None and q.ordinal > 0:  # -1: "the last one"
        asked.add(q.ordinal)
    if not asked or not best:
        return 0.0
    n = max(asked)
    counts = [k for c in best for k in list_counts(c.text)]
    items = [v for c in best for v in _ordinals(c.text)]
    items += [int(m.group(1)) for c in best if (m := ITEM_NUMBER.match(c.text.lstrip()))]
    return float(bool(counts) and max(counts) < n and not any(i >= n for i in items))


def _measure_gap(q: Question, top: Candidate | None, wanted: str | None, window: int) -> float:
    """1 when a question with no answer type asks for a figure by its noun ("what would the
    bridge cost?", "what % of output…") and the best sentence holds no figure (a share, for
    a share asked) within ``window`` words of that noun or of the noun asked about."""
    found = _MEASURE.search(q.text)
    quotes = q.kind == "source" and any(quoted_figure(n) for n in q.numbers)
    if wanted is not None or found is None or quotes:
        # a typed question's figure is the answer-type features' business; a source question
        # quotes its figure ("which study is the 24% share from?"), it asks for none
        return 0.0
    if top is None:
        return 1.0
    kinds = ("percent",) if _SHARE.search(q.text) else ("quantity", "percent")
    nouns = frozenset(stems(found.group(0))) | q.head
    figures = [i for k in kinds for i in top.facts.type_positions.get(k, [])]
    at = [i for i, w in enumerate(top.facts.words) if w & nouns]
    return float(not any(abs(i - j) <= window for i in figures for j in at))
