"""The report: ``report.md`` for people (suites side by side, per-tag and per-kind tables,
every failing item), ``report.json`` with every number, and a short terminal summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefing_bot.evaluation.gate import GateResult
from briefing_bot.evaluation.metrics import RETRIEVE_K, normalize_space
from briefing_bot.evaluation.results import (
    METRICS_BY_KIND,
    MetricSpec,
    RunReport,
    SuiteResult,
)


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:.1f}{unit}" if unit else f"{value:.3f}"


def _delta(current: float | None, base: float | None, unit: str) -> str:
    if current is None or base is None:
        return ""
    d = current - base
    if abs(d) < 1e-9:
        return " (=)"
    return f" ({d:+.1f})" if unit else f" ({d:+.3f})"


def _short(text: str, limit: int = 240) -> str:
    text = normalize_space(text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _verdict(result: GateResult) -> str:
    if not result.compared:
        return "no baseline to compare with"
    return "PASS" if result.passed else f"FAIL ({len(result.failures)} rule(s) broken)"


def _stored_metric(baseline: dict[str, Any] | None, suite: str, metric: str) -> float | None:
    value = (baseline or {}).get("suites", {}).get(suite, {}).get("metrics", {}).get(metric)
    return None if value is None else float(value)


def side_by_side(
    report: RunReport, baseline: dict[str, Any] | None, result: GateResult, kind: str
) -> list[str]:
    """A Markdown table: one row per metric, one column per suite of ``kind`` (current value
    with its change from the baseline; **bold** when the gate fails on it)."""
    suites = [s for s in report.suites.values() if s.kind == kind]
    if not suites:
        return []
    specs: tuple[MetricSpec, ...] = METRICS_BY_KIND[kind]
    lines = [
        "| metric | " + " | ".join(s.name for s in suites) + " |",
        "|---|" + "---:|" * len(suites),
        "| items (passed) | "
        + " | ".join(f"{len(s.items)} ({sum(s.passes.values())})" for s in suites)
        + " |",
    ]
    for spec in specs:
        cells = []
        for s in suites:
            current = s.metrics.get(spec.name)
            text = _fmt(current, spec.unit)
            text += _delta(current, _stored_metric(baseline, s.name, spec.name), spec.unit)
            if spec.name in result.failed_metrics(s.name):
                text = f"**{text}**"
            cells.append(text)
        gated = "" if spec.tolerance != "none" else " ·"
        lines.append(f"| {spec.label} `{spec.name}`{gated} | " + " | ".join(cells) + " |")
    return lines


def group_table(report: RunReport, key: str) -> list[str]:
    """Passed/total per tag (or kind) and suite."""
    suites = list(report.suites.values())
    groups = {s.name: s.groups(key) for s in suites}
    names = sorted({g for gs in groups.values() for g in gs})
    if not names:
        return ["No item has " + ("tags." if key == "tags" else "a kind.")]
    lines = [
        f"| {key.rstrip('s')} | " + " | ".join(s.name for s in suites) + " |",
        "|---|" + "---:|" * len(suites),
    ]
    for name in names:
        cells = []
        for s in suites:
            items = groups[s.name].get(name, [])
            cells.append(f"{sum(bool(q['pass']) for q in items)}/{len(items)}" if items else "")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def suite_groups(suite: SuiteResult, key: str) -> list[str]:
    """One suite's table per tag (or kind): items, passed, false abstentions, unanswerable
    items answered, mean facts recall (coverage for briefings)."""
    summary = suite.group_summary(key)
    if not summary:
        return []
    lines = [
        f"| {key.rstrip('s')} | items | passed | false abstentions | unanswerable answered "
        "| facts |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for group, s in summary.items():
        lines.append(
            f"| {group} | {s['items']} | {s['passed']} | {s['false_abstentions']} "
            f"| {s['unanswerable_answered']} | {_fmt(s['facts'])} |"
        )
    return lines


def _qa_failure(q: dict[str, Any], mark: str) -> list[str]:
    lines = [f"#### {q['id']} ({q['split']}, {q['kind']}){mark}", "", f"**Q:** {q['question']}"]
    if q["tags"]:
        lines[-1] += f" · tags: {', '.join(q['tags'])}"
    lines.append("")
    for turn in q["history"]:
        lines.append(f"> {turn['role']}: {_short(turn['content'], 200)}")
    if q["history"]:
        lines.append("")
    lines += [f"- **Why:** {'; '.join(q['reasons'])}", f"- **Answer:** {_short(q['answer'], 600)}"]
    for c in q["citations"]:
        tick = "holds evidence" if c["evidence"] else "no evidence"
        lines.append(f"  - [{c['number']}] {c['locator']} ({tick}): “{_short(c['passage'])}”")
    if q.get("fresh_citations") is not None and not q.get("standalone_invariant"):
        lines.append(f"  - asked fresh, it cites: {', '.join(q['fresh_citations']) or 'nothing'}")
    expected = q["expected"]
    lines.append(f"- **Expected:** {expected['reference_answer']}")
    for quote in expected["reference_evidence"]:
        lines.append(f"  - evidence: “{_short(quote)}”")
    if q["answerable"]:
        ranks = q["retrieval"]["ranks"]
        where = ", ".join(map(str, ranks)) if ranks else f"not in the top {RETRIEVE_K}"
        lines.append(f"- **Evidence retrieved at rank:** {where}")
    return [*lines, ""]


def _brief_failure(q: dict[str, Any], mark: str) -> list[str]:
    topic = q["topic"] if q["topic"] is not None else "(whole document)"
    lines = [
        f"#### {q['id']} ({q['split']}){mark}",
        "",
        f"**Request:** {q['request']} · topic: {topic} · points asked: {q['points_asked'] or '—'}",
        "",
        f"- **Why:** {'; '.join(q['reasons'])}",
        f"- **Briefing** ({len(q['points'])} points, {q['words']} words"
        f"{', abstained' if q['abstained'] else ''}):",
    ]
    lines += [f"  > {_short(line, 400)}" for line in q["text"].splitlines() if line.strip()]
    if q["facts_missing"]:
        lines.append(f"- **Facts missing:** {'; '.join(q['facts_missing'])}")
    return [*lines, ""]


def render_markdown(report: RunReport, baseline: dict[str, Any] | None, result: GateResult) -> str:
    """The report for people: verdict, suites side by side, tags, kinds, failing items."""
    meta = report.meta
    calibration = ", ".join(meta.get("calibration") or []) or "none exposed"
    lines = [
        "# Evaluation report",
        "",
        f"{meta['created']} · suites: {', '.join(report.suites) or 'none'} · "
        f"answer calibration: `{calibration}`",
        "",
        f"**Gate: {_verdict(result)}**",
        "",
    ]
    lines += [f"- {f.message}" for f in result.failures]
    for suite, reasons in result.allowed.items():
        lines += [f"- allowed to fail ({suite}/{i}): {why}" for i, why in reasons.items()]
    for suite, fixed in result.fixed.items():
        lines.append(f"- {suite}: failed in the baseline, pass now: {', '.join(fixed)}")
    lines += [f"- note: {n}" for n in meta.get("notes", [])]
    lines += [f"- warning: {w}" for w in result.warnings]
    for title, kind in (("Questions", "qa"), ("Briefings", "brief")):
        table = side_by_side(report, baseline, result, kind)
        if table:
            lines += [
                "",
                f"## {title}: suites side by side",
                "",
                "Current value (change from the baseline); **bold**: the gate fails on it; "
                "·: reported, not gated.",
                "",
                *table,
            ]
    lines += ["", "## By tag (passed/items)", "", *group_table(report, "tags")]
    lines += ["", "## By kind (passed/items)", "", *group_table(report, "kind")]
    for s in report.suites.values():
        table = suite_groups(s, "tags")
        if table:
            lines += ["", f"### By tag in {s.name}", "", *table]
    lines += ["", "## Fingerprints", "", "| suite | " + " | ".join(_FP_KEYS) + " |"]
    lines.append("|---|" + "---|" * len(_FP_KEYS))
    for s in report.suites.values():
        lines.append(
            f"| {s.name} | " + " | ".join(f"`{s.fingerprint.get(k, '—')}`" for k in _FP_KEYS) + " |"
        )
    for s in report.suites.values():
        lines += _suite_failures(s, result)
    return "\n".join(lines).rstrip() + "\n"


_FP_KEYS = ("index", "config", "settings", "answerer", "calibration", "points", "items")


def _suite_failures(suite: SuiteResult, result: GateResult) -> list[str]:
    failing = suite.failing()
    lines = ["", f"## Failing in {suite.name} ({len(failing)} of {len(suite.items)})", ""]
    lines += [f"- warning: {w}" for w in suite.warnings]
    if suite.warnings:
        lines.append("")
    if not failing:
        return [*lines, "None."]
    flipped = set(result.flipped.get(suite.name, []))
    allowed = result.allowed.get(suite.name, {})
    for q in failing:
        mark = ""
        if q["id"] in allowed:
            mark = " — newly failing, **allowed**"
        elif q["id"] in flipped:
            mark = " — **newly failing**"
        lines += (_qa_failure if suite.kind == "qa" else _brief_failure)(q, mark)
    return lines


_SUMMARY_METRICS = {
    "qa": (
        "pass_rate",
        "false_abstention_rate",
        "abstention_accuracy",
        "facts_recall",
        "facts_complete",
        "citation_precision",
        "citation_recall",
        "standalone_invariance",
        "recall@5",
        "mrr",
        "latency_p50_ms",
    ),
    "brief": (
        "pass_rate",
        "fact_coverage",
        "redundancy",
        "points_ok",
        "words_ok",
        "points_cited",
        "citations_verbatim",
        "abstention_accuracy",
        "latency_p50_ms",
    ),
}


def render_summary(report: RunReport, baseline: dict[str, Any] | None, result: GateResult) -> str:
    """A short plain-text summary for the terminal: key metrics per suite, then the verdict."""
    out: list[str] = []
    for kind, names in _SUMMARY_METRICS.items():
        suites = [s for s in report.suites.values() if s.kind == kind]
        if not suites:
            continue
        width = max(len(n) for n in names)
        out.append(f"{'':<{width}}  " + "  ".join(f"{s.name:>20}" for s in suites))
        for name in names:
            unit = " ms" if name.endswith("_ms") else ""
            cells = []
            for s in suites:
                current = s.metrics.get(name)
                cell = _fmt(current, unit) + _delta(
                    current, _stored_metric(baseline, s.name, name), unit
                )
                cells.append(f"{cell:>20}")
            out.append(f"{name:<{width}}  " + "  ".join(cells))
        out.append(
            f"{'passed':<{width}}  "
            + "  ".join(f"{f'{sum(s.passes.values())}/{len(s.items)}':>20}" for s in suites)
        )
        out.append("")
    for suite, ids in result.flipped.items():
        out.append(f"newly failing in {suite}: {', '.join(ids)}")
    for suite, ids in result.fixed.items():
        out.append(f"newly passing in {suite}: {', '.join(ids)}")
    out += [f"note: {n}" for n in report.meta.get("notes", [])]
    out += [f"warning: {w}" for w in result.warnings]
    if not result.compared:
        out.append("no baseline: nothing compared")
    elif result.passed:
        out.append("gate: PASS")
    else:
        out.append("gate: FAIL")
        out += [f"  {f.message}" for f in result.failures]
    return "\n".join(out)


def report_dict(report: RunReport, result: GateResult) -> dict[str, Any]:
    return {**report.as_dict(), "gate": result.as_dict()}


def write_report(
    folder: str | Path, report: RunReport, baseline: dict[str, Any] | None, result: GateResult
) -> tuple[Path, Path]:
    """Write ``report.json`` and ``report.md`` into ``folder``; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    json_path, md_path = folder / "report.json", folder / "report.md"
    data = report_dict(report, result)
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(report, baseline, result), encoding="utf-8")
    return json_path, md_path
