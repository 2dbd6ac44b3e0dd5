"""What a count counts: "how many *vehicles*…" is not answered by "some 900 *people*".

A figure that is a count is usually followed by the noun it counts ("21 basins", "1.2 million
active users", "23 different types of armoured vehicle"). A "how many X" question whose best
sentence has counts, each of them counting something said and none of them X (in any spelling
of it, nor a word close in meaning), has a figure for something else: the sentence is a near
miss, however close its words. A count whose noun is left unsaid ("nine depend on a single
cable", "38 of the 94") may count anything, so a sentence holding one is no clash.

Read with English alone (lemminflect's parts of speech, pint's unit names): nothing here knows
a corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from briefing_bot.answering.lexicon import unit_name
from briefing_bot.answering.numbers import CURRENCY, WORD_VALUES, YEAR
from briefing_bot.answering.wording import parts_of_speech
from briefing_bot.retrieval import STOPWORDS, tokenize

# "how many (more|fewer|of the) X"
_HOW_MANY = re.compile(r"\bhow\s+many\s+(?:(?:more|fewer|of\s+the|of|the)\s+)*", re.IGNORECASE)
# a count of people is answered by any noun for people ("34 staff", "260 households"): the
# generic word is no test of which noun the count must have
_GENERIC = frozenset({"people", "persons", "person", "individuals"})
# classifiers: "how many kinds of armoured vehicle" asks about the vehicles
_KINDS = frozenset({"kinds", "types", "sorts", "forms", "categories"})
_SCALE = frozenset({"thousand", "million", "billion", "trillion", "hundred", "dozen"})
_NOT_NOUN = frozenset(STOPWORDS) | {"more", "than", "per", "each", "every", "last", "this", "next"}
_CURRENCY_BEFORE = re.compile(CURRENCY + "$")
_FIGURE = re.compile(r"\d[\d,.]*")
_WORD_FIGURE = re.compile(
    r"(?:" + "|".join(WORD_VALUES) + r")(?:-(?:" + "|".join(WORD_VALUES) + r"))?",
    re.IGNORECASE,
)
_YEAR = re.compile(YEAR)
_EDGE = ".,;:()[]“”\"'’?!"
_ENDS = re.compile(r"[.,;:)\]?!]$")


def _nounish(word: str, following: str = "") -> bool:
    """Can ``word`` (as written) be part of a noun phrase: a noun or adjective, a participle
    before one (``following``: "*pumping* stations"), or a word English does not know (a
    name, an abbreviation)?"""
    core = word.strip(_EDGE)
    if not core or not core[:1].isalpha() or core.lower() in _NOT_NOUN:
        return False
    if core[:1].isupper():
        return True
    pos = parts_of_speech(core)
    if "AUX" in pos:
        return False  # "does", "had": the question's verb, whatever else the word may be
    if re.search(r"(?:ing|ed)$", core) and not _ENDS.search(word) and following:
        return _nounish(following)
    return not pos or "NOUN" in pos or "ADJ" in pos


def asked_count(question: str) -> list[str] | None:
    """The words a "how many" question asks to count ("how many *landing sites* had…"):
    None for another question, [] when the count is of people or unreadable."""
    m = _HOW_MANY.search(question)
    if m is None:
        return None
    rest = question[m.end() :].split()
    words: list[str] = []
    for i, word in enumerate(rest):
        if not words and word.lower() in _KINDS and i + 1 < len(rest) and rest[i + 1] == "of":
            continue  # "kinds of armoured vehicle": the vehicles
        if not words and word.lower() == "of":
            continue
        if not _nounish(word, rest[i + 1] if i + 1 < len(rest) else "") or len(words) == 4:
            break
        words.append(word.strip(_EDGE))
        if _ENDS.search(word):
            break
    if words and words[0].lower() in _GENERIC:
        return []
    return words


def counted_after(words: Sequence[str], i: int) -> list[str]:
    """The noun phrase the figure at ``words[i]`` counts (up to four words, and what an "of"
    after them adds: "23 different types of armoured vehicle"); [] when none follows it."""
    if _ENDS.search(words[i]):
        return []  # "… in 2025, 22 were caused": nothing said after the figure
    j = i + 1
    while j < len(words) and (
        words[j].lower().strip(_EDGE) in _SCALE or _WORD_FIGURE.fullmatch(words[j].strip(_EDGE))
    ):
        j += 1  # "twelve thousand", "1.2 million"
    phrase: list[str] = []
    while j < len(words) and len(phrase) < 4:
        word = words[j]
        if phrase and word.lower() in ("and", "or") and j + 1 < len(words):
            word = words[j + 1]  # "small and medium-sized enterprises"
            if not _nounish(word) or _WORD_FIGURE.fullmatch(word.strip(_EDGE)):
                break
            j += 1
        elif not _nounish(word, words[j + 1] if j + 1 < len(words) else ""):
            break
        phrase.append(word.strip(_EDGE))
        j += 1
        if _ENDS.search(word):
            return phrase
    if phrase and j + 1 < len(words) and words[j].lower() == "of":
        j += 1
        while j < len(words) and words[j].lower() in ("the", "a", "an"):
            j += 1
        for word in words[j : j + 3]:
            if not _nounish(word):
                break
            phrase.append(word.strip(_EDGE))
            if _ENDS.search(word):
                break
    return phrase


def counts(text: str, own: frozenset[str] = frozenset()) -> list[list[str]]:
    """The phrase each count of ``text`` counts ([] where it says none): not years, sums
    of money, percentages, a list item's number, nor a figure ``own`` (the question's own
    figures, as written) holds."""
    words = text.split()
    out: list[list[str]] = []
    for i, word in enumerate(words):
        core = word.strip(_EDGE)
        if not (_FIGURE.fullmatch(core) or _WORD_FIGURE.fullmatch(core)) or core.lower() == "one":
            continue
        if _YEAR.fullmatch(core) or core.replace(",", "") in own:
            continue
        if i == 0 and word.endswith((".", ")")):
            continue  # "9. The Act requires…": an item's number
        before = words[i - 1] if i else ""
        after = " ".join(words[i + 1 : i + 3]).lower()
        if _CURRENCY_BEFORE.search(before) or word[:1] in "$€£" or "%" in word:
            continue
        if after.startswith(("percent", "per cent", "%")):
            continue
        out.append(counted_after(words, i))
    return out


def _stems(words: Sequence[str]) -> frozenset[str]:
    """Stems of ``words``, a unit symbol also by its name ("MW" → megawatt)."""
    out: set[str] = set()
    for word in words:
        out.update(tokenize(word))
        name = unit_name(word)
        if name:
            out.update(tokenize(name))
    return frozenset(out)


def count_clash(
    asked: Sequence[str],
    text: str,
    said: Callable[[frozenset[str]], bool],
    close: Callable[[str, Sequence[str]], bool] | None = None,
    own: frozenset[str] = frozenset(),
) -> bool:
    """Does every count of ``text`` count something said, none of it the asked noun?

    ``said(stems)``: do these stems say one of the asked words (in any spelling the caller
    knows: an alias, a clipped word); ``close(word, words)``: is one of ``words`` close in
    meaning to the asked ``word``."""
    if not asked:
        return False
    found = counts(text, own)
    if not found or any(not phrase for phrase in found):
        return False
    for phrase in found:
        if said(_stems(phrase)):
            return False
        if close is not None and any(close(word, phrase) for word in asked):
            return False
    return True
