"""What the corpus itself says about its words, derived when the index is opened.

* document frequencies of word stems (for idf weights);
* an alias table mined from the text: "Indian Ocean Tuna Commission (IOTC)" defines IOTC, so
  a question saying IOTC also matches the long form and the other way round (the
  Schwartz–Hearst abbreviation algorithm);
* place names from maintained data packages (``countryinfo``, ``pycountry``): a capital or
  demonym in a question ("Oslo", "Berliners") stands for the country the corpus names, a
  state's short code ("CA") for the state it names (California);
* person names: runs of two or three capitalised words none of which the corpus ever writes
  in lower case, never preceded by "the" (people, not programmes).

Nothing here is typed in for one corpus: a second document gets its own tables.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from briefing_bot.answering.coref import antecedent_table
from briefing_bot.answering.numbers import WORD_VALUES, canonical_numbers
from briefing_bot.chunking import Chunk
from briefing_bot.retrieval import STOPWORDS, fold_accents, tokenize

# Generic English heads of institution names (not any corpus's names).
_ORG_WORD = re.compile(
    r"\b(?:University|Institute|Institution|Center|Centre|Council|Foundation|Service|Department|"
    r"Ministry|Agency|Office|Corporation|Company|Association|Academy|College|School|Laboratory|"
    r"Bank|Fund|Commission|Committee|Organization|Organisation|Forum|Group|Society|Board|Bureau)\b"
)


def fold(text: str) -> str:
    """Lower case, accents and curly quotes folded, possessives and dotted acronyms joined:
    for "is this name in the corpus" checks."""
    # a question's sentences are measured word by word: words repeat, passages do not
    return _fold_word(text) if len(text) <= _SHORT else _fold(text)


def stems(text: str) -> set[str]:
    """Content-word stems of ``text`` plus its canonical numbers."""
    return set(_stems_word(text)) if len(text) <= _SHORT else _stems(text)


_SHORT = 40  # texts up to this long (words, names) are memoised


def _stems(text: str) -> set[str]:
    numbers = canonical_numbers(text)
    # a year written short ("FY2025", "'24") is the year's own word too, as "2025" is
    years = {n.removeprefix("year:") for n in numbers if n.startswith("year:")}
    return set(tokenize(text)) | numbers | years


@lru_cache(maxsize=1 << 15)
def _stems_word(text: str) -> frozenset[str]:
    return frozenset(_stems(text))


@lru_cache(maxsize=1 << 15)
def _fold_word(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    # compatibility forms first ("ﬁ" → "fi"), then the accents the tokenizer folds too
    text = fold_accents(unicodedata.normalize("NFKC", text))
    text = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.)", r"\1", text)  # U.S. → US.
    text = text.lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


# what may define an abbreviation: "Long Form (LF)", or in square brackets inside a citation's
# parentheses ("(Long Form [LF], 2025)", the APA form)
DEFINED = re.compile(r"\(([^()\[\]]{2,12})\)|\[([^()\[\]]{2,12})\]")


@dataclass
class Alias:
    """A short form the corpus defines and its long form."""

    short: str  # as written, e.g. "IOTC"
    long: str  # e.g. "Indo-Pacific Economic Framework"
    short_stems: frozenset[str] = field(default_factory=frozenset)
    long_stems: frozenset[str] = field(default_factory=frozenset)


def mine_aliases(texts: Iterable[str]) -> list[Alias]:
    """Abbreviations defined in parentheses after their long form (Schwartz & Hearst 2003),
    or in square brackets after it inside a citation ("(Long Form [LF], 2025)", APA style)."""
    found: dict[str, Alias] = {}
    for text in texts:
        for m in DEFINED.finditer(text):
            short = (m.group(1) or m.group(2)).strip()
            bare = short[:-1] if short.endswith("s") and short[:-1].isupper() else short
            if not (
                re.fullmatch(r"[A-Za-z0-9&.\-]+", bare)
                and sum(ch.isupper() for ch in bare) >= 2
                and bare[0].isalnum()
            ):
                continue
            before = re.split(r"[.;:!?()]", text[: m.start()])[-1].split()
            window = before[-min(len(bare) + 5, 2 * len(bare)) :]
            long = _best_long_form(bare, " ".join(window))
            if long and len(long) > len(bare):
                key = fold(bare)
                found.setdefault(
                    key,
                    Alias(
                        bare,
                        long,
                        frozenset(tokenize(bare)),
                        frozenset(tokenize(long)),
                    ),
                )
    return list(found.values())


def initialisms(texts: Iterable[str]) -> dict[str, str]:
    """Initials of the corpus's capitalised names and of their parts, 2–5 words ("of/for/the"
    skipped), each to the name with those initials the corpus uses most: "Northern Sea
    Route" → NSR, "South Africa" → SA."""
    counts: dict[str, dict[str, int]] = {}
    run = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:(?:of|for|the) )?[A-Z][a-z]+){1,6}\b")
    for text in texts:
        for m in run.finditer(text):
            words = re.split(r"([ -])", m.group(0))
            tokens = words[::2]
            for start in range(len(tokens)):
                for end in range(start + 2, min(len(tokens), start + 7) + 1):
                    part = tokens[start:end]
                    if part[0] in _CONNECTORS or part[-1] in _CONNECTORS:
                        continue
                    significant = [w for w in part if w not in _CONNECTORS]
                    if not 2 <= len(significant) <= 5:
                        continue
                    long = m.group(0)[len("".join(words[: 2 * start])) :]
                    long = long[: len("".join(words[2 * start : 2 * end - 1]))]
                    short = "".join(w[0] for w in significant)
                    names = counts.setdefault(short, {})
                    names[long] = names.get(long, 0) + 1
    return {short: max(names, key=lambda n: (names[n], -len(n))) for short, names in counts.items()}


# a web or mail address (anchored at a word's start: linear on any text)
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)[^\s@]+@\S+")
_CONNECTORS = frozenset({"of", "for", "the"})
_JOINS = frozenset({"and", "of", "for"})
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}
_NUMBER_WORD = {v: k for k, v in WORD_VALUES.items() if v <= 10 and k != "dozen"}


def _best_long_form(short: str, long: str) -> str | None:
    s, i = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (long[i].lower() != c or (s == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = long.rfind(" ", 0, i + 1) + 1
    return long[start:].strip(" ,") or None


@lru_cache(maxsize=1)
def _countries() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(name, capital, demonym, alternative spellings) of every country in ``countryinfo``."""
    from countryinfo import all_countries

    out = []
    for country in all_countries():
        try:
            alts = tuple(a for a in country.alt_spellings() or [] if len(a) > 3)
            out.append(
                (
                    str(country.name()),
                    str(country.capital() or ""),
                    str(country.demonym() or ""),
                    alts,
                )
            )
        except Exception:
            continue
    return out


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, tuple[str, ...]]:
    """The ISO 3166-2 subdivisions of ``pycountry`` by the code after their country's
    ("CA" → California, Cagliari, Cádiz, …), each by its name without a bracketed note."""
    import pycountry

    out: dict[str, list[str]] = {}
    for sub in pycountry.subdivisions:
        name = re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", str(sub.name)).strip()
        out.setdefault(str(sub.code).partition("-")[2], []).append(name)
    return {code: tuple(names) for code, names in out.items()}


@lru_cache(maxsize=1)
def world_places() -> dict[str, str]:
    """Every folded name of every country in ``countryinfo`` (its name, demonym and other
    spellings, not its capital: "Brussels" may stand for a union seated there) → the
    country's name."""
    table: dict[str, str] = {}
    for name, _, demonym, alts in _countries():
        for key in (name, demonym, f"{demonym}s" if demonym else "", *alts):
            if key and fold(key) not in STOPWORDS:
                table.setdefault(fold(key), name)
    return table


@lru_cache(maxsize=1)
def world_regions() -> dict[str, str]:
    """Folded names of the provinces, states and regions of every country in
    ``countryinfo`` ("Texas", "Bavaria", "Andhra Pradesh") that are neither an English word
    ("Central", "Reading": lemminflect's lexicon) nor a country's name or other spelling: a
    place a question may type in lower case (→ the name as the package writes it)."""
    from countryinfo import all_countries

    from briefing_bot.answering.wording import english_word  # wording reads this module

    countries = world_places()
    out: dict[str, str] = {}
    for country in all_countries():
        try:
            provinces = [str(p) for p in country.provinces() or []]
        except Exception:  # a record without provinces: countryinfo raises its own errors
            continue
        for province in provinces:
            key = fold(province)
            words = key.split()
            if (
                len(key) < 4
                or key in countries
                or key in STOPWORDS
                or all(english_word(w) or w in STOPWORDS for w in words)
            ):
                continue
            out.setdefault(key, province)
    return out


@lru_cache(maxsize=1)
def _unit_registry() -> Any:
    import pint

    return pint.UnitRegistry()


@lru_cache(maxsize=256)
def unit_name(symbol: str) -> str | None:
    """The name of the unit a symbol stands for ("MW" → "megawatt", "kWh" → "kilowatt
    hour"), from ``pint``'s registry; None for anything else (or a compound unit)."""
    if not re.fullmatch(r"[A-Za-z]{1,4}", symbol):
        return None
    try:
        name = str(_unit_registry().parse_units(symbol))
    except Exception:  # pint raises its own errors for anything not a unit
        return None
    return name.replace("_", " ") if re.fullmatch(r"[a-z_]+", name) else None


# a word as written, possessive and hyphen kept ("peru's", "guinea-bissau"): read for places
_PLACE_WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")


def named_places(text: str, table: Mapping[str, object]) -> list[str]:
    """The folded keys of ``table`` (place spellings) a text names, in any case, the longest
    first, none read twice."""
    words = [fold(w) for w in _PLACE_WORD.findall(text)]
    found: list[str] = []
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            part = words[i : i + n]
            key = " ".join(part)
            if all(part) and key in table and key not in STOPWORDS:
                found.append(key)
                words[i : i + n] = [""] * n
    return found


def place_equivalents(corpus_folded: str) -> dict[str, list[str]]:
    """Folded capital/demonym/country spellings → the spellings of that country the corpus
    uses (only countries the corpus mentions)."""
    padded = f" {corpus_folded} "
    table: dict[str, list[str]] = {}
    for name, capital, demonym, alts in _countries():
        # a capital with its district's initials is written without them ("Washington D.C.")
        capitals = {capital, re.sub(r"(?:\s+(?:[A-Z]\.)+)+$", "", capital)}
        # the country as the corpus names it: name, other spellings or capital (not its
        # demonym: "Chinese" also names Hong Kong's)
        known = list(
            dict.fromkeys(
                fold(s) for s in [name, *alts, *capitals] if s and f" {fold(s)} " in padded
            )
        )
        if not known and demonym and f" {fold(demonym)} " in padded:
            # a corpus that names the country only by its demonym ("a Russian company"):
            # the country and its capital stand for that
            known = [fold(demonym)]
        if not known:
            continue
        # the country and its capital also match the demonym where the corpus uses it
        # ("Berlin" in a question, "the German federal government" in the text)
        adjective = [fold(demonym)] if demonym and f" {fold(demonym)} " in padded else []
        for key in {name, *capitals, demonym, *alts, f"{demonym}s" if demonym else ""}:
            own = fold(key) in (fold(demonym), fold(f"{demonym}s"))
            spelled = known if own else known + adjective
            others = [k for k in dict.fromkeys(spelled) if k != fold(key)]
            if key:  # every spelling is a place name, even with no other spelling to offer
                entry = table.setdefault(fold(key), [])
                entry.extend(k for k in others if k not in entry)
    return table


class Lexicon:
    """Corpus-derived vocabulary: idf, aliases, places, persons (see the module docstring)."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        import numpy as np

        df: dict[str, int] = {}
        # a figure → the passages stating it, in corpus order: a question quoting "the 24%
        # share" is looked up where the text writes "24 percent", whatever its other words
        # (the canonical figures are the stems with a kind: "pct:24", "num:2300")
        figure_rows: dict[str, list[int]] = {}
        texts = []
        for i, chunk in enumerate(chunks):
            text = f"{' '.join(chunk.section_path)} {chunk.text}"
            texts.append(text)
            for term in stems(text):
                df[term] = df.get(term, 0) + 1
                if ":" in term:
                    figure_rows.setdefault(term, []).append(i)
        self.df = df
        self.n = max(1, len(chunks))
        self._figure_rows = figure_rows
        folded_chunks = [f" {fold(t)} " for t in texts]
        # every chunk's folded text in one string, chunk i at [starts[i], starts[i + 1] - 1):
        # one object instead of one per chunk (this table is loaded by every process)
        self.folded = " ".join(folded_chunks)
        self.starts = np.cumsum([0, *(len(t) + 1 for t in folded_chunks)], dtype=np.int64)
        self.words = set(self.folded.split())
        # folded word → the chunks holding it (int32 array), so a phrase is looked up where
        # its rarest word occurs rather than in the whole corpus text
        postings: dict[str, list[int]] = {}
        for i, text in enumerate(folded_chunks):
            for word in set(text.split()):
                postings.setdefault(word, []).append(i)
        self.postings = {w: np.asarray(rows, dtype=np.int32) for w, rows in postings.items()}
        del folded_chunks, postings
        # a web address is no writing: its slug spells names in lower case ("…/rannik-shells")
        self.lower_words = {
            w for t in texts for w in re.findall(r"\b[a-z][a-z-]+\b", _WEB_ADDRESS.sub(" ", t))
        }
        # words the corpus writes only with a capital ("Ofcom", "OneWeb", "NATO"), folded →
        # as written: a name an analyst types in lower case ("what does ofcom license?")
        self.capitalised: dict[str, str] = {}
        for t in texts:
            for w in re.findall(r"\b[A-Z][^\W_]+", _WEB_ADDRESS.sub(" ", t)):
                key = fold(w)
                if key not in self.lower_words:
                    self.capitalised.setdefault(key, w)
        # words written in capitals ("GPS", "SMEs"), folded: an analyst types them in lower
        # case ("gps jammers"), and counterparts reads such a word as an acronym, not a name
        self.upper_words = {
            fold(w.removesuffix("s"))
            for t in texts
            for w in re.findall(r"\b[A-Z][A-Z0-9]+s?\b", t)
            if sum(ch.isalpha() for ch in w) >= 2
        }
        # the text as written where it is in lower case (a phrase an acronym may abbreviate);
        # searched only for an acronym the corpus never writes (then remembered), so it is
        # kept compressed: the whole corpus's text, in every process, for a rare question
        lower_text = " ".join(" ".join(re.findall(r"[A-Za-z-]+", t)) for t in texts)
        self.lower_text_z = zlib.compress(lower_text.encode("ascii"), 1)
        del lower_text
        self._spelled: dict[str, list[str]] = {}
        self._sorted_words: list[str] | None = None  # the corpus's stems in order (clipped)
        self.aliases = mine_aliases(c.text for c in chunks)
        # initials of the corpus's capitalised names ("Northern Sea Route" → NSR,
        # "South Africa" → SA): short forms an analyst types that the text never defines
        # (used only to recognise such a short form in a question, never to expand the
        # corpus's own words)
        self.initials = initialisms(c.text for c in chunks)
        self.alias_by_short = {fold(a.short): a for a in self.aliases}
        self.alias_by_long = {fold(a.long): a for a in self.aliases}
        self.places = place_equivalents(self.folded)
        self.persons = self._persons([c.text for c in chunks if c.kind in ("body", "about")])
        # the documents' own authors: "what does <author> say about X" asks about X
        self.author_stems = frozenset(
            s
            for c in chunks
            if c.kind == "about"
            for line in c.sentence_texts()
            if line.startswith("By ")
            for s in tokenize(line[3:])
        )
        self.surnames = {p.split()[-1] for p in self.persons}
        # the corpus's surnames by their folded spelling (a question types them in any case)
        self.surname_of = {fold(s): s for s in self.surnames}
        # "He recommends …": the person a pronoun-led sentence is about (coref.py), and the
        # passages holding such sentences by the stems of the people they are about
        self.antecedents = antecedent_table(chunks, self.persons)
        self._about_person: dict[str, list[str]] = {}
        self._about_order: dict[str, int] = {}  # those passages in corpus order
        for (chunk_id, _), people in self.antecedents.items():
            self._about_order.setdefault(chunk_id, len(self._about_order))
            for stem in {s for p in people for s in tokenize(p)}:
                ids = self._about_person.setdefault(stem, [])
                if chunk_id not in ids:
                    ids.append(chunk_id)
        self._person_re = (
            re.compile("|".join(re.escape(p) for p in sorted(self.persons, key=len, reverse=True)))
            if self.persons
            else None
        )

    def idf(self, term: str) -> float:
        return math.log(1 + self.n / (1 + self.df.get(term, 0)))

    def known_stem(self, term: str) -> bool:
        return term in self.df

    def places_in(self, text: str) -> list[str]:
        """The places a text names that the corpus's countries give (a country, its capital,
        demonym or longer name), in any case: folded keys of :attr:`places`, the longest
        first ("papua new guinea", not "guinea"), none read twice. A place spelled like a
        common word ("us") is not read as one."""
        return named_places(text, self.places)

    def _persons(self, texts: list[str]) -> set[str]:
        text = " ".join(texts)
        after_the = {
            fold(m.group(1)) for m in re.finditer(r"\b[Tt]he ((?:[A-Z][\w-]+ ?){1,3})", text)
        }
        names = set()
        for m in re.finditer(r"\b[A-Z][a-z]+(?:-[a-z]+)?(?: [A-Z][a-z]+(?:-[a-z]+)?){1,2}\b", text):
            words = m.group(0).split()
            good = [
                w
                for w in words
                if w.lower() not in self.lower_words
                and fold(w) not in self.places
                and w.lower() not in STOPWORDS
            ]
            while words and words[0] not in good:
                words.pop(0)
            while words and words[-1] not in good:
                words.pop()
            name = " ".join(words)
            if _ORG_WORD.search(name) or any(
                " ".join(words[i:j]).lower() in self.places
                for i in range(len(words))
                for j in range(i + 1, len(words) + 1)
            ):
                continue  # an institution or a place, not a person
            if (
                len(words) >= 2
                and all(w in good for w in words)
                and not any(fold(name) in t or t.startswith(fold(name)) for t in after_the)
                and not any(fold(name) in fold(a.long) for a in self.aliases)
            ):
                names.add(name)
        return names

    def aliases_in(self, folded: str) -> list[Alias]:
        """The aliases whose long form occurs in a folded text (by its word n-grams)."""
        words = folded.split()
        found = []
        for n in range(1, 9):
            for i in range(len(words) - n + 1):
                alias = self.alias_by_long.get(" ".join(words[i : i + n]))
                if alias is not None and alias not in found:
                    found.append(alias)
        return found

    def passages_about(self, terms: Iterable[Any]) -> list[str]:
        """The chunk ids whose pronoun-led sentences are about a person one of the question's
        terms (their ``stem``) names ("He recommends …" for "sandvik"), in corpus order."""
        found = [c for t in terms for c in self._about_person.get(t.stem, ())]
        return sorted(dict.fromkeys(found), key=self._about_order.__getitem__) if found else []

    def passages_stating(self, number: str) -> list[int]:
        """The positions (in the chunks the lexicon was built from) of the passages stating
        the canonical ``number`` ("pct:24"), in corpus order."""
        return list(self._figure_rows.get(number, ()))

    def mentions_person(self, text: str) -> bool:
        return self._person_re is not None and self._person_re.search(text) is not None

    def has_phrase(self, phrase: str) -> bool:
        """Does the corpus contain this folded phrase (whole words)?"""
        words = phrase.split()
        if not words or any(w not in self.postings for w in words):
            return False
        rarest = min(words, key=lambda w: len(self.postings[w]))
        needle, starts = f" {phrase} ", self.starts
        return any(
            self.folded.find(needle, starts[i], starts[i + 1] - 1) >= 0
            for i in self.postings[rarest].tolist()
        )

    def resolve(self, word: str) -> list[str]:
        """Other spellings of a question word the corpus uses: the long form of an
        abbreviation it defines, or the country a capital or demonym stands for."""
        key = fold(word)
        out: list[str] = []
        alias = self.alias_by_short.get(key) or self.alias_by_short.get(key.rstrip("s"))
        if alias is not None:
            out.append(alias.long)
        elif word.rstrip("s").isupper() and len(word) > 1:
            initials = self.initials.get(word) or self.initials.get(word.rstrip("s"))
            if initials and fold(initials) != key:
                out.append(initials)
            elif key not in self.words:
                single = word[:-1] if word.endswith("s") and len(word) > 2 else ""
                # "MPs" where the corpus writes "MP" (the stemmer leaves "mps" whole)
                out.extend([single] if fold(single) in self.words else self.spelled_out(word))
        elif (mixed := self._mixed_initials(word)) is not None:
            out.append(mixed)
        if not out and key not in self.words and word[1:] and not word[1:].islower():
            # a unit's symbol the corpus spells out ("MW" for "megawatts", "kWh")
            name = unit_name(word)
            if name and all(self.known_stem(s) for s in tokenize(name)):
                out.append(name)
        if not out and key not in self.words and 2 <= len(word) <= 3 and word.isupper():
            # a state's or province's short code the corpus never writes: the subdivision
            # it names ("CA" where the text says California), when it names one only
            named = [n for n in _subdivisions().get(word, ()) if self.has_phrase(fold(n))]
            out.extend(named if len(named) == 1 else [])
        places = self.places.get(key)
        if places is None and "-" in word:
            # "Moscow-linked ships": the place a hyphenated word begins with
            places = self.places.get(fold(word.split("-", maxsplit=1)[0]))
        out.extend(places or [])
        return out

    def _mixed_initials(self, word: str) -> str | None:
        """The name an acronym written with a connector's letter in lower case abbreviates
        ("DfT": "Department for Transport", the capitals its content words' initials, "f"
        the "for" between them), when the corpus writes that name; else None."""
        bare = word[:-1] if word.endswith("s") and word[-2:-1].isupper() else word
        if bare.isupper() or not re.fullmatch(r"[A-Z](?:[a-z]?[A-Z])+", bare):
            return None
        long = self.initials.get("".join(c for c in bare if c.isupper()))
        if long is None:
            return None
        spelled = "".join(
            w[0].lower() if w in _CONNECTORS else w[0] for w in re.split(r"[ -]", long) if w
        )
        return long if spelled == bare else None

    @property
    def lower_text(self) -> str:
        """The corpus's words as written (letters and hyphens), one space apart."""
        return zlib.decompress(self.lower_text_z).decode("ascii")

    def spelled_out(self, acronym: str) -> list[str]:
        """The lower-case phrase of the corpus whose initials spell an acronym it never
        writes ("NSAs" → "national security advisors", "ESG" → "environmental, social, and
        governance"); three letters at least, content words and "and/of/for" between them,
        the phrase the corpus uses most."""
        bare = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
        letters = [c for c in bare.lower() if c.isalpha()]
        if len(letters) < 3 or len(letters) != len(bare):
            return []
        got = self._spelled.get(bare)
        if got is None:
            # a listing's "and" may come before its last word ("environmental, social, and
            # governance" → ESG), "of" or "for" inside ("return of investment"); a hyphen
            # may join two of its words ("high-frequency traders" → HFT)
            gap = r"(?: (?:(?:and|of|for) )?|-)"
            pattern = re.compile(r"\b" + gap.join(f"{c}[a-z-]{{2,}}" for c in letters) + r"\b")
            counts: dict[str, int] = {}
            for m in pattern.finditer(self.lower_text):  # decompressed for this search
                phrase = m.group(0)
                # a letter of the acronym is a content word's, never the "and" of a listing
                if any(
                    len(content) == len(letters) and not any(w in STOPWORDS for w in content)
                    for content in (
                        [w for w in phrase.split() if w not in _JOINS],
                        [w for w in re.split(r"[ -]", phrase) if w and w not in _JOINS],
                    )
                ):
                    counts[phrase] = counts.get(phrase, 0) + 1
            got = [max(counts, key=lambda p: (counts[p], p))] if counts else []
            self._spelled[bare] = got
        return got

    def acronym_of(self, name: str) -> str | None:
        """The folded acronym the corpus writes (in capitals) for a name of two to six
        capitalised words it never spells out ("Japan Bank for International Cooperation"
        → "jbic"): the initials of its words, "of/for/the/and" skipped; None if there is
        none."""
        words = [w for w in name.split() if w not in _CONNECTORS and w != "and"]
        if not 2 <= len(words) <= 6 or not all(w[:1].isupper() for w in words):
            return None
        short = fold("".join(w[0] for w in words))
        # written in capitals somewhere, never as a lower-case word ("CAT", not "cat")
        if short in self.words and short not in self.lower_words and short not in STOPWORDS:
            return short
        return None

    def clipped(self, stem: str) -> bool:
        """Is a stem the corpus never uses, three letters or more, the start of a longer
        word it does ("sat" of "satellit", "fert" of "fertilis")? An analyst's clipped
        word (the caller checks it is no English word of its own)."""
        if len(stem) < 3 or stem in self.df or not stem.isalpha():
            return False
        if self._sorted_words is None:
            self._sorted_words = sorted(self.df)
        # the first stem after it in order is the one it would start, if any does
        at = bisect.bisect_right(self._sorted_words, stem)
        return at < len(self._sorted_words) and self._sorted_words[at].startswith(stem)

    def entity_status(self, name: str) -> str:
        """``known``, ``partial`` (some words or the phrase are new) or ``unknown`` (its
        last word, or every word, is new to the corpus)."""
        phrase = fold(name)
        # a place named in several words whose country the corpus names ("New Delhi"), or
        # a name the corpus writes only as its acronym
        if (
            not phrase
            or self.has_phrase(phrase)
            or self.places.get(phrase)
            or self.acronym_of(name)
        ):
            return "known"
        words = [w for w in re.split(r"\s+", name) if fold(w) and fold(w) not in STOPWORDS]
        if not words:
            return "known"
        status = [self._known_word(w) for w in words]
        if all(status):
            return "partial" if len(words) > 1 else "known"
        if not any(status) or not status[-1]:
            return "unknown"
        return "partial"

    def _known_word(self, word: str) -> bool:
        key = fold(word)
        if not key:
            return True
        if key in _ROMAN and word.isupper():  # "Pillar II" is the text's "Pillar Two"
            value = _ROMAN[key]
            return str(value) in self.words or _NUMBER_WORD.get(value, "") in self.words
        if all(part in self.words for part in key.split()):
            return True
        if all(t in self.df for t in tokenize(word)) and tokenize(word):
            return True
        if self.resolve(word):
            return True
        from briefing_bot.answering.wording import english_word  # wording reads this module

        # a name clipped ("Ouaga" for the text's "Ouagadougou"), four letters at least
        own = tokenize(word)
        return len(own) == 1 and len(own[0]) >= 4 and not english_word(key) and self.clipped(own[0])
