"""What an evaluation run produces: the metric tables, one result per suite, the run report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from briefing_bot.evaluation.items import SuiteKind
from briefing_bot.evaluation.metrics import RETRIEVE_K

Direction = Literal["higher", "lower"]
Tolerance = Literal["questions", "ms", "none"]


@dataclass(frozen=True)
class MetricSpec:
    """How one metric is read and gated.

    ``tolerance`` says how the gate allows it to worsen: ``questions`` — by at most N
    questions' worth (N / the number of items it averages over; N from the baseline's gate
    settings), ``ms`` — by a fixed number of milliseconds, ``none`` — reported, never gated.
    """

    name: str
    label: str
    direction: Direction
    tolerance: Tolerance = "questions"
    unit: str = ""


QA_METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("pass_rate", "Questions passed", "higher"),
    MetricSpec("false_abstention_rate", "False-abstention rate (answerable)", "lower"),
    MetricSpec("abstention_accuracy", "Abstention accuracy (unanswerable)", "higher"),
    MetricSpec("facts_recall", "Required-facts recall (abstention = 0)", "higher"),
    MetricSpec("facts_complete", "Answerable with every required fact", "higher"),
    MetricSpec("citation_precision", "Citation precision", "higher"),
    MetricSpec("citation_recall", "Citation recall", "higher"),
    MetricSpec("citation_verbatim", "Citations verbatim in the corpus", "higher"),
    MetricSpec("standalone_invariance", "Standalone invariance", "higher"),
    *(MetricSpec(f"recall@{k}", f"Evidence recall@{k} (retrieval)", "higher") for k in (1, 3, 5)),
    MetricSpec("mrr", f"Evidence MRR@{RETRIEVE_K} (retrieval)", "higher"),
    MetricSpec("token_f1", "Token F1 vs reference answer", "higher", "none"),
    MetricSpec("latency_p50_ms", "Latency p50 (warm)", "lower", "none", " ms"),
    MetricSpec("latency_p95_ms", "Latency p95 (warm)", "lower", "ms", " ms"),
    MetricSpec("answer_words_mean", "Answer length, mean", "lower", "none", " words"),
    MetricSpec("answer_words_p90", "Answer length, p90", "lower", "none", " words"),
)

BRIEF_METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("pass_rate", "Briefings passed", "higher"),
    MetricSpec("fact_coverage", "Fact coverage (abstention = 0)", "higher"),
    MetricSpec("redundancy", "Redundancy (repeating point pairs)", "lower"),
    MetricSpec("no_repeats", "Briefings without a repeated point", "higher"),
    MetricSpec("points_ok", "Point count as asked (3-7 by default)", "higher"),
    MetricSpec("words_ok", "Length within the word limit", "higher"),
    MetricSpec("points_cited", "Every point cited", "higher"),
    MetricSpec("citations_verbatim", "Every citation verbatim", "higher"),
    MetricSpec("abstention_accuracy", "Abstention accuracy (unanswerable)", "higher"),
    MetricSpec("false_abstention_rate", "False-abstention rate (answerable)", "lower"),
    MetricSpec("ask_routed", "`ask` answers the request with a briefing", "higher", "none"),
    MetricSpec("points_mean", "Points, mean", "lower", "none", " points"),
    MetricSpec("words_mean", "Words, mean", "lower", "none", " words"),
    MetricSpec("latency_p50_ms", "Latency p50 (warm)", "lower", "none", " ms"),
    MetricSpec("latency_p95_ms", "Latency p95 (warm)", "lower", "ms", " ms"),
)

METRICS_BY_KIND: dict[str, tuple[MetricSpec, ...]] = {"qa": QA_METRICS, "brief": BRIEF_METRICS}


def metric_specs(kind: str) -> dict[str, MetricSpec]:
    return {m.name: m for m in METRICS_BY_KIND.get(kind, QA_METRICS)}


@dataclass
class SuiteResult:
    """Everything one suite measured.

    ``metrics`` are the aggregates; ``counts`` says over how many items each is averaged
    (the gate turns "N questions" into a rate with it); ``items`` holds one record per item
    (``id``, ``split``, ``tags``, ``pass``, ``reasons`` and what was measured).
    """

    name: str
    kind: SuiteKind
    document: str
    metrics: dict[str, float | None]
    counts: dict[str, int]
    items: list[dict[str, Any]]
    fingerprint: dict[str, str]
    warnings: list[str] = field(default_factory=list)

    @property
    def passes(self) -> dict[str, bool]:
        return {q["id"]: bool(q["pass"]) for q in self.items}

    @property
    def splits(self) -> dict[str, str]:
        return {q["id"]: str(q["split"]) for q in self.items}

    def failing(self) -> list[dict[str, Any]]:
        return [q for q in self.items if not q["pass"]]

    def groups(self, key: str) -> dict[str, list[dict[str, Any]]]:
        """Items by ``kind`` or by each of their ``tags``."""
        out: dict[str, list[dict[str, Any]]] = {}
        for q in self.items:
            values = q.get(key) or []
            for value in [values] if isinstance(values, str) else values:
                out.setdefault(value, []).append(q)
        return dict(sorted(out.items()))

    def group_summary(self, key: str) -> dict[str, dict[str, Any]]:
        """Per tag (``key="tags"``) or kind: items, passed, and what went wrong how often."""
        out: dict[str, dict[str, Any]] = {}
        for group, items in self.groups(key).items():
            answerable = [q for q in items if q["answerable"]]
            facts = [q.get("facts_recall", q.get("fact_coverage")) for q in answerable]
            present = [f for f in facts if f is not None]
            out[group] = {
                "items": len(items),
                "passed": sum(bool(q["pass"]) for q in items),
                "false_abstentions": sum(bool(q["abstained"]) for q in answerable),
                "unanswerable_answered": sum(
                    not q["abstained"] for q in items if not q["answerable"]
                ),
                "facts": round(sum(present) / len(present), 4) if present else None,
            }
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "document": self.document,
            "fingerprint": self.fingerprint,
            "metrics": self.metrics,
            "counts": self.counts,
            "warnings": self.warnings,
            "by_tag": self.group_summary("tags"),
            "by_kind": self.group_summary("kind"),
            "items": self.items,
        }


@dataclass
class RunReport:
    """One ``briefing-bot eval`` run: every suite's result plus provenance."""

    suites: dict[str, SuiteResult]
    meta: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "suites": {name: s.as_dict() for name, s in self.suites.items()},
        }
