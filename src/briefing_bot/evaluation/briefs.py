"""Scoring a briefing suite: ask for every briefing with ``bot.brief`` and check it.

Per briefing:

* **fact coverage** — share of the item's fact groups present in the briefing text (any
  spelling, any case; markers removed). An abstention on a covered topic earns 0.
* **redundancy** — share of point pairs that repeat each other (see
  :func:`~briefing_bot.evaluation.metrics.repeats`: content-word Jaccard ≥ 0.6, or one point
  contained in the other); ``no_repeats`` is 1 when no pair does.
* **points_ok** — 3 to 7 points, or exactly the number asked for.
* **words_ok** — at most 250 words, or 36 per point when more than 7 points are asked for.
* **points_cited** — every point carries at least one citation.
* **citations_verbatim** — every citation's text occurs verbatim in the indexed corpus.
* **abstention** — a topic the corpus does not cover is refused, a covered one is not.
* **ask_routed** — ``bot.ask(request)`` answers the request as typed with a bulleted briefing
  (three or more bullet lines): the chat gives a briefing where one is asked for.

A briefing *passes* when its abstention is right and, for a covered topic, its fact coverage is
at least 0.75 and every structural check above holds.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from briefing_bot.evaluation.items import BriefItem, SuiteKind
from briefing_bot.evaluation.metrics import (
    contains_quote,
    count,
    facts_found,
    mean,
    percentile,
    redundancy,
    redundant_pairs,
    rounded,
    strip_markers,
)
from briefing_bot.evaluation.qa import corpus_text
from briefing_bot.evaluation.results import SuiteResult

Progress = Callable[[str, int, int], None]
KIND: SuiteKind = "brief"

MIN_POINTS, MAX_POINTS = 3, 7
MAX_WORDS = 250
WORDS_PER_POINT = 36  # ≈ 250 / 7: the budget when more than 7 points are asked for
PASS_COVERAGE = 0.75
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+\S", re.MULTILINE)


def word_limit(points_asked: int | None) -> int:
    if points_asked and points_asked > MAX_POINTS:
        return max(MAX_WORDS, WORDS_PER_POINT * points_asked)
    return MAX_WORDS


def evaluate_briefs(
    bot: Any,
    items: Sequence[BriefItem],
    *,
    name: str = "briefs",
    document: str = "paper",
    fingerprint: dict[str, str] | None = None,
    progress: Progress | None = None,
    warmup: bool = True,
    check_routing: bool = True,
) -> SuiteResult:
    """Request every briefing of ``items`` and score it (see the module docstring)."""
    corpus = corpus_text(bot)
    if warmup:
        bot.brief(None)
    records: list[dict[str, Any]] = []
    for done, item in enumerate(items, start=1):
        started = time.perf_counter()
        briefing = bot.brief(item.topic, points=item.points)
        seconds = time.perf_counter() - started
        routed = None
        if check_routing and item.answerable:
            answer = bot.ask(item.request)
            routed = not answer.abstained and len(_BULLET.findall(answer.text)) >= MIN_POINTS
        records.append(
            score_briefing(item, briefing, seconds=seconds, corpus=corpus, routed=routed)
        )
        if progress:
            progress(name, done, len(items))
    metrics, counts = aggregate_briefs(records)
    return SuiteResult(name, KIND, document, metrics, counts, records, dict(fingerprint or {}))


def score_briefing(
    item: BriefItem, briefing: Any, *, seconds: float, corpus: str, routed: bool | None = None
) -> dict[str, Any]:
    """One briefing's record: pass/fail with reasons and every check."""
    text = strip_markers(briefing.text)
    abstained = bool(briefing.abstained)
    points = list(briefing.points or [])
    point_texts = [p.text for p in points]
    citations = list(briefing.citations or [])
    found, missing = facts_found(text, item.fact_groups)
    coverage: float | None = None
    if item.answerable and item.fact_groups:
        coverage = 0.0 if abstained else len(found) / len(item.fact_groups)
    words = len(text.split())
    limit = word_limit(item.points)
    pairs = redundant_pairs(point_texts)
    verbatim = [contains_quote(corpus, c.text) for c in citations]
    checks: dict[str, bool | None] = {"citations_verbatim": all(verbatim) if verbatim else None}
    if not abstained:
        n = len(points)
        checks.update(
            points_ok=(n == item.points) if item.points else MIN_POINTS <= n <= MAX_POINTS,
            words_ok=words <= limit,
            points_cited=bool(points) and all(p.citations for p in points),
            no_repeats=not pairs,
        )
    reasons: list[str] = []
    if item.answerable:
        if abstained:
            reasons.append("abstained on a topic the corpus covers")
        elif coverage is not None and coverage < PASS_COVERAGE:
            reasons.append(f"fact coverage {coverage:.2f}; missing: " + "; ".join(missing))
    elif not abstained:
        reasons.append("briefed on a topic the corpus does not cover")
    if checks.get("points_ok") is False:
        wanted = item.points or f"{MIN_POINTS}-{MAX_POINTS}"
        reasons.append(f"{len(points)} points (wanted {wanted})")
    if checks.get("words_ok") is False:
        reasons.append(f"{words} words (limit {limit})")
    if checks.get("points_cited") is False:
        reasons.append("a point without a citation")
    if checks.get("no_repeats") is False:
        repeated = ", ".join(f"{i + 1}~{j + 1}" for i, j in pairs)
        reasons.append(f"points repeat each other: {repeated}")
    if checks["citations_verbatim"] is False:
        reasons.append("a citation is not verbatim in the corpus")
    return {
        "id": item.id,
        "split": item.split,
        "kind": "brief" if item.answerable else "unanswerable",
        "tags": list(item.tags),
        "request": item.request,
        "topic": item.topic,
        "points_asked": item.points,
        "answerable": item.answerable,
        "pass": not reasons,
        "reasons": reasons,
        "text": briefing.text,
        "abstained": abstained,
        "points": [
            {"text": p.text, "citations": [_number(c) for c in p.citations]} for p in points
        ],
        "citations": [
            {
                "number": c.number,
                "locator": c.locator,
                "chunk_id": c.chunk_id,
                "passage": c.text,
                "verbatim": ok,
            }
            for c, ok in zip(citations, verbatim, strict=True)
        ],
        "fact_groups": item.fact_groups,
        "facts_found": found,
        "facts_missing": missing,
        "fact_coverage": rounded(coverage),
        "redundancy": rounded(redundancy(point_texts)) if not abstained else None,
        "redundant_pairs": [list(p) for p in pairs],
        **{k: None if v is None else float(v) for k, v in checks.items()},
        "words": words,
        "ask_routed": None if routed is None else float(routed),
        "latency_ms": round(seconds * 1000, 1),
    }


def _number(citation: Any) -> int:
    """A point's citation: its number, or a Citation object carrying one."""
    return citation if isinstance(citation, int) else int(citation.number)


def aggregate_briefs(
    records: list[dict[str, Any]],
) -> tuple[dict[str, float | None], dict[str, int]]:
    """Suite metrics and, for each, the number of briefings it averages over."""
    covered = [q for q in records if q["answerable"]]
    uncovered = [q for q in records if not q["answerable"]]
    given = [q for q in records if not q["abstained"]]
    latencies = [q["latency_ms"] for q in records]
    series: dict[str, list[float | None]] = {
        "pass_rate": [float(q["pass"]) for q in records],
        "fact_coverage": [q["fact_coverage"] for q in covered],
        "redundancy": [q["redundancy"] for q in given],
        **{
            key: [q.get(key) for q in given]
            for key in ("no_repeats", "points_ok", "words_ok", "points_cited")
        },
        "citations_verbatim": [q["citations_verbatim"] for q in records],
        "abstention_accuracy": [float(q["abstained"]) for q in uncovered],
        "false_abstention_rate": [float(q["abstained"]) for q in covered],
        "ask_routed": [q["ask_routed"] for q in covered],
        "points_mean": [float(len(q["points"])) for q in given],
        "words_mean": [float(q["words"]) for q in given],
    }
    metrics: dict[str, float | None] = {k: rounded(mean(v)) for k, v in series.items()}
    counts = {k: count(v) for k, v in series.items()}
    for key in ("points_mean", "words_mean"):
        metrics[key] = rounded(metrics[key], 1)
    metrics.update(
        latency_p50_ms=rounded(percentile(latencies, 50), 1),
        latency_p95_ms=rounded(percentile(latencies, 95), 1),
    )
    counts.update(latency_p50_ms=len(latencies), latency_p95_ms=len(latencies))
    return metrics, counts
