"""Interview transcripts: the interviewer's turns, the interviewee, a dated byline.

A published Q&A sets the interviewer's questions in bold and the answers as plain text. A
bold paragraph that asks something is a turn of the conversation, not a heading: its
paragraph gets the kind ``"question"`` so that what the interviewer put and what the
interviewee answered stay apart (in chunks too). Everything is read from the document itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing_bot.corpus.dates import DATE
from briefing_bot.corpus.markup import Block, clean_inline
from briefing_bot.corpus.paragraphs import ends_sentence
from briefing_bot.corpus.sentences import split_sentences

QUESTION = "question"

# a whole block in bold: "**Why did prices rise?**" (no bold run closing inside it)
_BOLD_BLOCK = re.compile(r"^\s{0,3}(\*\*|__)(?P<text>(?:(?!\*\*|__).)+)\1\s*$", re.DOTALL)
_ASKS = re.compile(r"\?[\"'”’)]*$")
# a byline's trailing date: "…, 2 April 2026", "… on March 3, 2026", "…, May 2026" (a year
# alone is no byline date: "Class of 2026")
TRAILING_DATE = re.compile(rf",?\s+(?:on\s+)?(?P<date>{DATE})$")
# a title before a person's name: "Dr ", "Prof. "
HONORIFIC = r"(?:Dr|Prof|Professor|Mr|Mrs|Ms)\.?\s+"
# lower-case words a name may hold between its capitalised ones ("Ana de la Cruz")
NAME_PARTICLES = frozenset("de del della der di du la le van von y da dos".split())
_NAME = rf"(?:{HONORIFIC})?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{1,3}})"
# the verb after a person's name in a note about them: "Jane Doe is a senior fellow …"
DESCRIBED = r"\s+(?:is|was|serves|leads|directs|heads)\b"
_IS_NAME = re.compile(rf"(?:^|(?<=[.!?]\s)){_NAME}{DESCRIBED}")
# a paragraph about a person, from its first words: "Jane Doe is a senior fellow at …"
PERSON_NOTE = re.compile(rf"^{_NAME}{DESCRIBED}")
# a standfirst that says who is interviewed: "… talks to Jane Doe", "an interview with …"
_WITH_NAME = re.compile(
    rf"\b(?:talks?|talked|talking|speaks?|spoke|speaking)\s+(?:to|with)\s+{_NAME}"
    rf"|\binterview(?:ed)?\s+with\s+{_NAME.replace('<name>', '<name2>')}"
)


def _bold_text(block: Block) -> str | None:
    found = _BOLD_BLOCK.match(block.raw)
    return " ".join(found.group("text").split()) if found else None


def asks(text: str) -> bool:
    """Whether a (bold) paragraph is a question: it ends in a question mark."""
    return bool(_ASKS.search(text.rstrip()))


def mark_turns(blocks: list[Block]) -> None:
    """Mark the interviewer's turns: an all-bold block that asks (ends in "?") or says
    several sentences; in a document with two or more such questions, also an all-bold
    sentence ("**Your critics say ….**"), which there is a prompt of the same voice."""
    bold = [(b, t) for b in blocks if b.level is None and (t := _bold_text(b)) is not None]
    questions = sum(1 for _, t in bold if asks(t))
    for block, text in bold:
        if (
            asks(text)
            or len(split_sentences(text)) >= 2
            or (questions >= 2 and ends_sentence(text) and len(text.split()) >= 4)
        ):
            block.kind = QUESTION


def split_dated_byline(name: str) -> tuple[str, str | None]:
    """ "Tunde Doe, 2 April 2026" → ("Tunde Doe", "2 April 2026"); no date: (name, None)."""
    found = TRAILING_DATE.search(name)
    if not found or found.start() == 0:
        return name, None
    return name[: found.start()].strip(" ,"), found.group("date")


def byline_names(byline: str | None) -> list[str]:
    """The names a byline lists: "Jane Doe and Ann Roe", "Jane Doe, Ann Roe & Sam Poe"."""
    return [n.strip() for n in re.split(r",|\band\b|&", byline or "") if n.strip()]


def interviewee(notes: Iterable[str], standfirst: Iterable[str], byline: str | None) -> str | None:
    """Who a Q&A transcript interviews: the one person its standfirst (or a note about the
    document) says is talked to, or else the one person its notes describe ("Jane Doe is …")
    who is not the interviewer."""
    interviewer = {n.casefold() for n in byline_names(byline)}

    def others(found: Iterable[re.Match[str]]) -> list[str]:
        groups = [m.groupdict() for m in found]
        names = [g.get("name") or g.get("name2") or "" for g in groups]
        names = [n for n in names if n and n.casefold() not in interviewer]
        return list(dict.fromkeys(names))

    # a short italic standfirst is among the notes (metadata), a long one is body text
    about = [clean_inline(text, 0)[0] for text in [*standfirst, *notes]]
    talked = others(m for text in about for m in _WITH_NAME.finditer(text))
    if len(talked) == 1:
        return talked[0]
    described = others(
        m for text in notes for m in _IS_NAME.finditer(clean_inline(text, 0)[0].strip())
    )
    return described[0] if len(described) == 1 else None
