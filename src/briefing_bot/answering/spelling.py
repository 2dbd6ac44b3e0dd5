"""A question read as it was typed: slips, British or American spellings, apostrophes left
out, and "us" for the country.

An analyst types fast: "how much has Ghana invsted", "semiconducters", "cybersecuirty". Each
such word is one the corpus never uses, so the search misses it and the answer/refuse model
counts it as unknown, and the question is refused although the text answers it. A slip is
read as the word one edit away that the corpus uses (a letter left out, added, changed or two
swapped), the most frequent where several are (one keeping the first letter first): a word
the corpus writes, or an English word form whose stems it uses ("invested" for a text that
says only "investment"); failing that, for a lower-case word of six letters or more, a name
the corpus writes with the same first letter ("bellfast").

Only what cannot be a word of its own is corrected, so a question about something the
corpus does not cover keeps its unknown words: an English word ("weather", "boats":
lemminflect's lexicon), a number word, a word the corpus uses in any form, a short one
(under five letters: "ppl", "recs"), a clipped one of five that starts a corpus word
("stats"), a place of its own ("gambia" is not the text's "Zambia"), a capitalised one or an
acronym (a name the corpus never mentions must stay unknown: "Johnston" is not the text's
"Johnson"; a question's first word is read as a word). A compound's parts are read one by
one ("anti-spooofing"; "e-residency" is not "presidency").

Besides: a word the corpus never uses is read as its other national spelling where the corpus
uses that ("meters": "metres"); contractions and possessives typed without the apostrophe get
it ("whats", "Accras"); "us" in lower case is "US" where it qualifies a noun.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from briefing_bot.answering.lexicon import fold
from briefing_bot.answering.numbers import WORD_VALUES
from briefing_bot.answering.wording import english_stems, english_word
from briefing_bot.retrieval import STOPWORDS, tokenize
from briefing_bot.text import ORDINALS, restore_apostrophes

if TYPE_CHECKING:
    from briefing_bot.answering.lexicon import Lexicon

_WORD = re.compile(r"(?<![\w'’-])[A-Za-z][a-z]*(?:-[a-z]+)*(?![\w-])")
MIN_LETTERS = 5  # shorter slips are too often another word (and analysts' shorthand)
NAME_LETTERS = 6  # a name typed in lower case is read as a corpus name from this long


@dataclass(frozen=True)
class Correction:
    """One word of a question read as a corpus word."""

    typed: str
    read: str


class Speller:
    """Reads a question as typed against one corpus: slips, spelling variants and
    apostrophes left out."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._tables: tuple[_ByLength, _ByLength] | None = None

    def _vocabularies(self) -> tuple[_ByLength, _ByLength]:
        """What a slip may stand for, by length, in the order they are searched: the words
        the corpus writes in lower case and the English word forms whose stems it uses
        ("invested" where it writes only "investment"); then the corpus's names, for a name
        typed in lower case ("bellfast"). Built on the first slip. (Every other English word
        form, "hppened" for "happened", was tried as a third: lemminflect's lexicon lacks
        "rugby", "fridge", "thirty", so it read them as "ruby", "fringe", "thirsty".)"""
        if self._tables is None:
            known = self.lexicon.df
            english = english_stems()
            words = {w for w in self.lexicon.lower_words if len(w) >= MIN_LETTERS - 1}
            words |= {w for w, ss in english.items() if ss and all(s in known for s in ss)}
            names = {
                w
                for w in self.lexicon.words
                if len(w) >= NAME_LETTERS - 1 and w.isalpha() and w not in self.lexicon.lower_words
            }
            self._tables = (_by_length(words - STOPWORDS), _by_length(names - words - STOPWORDS))
        return self._tables

    def _known(self, word: str) -> bool:
        stems = tokenize(word)
        return not stems or all(self.lexicon.known_stem(s) for s in stems)

    def candidate(self, word: str, *, as_name: bool = True) -> str | None:
        """The word a slip ``word`` (lower case) stands for, or None: one edit away (two let
        "ressidency" be "presidency", the e-residency a text lacks). A corpus word first,
        the first letter kept where it can be (a slip seldom changes it: "ltest" is
        "latest", not "test"), the most frequent first; else, for a word of six letters or
        more, a name the corpus writes with the same first letter (``as_name``). A capitalised
        word is never read as another name: "Johnston" may be someone the text never
        mentions, not its "Johnson"."""
        words, names = self._vocabularies()
        hits = _near(word, words)
        if hits:
            return min(hits, key=lambda w: (w[0] != word[0], -self._frequency(w), w))
        if as_name and len(word) >= NAME_LETTERS:
            named = [w for w in _near(word, names) if w[0] == word[0]]
            if named:
                return min(named, key=lambda w: (-self._frequency(w), w))
        return None

    def _frequency(self, word: str) -> int:
        return min((self.lexicon.df.get(s, 0) for s in tokenize(word)), default=0)

    def slip(self, word: str) -> bool:
        """Is ``word`` (as typed; one part of a compound) a candidate slip: lower case, long
        enough, no English word, unknown to the corpus in any form and, under six letters,
        not a clipped corpus word ("stats")? A longer one that starts a corpus word is a slip
        where a word one edit away exists ("emisions", "recommed")."""
        if len(word) < MIN_LETTERS or not word.islower():
            return False  # short, or a name or an acronym
        if word in STOPWORDS or word in WORD_VALUES or word in ORDINALS:
            return False  # lemminflect lacks "thirty" and "sixth"
        if english_word(word) or self._known(word):
            return False
        if word in _world_names():
            return False  # a place of its own: "gambia" is not the text's "Zambia"
        stems = tokenize(word)
        return len(word) > MIN_LETTERS or not (len(stems) == 1 and self.lexicon.clipped(stems[0]))

    def variant(self, word: str) -> str | None:
        """The British or American spelling of ``word`` (as typed, lower case) that the corpus
        uses where it never uses the word itself: "defense" for a text that writes
        "defence"."""
        if len(word) < MIN_LETTERS or not word.islower() or self._known(word):
            return None  # (short: "four" is not "for")
        return next((v for v in variants(word) if tokenize(v) and self._known(v)), None)

    def correct(self, text: str) -> tuple[str, list[Correction]]:
        """``text`` with its slips replaced by the corpus words they stand for."""
        found: list[Correction] = []

        def fix(part: str, first: bool) -> str:
            read = self.variant(part) or (self.candidate(part) if self.slip(part) else None)
            if read is None and part[:1].isupper() and part[1:].islower():
                low = part.lower()
                if first:  # a sentence's capital ("Investmnet in the US?"), read as a word
                    read = self.variant(low) or (
                        self.candidate(low, as_name=False) if self.slip(low) else None
                    )
                    read = read and read[:1].upper() + read[1:]
            if read is None:
                return part
            found.append(Correction(part, read))
            return read

        def fix_word(m: re.Match[str]) -> str:
            # a compound's parts one by one ("anti-spooofing"; "e-residency" keeps "residency",
            # an English word, where the whole would be one edit from "presidency")
            first = not text[: m.start()].strip()
            return "-".join(fix(p, first and not i) for i, p in enumerate(m.group(0).split("-")))

        text = restore_apostrophes(text)
        text = _WORD.sub(fix_word, text)
        return self.country_us(self.possessives(text)), found

    def country_us(self, text: str) -> str:
        """``text`` with "us" typed in lower case read as "US" where it is the country, in a
        corpus that writes "US": after "the" ("is the us planning…"), before a hyphen ("us-
        japan"), or before the noun it qualifies ("us banks", "how us firms…") where no verb
        takes it as its object ("give us figures", "told us that" stay the pronoun)."""
        if "us" not in self.lexicon.upper_words or " us" not in f" {text}":
            return text
        words = list(_WORD.finditer(text))
        out, at = [], 0
        for i, m in enumerate(words):
            word = m.group(0)
            if word != "us" and not word.startswith("us-"):
                continue
            before = words[i - 1].group(0).lower() if i else ""
            after = words[i + 1].group(0) if i + 1 < len(words) else ""
            qualifies = after.islower() and after not in STOPWORDS and before in _BEFORE_US
            if before == "the" or word != "us" or qualifies:
                out.append(text[at : m.start()] + "US")
                at = m.start() + 2
        return "".join(out) + text[at:]

    def possessives(self, text: str) -> str:
        """``text`` with a possessive typed without its apostrophe given one ("ghanas cocoa
        board", "Accras port"): a word of five letters or more ending in "s" that the
        corpus never writes, no English word, whose stem without the "s" is a name the
        corpus writes (never in lower case) or a place in the world, not a people ("Ghanaians").
        The case stays as typed."""
        lex = self.lexicon

        def mark(m: re.Match[str]) -> str:
            word = m.group(0)
            low, base = word.lower(), fold(word[:-1])
            if len(word) < MIN_LETTERS or not low.endswith("s") or fold(word) in lex.words:
                return word
            if low in STOPWORDS or english_word(low) or base in lex.lower_words:
                return word
            if (base.endswith("an") and base not in _world_names()) or base in _demonyms():
                return word  # a people's plural: "Americans", "indians"
            if base in _CALENDAR:
                return word  # "sundays", "Mondays"
            if base in lex.words or base in _world_names():
                return f"{word[:-1]}'s"
            return word

        return _WORD.sub(mark, text)


# British and American spellings of one word (orthography, not any corpus's words): the
# corpus may write "defence", "organisation", "centre", "programme", "modelling" where the
# question types "defense", "organization", "center", "program", "modeling"
_VARIANTS = [
    re.compile(p)
    for p in (
        r"i([sz])(e|es|ed|ing|ation|ations|er|ers)$",  # organize / organise
        r"y([sz])(e|es|ed|ing)$",  # analyze / analyse
        r"ou?r(s|ed|ing|al|ite|ites)?$",  # labor / labour
        r"(?<=[bt])(er|re)(s)?$",  # center / centre, fiber / fibre
        r"en([sc])e(s)?$",  # defense / defence, license / licence
        r"(?<=[aeiou])(l|ll)(ed|ing|er|ers)$",  # modeling / modelling
        r"(?<=gram)(me)?(s)?$",  # program / programme
    )
]


_ByLength = dict[int, list[str]]


def _by_length(words: set[str]) -> _ByLength:
    out: _ByLength = {}
    for word in sorted(words):
        out.setdefault(len(word), []).append(word)
    return out


def _near(word: str, table: _ByLength) -> list[str]:
    """The words of ``table`` one edit (optimal string alignment) from ``word``."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    near = [w for n in (len(word) - 1, len(word), len(word) + 1) for w in table.get(n, ())]
    return [
        w
        for w, _, _ in process.extract(word, near, scorer=OSA.distance, score_cutoff=1, limit=None)
    ]


@lru_cache(maxsize=1)
def _world_names() -> frozenset[str]:
    """Folded names of the world's countries, demonyms, capitals and subdivisions: a word
    naming one is no slip for another name ("gambia", "zambia")."""
    from briefing_bot.answering.lexicon import _countries, world_places, world_regions

    capitals = {fold(c[1]) for c in _countries() if c[1]}
    return frozenset(world_places()) | frozenset(world_regions()) | capitals


# what may stand before "us" the country qualifying a noun ("how us firms…", "for us
# exports"), never a verb taking the pronoun as its object
_BEFORE_US = frozenset(
    """ in of from by and or between with for to vs on about against across did does do is
    are was were has have had will can could should would how what why when where which """.split()
) | {""}
_CALENDAR = frozenset(
    n.lower() for n in (*calendar.day_name, *calendar.month_name, *calendar.day_abbr) if n
)


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    """Folded demonyms of the world's countries ("ghanaian", "south african")."""
    from briefing_bot.answering.lexicon import _countries

    return frozenset(fold(c[2]) for c in _countries() if c[2])


def variants(word: str) -> list[str]:
    """The other spellings of ``word`` (lower case) in British or American English (with some
    that are no word: only a variant the corpus uses is ever read)."""
    out: list[str] = []
    for pattern in _VARIANTS:
        m = pattern.search(word)
        if m is None:
            continue
        stem, groups = word[: m.start()], m.groups()
        tail = "".join(g or "" for g in groups[1:])
        whole = m.group(0)
        if whole.startswith(("is", "iz")):
            out.append(f"{stem}i{'z' if groups[0] == 's' else 's'}{tail}")
        elif whole.startswith(("ys", "yz")):
            out.append(f"{stem}y{'z' if groups[0] == 's' else 's'}{tail}")
        elif whole.startswith("our"):
            out.append(f"{stem}or{groups[0] or ''}")
        elif whole.startswith("or"):
            out.append(f"{stem}our{groups[0] or ''}")
        elif groups[0] in ("er", "re") and len(groups) == 2:
            out.append(f"{stem}{'re' if groups[0] == 'er' else 'er'}{groups[1] or ''}")
        elif whole.startswith("en"):
            out.append(f"{stem}en{'c' if groups[0] == 's' else 's'}e{groups[1] or ''}")
        elif groups[0] in ("l", "ll"):
            out.append(f"{stem}{'ll' if groups[0] == 'l' else 'l'}{groups[1]}")
        else:  # program / programme
            out.append(f"{stem}{'' if groups[0] else 'me'}{groups[1] or ''}")
    return [v for v in out if v != word]


def read_as(slips: list[Correction]) -> str:
    """The notice an answer or briefing carries: what was read as what."""
    return "read " + ", ".join(f"“{s.typed}” as “{s.read}”" for s in slips)
