"""An ordinal past the end of a list: "the fifth recommendation" of a text that makes four,
"and the fourth one?" after an answer that listed three. There is no such item; the answer
says so and gives the list the text does make.

Only generic English is known here (ordinals, count words, list punctuation).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing_bot.answering.compose import Citations, Picked, answer_sentence
from briefing_bot.answering.evidence import COUNTED_NOUN
from briefing_bot.answering.followups import announced_count, answer_items
from briefing_bot.answering.lexicon import stems
from briefing_bot.answering.lists import DocumentOrder, FactsOf, enumerated_items
from briefing_bot.answering.numbers import ORDINALS, WORD_VALUES

_COUNTS = {w: v for w, v in WORD_VALUES.items() if 2 <= v <= 12}
# "the fifth recommendation", "MTCI's 5th policy option": the position asked and its noun
# (up to three words, to the first preposition or the end)
_ASKED = re.compile(
    r"\b(?:(?P<word>" + "|".join(ORDINALS[1:]) + r")|(?P<digits>\d{1,2})(?:st|nd|rd|th))"
    r"(?P<noun>(?:\s+(?!(?:to|of|for|in|on|that|which|is|was|does|did)\b)[a-z][\w-]*){1,3})",
    re.IGNORECASE,
)
# an answer opening with its first numbered item ("1. Hardened receivers. 2. …")
_NUMBERED = re.compile(r"^\W*1[.)]\s")
# "the third largest", "the fourth quarter": a rank or a period, not an item of a list
_NOT_AN_ITEM = re.compile(r"(?:\w+est|most|least|quarter|half|time|times|century)$", re.I)
# a count the text announces with its noun: "four steps", "three reasons why …"
_SAYS = re.compile(
    r"\b(?P<n>" + "|".join(_COUNTS) + rf"|\d{{1,2}})\s+(?P<noun>{COUNTED_NOUN})\b",
    re.IGNORECASE,
)


@dataclass
class ShortList:
    """A list with fewer items than the position asked: its count, its noun, the position,
    and what to quote (the corpus's announcing sentence and items; or, when the corpus's own
    list was not found, the items the chat gave)."""

    count: int
    noun: str
    k: int
    quoted: list[Picked]
    items: list[str]


def asked_position(text: str) -> tuple[int, frozenset[str]] | None:
    """The position a question of its own asks for, with its noun's stems: "what's the
    fifth recommendation?" → (5, {"recommend"}). None for the first (any list has one)."""
    m = _ASKED.search(text)
    if not m or _NOT_AN_ITEM.match(m.group("noun").split()[0]):
        return None
    k = ORDINALS.index(m.group("word").lower()) + 1 if m.group("word") else int(m.group("digits"))
    return (k, frozenset(stems(m.group("noun")))) if k >= 2 else None


def asked_noun(text: str) -> str | None:
    """The noun of the position a question asks for, plural ("the 7th recommendation" →
    "recommendations"), for a refusal's wording."""
    m = _ASKED.search(text)
    if not m or _NOT_AN_ITEM.match(m.group("noun").split()[0]):
        return None
    word = m.group("noun").split()[0].lower()
    if word.endswith("s"):
        return word
    return f"{word[:-1]}ies" if re.search(r"[^aeiou]y$", word) else f"{word}s"


def _said_count(text: str) -> tuple[int, str] | None:
    """The count and noun a sentence announces ("Three reasons: …", "She points to three
    things: …"): a count word before the first colon, or opening the text."""
    head = text.split(":", 1)[0] if ":" in text else ""
    said = list(_SAYS.finditer(head))
    if said:
        m = said[-1]  # the count nearest the colon
        raw = m.group("n").lower()
        return (int(raw) if raw.isdigit() else _COUNTS[raw]), m.group("noun")
    n = announced_count(text)
    return (n, "items") if n else None


def answer_list(answer: str, question: str = "") -> tuple[int, str, list[str]] | None:
    """The count an answer (or else the ``question``: "what four options …?") announces and
    its items, when it lists exactly that many; or a list the answer numbers from 1 to its
    last item without announcing a count ("1. … 2. … 6. …"), its noun the one the
    ``question`` counts ("what are the six layers?")."""
    said = _said_count(answer)
    items = answer_items(answer)
    if said is None:
        # "what four options …?" answered by the four, the count left to the question
        asked = [m for m in _SAYS.finditer(question) if not m.group("n").isdigit()]
        if asked:
            said = (_COUNTS[asked[0].group("n").lower()], asked[0].group("noun"))
    if said is None:
        n = len(items)
        if n < 2 or not _NUMBERED.match(answer) or not re.search(rf"(?:^|\s){n}[.)]\s", answer):
            return None
        said = (n, announced_noun(question, n))
    return (said[0], said[1], items) if len(items) == said[0] else None


def corpus_list(
    ranked: Sequence[Picked],
    k: int,
    nouns: frozenset[str],
    *,
    order: DocumentOrder,
    facts: FactsOf,
    limit: int,
    count: int | None = None,
    words: frozenset[str] = frozenset(),
    top: int = 8,
) -> list[Picked] | None:
    """The list of the best candidates that the position ``k`` runs past: a sentence
    announcing fewer than ``k`` things (``count`` of them, when given) whose list, followed
    in the text, ends there. Its noun (or the sentence, or the one before it) shares a word
    with ``nouns``, or it is the best body candidate. None when a candidate announces at
    least ``k`` such things or opens item ``k`` itself: then the text may have that item."""
    found = None
    body = [r for s in ranked[:top] if (r := _body(s, order)) is not None]
    for rank, s in enumerate(body):
        f = facts(s.chunk, s.index)
        if f.ordinal == k:
            return None
        if f.anchor is None:
            continue
        n, noun = f.anchor
        near = set(noun) | set(f.tokens)
        if s.index > 0:
            near |= facts(s.chunk, s.index - 1).tokens
        opens = s.text.rstrip().endswith(":")
        if not (nouns & near or len(words & near) >= 2 or (rank == 0 and opens)):
            continue
        if n >= k:
            return None
        if found is not None or (count is not None and n != count):
            continue
        items = enumerated_items(s, 0, None, order=order, facts=facts, limit=limit, numbered=True)
        # a list followed to its end (or a list sentence whose items are not numbered)
        if len(items) == n or (opens and len(items) < n):
            found = [s, *items]
    return found


def _body(s: Picked, order: DocumentOrder) -> Picked | None:
    """A body sentence as it is; an interviewer's turn as the reply's first sentence (the
    transcript's answer to it: "Four things:"); else None."""
    if s.chunk.kind == "body":
        return s
    if s.chunk.kind != "question":
        return None
    after = order.after(s.chunk, len(s.chunk.sentences) - 1, 2)
    if not after or after[0][0].section_path != s.chunk.section_path:
        return None
    chunk, index, text = after[0]
    return Picked(chunk, index, text, s.score)


def short_answer_list(answer: str, k: int, question: str = "") -> tuple[int, str, list[str]] | None:
    """The list an answer gave (to ``question``), when it has fewer than ``k`` items (``k``
    ≥ 2)."""
    if k < 2:
        return None
    listed = answer_list(answer, question)
    return listed if listed is not None and listed[0] < k else None


def count_word(n: int) -> str:
    return next((w for w, v in _COUNTS.items() if v == n), str(n))


def announced_noun(text: str, n: int) -> str:
    """The noun a sentence counts ``n`` of ("MTCI recommends four steps:" → "steps")."""
    for m in _SAYS.finditer(text):
        raw = m.group("n").lower()
        if (int(raw) if raw.isdigit() else _COUNTS[raw]) == n:
            return m.group("noun")
    return "items"


def refusal(scope: str, short: ShortList, citations: Citations) -> str:
    """ "<scope> lists only four steps, no fifth: …" with the list, cited where the corpus's
    own sentences were found, else in the chat's words."""
    lead = scope[:1].upper() + scope[1:]
    noun = "" if short.noun == "items" else f" {short.noun}"
    position = ORDINALS[short.k - 1] if short.k <= len(ORDINALS) else f"{short.k}th"
    text = f"{lead} lists only {count_word(short.count)}{noun}, no {position}:"
    if not short.quoted:
        items = [re.sub(r",?(?<!\s)\s+(?:and|or)$", "", x.strip()) for x in short.items]
        return f"{text} {'; '.join(items)}."
    parts = [text]
    for s in short.quoted:
        cit = citations.cite(s)
        parts.append(f"{answer_sentence(s.text, s.chunk)} [{cit.number}]")
    return " ".join(parts)
