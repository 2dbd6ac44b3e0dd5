"""Follow-ups that point into the previous answer's list: "the third one", "an example of the
second", resolved against what the previous answer said."""

from __future__ import annotations

import re

from briefing_bot.answering.analysis import ORDINAL_REF, Question
from briefing_bot.answering.lexicon import stems
from briefing_bot.retrieval import tokenize

_ORDINAL_SENTENCE = re.compile(
    r"(?:^|[.?!]\s+)(?:(?:the|a|an)\s+)?(?:first|second|third|fourth|fifth)\b", re.IGNORECASE
)


def substitute_ordinal(text: str, item: str) -> str:
    """The question with its ordinal reference replaced by the item it points at."""
    return ORDINAL_REF.sub(item, text, count=1)


def inline_item(q: Question) -> str | None:
    """Item ``q.ordinal`` of a list the previous answer gave in one sentence
    ("…; biotechnology; batteries…"), when it did not answer item by item."""
    answer = re.sub(r"\s*\[\d+\]", "", q.previous_answer)
    if not answer or _ORDINAL_SENTENCE.search(answer):
        return None
    best: list[str] = []
    for sentence in re.split(r"(?<=[.?!])\s+", answer):
        body = re.sub(r"^.*?\b(?:include|includes|including|are|were|:)\s+", "", sentence)
        for separator in (";", ","):
            items = [re.sub(r"^(?:and|or)\s+", "", x.strip(" .")) for x in body.split(separator)]
            items = [x for x in items if x]
            # a list of short items ("chips; batteries; …"), not a sentence with commas
            short = all(len(x.split()) <= 6 for x in items)
            if len(items) >= 3 and short and len(items) > len(best):
                best = items
                break
    k = q.ordinal or 0
    if k == -1 and best:
        return best[-1]
    return best[k - 1] if 0 < k <= len(best) else None


def asks_more_than_the_item(q: Question) -> bool:
    """Does a question about a list item ask for more than the item itself ("an example of
    the second" does; "and the third one?" does not)?"""
    rest = re.sub(
        r"\b(?:and|what|about|how|the|one|item|point|of|them|those|is|was|are|were|which|"
        r"tell|me|more|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b",
        " ",
        q.text.lower(),
    )
    own_nouns = set(tokenize(rest)) - stems(q.previous_question)
    return bool(own_nouns)
