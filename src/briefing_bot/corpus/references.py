"""Works cited without quotation marks around their titles.

A quoted title ('“Harbours in Transition: A Survey,” Port Board, …') marks itself; the
common styles below do not, and are read from the shape of the reference instead:

- ``Author, Title[: Subtitle], Publisher, Date, URL`` (the title italic in the original);
- ``Author, Title (City: Publisher, Date), URL`` (Chicago book and report style);
- ``Author, *Title*, Publisher, Date`` where the source format keeps the italics
  (Markdown ``*…*``/``_…_``, HTML ``<i>``/``<em>``): the strongest sign of a title.

Unmarked references need more evidence than marked ones, because commentary has commas too: a
URL or a "(City: Publisher, Date)" block, an author or organisation that reads as a name, and
a title that reads as one (title case or a subtitle after a colon). A note without that shape
("See the discussion above.", "Author's interview, May 2024.") cites nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing_bot.corpus.dates import ACCESS_PREFIXES, DATE_OR_YEAR, DATE_PREFIX
from briefing_bot.corpus.markup import clean_inline
from briefing_bot.corpus.types import Source
from briefing_bot.text import MONTHS

# A comma-separated segment that is only a date ("updated …" is the work's; "accessed …" not)
_DATE_SEGMENT = re.compile(rf"^(?:(?P<prefix>{DATE_PREFIX})\s+)?(?P<date>{DATE_OR_YEAR})$")
# "(City: Publisher, Date)", "(Publisher, Date)" or "(Date)"
_PAREN = re.compile(
    rf"\(\s*(?:(?:(?P<city>[^():,]{{2,40}}):\s*)?(?P<publisher>[^()]+?),\s*)?"
    rf"(?P<date>{DATE_OR_YEAR})\s*\)"
)
# A locator, not a work's part: "vol. 9", "no. 2", "pp. 4–9", "Revision 3"
_LOCATOR = re.compile(
    r"^(?:vol(?:ume)?|nos?|issue|pp?|pages?|rev(?:ision)?|version|ed(?:ition)?|ch(?:apter)?"
    r"|part|art(?:icle)?)\.?\s*[\dIVXivx][\w.–-]*$",
    re.IGNORECASE,
)
_ITALIC = re.compile(
    r"<(?P<tag>i|em)>(?P<html>.+?)</(?P=tag)>"
    r"|(?<![\w*\\])(?P<mark>\*|_)(?!\s)(?P<md>[^*_\n]+?)(?<!\s)(?P=mark)(?![\w*])"
)
_LINK_TEXT = re.compile(r"^\[([^\]]*)\]\(")
# short words a title-case title leaves lowercase ("Lessons from …", "Roadmaps Without …")
_TITLE_LOWER = frozenset(
    "about above across after against along among around before behind below between beyond "
    "from into near onto over than that through toward towards under until upon when where "
    "while with within without".split()
)
_MONTH_DAY = re.compile(rf"^(?:.*\s)?(?:{MONTHS})\s+\d{{1,2}}$")
_YEAR = re.compile(r"^\d{4}\b")
_ENDS_IN_YEAR = re.compile(r"\b(?:19|20)\d\d$")
_IBID_WORD = re.compile(r"^(?:ibid|id|op\.?\s*cit|loc\.?\s*cit|passim)\.?$", re.IGNORECASE)
_SEE = re.compile(r"^(?:see(?:\s+also)?|cf\.|e\.g\.,?)\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_PAGES = re.compile(
    r"^(?:pp?\.\s*)?\d{1,4}(?:\s*[–-]\s*\d{1,4})?(?:\s*,\s*\d{1,4}(?:\s*[–-]\s*\d{1,4})?)*$"
)
_TITLE_BREAKS = ":,.;—–("
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SEE_WITHIN = re.compile(r"\b(?:see(?:\s+also)?|cf\.)\s+", re.IGNORECASE)
_NAME_WORDS = 12  # an author segment longer than this is a clause, not a name
_TITLE_WORDS = 40


def split_top_level(text: str, sep: str = ";") -> list[str]:
    """``text`` split at ``sep`` outside quotes, parentheses and brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "“([<":
            depth += 1
        elif ch in "”)]>" and depth:
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _segments(text: str) -> list[str]:
    """Comma-separated segments, an American date ("June 3, 2023") kept whole."""
    merged: list[str] = []
    for segment in split_top_level(text, ","):
        if merged and _YEAR.match(segment) and _MONTH_DAY.match(merged[-1]):
            merged[-1] += ", " + segment
        else:
            merged.append(segment)
    return merged


def unquoted_source(part: str, url: str | None, url_span: tuple[int, int] | None) -> Source | None:
    """The work one citation without a quoted title cites, or None when it has no work's
    shape. ``part`` is the raw citation (one ";"-separated part of a note), ``url`` and
    ``url_span`` its URL and where it sits in ``part``."""
    raw = part
    if url_span:
        # a Markdown link keeps its text ("[Annual Report](https://…)" names the work)
        link = _LINK_TEXT.match(part[url_span[0] : url_span[1]])
        kept = link.group(1) if link and not link.group(1).startswith("http") else ""
        raw = part[: url_span[0]] + kept + part[url_span[1] :]
    # the first italic span that can be a title: a citation's italic "See", "cf." or
    # "et al." is a style's habit, not the work's name
    italic = next((m for m in _ITALIC.finditer(raw) if _italic_title(m)), None)
    if italic:
        title = _clean(italic.group("html") or italic.group("md"))
        author = _clean(_SEE.sub("", _clean(raw[: italic.start()])))
        publisher, date = _tail(_clean(raw[italic.end() :]))
        # emphasis in commentary ("*Not* the case") is no title: a work has a date or a URL
        if not (url or date) or (author and not _name_like(author)):
            return None
        return Source(title=title, publisher=credit(author, publisher), date=date, url=url)
    return _shaped_source(_SEE.sub("", _clean(raw)), url)


def _italic_title(found: re.Match[str]) -> bool:
    """Whether an italic span can be a title: it starts like one ("*Silt and Power*", not
    "*et al.*") and is no reference word ("*See*", "*Ibid.*")."""
    text = _clean(found.group("html") or found.group("md"))
    return (
        bool(text)
        and (text[0].isupper() or text[0].isdigit())
        and not _SEE.match(text + " ")
        and not _IBID_WORD.match(text)
    )


def short_form_source(part: str, works: Sequence[Source]) -> Source | None:
    """The earlier work a short-form citation repeats ("Author, Main Title." for a full
    "Author, Main Title: Subtitle, …, Date, URL"), or None. The short title must be the
    work's whole title or the part before its subtitle, and a named author must be among
    its credits: nothing is matched on a few shared words."""
    segments = [s.strip(" .") for s in _segments(_SEE.sub("", _clean(part)))]
    if not 1 <= len(segments) <= 2 or len(_WORD.findall(segments[-1])) < 2:
        return None
    short, author = segments[-1].casefold(), segments[0].casefold() if len(segments) == 2 else ""
    for work in reversed(works):  # the latest full citation of it
        title = (work.title or "").casefold()
        if short in (title, title.split(": ")[0]) and author in (work.publisher or "").casefold():
            return work
    return None


def is_page_locator(text: str) -> bool:
    """Whether ``text`` is only a page reference ("4", "30–33", "pp. 11-14", "p. 9")."""
    text = text.strip(" ,.")
    # a year alone ("2009") or a span of years is a date, not pages
    return bool(_PAGES.match(text)) and not _ANY_YEAR.search(text)


def shortened_source(short: Source, works: Sequence[Source]) -> Source | None:
    """The earlier full citation a quoted short form repeats ("Doe and Roe, “Main Title,” 4."
    for "Jane Doe and John Roe, “Main Title: A Subtitle,” …, 2025, URL"), or None. The short
    title must open the full one up to a break (a colon, comma or dash) and have two words at
    least; a named author must be the full one's surnames or its initials ("EIPS" for
    "Example Institute for Policy Studies")."""
    title = (short.title or "").casefold().strip()
    if len(_WORD.findall(title)) < 2:
        return None
    for work in reversed(works):  # the latest full citation of it
        full = (work.title or "").casefold()
        if not (full == title or (full.startswith(title) and full[len(title)] in _TITLE_BREAKS)):
            continue
        if short.publisher and not _same_author(short.publisher, work.publisher or ""):
            continue
        return work
    return None


def _same_author(short: str, credit: str) -> bool:
    """Whether a short form's author ("Doe and Roe", "EIPS") names the credit of a full
    citation ("Jane Doe and John Roe; Publisher", "Example Institute …; City")."""
    author = credit.split(";", maxsplit=1)[0]
    short = _SEE_WITHIN.split(short)[-1]  # "On this point, see Doe": the author is Doe
    names = [w for w in _WORD.findall(short) if w[0].isupper()]
    if not names:
        return False
    words = set(_WORD.findall(author))
    return all(n in words for n in names) or (len(names) == 1 and names[0] == _initials(author))


def _shaped_source(text: str, url: str | None) -> Source | None:
    """``Author, Title, Publisher, Date`` or ``Author, Title (City: Publisher, Date)``."""
    paren = _PAREN.search(text)
    if paren and paren.group("publisher"):
        head = _segments(text[: paren.start()])
        publisher, date = _clean_publisher(paren.group("publisher")), paren.group("date")
    elif url is None:
        return None  # no URL, no publication block: nothing says this is a work
    else:
        segments = _segments(text[: paren.start()] if paren else text)
        at = _date_index(segments)
        date = paren.group("date") if paren else None
        if at is not None:
            date = date or _date_of(segments[at])
            segments = segments[:at]
        head, publisher = segments, None
    head = [s for s in (seg.strip(" .") for seg in head) if s and not _LOCATOR.match(s)]
    if len(head) < 2 and not publisher:
        return None
    start = _title_start(head)
    author = ", ".join(head[:start])
    rest = head[start:]
    if not rest:
        return None
    if publisher is None and len(rest) >= 2 and _publisher_like(rest[-1]):
        rest, publisher = rest[:-1], rest[-1]
    title = ", ".join(rest)
    if author and not _name_like(author):
        return None
    if not _title_like(rest[0]) or len(_WORD.findall(title)) > _TITLE_WORDS:
        return None
    return Source(title=title, publisher=credit(author, publisher), date=date, url=url)


def _title_start(head: list[str]) -> int:
    """Where the title begins: the first segment after the author with a subtitle after a
    colon (an organisation's name may hold commas), else the second segment."""
    for k, segment in enumerate(head[1:], start=1):
        if ": " in segment and _title_like(segment):
            return k
    return 1 if len(head) > 1 else 0


def _tail(text: str) -> tuple[str | None, str | None]:
    """Publisher and date after a marked title: "(City: Publisher, Date)" or ", Publisher,
    Date"."""
    paren = _PAREN.match(text.strip(" ,"))
    if paren:
        return _clean_publisher(paren.group("publisher") or ""), paren.group("date")
    segments = [s.strip(" .") for s in _segments(text)]
    at = _date_index(segments)
    date = _date_of(segments[at]) if at is not None else None
    kept = [s for s in (segments[:at] if at is not None else segments) if s]
    kept = [s for s in kept if not _LOCATOR.match(s)]
    return (", ".join(kept) or None), date


def publication_block(text: str, author: str) -> tuple[str | None, str | None] | None:
    """Credit and date from a "(City: Publisher, Date)" block opening ``text`` (what follows
    a title), with ``author`` before the title; None when ``text`` does not open with one."""
    paren = _PAREN.match(text.strip(" ,"))
    if not paren:
        return None
    return credit(author, _clean_publisher(paren.group("publisher") or "")), paren.group("date")


def _date_index(segments: list[str]) -> int | None:
    """The last segment that is only a date, preferring the work's date to an access date."""
    found = [(k, m) for k, s in enumerate(segments) if (m := _DATE_SEGMENT.match(s.strip(" .")))]
    own = [k for k, m in found if (m.group("prefix") or "").lower() not in ACCESS_PREFIXES]
    if own:
        return own[-1]
    return found[-1][0] if found else None


def _date_of(segment: str) -> str | None:
    match = _DATE_SEGMENT.match(segment.strip(" ."))
    return match.group("date") if match else None


def _clean(text: str) -> str:
    return clean_inline(text, 0)[0].strip(" ,.;")


def _clean_publisher(text: str) -> str | None:
    return text.strip(" ,.") or None


def _capitalised_share(text: str) -> float:
    words = [w for w in _WORD.findall(text) if len(w) > 3 and w not in _TITLE_LOWER]
    return sum(w[0].isupper() for w in words) / len(words) if words else 1.0


def _name_like(text: str) -> bool:
    """An author or organisation: short, capitalised ("World Bank and WHO")."""
    words = _WORD.findall(text)
    return (
        bool(words)
        and len(words) <= _NAME_WORDS
        and text[0].isupper()
        and _capitalised_share(text) >= 0.5
    )


def _publisher_like(segment: str) -> bool:
    """Whether the segment after a title can be its publisher: a name starts with a capital
    and does not end in a year (", Full Year 2024" or ", the Netherlands and …" go on the
    title: a note may name no publisher)."""
    return segment[:1].isupper() and not _ENDS_IN_YEAR.search(segment)


def _title_like(text: str) -> bool:
    """Title case, or a subtitle after a colon ("Oral evidence: Space sustainability")."""
    if not text or not (text[0].isupper() or text[0].isdigit()) or not _WORD.search(text):
        return False
    return ": " in text or _capitalised_share(text) >= 0.6


def _initials(name: str) -> str:
    return "".join(w[0] for w in _WORD.findall(name) if w[0].isupper())


def first_italic_title(text: str) -> tuple[str, int, int] | None:
    """The first italic span of ``text`` that can be a title, with where it starts and ends
    (Markdown ``*…*``/``_…_`` or HTML ``<i>``/``<em>``), or None."""
    found = next((m for m in _ITALIC.finditer(text) if _italic_title(m)), None)
    if found is None:
        return None
    return _clean(found.group("html") or found.group("md")), found.start(), found.end()


def credit(author: str, publisher: str | None) -> str | None:
    """Author and publisher as one credit ("Author; Publisher"), like a quoted citation's;
    a publisher that is the author or its initials ("NWFP") is not repeated."""
    if not publisher:
        return author or None
    if not author or publisher in (author, _initials(author)):
        return author or publisher
    return f"{author}; {publisher}"
