"""Does the corpus name this at all? Name checks for briefing topics.

The corpus's words come from the answer layer's lexicon (:class:`~briefing_bot.answering.
lexicon.Lexicon`: folded text per chunk with word postings, stems, the words it writes in lower
case), which the index keeps beside itself: nothing here reads the whole corpus again, and
nothing is typed in for one corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from briefing_bot.answering.lexicon import fold
from briefing_bot.retrieval import tokenize

if TYPE_CHECKING:
    from briefing_bot.answering.lexicon import Lexicon

# a people's or a place's adjective, what it adds to the place's name ("Asia" -> "Asian",
# "Brazil" -> "Brazilian", "China" -> "Chinese", "Europe" -> "European")
_DEMONYM = re.compile(r"(?:ese|ian|ean|an|n|i)$")

_GLUE = frozenset({"of", "the", "and", "for", "on", "in", "a", "an", "to", "&"})
# a run of capitalised words (glue words inside), an acronym, or a figure
_NAME = re.compile(
    r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|the|and|for|on)\s+)*[A-Z][\w'’-]*)*|\b\d[\d.,]*\d\b|\b\d\b"
)


class Vocabulary:
    """Name checks against one corpus's lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._sorted: list[str] | None = None

    def place_of(self, word: str) -> str | None:
        """The corpus's word a name's adjective is made from ("Asian": "asia" when the
        corpus says "Asia"), or None: a topic says "Southeast Asian firms" where the text
        says "firms in Southeast Asia"."""
        import bisect

        folded = fold(word)
        if self._sorted is None:
            self._sorted = sorted(self.lexicon.words)
        for m in _DEMONYM.finditer(folded):
            for cut in range(m.start(), len(folded)):
                stem = folded[:cut]
                if len(stem) < 4:
                    continue
                i = bisect.bisect_left(self._sorted, stem)
                # the place's name is the stem and at most one letter more ("Canad" + "a")
                for got in self._sorted[i : i + 3]:
                    if got.startswith(stem) and len(got) - len(stem) <= 1 and got != folded:
                        return got
        return None

    def has(self, phrase: str) -> bool:
        """Does the corpus hold this phrase (folded, whole words, headings included)?"""
        folded = fold(phrase)
        return not folded or self.lexicon.has_phrase(folded)

    def proper(self, word: str) -> bool:
        """A capitalised word the corpus uses and never writes in lower case: a name."""
        return (
            word[:1].isupper()
            and fold(word) in self.lexicon.words
            and word.lower() not in self.lexicon.lower_words
        )

    def unknown_terms(self, topic: str) -> list[str]:
        """Names, acronyms and figures in ``topic`` that the corpus never mentions.

        A capitalised phrase is a name: it is known when the corpus has the phrase, or two
        names it has side by side ("Arctic Council" + "Working Group", "Clean" + "Energy"),
        or a given name it never uses before a name it does ("Donald Trump" for "Trump"); a
        single word is known in any form the corpus uses ("Norwegians").
        """
        missing = []
        for m in _NAME.finditer(topic):
            name = m.group(0)
            first, _, rest = name.partition(" ")
            if (
                m.start() == 0
                and first.lower() in self.lexicon.lower_words
                and (not rest or rest.split()[0] in _GLUE)
            ):
                # a capital that only starts the topic ("Risks of the US…")
                name = re.sub(r"^(?:(?:of|the|and|for|on)\s+)*", "", rest)
                if not name:
                    continue
            if not self._known_name(name):
                missing.append(name)
        return missing

    def _known_name(self, name: str) -> bool:
        if self.has(name):
            return True
        head, _, last = name.rpartition(" ")
        place = self.place_of(last) if last[:1].isupper() else None
        if place is not None and self.has(f"{head} {place}".strip()):
            return True  # "Southeast Asian" where the corpus says "Southeast Asia"
        words = [w for w in fold(name).split() if w not in _GLUE]
        if len(words) <= 1:
            toks = tokenize(words[0]) if words else []
            return bool(toks) and all(t in self.lexicon.df for t in toks)
        tokens = name.split()
        parts = re.split(r"\s+(?:and|&)\s+", name)
        if len(parts) > 1 and all(self._known_name(p) for p in parts):
            return True  # names joined by "and" ("FADs and IUU"): each one known
        if len(tokens) == 2 and not self.has(tokens[0]) and self.proper(tokens[1]):
            return True  # a person the corpus names by surname ("Donald Trump": "Trump")
        return any(  # two names the corpus has, side by side
            self.has(" ".join(tokens[:cut])) and self.has(" ".join(tokens[cut:]))
            for cut in range(1, len(tokens))
        )


Aliases = list[tuple[frozenset[str], frozenset[str]]]


def topic_aliases(
    lex: Lexicon, topic: str, weights: dict[str, float], idf: Callable[[str], float]
) -> Aliases:
    """The abbreviations the corpus defines for words of the topic, both ways ("Northern
    Sea Route" and "NSR"): ``[(short stems, long stems)]``, so that a sentence using one
    form holds the topic's words in the other. The long form's words of an abbreviation the
    topic uses join ``weights`` (weighted by ``idf``)."""
    found = list(lex.aliases_in(fold(topic)))
    for word in topic.split():
        alias = lex.alias_by_short.get(fold(word.strip(".,;:?!()")))
        if alias is not None and alias not in found:
            found.append(alias)
            for t in alias.long_stems:  # the long form's words count as the topic's
                weights.setdefault(t, idf(t))
    return [(a.short_stems, a.long_stems | a.short_stems) for a in found if a.short_stems]


def spelled_out(terms: frozenset[str], aliases: Aliases) -> frozenset[str]:
    """A sentence's words with the other form of each abbreviation it uses."""
    extra = [both for short, both in aliases if terms & short or (both - short) <= terms]
    return terms.union(*extra) if extra else terms
