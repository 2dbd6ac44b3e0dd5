"""Evaluation: retrieval and answer quality on a Q&A set, a report, and a regression gate.

A Q&A item (one JSON object per line of ``eval/qa.jsonl``) holds the question, its ``kind``,
a ``reference_answer``, ``reference_evidence`` (quotes copied verbatim from the corpus),
``required_facts`` (each fact a list of acceptable spellings) and, for follow-ups, the chat
``history``. Unanswerable items have no evidence and no facts: the right answer abstains.

What is measured:

* **Retrieval** (ranx): a retrieved passage is relevant when it contains a reference quote
  (whitespace-normalised); recall@1/3/5 and MRR over the top 10 of ``Assistant.retrieve``.
  A follow-up is retrieved with the question followed by the previous user turn, the query
  the grounded answerer itself searches with for a follow-up.
* **Answers**: required-facts recall (a fact counts when any spelling appears in the answer,
  case-insensitively), SQuAD token F1 against the reference answer, citation precision (share
  of citations whose passage holds a reference quote) and recall (share of quotes held by some
  cited passage), abstention accuracy on unanswerables and false abstentions on the rest,
  answer length in words, and warm latency per question.

A question *passes* when an unanswerable one abstains, or an answerable one is answered with
every required fact and at least one citation holding reference evidence. The gate compares
the metrics with a stored baseline, each with its own tolerance.

Example:
    >>> items = load_qa("eval/qa.jsonl")
    >>> report = evaluate(Assistant.load(), items)
    >>> result = gate(report, load_baseline("eval/baseline.json"))
    >>> result.passed, [r.metric for r in result.regressions]
"""

from __future__ import annotations

import hashlib
import json
import re
import string
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from briefing_bot.errors import BriefingBotError

if TYPE_CHECKING:
    from briefing_bot.answering.types import Answer
    from briefing_bot.assistant import Assistant

BASELINE_FORMAT = 1
RETRIEVE_K = 10
RECALL_CUTOFFS = (1, 3, 5)
WARMUP_QUESTION = "What is the paper about?"  # any question will do: it only warms caches
KINDS_UNANSWERABLE = frozenset({"unanswerable"})

Direction = Literal["higher", "lower"]


class EvaluationError(BriefingBotError):
    """The Q&A set or the baseline file is missing or malformed."""


@dataclass(frozen=True)
class MetricSpec:
    """How one metric is read and gated: which way is better, and the default tolerance."""

    name: str
    label: str
    direction: Direction
    tolerance: float | None  # None: reported, never gated
    unit: str = ""


# Rates get 0.02 absolute. Latency is gated only against a disaster (a model reloaded per
# question), since CI machines vary: p95 may grow by a whole second. Length is informational.
METRICS: tuple[MetricSpec, ...] = (
    *(
        MetricSpec(f"recall@{k}", f"Evidence recall@{k} (retrieval)", "higher", 0.02)
        for k in RECALL_CUTOFFS
    ),
    MetricSpec("mrr", f"Evidence MRR@{RETRIEVE_K} (retrieval)", "higher", 0.02),
    MetricSpec("facts_recall", "Required-facts recall", "higher", 0.02),
    MetricSpec("token_f1", "Token F1 vs reference answer", "higher", 0.02),
    MetricSpec("citation_precision", "Citation precision", "higher", 0.02),
    MetricSpec("citation_recall", "Citation recall", "higher", 0.02),
    MetricSpec("abstention_accuracy", "Abstention accuracy (unanswerable)", "higher", 0.02),
    MetricSpec("false_abstention_rate", "False-abstention rate (answerable)", "lower", 0.02),
    MetricSpec("pass_rate", "Questions passed", "higher", 0.02),
    MetricSpec("latency_p50_ms", "Latency p50", "lower", None, " ms"),
    MetricSpec("latency_p95_ms", "Latency p95", "lower", 1000.0, " ms"),
    MetricSpec("answer_words_mean", "Answer length, mean", "lower", None, " words"),
    MetricSpec("answer_words_p90", "Answer length, p90", "lower", None, " words"),
)
METRIC_SPECS = {m.name: m for m in METRICS}


# ---------------------------------------------------------------------------------------------
# The Q&A set


@dataclass
class QAItem:
    """One evaluation question with what a good answer must contain."""

    id: str
    question: str
    kind: str
    reference_answer: str
    reference_evidence: list[str]
    required_facts: list[list[str]]
    history: list[dict[str, str]] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return self.kind not in KINDS_UNANSWERABLE

    @property
    def retrieval_query(self) -> str:
        """The question; for a follow-up, followed by the last user turn it refers back to."""
        previous = [m["content"] for m in self.history if m.get("role") == "user"]
        return f"{self.question} {previous[-1]}" if previous else self.question


def load_qa(path: str | Path) -> list[QAItem]:
    """Read a Q&A set (JSON Lines); raises :class:`EvaluationError` on a malformed item."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"cannot read the Q&A set {path}: {exc.strerror or exc}") from exc
    items: list[QAItem] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            item = QAItem(
                id=str(raw["id"]),
                question=str(raw["question"]),
                kind=str(raw["kind"]),
                reference_answer=str(raw.get("reference_answer", "")),
                reference_evidence=[str(q) for q in raw.get("reference_evidence", [])],
                required_facts=[[str(a) for a in fact] for fact in raw.get("required_facts", [])],
                history=[
                    {"role": str(m["role"]), "content": str(m["content"])}
                    for m in raw.get("history", [])
                ],
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvaluationError(f"{path}:{number}: malformed Q&A item ({exc!r})") from exc
        if item.id in seen:
            raise EvaluationError(f"{path}:{number}: duplicate id {item.id!r}")
        if item.answerable and not item.reference_evidence:
            raise EvaluationError(f"{path}:{number}: answerable item without reference_evidence")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise EvaluationError(f"the Q&A set {path} is empty")
    return items


def file_digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Metric functions


_MARKER = re.compile(r"\s*\[\d+\]")
# Quote folding only for matching facts: the corpus keeps curly quotes, people type straight ones.
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def normalize_space(text: str) -> str:
    return " ".join(text.split())


def strip_markers(text: str) -> str:
    """Answer text without its [n] citation markers."""
    return normalize_space(_MARKER.sub("", text))


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


def _fold(text: str) -> str:
    return normalize_space(text.translate(_QUOTES)).casefold()


def facts_found(answer: str, facts: Sequence[Sequence[str]]) -> tuple[list[str], list[str]]:
    """(found, missing): each fact named by its first spelling; found when any spelling
    appears in ``answer``, case-insensitively."""
    text = _fold(answer)
    found: list[str] = []
    missing: list[str] = []
    for fact in facts:
        hit = any(_fold(alt) and _fold(alt) in text for alt in fact)
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


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (linear interpolation, as numpy); None for no values."""
    import numpy as np

    return float(np.percentile(np.asarray(values, dtype=float), q)) if values else None


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def retrieval_scores(
    relevant: dict[str, set[str]], rankings: dict[str, list[str]]
) -> dict[str, dict[str, float]]:
    """Per-query recall@1/3/5 and MRR (ranx) of ranked passage ids against relevant ids.

    Queries with nothing relevant are left out; a query missing from ``rankings`` scores 0.
    """
    from ranx import Qrels, Run
    from ranx import evaluate as ranx_evaluate

    names = [f"recall@{k}" for k in RECALL_CUTOFFS] + ["mrr"]
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


# ---------------------------------------------------------------------------------------------
# Running the evaluation


@dataclass
class Report:
    """Everything one evaluation run measured: metrics, per-question results, provenance."""

    metrics: dict[str, float | None]
    questions: list[dict[str, Any]]
    fingerprint: dict[str, str]
    meta: dict[str, Any]
    by_kind: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def passes(self) -> dict[str, bool]:
        return {q["id"]: bool(q["pass"]) for q in self.questions}

    def failing(self) -> list[dict[str, Any]]:
        return [q for q in self.questions if not q["pass"]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "fingerprint": self.fingerprint,
            "metrics": self.metrics,
            "by_kind": self.by_kind,
            "questions": self.questions,
        }


_NOT_FINGERPRINTED_SUFFIXES = ("_dir", "_url", "_key", "batch_size", "max_file_bytes")
_NOT_FINGERPRINTED_PREFIXES = ("collection", "fetch_", "cache")


def settings_fingerprint(bot: Assistant) -> dict[str, str]:
    """What the numbers depend on besides the code: index, index settings, answer settings."""
    manifest = bot.index.manifest
    # Where things live, how sources are fetched and credentials don't change the numbers;
    # every other knob might (a denylist, so that a new answer setting is covered at once).
    dump = {
        key: value
        for key, value in bot.settings.model_dump(mode="json").items()
        if not key.endswith(_NOT_FINGERPRINTED_SUFFIXES)
        and not key.startswith(_NOT_FINGERPRINTED_PREFIXES)
    }
    blob = json.dumps(dump, sort_keys=True, default=str).encode()
    return {
        "index": str(manifest.get("fingerprint", "")),
        "config": str(manifest.get("config_fingerprint", "")),
        "answerer": bot.settings.answerer,
        "settings": hashlib.sha256(blob).hexdigest()[:16],
    }


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def evaluate(
    bot: Assistant,
    items: Sequence[QAItem],
    *,
    qa_digest: str = "",
    warmup: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Ask every question, retrieve its evidence, and score both (see the module docstring)."""
    chunks = bot.chunks()
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

    if warmup:
        bot.ask(WARMUP_QUESTION)
    questions: list[dict[str, Any]] = []
    for done, item in enumerate(items, start=1):
        started = time.perf_counter()
        answer = bot.ask(item.question, history=item.history)
        seconds = time.perf_counter() - started
        questions.append(
            _score_question(
                item,
                answer,
                seconds=seconds,
                relevant=relevant[item.id],
                ranking=rankings[item.id],
                retrieval=retrieval,
            )
        )
        if progress:
            progress(done, len(items))

    metrics = _aggregate(questions, retrieval)
    by_kind = _by_kind(questions)
    fingerprint = {**settings_fingerprint(bot), "qa": qa_digest}
    meta = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "questions": len(items),
        "answerable": sum(i.answerable for i in items),
        "unanswerable": sum(not i.answerable for i in items),
        "retrieve_k": RETRIEVE_K,
        "warnings": [
            f"{q['id']}: no single passage holds its reference evidence"
            for q in questions
            if q["answerable"] and not q["retrieval"]["relevant"]
        ],
    }
    return Report(metrics, questions, fingerprint, meta, by_kind)


def _score_question(
    item: QAItem,
    answer: Answer,
    *,
    seconds: float,
    relevant: set[str],
    ranking: list[str],
    retrieval: dict[str, dict[str, float]],
) -> dict[str, Any]:
    text = strip_markers(answer.text)
    passages = [c.text for c in answer.citations]
    quotes = item.reference_evidence
    found, missing = facts_found(text, item.required_facts)
    precision = citation_precision(passages, quotes) if item.answerable else None
    recall = citation_recall(passages, quotes) if item.answerable else None
    reasons: list[str] = []
    if item.answerable:
        if answer.abstained:
            reasons.append("abstained on an answerable question")
        if missing:
            reasons.append("required facts missing: " + "; ".join(missing))
        if not recall:
            reasons.append("no reference evidence cited")
    elif not answer.abstained:
        reasons.append("answered a question the paper does not answer")
    ranks = [i + 1 for i, pid in enumerate(ranking) if pid in relevant]
    return {
        "id": item.id,
        "kind": item.kind,
        "question": item.question,
        "history": item.history,
        "answerable": item.answerable,
        "pass": not reasons,
        "reasons": reasons,
        "answer": answer.text,
        "abstained": answer.abstained,
        "citations": [
            {
                "number": c.number,
                "locator": c.locator,
                "chunk_id": c.chunk_id,
                "passage": c.text,
                "evidence": any(contains_quote(c.text, q) for q in quotes),
            }
            for c in answer.citations
        ],
        "expected": {
            "reference_answer": item.reference_answer,
            "required_facts": item.required_facts,
            "reference_evidence": quotes,
        },
        "facts_found": found,
        "facts_missing": missing,
        "facts_recall": _round(facts_recall(text, item.required_facts)),
        "token_f1": _round(token_f1(text, item.reference_answer)) if item.answerable else None,
        "citation_precision": _round(precision),
        "citation_recall": _round(recall),
        "words": len(text.split()),
        "latency_ms": round(seconds * 1000, 1),
        "retrieval": {
            "query": item.retrieval_query,
            "relevant": sorted(relevant),
            "ranks": ranks,
            **{k: _round(v) for k, v in retrieval.get(item.id, {}).items()},
        },
    }


def _aggregate(
    questions: list[dict[str, Any]], retrieval: dict[str, dict[str, float]]
) -> dict[str, float | None]:
    answerable = [q for q in questions if q["answerable"]]
    unanswerable = [q for q in questions if not q["answerable"]]
    answered = [q for q in questions if not q["abstained"]]
    latencies = [q["latency_ms"] for q in questions]
    words = [float(q["words"]) for q in answered]
    # Retrieval is averaged over every answerable question: one whose evidence no single
    # passage holds counts as a miss rather than silently dropping out.
    retrieval_names = [f"recall@{k}" for k in RECALL_CUTOFFS] + ["mrr"]
    metrics: dict[str, float | None] = {
        name: mean(retrieval.get(q["id"], {}).get(name, 0.0) for q in answerable)
        for name in retrieval_names
    }
    metrics.update(
        facts_recall=mean(q["facts_recall"] for q in answerable),
        token_f1=mean(q["token_f1"] for q in answerable),
        citation_precision=mean(q["citation_precision"] for q in answerable),
        citation_recall=mean(q["citation_recall"] for q in answerable),
        abstention_accuracy=mean(float(q["abstained"]) for q in unanswerable),
        false_abstention_rate=mean(float(q["abstained"]) for q in answerable),
        pass_rate=mean(float(q["pass"]) for q in questions),
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        answer_words_mean=mean(words),
        answer_words_p90=percentile(words, 90),
    )
    return {
        k: _round(v, 1 if k.startswith(("latency", "answer_words")) else 4)
        for k, v in metrics.items()
    }


def _by_kind(questions: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    kinds: dict[str, list[dict[str, Any]]] = {}
    for q in questions:
        kinds.setdefault(q["kind"], []).append(q)
    return {
        kind: {
            "questions": len(qs),
            "pass_rate": _round(mean(float(q["pass"]) for q in qs)),
            "facts_recall": _round(mean(q["facts_recall"] for q in qs)),
            "citation_recall": _round(mean(q["citation_recall"] for q in qs)),
            "abstained": sum(q["abstained"] for q in qs),
            "mrr": _round(mean(q["retrieval"].get("mrr") for q in qs if q["answerable"])),
        }
        for kind, qs in sorted(kinds.items())
    }


# ---------------------------------------------------------------------------------------------
# Baseline and gate


@dataclass
class Regression:
    """A gated metric outside its tolerance."""

    metric: str
    baseline: float
    current: float | None
    tolerance: float
    direction: Direction

    def describe(self) -> str:
        spec = METRIC_SPECS.get(self.metric)
        label = spec.label if spec else self.metric
        bound = "at least" if self.direction == "higher" else "at most"
        limit = (
            self.baseline - self.tolerance
            if self.direction == "higher"
            else self.baseline + self.tolerance
        )
        now = "missing" if self.current is None else _fmt(self.current)
        return (
            f"{self.metric} ({label}) is {now}; baseline {_fmt(self.baseline)}, "
            f"must be {bound} {_fmt(limit)}"
        )


@dataclass
class GateResult:
    """The verdict of a report against a baseline."""

    regressions: list[Regression] = field(default_factory=list)
    flipped: list[str] = field(default_factory=list)  # passed in the baseline, fail now
    fixed: list[str] = field(default_factory=list)  # failed in the baseline, pass now
    warnings: list[str] = field(default_factory=list)
    compared: bool = True  # False when there was no baseline

    @property
    def passed(self) -> bool:
        return not self.regressions

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "compared": self.compared,
            "regressions": [r.describe() for r in self.regressions],
            "regressed_metrics": [r.metric for r in self.regressions],
            "flipped": self.flipped,
            "fixed": self.fixed,
            "warnings": self.warnings,
        }


def load_baseline(path: str | Path) -> dict[str, Any] | None:
    """The stored baseline, or None when the file doesn't exist."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"cannot read the baseline {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise EvaluationError(f"{path} is not an evaluation baseline (no 'metrics')")
    if data.get("format") != BASELINE_FORMAT:
        raise EvaluationError(f"{path}: unsupported baseline format {data.get('format')!r}")
    return data


def make_baseline(report: Report, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """A baseline from ``report``, keeping tolerances already tuned in ``previous``."""
    old = (previous or {}).get("metrics", {})
    metrics: dict[str, Any] = {}
    for spec in METRICS:
        value = report.metrics.get(spec.name)
        if value is None:
            continue
        tolerance = old.get(spec.name, {}).get("tolerance", spec.tolerance)
        metrics[spec.name] = {
            "value": value,
            "tolerance": tolerance,
            "direction": spec.direction,
        }
    return {
        "format": BASELINE_FORMAT,
        "fingerprint": report.fingerprint,
        "metrics": metrics,
        "questions": report.passes,
    }


def gate(report: Report, baseline: dict[str, Any] | None) -> GateResult:
    """Compare ``report`` with ``baseline``: a gated metric beyond its tolerance regresses."""
    if baseline is None:
        return GateResult(compared=False, warnings=["no baseline: nothing to compare with"])
    result = GateResult()
    stored_fp = baseline.get("fingerprint", {})
    for key, value in report.fingerprint.items():
        if key in stored_fp and stored_fp[key] != value:
            result.warnings.append(
                f"{key} fingerprint differs from the baseline's "
                f"({stored_fp[key]} → {value}): the numbers may not be comparable"
            )
    for name, entry in baseline["metrics"].items():
        tolerance = entry.get("tolerance")
        if tolerance is None:
            continue
        direction: Direction = entry.get("direction") or (
            METRIC_SPECS[name].direction if name in METRIC_SPECS else "higher"
        )
        base = float(entry["value"])
        current = report.metrics.get(name)
        if current is None:
            result.regressions.append(Regression(name, base, None, tolerance, direction))
            continue
        # a small epsilon so that a value exactly at the limit, after rounding, still passes
        worse = (
            current < base - tolerance - 1e-9
            if direction == "higher"
            else current > base + tolerance + 1e-9
        )
        if worse:
            result.regressions.append(Regression(name, base, current, tolerance, direction))
    before = baseline.get("questions", {})
    now = report.passes
    result.flipped = sorted(q for q, ok in now.items() if before.get(q) is True and not ok)
    result.fixed = sorted(q for q, ok in now.items() if before.get(q) is False and ok)
    return result


# ---------------------------------------------------------------------------------------------
# Rendering


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit:
        return f"{value:.1f}{unit}"
    return f"{value:.3f}"


def _delta(current: float | None, base: float | None, unit: str) -> str:
    if current is None or base is None:
        return "—"
    d = current - base
    return f"{d:+.1f}{unit}" if unit else f"{d:+.3f}"


def _short(text: str, limit: int = 240) -> str:
    text = normalize_space(text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def metric_rows(
    report: Report, baseline: dict[str, Any] | None, result: GateResult
) -> list[tuple[str, str, str, str, str]]:
    """(metric, baseline, current, delta, status) for every metric, in display order."""
    regressed = {r.metric for r in result.regressions}
    stored = (baseline or {}).get("metrics", {})
    rows = []
    for spec in METRICS:
        entry = stored.get(spec.name, {})
        base = entry.get("value")
        current = report.metrics.get(spec.name)
        tolerance = entry.get("tolerance") if entry else None
        if spec.name in regressed:
            status = "FAIL"
        elif entry and tolerance is not None:
            status = "pass"
        else:
            status = "not gated"
        tol = f" (±{_fmt(tolerance, spec.unit)})" if tolerance is not None else ""
        rows.append(
            (
                f"{spec.label} `{spec.name}`",
                _fmt(base, spec.unit) + tol,
                _fmt(current, spec.unit),
                _delta(current, base, spec.unit),
                status,
            )
        )
    return rows


def render_markdown(report: Report, baseline: dict[str, Any] | None, result: GateResult) -> str:
    """The report for people: the metric table, the verdict, then every failing question."""
    fp = report.fingerprint
    verdict = (
        "no baseline to compare with"
        if not result.compared
        else ("PASS: no metric regressed" if result.passed else "FAIL: regression")
    )
    lines = [
        "# Evaluation report",
        "",
        f"{report.meta['questions']} questions ({report.meta['answerable']} answerable, "
        f"{report.meta['unanswerable']} unanswerable) · answerer `{fp.get('answerer')}` · "
        f"index `{fp.get('index')}` · {report.meta['created']}",
        "",
        f"**Gate: {verdict}**",
        "",
    ]
    for r in result.regressions:
        lines.append(f"- regressed: {r.describe()}")
    if result.flipped:
        lines.append("- passed in the baseline, fail now: " + ", ".join(result.flipped))
    if result.fixed:
        lines.append("- failed in the baseline, pass now: " + ", ".join(result.fixed))
    for w in [*result.warnings, *report.meta.get("warnings", [])]:
        lines.append(f"- warning: {w}")
    lines += [
        "",
        "| metric | baseline | current | delta | gate |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in metric_rows(report, baseline, result)]
    lines += [
        "",
        "## By kind",
        "",
        "| kind | questions | passed | facts recall | citation recall | abstained | MRR |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, s in report.by_kind.items():
        lines.append(
            f"| {kind} | {s['questions']} | {_fmt(s['pass_rate'])} | {_fmt(s['facts_recall'])} "
            f"| {_fmt(s['citation_recall'])} | {s['abstained']} | {_fmt(s['mrr'])} |"
        )
    failing = report.failing()
    lines += ["", f"## Failing questions ({len(failing)})", ""]
    if not failing:
        lines.append("None.")
    flipped = set(result.flipped)
    for q in failing:
        mark = " — **newly failing**" if q["id"] in flipped else ""
        lines += [f"### {q['id']} ({q['kind']}){mark}", "", f"**Q:** {q['question']}", ""]
        for turn in q["history"]:
            lines.append(f"> {turn['role']}: {_short(turn['content'], 200)}")
        if q["history"]:
            lines.append("")
        lines += [
            f"- **Why:** {'; '.join(q['reasons'])}",
            f"- **Answer:** {_short(q['answer'], 600)}",
        ]
        for c in q["citations"]:
            tick = "holds evidence" if c["evidence"] else "no evidence"
            lines.append(f"  - [{c['number']}] {c['locator']} ({tick}): “{_short(c['passage'])}”")
        expected = q["expected"]
        lines.append(f"- **Expected:** {expected['reference_answer']}")
        for quote in expected["reference_evidence"]:
            lines.append(f"  - evidence: “{_short(quote)}”")
        ranks = q["retrieval"]["ranks"]
        if q["answerable"]:
            where = ", ".join(map(str, ranks)) if ranks else f"not in the top {RETRIEVE_K}"
            lines.append(f"- **Evidence retrieved at rank:** {where}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_summary(report: Report, baseline: dict[str, Any] | None, result: GateResult) -> str:
    """A short plain-text summary for the terminal."""
    rows = metric_rows(report, baseline, result)
    width = max(len(r[0]) for r in rows)
    out = [f"{'metric':<{width}}  {'baseline':>16}  {'current':>10}  {'delta':>9}  gate"]
    out += [f"{m:<{width}}  {b:>16}  {c:>10}  {d:>9}  {s}" for m, b, c, d, s in rows]
    failing = report.failing()
    out.append(f"{len(failing)} of {len(report.questions)} questions fail")
    if result.flipped:
        out.append("newly failing: " + ", ".join(result.flipped))
    if result.fixed:
        out.append("newly passing: " + ", ".join(result.fixed))
    out += [f"warning: {w}" for w in result.warnings]
    if not result.compared:
        out.append("no baseline: nothing compared")
    elif result.passed:
        out.append("gate: PASS")
    else:
        out.append("gate: FAIL")
        out += [f"  regressed: {r.describe()}" for r in result.regressions]
    return "\n".join(out)


def write_report(
    folder: str | Path, report: Report, baseline: dict[str, Any] | None, result: GateResult
) -> tuple[Path, Path]:
    """Write ``report.json`` and ``report.md`` into ``folder``; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = {**report.as_dict(), "gate": result.as_dict()}
    json_path, md_path = folder / "report.json", folder / "report.md"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(report, baseline, result), encoding="utf-8")
    return json_path, md_path


def write_baseline(path: str | Path, baseline: dict[str, Any]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(baseline, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
