"""How a question leans on the conversation: whether it depends on the previous turn (a
pronoun, a demonstrative, ellipsis, a bare question word, a fragment) and which item of an
earlier list an ordinal points at ("the third one", "the second camp").

Only generic English is known here, never anything about a corpus.
"""

from __future__ import annotations

import re

from briefing_bot.answering.lexicon import fold, stems
from briefing_bot.answering.numbers import ORDINALS, WORD_VALUES
from briefing_bot.answering.types import History
from briefing_bot.answering.wording import AUXILIARY, names_in
from briefing_bot.retrieval import STOPWORDS, tokenize

_SUBJECT_PRONOUN = re.compile(
    rf"\b{AUXILIARY}\s+"
    r"(?:it|they|he|she|this|that|these|those)\b|^(?:it|they|he|she|this|that|these|those)\b"
    r"|\b(?:by|about|of|in|from|on|for|with|to)\s+(?:it|them|him|her)\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"\b(?:its|their|his|her)\b", re.IGNORECASE)
# "that report", "this visit": a determiner, where one can stand (at the start, after a
# question word, an auxiliary or a preposition); "argues that sanctions…" is a conjunction
DEMONSTRATIVE = re.compile(
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


def history_turns(history: History) -> tuple[str, str]:
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
    for m in DEMONSTRATIVE.finditer(text):
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
        if (m.group("word") or m.group("digits")) and noun and _names_one_of(noun.group(1), about):
            return _ordinal_value(m)
    return None


def _names_one_of(word: str, about: frozenset[str] | set[str]) -> bool:
    """Is ``word`` one of the stems ``about``, or a clipped form of one ("the 4th rec" of
    "recommend": three letters or more, the start of a longer stem)?"""
    own = stems(word)
    if own & about:
        return True
    clipped = fold(word).rstrip(".")
    return len(clipped) >= 3 and any(len(a) > len(clipped) and a.startswith(clipped) for a in about)
