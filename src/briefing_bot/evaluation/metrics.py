"""Metric functions: text normalisation, facts, citations, retrieval (ranx), briefing
redundancy, and summary statistics. Pure functions of strings and ids, no assistant.
"""

from __future__ import annotations

import re
import string
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations

from briefing_bot.text import facts_held, strip_citation_markers

RETRIEVE_K = 10
RECALL_CUTOFFS = (1, 3, 5)
RETRIEVAL_METRICS = (*(f"recall@{k}" for k in RECALL_CUTOFFS), "mrr")

# Two briefing points repeat each other when their content-word sets overlap this much
# (Jaccard), or when one point's words appear, in order, inside the other's.
REDUNDANCY_JACCARD = 0.6
# Function words left out of the redundancy comparison: two points that share only "the",
# "of" and "and" say different things.
_FUNCTION_WORDS = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been it its "
    "this that these those their there which who whom whose what when where how than then "
    "also not no has have had do does did can could will would should may might into over "
    "under about between such".split()
)


def normalize_space(text: str) -> str:
    return " ".join(text.split())


def strip_markers(text: str) -> str:
    """Answer text without its [n] citation markers."""
    return strip_citation_markers(text)


def contains_quote(passage: str, quote: str) -> bool:
    """Whether ``passage`` holds ``quote`` verbatim, whitespace aside."""
    q = normalize_space(quote)
    return bool(q) and q in normalize_space(passage)


def normalize_answer(text: str) -> str:
    """SQuAD normalisation: lower case, no punctuation (Unicode too), no articles, one space."""
    text = text.lower()
    text = "".join(
        " " if ch in string.punctuation or unicodedata.category(ch).startswith("P") else ch
        for ch in text
    )
    text = re.sub(r"\b(?:a|an|the)\b", " ", text)
    return " ".join(text.split())


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD token F1 between an answer and the reference answer."""
    pred = normalize_answer(prediction).split()
    gold = normalize_answer(reference).split()
    if not pred or not gold:
        return float(pred == gold)
    same = sum((Counter(pred) & Counter(gold)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(gold)
    return 2 * precision * recall / (precision + recall)


def facts_found(answer: str, facts: Sequence[Sequence[str]]) -> tuple[list[str], list[str]]:
    """(found, missing): each fact named by its first spelling; found when any spelling
    appears in ``answer``, case-insensitively."""
    found: list[str] = []
    missing: list[str] = []
    for fact, hit in zip(facts, facts_held(answer, facts), strict=True):
        (found if hit else missing).append(fact[0] if fact else "")
    return found, missing


def facts_recall(answer: str, facts: Sequence[Sequence[str]]) -> float | None:
    """Share of required facts present; None when there are none to find."""
    if not facts:
        return None
    found, _ = facts_found(answer, facts)
    return len(found) / len(facts)


def citation_precision(passages: Sequence[str], quotes: Sequence[str]) -> float | None:
    """Share of cited passages that hold some reference quote; None without citations."""
    if not passages:
        return None
    good = sum(any(contains_quote(p, q) for q in quotes) for p in passages)
    return good / len(passages)


def citation_recall(passages: Sequence[str], quotes: Sequence[str]) -> float | None:
    """Share of reference quotes held by some cited passage; None without quotes."""
    if not quotes:
        return None
    held = sum(any(contains_quote(p, q) for p in passages) for q in quotes)
    return held / len(quotes)


def content_words(text: str) -> frozenset[str]:
    """The set of words of ``text`` (SQuAD-normalised, markers and function words removed)."""
    return frozenset(
        w for w in normalize_answer(strip_markers(text)).split() if w not in _FUNCTION_WORDS
    )


def repeats(a: str, b: str, threshold: float = REDUNDANCY_JACCARD) -> bool:
    """Whether two briefing points repeat each other: content-word Jaccard ≥ ``threshold``,
    or one point's normalised text contained in the other's."""
    na, nb = normalize_answer(strip_markers(a)), normalize_answer(strip_markers(b))
    if not na or not nb:
        return False
    if na in nb or nb in na:
        return True
    wa, wb = content_words(a), content_words(b)
    union = wa | wb
    return bool(union) and len(wa & wb) / len(union) >= threshold


def redundant_pairs(points: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of points that repeat each other."""
    return [(i, j) for (i, a), (j, b) in combinations(enumerate(points), 2) if repeats(a, b)]


def redundancy(points: Sequence[str]) -> float | None:
    """Share of point pairs that repeat each other; None with fewer than two points."""
    pairs = len(points) * (len(points) - 1) // 2
    return len(redundant_pairs(points)) / pairs if pairs else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (linear interpolation, as numpy); None for no values."""
    import numpy as np

    return float(np.percentile(np.asarray(values, dtype=float), q)) if values else None


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def count(values: Iterable[float | None]) -> int:
    """How many values a :func:`mean` averages (the ``None`` ones are left out)."""
    return sum(v is not None for v in values)


def rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def retrieval_scores(
    relevant: dict[str, set[str]], rankings: dict[str, list[str]]
) -> dict[str, dict[str, float]]:
    """Per-query recall@1/3/5 and MRR (ranx) of ranked passage ids against relevant ids.

    Queries with nothing relevant are left out; a query missing from ``rankings`` scores 0.
    """
    from ranx import Qrels, Run
    from ranx import evaluate as ranx_evaluate

    names = list(RETRIEVAL_METRICS)
    queries = sorted(q for q, rel in relevant.items() if rel)
    if not any(rankings.get(q) for q in queries):
        return {q: dict.fromkeys(names, 0.0) for q in queries}
    qrels = Qrels.from_dict({q: dict.fromkeys(sorted(relevant[q]), 1) for q in queries})
    # Scores by rank, strictly decreasing: ranx must see exactly the assistant's order.
    run = Run.from_dict(
        {
            q: {pid: float(len(ids) - i) for i, pid in enumerate(ids)}
            for q in queries
            if (ids := rankings.get(q))
        }
    )
    with warnings.catch_warnings():
        # numba's notice about ranx's own uint64 → int64 cast: harmless, and not ours to fix
        warnings.filterwarnings("ignore", message=".*unsafe cast.*")
        # make_comparable: a query the assistant found nothing for gets an empty result (0)
        ranx_evaluate(qrels, run, names, threads=1, make_comparable=True)
    return {q: {name: float(run.scores[name][q]) for name in names} for q in queries}
