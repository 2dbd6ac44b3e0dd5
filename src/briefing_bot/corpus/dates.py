"""Dates as references, notes and bylines write them: one reader for the whole corpus.

The forms, each read whole (never just the year of a fuller date):

- ``14 March 2025`` (day month year), ``March 14, 2025`` / ``March 14 2025`` (month day year);
- ``March 2025``, ``Spring 2025`` (month or season and year);
- ``2025-03-14`` (ISO);
- ``2025`` alone, only where a caller asks for it (:data:`DATE_OR_YEAR`): a bare year is a
  date in a reference's date slot, not at the end of a byline.

Months may be abbreviated ("Mar.", "Sept."). A day is 1–31 and never the tail of a longer
number ("No. 117 June 2025" has no day), so a report number before a month is not read as
one. The patterns are strings with no groups of their own and no anchors: each caller embeds
them in its own regex, anchored as it needs (a whole segment, a trailing date, a search).
"""

from __future__ import annotations

import re

from briefing_bot.text import MONTHS

SEASONS = "Spring|Summer|Autumn|Fall|Winter"

_DAY = r"(?<!\d)(?:3[01]|[12]\d|0?[1-9])"
_MONTH = rf"\b(?:{MONTHS})"
_YEAR = r"\d{4}(?!\d)"

# Every form with a month, a season or a day in it; the longest forms first, so that a
# search finds "14 March 2025" before "March 2025" can match inside it.
DATE = (
    rf"{_DAY}\s+(?:{_MONTH})\s+{_YEAR}"  # 14 March 2025
    rf"|(?:{_MONTH})\s+{_DAY},?\s+{_YEAR}"  # March 14, 2025
    rf"|(?:{_MONTH}|\b(?:{SEASONS}))\s+{_YEAR}"  # March 2025, Spring 2025
    r"|\b\d{4}-(?:0[1-9]|1[0-2])-(?:3[01]|[12]\d|0[1-9])\b"  # 2025-03-14
)
# ... or a year alone (1800–2099)
DATE_OR_YEAR = rf"{DATE}|\b(?:1[89]|20)\d{{2}}\b"

# What a reference may put before its date: "updated" and "published" date the work,
# "accessed" and "retrieved" only the citing of it.
DATE_PREFIX = r"(?i:(?:last\s+)?updated|published|accessed|retrieved)"
ACCESS_PREFIXES = ("accessed", "retrieved")

_DATE_IN_TEXT = re.compile(rf"(?:(?P<prefix>{DATE_PREFIX})\s+)?(?P<date>{DATE_OR_YEAR})")


def search_date(text: str) -> re.Match[str] | None:
    """The first date in ``text`` (a year alone counts), with its "updated"/"accessed"
    prefix: ``group("date")`` is the date as written, ``start()`` where its prefix begins."""
    return _DATE_IN_TEXT.search(text)
