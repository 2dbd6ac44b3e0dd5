"""Evaluation: Q&A and briefing suites on dev and test splits of each document, a report that
shows them side by side, and a gate against a stored baseline.

Modules, by job: ``items`` (item schemas, suites, loading), ``metrics`` (pure metric
functions), ``qa`` and ``briefs`` (scoring one suite), ``runner`` (each document's own
assistant, running suites), ``gate`` (baseline, allow-list, the rules), ``report`` (Markdown,
JSON, terminal summary). See ``eval/README.md`` for the splits, metrics and gate rules.

Example:
    >>> suites, notes = select_suites([], briefs=hasattr(Assistant, "brief"))
    >>> report = run_suites(suites, DocumentBots(Settings()), notes=notes)
    >>> baseline = load_baseline("eval/baseline.json")
    >>> result = gate(report, baseline, load_allow_list("eval/allow.yaml"))
    >>> result.passed, [f.message for f in result.failures]
"""

from briefing_bot.evaluation.briefs import evaluate_briefs, score_briefing
from briefing_bot.evaluation.gate import (
    BASELINE_FORMAT,
    AllowList,
    Failure,
    GateResult,
    gate,
    load_allow_list,
    load_baseline,
    make_baseline,
    write_baseline,
)
from briefing_bot.evaluation.items import (
    EVAL_DIR,
    SUITES,
    BriefItem,
    EvaluationError,
    QAItem,
    Suite,
    adhoc_suite,
    load_briefs,
    load_qa,
    select_suites,
)
from briefing_bot.evaluation.metrics import (
    citation_precision,
    citation_recall,
    contains_quote,
    facts_found,
    facts_recall,
    normalize_answer,
    normalize_space,
    redundancy,
    repeats,
    retrieval_scores,
    strip_markers,
    token_f1,
)
from briefing_bot.evaluation.qa import evaluate_qa, score_question
from briefing_bot.evaluation.report import render_markdown, render_summary, write_report
from briefing_bot.evaluation.results import RunReport, SuiteResult
from briefing_bot.evaluation.runner import DocumentBots, run_suites, settings_fingerprint

__all__ = [
    "BASELINE_FORMAT",
    "EVAL_DIR",
    "SUITES",
    "AllowList",
    "BriefItem",
    "DocumentBots",
    "EvaluationError",
    "Failure",
    "GateResult",
    "QAItem",
    "RunReport",
    "Suite",
    "SuiteResult",
    "adhoc_suite",
    "citation_precision",
    "citation_recall",
    "contains_quote",
    "evaluate_briefs",
    "evaluate_qa",
    "facts_found",
    "facts_recall",
    "gate",
    "load_allow_list",
    "load_baseline",
    "load_briefs",
    "load_qa",
    "make_baseline",
    "normalize_answer",
    "normalize_space",
    "redundancy",
    "render_markdown",
    "render_summary",
    "repeats",
    "retrieval_scores",
    "run_suites",
    "score_briefing",
    "score_question",
    "select_suites",
    "settings_fingerprint",
    "strip_markers",
    "token_f1",
    "write_baseline",
    "write_report",
]
