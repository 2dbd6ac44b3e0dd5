"""Question analysis: what is asked (the answer type and the noun it is about, from
:mod:`~briefing_bot.answering.wording`), which words carry the question, whether it leans on the
conversation (:mod:`~briefing_bot.answering.turns`), and its parts.

Only generic English is known here — question words, pronouns, ordinals — never anything about
a corpus; the corpus's own words come from the :class:`~briefing_bot.answering.lexicon.Lexicon`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from briefing_bot.answering.lexicon import Lexicon, fold, named_places, world_places, world_regions
from briefing_bot.answering.numbers import WORD_VALUES, canonical_numbers
from briefing_bot.answering.spelling import Correction
from briefing_bot.answering.turns import (
    DEMONSTRATIVE,
    depends_on_history,
    history_turns,
    listed_item_reference,
    ordinal_reference,
)
from briefing_bot.answering.types import History
from briefing_bot.answering.wording import (
    AUXILIARY,
    FRAME,
    TOPIC,
    WH,
    WORD_TOKENS,
    answer_type,
    english_word,
    head_stems,
    head_words,
    names_in,
    normalise,
)
from briefing_bot.retrieval import STOPWORDS, tokenize

_SOURCE_FRAME = frozenset(
    tokenize(
        "source sources cite cites cited citation claim claims statement support supports "
        "supported back backs backed evidence reference references endnote endnotes footnote "
        "based rest rests figure come comes came "
        # the kind of source asked for: "which study is the 24% share from?"
        "study studies survey surveys paper papers report reports publication publications "
        "document documents dataset datasets"
    )
)
_COUNT = re.compile(
    r"\b(" + "|".join(w for w in WORD_VALUES if w not in ("one", "dozen", "hundred")) + r"|\d{1,2})"
    r"\s+(?:[a-z-]+\s+){0,2}?([a-z-]+s)\b",
    re.IGNORECASE,
)


@dataclass
class Term:
    """A content word of the question with the other spellings that count as it."""

    stem: str
    alternatives: list[frozenset[str]] = field(default_factory=list)  # any one set matches
    context: bool = False  # inherited from the previous question
    # a word the corpus never uses, no English word, that starts one it does ("sats" for
    # "satellites", "fert"): known to the corpus, though not matched by spelling
    clipped: bool = False

    def known_to(self, lexicon: Lexicon) -> bool:
        """Does the corpus use the term in one of its spellings?"""
        return any(all(lexicon.known_stem(x) for x in alt) for alt in self.alternatives)


@dataclass
class Question:
    """One question (or one part of a multi-part question), analysed."""

    text: str  # as asked (cleaned)
    query: str  # what is searched and embedded: resolved against the history when it depends on it
    kind: str  # answer type: person, date, quantity, list, definition, source, general, …
    terms: list[Term]
    count: int | None = None  # "the four types" → 4
    counted: str | None = None  # what is counted ("types")
    entities: list[str] = field(default_factory=list)  # capitalised names in the question
    numbers: set[str] = field(default_factory=set)  # canonical figures in the question
    followup: bool = False
    ordinal: int | None = None  # "the third one" → 3; -1 for "the last"
    previous_question: str = ""
    previous_answer: str = ""
    asked: str = ""  # the noun phrase the answer is about, for refusal wording
    head: frozenset[str] = frozenset()  # stems of the noun the figure/date/name must be about

    @property
    def own_terms(self) -> list[Term]:
        return [t for t in self.terms if not t.context]


_WH = WH
# an auxiliary, or the word after "how" ("how much", "how long"), after a question word
_AUXILIARY = rf"(?:{AUXILIARY}|had|much|many|long|big|large|far|old|often|soon|'s|’s)"
# where a second question starts inside one sentence: "…, and how much…", "… and when?"
# a request ("… and summarise it"); a yes/no second half ("… and is it still …?") stays
# with the first, whose words it needs (split apart, it measured worse on the dev split)
_ASKS = r"(?:summari[sz]e|explain|describe)\b"
# (the white space before the conjunction is taken from its start: trying it from inside a run
# of spaces cost quadratic time)
_JOINT = re.compile(
    rf",?(?<!\s)\s+(?:and|but|also|plus)\s+(?:also\s+)?(?=(?:(?:for|from|in|on|at|by|with|to)\s+)?"
    rf"{_WH}\b|{_ASKS})",
    re.IGNORECASE,
)
_SECOND = re.compile(
    rf"^(?:(?:for|from|in|on|at|by|with|to)\s+)?{_WH}(?:\s+[\w'’-]+){{0,2}}?\s+{_AUXILIARY}\b"
    rf"|^(?:(?:for|from|in|on|at|by|with|to)\s+)?{_WH}(?:\s+[\w-]+)?\s*\??$"
    rf"|^{_WH}['’](?:s|re)\b|^who\s+\w+|^{_ASKS}",
    re.IGNORECASE,
)
_ALSO = re.compile(r"^(?:and|also|but|then|plus)\b[\s,]*(?:also\b[\s,]*)?", re.IGNORECASE)


def _questions_in(piece: str) -> list[str]:
    """One sentence's questions: "who wrote X and what do they recommend?", "when and
    where?", "A; B", "what is A vs what is B"."""
    both = re.match(rf"^({_WH})\s+and\s+({_WH})\s*\??$", piece, re.IGNORECASE)
    if both:
        return [f"{both.group(1)}?", f"{both.group(2)}?"]
    # (a separator's white space is taken from its start: from inside a run, quadratic)
    for separator in (r";\s+", r"(?<!\s)\s+(?:vs\.?|versus)\s+"):
        halves = re.split(separator, piece, maxsplit=1)
        if len(halves) == 2 and all(re.match(rf"{_WH}\b", h.strip(), re.I) for h in halves):
            return [*_questions_in(halves[0]), *_questions_in(halves[1])]
    for m in _JOINT.finditer(piece):
        right = piece[m.end() :].strip()
        if len(piece[: m.start()].split()) >= 2 and _SECOND.match(right):
            return [piece[: m.start()].rstrip(" ,"), *_questions_in(right)]
    return [piece]


def split_parts(text: str, max_parts: int = 3) -> list[str]:
    """A multi-part question's parts: "A? And B?", "who wrote X and what do they say?",
    "when … and how much …?", "A; B", "X - when and where?" (each part keeps the topic X)."""
    topic = None
    m = TOPIC.match(text.strip())
    if m and re.search(rf"\b{_WH}\b", m.group("rest"), re.IGNORECASE):
        topic, body = m.group("topic").strip(), m.group("rest")
    else:
        body = text
    pieces = [p.strip() for p in re.split(r"(?<=\?)\s+(?=\S)", body) if p.strip()]
    parts: list[str] = []
    for piece in pieces:
        parts.extend(q for q in _questions_in(piece) if q.strip(" ?"))
    if len(parts) < 2:
        return [text]
    out = []
    for i, raw in enumerate(parts):
        part = (_ALSO.sub("", raw) if i else raw).strip().rstrip("?. ")
        if topic and topic.lower() not in part.lower():
            part = f"{part} — {topic}"  # "X - when and where?": each part about X
        out.append(part[:1].upper() + part[1:] + "?")
    return out[:max_parts]


def analyse(
    text: str,
    history: History,
    lexicon: Lexicon | None = None,
    *,
    max_followup_terms: int = 1,
    places: bool = True,
    lower_names: bool = True,
) -> Question:
    """Analyse one question (or part) against the chat so far (``places``: a place typed
    otherwise than the corpus names it is read as the corpus's name, :func:`read_places`;
    ``lower_names``: names typed in lower case count as names, :func:`names_in_lower_case`)."""
    text = normalise(text)
    if places:
        # a capital or longer name for a country the corpus names otherwise ("Canberra" in a
        # text that says Australia) is read as the corpus's name in every feature, not only
        # in the search
        text, _ = read_places(text, lexicon)
    kind = answer_type(text)
    count = counted = None
    m = _COUNT.search(text)
    if (
        m and len(text[: m.start()].split()) <= 5
    ):  # "what are the four types…", not "…the two governments"
        word = m.group(1).lower()
        count = int(word) if word.isdigit() else WORD_VALUES.get(word)
        counted = m.group(2).lower()
        if kind in ("general", "definition", "quantity") and not re.match(
            r"^how (?:much|many)\b", text, re.I
        ):
            kind = "list"
    entities = _entities(text, lexicon, lower_names=lower_names)
    if (
        kind == "person"
        and (m := _WHO_IS.match(text))
        and fold(m.group(1)) in {fold(e) for e in entities}
    ):
        kind = "general"  # "who is jane roe?" asks who she is, as with capitals (answer_type)
    own = _terms(text, kind, lexicon)
    previous_q, previous_a = history_turns(history)
    followup = bool(previous_q) and (
        depends_on_history(text, len(own), max_followup_terms)
        or listed_item_reference(text, previous_q, previous_a) is not None
    )
    # figures written out as the corpus writes them ("$140bn" → "140 billion"), searched too
    # (expanding abbreviations and places here as well measured worse on the dev split)
    query = " ".join([_placed(text, lexicon), *_spelled(text, None)])
    terms = list(own)
    if followup:
        query = f"{query} {previous_q}"
        seen = {t.stem for t in own}
        for t in _terms(previous_q, answer_type(previous_q), lexicon):
            if t.stem not in seen:
                t.context = bool(own)  # "who wrote it?": the topic is all inherited
                terms.append(t)
                seen.add(t.stem)
    words = head_words(text, joined=True, noun_only=True)
    asked = " ".join(words) if any(w[:1].isalpha() for w in words) else ""
    return Question(
        text=text,
        query=query,
        kind=kind,
        terms=terms,
        count=count,
        counted=counted,
        entities=entities,
        numbers=canonical_numbers(text),
        followup=followup,
        ordinal=ordinal_reference(text) if followup else None,
        previous_question=previous_q if followup else "",
        previous_answer=previous_a if followup else "",
        asked=asked,
        # "when was *that report* updated?": the noun is the one the history talked about
        head=frozenset() if followup and DEMONSTRATIVE.search(text) else head_stems(text),
    )


def _placed(text: str, lexicon: Lexicon | None) -> str:
    """``text`` with each place name the corpus never writes replaced by the country the
    corpus names for it ("what did Canberra spend" → "what did australia spend"): what is
    searched reads as the text does (appending the country instead measured worse)."""
    if lexicon is None:
        return text

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        key = fold(word)
        if not word[:1].isupper() or key in lexicon.words:
            return word
        places = lexicon.places.get(key)
        return places[0] if places else word

    return WORD_TOKENS.sub(swap, text)


def _spelled(text: str, lexicon: Lexicon | None) -> list[str]:
    """The corpus's spellings of the question's abbreviations and places, and its figures
    written out ("$140bn" → "140 billion"), for the search."""
    out: list[str] = []
    if lexicon is not None:
        for word in dict.fromkeys(WORD_TOKENS.findall(text)):
            out.extend(x for x in lexicon.resolve(word) if x.lower() not in text.lower())
    for number in sorted(canonical_numbers(text)):
        kind, _, raw = number.partition(":")
        value = float(raw)
        if kind == "num" and value >= 1e6:
            scale, name = (1e12, "trillion") if value >= 1e12 else (1e9, "billion")
            if value < 1e9:
                scale, name = 1e6, "million"
            out.append(f"{value / scale:g} {name}")
    return list(dict.fromkeys(out))


def _terms(text: str, kind: str, lexicon: Lexicon | None) -> list[Term]:
    stems = tokenize(text)
    frame = FRAME | (_SOURCE_FRAME if kind == "source" else frozenset())
    # a figure is matched in its canonical form ("$140bn" = "USD 140 billion"), not as a word
    kept = [s for s in stems if s not in frame and not any(ch.isdigit() for ch in s)]
    # what a contraction leaves is no content word ("can't", "t"; "who'd", "d"), nor a
    # lone letter the corpus never uses as a word ("Malé's" read as "mal", "s")
    clitics = _contraction_stems(text)
    kept = [
        s
        for s in kept
        if s not in clitics and (len(s) > 1 or (lexicon is not None and lexicon.known_stem(s)))
    ]
    if lexicon is not None and kind not in ("authorship", "person"):
        kept = [s for s in kept if s not in lexicon.author_stems]
    terms: dict[str, Term] = {}
    for stem in kept:
        terms.setdefault(stem, Term(stem, [frozenset({stem})]))
    for number in canonical_numbers(text):
        alternatives = [frozenset({number})]
        if number.startswith("num:"):  # "the 50/30/20" may be "50 percent, 30 percent…"
            alternatives.append(frozenset({"pct:" + number[4:]}))
        terms.setdefault(number, Term(number, alternatives))
    if lexicon is None:
        return list(terms.values())
    folded = f" {fold(text)} "
    for word in set(WORD_TOKENS.findall(text)):
        others = lexicon.resolve(word)
        if not others:
            continue
        own = tokenize(word)
        key = own[0] if own else fold(word)
        term = terms.setdefault(key, Term(key, [frozenset({key})]))
        for other in others:
            alt = frozenset(tokenize(other))
            if alt and alt not in term.alternatives:
                term.alternatives.append(alt)
    # a place named in two or three words ("New Delhi", "Port Vila"): each of its words also
    # matches the country it stands for
    for phrase in _place_phrases(text, lexicon):
        for word_term in (terms[s] for s in tokenize(phrase) if s in terms):
            for other in lexicon.places[fold(phrase)]:
                alt = frozenset(tokenize(other))
                if alt and alt not in word_term.alternatives:
                    word_term.alternatives.append(alt)
    # a name the corpus writes only as its acronym ("Japan Bank for International
    # Cooperation", the text's "JBIC"): each of its words also matches the acronym
    for name in names_in(text):
        short = lexicon.acronym_of(name) if not lexicon.has_phrase(fold(name)) else None
        if short:
            for word_term in (terms[s] for s in tokenize(name) if s in terms):
                alt = frozenset(tokenize(short))
                if alt and alt not in word_term.alternatives:
                    word_term.alternatives.append(alt)
    # an analyst's clipped word ("sats", "fert", "recs"): no English word, the start of a
    # word the corpus uses
    for word in WORD_TOKENS.findall(text):
        own = tokenize(word)
        if len(own) == 1 and own[0] in terms:
            term = terms[own[0]]
            term.clipped = term.clipped or (
                not term.known_to(lexicon)
                and fold(word) not in WORD_VALUES
                and not english_word(fold(word))
                and lexicon.clipped(term.stem)
            )
    for alias in lexicon.aliases_in(folded):  # the long form also matches the short one
        if alias.short_stems:
            for stem in alias.long_stems:
                if stem in terms:
                    terms[stem].alternatives.append(alias.short_stems)
    return list(terms.values())


# an English contraction: a negated auxiliary ("don't", "can't") or a clitic ("who'd",
# "they're", "we'll", "I'm", "should've")
_CONTRACTION = re.compile(r"\b[A-Za-z]+(?:n['’]t|['’](?:d|ll|re|ve|m))\b", re.IGNORECASE)


def _contraction_stems(text: str) -> set[str]:
    """The stems a question's contractions yield that are no content word: all of a negated
    auxiliary's ("don't" → "don't", "don", "t"), a clitic's own ("who'd" → "who'd", "d")."""
    out: set[str] = set()
    for m in _CONTRACTION.finditer(text):
        parts = tokenize(m.group(0))
        if re.search(r"n['’]t$", m.group(0), re.IGNORECASE):
            out.update(parts)
        else:
            out.update(p for p in parts if "'" in p or len(p) <= 2)
    return out


def _place_phrases(text: str, lexicon: Lexicon) -> list[str]:
    """The question's runs of two or three words that are one place name the corpus's
    countries give (a capital, a country's longer name)."""
    words = WORD_TOKENS.findall(text)
    phrases = (" ".join(words[i : i + n]) for n in (2, 3) for i in range(len(words) - n + 1))
    # a name the corpus itself writes needs no other spelling ("New Zealand" in a text on it)
    return [p for p in phrases if lexicon.places.get(fold(p)) and not lexicon.has_phrase(fold(p))]


def _entities(text: str, lexicon: Lexicon | None, *, lower_names: bool = True) -> list[str]:
    """The names a question mentions: capitalised ones, those typed in lower case that the
    corpus never mentions (a speaker, a province or state), and people the corpus names
    typed in lower case ("what does sandvik recommend?"); with ``lower_names``, any name
    typed in lower case (:func:`names_in_lower_case`)."""
    names = names_in(text)
    seen = {fold(n) for n in names}
    lower = _unnamed_speaker(text, lexicon) + _unnamed_regions(text, lexicon)
    lower += _people_in_lower_case(text, lexicon)
    if lower_names:
        lower += names_in_lower_case(text, lexicon)
    # a surname within a whole name read too ("ann lee": "Ann Lee", not also "Lee")
    within = [set(fold(n).split()) for n in [*names, *lower]]
    lower = [n for n in lower if not any(set(fold(n).split()) < w for w in within)]
    for name in lower:
        if fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    return names


# a word with a capital letter in it: names_in reads those
_CAPITALISED = re.compile(r"[^\W\d_]*[A-Z][\w'’-]*")


# "who is X?", X a name in any case
_WHO_IS = re.compile(r"^\W*who(?:['’]s|\s+is|\s+was)\s+(.+?)[\s?.!]*$", re.IGNORECASE)

# a lower-case word of a question, with what joins it to the word before
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-Z][^\W_]*(?:[-'’][^\W_]+)*")


def names_in_lower_case(text: str, lexicon: Lexicon | None) -> list[str]:
    """Names a question types in lower case: a run of words the corpus writes only with a
    capital ("what does ofcom license?": "Ofcom"; "the wha deadline": "WHA"), as the corpus
    writes them, when the corpus writes the run as one name, else each of its words that is
    no English word ("committee" may be the text's "Committee" or any committee). A word the
    corpus never writes is left alone: "headcount", "ridership", "megatrucks" are no names,
    though no English lexicon has them (reading such words as unknown names refused 34 more
    answerable dev questions)."""
    if lexicon is None:
        return []
    capitalised = getattr(lexicon, "capitalised", {})
    names: list[str] = []
    run: list[str] = []
    end = -1

    def close() -> None:
        # a run is one name where the corpus writes it so ("north jutland"), else each of
        # its words that is no English word ("the emirates report": "Emirates")
        if len(run) > 1 and lexicon.has_phrase(fold(" ".join(run))):
            names.append(" ".join(run))
        else:
            names.extend(w for w in run if not english_word(fold(w)))
        run.clear()

    for m in _LOWER_WORD.finditer(text):
        word = re.sub(r"['’]s?$", "", m.group(0))
        key = fold(word)
        if run and text[end : m.start()].strip():
            close()  # only spaces join the words of a name
        end = m.end()
        if key in STOPWORDS or key in FRAME or len(key) < 2:
            close()
            continue
        parts = [fold(part) for part in word.split("-")]
        if all(part in capitalised for part in parts):
            # "al-mansouri": the corpus's "Al-Mansouri", each part capitalised
            run.append("-".join(capitalised[part] for part in parts))
            continue
        close()
    close()
    return names


def _people_in_lower_case(text: str, lexicon: Lexicon | None) -> list[str]:
    """The surnames of the corpus's people a question types in lower case, as the corpus
    writes them."""
    if lexicon is None or not lexicon.surname_of:
        return []
    words = re.findall(r"[^\W\d_][\w'’-]*", _CAPITALISED.sub(" ", text))
    surname = lexicon.surname_of
    return [surname[k] for w in words if (k := fold(re.sub(r"['’]s?$", "", w))) in surname]


def _unnamed_regions(text: str, lexicon: Lexicon | None) -> list[str]:
    """A province, state or region typed in lower case ("how much went to texas?",
    ``world_regions``) that the corpus never mentions in any spelling: a name it never
    mentions, as a capitalised one is read by :func:`names_in`."""
    if lexicon is None:
        return []
    regions = world_regions()
    found = named_places(_CAPITALISED.sub(" ", text), regions)
    return [regions[key] for key in found if lexicon.entity_status(key) == "unknown"]


# "what does jane roe say about X?": who is said to speak, written in lower case
_SPEAKER = re.compile(
    r"^(?:and\s+)?(?:what|how)\s+(?:does|did|do|has|have|would)\s+(?P<who>[a-z][\w'’-]*"
    r"(?:\s+[a-z][\w'’-]*){0,2}?)\s+(?:say|said|think|thinks|argue|argues|write|wrote|claim|"
    r"claims|believe|believes|make of|see|view)\b",
)


def _unnamed_speaker(text: str, lexicon: Lexicon | None) -> list[str]:
    """A speaker the question names in lower case ("what does jane roe say about X?"), when
    the corpus uses none of its words: a name it never mentions, as a capitalised one is
    read by :func:`names_in` (a pronoun or a common noun, "the commission", is no name)."""
    m = _SPEAKER.match(text.strip())
    if m is None or lexicon is None:
        return []
    words = m.group("who").split()
    if any(fold(w) in STOPWORDS or fold(w) in FRAME for w in words):
        return []
    who = " ".join(words)
    return [who] if lexicon.entity_status(who) == "unknown" else []


_PLACE_WORDS = re.compile(r"(?<![\w'’-])[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")


def read_places(text: str, lexicon: Lexicon | None) -> tuple[str, list[Correction]]:
    """``text`` with each capitalised place name the corpus never writes (a capital, a
    longer name) read as the country the corpus names for it ("what did Canberra spend" ->
    "what did Australia spend"), and what was read as what."""
    if lexicon is None:
        return text, []
    read: list[Correction] = []
    countries = country_names()

    def place(typed: str) -> str | None:
        bare = re.sub(r"['’]s$", "", typed)
        key = fold(bare)
        spellings = lexicon.places.get(key)
        if not spellings or lexicon.has_phrase(key):
            return None  # no place, or one the corpus writes: it means what the corpus means
        country = next((c for c in spellings if c in countries), None)
        if country is None:
            return None  # the corpus names the country only by its demonym
        shown = " ".join(w[:1].upper() + w[1:] for w in country.split())
        read.append(Correction(bare, shown))
        return shown + typed[len(bare) :]

    def swap(m: re.Match[str]) -> str:
        words = m.group(0).split()
        # the place is the run of capitalised words, or its end after the question's own
        # first word ("Is Oslo's plan…", "The Hague"): one opening a longer name is that
        # name's ("the Washington Post", "the Canberra Times")
        opener = 1 if m.start() == len(text) - len(text.lstrip()) else 0
        for start in range(min(len(words), opener + 1)):
            got = place(" ".join(words[start:]))
            if got is not None:
                return " ".join([*words[:start], got])
        return m.group(0)

    return _PLACE_WORDS.sub(swap, text), read


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Folded names of every country (``countryinfo``), the forms a place is read as."""
    return frozenset(fold(name) for name in world_places().values())
