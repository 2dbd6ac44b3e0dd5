"""A figure asked for one year answered by a sentence about another: "how many events were
logged in 2022?" where the text gives 2023, 2024 and 2025. The year asked is absent from what
would be quoted, their paragraphs, headings and titles (a range or a decade covering it
counts as said), while the lead sentence states another year: the text's figure holds for that
year, not the one asked. Refused naming both, quoting the nearest sentence.

Only generic English is known here (year shapes, spans, relative years).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing_bot.answering.analysis import Question
from briefing_bot.answering.compose import Picked
from briefing_bot.answering.evidence import YEAR_SPAN
from briefing_bot.answering.mismatch import Elsewhere
from briefing_bot.answering.numbers import YEAR, spell_years
from briefing_bot.answering.wording import AUXILIARY

_YEAR = re.compile(YEAR)
# a year opening or closing a period ("since 2018", "by 2030", "between 2019 and 2024"): the
# question asks about a span, which a sentence about another year inside it may answer
_OPEN_BEFORE = re.compile(
    r"\b(?:since|after|before|by|until|till|from|through|to|and|or|between|pre|post|beyond"
    r"|prior\s+to|up\s+to|as\s+of)[\s-]+$",
    re.IGNORECASE,
)
# "since 2022", "before 2020": a text saying so gives no figure for that year itself
_AFTER_OR_BEFORE = re.compile(r"\b(?:since|after|before|prior\s+to)\s+$", re.IGNORECASE)
# "2019-2024", "between 2019 and 2024", "from 2019 to 2024": every year between is said
_SPAN = YEAR_SPAN
_DECADE = re.compile(r"\b((?:1[89]|20)\d)0s\b")
# a year the reader must work out ("last year", "a year earlier"): it may be the one asked
_RELATIVE = re.compile(
    r"\b(?:(?:last|this|next|that|the\s+same|the\s+previous|the\s+following|the\s+prior"
    r"|the\s+past|the\s+current)\s+year|years?\s+(?:earlier|later|before|after|ago)"
    r"|year[-\s]on[-\s]year)\b",
    re.IGNORECASE,
)
# a yes/no question ("did it open in 2024?") is answered by what the text says instead
_YES_NO = re.compile(rf"^\W*(?:{AUXILIARY}|had|shall|may|might|must)\b", re.IGNORECASE)


def _before(text: str, end: int) -> str:
    """``text[:end]`` from the start of its last two words (and the spaces and hyphens after
    them): all a period word before a year ("since", "prior to") can be. Searching the whole
    text before every year cost quadratic time on a long run of years."""
    i = end
    while i > 0 and (text[i - 1].isspace() or text[i - 1] == "-"):
        i -= 1
    for word in (2, 1):
        while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"):
            i -= 1
        j = i
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if word == 1 or j == i:
            break
        i = j
    return text[i:end]


def asked_years(text: str) -> set[int]:
    """The single years a question asks about ("in 2022", "in '24", "FY2024"), not those
    opening or closing a span ("since 2018", "by 2030")."""
    text = spell_years(text)
    return {
        int(m.group(0))
        for m in _YEAR.finditer(text)
        if not _OPEN_BEFORE.search(_before(text, m.start()))
    }


def stated_years(text: str) -> set[int]:
    """Every year a text states or covers: single years, the years of a span ("2023-25",
    "between 2019 and 2024") and of a decade ("the 2020s")."""
    text = spell_years(text)
    years = {
        int(m.group(0))
        for m in _YEAR.finditer(text)
        if not _AFTER_OR_BEFORE.search(_before(text, m.start()))
    }
    for m in _SPAN.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b <= a + 60:
            years.update(range(a, b + 1))
    for m in _DECADE.finditer(text):
        years.update(range(int(m.group(1)) * 10, int(m.group(1)) * 10 + 10))
    return years


def year_elsewhere(q: Question, chosen: Sequence[Picked]) -> Elsewhere | None:
    """The question (standing on its own, not yes/no) asks about a year that the first of
    the ``chosen`` sentences, its paragraph, section headings and document title never state
    or cover, while that sentence states another year and its paragraph leaves no year to be
    worked out ("last year"): what the answer would open with holds for another year."""
    if not chosen or q.followup or _YES_NO.match(q.text):
        return None
    asked = asked_years(q.text)
    if not asked:
        return None
    lead = chosen[0]
    around = f"{lead.chunk.title} {' '.join(lead.chunk.section_path)} {lead.chunk.text}"
    if stated_years(f"{around} {lead.text}") & asked or _RELATIVE.search(lead.chunk.text):
        return None
    others = sorted(stated_years(lead.text) - asked)
    if not others:
        return None
    wanted = min(asked)
    other = min(others, key=lambda y: (abs(y - wanted), y))
    return Elsewhere(" and ".join(str(y) for y in sorted(asked)), str(other), chosen[0])
