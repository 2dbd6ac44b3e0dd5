"""Who a sentence opening with a personal pronoun is about: the person the text named last.

An introduction to a journal issue, a review or a report on several people's work names each
person once and goes on with "He recommends …", "She finds …". Read alone, such a sentence
names nobody, so a question naming the person ("what does Sandvik recommend?") found no word
of it there, and one naming another person could not tell it was someone else's.

The reading is plain and checkable, no model: "he/she/his/her" opening a sentence (after at
most a short lead-in, "In her paper, she …") that names nobody itself is the last person
(a name or surname the corpus gives a person: ``Lexicon.persons``) named before it in the same
section, paragraphs included; "they/their" are the people the sentence right before names when
it names two or more (otherwise "they" is mostly a group: states, firms).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing_bot.chunking import Chunk

# the pronoun a sentence opens with, possibly after a short lead-in ("In his paper, he …")
_SINGULAR = re.compile(r"(?:[^,.;]{0,90},\s+)?(?:he|she|his|her)\b", re.IGNORECASE)
_PLURAL = re.compile(r"(?:[^,.;]{0,90},\s+)?(?:they|their)\b", re.IGNORECASE)
_OPENING = " \"'“‘("

Antecedents = dict[tuple[str, int], tuple[str, ...]]


def antecedent_table(chunks: Iterable[Chunk], persons: Iterable[str]) -> Antecedents:
    """``(chunk id, sentence index) → the people`` a pronoun-led sentence that names nobody
    is about (see the module docstring), for every such sentence of the corpus; ``persons``:
    the corpus's people's full names (their last word is the surname)."""
    table: Antecedents = {}
    by_surname: dict[str, list[str]] = {}
    for name in sorted(persons, key=len, reverse=True):
        by_surname.setdefault(name.split()[-1], []).append(name)
    if not by_surname:
        return table
    ordered = sorted(chunks, key=_place)
    last: tuple[str, ...] = ()
    section: tuple[str, tuple[str, ...]] | None = None
    for chunk in ordered:
        if chunk.kind != "body":
            continue
        where = (getattr(chunk, "doc_id", ""), tuple(chunk.section_path))
        if where != section:
            section, last = where, ()
        before: tuple[str, ...] = ()  # the people the sentence before names, in this passage
        for i, text in enumerate(chunk.sentence_texts()):
            named = _named(text, by_surname)
            if named:
                last, before = named, named
                continue
            opening = text.lstrip(_OPENING)
            if last and _SINGULAR.match(opening):
                table[(chunk.id, i)] = last[-1:]
            elif len(before) >= 2 and _PLURAL.match(opening):
                table[(chunk.id, i)] = before
            before = ()
    return table


# a capitalised word, its possessive apart ("Rannik's" → "Rannik")
_CAPITALISED = re.compile(r"\b([A-Z][\w-]*)(?:['’]s)?\b")


def _named(text: str, by_surname: dict[str, list[str]]) -> tuple[str, ...]:
    """The people a sentence names, in order: by their full name where it stands before the
    surname, else by the surname (a set lookup per capitalised word: linear in the text,
    whatever the number of people)."""
    named: list[str] = []
    for m in _CAPITALISED.finditer(text):
        names = by_surname.get(m.group(1))
        if names:
            before = text[: m.end(1)]
            named.append(next((n for n in names if before.endswith(n)), m.group(1)))
    return tuple(dict.fromkeys(named))


def _place(chunk: Chunk) -> tuple[str, int, int]:
    # the lexicon is also built from bare passages (text, kind, section) in unit tests
    return (
        getattr(chunk, "doc_id", ""),
        getattr(chunk, "paragraph", 0),
        getattr(chunk, "para_start", 0),
    )
