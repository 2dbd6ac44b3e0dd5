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
    "CURRENCY",
    "MONTHS",
    "ORDINALS",
    "WORD_VALUES",
    "YEAR",
    "canonical_numbers",
    "carry_units",
    "has_full_date",
    "has_money",
    "has_month",
    "has_percent",
    "has_quantity",
    "has_year",
    "number_positions",
    "spell_years",
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
# a currency written before its sum ("USD 5", "€5"), one pattern for every reader of sums
CURRENCY = r"(?:US\$|USD|\$|€|EUR|£|GBP|KRW|₩|¥|JPY|CNY|RMB)"
_NUMBER = re.compile(
    rf"(?<![\w.])(?P<cur>{CURRENCY})?\s?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
    r"\s?(?P<pct>%|percent\b|per cent\b)?"
    r"(?:\s?-?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|k|m|b)\b)?",
    re.IGNORECASE,
)
# a number spelled out, read whole: "four hundred million", "one hundred and forty
# thousand", "twenty-five", "a dozen", "a million"
_SPELLED_VALUES = {
    **{w: v for w, v in WORD_VALUES.items() if w != "hundred"},
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SPELLED_SCALES = {
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
_SPELLED_WORD = (
    r"(?:" + "|".join(sorted([*_SPELLED_VALUES, *_SPELLED_SCALES], key=len, reverse=True)) + r")"
)
_WORD_NUMBER = re.compile(
    rf"\b(?P<a>a\s+)?(?P<run>{_SPELLED_WORD}(?:(?:\s+and\s+|[\s-]+){_SPELLED_WORD})*)\b",
    re.IGNORECASE,
)
# a fraction of a scale: "three quarters of a million", "half a billion"
_SCALE_FRACTION = re.compile(
    r"\b(?:(?P<count>a|one|two|three)[\s-]+)?(?P<part>half|thirds?|quarters?)\s+(?:of\s+)?a\s+"
    r"(?P<scale>thousand|million|billion|trillion)\b",
    re.IGNORECASE,
)

_SPELLED_PERCENT = re.compile(r"\s*(?:percent|per cent)\b", re.IGNORECASE)


def _spelled_value(run: str, article: bool) -> float | None:
    """The value of a run of number words ("one hundred and forty million"); None for a
    scale word alone without an article ("millions", "hundred" on its own)."""
    words = [w for w in re.split(r"[\s-]+", run.lower()) if w and w != "and"]
    if words[0] in _SPELLED_SCALES and not article:
        return None
    total, current = 0.0, 0.0
    for w in words:
        if w in _SPELLED_VALUES:
            current += _SPELLED_VALUES[w]
        elif w == "hundred":
            current = (current or 1.0) * 100
        else:
            total += (current or 1.0) * _SPELLED_SCALES[w]
            current = 0.0
    return total + current


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
# a year: four digits from 1800 to 2099 that are not part of a longer figure, a decimal, a sum
# ("$2019", "€2020 million") or a share ("2019%"); one pattern for every reader of years
YEAR = r"(?<![\w.$£€])(?:1[89]|20)\d{2}(?![\w%])"
_YEAR = re.compile(YEAR)


# a table cell whose label names the unit of its value: "Charge as share of export value (%):
# 15.3", "Goods exported, 2025 (EUR million): 6,240" (the row format of the table reader)
_LABELLED = re.compile(
    r"(?P<label>(?:^|(?<=;\s))[^;:]{1,120}?)(?:\s*\((?P<unit>[^()]{1,30})\))?:\s*"
    r"(?P<value>-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)(?=\s*(?:;|$|\.?\s*$))"
)
_UNIT_PERCENT = re.compile(r"^(?:%|(?:percent(?:age)?|per cent|pct)\b)", re.IGNORECASE)
_UNIT_SCALE = {"thousand": "k", "million": "mn", "mn": "mn", "billion": "bn", "bn": "bn"}
_UNIT_MONEY = re.compile(
    rf"^(?P<cur>{CURRENCY})\s*(?P<scale>thousand|million|mn|billion|bn)?$"
    rf"|^(?P<scale_only>thousand|million|mn|billion|bn)(?:\s+(?P<cur_after>{CURRENCY}))?$",
    re.IGNORECASE,
)
# a label that says its value is a share, with no unit of its own: "Share of imports: 41"
_SHARE_LABEL = re.compile(r"\b(?:share|percent|percentage|per cent|proportion)\b", re.I)


def carry_units(text: str) -> str:
    """``text`` with each labelled table value written with its label's unit, one word for
    one word: "Charge (%): 15.3" → "Charge (%): 15.3%", "Exports (EUR million): 6,240" →
    "Exports (EUR million): EUR6,240mn"; a value whose label calls it a share (and says no
    unit) is a percentage when it can be one. Other text is returned as it is."""
    if ":" not in text:
        return text

    def typed(m: re.Match[str]) -> str:
        unit, value = (m.group("unit") or "").strip(), m.group("value")
        written = value
        money = _UNIT_MONEY.match(unit) if unit else None
        if unit and _UNIT_PERCENT.match(unit):
            written = f"{value}%"
        elif money:
            cur = money.group("cur") or money.group("cur_after") or ""
            scale = (money.group("scale") or money.group("scale_only") or "").lower()
            suffix = _UNIT_SCALE.get(scale, "")
            if cur or suffix in ("mn", "bn"):
                written = f"{cur}{value}{suffix}"
        elif (
            not unit
            and _SHARE_LABEL.search(m.group("label"))
            and 0 <= float(value.replace(",", "")) <= 100
        ):
            written = f"{value}%"
        return m.group(0)[: m.start("value") - m.start()] + written

    return _LABELLED.sub(typed, text)


def canonical_numbers(text: str) -> set[str]:
    """Every figure of ``text`` in canonical form (``num:``, ``pct:``, ``year:``); a
    labelled table value in its label's unit too (:func:`carry_units`)."""
    typed = carry_units(text)
    if typed != text:
        return _canonical(text) | _canonical(typed)
    return _canonical(text)


# years written short: "FY2025", "FY24", "'24", the second year of "2024-25"
_FISCAL = re.compile(r"\bFY\s?-?((?:19|20)\d{2}|\d{2})\b", re.IGNORECASE)
_CLIPPED = re.compile(r"(?<![\w'’])['’](\d{2})\b(?!['’]?\w)")
_YEAR_RANGE = re.compile(r"(?<![\w.])((?:1[89]|20)(\d{2}))[-–/](\d{2})(?![\w%])")


def full_year(two: str) -> str:
    """A two-digit year in full: this century up to '40, the last one after it."""
    return f"{'20' if int(two) <= 40 else '19'}{two}"


def spell_years(text: str) -> str:
    """Short years written out: "FY2025" → "FY 2025", "FY24" → "FY 2024", "'24" → "2024",
    "2024-25" → "2024-2025" (a year, not the count 25)."""
    text = _FISCAL.sub(
        lambda m: f"FY {m.group(1) if len(m.group(1)) == 4 else full_year(m.group(1))}", text
    )
    text = _CLIPPED.sub(lambda m: full_year(m.group(1)), text)
    return _YEAR_RANGE.sub(lambda m: f"{m.group(1)}-{m.group(1)[:2]}{m.group(3)}", text)


def _canonical(text: str) -> set[str]:
    out: set[str] = set()
    text = spell_years(text)
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
    fractions = []
    for m in _SCALE_FRACTION.finditer(text):
        count = (m.group("count") or "a").lower()
        times = 1 if count in ("a", "one") else WORD_VALUES[count]
        part = _FRACTIONS[m.group("part").lower().rstrip("s")] / 100
        value = times * part * _SCALES[m.group("scale").lower()]
        out.add(f"num:{value:.6g}")
        fractions.append(m.span())
    for m in _WORD_NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in fractions):
            continue  # "three" and "a million" of "three quarters of a million"
        spelled = _spelled_value(m.group("run"), bool(m.group("a")))
        if spelled is None:
            continue
        # "thirty-eight percent" is a share, as "38%" is
        share = _SPELLED_PERCENT.match(text, m.end())
        out.add(f"pct:{spelled:g}" if share else f"num:{spelled:g}")
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


# A figure read from the start of its run of digits, points and commas, and taken whole
# (possessive): a pattern that lets a long digit run split between the figure and the word
# after it ("\d[\d.,]*\s?(?:\w+\s)?…") costs cubic time on untrusted text.
FIGURE = r"(?<![\d.,])[.,]*\d[\d.,]*+"
_MONEY = re.compile(rf"{CURRENCY}\s?\d|{FIGURE}\s?(?:\w+\s)?(?:dollars|euros|won|pounds|yen)\b")


def has_quantity(text: str) -> bool:
    """A figure that is not just a year (an amount, count or share). "By the hundreds" is
    not a figure: it answers no "how many"."""
    return any(not n.startswith("year:") for n in canonical_numbers(text))


def has_percent(text: str) -> bool:
    return any(n.startswith("pct:") for n in canonical_numbers(text))


def has_money(text: str) -> bool:
    return bool(_MONEY.search(text))


def has_year(text: str) -> bool:
    if _YEAR.search(text):
        return True
    # a short year ("FY24", "'24") only where one is written: this runs for every word
    if not (_FISCAL.search(text) or _CLIPPED.search(text)):
        return False
    return _YEAR.search(spell_years(text)) is not None


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


def small_number(number: str) -> bool:
    """A canonical count up to twelve ("num:4"): "four types" is said in words or not at all,
    so only larger figures identify what a question quotes."""
    kind, _, value = number.partition(":")
    return kind == "num" and float(value) <= 12


def quoted_figure(number: str) -> bool:
    """A canonical figure that identifies what a question quotes: a share ("pct:24") or an
    amount of 100 or more, or with a fraction ("num:2300", "num:1.6e+09"); not a year (it
    dates what is asked) nor a two-digit count ("FY24-25", "20-21": ages, ranks, ranges)."""
    kind, _, value = number.partition(":")
    if kind == "pct":
        return True
    if kind != "num":
        return False
    amount = float(value)
    return amount >= 100 or amount != int(amount)
