"""A superlative asked of a table: "which country had the biggest % rise?", "the region with
the lowest death rate". A table's rows are chunked in runs of whole rows, so the row that
answers is often in another chunk than the rows retrieved; the answer compares every row of
the table on the column the question names and quotes the row holding the extreme.

The table is the one of the best-ranked table row among the question's candidates: the rows
of its document and section that name the same columns ("Country: Sweden; 2023: 410; …").
The column is the numeric one whose heading shares the most of the question's words (its
values' "%" counts for a question that says "%" or "per cent"); no column named, or two named
alike, and nothing is claimed here: the question goes to the ordinary answer. Only English
superlatives are read (the words below); nothing about any corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing_bot.answering.compose import Picked
from briefing_bot.retrieval import tokenize

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from briefing_bot.answering.evidence import Candidate
    from briefing_bot.chunking import Chunk

_MOST = r"highest|biggest|largest|greatest|most|steepest|fastest|sharpest|strongest|top"
_LEAST = r"lowest|smallest|least|fewest|slowest|weakest"
_SUPERLATIVE = re.compile(rf"\b(?:(?P<most>{_MOST})|(?P<least>{_LEAST}))\b", re.IGNORECASE)
# "the biggest fall": the most negative change (when the column holds negative values)
_FALL = re.compile(
    r"^\W*(?:\S+\s+){0,2}?(?:falls?|drops?|declines?|decreases?|reductions?|cuts?|loss(?:es)?)\b",
    re.IGNORECASE,
)
_PERCENT_ASKED = re.compile(r"%|\bper\s*cent\b|\bpercent(?:age)?\b", re.IGNORECASE)
# a table row read as a sentence: "Label: value; Label: value; …"
_CELL = re.compile(r"^\s*([^:;]{1,90}?):\s+([^;]{0,120}?)\s*$")
_NUMBER = re.compile(r"[-+−–]?\s?\d[\d,]*(?:\.\d+)?")
# a row that sums or averages the others is no row to compare
_AGGREGATE = re.compile(r"^(?:total|all\b|overall|average|mean|sum)\b", re.IGNORECASE)
# how many best candidates may name the table
_LOOK = 8


@dataclass(frozen=True)
class Extreme:
    """The answer: ``lead`` (who holds the extreme, and its value) and the rows to quote."""

    lead: str
    rows: list[Picked]


def asked(question: str) -> tuple[str, str] | None:
    """("max" or "min", the words after the superlative) of a question asking a superlative."""
    m = _SUPERLATIVE.search(question)
    if m is None:
        return None
    return ("max" if m.group("most") else "min"), question[m.end() :]


def cells(text: str) -> list[tuple[str, str]] | None:
    """A table row's (label, value) pairs, or None for a sentence that is no row."""
    parts = text.strip().rstrip(".").split(";")
    if len(parts) < 2:
        return None
    out = []
    for part in parts:
        m = _CELL.match(part)
        if m is None:
            return None
        out.append((m.group(1).strip(), m.group(2).strip()))
    return out


def number(value: str) -> float | None:
    """The number a cell holds ("+171%", "1,480", "−12", "£3.5bn": 3.5), if any."""
    m = _NUMBER.search(value)
    if m is None:
        return None
    text = m.group().replace(",", "").replace(" ", "").replace("−", "-").replace("–", "-")
    try:
        return float(text)
    except ValueError:
        return None


# a superlative of more (an "-iest" adjective too: "the deadliest month", "the busiest port")
_MORE_SAID = re.compile(rf"\b(?:{_MOST}|\w{{3,}}iest)\b", re.IGNORECASE)
_LESS_SAID = re.compile(rf"\b(?:{_LEAST})\b", re.IGNORECASE)


def reversed_superlative(question: str, text: str) -> tuple[str, str] | None:
    """(asked, said) when ``text`` answers the opposite superlative of the question's: the
    fewest asked, only the deadliest said ("which month had the fewest deaths?" — "October
    was the deadliest month"); None when it says the asked direction or no superlative."""
    m = _SUPERLATIVE.search(question)
    if m is None:
        return None
    if m.group("least"):
        said, other = _MORE_SAID.search(text), _LESS_SAID.search(text)
    else:
        said, other = _LESS_SAID.search(text), _MORE_SAID.search(text)
    if said is None or other is not None:
        return None
    return m.group().lower(), said.group().lower()


def table_extreme(
    question: str, ranked: Sequence[Candidate], chunks: Iterable[Chunk]
) -> Extreme | None:
    """The row of the table the question asks a superlative of, or None (see the module)."""
    wanted = asked(question)
    if wanted is None:
        return None
    direction, rest = wanted
    seed = next((c for c in ranked[:_LOOK] if cells(c.text)), None)
    if seed is None:
        return None
    labels = [label for label, _ in cells(seed.text) or []]
    rows: list[tuple[Picked, list[tuple[str, str]]]] = []
    seen: set[str] = set()
    for chunk in chunks:
        if chunk.doc_id != seed.chunk.doc_id or chunk.section_path != seed.chunk.section_path:
            continue
        for i, text in enumerate(chunk.sentence_texts()):
            row = cells(text)
            if row is None or [label for label, _ in row] != labels or text in seen:
                continue
            seen.add(text)
            rows.append((Picked(chunk, i, text), row))
    if len(rows) < 3:
        return None  # a table of one or two rows needs no comparing
    rows = [(p, row) for p, row in rows if not _AGGREGATE.match(row[0][1])]
    column = _column(question, labels, [row for _, row in rows])
    if column is None:
        return None
    values = [(number(row[column][1]), p, row) for p, row in rows]
    known = [(v, p, row) for v, p, row in values if v is not None]
    if len(known) < 3:
        return None
    if _FALL.match(rest) and any(v < 0 for v, _, _ in known):
        direction = "min" if direction == "max" else "max"  # "the biggest fall": most negative
    pick = max if direction == "max" else min
    best = pick(v for v, _, _ in known)
    winners = [(p, row) for v, p, row in known if v == best]
    word = _SUPERLATIVE.search(question)
    superlative = word.group().lower() if word else ("highest" if direction == "max" else "lowest")
    names = " and ".join(row[0][1] for _, row in winners)
    lead = (
        f"Of the table's {len(known)} rows, {names} has the {superlative} "
        f"{labels[column]} ({winners[0][1][column][1]}):"
    )
    # the text may say it in words too ("Car occupants … saw the largest fall"): quoted after
    said = [
        Picked(c.chunk, c.index, c.text)
        for c in ranked[:_LOOK]
        if c.kind == "body"
        and cells(c.text) is None
        and any(row[0][1].lower() in c.text.lower() for _, row in winners)
    ][:1]
    return Extreme(lead, [*(p for p, _ in winners), *said])


def _column(question: str, labels: list[str], rows: list[list[tuple[str, str]]]) -> int | None:
    """The numeric column (not the first, the rows' names) whose label the question names
    best; None when none is named or two are named alike."""
    words = set(tokenize(question))
    percent = _PERCENT_ASKED.search(question) is not None
    scores: list[tuple[float, int]] = []
    for k in range(1, len(labels)):
        column = [row[k][1] for row in rows]
        numeric = sum(number(v) is not None for v in column)
        if numeric < 0.8 * len(column):
            continue
        score = float(len(words & set(tokenize(labels[k]))))
        if percent and sum("%" in v for v in column) >= 0.8 * len(column):
            score += 0.5
        scores.append((score, k))
    if not scores:
        return None
    scores.sort(reverse=True)
    top = scores[0][0]
    if top < 1 or (len(scores) > 1 and scores[1][0] == top):
        return None
    return scores[0][1]
