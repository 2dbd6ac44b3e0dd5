"""Author–date references: an unnumbered reference list and the in-text citations that name it.

A document in APA or Harvard style has no note markers. Its references section lists works by
author and year ("Gómez, P., & Ruiz, M. (2019). Drought and the price of water in Lima.
*Journal of Andean Studies*, 12(3), 45–67. https://doi.org/…"), and its text cites them as
"(Gómez & Ruiz, 2019)", "(SUNASS, 2018, p. 4; Ferreyra, 2021)" or "Ferreyra (2021) finds …".
Each reference becomes a note numbered after any numbered ones, and each citation a marker on
the references it names (first author and year), so answers chain to their works as they do
with endnotes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from briefing_bot.corpus.dates import DATE
from briefing_bot.corpus.markup import URL, clean_inline, url_of
from briefing_bot.corpus.references import credit, first_italic_title
from briefing_bot.corpus.turns import NAME_PARTICLES
from briefing_bot.corpus.types import Endnote, Paragraph, Source

_YEAR = r"(?:1[89]|20)\d{2}[a-z]?"
# what a reference's title starts with: a capital or digit, a quotation mark, or markup
_TITLE_START = r"[A-Z0-9\"“‘'*_<\[]"
# "Authors (2019)." or "Authors (2019, March 4)." (APA); "Authors 2019." (Harvard)
_APA = re.compile(
    rf"^(?P<authors>[^()\n]{{2,300}}?)\s*\((?P<year>{_YEAR}|n\.\s?d\.)(?:,\s*(?P<when>[^()]{{1,40}}))?\)"
    rf"[.,]?\s+(?P<rest>{_TITLE_START}.*)$",
    re.DOTALL,
)
_HARVARD = re.compile(
    rf"^(?P<authors>[^()\n\d]{{2,300}}?)[,.]?\s+(?P<year>{_YEAR})\.\s+(?P<rest>{_TITLE_START}.*)$",
    re.DOTALL,
)
# where a new entry starts in a block that holds several, one per line
_ENTRY_START = re.compile(rf"^[A-Z][^()\n]{{1,200}}?\s\((?:{_YEAR}|n\.\s?d\.)[,)]")
# the end of a title or a part: a full stop before a capital, an italic or a URL, not after
# an initial ("J. Smith") or inside an abbreviation ("U.S.")
_PART_END = re.compile(r"(?<![\s.][A-Z])[.?!]\s+(?=[A-Z*_<\[]|https?://|$)|[.?!]$")
_PAREN = re.compile(r"\(([^()]{1,300})\)")
_CITED_YEAR = re.compile(rf"(?<![\w-])({_YEAR})(?![\w-])")
_NARRATIVE_REACH = 80  # characters before "(2019)" where the author's name may stand
# lowercase words a list of names may hold ("Vries, H. de", "Smith, J. and Tan, K.", "et al.")
_NAME_PARTICLES = NAME_PARTICLES | {"and", "et", "al.", "al"}
# an organisation's abbreviation ("WHO"), after its name: "World Health Organization [WHO]",
# "… (WHO, 2020)"
_ABBR = r"[A-Z][A-Za-z&]{0,10}[A-Z]"
_ABBREVIATION = rf"\s*[\[(]\s*(?P<abbr>{_ABBR})\s*[\]),]"
_DESCRIPTOR = re.compile(r"^\s*(?:[.,]\s*)?(?:\([^()]*\)|\[[^\]]*\])")
_VOLUME = re.compile(r",\s*\d[\w()–-]*$")
_DATE = re.compile(rf"(?:{DATE})")


@dataclass(frozen=True)
class Reference:
    """One entry of an author–date reference list: who (the first author, as the text cites
    them) and when, and the work."""

    first_author: str
    year: str
    text: str
    source: Source
    aliases: tuple[str, ...] = ()  # what the text may cite the first author as ("WHO")


def is_entry(text: str) -> bool:
    """Whether ``text`` starts like an APA reference ("Surname, I. (2019). …")."""
    return bool(_ENTRY_START.match(text.strip()))


def split_entries(raw: str) -> list[str]:
    """One reference per entry of a block that lists several on consecutive lines (a wrapped
    entry's further lines continue it)."""
    entries: list[str] = []
    for line in raw.split("\n"):
        if not line.strip():
            continue
        if is_entry(line) or not entries:
            entries.append(line.strip())
        else:
            entries[-1] += " " + line.strip()
    return entries


def parse_reference(raw: str) -> Reference | None:
    """The reference ``raw`` (one entry, Markdown or plain) holds, or None when it has no
    author–date shape.

    APA's parts, in order: authors (an organisation may carry its abbreviation, "World Health
    Organization [WHO]"); the date, "(2025)" or "(2025, February 18)"; the title, italic for a
    book or report, then any "(Report No. 4)" or "[Policy note]"; the journal (its volume and
    pages left out), "In *Book*" for a chapter, or the publisher; the URL or DOI.
    """
    text = clean_inline(raw, 0)[0].strip()
    found = _APA.match(raw.strip()) or _HARVARD.match(raw.strip())
    if not found:
        return None
    authors = clean_inline(found.group("authors"), 0)[0].strip(" ,")
    abbreviation = re.search(rf"\s*\[({_ABBR})\]", authors)
    if abbreviation:
        authors = (authors[: abbreviation.start()] + authors[abbreviation.end() :]).strip(" ,")
    # "Ferreyra, L." keeps its initial's full stop; "SUNASS." loses the entry's
    authors = re.sub(r"(?<!\b[A-Z])\.$", "", authors)
    first = _first_author(authors)
    if not first or not _names(authors):
        return None
    rest = found.group("rest")
    url_match = URL.search(rest)
    url = url_of(url_match).rstrip(".,;") if url_match else None
    body = rest[: url_match.start()] if url_match else rest
    title, publisher = _title_and_publisher(body.strip())
    if not title:
        return None
    year = found.group("year")
    source = Source(
        title=title,
        publisher=credit(authors, publisher),
        date=_date(year, found.groupdict().get("when")),
        url=url,
    )
    aliases = (abbreviation.group(1),) if abbreviation else ()
    return Reference(first_author=first, year=year, text=text, source=source, aliases=aliases)


def _title_and_publisher(body: str) -> tuple[str, str | None]:
    """The title of an entry's body (what follows its date, up to its URL) and the journal,
    book or publisher after it."""
    italic = first_italic_title(body)
    if italic is not None and italic[1] == 0:
        # a book or report: the title is italic, the publisher follows it
        return italic[0].strip(" ."), _first_part(_without_descriptors(body[italic[2] :]))
    # an article or chapter: a plain title, then its journal (italic) or publisher
    end = _PART_END.search(body)
    title = clean_inline(body[: end.start()] if end else body, 0)[0].strip(" .")
    # "Title (Report No. 4)" in a plain entry: the report number is no part of the title
    title = re.sub(r"\s*(?:\([^()]*\)|\[[^\]]*\])$", "", title).strip(" .")
    after = (body[end.end() :] if end else "").strip()
    chapter = re.match(r"In\s+", after)
    container = first_italic_title(after)
    if container is not None and (container[1] == 0 or chapter):
        # a journal ("*Review of X, 14*(2), 7–29") or an edited book ("In A. Ed (Ed.), *Book*")
        name = _VOLUME.sub("", container[0]).strip(" ,.")
        publisher = _first_part(_without_descriptors(after[container[2] :])) if chapter else None
        return title, ", ".join(p for p in (name, publisher) if p) or None
    return title, _first_part(_without_descriptors(after))


def _without_descriptors(text: str) -> str:
    """``text`` (what follows a title) without the bracketed descriptors that open it:
    "(Working Paper No. 23-11).", "[Policy note].", "(pp. 4–9).", and without markup."""
    while found := _DESCRIPTOR.match(text):
        text = text[found.end() :]
    return clean_inline(text, 0)[0]


def _date(year: str, when: str | None) -> str:
    """An entry's date as the corpus writes dates: "(2025, February 18)" → "February 18,
    2025", "(2025, Spring)" → "Spring 2025"; a year alone ("2019a" → "2019") otherwise."""
    year = year if year[-1].isdigit() else year.rstrip("abcdefghijklmnopqrstuvwxyz")
    if when and year[-1].isdigit():
        # "February 18–20" is dated by its first day
        day = re.match(r"(?P<month>[A-Za-z.]+)(?:\s+(?P<day>\d{1,2}))?", when.strip())
        if day:
            full = (
                f"{day.group('month')} {day.group('day')}, {year}"
                if day.group("day")
                else (f"{day.group('month')} {year}")
            )
            if _DATE.fullmatch(full):
                return full
    return year


def _names(authors: str) -> bool:
    """Whether ``authors`` reads as a list of names: capitalised words and initials, joined
    by "and", "&" or commas, with the particles names carry ("van", "de") and "et al."."""
    words = authors.replace("&", " ").replace(",", " ").split()
    return 0 < len(words) <= 40 and all(
        w[0].isupper() or w[0].isdigit() or w.casefold() in _NAME_PARTICLES for w in words
    )


def _first_author(authors: str) -> str:
    """The name an in-text citation uses for a work's first author: a person's surname
    ("Gómez, P., & Ruiz, M." → "Gómez"), an organisation's whole name."""
    head = re.split(r"&| and ", authors, maxsplit=1)[0].strip(" ,")
    parts = [p.strip() for p in head.split(",")]
    if len(parts) >= 2 and re.fullmatch(r"(?:[A-Z][a-z]?\.[\s-]*)+", parts[1]):
        return parts[0]
    return parts[0] if len(parts) >= 2 and len(parts[0].split()) <= 3 else head


def _first_part(text: str) -> str | None:
    text = text.strip(" ,.")
    # not at an initial's or abbreviation's full stop ("U.S. Department of Labor")
    end = re.search(r"(?<![\s.][A-Z])[,.](?:\s|$)", text)
    part = (text[: end.start()] if end else text).strip()
    return part if part and part[0].isupper() and not part[0].isdigit() else None


def as_notes(references: Mapping[int, Reference]) -> dict[int, Endnote]:
    """The references, by note number, as the document's notes."""
    return {
        n: Endnote(number=n, text=ref.text, sources=(ref.source,)) for n, ref in references.items()
    }


def with_aliases(references: Mapping[int, Reference], texts: list[str]) -> dict[int, Reference]:
    """``references`` with the abbreviations ``texts`` give their organisations as authors:
    "(World Health Organization [WHO], 2020)", "the World Health Organization (WHO)", so that
    a later "(WHO, 2021)" names the work as the full name would."""
    out = {}
    for number, ref in references.items():
        found = set(ref.aliases)
        if len(ref.first_author.split()) >= 2:
            introduced = re.compile(rf"(?<!\w){re.escape(ref.first_author)}{_ABBREVIATION}")
            found.update(m.group("abbr") for text in texts for m in introduced.finditer(text))
        out[number] = replace(ref, aliases=tuple(sorted(found))) if found else ref
    return out


@lru_cache(maxsize=1024)
def _cites(first_author: str, aliases: tuple[str, ...]) -> re.Pattern[str]:
    """A reference's author (or its abbreviation) as a whole word ("Li" is not in "Liu", "UN"
    not in "under"); an abbreviation only as written: "WHO" is not "who". Compiled once per
    reference, not once per paragraph."""
    return re.compile(
        rf"(?<!\w)(?:(?i:{re.escape(first_author)})"
        + "".join(f"|{re.escape(alias)}" for alias in aliases)
        + r")(?!\w)"
    )


def with_citations(paragraph: Paragraph, notes: Mapping[int, Reference]) -> Paragraph:
    """``paragraph`` with a marker after each in-text citation that names a reference of
    ``notes`` (by note number): "(Gómez & Ruiz, 2019)" or "Ferreyra (2021)", or the first
    author's abbreviation ("(WHO, 2020)", see :func:`with_aliases`)."""
    text = paragraph.text
    if "(" not in text:
        return paragraph
    added: list[tuple[int, int]] = []
    for paren in _PAREN.finditer(text):
        for part in paren.group(1).split(";"):
            year = _CITED_YEAR.search(part)
            if year is None:
                continue
            years = _CITED_YEAR.findall(part)
            named = part[: year.start()]
            if not named.strip(" ,"):
                # "Ferreyra (2021)": the name stands right before the bracket, after any
                # earlier citation or clause ("Ferreyra (2021) and Gómez (2021)")
                before = text[max(0, paren.start() - _NARRATIVE_REACH) : paren.start()]
                named = re.split(r"[().;:]", before)[-1]
            for number, ref in notes.items():
                if ref.year in years and _cites(ref.first_author, ref.aliases).search(named):
                    added.append((paren.end(), number))
    if not added:
        return paragraph
    return replace(paragraph, markers=sorted({*paragraph.markers, *added}))
