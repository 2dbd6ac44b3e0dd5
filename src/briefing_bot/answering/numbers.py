"""Numbers in any of the usual spellings, reduced to one canonical form.

"$140bn", "USD 140 billion" and "140 billion dollars" all become ``num:140000000000``; "25%"
and "25 percent" become ``pct:25``; a bare year becomes ``year:2023``. Answers compare these
forms, so a question may write a figure differently from the text.
"""

from __future__ import annotations

import calendar
import re

from briefing_bot.text import NUMBER_WORDS, ORDINALS

WORD_VALUES = NUMBER_WORDS
__all__ = [
    "MONTHS",
    "ORDINALS",
    "WORD_VALUES",
    "canonical_numbers",
    "has_full_date",
    "has_money",
    "has_month",
    "has_percent",
    "has_quantity",
    "has_year",
    "number_positions",
]
MONTHS = [m for m in calendar.month_name if m]
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_CURRENCY = r"(?:US\$|USD|\$|€|EUR|£|GBP|KRW|₩|¥|JPY|CNY|RMB)"
_NUMBER = re.compile(
    rf"(?<![\w.])(?P<cur>{_CURRENCY})?\s?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
    r"\s?(?P<pct>%|percent\b|per cent\b)?"
    r"(?:\s?-?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|k|m|b)\b)?",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(
    r"\b(?:a\s+)?(?P<word>" + "|".join(WORD_VALUES) + r")\b"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
# A fraction said in words ("more than half", "a third of", "two-thirds", "one fifth"): a
# share, as a percentage. An ordinal ("the third reason") is not one: a count must precede it.
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0}
_FRACTION = re.compile(
    r"\b(?:(?P<count>a|one|two|three|four)[\s-]+(?P<part>half|thirds?|quarters?|fifths?)\b"
    r"|(?:than|about|over|nearly|almost|roughly|around|under|some)\s+(?P<half>half)\b)",
    re.IGNORECASE,
)
# what follows "a third" when it is a share: "a third of the catch", "cut by a third."
_FRACTION_END = re.compile(r"\s*(?:of\b|[.,;:)!?]|$)")
_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b")
_YEAR = re.compile(r"(?<![\w.$])(?:1[89]|20)\d{2}(?![\w%])")


def canonical_numbers(text: str) -> set[str]:
    """Every figure of ``text`` in canonical form (``num:``, ``pct:``, ``year:``)."""
    out: set[str] = set()
    for m in _NUMBER.finditer(text):
        raw = m.group("num").replace(",", "")
        try:
            value = float(raw)
        except ValueError:  # pragma: no cover - the pattern only matches digits
            continue
        scale = (m.group("scale") or "").lower()
        if m.group("pct"):
            out.add(f"pct:{value:g}")
            continue
        if (
            not scale
            and not m.group("cur")
            and re.fullmatch(r"(?:1[89]|20)\d{2}", raw)
            and _YEAR.match(text, m.start("num"))
        ):
            out.add(f"year:{raw}")
            continue
        if scale in ("m", "b", "k") and not m.group("cur"):
            # "5 m" is more likely metres than millions without a currency in front
            scale = ""
        out.add(f"num:{value * _SCALES.get(scale, 1):g}")
    for m in _WORD_NUMBER.finditer(text):
        value = WORD_VALUES[m.group("word").lower()] * _SCALES.get(
            (m.group("scale") or "").lower(), 1
        )
        out.add(f"num:{value:g}")
    for m in _FRACTION.finditer(text):
        if m.group("half"):
            out.add("pct:50")
            continue
        count = m.group("count").lower()
        if count in ("a", "one") and not _FRACTION_END.match(text, m.end()):
            continue  # "a third ship", "a quarter century": an ordinal or a unit, no share
        times = 1 if count in ("a", "one") else WORD_VALUES[count]
        part = _FRACTIONS[m.group("part").lower().rstrip("s")]
        out.add(f"pct:{times * part:.3g}")
    return out


def has_quantity(text: str) -> bool:
    """A figure that is not just a year (an amount, count or share). "By the hundreds" is
    not a figure: it answers no "how many"."""
    return any(not n.startswith("year:") for n in canonical_numbers(text))


def has_percent(text: str) -> bool:
    return any(n.startswith("pct:") for n in canonical_numbers(text))


def has_money(text: str) -> bool:
    return bool(
        re.search(
            rf"{_CURRENCY}\s?\d|\d[\d.,]*\s?(?:\w+\s)?(?:dollars|euros|won|pounds|yen)\b", text
        )
    )


def has_year(text: str) -> bool:
    return _YEAR.search(text) is not None


def has_month(text: str) -> bool:
    return _MONTH.search(text) is not None


# a day, month and year in either order ("March 14, 2025", "14 March 2025")
_FULL_DATE = re.compile(
    rf"\b(?:{'|'.join(MONTHS)})\s+\d{{1,2}},?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}\s+(?:{'|'.join(MONTHS)})\s+\d{{4}}"
)


def has_full_date(text: str) -> bool:
    return _FULL_DATE.search(text) is not None


def number_positions(text: str) -> list[int]:
    """Character offsets of the figures, years and month names in ``text``."""
    spans = [m.start() for m in _NUMBER.finditer(text)]
    spans += [m.start() for m in _WORD_NUMBER.finditer(text)]
    spans += [m.start() for m in _MONTH.finditer(text)]
    return sorted(spans)
