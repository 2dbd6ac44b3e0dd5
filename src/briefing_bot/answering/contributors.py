"""Who wrote the contributions a text presents: "who are the authors of the papers in this
issue?", "list the contributors". An introduction to a collection (a journal issue, an edited
volume, a report of several papers) names each contributor with what their paper does
("Jane Roe of the Harbour Institute examines …"); the answer is those sentences, one per
contributor, in the order the text presents them.

Only generic English is known here (the question's shape and the verbs that say what a paper
does); the people are the corpus's own (:attr:`Lexicon.persons`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from briefing_bot.answering.compose import Picked
from briefing_bot.chunking import Chunk
from briefing_bot.retrieval import tokenize

# the words of a question that asks for every contributor and for nothing else
_FRAME = frozenset(
    tokenize(
        "who whom which what are were is was the a an this these those all every each of in to "
        "by for list name names give tell me please did do does wrote write writes written "
        "author authors contributor contributors contribution contributions contributed "
        "contribute writer writers paper papers chapter chapters article articles essay "
        "essays piece pieces issue volume collection special journal edition report order turn"
    )
)
# …one of which says it asks for people: authors, contributors, writers, or who wrote
_ASKS_PEOPLE = frozenset("author authors contributor contributors writer writers who".split())
# …and for those of a collection: contributors, several pieces, or the collection itself
# ("who are the authors?" alone asks who wrote the document)
_SEVERAL = frozenset(
    (
        "contributors papers chapters articles essays pieces contributions issue volume collection"
    ).split()
)
# what a sentence presenting a contribution says its author does
_PRESENTS = re.compile(
    r"\b(?:examines?|explains?|argues?|evaluates?|assess(?:es)?|discuss(?:es)?|writes?|wrote|"
    r"explores?|analy[sz]es?|reviews?|considers?|describes?|outlines?|investigates?|traces?|"
    r"looks? at|focus(?:es)? on|turns? to|charts?|maps?|surveys?|studies|documents?|details?|"
    r"proposes?|recommends?|presents?|identif(?:y|ies)|compares?|addresses?|contribution|"
    r"paper|chapter|article|essay)\b",
    re.IGNORECASE,
)
# how far into a sentence its contributor is named: the subject (after a fronted clause:
# "Primarily in response to …, Jane Roe and John Doe chart …"), not a name cited at its end
_SUBJECT_CHARS = 250


def asks_contributors(text: str) -> bool:
    """Does a question ask for every contributor of the collection, and nothing else ("who
    are the authors of the papers in this issue?"; not "who are the authors of the space
    paper?", nor "which authors highlight X?")?"""
    words = set(tokenize(text))
    plain = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
    return (
        bool(words)
        and words <= _FRAME
        and bool(plain & _ASKS_PEOPLE)
        and bool(plain & _SEVERAL)
        and not (plain & {"paper", "chapter", "article", "essay", "piece"})
    )


def contributor_lines(
    chunks: Iterable[Chunk],
    persons: Iterable[str],
    limit: int = 12,
    mentions: Callable[[str], bool] | None = None,
) -> list[Picked]:
    """The body sentences presenting a contribution — a person the corpus names, near the
    sentence's start, with what their paper does — one per person (the first), in reading
    order; at most ``limit``. ``mentions``: a quick test that a text names any of them
    (the lexicon's one pattern for all its people), so a large corpus is not searched name by
    name."""
    names = sorted(persons, key=len, reverse=True)
    ordered: Sequence[Chunk] = sorted(
        (c for c in chunks if c.kind == "body"), key=lambda c: (c.doc_id, c.char_start)
    )
    seen: set[str] = set()
    out: list[Picked] = []
    for chunk in ordered:
        for i, text in enumerate(chunk.sentence_texts()):
            head = text[:_SUBJECT_CHARS]
            if mentions is not None and not mentions(head):
                continue
            new = [n for n in names if n in head and n not in seen]
            if new and _PRESENTS.search(text):
                seen.update(new)
                out.append(Picked(chunk, i, text, 1.0))
                if len(out) >= limit:
                    return out
    return out
