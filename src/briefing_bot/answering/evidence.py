"""Candidate sentences and the measured features the decision model weighs.

Everything per sentence that does not depend on the question (its stems, figures, dates,
names, where a list starts) is computed once when the answerer opens (:class:`SentenceFacts`);
per question only the comparison with the question is left. :func:`candidates` is reusable:
given a question and retrieved passages it returns every sentence with its features, and
:meth:`Evidence.score` adds the calibrated probability that the sentence answers; the question
side (answer or refuse) is :mod:`~briefing_bot.answering.question_features`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing_bot.answering import numbers as num
from briefing_bot.answering.analysis import Question, Term
from briefing_bot.answering.counted import asked_count, count_clash
from briefing_bot.answering.lexicon import Lexicon, fold, stems, unit_name
from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.answering.synonyms import WordMeaning
from briefing_bot.answering.wording import TYPED, english_word
from briefing_bot.chunking import Chunk
from briefing_bot.retrieval import Passage, tokenize

if TYPE_CHECKING:
    import numpy as np

# The features, in the order the calibration stores their weights.
SENTENCE_FEATURES = [
    "dense",  # cosine of question and sentence (MiniLM, precomputed sentence vectors)
    "coverage",  # idf-weighted share of the question's own words (aliases/places expanded)
    "context_coverage",  # the same for words a follow-up inherits from the history
    "rare_missing",  # the question's rarest word is not in the sentence
    "type_match",  # a typed question (who/when/how much…) and the sentence holds that type
    "type_missing",  # a typed question and the sentence does not
    "type_attached",  # coverage of the question's words near that figure/date/name
    "type_head",  # that figure/date/name sits next to the noun the question asks about
    "topic_lead",  # a question word among the sentence's first words (what it is about)
    "rank",  # 1 / retrieval rank of its passage
    "note",  # from an endnote that cites a work (supports claims, rarely answers)
    "about",  # from the byline/author note passage
    "defines",  # spells out an abbreviation the question uses, or defines a question word
    "entity_coverage",  # share of the names in the question (places resolved) it names too
    # log of the sentence's word count: the cosine favours a short sentence that restates the
    # question over the longer one that goes on to answer it (with it the listwise ranker put
    # the evidence first for 596 vs 572 of 864 dev questions, documents left out one at a time)
    "log_words",
    # a "how many X" question and every count here counts something else ("some 900 people"
    # for vehicles: answering/counted.py); LODO over the 19 dev documents, false abstentions
    # 134 -> 132 of 919, unanswerable refused 325 -> 333 of 428 (with its question feature)
    "count_clash",
]

_ORG_HEADS = re.compile(
    r"\b(?:University|Institute|Institution|Center|Centre|Council|Foundation|Service|Department|"
    r"Ministry|Agency|Office|Corporation|Company|Association|Academy|College|School|Laboratory|"
    r"Bank|Fund|Commission|Committee|Organization|Organisation|Forum|Group|Society|Board|Bureau)\b"
)
_CAUSAL = re.compile(
    r"\b(?:because|due to|since|as a result|owing to|driven by|in response to|reasons?|"
    r"motivated by|drivers?|stimulated by|fueled by|fuelled by|thanks to)\b",
    re.IGNORECASE,
)
_DEFINING = re.compile(
    r"\b(?:means|mean|refers to|is defined|defined as|as used here|denotes|involves)\b"
    r"|\([A-Z]{2,}s?\)"
)
_LONE_ONE = re.compile(
    r"(?i)one\b(?![\s-]+(?:thousand|million|billion|trillion|hundred|half|third|quarter|fifth))"
)
_FRACTION_WORD = re.compile(r"(?i)(?:half|thirds?|quarters?|fifths?)\b")
_ORDINAL_START = re.compile(
    r"^(?:(?:the|a|an)\s+)?(" + "|".join(num.ORDINALS) + r"|finally|lastly)\b", re.IGNORECASE
)
# what a count announces: up to three lower-case words ending in a plural ("reasons",
# "policy options", "broad sets of measures")
COUNTED_NOUN = r"(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*s"
_LIST_ANCHOR = re.compile(
    r"(?<![A-Z]\w )(?<![Tt]he )\b((?i:"
    + "|".join(w for w in num.WORD_VALUES if w not in ("one", "dozen", "hundred"))
    + rf"))\s+({COUNTED_NOUN})\b"
)


@dataclass
class SentenceFacts:
    """What a sentence holds, computed once."""

    tokens: frozenset[str]
    words: list[frozenset[str]]  # stems (and figures) per word position
    type_positions: dict[str, list[int]]  # answer type → word positions holding one
    ordinal: int | None  # "A second …" → 2
    anchor: tuple[int, frozenset[str]] | None  # "four types of …" → (4, stems of "types")


def sentence_facts(text: str, lexicon: Lexicon, kind: str) -> SentenceFacts:
    words = text.split()
    per_word = [frozenset(stems(w)) for w in words]
    positions: dict[str, list[int]] = {}

    def mark(kind_: str, test: object) -> None:
        hits = [i for i, w in enumerate(words) if callable(test) and test(w, i)]
        if hits:
            positions[kind_] = hits

    joined = [" ".join(words[max(0, i - 1) : i + 3]) for i in range(len(words))]
    # "one" is mostly a pronoun or part of a phrase ("one of", "one-way"), not a count
    mark(
        "quantity",
        lambda w, i: (
            num.has_quantity(joined[i])
            and (num.has_quantity(w + " x") or bool(_FRACTION_WORD.match(w)))
            and not _LONE_ONE.match(" ".join(words[i : i + 2]))
        ),
    )
    # "12%", "12 percent" and the British "12 per cent"
    mark(
        "percent",
        lambda w, i: (
            "%" in w
            or w.lower().startswith("percent")
            or (w.lower() == "per" and " ".join(words[i : i + 2]).lower().startswith("per cent"))
        ),
    )
    # a share said in words ("a third of", "more than half"): read by the rules as a percent
    mark("share", lambda w, i: bool(_FRACTION_WORD.match(w)) and num.has_percent(joined[i]))
    mark("year", lambda w, i: num.has_year(w))
    mark("month", lambda w, i: num.has_month(w))
    persons = [p for p in lexicon.persons if p in text]
    # a person: a full name the corpus uses, or the surname alone ("Aalto discusses…")
    hits = [
        i
        for i, w in enumerate(words)
        if re.sub(r"(?:['’]s)?[^\w]*$", "", w) in lexicon.surnames
        or any(w.startswith(p.split()[0]) for p in persons)
    ]
    if hits or kind == "about":
        if kind == "about":
            hits = hits or list(range(len(words)))
        positions["person"] = hits
    # an institution: a name headed by University, Institute… or an abbreviation the corpus
    # defines as one
    org_short = {fold(a.short) for a in lexicon.aliases if _ORG_HEADS.search(a.long)}
    orgs = [i for i, w in enumerate(words) if _ORG_HEADS.search(w) or fold(w) in org_short]
    if orgs:
        positions["org"] = orgs
    places = [i for i, w in enumerate(words) if lexicon.places.get(re.sub(r"[^\w]", "", w).lower())]
    if places:
        positions["place"] = places
    named = [i for i, w in enumerate(words) if i > 0 and (w[:1].isupper() or w[:1] in '“"')]
    if named:
        positions["name"] = named
    if _CAUSAL.search(text):
        positions["reason"] = [
            i for i, w in enumerate(words) if _CAUSAL.search(" ".join(words[i : i + 2]))
        ]
    if _DEFINING.search(text):
        positions["definition"] = [0]
    if num.has_month(text) or num.has_year(text):
        positions["date"] = positions.get("year", []) + positions.get("month", [])
    m = _ORDINAL_START.match(text)
    ordinal = None
    if m:
        word = m.group(1).lower()
        ordinal = num.ORDINALS.index(word) + 1 if word in num.ORDINALS else 99
    anchor = None
    a = _LIST_ANCHOR.search(text)
    if a:
        anchor = (num.WORD_VALUES[a.group(1).lower()], frozenset(tokenize(a.group(2))))
    return SentenceFacts(frozenset(stems(text)), per_word, positions, ordinal, anchor)


@dataclass
class Candidate:
    """A sentence of a retrieved passage with its features and calibrated probability."""

    chunk: Chunk
    index: int
    text: str
    rank: int
    kind: str  # body, about, note (commentary endnote) or citation (endnote citing a work)
    facts: SentenceFacts
    features: dict[str, float] = field(default_factory=dict)
    prob: float = 0.0

    @property
    def key(self) -> tuple[str, int]:
        return (self.chunk.id, self.index)


def matches(term: Term, tokens: frozenset[str]) -> bool:
    """Does a sentence with ``tokens`` say ``term`` in one of its spellings?"""
    return any(alt <= tokens for alt in term.alternatives)


def term_weight(term: Term, lexicon: Lexicon) -> float:
    """idf of the term, or of its best-known alternative when the corpus lacks the word."""
    known = [lexicon.idf(t) for alt in term.alternatives for t in alt if lexicon.known_stem(t)]
    return max(known) if known else lexicon.idf(term.stem)


def unknown_share(q: Question, lexicon: Lexicon) -> float:
    """idf share of the question's own words that neither the corpus nor an alias has (a
    clipped word, "sats" where the corpus says "satellites", it has)."""
    own = q.own_terms
    if not own:
        return 0.0
    weights = [term_weight(t, lexicon) for t in own]
    unknown = [
        w
        for t, w in zip(own, weights, strict=True)
        if not t.clipped
        and not any(all(lexicon.known_stem(s) for s in alt) for alt in t.alternatives)
    ]
    return sum(unknown) / (sum(weights) or 1.0)


_PUBLICATION = re.compile(
    r"\b(?:published|publish|updated|issued|released|report|statement|fact sheet|article|"
    r"put out|title|titled|op-ed|piece|press release)\b",
    re.IGNORECASE,
)


def citation_may_answer(q: Question) -> bool:
    """An endnote citing a work answers "which source…" and "when was that report
    published/updated?"; for anything else it is a reference, not an answer."""
    asked = f"{q.text} {q.previous_question}"
    # a full date in the question ("on 21 May 2022") points at a dated document
    return q.kind == "source" or bool(_PUBLICATION.search(asked)) or num.has_full_date(asked)


def expected_type(q: Question) -> str | None:
    """The kind of token the answer must hold (None for open questions)."""
    if q.kind == "authorship":
        return "person"
    if q.kind == "quantity" and re.search(
        r"\b(?:percentage|percent|per cent|share|proportion)\b|\bwhat %", q.text, re.I
    ):
        return "percent"
    if q.kind == "date" and re.search(r"\b(?:year)\b", q.text, re.I):
        return "year"
    if q.kind in TYPED:
        return q.kind
    return None


def _entity_share(entity_terms: Sequence[Sequence[Term]], tokens: frozenset[str]) -> float:
    """The share of the question's names ``tokens`` hold (each name by the share of its
    words); 1.0 when the question names nothing."""
    if not entity_terms:
        return 1.0
    return sum(sum(matches(t, tokens) for t in e) / len(e) for e in entity_terms) / len(
        entity_terms
    )


def candidates(
    q: Question,
    passages: Sequence[Passage],
    vectors: dict[str, np.ndarray],
    qvec: np.ndarray,
    *,
    lexicon: Lexicon,
    facts: Mapping[tuple[str, int], SentenceFacts],
    kinds: dict[str, str],
    settings: AnswerSettings,
    meaning: WordMeaning | None = None,
) -> list[Candidate]:
    """Every sentence of ``passages`` with its features (see ``SENTENCE_FEATURES``);
    ``meaning``: an asked noun's word not said next to a figure, date or name counts when a
    word there is close to it in meaning ("boats" beside the text's "ships")."""
    own = [(t, term_weight(t, lexicon)) for t in q.terms if not t.context]
    ctx = [(t, term_weight(t, lexicon)) for t in q.terms if t.context]
    own_total = sum(w for _, w in own) or 1.0
    ctx_total = sum(w for _, w in ctx) or 1.0
    # the question's words the corpus uses somewhere: a word it never uses (slang, a verb of
    # the question's own) cannot be next to any figure, so it is no test of one
    known = [(t, w) for t, w in own if t.known_to(lexicon)]
    rarest = max(known, key=lambda tw: tw[1])[0] if known else None
    wanted = expected_type(q)
    own_numbers = {n for n in q.numbers if not n.startswith("year:")}
    entity_stems = frozenset(stems(" ".join(q.entities)))
    entity_passage = settings.entity_passage
    # each name of the question as the terms that spell it (with their aliases and places)
    entity_terms = [
        [t for t in q.terms if t.stem in set(tokenize(e))] for e in q.entities if tokenize(e)
    ]
    entity_terms = [e for e in entity_terms if e]
    # the noun a name is asked for, without the names that only qualify it
    head = (q.head - entity_stems) or q.head if wanted in _NAMED else q.head
    by_stem = {t.stem: t for t in q.terms}
    head_terms = {h: by_stem.get(h) or Term(h, [frozenset({h})]) for h in head}
    head_known = {h: t.known_to(lexicon) for h, t in head_terms.items()}
    known_head = [h for h in head if head_known[h]]
    aliases = [
        lexicon.alias_by_short.get(fold(e)) or lexicon.alias_by_short.get(fold(e).rstrip("s"))
        for e in q.entities
    ]
    defined = [a for a in aliases if a is not None]
    known_total = sum(w for _, w in known) or 1.0
    # a head word the corpus never uses (nor any other spelling of it) cannot be there: it
    # weighs double
    head_total = sum(1 if head_known[h] else 2 for h in head)

    # the places the asked noun names (their words) and every spelling of each
    place_heads = [
        (words, [sp for x in (k, *lexicon.places[k]) if (sp := frozenset(stems(x)))])
        for k in lexicon.places_in(q.text)
        if (words := frozenset(stems(k))) and words <= frozenset(head)
    ]
    asks_duration = wanted == "quantity" and bool(_HOW_LONG.search(q.text))
    # each asked word as the question writes it, for its meaning
    written = {s: w for w in re.findall(r"[\w’'-]+", q.text) for s in tokenize(w)}
    # "how many X": the noun a count must count (counted.py)
    count_words = asked_count(q.text) if wanted == "quantity" else None
    count_terms = [
        by_stem.get(s) or Term(s, [frozenset({s})]) for s in tokenize(" ".join(count_words or []))
    ]
    count_terms += [
        Term(u, [frozenset(tokenize(name))])
        for w in count_words or []
        if (name := unit_name(w)) and (u := "-".join(tokenize(name)))
    ]
    if count_words and not any(
        t.known_to(lexicon) or english_word(w) for t in count_terms for w in count_words
    ):
        # a counted noun the corpus never uses that is no English word either (slang, a
        # shorthand: "how many ppl died…") is no test of what a count counts; an English
        # one is ("how many jobs…" where the text counts no jobs: on the dev split two such
        # near misses against one shorthand)
        count_words = None
    written_numbers = frozenset(n.replace(",", "") for n in re.findall(r"\d[\d,.]*\d|\d", q.text))

    def counts_asked(got: frozenset[str]) -> bool:
        return any(_said_or_clipped(t, got, t.known_to(lexicon)) for t in count_terms)

    # the rules' reading: a figure said inside the asked noun ("a two hundred dollar
    # transfer") is the figure's words, not the noun's: the text may write it "$200"
    read_head = [h for h in head if not _figure_word(written.get(h, h))] or list(head)
    read_total = sum(1 if head_known[h] else 2 for h in read_head)

    def head_near(got: frozenset[str], nearby: Sequence[str] = (), *, read: bool = False) -> bool:
        """Are at least half the asked noun's words among the stems ``got``? ``read``: the
        rules' reading, which also takes a word the corpus never uses (by its weight) as the
        start of a longer word ("sats" in "satellites") or, with ``nearby`` (the words as
        written there), as a word close to it in meaning."""
        if not read:
            return sum(matches(head_terms[h], got) for h in head) * 2 >= head_total
        # a place in the asked noun said in another of its spellings ("new delhi" by the
        # text's "Indian"): its words count as said
        placed = frozenset(
            h
            for words, spellings in place_heads
            if any(sp <= got for sp in spellings)
            for h in words
        )
        found = sum(
            (1 if head_known[h] else 2)
            * (
                h in placed
                or _said_or_clipped(head_terms[h], got, head_known[h])
                or (
                    not head_known[h]
                    and bool(nearby)
                    and meaning is not None
                    and meaning.close(written.get(h, h), nearby)
                )
            )
            for h in read_head
        )
        return found * 2 >= read_total

    out: list[Candidate] = []
    for p in passages:
        chunk = p.chunk
        kind = kinds.get(chunk.id, chunk.kind)
        mat = vectors.get(chunk.id)
        dense = mat @ qvec if mat is not None else None
        heading = frozenset(stems(" ".join(chunk.section_path)))
        # the words of the sentence before, if any (their union is taken only when needed)
        before_words: Sequence[frozenset[str]] = ()
        earlier: frozenset[str] = frozenset()  # the passage's sentences before this one
        for i, text in enumerate(chunk.sentence_texts()):
            f = facts.get((chunk.id, i)) or sentence_facts(text, lexicon, chunk.kind)
            tokens = f.tokens | heading if kind != "body" else f.tokens
            cov = sum(w for t, w in own if matches(t, tokens))
            cov += settings.heading_weight * sum(
                w for t, w in own if not matches(t, tokens) and matches(t, heading)
            )
            ctx_cov = sum(w for t, w in ctx if matches(t, tokens)) / ctx_total if ctx else 0.0
            typed = wanted is not None
            where = f.type_positions.get(wanted or "", [])
            if wanted in _NAMED and where:
                # a name the question itself says is not the answer ("Which institute is
                # Nadia Rasolofo at?" is not answered by "Nadia Rasolofo")
                where = [j for j in where if not (f.words[j] and f.words[j] <= entity_stems)]
            if wanted in ("quantity", "percent") and where and own_numbers:
                # the figure the question itself states is not the one it asks for ("how
                # many jobs has the $140bn created?" is not answered by "$140bn")
                where = [j for j in where if not _states(text, j, own_numbers)]
            if wanted == "date":
                where = where or f.type_positions.get("year", [])
            if wanted == "person" and kind == "about":
                where = list(range(len(f.words)))
            attached = cover = 0.0
            if where:
                near: set[int] = set()
                for pos in where:
                    near.update(
                        range(
                            max(0, pos - settings.attach_window), pos + settings.attach_window + 1
                        )
                    )
                window = frozenset().union(*(f.words[j] for j in near if j < len(f.words)))
                attached = sum(w for t, w in own if matches(t, window)) / own_total
                cover = sum(w for t, w in known if matches(t, window)) / known_total
                # ... as long as the asked noun's words the corpus does use are there too
                # ("how much *cargo* went through…" is not answered by a count of transits)
                if 2 * sum(matches(head_terms[h], window) for h in known_head) < len(known_head):
                    cover = 0.0
            head_hit = head_set_up = head_read = 0.0
            # the rules also read a share said in words ("a third of") as a percent
            read_at = where
            if wanted == "percent":
                read_at = sorted({*where, *f.type_positions.get("share", [])})
            elif asks_duration and YEAR_SPAN.search(text):
                # ... and a time asked ("how long did she run it?") as the span of years
                # that gives it ("from 2017 to 2021")
                read_at = sorted({*where, *f.type_positions.get("year", [])})
            if read_at and head and wanted not in ("person", "org"):
                # at least half the asked noun's words within reach of one figure/date/name
                span = settings.name_window if wanted == "name" else settings.attach_window
                reach = [
                    frozenset().union(*f.words[max(0, pos - span) : pos + span + 1])
                    for pos in where
                ]
                head_hit = float(any(head_near(got) for got in reach))
                # the asked noun written otherwise (clipped, another word of its meaning):
                # what the rules read, not the models
                said = text.split()
                head_read = head_hit or float(
                    any(
                        head_near(
                            frozenset().union(*f.words[max(0, pos - span) : pos + span + 1]),
                            said[max(0, pos - span) : pos + span + 1],
                            read=True,
                        )
                        for pos in read_at
                    )
                )
                if head_hit:
                    head_set_up = 1.0
                elif before_words:
                    before = frozenset().union(*before_words)
                    head_set_up = float(any(head_near(got | before) for got in reach))
            elif where:
                # a name: most of what the sentence matches is said next to it
                head_hit = float(attached >= max(0.5 * cov / own_total, settings.min_name_support))
                head_read = head_hit
            lead_tokens = frozenset().union(*f.words[:4]) if f.words else frozenset()
            features = {
                "dense": float(dense[i]) if dense is not None else 0.0,
                "coverage": cov / own_total,
                "context_coverage": ctx_cov,
                # the question's rarest known word is not here (or none of its words is known)
                "rare_missing": float(
                    (rarest is not None and not matches(rarest, tokens))
                    or (bool(own) and not known)
                ),
                "type_match": float(typed and bool(where)),
                "type_missing": float(typed and not where),
                "type_attached": attached if typed else 0.0,
                "type_head": head_hit if typed else 0.0,
                # not a model feature: type_head as the rules read it (decision.strict_gap)
                "type_head_read": head_read if typed else 0.0,
                # not a model feature: type_head with the sentence before's words counted too
                # (what lets a set-up sentence's next sentence join it, selection.py)
                "type_head_set_up": head_set_up if typed else 0.0,
                # not a model feature: the share of the question's known words next to the
                # figure/date asked for (what :func:`question_features` reads as support when
                # the asked noun itself is not there)
                "type_cover": cover if typed else 0.0,
                # every count here counts something else than the "how many" question's
                # noun (question_features reads it of the best candidate too)
                "count_clash": float(
                    bool(count_words)
                    and count_clash(
                        count_words or [],
                        text,
                        counts_asked,
                        meaning.close if meaning is not None else None,
                        written_numbers,
                    )
                ),
                "topic_lead": float(any(matches(t, lead_tokens) for t, _ in own)),
                "rank": 1.0 / max(1, p.rank),
                "note": float(kind == "citation" and q.kind != "source"),
                "about": float(kind == "about"),
                "log_words": math.log(max(1, len(f.words))),
                "entity_coverage": _entity_share(entity_terms, tokens),
                # not a model feature: the same with its section's heading, which may give
                # the name ("California: groundwater …" over "the 21 basins classed as
                # critically overdrafted"): what question_features' type_entity_gap reads
                "entity_headed": _entity_share(
                    entity_terms, tokens | heading | (earlier if entity_passage else frozenset())
                ),
                "defines": float(
                    any(a.short in text and a.long_stems <= tokens for a in defined)
                    or (q.kind == "definition" and cov > 0 and bool(_DEFINING.search(text)))
                ),
            }
            out.append(Candidate(chunk, i, text, p.rank, kind, f, features))
            before_words = f.words
            earlier = earlier | f.tokens
    return out


_NAMED = frozenset({"person", "org", "name", "place"})


# an ordered item's own number at the start of its sentence: "3. Fund the …"
ITEM_NUMBER = re.compile(r"^(\d{1,2})[.)]\s")


def list_counts(text: str) -> list[int]:
    """Every count a sentence announces ("three reasons", "four policy options" → 3, 4)."""
    return [num.WORD_VALUES[a.group(1).lower()] for a in _LIST_ANCHOR.finditer(text)]


_HOW_LONG = re.compile(r"\bhow\s+long\b", re.IGNORECASE)
# a span of years: "2019-2024", "2017 to 2021", "between 2019 and 2024"
YEAR_SPAN = re.compile(
    r"\b((?:1[89]|20)\d{2})\s*(?:[-–—/]|\s(?:and|to|until|through|till)\s)\s*((?:1[89]|20)\d{2})\b",
    re.IGNORECASE,
)
_SCALE_WORDS = frozenset({"thousand", "million", "billion", "trillion"})


def _figure_word(word: str) -> bool:
    """A number written in digits or words ("200", "two", "hundred", "million")."""
    low = word.lower().strip("'’")
    return (
        low.replace(",", "").replace(".", "").isdigit()
        or low in num.WORD_VALUES
        or low in _SCALE_WORDS
    )


def _said_or_clipped(term: Term, got: frozenset[str], known: bool) -> bool:
    """Does ``got`` say ``term``, or, for a word the corpus never uses (three letters or
    more), a longer word it starts ("sats" → "satellites", "demo" → "demonstration")?"""
    if matches(term, got):
        return True
    return (
        not known
        and len(term.stem) >= 3
        and any(len(x) > len(term.stem) and x.startswith(term.stem) for x in got)
    )


def _states(text: str, position: int, numbers: set[str]) -> bool:
    """Does the figure at word ``position`` of ``text`` say one of ``numbers``?"""
    words = text.split()
    window = " ".join(words[max(0, position - 1) : position + 3])
    return bool(num.canonical_numbers(window) & numbers)
