"""Question analysis: what is asked (the answer type and the noun it is about), which words
carry the question, whether it leans on the conversation, and its parts.

Only generic English is known here — question words, pronouns, ordinals, month names from
``calendar`` — never anything about a corpus; the corpus's own words come from the
:class:`~briefing_bot.answering.lexicon.Lexicon`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from briefing_bot.answering.lexicon import Lexicon, fold, stems
from briefing_bot.answering.numbers import ORDINALS, WORD_VALUES, canonical_numbers
from briefing_bot.answering.types import History
from briefing_bot.retrieval import STOPWORDS, tokenize

# Answer types, by the generic English that asks for them (first match wins).
_TYPES: list[tuple[str, str]] = [
    (
        "source",
        r"\b(?:sources?|cites?|cited|citation|endnotes?|footnotes?|references?)\b"
        r"|\b(?:backs?|backed|supports?|supported|substantiates?)\s+(?:up\s+)?(?:the|this|that)\s+"
        r"(?:claim|statement|figure|assertion|number|estimate)\b"
        r"|\bevidence (?:for|behind)\b|^(?!how (?:much|many)\b).*\b(?:come|comes|came) from\b",
    ),
    (
        "authorship",
        r"^(?:who|whose)\b.{0,60}\b(?:wrote|written|writes|authors?|authored|writers?)\b"
        r"|\b(?:which|what) (?:authors?|writers?)\b|\b(?:authors?|writers?) of\b|\bwritten by\b"
        # the document's own speaker: "who gave this speech?", "who delivered the address?"
        r"|^who\b.{0,20}\b(?:gave|gives|delivered|delivers|made)\s+(?:this|the)\s+"
        r"(?:speech|address|talk|lecture|remarks|presentation)\b",
    ),
    (
        "org",
        r"\b(?:what|which) (?:institution|organi[sz]ation|university|think tank|company|"
        r"agency|employer)\b|\baffiliat|\bwork(?:s|ed)? for\b",
    ),
    (
        "name",
        r"\b(?:what|which) (?:is|are|was|were) the names? of\b|\bwhat (?:is|was) .{0,40} called\b",
    ),
    (
        "place",
        r"^where\b(?!.{0,80}\b(?:come|comes|fit|fits|stand|stands)\b)"
        r"|\bin which (?:city|country|state|region)\b",
    ),
    ("person", r"^(?:who|whose|whom)\b|\bwho\b|\b(?:which|what) (?:person|people|official)\b"),
    ("month", r"\b(?:which|what) month\b|\bin which month\b"),
    ("date", r"^(?:when|on what date)\b|\b(?:what|which) (?:year|date|day)s?\b|^in what year\b"),
    (
        "quantity",
        r"\bhow (?:much|many|large|big|long|high|small)\b|\bwhat (?:percentage|share|"
        r"proportion|amount|sum|number|figure|value|level)\b|\bhow much money\b"
        r"|\bwhat (?:\w+ )?(?:length|size|age|height|depth|distance|weight|speed|threshold|"
        r"price|cost|rate|total)\b|\bwhat (?:does|do|did|will) .{0,40}\bcost\b"
        r"|^what(?:'s| is| was| are| were) the (?:[\w-]+ ){0,3}(?:rate|share|percentage|"
        r"proportion|number|amount|cost|price|value|size|total|count|budget)\b",
    ),
    (
        "definition",
        r"^(?:what (?:is|are|does|do)\b.{0,60}\b(?:mean|means|stand for|refer to)\b|"
        r"define\b|what is meant by\b)|\b(?:define|defines|definition|meaning|stands? for)\b"
        r"|^what(?:'s| is| are) (?:an? |the )?[\w-]+\??$",
    ),
    ("reason", r"^why\b|\bwhy\b|\bfor what reason\b|\bwhat (?:drives|drove|explains)\b"),
    (
        "synthesis",
        r"\bacross\b|\bwhat role\b|\bin what ways?\b|\bwhere does .{0,60}\bcome in\b"
        r"|\bhow (?:does|do|did|has|have) .{0,60}\b(?:figure|feature|fit|change|changed|evolve|"
        r"evolved|shape|shaped)\b",
    ),
    (
        "list",
        r"^(?:list|name|enumerate)\b|\b(?:what|which) (?:are|were) the (?:[\w-]+ ){0,2}[\w-]+s\b"
        r"|\b(?:what|which) [a-z]{2,}[a-rt-z]s (?:are|were|does|do|did|could|can|has|have)\b",
    ),
]
_TYPE_PATTERNS = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _TYPES]
TYPED = frozenset({"person", "org", "name", "place", "month", "date", "quantity"})

# Words that frame a question but are not what it is about.
_FRAME = frozenset(
    tokenize(
        "who whom whose what which when where why how name names list give tell show explain "
        "kind kinds type types way ways role document text author authors wrote write written "
        "exactly specific specifically main key example examples please acronym abbreviation "
        "stand stands mean means meant refer refers called happen happened "
        "first second third fourth fifth sixth seventh eighth ninth tenth last one money"
    )
)
_SOURCE_FRAME = frozenset(
    tokenize(
        "source sources cite cites cited citation claim claims statement support supports "
        "supported back backs backed evidence reference references endnote endnotes footnote "
        "based rest rests figure come comes came"
    )
)
_SUBJECT_PRONOUN = re.compile(
    r"\b(?:does|do|did|is|are|was|were|has|have|can|could|will|would|should)\s+"
    r"(?:it|they|he|she|this|that|these|those)\b|^(?:it|they|he|she|this|that|these|those)\b"
    r"|\b(?:by|about|of|in|from|on|for|with|to)\s+(?:it|them|him|her)\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"\b(?:its|their|his|her)\b", re.IGNORECASE)
# "that report", "this visit": a determiner, where one can stand (at the start, after a
# question word, an auxiliary or a preposition); "argues that sanctions…" is a conjunction
_DEMONSTRATIVE = re.compile(
    r"(?:^|\b(?:is|was|are|were|did|does|do|has|have|had|of|about|in|on|for|from|with|by|to|"
    r"at|during|after|before|under|when|where|why|how|what|which|who)\s+)"
    r"(?:that|this|these|those|the same)\s+([a-z]+)\b",
    re.IGNORECASE,
)
# "this paper" is the document itself; "this year" is the present
_SELF = frozenset(
    "paper document article text memo report volume issue corpus year month week decade "
    "century time moment".split()
)
_ELLIPSIS = re.compile(
    r"^(?:and|also|what about|how about|and what about|what of|same for|then|but)\b",
    re.IGNORECASE,
)
_NUMERAL = "|".join(w for w in WORD_VALUES if WORD_VALUES[w] <= 10)
# "the third (one)", "the 2nd", "the last", "the latter", "number two", "item 3", "#2",
# "the other one": a pointer into a list the chat gave
ORDINAL_REF = re.compile(
    r"(?:\b(?:the\s+)?(?P<word>" + "|".join(ORDINALS) + r"|last|latter|former)\b"
    r"|\b(?:the\s+)?(?P<digits>\d{1,2})(?:st|nd|rd|th)\b"
    r"|(?:\b(?:number|no\.|item|point|option)\s*|#)(?P<numeral>\d{1,2}|" + _NUMERAL + r")\b"
    r"|\bthe\s+(?P<other>other)(?=\s+(?:one|item|point)\b))"
    r"(?:\s+(?:one|item|point|of (?:them|those|these)))?",
    re.IGNORECASE,
)
OTHER = -2  # Question.ordinal for "the other one"
# what may follow an ordinal that points at an item rather than naming its own noun ("the
# first type of cooperation" is a question of its own; "the first one in 2023" is not)
_AFTER_BARE = re.compile(
    r"\s*(?:$|[^\w\s]|(?:one|ones|item|point|of (?:them|those|these)|mean|means|involve|"
    r"involves|say|says|cover|covers|entail|entails|refer|refers|again)\b)",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"\b(" + "|".join(w for w in WORD_VALUES if w not in ("one", "dozen", "hundred")) + r"|\d{1,2})"
    r"\s+(?:[a-z-]+\s+){0,2}?([a-z-]+s)\b",
    re.IGNORECASE,
)
_GENERIC_CAPS = frozenset(
    (
        "who what which when where why how is are was were does do did can could would should "
        "will has have the a an in on of and or for to according please tell give list name "
        "describe explain summarize summarise compare i paper papers author authors it its this "
        "that these those what's who's whose is there also and if roughly approximately about "
        + " ".join(m.lower() for m in [*calendar.month_name, *calendar.month_abbr] if m)
    ).split()
)


@dataclass
class Term:
    """A content word of the question with the other spellings that count as it."""

    stem: str
    alternatives: list[frozenset[str]] = field(default_factory=list)  # any one set matches
    context: bool = False  # inherited from the previous question


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


def answer_type(text: str) -> str:
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(text):
            return kind
    return "general"


_WH = r"(?:who|whom|whose|what|which|when|where|why|how)"
_AUXILIARY = (
    r"(?:is|are|was|were|do|does|did|has|have|had|can|could|would|should|will|much|many|"
    r"long|big|large|far|old|often|soon|'s|’s)"
)
# "X - when did it start and who's in it?": what every part is about
_TOPIC = re.compile(
    rf"^(?!{_WH}\b|(?:is|are|do|does|did|can|could|will)\b)(?P<topic>[^?:=–—]{{2,60}}?)"
    r"\s*(?::|=|\s[-–—]\s)\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# where a second question starts inside one sentence: "…, and how much…", "… and when?"
# a request ("… and summarise it"); a yes/no second half ("… and is it still …?") stays
# with the first, whose words it needs (split apart, it measured worse on the dev split)
_ASKS = r"(?:summari[sz]e|explain|describe)\b"
_JOINT = re.compile(
    rf",?\s+(?:and|but|also|plus)\s+(?:also\s+)?(?=(?:(?:for|from|in|on|at|by|with|to)\s+)?"
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
    for separator in (r";\s+", r"\s+(?:vs\.?|versus)\s+"):
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
    m = _TOPIC.match(text.strip())
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


def names_in(text: str) -> list[str]:
    """Capitalised names and acronyms the question mentions (a generic first word is not)."""
    words = _WORD_TOKENS.findall(text)
    names: list[str] = []
    run: list[str] = []
    for i, word in enumerate(words):
        bare = re.sub(r"['’]s$", "", word)
        generic = fold(bare) in _GENERIC_CAPS or fold(bare) in STOPWORDS
        capital = bare[:1].isupper() and not (generic and (i == 0 or not bare.isupper()))
        if i == 0 and capital and not (bare.isupper() or bare != word):
            # a capitalised first word is a name only when the next one is too ("Camp David")
            capital = i + 1 < len(words) and words[i + 1][:1].isupper()
        joiner = run and bare in ("of", "for", "the", "on") and i + 1 < len(words)
        if capital or (joiner and words[i + 1][:1].isupper()):
            run.append(bare)
        else:
            if run:
                names.append(" ".join(run))
            run = []
    if run:
        names.append(" ".join(run))
    trimmed = (re.sub(r"^(?:of|and|for|the|on)\s+|\s+(?:of|and|for|the|on)$", "", n) for n in names)
    return [n for n in trimmed if n]


_WORD_TOKENS = re.compile(r"[A-Za-z][\w’'\-.&]*[\w]|[A-Za-z]")
_FRAME_WORDS = frozenset(
    "who what which when where why how list name describe explain summarize summarise compare "
    "give tell define is are does do did can could would should will".split()
)


def _history_turns(history: History) -> tuple[str, str]:
    """The last user question and the assistant's answer to it (empty when absent)."""
    user, assistant = "", ""
    for m in history if isinstance(history, list | tuple) else []:
        if not isinstance(m, dict) or not isinstance(m.get("content"), str):
            continue
        content = " ".join(str(m["content"]).split())[:4000]
        if m.get("role") == "user" and content:
            user, assistant = content, ""
        elif m.get("role") == "assistant":
            assistant = content
    return user, assistant


def depends_on_history(text: str, own_terms: int, max_terms: int) -> bool:
    """Does the question lean on what came before: a leading pronoun or demonstrative with no
    antecedent in the question, ellipsis ("and on X?"), an ordinal reference, or a fragment?"""
    if _ELLIPSIS.match(text) or item_reference(text) is not None or _BARE_WH.match(text):
        return True
    if _SUBJECT_PRONOUN.search(text):
        return True
    end = re.search(r"\b(?:it|them|him|her|this|that)\s*[?.!]*$", text, re.IGNORECASE)
    if end and not names_in(text[: end.start()]):
        return True  # "who wrote it?": the object is whatever the chat was about
    for m in _DEMONSTRATIVE.finditer(text):
        if m.group(1).lower() not in _SELF and m.group(1).lower() not in STOPWORDS:
            return True
    owner = _POSSESSIVE.search(text)
    if owner and not tokenize(text[: owner.start()]):
        return True  # "who are its authors?": nothing before "its" it could refer to
    # a fragment ("quantum?"), not a whole question that happens to have few content words
    return own_terms <= max_terms and len(text.split()) <= 3 and not _WH_START.match(text)


_WH_START = re.compile(
    r"^(?:who|whom|whose|what|which|when|where|why|how|is|are|does|do|did|can|list|name)\b",
    re.IGNORECASE,
)


# "when?", "and why?", "how much?": a question word alone asks it of what came before
_BARE_WH = re.compile(
    r"^(?:and|but|so|then)?\s*(?:who|when|where|why|how(?:\s+(?:much|many|so|come|long))?|"
    r"which\s+ones?|what\s+for)\s*[?.!]*$",
    re.IGNORECASE,
)


def _ordinal_value(m: re.Match[str]) -> int:
    if m.group("other"):
        return OTHER
    if m.group("digits") or m.group("numeral"):
        raw = (m.group("digits") or m.group("numeral")).lower()
        return int(raw) if raw.isdigit() else WORD_VALUES[raw]
    word = m.group("word").lower()
    if word in ("last", "latter"):
        return -1
    return 1 if word == "former" else ORDINALS.index(word) + 1


def ordinal_reference(text: str) -> int | None:
    """The list position a question names: 3 for "the third one", -1 for "the last" (or
    "the latter"), :data:`OTHER` for "the other one"; None without one."""
    for m in ORDINAL_REF.finditer(text):
        said = m.group(0).lower()
        # "the second", "third one", "number two" point; "last updated" does not
        if not m.group("word") or said.startswith("the ") or " " in said or m.start() == 0:
            return _ordinal_value(m)
    return None


def item_reference(text: str) -> int | None:
    """Like :func:`ordinal_reference`, but only for an ordinal that points at an item of an
    earlier answer ("an example of the third", "the 2nd -", "number two"), not one naming a
    noun of its own ("the first type of cooperation")."""
    for m in ORDINAL_REF.finditer(text):
        said = m.group(0).lower()
        pointer = said.endswith(("one", "item", "point", "them", "those", "these"))
        if pointer and re.match(r"\s+(?:to|that|who|which|in history|ever)\b", text[m.end() :]):
            continue  # "the first one to sign the treaty": a question of its own
        if pointer or m.group("numeral") or m.group("other"):
            return _ordinal_value(m)  # "the third one", "third one?", "number two"
        if said.startswith("the ") and _AFTER_BARE.match(text, m.end()):
            return _ordinal_value(m)  # "an example of the third", "the 2nd - …"
    return None


def listed_item_reference(text: str, previous_q: str, previous_a: str) -> int | None:
    """An ordinal naming the noun the previous turn's list was about ("the second camp"
    after "what are the two camps?" or an answer opening "There are two camps: …")."""
    opening = re.split(r"(?<=[.:!?])\s", previous_a.strip(), maxsplit=1)[0]
    about = stems(f"{previous_q} {opening}")
    for m in ORDINAL_REF.finditer(text):
        noun = re.match(r"\s+([A-Za-z][\w-]*)", text[m.end() :])
        if (m.group("word") or m.group("digits")) and noun and stems(noun.group(1)) & about:
            return _ordinal_value(m)
    return None


_MONTH_ABBR = {
    m.lower(): full for m, full in zip(calendar.month_abbr, calendar.month_name, strict=True) if m
}
_MONTH_ABBR["sept"] = "September"


def normalise(text: str) -> str:
    """Question shorthand spelled out: "Dec '23" → "December 2023", "Oct" → "October"."""
    text = re.sub(
        r"\b(" + "|".join(_MONTH_ABBR) + r")\b\.?",
        lambda m: _MONTH_ABBR[m.group(1).lower()],
        text,
        flags=re.IGNORECASE,
    )
    return re.sub(r"(?<![\w'’])['’](\d{2})\b", r"20\1", text)


def analyse(
    text: str,
    history: History,
    lexicon: Lexicon | None = None,
    *,
    max_followup_terms: int = 1,
) -> Question:
    """Analyse one question (or part) against the chat so far."""
    text = normalise(text)
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
    own = _terms(text, kind, lexicon)
    previous_q, previous_a = _history_turns(history)
    followup = bool(previous_q) and (
        depends_on_history(text, len(own), max_followup_terms)
        or listed_item_reference(text, previous_q, previous_a) is not None
    )
    # figures written out as the corpus writes them ("$140bn" → "140 billion"), searched too
    # (expanding abbreviations and places here as well measured worse on the dev split)
    query = " ".join([text, *_spelled(text, None)])
    terms = list(own)
    if followup:
        query = f"{query} {previous_q}"
        seen = {t.stem for t in own}
        for t in _terms(previous_q, answer_type(previous_q), lexicon):
            if t.stem not in seen:
                t.context = bool(own)  # "who wrote it?": the topic is all inherited
                terms.append(t)
                seen.add(t.stem)
    words = head_words(text, joined=True)
    asked = " ".join(words) if any(w[:1].isalpha() for w in words) else ""
    return Question(
        text=text,
        query=query,
        kind=kind,
        terms=terms,
        count=count,
        counted=counted,
        entities=names_in(text),
        numbers=canonical_numbers(text),
        followup=followup,
        ordinal=ordinal_reference(text) if followup else None,
        previous_question=previous_q if followup else "",
        previous_answer=previous_a if followup else "",
        asked=asked,
        # "when was *that report* updated?": the noun is the one the history talked about
        head=frozenset() if followup and _DEMONSTRATIVE.search(text) else head_stems(text),
    )


def _spelled(text: str, lexicon: Lexicon | None) -> list[str]:
    """The corpus's spellings of the question's abbreviations and places, and its figures
    written out ("$140bn" → "140 billion"), for the search."""
    out: list[str] = []
    if lexicon is not None:
        for word in dict.fromkeys(_WORD_TOKENS.findall(text)):
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
    frame = _FRAME | (_SOURCE_FRAME if kind == "source" else frozenset())
    # a figure is matched in its canonical form ("$140bn" = "USD 140 billion"), not as a word
    kept = [s for s in stems if s not in frame and not any(ch.isdigit() for ch in s)]
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
    for word in set(_WORD_TOKENS.findall(text)):
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
    for alias in lexicon.aliases_in(folded):  # the long form also matches the short one
        if alias.short_stems:
            for stem in alias.long_stems:
                if stem in terms:
                    terms[stem].alternatives.append(alias.short_stems)
    return list(terms.values())


_WH_PHRASE = re.compile(
    r"\b(?:(?:in|on|at|for|from|by|to|and|so)\s+)*(?:how (?:much|many|large|big|long|high|small)|"
    r"what|which|who|whom|whose|when|where|why)\b(?:\s+(?:year|month|date|day|percentage|share|"
    r"proportion|amount|sum|number|figure|value|level|institution|organi[sz]ation|university|"
    r"think tank|company|agency|employer|person|people|official|kind|type|sort)s?\b)?",
    re.IGNORECASE,
)
_AUX = frozenset(
    "is are was were be been do does did has have had will would can could should may might "
    "make makes made get gets got the a an its their his her this that these those of in on at "
    "for to by with from".split()
)


def head_words(text: str, *, joined: bool = False) -> list[str]:
    """The first content phrase after the question word: what the figure, date or name asked
    for must be about ("how many *nuclear-powered submarines* will…"). ``joined``: also
    across "of"/"for" ("categories *of* technology-driven cooperation"), for wording."""
    text = text.strip().rstrip("?.! ")
    m = _WH_PHRASE.search(text)
    rest = text[m.end() :] if m else text
    words = re.findall(r"[\w’'-]+", rest)
    run: list[str] = []
    for i, word in enumerate(words):
        stem = tokenize(word)
        low = word.lower()
        nxt = words[i + 1] if i + 1 < len(words) else ""
        name_and = low == "and" and run[-1:] != [] and run[-1][:1].isupper() and nxt[:1].isupper()
        if (
            joined
            and run
            and (low in ("of", "for") or name_and)
            and tokenize(nxt)
            and nxt.lower() not in _AUX
        ):
            run.append(word)
            continue
        if low in _AUX or not stem or set(stem) <= _FRAME or len(low.strip("'’")) < 2:
            if run:
                break
            continue
        capitals = len(run) >= 2 and all(w[:1].isupper() or w in ("of", "and") for w in run)
        if joined and capitals and word[:1].islower():
            break  # a name ends where the verb begins ("…Commercial Dialogue launched")
        run.append(word)
        if len(run) == (6 if joined else 4):
            break
    return run


def head_stems(text: str) -> frozenset[str]:
    """Stems of :func:`head_words`."""
    return frozenset(s for w in head_words(text) for s in tokenize(w))
