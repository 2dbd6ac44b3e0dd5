"""The baseline, the allow-list and the gate.

Rules (exit 1 when any is broken; each message names the suite, the metric or items, and why):

1. **Test items never flip.** A ``test``-split item (every item of a document's test suite,
   and every item of the second document) that passed in the baseline and fails now breaks
   the gate, unless ``eval/allow.yaml`` lists it (suite, id) with a reason.
2. **Dev items: a small budget.** At most ``dev_flips`` (2) not-allowed dev items per suite
   may flip from pass to fail.
3. **Aggregates, counted in questions.** A gated metric may worsen by at most
   ``metric_questions`` (2) questions' worth: N / the number of items it averages over
   (2 of 124 dev questions = 0.016 pass rate). Latency p95 may grow by ``latency_p95_ms``.
4. **Every baselined suite runs.** In a full run, a suite the baseline has but the run lacks
   (its item file gone, say) breaks the gate.

The tolerances live in the baseline's ``gate`` section and survive ``--update-baseline``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefing_bot.evaluation.items import EvaluationError
from briefing_bot.evaluation.results import MetricSpec, RunReport, SuiteResult, metric_specs

BASELINE_FORMAT = 2
DEFAULT_TOLERANCES: dict[str, float] = {
    "dev_flips": 2,  # dev items per suite that may flip pass → fail
    "metric_questions": 2,  # how many questions' worth a gated metric may worsen
    "latency_p95_ms": 1000.0,  # CI machines vary: gate only against a disaster
}
EPSILON = 1e-9  # a value exactly at the limit, after rounding, still passes


# ---------------------------------------------------------------------------------------------
# The allow-list


class Allowed(BaseModel):
    """An item allowed to fail although it passed in the baseline."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    suite: str = Field(min_length=1)
    id: str = Field(min_length=1)
    reason: str = Field(min_length=10, description="Why the flip is accepted (a sentence).")


class AllowList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    allowed: list[Allowed] = Field(default_factory=list)

    def reason(self, suite: str, item: str) -> str | None:
        return next((a.reason for a in self.allowed if (a.suite, a.id) == (suite, item)), None)


def load_allow_list(path: str | Path | None) -> AllowList:
    """The allow-list (YAML); an empty one when ``path`` is None or doesn't exist."""
    if path is None:
        return AllowList()
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return AllowList()
    except (OSError, yaml.YAMLError) as exc:
        raise EvaluationError(f"cannot read the allow-list {path}: {exc}") from exc
    try:
        return AllowList.model_validate(raw or {})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise EvaluationError(f"{path}: malformed allow-list ({problems})") from exc


# ---------------------------------------------------------------------------------------------
# The baseline


def load_baseline(path: str | Path) -> dict[str, Any] | None:
    """The stored baseline, or None when the file doesn't exist."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"cannot read the baseline {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("suites"), dict):
        raise EvaluationError(f"{path} is not an evaluation baseline (no 'suites')")
    if data.get("format") != BASELINE_FORMAT:
        raise EvaluationError(
            f"{path}: unsupported baseline format {data.get('format')!r} "
            f"(expected {BASELINE_FORMAT}; rebuild it with --update-baseline)"
        )
    return data


def suite_baseline(result: SuiteResult) -> dict[str, Any]:
    return {
        "kind": result.kind,
        "document": result.document,
        "fingerprint": dict(result.fingerprint),
        "metrics": dict(result.metrics),
        "counts": dict(result.counts),
        "items": {q["id"]: {"pass": bool(q["pass"]), "split": q["split"]} for q in result.items},
    }


def make_baseline(report: RunReport, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """A baseline from ``report``: its suites replace theirs in ``previous``, the others and
    the gate tolerances stay."""
    suites = dict((previous or {}).get("suites", {}))
    suites.update({name: suite_baseline(s) for name, s in report.suites.items()})
    tolerances = {**DEFAULT_TOLERANCES, **(previous or {}).get("gate", {})}
    return {
        "format": BASELINE_FORMAT,
        "updated": datetime.now(UTC).isoformat(timespec="seconds"),
        "gate": tolerances,
        "suites": suites,
    }


def write_baseline(path: str | Path, baseline: dict[str, Any]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(baseline, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# The gate


@dataclass
class Failure:
    """One broken gate rule."""

    suite: str
    rule: str  # "test-flip", "dev-flips", "metric", "missing-suite"
    message: str
    items: list[str] = field(default_factory=list)
    metric: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "rule": self.rule,
            "metric": self.metric,
            "items": self.items,
            "message": self.message,
        }


@dataclass
class GateResult:
    """The verdict of a run against a baseline."""

    failures: list[Failure] = field(default_factory=list)
    flipped: dict[str, list[str]] = field(default_factory=dict)  # passed before, fail now
    fixed: dict[str, list[str]] = field(default_factory=dict)  # failed before, pass now
    allowed: dict[str, dict[str, str]] = field(default_factory=dict)  # suite → id → reason
    warnings: list[str] = field(default_factory=list)
    compared: bool = True  # False when there was no baseline

    @property
    def passed(self) -> bool:
        return not self.failures

    def failed_metrics(self, suite: str) -> set[str]:
        return {f.metric for f in self.failures if f.suite == suite and f.metric}

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "compared": self.compared,
            "failures": [f.as_dict() for f in self.failures],
            "flipped": self.flipped,
            "fixed": self.fixed,
            "allowed": self.allowed,
            "warnings": self.warnings,
        }


def _fmt(value: float, unit: str) -> str:
    return f"{value:.1f}{unit}" if unit else f"{value:.3f}"


def _metric_failure(
    suite: SuiteResult, spec: MetricSpec, stored: dict[str, Any], tolerances: dict[str, float]
) -> Failure | None:
    base = stored.get("metrics", {}).get(spec.name)
    if base is None or spec.tolerance == "none":
        return None
    current = suite.metrics.get(spec.name)
    if spec.tolerance == "ms":
        slack = float(tolerances.get(spec.name, DEFAULT_TOLERANCES["latency_p95_ms"]))
        allowance = f"{slack:.0f} ms"
    else:
        n = suite.counts.get(spec.name) or stored.get("counts", {}).get(spec.name) or 0
        questions = float(tolerances.get("metric_questions", 2))
        slack = questions / n if n else 0.0
        allowance = f"{questions:g} of {n} items = {slack:.3f}"
    sign = 1 if spec.direction == "higher" else -1
    if current is not None and sign * (float(base) - current) <= slack + EPSILON:
        return None
    now = "missing" if current is None else _fmt(current, spec.unit)
    verb = "fell" if spec.direction == "higher" else "rose"
    return Failure(
        suite.name,
        "metric",
        f"{suite.name}: {spec.name} ({spec.label}) {verb} from {_fmt(float(base), spec.unit)} "
        f"to {now}, more than the tolerance ({allowance})",
        metric=spec.name,
    )


def gate(
    report: RunReport,
    baseline: dict[str, Any] | None,
    allow: AllowList | None = None,
    *,
    full_run: bool = True,
) -> GateResult:
    """Compare ``report`` with ``baseline`` under the rules in the module docstring."""
    if baseline is None:
        return GateResult(compared=False, warnings=["no baseline: nothing to compare with"])
    allow = allow or AllowList()
    tolerances = {**DEFAULT_TOLERANCES, **baseline.get("gate", {})}
    result = GateResult()
    stored_suites: dict[str, Any] = baseline.get("suites", {})
    changed: dict[tuple[str, str, str], list[str]] = {}
    for name, suite in report.suites.items():
        stored = stored_suites.get(name)
        if stored is None:
            result.warnings.append(f"{name}: not in the baseline, nothing to compare with")
            continue
        _check_suite(suite, stored, allow, tolerances, result)
        for key, value in suite.fingerprint.items():
            before = stored.get("fingerprint", {}).get(key)
            if before is not None and before != value:
                changed.setdefault((key, before, value), []).append(name)
    # one line per change, naming every suite it touches
    for (key, before, value), names in changed.items():
        result.warnings.append(
            f"{', '.join(names)}: {key} fingerprint differs from the baseline's "
            f"({before} → {value}): the numbers may not be comparable"
        )
    if full_run:
        for name in stored_suites:
            if name not in report.suites:
                result.failures.append(
                    Failure(
                        name,
                        "missing-suite",
                        f"{name}: in the baseline but not run (see the notes: its item file "
                        "is missing, or the assistant lacks what it needs)",
                    )
                )
    known = {(s, i) for s, r in report.suites.items() for i in r.passes}
    for entry in allow.allowed:
        if (entry.suite, entry.id) not in known:
            result.warnings.append(f"allow-list: {entry.suite}/{entry.id} is not in this run")
        elif report.suites[entry.suite].passes[entry.id]:
            result.warnings.append(
                f"allow-list: {entry.suite}/{entry.id} passes now; remove it from the list"
            )
    return result


def _check_suite(
    suite: SuiteResult,
    stored: dict[str, Any],
    allow: AllowList,
    tolerances: dict[str, float],
    result: GateResult,
) -> None:
    name = suite.name
    before_items: dict[str, Any] = stored.get("items", {})
    now = suite.passes
    reasons = {q["id"]: q["reasons"] for q in suite.items}
    flipped = sorted(i for i, ok in now.items() if before_items.get(i, {}).get("pass") and not ok)
    fixed = sorted(
        i for i, ok in now.items() if i in before_items and not before_items[i]["pass"] and ok
    )
    gone = sorted(set(before_items) - set(now))
    if gone:
        result.warnings.append(f"{name}: baselined items no longer in the suite: {', '.join(gone)}")
    if flipped:
        result.flipped[name] = flipped
    if fixed:
        result.fixed[name] = fixed
    dev: list[str] = []
    for item in flipped:
        reason = allow.reason(name, item)
        if reason is not None:
            result.allowed.setdefault(name, {})[item] = reason
        elif suite.splits[item] == "test":
            result.failures.append(
                Failure(
                    name,
                    "test-flip",
                    f"{name}: test item {item} passed in the baseline and fails now "
                    f"({'; '.join(reasons[item])}); fix it, or list it with a reason in "
                    "eval/allow.yaml",
                    items=[item],
                )
            )
        else:
            dev.append(item)
    budget = int(tolerances.get("dev_flips", 2))
    if len(dev) > budget:
        result.failures.append(
            Failure(
                name,
                "dev-flips",
                f"{name}: {len(dev)} dev items flipped from pass to fail, at most {budget} may: "
                + ", ".join(dev),
                items=dev,
            )
        )
    for spec in metric_specs(suite.kind).values():
        failure = _metric_failure(suite, spec, stored, tolerances)
        if failure:
            result.failures.append(failure)
