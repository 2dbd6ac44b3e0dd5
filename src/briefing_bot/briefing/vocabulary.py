"""Does the corpus name this at all? Corpus-derived vocabulary for briefing topics.

Nothing here is typed in for one corpus: the phrases, words and stems all come from the
indexed text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from briefing_bot.chunking import Chunk
from briefing_bot.retrieval import tokenize

_GLUE = frozenset({"of", "the", "and", "for", "on", "in", "a", "an", "to", "&"})
# a run of capitalised words (glue words inside), an acronym, or a figure
_NAME = re.compile(
    r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|the|and|for|on)\s+)*[A-Z][\w'’-]*)*|\b\d[\d.,]*\d\b|\b\d\b"
)


def _fold(text: str) -> str:
    """Lower case, curly quotes and possessives folded, punctuation to spaces."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _stem_known(word: str, df: dict[str, int]) -> bool:
    toks = tokenize(word)
    return bool(toks) and all(t in df for t in toks)


class Vocabulary:
    """What the corpus says, folded for name checks (built once per composer)."""

    def __init__(self, chunks: Sequence[Chunk], df: dict[str, int]) -> None:
        self.df = df
        cased = " ".join(c.text for c in chunks)
        self.folded = (
            " " + " ".join(_fold(f"{' '.join(c.section_path)} {c.text}") for c in chunks) + " "
        )
        # words the corpus writes in lower case: a capital on them only starts a sentence
        self.lower_words = set(re.findall(r"\b[a-z][a-z'-]*\b", cased))
        # capitalised words after a word in lower case: names, not sentence openings
        self.proper = set(re.findall(r"(?<=[a-z,] )[A-Z][\w'’-]*", cased))

    def unknown_terms(self, topic: str) -> list[str]:
        """Names, acronyms and figures in ``topic`` that the corpus never mentions.

        A capitalised phrase is a name: it is known when the corpus has the phrase, or two
        names it has side by side ("AUKUS" + "Pillar Two", "Clean Energy" + "Cooperation"),
        or a given name it never uses before a name it does ("Donald Trump" for "Trump"); a
        single word is known in any form the corpus uses ("Koreans").
        """
        missing = []
        for m in _NAME.finditer(topic):
            name = m.group(0)
            first, _, rest = name.partition(" ")
            if (
                m.start() == 0
                and first.lower() in self.lower_words
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
        folded = _fold(name)
        if not folded or f" {folded} " in self.folded:
            return True
        words = [w for w in folded.split() if w not in _GLUE]
        if len(words) <= 1:
            return bool(words) and _stem_known(words[0], self.df)
        tokens = name.split()
        parts = re.split(r"\s+(?:and|&)\s+", name)
        if len(parts) > 1 and all(self._known_name(p) for p in parts):
            return True  # names joined by "and" ("FADs and IUU"): each one known
        if (
            len(tokens) == 2
            and f" {_fold(tokens[0])} " not in self.folded
            and tokens[1] in self.proper
        ):
            return True  # a person the corpus names by surname ("Donald Trump": "Trump")
        return any(  # two names the corpus has, side by side
            all(
                f" {_fold(' '.join(part))} " in self.folded for part in (tokens[:cut], tokens[cut:])
            )
            for cut in range(1, len(tokens))
        )
