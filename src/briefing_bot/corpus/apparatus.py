"""What a document says about itself, outside its argument: an author line without "By", an
author note under its label, a run-in "Abstract." label, and the front matter's other lines
(a byline, a title line, a journal or series line).

A working paper often opens with its author line as plain text — "Jane Doe, Example Institute
— Working Paper No. 3, May 2026" — and ends with "*Author note.* Jane Doe is a senior fellow
at …"; its abstract is a paragraph that starts "**Abstract.**". Each is read from its shape
alone: a name-like first segment whose words the document never writes in lower case, a
label the note starts with or a person it describes, a label set in bold or italics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing_bot.corpus.layout import title_case
from briefing_bot.corpus.markup import URL, Block, clean_inline
from briefing_bot.corpus.paragraphs import SENTENCE_END, ends_sentence
from briefing_bot.corpus.turns import (
    DESCRIBED,
    HONORIFIC,
    NAME_PARTICLES,
    PERSON_NOTE,
    byline_names,
)

# the labels an author note goes under: "Author note.", "About the author:", "Note on the authors"
_NOTE_LABELS = r"author(?:'s|’s)?\s+notes?|about\s+the\s+authors?|notes?\s+on\s+(?:the\s+)?authors?"
_SECTION_LABELS = r"abstract|summary|executive\s+summary"


def _run_in(labels: str) -> re.Pattern[str]:
    """A label that opens a paragraph: "**Abstract.** …", "*Author note*: …", "Abstract. …"
    (a full stop or colon after it, inside or outside the bold or italics)."""
    marked = rf"(?P<mark>\*\*|__|\*|_)(?P<marked>{labels})(?:[.:]\s*(?P=mark)|(?P=mark)\s*[.:]?)"
    plain = rf"(?P<plain>{labels})[.:]"
    return re.compile(rf"^\s*(?:{marked}|{plain})\s*(?=\S)", re.IGNORECASE)


_NOTE_LABEL = _run_in(_NOTE_LABELS)
_SECTION_LABEL = _run_in(_SECTION_LABELS)
# a heading over an author note ("## About the author")
_NOTE_HEADING = re.compile(rf"^(?:{_NOTE_LABELS})[.:]?$", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s+[—–|·]\s+|\s*—\s*")
_HONORIFIC = re.compile(rf"^{HONORIFIC}")
_PARTICLES = NAME_PARTICLES | {"das", "bin", "ibn"}
# a whole token with an "@" inside it; anchored at the token's start, so that a long token
# without one is scanned once, not once from each of its characters
_EMAIL = re.compile(r"(?<!\S)\S+@\S+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MAX_NOTE = 2000  # characters: an author note after a rule, longer than an aside's 400


def lowercase_words(texts: Iterable[str]) -> set[str]:
    """The words a document writes in lower case somewhere (URLs and e-mail addresses left
    out, which spell names in lower case)."""
    words: set[str] = set()
    for text in texts:
        plain = _EMAIL.sub(" ", URL.sub(" ", text))
        words.update(w for w in _WORD.findall(plain) if w[0].islower())
    return words


def _person(text: str, lowercase: set[str]) -> bool:
    """Whether ``text`` reads as one person's name: two to five capitalised words or initials
    ("Ana de la Cruz", "J. L. Ortega"), none of them a word the document writes in lower case
    (an institution's or a journal's words are: "policy", "review", "finance")."""
    words = _HONORIFIC.sub("", text.strip()).split()
    named = [w for w in words if w not in _PARTICLES]
    if not 2 <= len(named) <= 5 or not words[0][0].isupper():
        return False
    for word in named:
        if re.fullmatch(r"(?:[A-Z]\.-?)+", word):
            continue
        letters = word.replace("-", "").replace("'", "").replace("’", "")
        if not letters.isalpha() or not word[0].isupper() or word[1:].isupper():
            return False  # an acronym ("HFI") or a number is no part of a name
        if any(part.casefold() in lowercase for part in word.split("-") if part):
            return False
    return any(not re.fullmatch(r"(?:[A-Z]\.-?)+", w) for w in named)


def author_line(line: str, lowercase: set[str]) -> tuple[str, str | None] | None:
    """An author line without "By" ("Jane Doe, Example Institute — Working Paper No. 3,
    May 2026") as (author and affiliation, the rest: the series or publication line), or
    None when it does not start with a person's name. ``lowercase``: the document's
    lower-case words (:func:`lowercase_words`)."""
    text = clean_inline(line, 0)[0].strip()
    # a sentence is no author line (an abbreviation, "D.C." or "Inc.", may end one)
    if not text or len(text) > 200 or re.search(r"(?:[a-z]{4}[.]|[!?:;])$", text):
        return None
    parts = _SEPARATOR.split(text, maxsplit=1)
    segments = [s.strip() for s in parts[0].split(",")]
    names = byline_names(segments[0])
    if not names or not all(_person(n, lowercase) for n in names):
        return None
    # the author part runs up to the first segment with a number (a series number, a date)
    upto = next((k for k, s in enumerate(segments) if re.search(r"\d", s)), len(segments))
    author = ", ".join(segments[:upto])
    rest = ", ".join(segments[upto:])
    if len(parts) > 1:
        rest = f"{rest}, {parts[1]}" if rest else parts[1]
    # the affiliation is a name too: a lower-case clause makes the line a sentence, not a byline
    if sum(1 for w in author.split() if w[:1].islower() and w not in _PARTICLES) > 2:
        return None
    return author, rest.strip(" ,") or None


def author_note(block: Block, *, after_rule: bool = False) -> str | None:
    """The text of an author note: a paragraph under its label ("*Author note.* Jane Doe is
    …", label dropped), or, after a rule, one that describes a person ("Jane Doe is a senior
    fellow at …"); None for any other paragraph."""
    if len(block.raw) > _MAX_NOTE:
        return None
    raw = " ".join(block.lines)
    label = _NOTE_LABEL.match(raw)
    if label:
        return clean_inline(raw[label.end() :], 0)[0].strip() or None
    if not after_rule:
        return None
    text = clean_inline(raw, 0)[0].strip()
    if PERSON_NOTE.match(text.lstrip("*† ")):
        return text
    return None


def is_note_heading(text: str) -> bool:
    """Whether a heading stands over an author note ("About the author")."""
    return bool(_NOTE_HEADING.match(text.strip()))


def section_label(block: Block) -> tuple[str, Block] | None:
    """A run-in section label opening a paragraph ("**Abstract.** This paper …") as the
    section's name and the paragraph without it; None when the paragraph has none."""
    found = _SECTION_LABEL.match(block.lines[0])
    if not found or found.end() >= len(block.lines[0].rstrip()):
        return None
    label = " ".join((found.group("marked") or found.group("plain")).split())
    rest = Block(
        block.start + found.end(),
        [block.lines[0][found.end() :], *block.lines[1:]],
        block.page,
        block.level,
        block.kind,
    )
    return label, rest


def about_author(block: Block, byline: str | None) -> bool:
    """Whether a short paragraph describes an author the byline names ("Jane Doe is …")."""
    if not byline or len(block.raw) > 400:
        return False
    return _describes(clean_inline(" ".join(block.lines), 0)[0].lstrip("*† "), byline)


def _describes(text: str, byline: str) -> bool:
    names = [n for n in byline_names(byline) if len(n) > 3]
    return any(re.match(re.escape(name) + DESCRIBED, text) for name in names)


def starred_note(block: Block, byline: str | None, mark: str | None) -> str | None:
    """A footnote-style author note wherever it stands (a PDF prints it at the foot of the
    first page): a paragraph that opens with the mark the byline carries ("Jane Doe*", then
    "* Jane Doe is a senior fellow at …") and describes that author; its text, or None."""
    if not mark or not byline or len(block.raw) > _MAX_NOTE:
        return None
    raw = " ".join(block.lines).strip()
    if not raw.startswith(mark):
        return None
    text = clean_inline(raw[len(mark) :], 0)[0].strip()
    return text if _describes(text, byline) else None


# ---------------------------------------------------------------------------------------------
# The front matter: bylines, a title line, a journal or series line

# "By …", "Author: …", and a transcript's "Remarks by …" / "Testimony by …"
BYLINE = re.compile(
    r"^(?:(?:remarks|speech|address|statement|testimony|lecture|written|prepared|interview"
    r"|conversation)\s+)?"
    r"(?:by|author:?)\s+(.{2,200})$",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# an article's author line with the footnote star of its author note: "Jane Doe*"
STARRED_NAME = re.compile(r"^((?:[A-Z][\w.'’-]+\s+){1,4}[A-Z][\w.'’-]+)\s*[*†]$")


def names_author(line: str) -> bool:
    """Whether a line is a byline: "By Jane Doe", "Author: …", "Jane Doe*"."""
    return bool(BYLINE.match(line.strip()) or STARRED_NAME.match(line.strip()))


def reads_as_title(block: Block) -> bool:
    """Whether a plain text's first block reads as its title: one short line, no closing
    punctuation, no byline; or a title-case title wrapped over two or three lines."""
    line = block.lines[0].strip()
    if len(block.lines) > 1:
        return (
            len(block.lines) <= 3
            and len(title_text(block)) <= 300
            and not any(SENTENCE_END.search(x.strip()) or names_author(x) for x in block.lines)
            and title_case(title_text(block))
        )
    return 3 <= len(line) <= 200 and not SENTENCE_END.search(line) and not BYLINE.match(line)


def title_text(block: Block) -> str:
    """A title block's lines as one line (a line ending in a hyphen joins the next unspaced)."""
    text = ""
    for part in (line.strip() for line in block.lines):
        text += part if not text or text.endswith("-") else " " + part
    return text


def reads_as_dateline(block: Block) -> bool:
    """ "Global Health Policy Review, Vol. 9, No. 2 (2026)", "Policy Brief No. 17 · May 2026":
    one short line with a year, no verb-like sentence in it and no sentence end."""
    text = clean_inline(block.lines[0], 0)[0].strip()
    return (
        short_line(block)
        and len(text.split()) <= 16
        and bool(YEAR.search(text))
        and not ends_sentence(text)
        and not re.search(r"[.!?]\s+[A-Z]", text)
        and sum(1 for w in text.split() if w[:1].islower() and w.isalpha()) <= 3
    )


# a numbered series: "Policy Brief No. 41", "Working Paper 12" (one word and a number, "COP 29",
# may be a kicker)
_SERIES = re.compile(
    r"^(?:[A-Z][\w-]*\s+){1,5}(?:No\.?|Number|#)\s*\d{1,4}$|^(?:[A-Z][\w-]*\s+){2,5}\d{1,4}$"
)


def names_series(block: Block) -> bool:
    """Whether a short line names a numbered series ("Policy Brief No. 41")."""
    return short_line(block) and bool(_SERIES.match(clean_inline(block.lines[0], 0)[0].strip()))


def short_line(block: Block) -> bool:
    """Whether a block is one short line (a kicker, a byline, a series line)."""
    return len(block.lines) == 1 and len(block.raw) <= 120
