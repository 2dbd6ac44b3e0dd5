"""Small text helpers that several layers share, each written once.

Nothing here knows the corpus: these are plain-language utilities (case folding, shortening,
month names, number words, inverse document frequency).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# A regex alternation of the month names and their usual abbreviations ("Sept.", "Jan").
MONTHS = "|".join(MONTH_NAMES) + (
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)

# Number words a question or a sentence may use, with their values ("a dozen", "twenty").
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
]  # fmt: skip


def fold(text: str) -> str:
    """Lower-case, Unicode-normalised, curly quotes and possessive 's folded, punctuation to
    spaces: for "does this name occur in that text" checks."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def shorten(text: object, limit: int) -> str:
    """``text`` with whitespace collapsed, cut at a word boundary to at most ``limit``
    characters (an ellipsis marks the cut)."""
    flat = " ".join(str(text or "").split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + "…"


def idf(n_documents: int, document_frequency: int) -> float:
    """Smoothed inverse document frequency: rare words weigh more, unseen words most."""
    return math.log(1 + max(1, n_documents) / (1 + document_frequency))


# An answer's citation markers: "[1]", "[2, 3]", "[4–6]". The space before one is taken from
# the start of its run (not from every space in it: quadratic on a long run of spaces).
CITATION_MARKER = re.compile(r"(?<!\s)\s*\[\d+(?:\s*[,–-]\s*\d+)*\]")
# Quote folding only for matching facts: the corpus keeps curly quotes, people type straight ones.
_STRAIGHT_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def strip_citation_markers(text: str) -> str:
    """``text`` without its [n] citation markers, whitespace collapsed."""
    return " ".join(CITATION_MARKER.sub("", text).split())


def fold_for_facts(text: str) -> str:
    """Text as required facts are matched in it: straight quotes, one space, case-folded.

    Not :func:`fold`: a fact keeps its punctuation and "'s" ("U.S.", "1-in-200", "Laos's"),
    and every fact-group count the evaluation reports was measured with this matching.
    """
    return " ".join(text.translate(_STRAIGHT_QUOTES).split()).casefold()


def facts_held(text: str, facts: Sequence[Sequence[str]]) -> list[bool]:
    """Per fact group (its spellings), whether ``text`` names it: any spelling, any case.

    The one definition the evaluation, the answer layer's cross-document check and the
    briefing scorer's fit share, so what they count as a found fact cannot drift apart.
    """
    folded = fold_for_facts(text)
    out = []
    for group in facts:
        spellings = [fold_for_facts(s) for s in group]
        out.append(any(s and s in folded for s in spellings))
    return out


# English contractions typed without their apostrophe ("whats the cost", "dont"): the
# question words and negations the answer layer reads with it
_CONTRACTIONS = {
    "whats": "what's", "whos": "who's", "wheres": "where's", "whens": "when's",
    "hows": "how's", "whys": "why's", "thats": "that's", "theres": "there's",
    "heres": "here's", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't",
    "cant": "can't", "wont": "won't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't",
    "werent": "weren't", "hasnt": "hasn't", "havent": "haven't", "hadnt": "hadn't",
    "wouldnt": "wouldn't", "couldnt": "couldn't", "shouldnt": "shouldn't", "whod": "who'd",
    "wholl": "who'll", "theyre": "they're", "youre": "you're", "theyve": "they've",
}  # fmt: skip
_CONTRACTED = re.compile(r"\b(?:" + "|".join(_CONTRACTIONS) + r")\b", re.IGNORECASE)


def _apostrophe(m: re.Match[str]) -> str:
    word = m.group(0)
    full = _CONTRACTIONS[word.lower()]
    return full[:1].upper() + full[1:] if word[:1].isupper() else full


def restore_apostrophes(text: str) -> str:
    """``text`` with the English contractions typed without their apostrophe written with it
    ("whats the gist": "what's the gist"; "dont", "isnt")."""
    return _CONTRACTED.sub(_apostrophe, text)
