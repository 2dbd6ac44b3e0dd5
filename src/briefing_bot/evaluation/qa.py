"""Scoring a Q&A suite: ask every question, retrieve its evidence, score both.

* **Retrieval** (ranx): a retrieved passage is relevant when it contains a reference quote
  (whitespace-normalised); recall@1/3/5 and MRR over the top 10 of ``Assistant.retrieve``.
  A follow-up is retrieved with the question followed by the previous user turn.
* **Answers**: required-facts recall (a fact counts when any spelling appears in the answer,
  case-insensitively; an abstention earns 0), the share of answerable items with every fact,
  SQuAD token F1, citation precision/recall against the reference quotes, citations verbatim
  in the corpus, abstention accuracy and false abstentions, length and warm latency.
* **Standalone invariance**: a ``standalone`` item is asked with its unrelated history and
  again fresh; it is invariant when both answers cite the same passages and agree on
  abstaining.

An item *passes* when an unanswerable one abstains, or an answerable one is answered with
every required fact and at least one citation holding reference evidence — and, for a
standalone item, cites what it cites when asked fresh.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from briefing_bot.evaluation.items import QAItem, SuiteKind
from briefing_bot.evaluation.metrics import (
    RETRIEVAL_METRICS,
    RETRIEVE_K,
    citation_precision,
    citation_recall,
    contains_quote,
    count,
    facts_found,
    mean,
    normalize_space,
    percentile,
    retrieval_scores,
    rounded,
    strip_markers,
    token_f1,
)
from briefing_bot.evaluation.results import SuiteResult

Progress = Callable[[str, int, int], None]
KIND: SuiteKind = "qa"


def corpus_text(bot: Any) -> str:
    """Every indexed passage, whitespace-normalised and joined: what "verbatim" is checked
    against."""
    return " \n ".join(normalize_space(c.text) for c in bot.chunks())


def evaluate_qa(
    bot: Any,
    items: Sequence[QAItem],
    *,
    name: str = "qa",
    document: str = "paper",
    fingerprint: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> SuiteResult:
    """Ask every question of ``items`` and score the answers and retrieval (module docstring)."""
    chunks = bot.chunks()
    text_of_corpus = corpus_text(bot)
    relevant: dict[str, set[str]] = {}
    rankings: dict[str, list[str]] = {}
    for item in items:
        relevant[item.id] = {
            c.id
            for c in chunks
            if any(contains_quote(c.text, quote) for quote in item.reference_evidence)
        }
        rankings[item.id] = [p.chunk.id for p in bot.retrieve(item.retrieval_query, k=RETRIEVE_K)]
    retrieval = retrieval_scores(relevant, rankings)

    records: list[dict[str, Any]] = []
    for done, item in enumerate(items, start=1):
        started = time.perf_counter()
        answer = bot.ask(item.question, history=item.history_dicts)
        seconds = time.perf_counter() - started
        fresh = bot.ask(item.question, history=[]) if item.standalone else None
        records.append(
            score_question(
                item,
                answer,
                seconds=seconds,
                relevant=relevant[item.id],
                ranking=rankings[item.id],
                retrieval=retrieval.get(item.id, {}),
                corpus=text_of_corpus,
                fresh=fresh,
            )
        )
        if progress:
            progress(name, done, len(items))

    metrics, counts = aggregate_qa(records)
    warnings = [
        f"{q['id']}: no single passage holds its reference evidence"
        for q in records
        if q["answerable"] and not q["retrieval"]["relevant"]
    ]
    return SuiteResult(
        name, KIND, document, metrics, counts, records, dict(fingerprint or {}), warnings
    )


def _cited_ids(answer: Any) -> list[str]:
    return sorted({c.chunk_id for c in answer.citations})


def score_question(
    item: QAItem,
    answer: Any,
    *,
    seconds: float,
    relevant: set[str],
    ranking: list[str],
    retrieval: dict[str, float],
    corpus: str,
    fresh: Any = None,
) -> dict[str, Any]:
    """One item's record: pass/fail with reasons, facts, citations, retrieval ranks."""
    text = strip_markers(answer.text)
    passages = [c.text for c in answer.citations]
    quotes = item.reference_evidence
    found, missing = facts_found(text, item.required_facts)
    # A refusal earns no credit, even when the nearest passage it quotes holds the facts.
    recall_of_facts = (
        None
        if not item.answerable
        else (0.0 if answer.abstained else len(found) / max(len(item.required_facts), 1))
    )
    precision = citation_precision(passages, quotes) if item.answerable else None
    recall = citation_recall(passages, quotes) if item.answerable else None
    verbatim = [contains_quote(corpus, p) for p in passages]
    invariant: bool | None = None
    if fresh is not None:
        invariant = _cited_ids(answer) == _cited_ids(fresh) and answer.abstained == fresh.abstained
    reasons: list[str] = []
    if item.answerable:
        if answer.abstained:
            reasons.append("abstained on an answerable question")
        if missing:
            reasons.append("required facts missing: " + "; ".join(missing))
        if not recall:
            reasons.append("no reference evidence cited")
    elif not answer.abstained:
        reasons.append("answered a question the corpus does not answer")
    if invariant is False:
        reasons.append("the unrelated earlier turn changed the answer's citations")
    ranks = [i + 1 for i, pid in enumerate(ranking) if pid in relevant]
    calibration = getattr(answer, "calibration", None)
    return {
        "id": item.id,
        "split": item.split,
        "kind": item.kind,
        "tags": list(item.tags),
        "question": item.question,
        "history": item.history_dicts,
        "answerable": item.answerable,
        "pass": not reasons,
        "reasons": reasons,
        "answer": answer.text,
        "abstained": bool(answer.abstained),
        "citations": [
            {
                "number": c.number,
                "locator": c.locator,
                "chunk_id": c.chunk_id,
                "passage": c.text,
                "evidence": any(contains_quote(c.text, q) for q in quotes),
                "verbatim": ok,
            }
            for c, ok in zip(answer.citations, verbatim, strict=True)
        ],
        "expected": {
            "reference_answer": item.reference_answer,
            "required_facts": item.required_facts,
            "reference_evidence": quotes,
        },
        "facts_found": found,
        "facts_missing": missing,
        "facts_recall": rounded(recall_of_facts),
        "facts_complete": None if not item.answerable else float(recall_of_facts == 1.0),
        "token_f1": rounded(token_f1(text, item.reference_answer)) if item.answerable else None,
        "citation_precision": rounded(precision),
        "citation_recall": rounded(recall),
        "citation_verbatim": rounded(sum(verbatim) / len(verbatim)) if verbatim else None,
        "standalone_invariant": invariant,
        "fresh_citations": _cited_ids(fresh) if fresh is not None else None,
        "words": len(text.split()),
        "latency_ms": round(seconds * 1000, 1),
        "calibration": str(calibration) if calibration is not None else None,
        "retrieval": {
            "query": item.retrieval_query,
            "relevant": sorted(relevant),
            "ranks": ranks,
            **{k: rounded(v) for k, v in retrieval.items()},
        },
    }


def aggregate_qa(records: list[dict[str, Any]]) -> tuple[dict[str, float | None], dict[str, int]]:
    """Suite metrics and, for each, the number of items it averages over."""
    answerable = [q for q in records if q["answerable"]]
    unanswerable = [q for q in records if not q["answerable"]]
    answered = [q for q in records if not q["abstained"]]
    latencies = [q["latency_ms"] for q in records]
    words = [float(q["words"]) for q in answered]
    series: dict[str, list[float | None]] = {
        # Retrieval is averaged over every answerable item: one whose evidence no single
        # passage holds counts as a miss rather than silently dropping out.
        **{
            name: [q["retrieval"].get(name, 0.0) or 0.0 for q in answerable]
            for name in RETRIEVAL_METRICS
        },
        "facts_recall": [q["facts_recall"] for q in answerable],
        "facts_complete": [q["facts_complete"] for q in answerable],
        "token_f1": [q["token_f1"] for q in answerable],
        "citation_precision": [q["citation_precision"] for q in answerable],
        "citation_recall": [q["citation_recall"] for q in answerable],
        "citation_verbatim": [q["citation_verbatim"] for q in records],
        "abstention_accuracy": [float(q["abstained"]) for q in unanswerable],
        "false_abstention_rate": [float(q["abstained"]) for q in answerable],
        "pass_rate": [float(q["pass"]) for q in records],
        "standalone_invariance": [
            float(q["standalone_invariant"])
            for q in records
            if q["standalone_invariant"] is not None
        ],
    }
    metrics: dict[str, float | None] = {k: rounded(mean(v)) for k, v in series.items()}
    counts = {k: count(v) for k, v in series.items()}
    metrics.update(
        latency_p50_ms=rounded(percentile(latencies, 50), 1),
        latency_p95_ms=rounded(percentile(latencies, 95), 1),
        answer_words_mean=rounded(mean(words), 1),
        answer_words_p90=rounded(percentile(words, 90), 1),
    )
    counts.update(
        latency_p50_ms=len(latencies),
        latency_p95_ms=len(latencies),
        answer_words_mean=len(words),
        answer_words_p90=len(words),
    )
    return metrics, counts
